import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import WebSocket from 'ws'
import { ClientFrame, SendFrame, errorCatalogue } from '@parloir/protocol'
import { defaultRateLimits } from '../config.ts'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'
import { checkFrame } from '../realtime/frames.ts'
import { mutatedOf, oneDefectOf, validOf, type SchemaNode } from '@parloir/testing/fuzz/from-schema'
import { FUZZ_SEED, assertErrorObject, fuzzOptions, hostileString, hostileValue, PROTO_KEYS } from '@parloir/testing/fuzz/hostile'

/**
 * Malformed frames on `/api/v1/stream`: each gets a `reply` with `ok: false` and a catalogue
 * code, the socket stays open (but for the documented limits: > 64 KiB closes 1009, past 100
 * frames a minute RATE_LIMITED), and the stream still answers a ping afterwards.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 40) * 8
const REPLY_TIMEOUT_MS = 5_000
const MAX_FRAME_BYTES = 60_000
const UNKNOWN_ID = '1234567890123456789'

type Frame = { name: string; id?: string; ok?: boolean; error?: { code: string; message: string; details?: unknown }; [key: string]: unknown }

/** One stream, its frames queued in arrival order, with a wait that fails instead of hanging. */
class StreamClient {
  readonly #queue: Frame[] = []
  readonly #waiters = new Set<() => void>()
  closed: { code: number; reason: string } | null = null

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      assert.equal(isBinary, false, 'the server sent a binary frame')
      this.#queue.push(JSON.parse(String(data)) as Frame)
      for (const wake of this.#waiters) wake()
    })
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() }
      for (const wake of this.#waiters) wake()
    })
  }

  static async open(port: number, token: string): Promise<StreamClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` } })
    const client = new StreamClient(socket)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    await client.next((f) => f.name === 'stream.ready')
    return client
  }

  /** The first queued frame that matches, waiting for it; fails if the socket closes or nothing comes. */
  async next(match: (frame: Frame) => boolean, timeoutMs = REPLY_TIMEOUT_MS): Promise<Frame> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const index = this.#queue.findIndex(match)
      if (index >= 0) return this.#queue.splice(index, 1)[0] as Frame
      if (this.closed) assert.fail(`stream closed (${this.closed.code} ${this.closed.reason}) while waiting for a frame`)
      const left = deadline - Date.now()
      if (left <= 0) assert.fail(`no frame within ${timeoutMs} ms: the server hung`)
      await new Promise<void>((resolve) => {
        const wake = () => { clearTimeout(timer); this.#waiters.delete(wake); resolve() }
        const timer = setTimeout(wake, left)
        this.#waiters.add(wake)
      })
    }
  }

  /** Sends one frame and waits for the reply to it (events in between are left queued). */
  async request(data: string | Buffer, binary = false): Promise<Frame> {
    this.socket.send(data, { binary })
    return this.next((f) => f.name === 'reply')
  }

  async waitClosed(timeoutMs = REPLY_TIMEOUT_MS): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs
    while (!this.closed) {
      assert.ok(Date.now() < deadline, 'the socket did not close')
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    return this.closed
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return
    const done = new Promise((resolve) => this.socket.once('close', resolve))
    this.socket.close()
    await done
  }
}

const shortenFrame = (data: string) => JSON.stringify(data.length > 300 ? `${data.slice(0, 300)}…` : data)

interface Malformed { label: string; data: string | Buffer; binary: boolean; code: keyof typeof errorCatalogue; id: string }

/** The id the server echoes for a frame: its `id` when it is a JSON object with a string id, cut at 64. */
function echoedId(text: string): string {
  try {
    const frame: unknown = JSON.parse(text)
    const id = typeof frame === 'object' && frame !== null ? (frame as { id?: unknown }).id : undefined
    return typeof id === 'string' ? id.slice(0, 64) : ''
  } catch {
    return ''
  }
}

function malformedFrames(foreignId: string): fc.Arbitrary<Malformed> {
  const text = (data: string, code: Malformed['code'], label: string): Malformed => ({ label, data, binary: false, code, id: code === 'MALFORMED_JSON' ? '' : echoedId(data) })
  const small = (m: Malformed) => Buffer.byteLength(m.data) <= MAX_FRAME_BYTES
  const frameId = fc.option(fc.oneof(fc.string({ maxLength: 64 }), hostileString.filter((s) => s.length <= 64)), { nil: undefined })

  const notJson = fc.oneof(
    fc.constantFrom('', '{', '}', '{"op":', "{'op':'ping'}", '{op:"ping"}', 'undefined', 'NaN', '{"op":"ping"}x', '{"op":"ping"}{"op":"ping"}', '\u0000', '\uFEFF{"op":"ping"}'),
    fc.string({ unit: 'binary', maxLength: 64 }).filter((s) => { try { JSON.parse(s); return false } catch { return true } }),
  ).map((s) => text(s, 'MALFORMED_JSON', 'not JSON'))
  const binary = fc.oneof(
    fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes)),
    fc.constantFrom(Buffer.from('{"op":"ping","id":"bin"}'), Buffer.alloc(0)),
  ).map((data): Malformed => ({ label: 'binary frame', data, binary: true, code: 'MALFORMED_JSON', id: '' }))
  const deep = fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('[', '{"op":')).map(([depth, open]) => {
    const close = open === '[' ? ']' : '}'
    return text(open.repeat(depth) + '1' + close.repeat(depth), 'VALIDATION_FAILED', 'deeply nested')
  })
  // JSON, but not a frame: other types, unknown ops, wrong field types, missing and extra fields, prototype keys.
  const notAnObject = hostileValue.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
  const wrongOp = fc.tuple(fc.oneof(hostileValue, fc.constantFrom('PING', 'send', 'subscribe', 'ping ', 'typing\u0000', '__proto__', 'constructor')), frameId)
    .map(([op, id]) => ({ op, ...(id === undefined ? {} : { id }) }))
  const variants = (ClientFrame as unknown as { anyOf: SchemaNode[] }).anyOf
  const knownIds = () => [UNKNOWN_ID]
  const oneDefect = fc.oneof(...variants.map((v) => oneDefectOf(v, knownIds)))
  const invalid = fc.oneof(notAnObject, wrongOp, oneDefect)
    // Judged by the server's own check (lengths in code points, as REST bodies are judged).
    .filter((v) => 'error' in checkFrame(v))
    .map((v) => text(JSON.stringify(v), 'VALIDATION_FAILED', 'not a frame'))
  const protoKeys = fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.constantFrom('{"op":"ping"}', '{"polluted":true}', '1')).chain(([key, value]) => fc.constantFrom(
    `{"op":"ping","${key}":${value}}`,
    `{"${key}":${value}}`,
    `{"op":"typing","conversationId":"${UNKNOWN_ID}","${key}":${value}}`,
  )).map((s) => text(s, 'VALIDATION_FAILED', 'prototype key'))
  const hugeIds = fc.constantFrom(
    { op: 'ping', id: 'i'.repeat(65) },
    { op: 'ping', id: 'i'.repeat(50_000) },
    { op: 'typing', conversationId: '1'.repeat(21) },
    { op: 'typing', conversationId: '1'.repeat(5_000) },
    { op: 'read', conversationId: UNKNOWN_ID, seq: -1 },
    { op: 'read', conversationId: UNKNOWN_ID, seq: 1.5 },
    { op: 'read', conversationId: UNKNOWN_ID, seq: '1' },
    { op: 'read', conversationId: 1, seq: 1 },
  ).map((v) => text(JSON.stringify(v), 'VALIDATION_FAILED', 'huge or mistyped id'))
  // Well-formed ops on conversations this user is not in (or that do not exist, at the edge of the id range).
  const notMine = fc.tuple(
    fc.constantFrom(foreignId, UNKNOWN_ID, '0', '99999999999999999999', '18446744073709551615', '9223372036854775808'),
    fc.oneof(fc.constant(null), fc.integer({ min: 0 }), fc.constant(Number.MAX_SAFE_INTEGER)),
    frameId,
  ).map(([conversationId, seq, id]) => {
    const frame = seq === null ? { op: 'typing', conversationId, ...(id === undefined ? {} : { id }) } : { op: 'read', conversationId, seq, ...(id === undefined ? {} : { id }) }
    return text(JSON.stringify(frame), 'CONVERSATION_NOT_FOUND', 'not a participant')
  })
  const sendNotMine = fc.tuple(fc.constantFrom(foreignId, UNKNOWN_ID), fc.string({ minLength: 1, maxLength: 64 }), fc.string({ minLength: 1, maxLength: 100 }))
    .map(([conversationId, id, words]) => text(JSON.stringify({ op: 'send', id, conversationId, text: words }), 'CONVERSATION_NOT_FOUND', 'a send where one is not a participant'))
  return fc.oneof(notJson, binary, deep, invalid, protoKeys, hugeIds, notMine, sendNotMine).filter(small)
}

describe('fuzzed stream frames', () => {
  let server: TestServer
  let port = 0
  let alice: { id: string; token: string }
  let bobId = ''
  let mineId = ''
  let foreignId = ''
  const clients: StreamClient[] = []

  const open = async (token: string, on = port): Promise<StreamClient> => {
    const client = await StreamClient.open(on, token)
    clients.push(client)
    return client
  }

  before(async () => {
    // The 100-frames-a-minute limit (and, for sends, the message rate limit) would answer RATE_LIMITED to most of the barrage: raised here, tested below.
    server = await testServer({ rateLimits: { ...defaultRateLimits, streamFramesPerConnection: { max: 1_000_000, windowMs: 60_000 }, sendsPerSecond: 1_000_000, sendsBurst: 1_000_000 } })
    await server.app.listen({ host: '127.0.0.1', port: 0 })
    port = (server.app.server.address() as { port: number }).port
    alice = await server.person('alice')
    const bob = await server.person('bob')
    const eve = await server.person('eve')
    bobId = bob.id
    mineId = ((await server.call('POST', '/api/v1/conversations/direct', { token: alice.token, body: { accountId: bob.id } })).json() as { id: string }).id
    const foreign = await server.call('POST', '/api/v1/conversations/direct', { token: bob.token, body: { accountId: eve.id } })
    foreignId = (foreign.json() as { id: string }).id
    await server.call('POST', `/api/v1/conversations/${foreignId}/messages`, { token: bob.token, body: { text: 'not for alice' } })
  })

  after(async () => {
    await Promise.all(clients.map((c) => c.close()))
    await server?.stop()
  })

  test('every malformed frame gets a reply with ok:false and a catalogue code; the socket stays open', async () => {
    const stream = await open(alice.token)
    await fc.assert(fc.asyncProperty(malformedFrames(foreignId), async (m) => {
      const reply = await stream.request(m.data, m.binary)
      const where = `${m.label}: ${JSON.stringify(m.data.toString().slice(0, 200))} → ${JSON.stringify(reply).slice(0, 300)}`
      assert.equal(reply.ok, false, `accepted: ${where}`)
      assertErrorObject(reply.error, where)
      assert.equal(reply.error?.code, m.code, where)
      assert.equal(reply.id, m.id, `reply id: ${where}`)
      assert.equal(stream.closed, null, `socket closed: ${where}`)
    }), fuzzOptions(FUZZ_SEED, RUNS))

    const pong = await stream.request(JSON.stringify({ op: 'ping', id: 'x' }))
    assert.deepEqual(pong, { name: 'reply', id: 'x', ok: true })
    assert.equal(stream.socket.readyState, WebSocket.OPEN)
    const health = await server.call('GET', '/healthz')
    assert.equal(health.statusCode, 200)
  })

  test('send frames near the schema, mostly to a conversation of one\'s own, get one reply each: the message, or a catalogue code but INTERNAL', async () => {
    const stream = await open(alice.token)
    const known: Record<string, string[]> = {
      conversationId: [mineId, mineId, foreignId, UNKNOWN_ID], actAs: [alice.id, bobId, UNKNOWN_ID], accountId: [bobId, UNKNOWN_ID],
      messageId: [UNKNOWN_ID], attachmentMediaId: [UNKNOWN_ID], welcomeMessageId: [UNKNOWN_ID], customProfileId: [UNKNOWN_ID],
    }
    const schema = SendFrame as unknown as SchemaNode
    const knownOf = (field: string) => known[field] ?? []
    // Plain sends with hostile text, so that many go through, besides the schema's corners.
    const plain = fc.record({ id: fc.string({ minLength: 1, maxLength: 64 }), text: fc.oneof(fc.string({ minLength: 1, maxLength: 200 }), hostileString) })
      .map((v) => ({ op: 'send', conversationId: mineId, ...v }))
    const frames = fc.oneof(plain, validOf(schema, knownOf), mutatedOf(schema, knownOf), oneDefectOf(schema, knownOf))
      .map((v) => JSON.stringify(v)).filter((data) => data !== undefined && Buffer.byteLength(data) <= MAX_FRAME_BYTES)
    let sent = 0
    await fc.assert(fc.asyncProperty(frames, async (data) => {
      const reply = await stream.request(data)
      const where = `${shortenFrame(data)} → ${JSON.stringify(reply).slice(0, 300)}`
      assert.equal(reply.id, echoedId(data), `reply id: ${where}`)
      assert.equal(stream.closed, null, `socket closed: ${where}`)
      const checked = checkFrame(JSON.parse(data))
      if (reply.ok) {
        assert.ok('frame' in checked, `an invalid frame was accepted: ${where}`)
        if (checked.frame.op === 'send') {
          assert.equal((reply.data as { message?: { conversationId?: string } } | undefined)?.message?.conversationId, checked.frame.conversationId, where)
          sent++
        }
        return
      }
      assertErrorObject(reply.error, where)
      assert.notEqual(reply.error?.code, 'INTERNAL', where)
      if ('error' in checked) assert.equal(reply.error?.code, 'VALIDATION_FAILED', where)
    }), fuzzOptions(FUZZ_SEED, RUNS))
    assert.ok(sent > 0, 'some fuzzed sends went through')
    const pong = await stream.request(JSON.stringify({ op: 'ping', id: 'x' }))
    assert.deepEqual(pong, { name: 'reply', id: 'x', ok: true })
  })

  test('a burst of malformed frames sent without waiting gets one reply each', async () => {
    const stream = await open(alice.token)
    const frames = fc.sample(malformedFrames(foreignId), { numRuns: 200, seed: FUZZ_SEED })
    for (const m of frames) stream.socket.send(m.data, { binary: m.binary })
    stream.socket.send(JSON.stringify({ op: 'ping', id: 'after-burst' }))
    const replies: Frame[] = []
    for (let i = 0; i <= frames.length; i++) replies.push(await stream.next((f) => f.name === 'reply'))
    const pong = replies.find((r) => r.id === 'after-burst')
    assert.deepEqual(pong, { name: 'reply', id: 'after-burst', ok: true })
    const refusals = replies.filter((r) => r !== pong)
    assert.equal(refusals.length, frames.length)
    for (const r of refusals) assert.equal(r.ok, false, JSON.stringify(r).slice(0, 200))
    // Parsing and checking are synchronous; only the lookups of not-mine ops wait on storage, so their codes may arrive later.
    assert.deepEqual(refusals.map((r) => r.error?.code).sort(), frames.map((m) => m.code).sort())
    assert.equal(stream.closed, null)
  })

  test('a frame over 64 KiB closes that socket with 1009 and leaves the others working', async () => {
    const bystander = await open(alice.token)
    for (const [data, binary] of [['x'.repeat(64 * 1024 + 1), false], [Buffer.alloc(100 * 1024, 1), true]] as const) {
      const victim = await open(alice.token)
      victim.socket.send(data, { binary })
      const closed = await victim.waitClosed()
      assert.equal(closed.code, 1009)
    }
    // Just under the cap is a frame like any other: refused for what it says, not for its size.
    const under = await bystander.request(JSON.stringify({ op: 'ping', id: 'y'.repeat(60 * 1024) }))
    assert.equal(under.error?.code, 'VALIDATION_FAILED')
    assert.deepEqual(await bystander.request(JSON.stringify({ op: 'ping', id: 'x' })), { name: 'reply', id: 'x', ok: true })
  })

  test('past 100 frames a minute the stream answers RATE_LIMITED, stays open, and recovers', async () => {
    const clock = new TestClock()
    const limited = await testServer({}, { clock })
    try {
      await limited.app.listen({ host: '127.0.0.1', port: 0 })
      const person = await limited.person('limited')
      const stream = await StreamClient.open((limited.app.server.address() as { port: number }).port, person.token)
      clients.push(stream)
      const max = limited.config.rateLimits.streamFramesPerConnection.max
      for (let i = 0; i < max; i++) {
        const reply = await stream.request(i % 2 ? '{' : JSON.stringify({ op: 'ping', id: `p${i}` }))
        assert.notEqual(reply.error?.code, 'RATE_LIMITED', `frame ${i} of ${max}`)
      }
      const refused = await stream.request(JSON.stringify({ op: 'ping', id: 'over' }))
      assert.equal(refused.ok, false)
      assert.equal(refused.id, 'over')
      assert.equal(refused.error?.code, 'RATE_LIMITED')
      assert.equal(stream.closed, null)
      clock.advance(2 * 60_000)
      assert.deepEqual(await stream.request(JSON.stringify({ op: 'ping', id: 'later' })), { name: 'reply', id: 'later', ok: true })
      await stream.close()
    } finally {
      await limited.stop()
    }
  })
})
