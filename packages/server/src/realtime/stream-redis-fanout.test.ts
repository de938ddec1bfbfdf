import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ParloirClient, type ParloirStream } from '@parloir/client'
import { RedisFanout } from '@parloir/fanout'
import { startRedisTestServer, type RedisTestServer } from '@parloir/testing/redis-server'
import { liveServer, until, type LiveServer } from '@parloir/testing/stream-fixtures'

/**
 * Two Parloir processes (here two apps in one process, each with its own Redis connections) on
 * one database and one Redis: app A takes the sends, app B only holds Ben's stream.
 */
describe('with REDIS_URL, two app processes', () => {
  let redis: RedisTestServer
  let shared: string
  let appA: LiveServer
  let appB: LiveServer
  before(async () => {
    redis = await startRedisTestServer()
    shared = mkdtempSync(join(tmpdir(), 'parloir-redis-'))
    const databasePath = join(shared, 'parloir.sqlite')
    appA = await liveServer({ redisUrl: redis.url, databasePath })
    appB = await liveServer({ redisUrl: redis.url, databasePath })
  })
  after(async () => {
    await appB?.stop()
    await appA?.stop()
    await redis?.stop()
    if (shared) rmSync(shared, { recursive: true, force: true })
  })

  const fanoutOf = (live: LiveServer): RedisFanout => {
    const { fanout } = live.server.deps
    assert.ok(fanout instanceof RedisFanout, 'REDIS_URL selects the Redis fan-out')
    return fanout
  }

  let adaClient: ParloirClient
  let conversationId: string
  let benStream: ParloirStream

  test('a message sent through app A reaches a stream on app B', async () => {
    const ada = await appA.person('ada')
    const ben = await appA.person('ben')
    adaClient = ada.client
    const benOnB = new ParloirClient({ baseUrl: appB.baseUrl, token: ben.token })
    // Quick reconnects, so the repair after a 4002 is quick to see.
    benStream = await appB.stream(benOnB, { backoff: { initialMs: 20, maxMs: 100 } })
    conversationId = (await adaClient.openDirect(ben.id)).id
    const arrived = benStream.waitFor('message.created', { timeoutMs: 5_000 })
    const sent = await adaClient.sendMessage(conversationId, 'Morning Ben')
    assert.equal((await arrived).message.id, sent.id)
    assert.ok(fanoutOf(appB).stats.received > 0, 'B heard it from Redis')
    assert.equal(appB.server.deps.storage === appA.server.deps.storage, false, 'two storages on one file')
  })

  test('a message sent while Redis is down reaches B once Redis is back, from the event log', async () => {
    const fanoutA = fanoutOf(appA)
    const fanoutB = fanoutOf(appB)
    const disconnects: number[] = []
    benStream.on('disconnect', (drop) => disconnects.push(drop.code))
    const heard: string[] = []
    benStream.on('message.created', (data) => heard.push(data.message.id))

    await redis.kill()
    await until(() => !fanoutB.status.subscribed && fanoutA.status.publisher !== 'ready', 'both apps to notice Redis is gone')
    // The send is acknowledged: the commit is what counts, the fan-out drops its message.
    const missed = await adaClient.sendMessage(conversationId, 'Sent while Redis was down')
    assert.ok(fanoutA.stats.dropped >= 1)
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.deepEqual(heard, [], 'nothing live without Redis')

    const repaired = benStream.waitFor('message.created', { timeoutMs: 15_000, filter: (data) => data.message.id === missed.id })
    await redis.start()
    await repaired
    assert.ok(disconnects.length >= 1 && disconnects.every((code) => code === 4002), `closed with 4002 to resume: ${disconnects.join(', ')}`)
    await benStream.whenLive(5_000)

    await fanoutA.whenConnected(5_000)
    await fanoutB.whenConnected(5_000)
    const next = benStream.waitFor('message.created', { timeoutMs: 5_000, filter: (data) => data.message.id !== missed.id })
    const after = await adaClient.sendMessage(conversationId, 'And after it came back')
    assert.equal((await next).message.id, after.id)
    assert.deepEqual(heard, [missed.id, after.id], 'each once, in order')
  })
})
