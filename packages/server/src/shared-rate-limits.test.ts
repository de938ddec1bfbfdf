import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startRedisTestServer, type RedisTestServer } from '@parloir/testing/redis-server'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'

// Rate limits shared through Redis, and while it is down brute-force limits fail closed and
// message limits fall back to per-process ones (docs/reliability.md). Two Parloir apps (two processes' worth: each its
// own Redis connections and storage) on one database file and one Redis.

const sendsBurst = 4
const loginMax = 5 // the default: 5 failures per account and address, then growing waits

describe('with REDIS_URL, two app processes share one budget per limit', () => {
  let redis: RedisTestServer
  let shared: string
  let a: TestServer
  let b: TestServer
  let ada: Awaited<ReturnType<TestServer['person']>>
  let conversationId: string
  // One clock for both apps, moved by the tests: a growing wait is a matter of milliseconds, which
  // a loaded machine would otherwise spend between two attempts.
  const clock = new TestClock()
  before(async () => {
    redis = await startRedisTestServer()
    shared = mkdtempSync(join(tmpdir(), 'parloir-rates-'))
    const databasePath = join(shared, 'parloir.sqlite')
    // Almost no refill: only the burst counts within a test.
    const rateLimits = { sendsPerSecond: 0.001, sendsBurst } as TestServer['config']['rateLimits']
    a = await testServer({ redisUrl: redis.url, redisChannel: 'parloir:rates-test', databasePath, rateLimits }, { clock })
    b = await testServer({ redisUrl: redis.url, redisChannel: 'parloir:rates-test', databasePath, rateLimits }, { clock })
    ada = await a.person('ada')
    const ben = await a.person('ben')
    conversationId = (await a.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: ben.id } })).json().id
  })
  after(async () => {
    await b?.stop()
    await a?.stop()
    await redis?.stop()
    if (shared) rmSync(shared, { recursive: true, force: true })
  })

  let sent = 0
  const send = (server: TestServer) => server.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: ada.token, body: { text: `Hello ${++sent}`, clientMessageId: `rates-${sent}` } })
  const logIn = (server: TestServer, address: string) => server.call('POST', '/api/v1/auth/login', { body: { handle: 'ada', password: 'not the password' }, headers: { 'x-forwarded-for': address } })
  const badToken = (server: TestServer, address: string) => server.call('GET', '/api/v1/auth/session', { token: 'x'.repeat(32), headers: { 'x-forwarded-for': address } })

  test('logins: the 5th attempt from one address across both is answered, the 6th refused', async () => {
    const answers: number[] = []
    for (let i = 0; i < loginMax; i++) answers.push((await logIn(i % 2 ? b : a, '203.0.113.7')).statusCode)
    assert.deepEqual(answers, [401, 401, 401, 401, 401], 'wrong passwords, answered as such up to the limit')
    for (const server of [a, b]) {
      const refused = await logIn(server, '203.0.113.7')
      assert.equal(refused.statusCode, 429)
      assert.equal(refused.json().error.code, 'RATE_LIMITED')
      assert.ok(Number(refused.headers['retry-after']) >= 1)
    }
  })

  test('logins: the growing wait of one account and address is one across both; an address known on one is known on the other', async () => {
    const known = await a.call('POST', '/api/v1/auth/login', { body: { handle: 'ada', password: 'correct horse battery' }, headers: { 'x-forwarded-for': '203.0.113.20' } })
    assert.equal(known.statusCode, 200)
    for (let i = 0; i < loginMax; i++) assert.equal((await logIn(i % 2 ? b : a, '203.0.113.21')).statusCode, 401)
    const first = await logIn(b, '203.0.113.21')
    assert.equal(first.statusCode, 429)
    assert.equal(first.headers['retry-after'], '1')
    clock.advance(1_050)
    assert.equal((await logIn(a, '203.0.113.21')).statusCode, 401)
    assert.equal((await logIn(b, '203.0.113.21')).headers['retry-after'], '2')
    const owner = await b.call('POST', '/api/v1/auth/login', { body: { handle: 'ada', password: 'correct horse battery' }, headers: { 'x-forwarded-for': '203.0.113.20' } })
    assert.equal(owner.statusCode, 200)
  })

  test(`sends: the burst of ${sendsBurst} is spent across both apps, then refused on both`, async () => {
    const answers: number[] = []
    for (let i = 0; i < sendsBurst; i++) answers.push((await send(i % 2 ? b : a)).statusCode)
    assert.deepEqual(answers, Array(sendsBurst).fill(201))
    assert.equal((await send(a)).statusCode, 429)
    assert.equal((await send(b)).statusCode, 429)
  })

  test('visitor uploads: the 20 an hour are one budget across both apps, the 21st refused on both', async () => {
    const brandId = (await a.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'roastery', displayName: 'Roastery' } })).json().brand.id
    const started = await a.call('POST', '/api/v1/visitors', { body: { brandId, text: 'Hello' }, headers: { 'x-forwarded-for': '198.51.100.7' } })
    assert.equal(started.statusCode, 201, started.body)
    const token: string = started.json().session.token
    const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1')
    const upload = (app: TestServer) => app.app.inject({ method: 'POST', url: '/api/v1/media?name=a.pdf', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, payload: pdf })
    const answers: number[] = []
    for (let i = 0; i < 20; i++) answers.push((await upload(i % 2 ? b : a)).statusCode)
    assert.deepEqual(answers, Array(20).fill(201))
    for (const app of [a, b]) {
      const refused = await upload(app)
      assert.equal(refused.statusCode, 429)
      assert.equal(refused.json().error.code, 'VISITOR_UPLOADS_PER_HOUR')
    }
  })

  test('with Redis down: logins and failed token checks are refused (fail closed), sends are limited per process', async () => {
    await redis.kill()
    const login = await logIn(a, '203.0.113.8')
    assert.equal(login.statusCode, 503)
    assert.equal(login.json().error.code, 'RATE_LIMITER_UNAVAILABLE')
    assert.equal(login.headers['retry-after'], '1')
    assert.equal((await badToken(b, '203.0.113.8')).json().error.code, 'RATE_LIMITER_UNAVAILABLE')
    // A valid session still works: only the failures needed counting.
    assert.equal((await a.call('GET', '/api/v1/auth/session', { token: ada.token })).statusCode, 200)

    // Each process counts on its own: a burst each, then refused.
    for (const server of [a, b]) {
      const answers: number[] = []
      for (let i = 0; i <= sendsBurst; i++) answers.push((await send(server)).statusCode)
      assert.deepEqual(answers, [...Array(sendsBurst).fill(201), 429])
    }
  })

  test('once Redis is back, limits are shared again', async () => {
    await redis.start()
    const backAt = Date.now()
    // Each process's rate-limit connection retries every 0.5–1 s.
    while ((await logIn(a, '203.0.113.9')).statusCode === 503) {
      assert.ok(Date.now() - backAt < 30_000, 'logins answered again within 30 s of Redis')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    while ((await logIn(b, '203.0.113.10')).statusCode === 503) {
      assert.ok(Date.now() - backAt < 30_000, 'logins answered again within 30 s of Redis')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    // One attempt from .9 is counted already: 4 more across both, then refused.
    const answers: number[] = []
    for (let i = 1; i < loginMax; i++) answers.push((await logIn(i % 2 ? b : a, '203.0.113.9')).statusCode)
    assert.deepEqual(answers, [401, 401, 401, 401])
    assert.equal((await logIn(b, '203.0.113.9')).statusCode, 429)
    // Redis came back empty: the send budget is whole again, and shared.
    const sends: number[] = []
    for (let i = 0; i < sendsBurst; i++) sends.push((await send(i % 2 ? b : a)).statusCode)
    assert.deepEqual(sends, Array(sendsBurst).fill(201))
    assert.equal((await send(a)).statusCode, 429)
  })
})
