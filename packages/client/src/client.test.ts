import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirClient } from './client.ts'
import { ParloirApiError } from './errors.ts'

interface Seen { url: string; method: string; headers: Record<string, string>; body: unknown }

/** A fetch that records each request and answers from `answer`. */
function fakeFetch(answer: (seen: Seen) => Response) {
  const seen: Seen[] = []
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request: Seen = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string> | undefined) },
      body: init?.body,
    }
    seen.push(request)
    return answer(request)
  }
  return { seen, fetch: fetch as typeof globalThis.fetch }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

const session = { id: '9', token: 'tok_abcdefghijklmnop', csrfToken: 'csrf_1', expiresAt: '2026-12-01T00:00:00.000Z' }

describe('call', () => {
  test('fills path params, encodes the query and sends the bearer token', async () => {
    const { seen, fetch } = fakeFetch(() => json(200, { messages: [], hasMore: false }))
    const client = new ParloirClient({ baseUrl: 'http://api.test/', token: 'tok', fetch })
    const reply = await client.call('listMessages', { params: { conversationId: '42' }, query: { afterSeq: 3, limit: 10 } })
    assert.deepEqual(reply, { messages: [], hasMore: false })
    assert.equal(seen[0]?.url, 'http://api.test/api/v1/conversations/42/messages?afterSeq=3&limit=10')
    assert.equal(seen[0]?.method, 'GET')
    assert.equal(seen[0]?.headers.authorization, 'Bearer tok')
    assert.equal(seen[0]?.headers['parloir-act-as'], undefined)
  })

  test('sends a JSON body and the act-as header of a brand', async () => {
    const { seen, fetch } = fakeFetch(() => json(201, { id: '1' }))
    const client = new ParloirClient({ baseUrl: 'http://api.test', token: 'tok', actAs: '777', fetch })
    await client.sendMessage('42', { text: 'Hello', clientMessageId: 'c-1' })
    assert.equal(seen[0]?.method, 'POST')
    assert.equal(seen[0]?.headers['content-type'], 'application/json')
    assert.equal(seen[0]?.headers['parloir-act-as'], '777')
    assert.deepEqual(JSON.parse(String(seen[0]?.body)), { text: 'Hello', clientMessageId: 'c-1' })
    const asSelf = client.withActAs(undefined)
    await asSelf.sendMessage('42', 'Hi')
    assert.equal(seen[1]?.headers['parloir-act-as'], undefined)
    assert.equal(seen[1]?.headers.authorization, 'Bearer tok')
    assert.deepEqual(JSON.parse(String(seen[1]?.body)), { text: 'Hi' })
  })

  test('answers undefined for 204', async () => {
    const { seen, fetch } = fakeFetch(() => new Response(null, { status: 204 }))
    const client = new ParloirClient({ baseUrl: 'http://api.test', token: 'tok', fetch })
    assert.equal(await client.markRead('5', 3), undefined)
    assert.equal(seen[0]?.url, 'http://api.test/api/v1/conversations/5/read')
    assert.deepEqual(JSON.parse(String(seen[0]?.body)), { seq: 3 })
  })

  test("throws ParloirApiError built from the server's error body", async () => {
    const { fetch } = fakeFetch(() => json(429, { error: { code: 'RATE_LIMITED', message: 'Too many requests.', details: { retryAfterMs: 1500 } } }, { 'retry-after': '2' }))
    const client = new ParloirClient({ baseUrl: 'http://api.test', token: 'tok', fetch })
    await assert.rejects(client.typing('5'), (error: unknown) => {
      assert.ok(error instanceof ParloirApiError)
      assert.equal(error.status, 429)
      assert.equal(error.code, 'RATE_LIMITED')
      assert.equal(error.retryAfterMs, 1500)
      assert.deepEqual(error.details, { retryAfterMs: 1500 })
      return true
    })
  })
})

describe('sessions', () => {
  test('login keeps the token and CSRF token, logout forgets them', async () => {
    const { seen, fetch } = fakeFetch((request) => (request.url.endsWith('/logout') ? new Response(null, { status: 204 }) : json(200, { me: {}, session })))
    const client = new ParloirClient({ baseUrl: 'http://api.test', fetch })
    await client.login({ handle: 'ada', password: 'correct horse battery' })
    assert.equal(seen[0]?.headers.authorization, undefined)
    assert.equal(client.token, session.token)
    await client.logout()
    assert.equal(seen[1]?.headers.authorization, `Bearer ${session.token}`)
    assert.equal(seen[1]?.headers['x-csrf-token'], 'csrf_1')
    assert.equal(client.token, undefined)
    assert.equal(client.csrfToken, undefined)
  })

  test('the CSRF token goes with changes only, never with reads', async () => {
    const { seen, fetch } = fakeFetch(() => json(200, {}))
    const client = new ParloirClient({ baseUrl: 'http://api.test', csrfToken: 'csrf_2', fetch })
    await client.me()
    await client.updateSettings({ sendReadReceipts: false })
    assert.equal(seen[0]?.headers['x-csrf-token'], undefined)
    assert.equal(seen[1]?.headers['x-csrf-token'], 'csrf_2')
    assert.equal(seen[1]?.method, 'PATCH')
  })
})

describe('uploadMedia', () => {
  test('posts the raw bytes with the name in the query', async () => {
    const { seen, fetch } = fakeFetch(() => json(201, { id: '3' }))
    const client = new ParloirClient({ baseUrl: 'http://api.test', token: 'tok', fetch })
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47])
    await client.uploadMedia(bytes, 'cat photo.png')
    assert.equal(seen[0]?.url, 'http://api.test/api/v1/media?name=cat+photo.png')
    assert.equal(seen[0]?.headers['content-type'], 'application/octet-stream')
    assert.equal(seen[0]?.body, bytes)
  })
})

describe('uploadMedia with progress', () => {
  /** An XMLHttpRequest stand-in that reports two progress steps, then answers 201. */
  function fakeXhr(status = 201, body = '{"id":"7"}') {
    const sent: Array<{ method: string; url: string; headers: Record<string, string>; body: unknown }> = []
    class Xhr {
      status = 0
      responseText = ''
      withCredentials = false
      upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null }
      onload: (() => void) | null = null
      onerror: (() => void) | null = null
      onabort: (() => void) | null = null
      #request = { method: '', url: '', headers: {} as Record<string, string>, body: undefined as unknown }
      open(method: string, url: string) { this.#request.method = method; this.#request.url = url }
      setRequestHeader(name: string, value: string) { this.#request.headers[name] = value }
      getResponseHeader() { return null }
      abort() { this.onabort?.() }
      send(requestBody: unknown) {
        this.#request.body = requestBody
        sent.push(this.#request)
        setImmediate(() => {
          this.upload.onprogress?.({ loaded: 2, total: 4, lengthComputable: true })
          this.upload.onprogress?.({ loaded: 4, total: 4, lengthComputable: true })
          this.status = status
          this.responseText = body
          this.onload?.()
        })
      }
    }
    return { sent, Xhr }
  }

  test('reports progress and answers the media, with the same headers as fetch would send', async () => {
    const { sent, Xhr } = fakeXhr()
    const client = new ParloirClient({ baseUrl: 'http://api.test', csrfToken: 'csrf_9', XMLHttpRequest: Xhr })
    const steps: Array<[number, number]> = []
    const media = await client.uploadMedia(new Uint8Array(4), 'a.png', { onProgress: (sent, total) => steps.push([sent, total]) })
    assert.deepEqual(media, { id: '7' })
    assert.deepEqual(steps, [[2, 4], [4, 4]])
    assert.equal(sent[0]?.url, 'http://api.test/api/v1/media?name=a.png')
    assert.equal(sent[0]?.headers['x-csrf-token'], 'csrf_9')
    assert.equal(sent[0]?.headers['content-type'], 'application/octet-stream')
  })

  test('a refused upload rejects with the API error', async () => {
    const { Xhr } = fakeXhr(413, '{"error":{"code":"MEDIA_TOO_LARGE","message":"Too large."}}')
    const client = new ParloirClient({ baseUrl: 'http://api.test', XMLHttpRequest: Xhr })
    await assert.rejects(client.uploadMedia(new Uint8Array(4), 'a.png', { onProgress: () => {} }), (error: unknown) => error instanceof ParloirApiError && error.code === 'MEDIA_TOO_LARGE')
  })

  test('without XMLHttpRequest it uses fetch and reports the end', async () => {
    const { fetch } = fakeFetch(() => json(201, { id: '3' }))
    const client = new ParloirClient({ baseUrl: 'http://api.test', token: 'tok', fetch })
    const steps: Array<[number, number]> = []
    await client.uploadMedia(new Uint8Array(3), 'b.bin', { onProgress: (sent, total) => steps.push([sent, total]) })
    assert.deepEqual(steps, [[3, 3]])
  })
})
