import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { segments, telHref, webHref } from './links.ts'

describe('links in the chat frame', () => {
  test('only http and https links become links; everything else stays text', () => {
    assert.equal(webHref('https://northwind.example/track?o=4512'), 'https://northwind.example/track?o=4512')
    assert.equal(webHref('www.northwind.example'), 'https://www.northwind.example/')
    for (const hostile of ['javascript:alert(1)', 'java\tscript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', '/api/v1/me', '//evil.example', 'http://', 'https:// x', 'mailto:a@b.c', '\u0000https://x.example']) {
      assert.equal(webHref(hostile), null, hostile)
    }
  })

  test('a phone number becomes a tel: link of its digits; anything else none', () => {
    assert.equal(telHref('+33 1 23 45 67 89'), 'tel:+33123456789')
    assert.equal(telHref('(555) 010-9999'), 'tel:5550109999')
    assert.equal(telHref('12'), null)
    assert.equal(telHref('call me'), null)
  })

  test('text splits at its URL entities, counted in code points; overlapping, outside or unsafe ones stay text', () => {
    const text = '☕ see https://northwind.example and javascript:x'
    const start = Array.from(text).indexOf('h')
    const entities = {
      urls: [
        { url: 'https://northwind.example', start, end: start + 25 },
        { url: 'https://overlap.example', start: start + 3, end: start + 10 },
        { url: 'javascript:x', start: start + 30, end: start + 42 },
        { url: 'https://outside.example', start: 40, end: 400 },
      ],
      mentions: [], hashtags: [],
    }
    assert.deepEqual(segments(text, entities), [
      { text: '☕ see ' },
      { text: 'https://northwind.example', href: 'https://northwind.example/' },
      { text: ' and javascript:x' },
    ])
    assert.deepEqual(segments('plain', null), [{ text: 'plain' }])
    assert.deepEqual(segments('', null), [])
  })
})
