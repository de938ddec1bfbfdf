import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import type { FanoutMessage, Logger } from '@parloir/core'
import { RedisFanout, type RedisFanoutOptions } from './redis.ts'
import { fanoutContract } from './fanout.contract.ts'
import { startRedisTestServer, type RedisTestServer } from '@parloir/testing/redis-server'

const redis: RedisTestServer = await startRedisTestServer()
after(() => redis.stop())

const fanouts: RedisFanout[] = []
after(() => Promise.all(fanouts.map((f) => f.close())))

/** A fan-out on its own channel unless told otherwise, connected and subscribed. */
async function open(options: Partial<RedisFanoutOptions> = {}): Promise<RedisFanout> {
  const fanout = new RedisFanout({ url: redis.url, channel: `parloir:test:${randomUUID()}`, reconnect: { initialMs: 20, maxMs: 200 }, ...options })
  fanouts.push(fanout)
  await fanout.whenConnected(5_000)
  return fanout
}

/** Remembers what was logged, to check that a drop is reported rather than thrown. */
function recordingLogger(): Logger & { lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = []
  const logger = {
    lines,
    info: (_fields: Record<string, unknown>, message: string) => { lines.push({ level: 'info', message }) },
    warn: (_fields: Record<string, unknown>, message: string) => { lines.push({ level: 'warn', message }) },
    error: (_fields: Record<string, unknown>, message: string) => { lines.push({ level: 'error', message }) },
    child: () => logger,
  }
  return logger
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const event = (n: number): FanoutMessage => ({ type: 'event', event: { name: 'conversation.removed', data: { conversationId: String(n) }, cursor: n, accountIds: ['1'] } })
const describeMessage = (m: FanoutMessage) => (m.type === 'event' ? `event ${m.event.cursor}` : m.type)

fanoutContract('redis', () => open())

describe('two processes on one Redis', () => {
  test('each sees the messages of the other and its own, in one and the same order', async () => {
    const channel = `parloir:test:${randomUUID()}`
    const ada = await open({ channel })
    const ben = await open({ channel })
    const seenByAda: string[] = []
    const seenByBen: string[] = []
    ada.subscribe((m) => seenByAda.push(describeMessage(m)))
    ben.subscribe((m) => seenByBen.push(describeMessage(m)))
    for (let i = 1; i <= 20; i++) (i % 2 ? ada : ben).publish(event(i))
    ben.publish({ type: 'session.revoked', sessionId: 's1' })
    await until(() => seenByAda.length === 21 && seenByBen.length === 21, 'all 21 messages on both')
    assert.deepEqual(seenByAda, seenByBen)
    // Each publisher's messages keep their order.
    const fromAda = seenByAda.filter((s) => s.startsWith('event') && Number(s.split(' ')[1]) % 2 === 1)
    assert.deepEqual(fromAda, Array.from({ length: 10 }, (_, i) => `event ${2 * i + 1}`))
    const fromBen = seenByAda.filter((s) => !fromAda.includes(s))
    assert.deepEqual(fromBen, [...Array.from({ length: 10 }, (_, i) => `event ${2 * i + 2}`), 'session.revoked'])
  })

  test('a frame on the channel that is not a Parloir message is ignored and counted', async () => {
    const channel = `parloir:test:${randomUUID()}`
    const fanout = await open({ channel })
    const got: FanoutMessage[] = []
    fanout.subscribe((m) => got.push(m))
    const admin = new Redis(redis.url)
    try {
      await admin.publish(channel, 'not json')
      await admin.publish(channel, JSON.stringify({ hello: 'world' }))
    } finally {
      await admin.quit()
    }
    fanout.publish(event(1))
    await until(() => got.length === 1, 'the real message')
    assert.equal(fanout.stats.malformed, 2)
    assert.deepEqual(got.map(describeMessage), ['event 1'])
  })

  test('close() quits both connections; publishing afterwards does nothing', async () => {
    const fanout = await open()
    await fanout.close()
    assert.deepEqual(fanout.status, { publisher: 'end', subscriber: 'end', subscribed: false })
    assert.doesNotThrow(() => fanout.publish(event(1)))
  })
})

describe('when a publisher loses its connection but subscribers do not', () => {
  test('what it dropped is announced once it is back, and subscribers resync', async () => {
    const channel = `parloir:test:${randomUUID()}`
    // A slow first retry keeps the publisher away long enough to publish while it is.
    const ada = await open({ channel, reconnect: { initialMs: 400, maxMs: 400 } })
    const ben = await open({ channel })
    const seenByBen: string[] = []
    ben.subscribe((m) => seenByBen.push(describeMessage(m)))
    ada.publish(event(1))
    await until(() => seenByBen.length === 1, 'the first message')

    const admin = new Redis(redis.url)
    try {
      // Kills the plain connections (both publishers), not the subscribers.
      await admin.client('KILL', 'TYPE', 'normal', 'SKIPME', 'yes')
    } finally {
      await admin.quit()
    }
    await until(() => ada.status.publisher !== 'ready', 'the publisher to notice')
    assert.equal(ben.status.subscribed, true)
    assert.doesNotThrow(() => ada.publish(event(2)))
    assert.equal(ada.stats.dropped, 1)

    await ada.whenConnected(5_000)
    ada.publish(event(3))
    await until(() => seenByBen.includes('event 3'), 'the message after the publisher came back')
    assert.deepEqual(seenByBen, ['event 1', 'resync', 'event 3'])
    assert.equal(ben.stats.gaps, 1)
    assert.equal(ben.status.subscribed, true, 'the subscriber never left')
  })
})

describe('when Redis goes down and comes back', () => {
  let ada: RedisFanout
  let ben: RedisFanout
  const logger = recordingLogger()
  const seenByAda: string[] = []
  const seenByBen: string[] = []
  before(async () => {
    const channel = `parloir:test:${randomUUID()}`
    ada = await open({ channel, logger })
    ben = await open({ channel })
    ada.subscribe((m) => seenByAda.push(describeMessage(m)))
    ben.subscribe((m) => seenByBen.push(describeMessage(m)))
    ada.publish(event(1))
    await until(() => seenByBen.length === 1 && seenByAda.length === 1, 'the first message')
  })

  test('publishing does not throw: the message is dropped, counted and logged', async () => {
    await redis.kill()
    await until(() => ada.status.publisher !== 'ready' && !ben.status.subscribed, 'both to notice')
    assert.doesNotThrow(() => ada.publish(event(2)))
    assert.doesNotThrow(() => ada.publish(event(3)))
    assert.equal(ada.stats.dropped, 2)
    assert.ok(logger.lines.some((l) => l.level === 'warn' && /dropped a message/.test(l.message)), JSON.stringify(logger.lines))
    assert.equal(logger.lines.filter((l) => /dropped a message/.test(l.message)).length, 1, 'one warning per outage, not one per message')
  })

  test('once it is back, subscribers resubscribe and resync, and messages flow again', async () => {
    await redis.start()
    await ada.whenConnected(10_000)
    await ben.whenConnected(10_000)
    await until(() => seenByBen.includes('resync') && seenByAda.includes('resync'), 'the resync signals')
    ada.publish(event(4))
    await until(() => seenByBen.includes('event 4') && seenByAda.includes('event 4'), 'the message after the outage')
    for (const seen of [seenByAda, seenByBen]) {
      // Dropped ones never arrive: the event log repairs them. A resync (one for the resubscription,
      // maybe another for the publisher's "lost" notice) comes before anything new.
      assert.equal(seen[0], 'event 1')
      assert.equal(seen.at(-1), 'event 4')
      assert.ok(seen.slice(1, -1).length >= 1 && seen.slice(1, -1).every((s) => s === 'resync'), seen.join(', '))
    }
    assert.ok(ben.stats.resyncs >= 1)
  })
})

describe('after a long Redis outage (8 s), with the default reconnect backoff', () => {
  test('both connections are back within 1.5 s of Redis returning, the loss is signalled at once, and messages flow', async (t) => {
    const channel = `parloir:test:${randomUUID()}`
    // `reconnect: {}`: the shipped defaults, not the quick ones of `open`.
    const ada = await open({ channel, reconnect: {} })
    const ben = await open({ channel, reconnect: {} })
    const seenByBen: Array<{ what: string; at: number }> = []
    ben.subscribe((m) => seenByBen.push({ what: describeMessage(m), at: Date.now() }))

    await redis.kill()
    await until(() => ada.status.publisher !== 'ready' && !ben.status.subscribed, 'both to notice')
    ada.publish(event(1))
    assert.equal(ada.stats.dropped, 1)
    // Long enough for the backoff to reach its cap many times over.
    await new Promise((resolve) => setTimeout(resolve, 8_000))
    await redis.start()
    const backAt = Date.now()

    await Promise.all([ada.whenConnected(5_000), ben.whenConnected(5_000)])
    const reconnectMs = Date.now() - backAt
    await until(() => seenByBen.some((s) => s.what === 'resync'), 'the resync that makes streams repair from the event log', 5_000)
    const resyncMs = seenByBen.find((s) => s.what === 'resync')!.at - backAt
    ada.publish(event(2))
    await until(() => seenByBen.some((s) => s.what === 'event 2'), 'a live message after the outage', 5_000)
    const deliveredMs = seenByBen.find((s) => s.what === 'event 2')!.at - backAt
    t.diagnostic(`redis outage 8 s: both connections back ${reconnectMs} ms after Redis returned, resync at ${resyncMs} ms, next message delivered at ${deliveredMs} ms`)

    // Each connection retries every 0.5–1 s (maxMs 1 s, half of it random): at most 1 s, plus the connect and SUBSCRIBE.
    assert.ok(reconnectMs <= 1_500, `reconnected after ${reconnectMs} ms`)
    assert.ok(resyncMs <= 1_500, `resync after ${resyncMs} ms`)
    assert.ok(!seenByBen.some((s) => s.what === 'event 1'), 'a dropped message never arrives: the event log repairs it')
    assert.equal(seenByBen.at(-1)?.what, 'event 2')
  })
})
