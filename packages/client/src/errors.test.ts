import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { errorFromReply, errorFromResponse, parseRetryAfter, ParloirApiError, readErrorPayload } from './errors.ts'

describe('errorFromResponse', () => {
  test("reads code, message and details from the server's error shape", () => {
    const body = JSON.stringify({ error: { code: 'CONVERSATION_CLOSED', message: 'Closed.', details: { conversationId: '7' } } })
    const error = errorFromResponse(409, body)
    assert.ok(error instanceof ParloirApiError)
    assert.ok(error instanceof Error)
    assert.equal(error.status, 409)
    assert.equal(error.code, 'CONVERSATION_CLOSED')
    assert.equal(error.message, 'Closed.')
    assert.deepEqual(error.details, { conversationId: '7' })
    assert.equal(error.retryAfterMs, undefined)
  })

  test('takes retryAfterMs from details before the coarser Retry-After header', () => {
    const body = JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Slow down.', details: { retryAfterMs: 1234 } } })
    assert.equal(errorFromResponse(429, body, '2').retryAfterMs, 1234)
    const bare = JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Slow down.' } })
    assert.equal(errorFromResponse(429, bare, '2').retryAfterMs, 2000)
  })

  test('a body that is not Parloir JSON gives HTTP_<status>', () => {
    for (const body of ['<html>Bad gateway</html>', '', '{"message":"nope"}', '{"error":"x"}', 'null']) {
      const error = errorFromResponse(502, body)
      assert.equal(error.code, 'HTTP_502')
      assert.equal(error.status, 502)
      assert.equal(error.details, undefined)
    }
  })

  test('ignores details that are not an object', () => {
    const error = errorFromResponse(400, JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: 'm', details: [1] } }))
    assert.equal(error.code, 'VALIDATION_FAILED')
    assert.equal(error.details, undefined)
  })
})

describe('parseRetryAfter', () => {
  test('reads seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('3'), 3000)
    const now = Date.UTC(2026, 0, 1, 0, 0, 0)
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000)
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now), 0)
  })

  test('is undefined when absent or unreadable', () => {
    assert.equal(parseRetryAfter(null), undefined)
    assert.equal(parseRetryAfter(undefined), undefined)
    assert.equal(parseRetryAfter(''), undefined)
    assert.equal(parseRetryAfter('soon'), undefined)
  })
})

describe('readErrorPayload', () => {
  test('needs a string code and message', () => {
    assert.deepEqual(readErrorPayload({ error: { code: 'X', message: 'y' } }), { code: 'X', message: 'y' })
    assert.equal(readErrorPayload({ error: { code: 1, message: 'y' } }), undefined)
    assert.equal(readErrorPayload({ error: { code: 'X' } }), undefined)
  })
})

describe('errorFromReply', () => {
  test("gives a stream reply's error the catalogue status and its retry delay", () => {
    const error = errorFromReply({ code: 'RATE_LIMITED', message: 'Too many.', details: { retryAfterMs: 2500 } })
    assert.equal(error.status, 429)
    assert.equal(error.code, 'RATE_LIMITED')
    assert.equal(error.retryAfterMs, 2500)
  })

  test('an unknown code keeps its name with status 0', () => {
    const error = errorFromReply({ code: 'SOMETHING_NEW', message: 'New.' })
    assert.equal(error.status, 0)
    assert.equal(error.code, 'SOMETHING_NEW')
  })
})
