import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { buildUrl, encodeQuery, fillPath, joinUrl, streamUrl } from './urls.ts'

describe('fillPath', () => {
  test('substitutes each :param', () => {
    assert.equal(fillPath('/api/v1/conversations/:conversationId/messages/:messageId/unsend', { conversationId: '12', messageId: '34' }),
      '/api/v1/conversations/12/messages/34/unsend')
  })

  test('percent-encodes values so an id cannot add a segment or a query', () => {
    assert.equal(fillPath('/api/v1/accounts/by-handle/:handle', { handle: '../x?y=1#z' }), '/api/v1/accounts/by-handle/..%2Fx%3Fy%3D1%23z')
  })

  test('throws on a missing or empty param instead of calling the wrong route', () => {
    assert.throws(() => fillPath('/api/v1/conversations/:conversationId', {}), /conversationId/)
    assert.throws(() => fillPath('/api/v1/conversations/:conversationId', { conversationId: '' }), /conversationId/)
    assert.throws(() => fillPath('/api/v1/conversations/:conversationId', undefined), /conversationId/)
  })
})

describe('encodeQuery', () => {
  test('leaves out undefined and null and encodes the rest', () => {
    assert.equal(encodeQuery({ box: 'requests', before: undefined, limit: 20, q: null }), '?box=requests&limit=20')
    assert.equal(encodeQuery({ name: 'a b&c=d.png' }), '?name=a+b%26c%3Dd.png')
  })

  test('repeats the key for arrays, and is empty with nothing to say', () => {
    assert.equal(encodeQuery({ id: ['1', '2'] }), '?id=1&id=2')
    assert.equal(encodeQuery({}), '')
    assert.equal(encodeQuery(undefined), '')
    assert.equal(encodeQuery({ a: undefined }), '')
  })
})

describe('buildUrl', () => {
  test('joins base, path and query whether or not the base ends with a slash', () => {
    assert.equal(buildUrl('http://127.0.0.1:3000/', '/api/v1/conversations/:conversationId/messages', { conversationId: '5' }, { afterSeq: 0, limit: 2 }),
      'http://127.0.0.1:3000/api/v1/conversations/5/messages?afterSeq=0&limit=2')
    assert.equal(joinUrl('https://example.com/parloir', '/api/v1/me'), 'https://example.com/parloir/api/v1/me')
  })
})

describe('streamUrl', () => {
  test('turns http into ws and https into wss, keeping a path prefix', () => {
    assert.equal(streamUrl('http://127.0.0.1:3000'), 'ws://127.0.0.1:3000/api/v1/stream')
    assert.equal(streamUrl('https://example.com/parloir/'), 'wss://example.com/parloir/api/v1/stream')
  })

  test('carries the cursor to resume from, including 0', () => {
    assert.equal(streamUrl('http://h', 42), 'ws://h/api/v1/stream?cursor=42')
    assert.equal(streamUrl('http://h', 0), 'ws://h/api/v1/stream?cursor=0')
  })

  test('refuses another scheme', () => {
    assert.throws(() => streamUrl('ftp://h'), /http/)
  })
})
