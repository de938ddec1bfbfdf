import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { segmentText } from './links.ts'

const none = { urls: [], mentions: [], hashtags: [] }

describe('segmentText', () => {
  test('splits text at links, mentions and hashtags, and loses no character', () => {
    const text = 'Hi @ben, see https://northwind.example/guji #coffee!'
    const segments = segmentText(text, {
      urls: [{ url: 'https://northwind.example/guji', start: 13, end: 43 }],
      mentions: [{ handle: 'ben', start: 3, end: 7 }],
      hashtags: [{ tag: 'coffee', start: 44, end: 51 }],
    })
    assert.deepEqual(segments.map((s) => s.kind), ['text', 'mention', 'text', 'link', 'text', 'hashtag', 'text'])
    assert.equal(segments.map((s) => s.text).join(''), text)
    assert.deepEqual(segments[3], { kind: 'link', text: 'https://northwind.example/guji', href: 'https://northwind.example/guji' })
  })

  test('counts ranges in code points, so emoji before an entity do not shift it', () => {
    const text = '👋🏽 @ada ☕ #decaf'
    const segments = segmentText(text, { urls: [], mentions: [{ handle: 'ada', start: 3, end: 7 }], hashtags: [{ tag: 'decaf', start: 10, end: 16 }] })
    assert.deepEqual(segments.filter((s) => s.kind !== 'text').map((s) => s.text), ['@ada', '#decaf'])
    assert.equal(segments.map((s) => s.text).join(''), text)
  })

  test('leaves unsafe links, overlapping or out-of-range entities as plain text', () => {
    const text = 'javascript:alert(1) and more'
    const segments = segmentText(text, {
      urls: [{ url: 'javascript:alert(1)', start: 0, end: 19 }, { url: 'https://x.example', start: 100, end: 120 }],
      mentions: [{ handle: 'x', start: 5, end: 9 }, { handle: '<b>', start: 20, end: 23 }],
      hashtags: [{ tag: 'more', start: -1, end: 2 }, { tag: 'elsewhere', start: 24, end: 28 }],
    })
    assert.deepEqual(segments, [{ kind: 'text', text }])
  })

  test('only http and https links are made: mailto, tel and addresses with credentials stay text', () => {
    const text = 'mail a@b.example or https://user:pass@evil.example'
    const segments = segmentText(text, {
      urls: [{ url: 'mailto:a@b.example', start: 5, end: 16 }, { url: 'https://user:pass@evil.example', start: 20, end: 50 }],
      mentions: [], hashtags: [],
    })
    assert.deepEqual(segments, [{ kind: 'text', text }])
  })

  test('markup is just text', () => {
    const text = '<img src=x onerror=alert(1)>'
    assert.deepEqual(segmentText(text, none), [{ kind: 'text', text }])
  })
})
