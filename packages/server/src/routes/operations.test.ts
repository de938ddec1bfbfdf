import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { routes } from '@parloir/protocol'
import { SqliteStorage } from '@parloir/storage'
import { testServer, type TestServer } from '@parloir/testing/server'

describe('operations', () => {
  test('health, readiness and Prometheus metrics answer', async () => {
    const s = await testServer()
    try {
      assert.deepEqual((await s.call('GET', '/healthz')).json(), { status: 'ok' })
      assert.deepEqual((await s.call('GET', '/readyz')).json(), { status: 'ready' })
      const ada = await s.person('ada'); const ben = await s.person('ben')
      const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: ben.id } })).json().id
      await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, body: { text: 'hi' } })
      const metrics = (await s.call('GET', '/metrics')).body
      assert.match(metrics, /^parloir_messages_sent_total 1$/m)
      assert.match(metrics, /^parloir_commits_total \d+$/m)
      assert.match(metrics, /parloir_http_request_duration_seconds_bucket\{.*route="\/api\/v1\/conversations\/:conversationId\/messages"/)
    } finally {
      await s.stop()
    }
  })

  describe('metrics', () => {
    const scrape = (s: TestServer, remoteAddress: string, headers: Record<string, string> = {}) =>
      s.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers })

    test('answer a scraper on this machine (127.0.0.1, ::1), when nothing says the request was forwarded', async () => {
      const s = await testServer()
      try {
        for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
          const res = await scrape(s, address)
          assert.equal(res.statusCode, 200, address)
          assert.match(res.body, /^parloir_messages_sent_total /m, address)
        }
      } finally {
        await s.stop()
      }
    })

    test('are missing (404 ROUTE_NOT_FOUND) to anyone else: another address, or a request a local proxy forwarded', async () => {
      const s = await testServer()
      try {
        const cases: Array<[string, Record<string, string>]> = [
          ['203.0.113.5', {}], ['10.0.0.8', {}], ['127.0.0.1', { 'x-forwarded-for': '203.0.113.5' }],
          ['127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }], ['::1', { forwarded: 'for=203.0.113.5' }], ['127.0.0.1', { 'x-real-ip': '203.0.113.5' }],
          ['203.0.113.5', { authorization: 'Bearer anything' }],
        ]
        for (const [address, headers] of cases) {
          const res = await scrape(s, address, headers)
          assert.equal(res.statusCode, 404, `${address} ${JSON.stringify(headers)}`)
          assert.equal(res.json().error.code, 'ROUTE_NOT_FOUND')
          assert.doesNotMatch(res.body, /parloir_/)
        }
      } finally {
        await s.stop()
      }
    })

    test('answer from anywhere with the bearer PARLOIR_METRICS_TOKEN, and only with it', async () => {
      const token = 'metrics-7c1d2e9f0a3b4c5d6e7f'
      const s = await testServer({ metricsToken: token })
      try {
        assert.equal((await scrape(s, '203.0.113.5', { authorization: `Bearer ${token}` })).statusCode, 200)
        assert.equal((await scrape(s, '127.0.0.1', { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.5' })).statusCode, 200)
        for (const wrong of [`Bearer ${token.slice(0, -1)}x`, `Bearer ${token}x`, 'Bearer ', token, `Basic ${token}`]) {
          assert.equal((await scrape(s, '203.0.113.5', { authorization: wrong })).statusCode, 404, wrong)
        }
      } finally {
        await s.stop()
      }
    })
  })

  test('the OpenAPI document describes every route of the protocol, with its schemas', async () => {
    const s = await testServer()
    try {
      const doc = (await s.call('GET', '/api/v1/openapi.json')).json()
      assert.equal(doc.openapi, '3.1.0')
      for (const [name, def] of Object.entries(routes)) {
        const path = def.url.replace(/:([A-Za-z]+)/g, '{$1}')
        const op = doc.paths[path]?.[def.method.toLowerCase()]
        assert.ok(op, `${def.method} ${path} is documented`)
        assert.equal(op.operationId, name)
        if ('body' in def) assert.ok(op.requestBody, `${name} documents its body`)
      }
    } finally {
      await s.stop()
    }
  })

  test('logs never hold message text, passwords or tokens', async () => {
    const lines: string[] = []
    const logStream = new PassThrough()
    logStream.on('data', (chunk: Buffer) => lines.push(chunk.toString()))
    const s = await testServer({ logLevel: 'trace' }, { logStream })
    try {
      const ada = await s.person('ada'); const ben = await s.person('ben')
      const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: ben.id } })).json().id
      await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, body: { text: 'my secret order 7781' } })
      await s.call('GET', '/api/v1/me', { headers: { cookie: `parloir_session=${ben.token}` } })
      await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, body: { text: 42 } })
      const log = lines.join('')
      assert.ok(log.length > 0, 'something was logged')
      assert.match(log, /"url":"\/api\/v1\/conversations\//)
      for (const secret of ['my secret order 7781', ada.token, ben.token, 'correct horse battery']) assert.ok(!log.includes(secret), `log holds ${secret.slice(0, 8)}…`)
    } finally {
      await s.stop()
    }
  })

  test('request lines keep the path and the names of query parameters, never their values, on every route', async () => {
    const lines: string[] = []
    const logStream = new PassThrough()
    logStream.on('data', (chunk: Buffer) => lines.push(chunk.toString()))
    const s = await testServer({ logLevel: 'info' }, { logStream })
    try {
      const ada = await s.person('ada')
      await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })
      const canary = 'canary-7f3a9e'
      const visited = [
        `/messages/compose?recipient_id=northwind&text=${canary}%20my%20order`,
        `/widget/frame?brand=northwind&text=${canary}`,
        `/api/v1/stream?token=${canary}`,
        `/api/v1/accounts/by-handle/ada?x=${canary}&x=${canary}2`,
        `/nowhere?secret=${canary}`,
      ]
      for (const url of visited) await s.call('GET', url)
      await s.call('POST', `/api/v1/media?name=${canary}-passport.png`, { token: ada.token, headers: { 'content-type': 'image/png' }, body: 'not a png' })
      const log = lines.join('')
      assert.match(log, /"url":"\/widget\/frame\?brand=\[redacted\]&text=\[redacted\]"/)
      assert.match(log, /"url":"\/api\/v1\/media\?name=\[redacted\]"/)
      assert.match(log, /"url":"\/api\/v1\/stream\?token=\[redacted\]"/)
      assert.ok(!log.includes(canary), `a query value reached the log: ${lines.find((line) => line.includes(canary)) ?? ''}`)
    } finally {
      await s.stop()
    }
  })

  test('a graceful shutdown under load loses no acknowledged message', async () => {
    const s = await testServer({ rateLimits: { sendsPerSecond: 10_000, sendsBurst: 10_000 } as never })
    const ada = await s.person('ada'); const ben = await s.person('ben')
    const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: ben.id } })).json().id
    let answered = 0
    let closing: Promise<void> | undefined
    const sends = Array.from({ length: 400 }, (_, i) => s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, body: { text: `m${i}`, clientMessageId: `c${i}` } })
      .then((r) => {
        // Shut down while most sends are still in flight.
        if (++answered === 20) closing = s.close()
        return r
      }))
    const results = await Promise.all(sends)
    await closing
    const acknowledged = results.filter((r) => r.statusCode === 201).map((r) => r.json().seq as number)
    for (const r of results) assert.ok([201, 503].includes(r.statusCode), `status ${r.statusCode}`)
    const storage = await SqliteStorage.open({ path: s.config.databasePath })
    const kept = await storage.reads.messages.list(conv, ada.id, { visibleFromSeq: 0, limit: 500 })
    await storage.close()
    const keptSeqs = new Set(kept.map((m) => m.seq))
    for (const seq of acknowledged) assert.ok(keptSeqs.has(seq), `acknowledged seq ${seq} survived`)
    assert.ok(acknowledged.length > 0)
  })
})

describe('request bodies', () => {
  test('a JSON body of exactly 1 MiB is read (then judged by its schema); one byte more is refused unread', async () => {
    const s = await testServer()
    try {
      const ada = await s.person('ada')
      const frame = '{"bio":"","padding":""}'
      const sized = (bytes: number) => `{"bio":"","padding":"${'x'.repeat(bytes - frame.length)}"}`
      const send = (payload: string) => s.app.inject({
        method: 'PATCH', url: '/api/v1/me', payload,
        headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/json' },
      })
      const atLimit = await send(sized(1024 * 1024))
      assert.equal(Buffer.byteLength(sized(1024 * 1024)), 1024 * 1024)
      assert.equal(atLimit.statusCode, 400)
      assert.equal(atLimit.json().error.code, 'VALIDATION_FAILED', 'read and refused for its unknown field, not for its size')
      const over = await send(sized(1024 * 1024 + 1))
      assert.equal(over.statusCode, 413)
      assert.equal(over.json().error.code, 'BODY_TOO_LARGE')
    } finally {
      await s.stop()
    }
  })
})
