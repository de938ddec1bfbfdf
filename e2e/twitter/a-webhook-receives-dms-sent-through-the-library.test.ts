import { test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiResponseError, TwitterApi } from 'twitter-api-v2'
import { ParloirClient } from '@parloir/client'
import { freePort, startParloir, stopParloir, type ParloirProcess } from '../support/parloir-process.ts'
import { pointAtParloir } from './support/point-at-parloir.ts'
import { api, password, signup, type Body } from './support/accounts.ts'

// A support bot written for Twitter's Account Activity API runs unchanged against Parloir: the
// app registers its webhook and the brand's subscription through the real twitter-api-v2 (v1.1
// and v2 paths), the CRC is answered by twitter-autohook's own functions, and every DM to or from
// the brand — sent through the library or Parloir's own client — reaches the receiver signed so
// that autohook's validateSignature accepts it, shaped as X's Account Activity payloads.


// The real receiver functions of twitter-autohook (CommonJS, installed at the root).
const require = createRequire(import.meta.url)
const autohook = require('twitter-autohook') as {
  validateWebhook(token: string, auth: { consumer_secret: string }): { response_token: string }
  validateSignature(headers: http.IncomingHttpHeaders, auth: { consumer_secret: string }, body: string): boolean
}

interface Received { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }

/**
 * A receiver on 127.0.0.1 that behaves as autohook's `startServer()` does (which listens on every
 * interface): CRC GETs must carry a signature over the raw query string that `validateSignature`
 * accepts, then get `validateWebhook`'s answer; POSTs are taken only with `content-type` exactly
 * `application/json` and a valid signature over the raw body. A request that fails is never
 * answered, so Parloir sees a timeout, as with the real receiver.
 */
async function autohookReceiver(consumerSecret: string) {
  const auth = { consumer_secret: consumerSecret }
  const received: Received[] = []
  const rejected: Received[] = []
  const events: Body[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      const query = seen.url.includes('?') ? seen.url.slice(seen.url.indexOf('?') + 1) : ''
      const token = new URLSearchParams(query).get('crc_token')
      if (req.method === 'GET' && token) {
        if (!autohook.validateSignature(req.headers, auth, query)) { rejected.push(seen); return }
        received.push(seen)
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(autohook.validateWebhook(token, auth)))
        return
      }
      if (req.method === 'POST' && req.headers['content-type'] === 'application/json' && autohook.validateSignature(req.headers, auth, body)) {
        received.push(seen)
        events.push(JSON.parse(body) as Body)
        res.writeHead(200).end()
        return
      }
      rejected.push(seen)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    received, rejected, events,
    close: () => { server.closeAllConnections(); return new Promise((resolve) => server.close(resolve)) },
  }
}

/** An app of the session's owner, with its consumer secret and an OAuth 1.0a client acting as `accountId` (or the owner). */
async function appFor(server: ParloirProcess, session: string, name: string, accountId?: string) {
  const call = api(server, session)
  const created = await call('POST', '/api/v1/apps', { name, redirectUris: ['http://127.0.0.1:9/callback'] })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const keys = { appKey: created.body.app.consumerKey as string, appSecret: created.body.consumerSecret as string }
  const token = await call('POST', `/api/v1/apps/${created.body.app.id as string}/tokens`, accountId ? { accountId } : {})
  assert.equal(token.status, 201, JSON.stringify(token.body))
  const client = new TwitterApi({ ...keys, accessToken: token.body.accessToken, accessSecret: token.body.accessTokenSecret }, pointAtParloir(server.url))
  return { appId: created.body.app.id as string, secret: keys.appSecret, client }
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

test('the brand\'s Account Activity webhook, registered through twitter-api-v2, receives every DM signed for twitter-autohook', { timeout: 90_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-twitter-webhooks-'))
  const server = await startParloir({
    port: await freePort(), dataDir,
    env: { PARLOIR_OUTBOUND_ALLOW: '127.0.0.1:*', PARLOIR_WEBHOOK_POLL_MS: '100' },
  })
  let receiver: Awaited<ReturnType<typeof autohookReceiver>> | null = null
  try {
    const ada = await signup(server, 'ada')
    const ben = await signup(server, 'ben')
    const brand = await api(server, ada.session)('POST', '/api/v1/brands', { handle: 'northwind', displayName: 'Northwind Coffee' })
    assert.equal(brand.status, 201, JSON.stringify(brand.body))
    const brandId = brand.body.brand.id as string
    const bot = await appFor(server, ada.session, 'Northwind support bot', brandId)
    const benApp = await appFor(server, ben.session, 'Ben\'s DM tool')
    receiver = await autohookReceiver(bot.secret)
    const hook = receiver

    // v1.1: register (the CRC goes to the receiver first), list, re-check, subscribe the brand.
    const registered = await bot.client.v1.post('account_activity/all/:env/webhooks.json', { url: hook.url }, { params: { env: 'dev' } }) as Body
    assert.equal(registered.url, hook.url)
    assert.equal(registered.valid, true)
    assert.match(registered.id as string, /^\d+$/)
    const crc = hook.received.find((r) => r.method === 'GET')
    assert.ok(crc, 'the CRC reached the receiver before the answer')
    assert.match(crc.url, /^\/webhook\?crc_token=[^&]+&nonce=[0-9a-f]+$/)
    assert.equal(hook.rejected.length, 0)
    assert.deepEqual(await bot.client.v1.get('account_activity/all/:env/webhooks.json', undefined, { params: { env: 'dev' } }), [registered])
    const crcsBefore = hook.received.filter((r) => r.method === 'GET').length
    assert.equal(await bot.client.v1.put('account_activity/all/:env/webhooks/:id.json', undefined, { params: { env: 'dev', id: registered.id } }), '')
    assert.equal(hook.received.filter((r) => r.method === 'GET').length, crcsBefore + 1, 'PUT runs the CRC again')

    const notYet = await bot.client.v1.get('account_activity/all/:env/subscriptions.json', undefined, { params: { env: 'dev' } }).catch((e: unknown) => e)
    assert.ok(notYet instanceof ApiResponseError && notYet.code === 404 && notYet.hasErrorCode(34))
    assert.equal(await bot.client.v1.post('account_activity/all/:env/subscriptions.json', undefined, { params: { env: 'dev' } }), '')
    assert.equal(await bot.client.v1.get('account_activity/all/:env/subscriptions.json', undefined, { params: { env: 'dev' } }), '')
    const list = await bot.client.v1.get('account_activity/all/:env/subscriptions/list.json', undefined, { params: { env: 'dev' } }) as Body
    assert.deepEqual(list, { environment: 'dev', application_id: bot.appId, subscriptions: [{ user_id: brandId }] })
    const count = await bot.client.v1.get('account_activity/all/subscriptions/count.json') as Body
    assert.equal(count.subscriptions_count_all, '1')

    // A person writes to the brand through the library, with an app of his own.
    const fromBen = await benApp.client.v1.sendDm({ recipient_id: brandId, text: 'Is my order #42 ready? @northwind' })
    await waitFor('Ben\'s DM', () => hook.events.some((e) => e.direct_message_events?.[0]?.id === fromBen.event.id))
    const first = hook.events.find((e) => e.direct_message_events?.[0]?.id === fromBen.event.id)!
    assert.equal(first.for_user_id, brandId)
    const event = first.direct_message_events[0]
    assert.equal(event.type, 'message_create')
    assert.match(event.created_timestamp as string, /^\d{13}$/)
    assert.equal(event.message_create.sender_id, ben.id)
    assert.deepEqual(event.message_create.target, { recipient_id: brandId })
    assert.equal(event.message_create.message_data.text, 'Is my order #42 ready? @northwind')
    assert.equal(event.message_create.message_data.entities.user_mentions[0]?.screen_name, 'northwind')
    assert.deepEqual(event, fromBen.event, 'the webhook carries the event events/new answered')
    assert.equal(event.message_create.source_app_id, benApp.appId)
    assert.deepEqual(first.apps, { [benApp.appId]: { id: benApp.appId, name: 'Ben\'s DM tool', url: '' } })
    assert.deepEqual(Object.keys(first.users).sort(), [ben.id, brandId].sort())
    assert.equal(first.users[ben.id].screen_name, 'ben')
    assert.equal(first.users[brandId].screen_name, 'northwind')
    assert.equal(first.users[brandId].name, 'Northwind Coffee')

    // The brand's bot answers through the library with a quick reply: its own DMs reach the webhook too.
    const question = await bot.client.v1.sendDm({
      recipient_id: ben.id, text: 'Yes! Pick it up today?',
      quick_reply: { type: 'options', options: [{ label: 'Today', metadata: 'pickup_today' }, { label: 'Tomorrow', metadata: 'pickup_tomorrow' }] },
    })
    await waitFor('the bot\'s DM', () => hook.events.some((e) => e.direct_message_events?.[0]?.id === question.event.id))
    const own = hook.events.find((e) => e.direct_message_events?.[0]?.id === question.event.id)!
    assert.equal(own.for_user_id, brandId)
    assert.equal(own.direct_message_events[0].message_create.sender_id, brandId, 'sender_id = for_user_id: a message the brand sent')
    assert.deepEqual(own.direct_message_events[0].message_create.message_data.quick_reply.options.map((o: Body) => o.metadata), ['pickup_today', 'pickup_tomorrow'])
    assert.ok(own.apps[bot.appId])

    // Ben taps an option in Parloir's own client: the answer carries quick_reply_response.metadata.
    const benClient = new ParloirClient({ baseUrl: server.url })
    await benClient.login({ handle: 'ben', password })
    const conversation = await benClient.openDirect(brandId)
    const tapped = await benClient.sendMessage(conversation.id, {
      text: 'Today', clientMessageId: 'ben-qr', quickReplyResponse: { type: 'options', messageId: question.event.id, metadata: 'pickup_today' },
    })
    const tappedId = tapped.id
    await waitFor('the quick-reply answer', () => hook.events.some((e) => e.direct_message_events?.[0]?.id === tappedId))
    const answer = hook.events.find((e) => e.direct_message_events?.[0]?.id === tappedId)!
    assert.equal(answer.for_user_id, brandId)
    assert.equal(answer.direct_message_events[0].message_create.sender_id, ben.id)
    assert.deepEqual(answer.direct_message_events[0].message_create.message_data.quick_reply_response, { type: 'options', metadata: 'pickup_today' })
    assert.equal(answer.apps, undefined, 'a message from Parloir\'s own client names no app')
    assert.ok(answer.users[ben.id] && answer.users[brandId])

    // Every delivery was signed over the exact bytes sent, with content-type exactly application/json.
    const posts = hook.received.filter((r) => r.method === 'POST')
    assert.ok(posts.length >= 3)
    for (const post of posts) {
      assert.equal(post.headers['content-type'], 'application/json')
      assert.equal(autohook.validateSignature(post.headers, { consumer_secret: bot.secret }, post.body), true)
      assert.equal(autohook.validateSignature(post.headers, { consumer_secret: benApp.secret }, post.body), false)
    }
    assert.equal(hook.rejected.length, 0, 'autohook rejected nothing')
    assert.equal(new Set(hook.events.flatMap((e) => (e.direct_message_events ?? []).map((d: Body) => d.id))).size,
      hook.events.filter((e) => e.direct_message_events).length, 'one delivery per event for the one subscribed account')

    // Unsubscribed, the brand's DMs stop; the webhook is deleted through the library.
    assert.equal(await bot.client.v1.delete('account_activity/all/:env/subscriptions/:user.json', undefined, { params: { env: 'dev', user: brandId } }), '')
    const after = await bot.client.v1.sendDm({ recipient_id: ben.id, text: 'not delivered' })
    await new Promise((resolve) => setTimeout(resolve, 600))
    assert.ok(!hook.events.some((e) => e.direct_message_events?.[0]?.id === after.event.id))
    assert.equal(await bot.client.v1.delete('account_activity/all/:env/webhooks/:id.json', undefined, { params: { env: 'dev', id: registered.id } }), '')
    assert.deepEqual(await bot.client.v1.get('account_activity/all/:env/webhooks.json', undefined, { params: { env: 'dev' } }), [])

    // v2: /2/webhooks and /2/account_activity subscriptions through the library's raw methods.
    const v2hook = await bot.client.v2.post('webhooks', { url: hook.url }) as Body
    assert.equal(v2hook.data.url, hook.url)
    assert.equal(v2hook.data.valid, true)
    const v2id = v2hook.data.id as string
    assert.deepEqual(await bot.client.v2.get('webhooks'), { data: [v2hook.data], meta: { result_count: 1 } })
    assert.deepEqual(await bot.client.v2.put('webhooks/:id', undefined, { params: { id: v2id } }), { data: { valid: true } })
    const subs = 'account_activity/webhooks/:id/subscriptions'
    assert.deepEqual(await bot.client.v2.get(`${subs}/all`, undefined, { params: { id: v2id } }), { data: { subscribed: false } })
    assert.deepEqual(await bot.client.v2.post(`${subs}/all`, undefined, { params: { id: v2id } }), { data: { subscribed: true } })
    assert.deepEqual(await bot.client.v2.get(`${subs}/all/list`, undefined, { params: { id: v2id } }),
      { data: { application_id: bot.appId, webhook_id: v2id, webhook_url: hook.url, subscriptions: [{ user_id: brandId }] } })
    const v2count = await bot.client.v2.get('account_activity/subscriptions/count') as Body
    assert.equal(v2count.data.subscriptions_count_all, '1')
    const viaV2 = await benApp.client.v2.sendDmToParticipant(brandId, { text: 'and through v2' }) as unknown as Body
    await waitFor('the v2 DM', () => hook.events.some((e) => e.direct_message_events?.[0]?.id === viaV2.data.dm_event_id))
    assert.deepEqual(await bot.client.v2.delete(`${subs}/:user/all`, undefined, { params: { id: v2id, user: brandId } }), { data: { subscribed: false } })
    assert.deepEqual(await bot.client.v2.delete('webhooks/:id', undefined, { params: { id: v2id } }), { data: { deleted: true } })
    assert.deepEqual(await bot.client.v2.get('webhooks'), { data: [], meta: { result_count: 0 } })
    const gone = await bot.client.v2.delete('webhooks/:id', undefined, { params: { id: v2id } }).catch((e: unknown) => e)
    assert.ok(gone instanceof ApiResponseError && gone.code === 404)

    // A URL on a private address that the administrator did not allow is refused in Twitter's shape.
    const refused = await bot.client.v1.post('account_activity/all/:env/webhooks.json', { url: 'http://10.1.2.3/hook' }, { params: { env: 'other' } }).catch((e: unknown) => e)
    assert.ok(refused instanceof ApiResponseError && refused.code === 400 && refused.hasErrorCode(214))
  } finally {
    await receiver?.close()
    await stopParloir(server, 'SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
})
