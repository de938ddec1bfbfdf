import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { WebSocket } from 'ws'
import { ParloirApiError, type ParloirStream } from '@parloir/client'
import { defaultRateLimits } from '../config.ts'
import { TestClock } from '@parloir/testing/server'
import { liveServer, record, tcpOf, until, wsOf, type LiveServer } from '@parloir/testing/stream-fixtures'

/** A text frame of exactly `bytes` bytes: a ping with an unknown field, so the server answers VALIDATION_FAILED. */
function paddedFrame(id: string, bytes: number): string {
  const shell = JSON.stringify({ op: 'ping', id, pad: '' })
  return shell.replace('"pad":""', `"pad":"${'x'.repeat(bytes - shell.length)}"`)
}

/** The server's side of the stream opened by `open`. */
async function serverSocketOf(live: LiveServer, open: () => Promise<ParloirStream>): Promise<{ stream: ParloirStream; socket: WebSocket }> {
  const before = new Set(live.server.app.websocketServer.clients)
  const stream = await open()
  const socket = [...live.server.app.websocketServer.clients].find((s) => !before.has(s))
  assert.ok(socket, 'the server holds the new socket')
  return { stream, socket }
}

describe('frame size', () => {
  let live: LiveServer
  before(async () => { live = await liveServer() })
  after(async () => { await live.stop() })

  test('a frame of exactly 64 KiB is read and answered, and the stream stays open', async () => {
    const ada = await live.person('ada')
    const stream = await live.stream(ada.client)
    const frame = paddedFrame('big', 64 * 1024)
    assert.equal(Buffer.byteLength(frame), 65_536)
    const reply = stream.waitFor('reply', { filter: (r) => r.id === 'big' })
    wsOf(stream).send(frame)
    const answer = await reply
    assert.equal(answer.ok, false)
    assert.equal(!answer.ok && answer.error.code, 'VALIDATION_FAILED')
    assert.equal(stream.state, 'live')
    await stream.ping()
  })

  test('a frame of 64 KiB + 1 closes the socket with 1009', async () => {
    const ben = await live.person('ben')
    const stream = await live.stream(ben.client, { backoff: { initialMs: 3_600_000, maxMs: 3_600_000 } })
    const dropped = stream.waitFor('disconnect')
    wsOf(stream).send(paddedFrame('too-big', 64 * 1024 + 1))
    const { code, willReconnect } = await dropped
    assert.equal(code, 1009)
    assert.equal(willReconnect, true)
    await until(() => live.server.hub.streamsOf(ben.id) === 0, 'the server to drop the stream')
  })
})

describe('frames per minute', () => {
  // A test clock keeps all frames in one rate window, whatever the wall clock does.
  const clock = new TestClock()
  let live: LiveServer
  before(async () => { live = await liveServer({}, { clock }) })
  after(async () => { await live.stop() })

  test('the 100th frame in a minute is answered and the 101st gets RATE_LIMITED', async () => {
    const ada = await live.person('ada')
    const stream = await live.stream(ada.client, { requestTimeoutMs: 2_000 })
    const answered = await Promise.all(Array.from({ length: 100 }, () => stream.ping()))
    assert.equal(answered.length, 100)
    await assert.rejects(stream.ping(), (error: unknown) => {
      assert.ok(error instanceof ParloirApiError, `got ${String(error)}`)
      assert.equal(error.code, 'RATE_LIMITED')
      assert.equal(error.status, 429)
      assert.ok(error.retryAfterMs !== undefined && error.retryAfterMs > 0)
      return true
    })
    assert.equal(stream.state, 'live', 'a limited stream is answered, not closed')

    // Two windows later the count has drained.
    clock.advance(120_000)
    await stream.ping()
  })

  test('the limit is per stream', async () => {
    const ben = await live.person('ben')
    const first = await live.stream(ben.client)
    const second = await live.stream(ben.client)
    await Promise.all(Array.from({ length: 100 }, () => first.ping()))
    await assert.rejects(first.ping(), (error: unknown) => error instanceof ParloirApiError && error.code === 'RATE_LIMITED')
    await second.ping()
  })
})

describe('a client that stops reading', () => {
  let live: LiveServer
  before(async () => {
    live = await liveServer({
      // Lowered from 1 MiB so the test is quick; the kernel's socket buffers still fill first.
      streamSendBufferBytes: 256 * 1024,
      rateLimits: { ...defaultRateLimits, perAddress: { max: 100_000, windowMs: 60_000 }, sendsPerSecond: 100_000, sendsBurst: 100_000 },
    })
  })
  after(async () => { await live.stop() })

  test('is closed with 1013 once its send buffer passes the cap, while others keep up', async () => {
    const ada = await live.person('ada')
    const ben = await live.person('ben')
    const chloe = await live.person('chloe')
    const group = await ada.client.createGroup({ name: 'Roastery', accountIds: [ben.id, chloe.id] })
    const { stream: slow, socket: atServer } = await serverSocketOf(live, () => live.stream(ben.client, { backoff: { initialMs: 3_600_000, maxMs: 3_600_000 } }))
    const fast = await live.stream(chloe.client)
    const atChloe = record(fast)

    tcpOf(slow).pause()
    // 10,000 characters of 4 bytes each: about 40 KB per event, so few sends fill the buffers.
    const text = '☕🫘'.repeat(5_000)
    let sent = 0
    while (atServer.readyState === atServer.OPEN) {
      assert.ok(sent < 2_000, `the server should have closed the slow stream after ${sent} messages`)
      await Promise.all(Array.from({ length: 20 }, () => ada.client.sendMessage(group.id, text)))
      sent += 20
    }
    assert.equal(atServer.readyState, atServer.CLOSING)

    // Chloe reads along and has every message.
    await until(() => atChloe.filter((e) => e.name === 'message.created' && e.data.message.senderId === ada.id).length === sent, 'Chloe to have every message')

    // Once Ben's client reads again it finds the close frame behind what was buffered.
    const dropped = slow.waitFor('disconnect')
    tcpOf(slow).resume()
    const { code, reason } = await dropped
    assert.equal(code, 1013)
    assert.equal(reason, 'send buffer full')
    await until(() => live.server.hub.streamsOf(ben.id) === 0, 'the server to forget the slow stream')
  })
})

describe('heartbeats', () => {
  let live: LiveServer
  // 500 ms: a loaded machine may stall a process for a few hundred milliseconds, which must not
  // look like a silent server (that takes two heartbeats).
  before(async () => { live = await liveServer({ heartbeatMs: 500 }) })
  after(async () => { await live.stop() })

  test('arrive every heartbeatMs, as stream.ready announced, and keep a quiet stream live', async () => {
    const ada = await live.person('ada')
    const stream = await live.stream(ada.client, { live: false })
    const ready = await stream.waitFor('ready')
    assert.equal(ready.heartbeatMs, 500)
    const beats: string[] = []
    stream.on('heartbeat', ({ at }) => beats.push(at))
    const drops: number[] = []
    stream.on('disconnect', ({ code }) => drops.push(code))
    await until(() => beats.length >= 4, 'four heartbeats', 20_000)
    for (const at of beats) assert.ok(!Number.isNaN(Date.parse(at)), `heartbeat at ${at}`)
    assert.ok(Date.parse(beats.at(-1)!) > Date.parse(beats[0]!))
    assert.deepEqual(drops, [], 'more than two intervals passed without a drop')
    assert.equal(stream.state, 'live')
  })

  test('when the server goes silent the connection is dropped within two heartbeats and the stream resumes what it missed', async () => {
    const ada = await live.person('ada_silent')
    const ben = await live.person('ben_silent')
    const conversation = await ada.client.openDirect(ben.id)
    const { stream, socket: atServer } = await serverSocketOf(live, () => live.stream(ben.client, { backoff: { initialMs: 1, maxMs: 10 } }))
    const cursor = stream.cursor
    const ids: string[] = []
    stream.on('message.created', (data) => ids.push(data.message.id))
    // The server's side stops sending anything: no heartbeats, no pings, no events. Whichever
    // notices first (the client: no frame for 2 heartbeats; the server: no pong), the link drops.
    const dropped = stream.waitFor('disconnect', { timeoutMs: 10_000 })
    const resumed = stream.waitFor('ready', { timeoutMs: 10_000 })
    atServer.send = () => {}
    atServer.ping = () => {}
    const started = Date.now()
    const sent = await ada.client.sendMessage(conversation.id, 'sent into the silence')
    assert.equal((await dropped).code, 1006)
    // Two heartbeats are 1 s; nothing else would drop it within 5 s (the margin is for a busy machine).
    assert.ok(Date.now() - started < 5_000, `dropped after ${Date.now() - started} ms`)
    const ready = await resumed
    assert.equal(ready.resumedFrom, cursor)
    assert.deepEqual(ids, [sent.id], 'the missed message was replayed, once')
  })
})
