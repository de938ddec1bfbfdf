import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ServerFrame } from '@parloir/protocol'
import { ParloirApiError, ParloirStreamError } from './errors.ts'
import { ParloirStream, reconnectDelayMs, type StreamOptions, type WebSocketLike } from './stream.ts'

/** A browser-style WebSocket driven by the test: it plays the server. */
class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = []
  readyState = 0
  sent: Array<Record<string, unknown>> = []
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null

  constructor(readonly url: string) { FakeSocket.all.push(this) }
  send(data: string): void { this.sent.push(JSON.parse(data) as Record<string, unknown>) }
  close(code = 1000, reason = ''): void { this.drop(code, reason) }

  open(): void { this.readyState = 1; this.onopen?.({}) }
  frame(frame: ServerFrame): void { this.onmessage?.({ data: JSON.stringify(frame) }) }
  drop(code: number, reason = ''): void {
    if (this.readyState === 3) return
    this.readyState = 3
    this.onclose?.({ code, reason })
  }
}

const message = (seq: number) => ({
  id: String(100 + seq), conversationId: '7', seq, senderId: '1', kind: 'text' as const, text: `m${seq}`,
  entities: { urls: [], mentions: [], hashtags: [] }, quickReply: null, quickReplyResponse: null, buttons: [], attachment: null,
  system: null, customProfile: null, automation: null, clientMessageId: null, createdAt: '2026-11-22T09:00:00.000Z', unsentAt: null,
})
const created = (cursor: number, seq: number): ServerFrame => ({ name: 'message.created', cursor, data: { message: message(seq) } })

const streams: ParloirStream[] = []
function openStream(options: StreamOptions = {}): ParloirStream {
  const stream = new ParloirStream({ baseUrl: 'http://chat.test', token: undefined }, { WebSocket: FakeSocket, backoff: { initialMs: 1, maxMs: 2 }, ...options })
  streams.push(stream)
  return stream
}
const latestSocket = (): FakeSocket => {
  const socket = FakeSocket.all.at(-1)
  assert.ok(socket, 'a socket was opened')
  return socket
}
/** The constructor runs on the next turn of the event loop. */
const nextSocket = async (count: number): Promise<FakeSocket> => {
  for (let i = 0; i < 100 && FakeSocket.all.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 2))
  assert.equal(FakeSocket.all.length, count)
  return latestSocket()
}

afterEach(async () => {
  for (const stream of streams.splice(0)) await stream.close()
  FakeSocket.all = []
})

describe('reconnectDelayMs', () => {
  test('doubles from initialMs up to maxMs, with half of it random', () => {
    const backoff = { initialMs: 100, maxMs: 1_000 }
    assert.equal(reconnectDelayMs(1, backoff, () => 0), 50)
    assert.equal(reconnectDelayMs(1, backoff, () => 1), 100)
    assert.equal(reconnectDelayMs(3, backoff, () => 1), 400)
    assert.equal(reconnectDelayMs(10, backoff, () => 1), 1_000)
    assert.equal(reconnectDelayMs(10, backoff, () => 0), 500)
    for (let attempt = 1; attempt < 40; attempt++) {
      const delay = reconnectDelayMs(attempt, backoff)
      assert.ok(delay >= 50 && delay <= 1_000, `attempt ${attempt}: ${delay}`)
    }
  })
})

describe('when connected', () => {
  test('goes live on stream.ready and hands out typed events, tracking the cursor', async () => {
    const stream = openStream()
    const states: string[] = []
    stream.on('state', (change) => states.push(change.state))
    const socket = await nextSocket(1)
    assert.equal(socket.url, 'ws://chat.test/api/v1/stream')
    assert.equal(stream.state, 'connecting')
    socket.open()
    socket.frame({ name: 'stream.ready', cursor: 10, heartbeatMs: 25_000 })
    assert.equal(stream.state, 'live')
    assert.equal(stream.cursor, 10)
    const texts: string[] = []
    stream.on('message.created', (data, event) => texts.push(`${data.message.text}@${event.cursor}`))
    socket.frame(created(11, 1))
    socket.frame({ name: 'typing.started', data: { conversationId: '7', accountId: '2', expiresInMs: 5000 } })
    assert.deepEqual(texts, ['m1@11'])
    assert.equal(stream.cursor, 11, 'an ephemeral event does not move the cursor')
    assert.deepEqual(states, ['live'])
  })

  test('drops an event it already has (cursor not past the last one)', async () => {
    const stream = openStream()
    const socket = await nextSocket(1)
    socket.open()
    socket.frame({ name: 'stream.ready', cursor: 10, heartbeatMs: 25_000 })
    const cursors: number[] = []
    stream.on('event', (event) => cursors.push(event.cursor ?? -1))
    for (const cursor of [11, 11, 9, 12]) socket.frame(created(cursor, cursor))
    assert.deepEqual(cursors, [11, 12])
  })

  test('surfaces stream.resync and carries on from its cursor', async () => {
    const stream = openStream({ cursor: 500 })
    const socket = await nextSocket(1)
    assert.equal(socket.url, 'ws://chat.test/api/v1/stream?cursor=500')
    socket.open()
    const resync = stream.waitFor('resync')
    socket.frame({ name: 'stream.resync', cursor: 20, reason: 'cursor_too_old' })
    assert.deepEqual(await resync, { cursor: 20, reason: 'cursor_too_old' })
    socket.frame({ name: 'stream.ready', cursor: 20, heartbeatMs: 25_000 })
    assert.equal(stream.cursor, 20)
  })

  test('gives each request an id and settles it from the matching reply', async () => {
    const stream = openStream()
    const socket = await nextSocket(1)
    socket.open()
    const typing = stream.typing('7')
    const read = stream.read('7', 3)
    const [typingFrame, readFrame] = socket.sent
    assert.equal(typingFrame?.op, 'typing')
    assert.equal(readFrame?.op, 'read')
    assert.notEqual(typingFrame?.id, readFrame?.id)
    socket.frame({ name: 'reply', id: String(readFrame?.id), ok: true })
    socket.frame({ name: 'reply', id: String(typingFrame?.id), ok: false, error: { code: 'RATE_LIMITED', message: 'Slow.', details: { retryAfterMs: 900 } } })
    await read
    await assert.rejects(typing, (error: unknown) => error instanceof ParloirApiError && error.code === 'RATE_LIMITED' && error.status === 429 && error.retryAfterMs === 900)
  })

  test('a request with no connection fails at once', async () => {
    const stream = openStream()
    await assert.rejects(stream.ping(), (error: unknown) => error instanceof ParloirStreamError && error.code === 'NOT_CONNECTED')
  })

  test('the async iterator yields events in order and ends on close', async () => {
    const stream = openStream()
    const socket = await nextSocket(1)
    socket.open()
    socket.frame({ name: 'stream.ready', cursor: 0, heartbeatMs: 25_000 })
    const seen: number[] = []
    const done = (async () => { for await (const event of stream) seen.push(event.cursor ?? -1) })()
    socket.frame(created(1, 1))
    socket.frame(created(2, 2))
    await new Promise((resolve) => setImmediate(resolve))
    await stream.close()
    await done
    assert.deepEqual(seen, [1, 2])
    assert.equal(stream.state, 'closed')
    assert.equal(stream.closeReason, 'closed')
  })
})

describe('sending messages', () => {
  const live = async (options: StreamOptions = {}, actAs?: string) => {
    const stream = new ParloirStream({ baseUrl: 'http://chat.test', token: undefined, actAs }, { WebSocket: FakeSocket, backoff: { initialMs: 1, maxMs: 2 }, ...options })
    streams.push(stream)
    const socket = await nextSocket(1)
    socket.open()
    socket.frame({ name: 'stream.ready', cursor: 0, heartbeatMs: 25_000 })
    return { stream, socket }
  }

  test('sends the REST body in a send frame and resolves with the message of its reply', async () => {
    const { stream, socket } = await live()
    const first = stream.send('7', 'Hello Ben')
    const second = stream.send('7', { text: 'Order #12', clientMessageId: 'order-12', buttons: [{ type: 'web_url', label: 'Track', url: 'https://northwind.example/12' }] })
    const [a, b] = socket.sent
    assert.deepEqual(a, { op: 'send', conversationId: '7', text: 'Hello Ben', id: a?.id })
    assert.deepEqual(b, { op: 'send', conversationId: '7', text: 'Order #12', clientMessageId: 'order-12', buttons: [{ type: 'web_url', label: 'Track', url: 'https://northwind.example/12' }], id: b?.id })
    // Pipelined: answered in commit order, which need not be the order sent.
    socket.frame({ name: 'reply', id: String(b?.id), ok: true, data: { message: message(2), created: true } })
    socket.frame({ name: 'reply', id: String(a?.id), ok: true, data: { message: message(1), created: true } })
    assert.deepEqual(await first, message(1))
    assert.deepEqual(await second, message(2))
  })

  test('rejects with the ParloirApiError REST would throw', async () => {
    const { stream, socket } = await live()
    const sent = stream.send('7', { text: 'Order #13', clientMessageId: 'order-12' })
    socket.frame({ name: 'reply', id: String(socket.sent[0]?.id), ok: false, error: { code: 'IDEMPOTENCY_CONFLICT', message: 'Used.', details: { messageId: '101' } } })
    await assert.rejects(sent, (error: unknown) => error instanceof ParloirApiError && error.code === 'IDEMPOTENCY_CONFLICT' && error.status === 409 && error.details?.messageId === '101')
  })

  test("acts as the client's brand unless told otherwise", async () => {
    const { stream, socket } = await live({}, '42')
    stream.send('7', 'as the brand').catch(() => undefined)
    stream.send('7', 'as myself', { actAs: '1' }).catch(() => undefined)
    assert.deepEqual(socket.sent.map((f) => f.actAs), ['42', '1'])
  })

  test('fails sends in flight when the stream drops or is closed', async () => {
    const { stream, socket } = await live()
    const dropped = stream.send('7', 'lost on the way?')
    socket.drop(1006)
    await assert.rejects(dropped, (error: unknown) => error instanceof ParloirStreamError && error.code === 'DISCONNECTED')
    const again = await nextSocket(2)
    again.open()
    again.frame({ name: 'stream.ready', cursor: 0, heartbeatMs: 25_000 })
    const closing = stream.send('7', 'and this one?')
    await stream.close()
    await assert.rejects(closing, (error: unknown) => error instanceof ParloirStreamError && error.code === 'DISCONNECTED')
    await assert.rejects(stream.send('7', 'after'), (error: unknown) => error instanceof ParloirStreamError && error.code === 'NOT_CONNECTED')
  })

  test('refuses a frame over maxFrameBytes with BODY_TOO_LARGE instead of having the server close the stream', async () => {
    const { stream, socket } = await live({ maxFrameBytes: 1_000 })
    await assert.rejects(stream.send('7', 'é'.repeat(500)), (error: unknown) => error instanceof ParloirApiError && error.code === 'BODY_TOO_LARGE' && error.status === 413)
    assert.equal(socket.sent.length, 0)
    assert.equal(stream.state, 'live')
  })
})

describe('when the connection drops', () => {
  test('reconnects with the last cursor and fails the requests in flight', async () => {
    const stream = openStream()
    const first = await nextSocket(1)
    first.open()
    first.frame({ name: 'stream.ready', cursor: 3, heartbeatMs: 25_000 })
    first.frame(created(4, 1))
    const inFlight = stream.ping()
    const states: string[] = []
    stream.on('state', (change) => states.push(change.state))
    first.drop(1006)
    await assert.rejects(inFlight, (error: unknown) => error instanceof ParloirStreamError && error.code === 'DISCONNECTED')
    assert.equal(stream.state, 'reconnecting')
    const second = await nextSocket(2)
    assert.equal(second.url, 'ws://chat.test/api/v1/stream?cursor=4')
    second.open()
    const ready = stream.waitFor('ready')
    second.frame({ name: 'stream.ready', cursor: 4, heartbeatMs: 25_000 })
    assert.deepEqual(await ready, { cursor: 4, heartbeatMs: 25_000, resumedFrom: 4 })
    assert.deepEqual(states, ['reconnecting', 'live'])
  })

  test('does not reconnect after close code 4001 (session revoked)', async () => {
    const stream = openStream()
    const socket = await nextSocket(1)
    socket.open()
    socket.frame({ name: 'stream.ready', cursor: 0, heartbeatMs: 25_000 })
    const closed = stream.waitFor('state', { filter: (change) => change.state === 'closed' })
    socket.drop(4001, 'session revoked')
    assert.deepEqual(await closed, { state: 'closed', previous: 'live', reason: 'revoked' })
    assert.equal(stream.closeReason, 'revoked')
    await new Promise((resolve) => setTimeout(resolve, 20))
    assert.equal(FakeSocket.all.length, 1, 'no new socket')
  })

  test('drops a server silent for two heartbeats and reconnects', async () => {
    const stream = openStream()
    const first = await nextSocket(1)
    first.open()
    first.frame({ name: 'stream.ready', cursor: 8, heartbeatMs: 20 })
    const started = Date.now()
    const disconnect = await stream.waitFor('disconnect')
    assert.ok(Date.now() - started >= 35, 'waited about two heartbeats')
    assert.equal(disconnect.willReconnect, true)
    assert.match(disconnect.reason, /no frame/)
    const second = await nextSocket(2)
    assert.equal(second.url, 'ws://chat.test/api/v1/stream?cursor=8')
  })

  test('heartbeats keep a quiet stream alive', async () => {
    const stream = openStream()
    const socket = await nextSocket(1)
    socket.open()
    // 6 × 50 ms is past two heartbeats (200 ms), so only the heartbeats keep it live; each gap
    // leaves 150 ms for a loaded machine before the stream would rightly call the server silent.
    socket.frame({ name: 'stream.ready', cursor: 0, heartbeatMs: 100 })
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      socket.frame({ name: 'heartbeat', at: new Date().toISOString() })
    }
    assert.equal(stream.state, 'live')
    assert.equal(FakeSocket.all.length, 1)
  })

  test('with reconnect off, closes as disconnected', async () => {
    const stream = openStream({ reconnect: false })
    const socket = await nextSocket(1)
    socket.open()
    socket.drop(1001, 'going away')
    assert.equal(stream.state, 'closed')
    assert.equal(stream.closeReason, 'disconnected')
  })
})
