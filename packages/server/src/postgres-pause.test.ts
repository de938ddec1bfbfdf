import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createTestDatabase, pauseTestPostgres, type PausedPostgres } from '@parloir/testing/postgres-server'
import { testServer, type TestServer } from '@parloir/testing/server'

// docs/reliability.md D1, with PostgreSQL (docs/operations/scaling.md): during a PostgreSQL pause a send fails clearly, in time, and is
// never acknowledged; a retry with the same clientMessageId after it resumes stores it once.
// Stops this process's own PostgreSQL (never one shared with other test processes).
const shared = process.env.PARLOIR_TEST_POSTGRES_URL ? 'stops the server: needs one of its own, not PARLOIR_TEST_POSTGRES_URL' : false

describe('when PostgreSQL stops answering', { skip: shared }, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  let s: TestServer
  let paused: PausedPostgres | undefined
  let ada: Awaited<ReturnType<TestServer['person']>>
  let conversationId: string
  before(async () => {
    db = await createTestDatabase()
    s = await testServer({ databaseUrl: db.url, postgres: { connectTimeoutMs: 1_000, statementTimeoutMs: 1_500 } })
    ada = await s.person('ada')
    const ben = await s.person('ben')
    conversationId = (await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: ben.id } })).json().id
  })
  after(async () => {
    paused?.resume()
    await s?.stop()
    await db?.drop()
  })
  const send = (clientMessageId: string) => s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: ada.token, body: { text: `Hello ${clientMessageId}`, clientMessageId } })

  test('a send answers 503 STORAGE_UNAVAILABLE with Retry-After within the deadline, and /readyz 503 within 2 s', async (t) => {
    assert.equal((await send('first')).statusCode, 201)
    paused = await pauseTestPostgres()
    const started = Date.now()
    const [sent, ready] = await Promise.all([
      send('during').then((res) => ({ res, ms: Date.now() - started })),
      s.call('GET', '/readyz').then((res) => ({ res, ms: Date.now() - started })),
    ])
    t.diagnostic(`postgres pause (app): send ${sent.res.statusCode} after ${sent.ms} ms, readyz ${ready.res.statusCode} after ${ready.ms} ms`)
    assert.equal(sent.res.statusCode, 503)
    assert.equal(sent.res.json().error.code, 'STORAGE_UNAVAILABLE')
    assert.equal(sent.res.headers['retry-after'], '1')
    // The statement timeout (1.5 s) plus the client's 500 ms margin, never much more.
    assert.ok(sent.ms <= 2_700, `send answered after ${sent.ms} ms`)
    assert.equal(ready.res.statusCode, 503)
    assert.deepEqual(ready.res.json(), { status: 'storage_unavailable' })
    assert.ok(ready.ms <= 2_500, `readyz answered after ${ready.ms} ms`)
  })

  test('after SIGCONT the retried send is stored once, and nothing else was', async () => {
    paused?.resume()
    // The failed send may have reached PostgreSQL before it stopped: the retry finds it (200) or stores it (201).
    const retried = await send('during')
    assert.ok(retried.statusCode === 200 || retried.statusCode === 201, `${retried.statusCode} ${retried.body}`)
    assert.equal((await s.call('GET', '/readyz')).statusCode, 200)
    const listed = (await s.call('GET', `/api/v1/conversations/${conversationId}/messages`, { token: ada.token })).json()
    const texts = (listed.messages as Array<{ text: string }>).map((m) => m.text).sort()
    assert.deepEqual(texts, ['Hello during', 'Hello first'])
  })
})
