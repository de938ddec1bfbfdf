import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { codePointLength, extractEntities } from './entities.ts'

describe('extractEntities', () => {
  test('finds a link, a mention and a hashtag with their ranges', () => {
    const e = extractEntities('Hi @ada, see https://northwind.example/menu. #coffee')
    assert.deepEqual(e.mentions, [{ handle: 'ada', start: 3, end: 7 }])
    assert.deepEqual(e.urls, [{ url: 'https://northwind.example/menu', start: 13, end: 43 }])
    assert.deepEqual(e.hashtags, [{ tag: 'coffee', start: 45, end: 52 }])
  })

  test('counts ranges in code points, so emoji before an entity count once', () => {
    const e = extractEntities('☕🙂 #café')
    assert.deepEqual(e.hashtags, [{ tag: 'café', start: 3, end: 8 }])
  })

  test('ignores an email address, a number sign alone and mentions inside links', () => {
    const e = extractEntities('mail chloe@example.com, order #123, https://x.example/@ben')
    assert.deepEqual(e.mentions, [])
    assert.deepEqual(e.hashtags, [])
    assert.equal(e.urls.length, 1)
  })

  test('returns empty lists for empty text', () => {
    assert.deepEqual(extractEntities(''), { urls: [], mentions: [], hashtags: [] })
  })
})

test('codePointLength counts an emoji as one character', () => {
  assert.equal(codePointLength('a🙂b'), 3)
  assert.equal('a🙂b'.length, 4)
})
