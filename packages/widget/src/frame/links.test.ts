import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { segments } from './links.ts'

describe('links in the chat frame', () => {
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
