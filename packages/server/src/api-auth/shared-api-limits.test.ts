import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@parloir/core'
import { startRedisTestServer, type RedisTestServer } from '@parloir/testing/redis-server'
import { testServer, TestClock, type TestServer } from '@parloir/testing/server'
import { API_HOST, oauthHeader, type OAuth1Keys } from '@parloir/testing/oauth1'

// The developer API behind several processes: 600 requests a minute per token, bursts of 60;
// while Redis is down brute-force limits fail closed and request limits fall back to per-process
// ones (docs/reliability.md). Two Parloir apps on one database file, one Redis and one test clock.

/** Answered for any token, with only the per-token `x-rate-limit-*` headers (no endpoint window). */
const WEBHOOKS = '/1.1/account_activity/all/webhooks.json'

describe('with REDIS_URL, two app processes share the developer API limits', () => {
  const clock = new TestClock()
  let redis: RedisTestServer
  let shared: string
  let a: TestServer
  let b: TestServer
  let keys: OAuth1Keys
  let bearer: string
  before(async () => {
    redis = await startRedisTestServer()
    shared = mkdtempSync(join(tmpdir(), 'parloir-api-rates-'))
    // One installation: one database and one key sealing the app secrets.
    const installation = { redisUrl: redis.url, redisChannel: 'parloir:api-rates-test', databasePath: join(shared, 'parloir.sqlite'), secretKey: randomBytes(32).toString('base64') }
    a = await testServer(installation, { clock })
    b = await testServer(installation, { clock })
    const ada = await a.person('ada')
    const actor: core.Actor = { userId: ada.id, accountId: ada.id, sessionId: 's', role: 'self' }
    const created = await core.createApp(a.deps, actor, { name: 'Northwind bot', redirectUris: ['https://bot.example/callback'] })
    const token = await core.createAppToken(a.deps, actor, created.app.id, {})
    keys = { consumerKey: created.app.consumerKey, consumerSecret: created.consumerSecret, token: token.accessToken, tokenSecret: token.accessTokenSecret ?? '' }
    bearer = (await core.createAppToken(a.deps, actor, created.app.id, { kind: 'app-only' })).accessToken
  })
  after(async () => {
    await b?.stop()
    await a?.stop()
    await redis?.stop()
    if (shared) rmSync(shared, { recursive: true, force: true })
  })

  /** A fresh minute, so neither the per-token nor the per-address windows carry counts over. */
  const nextMinutes = () => clock.advance(2 * 60_000 + (60_000 - (clock.ms % 60_000)))
  const signed = (server: TestServer, authorization = oauthHeader(server, keys, 'GET', WEBHOOKS), address = '198.51.100.1') =>
    server.app.inject({ method: 'GET', url: WEBHOOKS, headers: { host: API_HOST, authorization, 'x-forwarded-for': address } })
  const withBearer = (server: TestServer, token = bearer, address = '198.51.100.1') =>
    server.app.inject({ method: 'GET', url: WEBHOOKS, headers: { host: API_HOST, authorization: `Bearer ${token}`, 'x-forwarded-for': address } })
  const rateHeaders = (res: { headers: Record<string, unknown> }) =>
    ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset'].map((h) => String(res.headers[h]))

  test('one budget per token: the 600th request of a minute across both is answered, the 601st refused on both', async () => {
    nextMinutes()
    const resetS = String(clock.ms / 1000 + 60)
    // Ten bursts of 60, 6 s apart (the bucket refills at 10 a second), alternating between the apps.
    for (let round = 0; round < 10; round++) {
      if (round > 0) clock.advance(6_000)
      for (let j = 1; j <= 60; j++) {
        const res = await signed(j % 2 ? a : b)
        assert.equal(res.statusCode, 200, `request ${round * 60 + j}: ${res.body}`)
        assert.deepEqual(rateHeaders(res), ['600', String(60 - j), resetS], `request ${round * 60 + j}`)
      }
    }
    clock.advance(5_000) // 59 s into the minute: 50 tokens, but the window is spent
    for (const server of [a, b]) {
      const over = await signed(server)
      assert.equal(over.statusCode, 429)
      assert.equal(over.json().errors[0].code, 88)
      assert.deepEqual(rateHeaders(over), ['600', '0', resetS])
      assert.equal(over.headers['retry-after'], '1')
    }
    clock.advance(1_000) // the next minute: the window is whole again, the bucket full
    const next = await signed(b)
    assert.equal(next.statusCode, 200)
    assert.deepEqual(rateHeaders(next), ['600', '59', String(clock.ms / 1000 + 60)])
  })

  test('a nonce used on one app is refused on the other (and on the first again)', async () => {
    nextMinutes()
    const authorization = oauthHeader(a, keys, 'GET', WEBHOOKS)
    assert.equal((await signed(a, authorization)).statusCode, 200)
    for (const server of [b, a]) {
      const replayed = await signed(server, authorization)
      assert.equal(replayed.statusCode, 401)
      assert.equal(replayed.json().errors[0].code, 32)
    }
  })

  test('bad credentials: 20 failures from one address across both lock it out', async () => {
    nextMinutes()
    const address = '198.51.100.20'
    const wrong = { ...keys, consumerSecret: 'wrong' }
    const answers: number[] = []
    for (let i = 1; i <= 20; i++) answers.push((await signed(i % 2 ? a : b, oauthHeader(a, wrong, 'GET', WEBHOOKS), address)).statusCode)
    assert.deepEqual(answers, Array(20).fill(401))
    // b counted the 20th: it refuses the address, even with good credentials.
    assert.equal((await signed(b, undefined, address)).statusCode, 429)
    // a learns it at its next failure (the shared count is past 20), and refuses from then on.
    assert.equal((await signed(a, oauthHeader(a, wrong, 'GET', WEBHOOKS), address)).statusCode, 401)
    assert.equal((await signed(a, undefined, address)).statusCode, 429)
    // Another address is not concerned.
    assert.equal((await signed(a)).statusCode, 200)
  })

  test('with Redis down: OAuth 1.0a requests are refused (nonces fail closed), the per-token limit counts per process', async () => {
    nextMinutes()
    await redis.kill()
    for (const server of [a, b]) {
      const res = await signed(server)
      assert.equal(res.statusCode, 503)
      assert.equal(res.json().errors[0].code, 130)
      assert.equal(res.headers['retry-after'], '1')
    }
    // A failed credential check cannot be counted across processes: refused too (fail closed).
    assert.equal((await withBearer(a, 'AAAAnotatoken')).statusCode, 503)
    // A bearer needs no nonce: each process gives the token its own burst of 60, then 429.
    for (const server of [a, b]) {
      const answers: number[] = []
      for (let i = 1; i <= 61; i++) answers.push((await withBearer(server)).statusCode)
      assert.deepEqual(answers, [...Array(60).fill(200), 429])
    }
  })

  test('once Redis is back, nonces and the per-token budget are shared again', async () => {
    await redis.start()
    const backAt = Date.now()
    // Each process's rate-limit connection retries every 0.5–1 s.
    for (const server of [a, b]) {
      while ((await signed(server)).statusCode === 503) {
        assert.ok(Date.now() - backAt < 30_000, 'OAuth 1.0a answered again within 30 s of Redis')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
    const authorization = oauthHeader(a, keys, 'GET', WEBHOOKS)
    assert.equal((await signed(b, authorization)).statusCode, 200)
    assert.equal((await signed(a, authorization)).statusCode, 401, 'replayed on the other app')
    // Redis came back empty: the bearer's burst is whole again, and spent across both.
    nextMinutes()
    const answers: number[] = []
    for (let i = 1; i <= 60; i++) answers.push((await withBearer(i % 2 ? a : b)).statusCode)
    assert.deepEqual(answers, Array(60).fill(200))
    assert.equal((await withBearer(a)).statusCode, 429)
    assert.equal((await withBearer(b)).statusCode, 429)
  })
})
