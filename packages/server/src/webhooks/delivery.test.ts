import { describe, test, before, after, beforeEach } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { Webhook } from 'standardwebhooks'
import * as core from '@parloir/core'
import type { Actor, AppRecord } from '@parloir/core'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'
import { OutboundGuard, parseAllowList } from './outbound.ts'
import { webhookWorkerOf } from './routes.ts'
import { registerAccountActivityWebhook } from './account-activity.ts'
import { nextAttemptDelayMs, parseRetryAfter, type WebhookWorker } from './worker.ts'

// The real receiver functions of twitter-autohook (CommonJS).
const require = createRequire(import.meta.url)
const autohook = require('twitter-autohook') as {
  Autohook: new (options: Record<string, string | number>) => { startServer(): void; server: http.Server; on(event: 'event', fn: (body: unknown) => void): void }
  validateWebhook(token: string, auth: { consumer_secret: string }): { response_token: string }
  validateSignature(headers: http.IncomingHttpHeaders, auth: { consumer_secret: string }, body: string): boolean
}

type Person = Awaited<ReturnType<TestServer['person']>>
interface DmEvent {
  type: string; id: string; created_timestamp: string
  message_create: { sender_id: string; target: unknown; message_data: { text: string; entities: { hashtags: unknown; user_mentions: Array<{ screen_name: string }> } } }
}
interface Activity { created_timestamp: string; sender_id: string; target: unknown; last_read_event_id?: string }
interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }

/** A receiver on 127.0.0.1 whose answers the test decides. */
async function receiver(answer: (req: Seen, res: http.ServerResponse) => void = (_req, res) => res.writeHead(200).end()) {
  const seen: Seen[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => { body += c.toString('utf8') })
    req.on('end', () => { const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }; seen.push(s); current.answer(s, res) })
  })
  const current = { answer }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    seen, port, url: `http://127.0.0.1:${port}/hook`,
    set answer(fn: (req: Seen, res: http.ServerResponse) => void) { current.answer = fn },
    close: () => { server.closeAllConnections(); return new Promise((resolve) => server.close(resolve)) },
  }
}

async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

const actorOf = (p: Person): Actor => ({ userId: p.id, accountId: p.id, sessionId: 'test', role: 'self' })

describe('webhook deliveries', () => {
  let s: TestServer
  let worker: WebhookWorker
  let ada: Person, ben: Person, cat: Person
  let conv: string
  let app: AppRecord
  let consumerSecret: string
  const clock = new TestClock()

  before(async () => {
    s = await testServer({
      outboundAllow: parseAllowList('127.0.0.1:*'),
      webhooks: { pollMs: 0, retryScheduleMs: [1_000, 60_000, 3_600_000], crcIntervalMs: 3_600_000 },
      rateLimits: { sendsPerSecond: 1000, sendsBurst: 1000 } as TestServer['config']['rateLimits'],
    }, { clock })
    worker = webhookWorkerOf(s.deps)
    ;[ada, ben, cat] = [await s.person('ada'), await s.person('ben'), await s.person('cat')]
    conv = (await s.call('POST', '/api/v1/conversations/direct', { token: ben.token, body: { accountId: ada.id } })).json().id
    const created = await core.createApp(s.deps, actorOf(ada), { name: 'Ada bot' })
    consumerSecret = created.consumerSecret
    app = (await s.deps.storage.reads.apps.byId(created.app.id))!
  })
  after(() => s.stop())

  const send = async (text: string, from = ben, conversationId = conv) => {
    const res = await s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: from.token, body: { text } })
    assert.equal(res.statusCode, 201, res.body)
    await worker.idle()
    return res.json() as { id: string; seq: number }
  }
  const guard = () => ({ deps: s.deps, guard: new OutboundGuard({ allow: parseAllowList('127.0.0.1:*') }), worker })

  describe('Account Activity, checked by the real twitter-autohook receiver', () => {
    let hook: InstanceType<typeof autohook.Autohook>
    const events: Array<Record<string, unknown>> = []
    let url = ''
    let webhookId = ''
    before(async () => {
      const port = await freePort()
      hook = new autohook.Autohook({ token: 't', token_secret: 'ts', consumer_key: app.consumerKey, consumer_secret: consumerSecret, env: 'dev', port })
      hook.on('event', (body) => events.push(body as Record<string, unknown>))
      hook.startServer()
      await new Promise((resolve) => hook.server.once('listening', resolve))
      url = `http://127.0.0.1:${port}/webhook`
    })
    after(() => { hook.server.closeAllConnections(); return new Promise((resolve) => hook.server.close(resolve)) })

    test('registration passes autohook\'s CRC (signed over the raw query string); a wrong secret fails it within 3 s', async () => {
      const webhook = await registerAccountActivityWebhook(guard(), app, { envName: 'dev', url, createdBy: ada.id })
      webhookId = webhook.id
      assert.equal(webhook.valid, true)
      assert.equal(webhook.crcResult, 'ok')
      // autohook never answers a CRC whose signature fails: with another secret, the check times out.
      const forged = { ...app, consumerSecretSealed: s.deps.secrets.seal('not-the-secret') }
      const started = Date.now()
      await assert.rejects(registerAccountActivityWebhook(guard(), forged, { envName: 'dev2', url, createdBy: ada.id }), (err: { code?: string; details?: { reason?: string } }) => {
        assert.equal(err.code, 'WEBHOOK_CRC_FAILED')
        assert.equal(err.details?.reason, 'timeout')
        return true
      })
      assert.ok(Date.now() - started < 4_000)
    })

    test('a message reaches the webhook once per subscribed account involved, signed, shaped as Account Activity payloads', async () => {
      const webhook = (await s.deps.storage.reads.webhooks.byId(webhookId))!
      assert.equal(await core.subscribeAccount(s.deps, webhook, ada.id, ada.id), true)
      assert.equal(await core.subscribeAccount(s.deps, webhook, ben.id, ben.id), true)
      events.length = 0
      const message = await send('Hello #parloir @ada')
      await waitFor(() => events.length >= 2)
      const byUser = new Map(events.map((e) => [e.for_user_id, e]))
      assert.deepEqual([...byUser.keys()].sort(), [ada.id, ben.id].sort())
      const forAda = byUser.get(ada.id) as { direct_message_events: DmEvent[]; users: Record<string, Record<string, unknown>> }
      const event = forAda.direct_message_events[0]!
      assert.equal(event.type, 'message_create')
      assert.equal(event.id, message.id)
      assert.match(event.created_timestamp, /^\d{13}$/)
      assert.equal(event.message_create.sender_id, ben.id)
      assert.deepEqual(event.message_create.target, { recipient_id: ada.id })
      assert.equal(event.message_create.message_data.text, 'Hello #parloir @ada')
      assert.deepEqual(event.message_create.message_data.entities.hashtags, [{ text: 'parloir', indices: [6, 14] }])
      assert.equal(event.message_create.message_data.entities.user_mentions[0]?.screen_name, 'ada')
      assert.deepEqual(Object.keys(forAda.users).sort(), [ada.id, ben.id].sort())
      assert.equal(forAda.users[ben.id]!.screen_name, 'ben')
      assert.equal(forAda.users[ben.id]!.id, ben.id)
      const log = await s.deps.storage.reads.webhooks.deliveries(webhookId, 10)
      assert.deepEqual(log.slice(0, 2).map((d) => [d.status, d.attempts, d.lastStatusCode]), [['delivered', 1, 200], ['delivered', 1, 200]])
    })

    test('typing and read events arrive as direct_message_indicate_typing_events and direct_message_mark_read_events', async () => {
      events.length = 0
      const typed = await s.call('POST', `/api/v1/conversations/${conv}/typing`, { token: ben.token })
      assert.equal(typed.statusCode, 204)
      await worker.idle()
      await waitFor(() => events.length >= 1)
      const typing = events[0] as { for_user_id: string; direct_message_indicate_typing_events: Activity[]; users: Record<string, unknown> }
      assert.equal(typing.for_user_id, ada.id, 'the typist does not hear of its own typing')
      assert.equal(typing.direct_message_indicate_typing_events[0]!.sender_id, ben.id)
      assert.deepEqual(typing.direct_message_indicate_typing_events[0]!.target, { recipient_id: ada.id })
      assert.ok(typing.users[ben.id])
      events.length = 0
      const last = await send('read me')
      await waitFor(() => events.length >= 2)
      events.length = 0
      assert.equal((await s.call('POST', `/api/v1/conversations/${conv}/read`, { token: ada.token, body: { seq: last.seq } })).statusCode, 204)
      await worker.idle()
      await waitFor(() => events.length >= 1)
      const reads = events.filter((e) => 'direct_message_mark_read_events' in e) as Array<{ for_user_id: string; direct_message_mark_read_events: Activity[] }>
      assert.ok(reads.length >= 1)
      const read = reads.find((r) => r.for_user_id === ada.id)!
      assert.equal(read.direct_message_mark_read_events[0]!.sender_id, ada.id)
      assert.equal(read.direct_message_mark_read_events[0]!.last_read_event_id, last.id)
      assert.deepEqual(read.direct_message_mark_read_events[0]!.target, { recipient_id: ben.id })
    })

    test('validateSignature accepts the exact bytes of a delivery and content-type is exactly application/json', async () => {
      const plain = await receiver()
      try {
        const webhook = await registerAccountActivityWebhook(guard(), app, { envName: 'raw', url: await crcAnsweringUrl(plain), createdBy: ada.id })
        await core.subscribeAccount(s.deps, webhook, ada.id, ada.id)
        await send('bytes')
        await waitFor(() => plain.seen.some((r) => r.method === 'POST'))
        const post = plain.seen.find((r) => r.method === 'POST')!
        assert.equal(post.headers['content-type'], 'application/json')
        assert.equal(autohook.validateSignature(post.headers, { consumer_secret: consumerSecret }, post.body), true)
        assert.equal(autohook.validateSignature(post.headers, { consumer_secret: 'other' }, post.body), false)
        const crc = plain.seen.find((r) => r.method === 'GET')!
        assert.match(crc.url, /^\/hook\?crc_token=[A-Za-z0-9_-]+&nonce=[0-9a-f]{32}$/)
        assert.equal(autohook.validateSignature(crc.headers, { consumer_secret: consumerSecret }, crc.url.split('?')[1]!), true)
        await core.deleteWebhook(s.deps, webhook)
      } finally { await plain.close() }
    })

    /** A plain receiver that answers CRCs with autohook's own validateWebhook. */
    async function crcAnsweringUrl(r: Awaited<ReturnType<typeof receiver>>): Promise<string> {
      r.answer = (req, res) => {
        const token = new URL(req.url, 'http://x').searchParams.get('crc_token')
        if (req.method === 'GET' && token) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(autohook.validateWebhook(token, { consumer_secret: consumerSecret })))
        else res.writeHead(200).end()
      }
      return r.url
    }

    test('a receiver answering 200 with the wrong token, or late, fails the CRC and makes the webhook invalid', async () => {
      const liar = await receiver((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"response_token":"sha256=nope"}'))
      try {
        await assert.rejects(registerAccountActivityWebhook(guard(), app, { envName: 'liar', url: liar.url, createdBy: ada.id }), /WEBHOOK_CRC_FAILED|challenge/)
        const webhook = (await s.deps.storage.reads.webhooks.byId(webhookId))!
        const { outcome, webhook: after } = await worker.recheck({ ...webhook, url: liar.url })
        assert.deepEqual(outcome, { ok: false, reason: 'wrong response_token' })
        assert.equal(after.valid, false)
        const again = await worker.recheck(webhook)
        assert.equal(again.webhook.valid, true, 'a later CRC that passes makes it valid again')
      } finally { await liar.close() }
    })
  })

  describe('the hourly CRC', () => {
    test('re-checks an Account Activity webhook an hour after its last check, not before', async () => {
      const r = await receiver((req, res) => {
        const token = new URL(req.url, 'http://x').searchParams.get('crc_token')
        if (token) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(autohook.validateWebhook(token, { consumer_secret: consumerSecret })))
        else res.writeHead(200).end()
      })
      try {
        const webhook = await registerAccountActivityWebhook(guard(), app, { envName: 'hourly', url: r.url, createdBy: ada.id })
        const crcs = () => r.seen.filter((req) => req.method === 'GET').length
        assert.equal(crcs(), 1)
        clock.advance(3_600_000 - 1)
        await worker.checkDueCrcs()
        assert.equal(crcs(), 1)
        clock.advance(1)
        await worker.checkDueCrcs()
        assert.equal(crcs(), 2)
        r.answer = (_req, res) => res.writeHead(500).end()
        clock.advance(3_600_000)
        await worker.checkDueCrcs()
        const after = (await s.deps.storage.reads.webhooks.byId(webhook.id))!
        assert.deepEqual([after.valid, after.crcResult], [false, 'status 500'], 'a failed hourly CRC stops deliveries')
        await core.deleteWebhook(s.deps, after)
      } finally { await r.close() }
    })
  })

  describe('native webhooks, checked by the standardwebhooks package', () => {
    test('deliveries verify, carry a stable webhook-id, and a message of a conversation the owner is not in never goes out', async () => {
      // The receiver checks webhook-timestamp against its own clock (5 min tolerance): bring ours to the wall clock.
      clock.ms = Math.max(clock.ms, Date.now())
      const r = await receiver()
      try {
        const created = await s.call('POST', `/api/v1/apps/${app.id}/webhooks`, { token: ada.token, body: { url: r.url, eventTypes: ['message.created'] } })
        assert.equal(created.statusCode, 201, created.body)
        const { webhook, secret } = created.json() as { webhook: { id: string }; secret: string }
        assert.match(secret, /^whsec_[A-Za-z0-9+/=]{40,}$/)
        const message = await send('native hello')
        // ben and cat talk without ada: nothing for ada's webhook.
        const other = (await s.call('POST', '/api/v1/conversations/direct', { token: ben.token, body: { accountId: cat.id } })).json().id
        await send('private to ben and cat', ben, other)
        await waitFor(() => r.seen.length >= 1)
        const verifier = new Webhook(secret)
        const bodies = r.seen.map((req) => verifier.verify(req.body, req.headers as Record<string, string>) as { type: string; forAccountId: string; data: { message: { id: string; text: string } } })
        assert.deepEqual(bodies.map((b) => [b.type, b.forAccountId, b.data.message.id]), [['message.created', ada.id, message.id]])
        assert.ok(!r.seen.some((req) => req.body.includes('private to ben and cat')))
        assert.throws(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(r.seen[0]!.body, r.seen[0]!.headers as Record<string, string>))
        const log = await s.call('GET', `/api/v1/apps/${app.id}/webhooks/${webhook.id}/deliveries`, { token: ada.token })
        assert.equal(log.statusCode, 200)
        const entry = log.json().deliveries[0]
        assert.equal(entry.id, r.seen[0]!.headers['webhook-id'])
        assert.equal(entry.status, 'delivered')
        assert.equal(entry.lastStatusCode, 200)
        assert.equal(typeof entry.lastDurationMs, 'number')
        assert.equal('payload' in entry, false)
        // Someone else's app answers like a missing one.
        assert.equal((await s.call('GET', `/api/v1/apps/${app.id}/webhooks/${webhook.id}/deliveries`, { token: ben.token })).statusCode, 404)
        assert.equal((await s.call('DELETE', `/api/v1/apps/${app.id}/webhooks/${webhook.id}`, { token: ada.token })).statusCode, 204)
      } finally { await r.close() }
    })

    test('a private or non-http URL is refused at registration', async () => {
      for (const url of ['http://10.0.0.1/hook', 'http://169.254.169.254/', 'ftp://127.0.0.1/', 'http://[::1]/x', 'http://127.0.0.2/']) {
        const res = await s.call('POST', `/api/v1/apps/${app.id}/webhooks`, { token: ada.token, body: { url } })
        assert.equal(res.statusCode, 400, url)
        assert.equal(res.json().error.code, 'WEBHOOK_URL_REFUSED', url)
      }
    })
  })

  describe('retries', () => {
    let r: Awaited<ReturnType<typeof receiver>>
    let webhookId: string
    before(async () => {
      // Only the webhook under test may have deliveries due.
      for (const w of await s.deps.storage.reads.webhooks.ofApp(app.id)) await core.deleteWebhook(s.deps, w)
    })
    beforeEach(async () => {
      r = await receiver()
      const created = await s.call('POST', `/api/v1/apps/${app.id}/webhooks`, { token: ada.token, body: { url: r.url } })
      webhookId = created.json().webhook.id
    })
    const deliveries = () => s.deps.storage.reads.webhooks.deliveries(webhookId, 50)
    const cleanup = async () => { await r.close(); await core.deleteWebhook(s.deps, (await s.deps.storage.reads.webhooks.byId(webhookId))!) }

    test('Retry-After is honoured, backoff follows the schedule with jitter, and order is kept per webhook', async () => {
      try {
        r.answer = (_req, res) => res.writeHead(503, { 'retry-after': '120' }).end()
        const first = await send('first')
        const second = await send('second')
        let log = await deliveries()
        const head = log.find((d) => d.eventName === 'message.created' && d.payload.includes(first.id))!
        assert.equal(head.attempts, 1)
        assert.equal(head.lastStatusCode, 503)
        assert.equal(head.nextAttemptAtMs, clock.now() + 120_000, 'Retry-After beats the 1 s of the schedule')
        assert.equal(r.seen.length, 1, 'the second waits behind the first')
        clock.advance(119_999)
        assert.equal(await worker.tick(), 0)
        clock.advance(1)
        r.answer = (_req, res) => res.writeHead(500).end()
        assert.equal(await worker.tick(), 1)
        log = await deliveries()
        const retried = log.find((d) => d.id === head.id)!
        assert.equal(retried.attempts, 2)
        const wait = retried.nextAttemptAtMs - clock.now()
        assert.ok(wait >= 48_000 && wait <= 72_000, `60 s ± 20 %, got ${wait}`)
        clock.advance(72_000)
        r.answer = (_req, res) => res.writeHead(204).end()
        while ((await worker.tick()) > 0) { /* drain */ }
        const bodies = r.seen.map((req) => (JSON.parse(req.body) as { data: { message: { id: string } } }).data.message.id)
        assert.deepEqual(bodies, [first.id, first.id, first.id, second.id], 'in order, the first three times, then the second')
        assert.deepEqual(new Set(r.seen.slice(0, 3).map((req) => req.headers['webhook-id'])).size, 1, 'the delivery id is stable across retries')
        assert.ok((await deliveries()).every((d) => d.status === 'delivered'))
      } finally { await cleanup() }
    })

    test('a redirect is a failed attempt, never followed', async () => {
      try {
        r.answer = (req, res) => (req.url === '/hook' ? res.writeHead(302, { location: '/elsewhere' }).end() : res.writeHead(200).end())
        await send('redirected')
        const [d] = await deliveries()
        assert.equal(d!.status, 'pending')
        assert.equal(d!.lastStatusCode, 302)
        assert.match(d!.lastError ?? '', /redirects are not followed/)
        assert.deepEqual(r.seen.map((req) => req.url), ['/hook'])
      } finally { await cleanup() }
    })

    test('410 Gone disables the webhook at once; later events are not queued for it', async () => {
      try {
        r.answer = (_req, res) => res.writeHead(410).end()
        await send('gone')
        const webhook = (await s.deps.storage.reads.webhooks.byId(webhookId))!
        assert.equal(webhook.disabledReason, 'gone')
        assert.equal((await deliveries())[0]!.status, 'failed')
        await send('after gone')
        assert.equal((await deliveries()).length, 1)
      } finally { await cleanup() }
    })

    test('after the last retry of the schedule the webhook is disabled and what waited behind fails', async () => {
      try {
        r.answer = (_req, res) => res.writeHead(500).end()
        await send('doomed')
        await send('behind it')
        for (let i = 0; i < 3; i++) { clock.advance(3_600_000 * 2); await worker.tick() }
        const webhook = (await s.deps.storage.reads.webhooks.byId(webhookId))!
        assert.equal(webhook.disabledReason, 'retries exhausted')
        const log = await deliveries()
        assert.deepEqual(log.map((d) => d.status), ['failed', 'failed'])
        assert.equal(log.find((d) => d.payload.includes('doomed'))!.attempts, 4)
        assert.equal(r.seen.length, 4)
      } finally { await cleanup() }
    })

    test('an unreachable receiver is retried: a delivery survives a receiver that was down', async () => {
      const port = r.port
      await r.close()
      try {
        await send('while down')
        const [d] = await deliveries()
        assert.equal(d!.status, 'pending')
        assert.match(d!.lastError ?? '', /^network/)
        const back = http.createServer((_req, res) => res.writeHead(200).end())
        await new Promise<void>((resolve) => back.listen(port, '127.0.0.1', resolve))
        try {
          clock.advance(1_200)
          assert.equal(await worker.tick(), 1)
          assert.equal((await deliveries())[0]!.status, 'delivered')
        } finally { back.closeAllConnections(); await new Promise((resolve) => back.close(resolve)) }
      } finally { await core.deleteWebhook(s.deps, (await s.deps.storage.reads.webhooks.byId(webhookId))!) }
    })
  })
})

describe('retry arithmetic', () => {
  test('Retry-After in seconds or as a date; garbage is ignored', () => {
    assert.equal(parseRetryAfter('120', 0), 120_000)
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6_000)
    assert.equal(parseRetryAfter('soon', 0), null)
    assert.equal(parseRetryAfter(undefined, 0), null)
  })
  test('the schedule with ±20 % jitter, Retry-After as a floor capped at 24 h, null past the end', () => {
    const schedule = [1_000, 10_000]
    assert.equal(nextAttemptDelayMs(schedule, 1, null, () => 0), 800)
    assert.equal(nextAttemptDelayMs(schedule, 1, null, () => 0.999999), 1_200)
    assert.equal(nextAttemptDelayMs(schedule, 2, 5_000, () => 0.5), 10_000)
    assert.equal(nextAttemptDelayMs(schedule, 2, 50_000, () => 0.5), 50_000)
    assert.equal(nextAttemptDelayMs(schedule, 2, 10 * 86_400_000, () => 0.5), 86_400_000)
    assert.equal(nextAttemptDelayMs(schedule, 3, null, () => 0.5), null)
  })
})

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
