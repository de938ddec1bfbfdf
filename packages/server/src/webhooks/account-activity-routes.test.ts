import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import * as core from '@parloir/core'
import type { Actor, AppRecord } from '@parloir/core'
import { testServer, type TestServer } from '@parloir/testing/server'
import { testTwitterAuthenticate } from '@parloir/testing/twitter-caller'
import { parseAllowList } from './outbound.ts'

const require = createRequire(import.meta.url)
const { validateWebhook } = require('twitter-autohook') as { validateWebhook(token: string, auth: { consumer_secret: string }): { response_token: string } }

type Person = Awaited<ReturnType<TestServer['person']>>

describe('Account Activity routes (v1.1 and v2)', () => {
  let s: TestServer
  let ada: Person, ben: Person
  let app: AppRecord
  let secret = ''
  let receiver: http.Server
  let url = ''
  let answering = true
  before(async () => {
    s = await testServer({ outboundAllow: parseAllowList('127.0.0.1:*'), webhooks: { pollMs: 0, retryScheduleMs: [1_000], crcIntervalMs: 3_600_000 } }, { twitterAuthenticate: testTwitterAuthenticate })
    ;[ada, ben] = [await s.person('ada'), await s.person('ben')]
    const actor: Actor = { userId: ada.id, accountId: ada.id, sessionId: 'test', role: 'self' }
    const created = await core.createApp(s.deps, actor, { name: 'Ada bot' })
    secret = created.consumerSecret
    app = (await s.deps.storage.reads.apps.byId(created.app.id))!
    receiver = http.createServer((req, res) => {
      const token = new URL(req.url ?? '/', 'http://x').searchParams.get('crc_token')
      if (req.method === 'GET' && token && answering) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(validateWebhook(token, { consumer_secret: secret })))
      else res.writeHead(answering ? 200 : 500).end()
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`
  })
  after(async () => { receiver.closeAllConnections(); await new Promise((resolve) => receiver.close(resolve)); await s.stop() })

  const as = (who: Person | 'app', appId = app.id): Record<string, string> => (who === 'app'
    ? { 'x-test-kind': 'app-only', 'x-test-app': appId }
    : { 'x-test-account': who.id, 'x-test-app': appId })
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, who: Person | 'app', body?: unknown, appId?: string) =>
    s.call(method, path, { headers: as(who, appId), ...(body !== undefined ? { body } : {}) })

  test('v1.1: register with CRC, list, re-check, subscribe, count, unsubscribe, delete', async () => {
    const created = await call('POST', `/1.1/account_activity/all/dev/webhooks.json?url=${encodeURIComponent(url)}`, ada)
    assert.equal(created.statusCode, 200, created.body)
    const webhook = created.json() as { id: string; url: string; valid: boolean; created_timestamp: string }
    assert.equal(webhook.url, url)
    assert.equal(webhook.valid, true)
    assert.match(webhook.created_timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$/)
    const again = await call('POST', `/1.1/account_activity/all/dev/webhooks.json?url=${encodeURIComponent(url)}`, ada)
    assert.equal(again.statusCode, 403, 'one webhook per environment')
    assert.equal(again.json().errors[0].code, 214)

    assert.deepEqual((await call('GET', '/1.1/account_activity/all/dev/webhooks.json', 'app')).json(), [webhook])
    assert.deepEqual((await call('GET', '/1.1/account_activity/all/webhooks.json', 'app')).json(), { environments: [{ environment_name: 'dev', webhooks: [webhook] }] })
    assert.equal((await call('PUT', `/1.1/account_activity/all/dev/webhooks/${webhook.id}.json`, 'app')).statusCode, 204)

    assert.equal((await call('GET', '/1.1/account_activity/all/dev/subscriptions.json', ada)).statusCode, 404)
    assert.equal((await call('POST', '/1.1/account_activity/all/dev/subscriptions.json', ada)).statusCode, 204)
    assert.equal((await call('POST', '/1.1/account_activity/all/dev/subscriptions.json', ben)).statusCode, 204)
    assert.equal((await call('GET', '/1.1/account_activity/all/dev/subscriptions.json', ada)).statusCode, 204)
    const appOnly = await call('POST', '/1.1/account_activity/all/dev/subscriptions.json', 'app')
    assert.equal(appOnly.statusCode, 403, 'a subscription needs the account\'s own token')
    const list = (await call('GET', '/1.1/account_activity/all/dev/subscriptions/list.json', 'app')).json()
    assert.deepEqual(list, { environment: 'dev', application_id: app.id, subscriptions: [{ user_id: ada.id }, { user_id: ben.id }].sort((a, b) => (a.user_id < b.user_id ? -1 : 1)) })
    assert.deepEqual((await call('GET', '/1.1/account_activity/all/subscriptions/count.json', 'app')).json(), { account_name: 'Ada bot', subscriptions_count_all: '2', subscriptions_count_direct_messages: '2' })
    assert.equal((await call('DELETE', `/1.1/account_activity/all/dev/subscriptions/${ben.id}.json`, 'app')).statusCode, 204)
    assert.equal((await call('DELETE', `/1.1/account_activity/all/dev/subscriptions/${ben.id}.json`, 'app')).statusCode, 404)
    assert.equal((await call('DELETE', '/1.1/account_activity/all/dev/subscriptions.json', ada)).statusCode, 204)

    answering = false
    const failed = await call('PUT', `/1.1/account_activity/all/dev/webhooks/${webhook.id}.json`, 'app')
    answering = true
    assert.equal(failed.statusCode, 400)
    assert.equal(failed.json().errors[0].code, 214)
    assert.equal((await call('GET', '/1.1/account_activity/all/dev/webhooks.json', 'app')).json()[0].valid, false, 'a failed CRC makes it invalid')
    // Another app sees nothing of it.
    assert.equal((await call('DELETE', `/1.1/account_activity/all/dev/webhooks/${webhook.id}.json`, 'app', undefined, '1000000000000000001')).statusCode, 401)
    assert.equal((await call('DELETE', `/1.1/account_activity/all/dev/webhooks/${webhook.id}.json`, 'app')).statusCode, 204)
    assert.deepEqual((await call('GET', '/1.1/account_activity/all/dev/webhooks.json', 'app')).json(), [])
  })

  test('v1.1: a URL that fails the CRC or the SSRF guard is refused with code 214', async () => {
    answering = false
    const crc = await call('POST', `/1.1/account_activity/all/bad/webhooks.json?url=${encodeURIComponent(url)}`, ada)
    answering = true
    assert.equal(crc.statusCode, 400)
    assert.equal(crc.json().errors[0].code, 214)
    for (const bad of ['http://10.1.2.3/hook', 'http://169.254.169.254/', 'file:///etc/passwd']) {
      const res = await call('POST', `/1.1/account_activity/all/bad/webhooks.json?url=${encodeURIComponent(bad)}`, ada)
      assert.equal(res.statusCode, 400, bad)
      assert.equal(res.json().errors[0].code, 214)
    }
    const missing = await call('POST', '/1.1/account_activity/all/bad/webhooks.json', ada)
    assert.equal(missing.json().errors[0].code, 38)
  })

  test('v2: /2/webhooks and /2/account_activity subscriptions', async () => {
    const created = await call('POST', '/2/webhooks', ada, { url })
    assert.equal(created.statusCode, 200, created.body)
    const { data } = created.json() as { data: { id: string; url: string; valid: boolean; created_at: string } }
    assert.equal(data.valid, true)
    assert.ok(!Number.isNaN(Date.parse(data.created_at)))
    assert.deepEqual((await call('GET', '/2/webhooks', 'app')).json(), { data: [data], meta: { result_count: 1 } })
    assert.deepEqual((await call('PUT', `/2/webhooks/${data.id}`, 'app')).json(), { data: { valid: true } })
    const sub = `/2/account_activity/webhooks/${data.id}/subscriptions`
    assert.deepEqual((await call('GET', `${sub}/all`, ada)).json(), { data: { subscribed: false } })
    assert.deepEqual((await call('POST', `${sub}/all`, ada)).json(), { data: { subscribed: true } })
    assert.deepEqual((await call('GET', `${sub}/all`, ada)).json(), { data: { subscribed: true } })
    assert.deepEqual((await call('GET', `${sub}/all/list`, 'app')).json(), { data: { application_id: app.id, webhook_id: data.id, webhook_url: url, subscriptions: [{ user_id: ada.id }] } })
    assert.deepEqual((await call('GET', '/2/account_activity/subscriptions/count', 'app')).json().data.subscriptions_count_all, '1')
    assert.deepEqual((await call('DELETE', `${sub}/${ada.id}/all`, 'app')).json(), { data: { subscribed: false } })
    const unknown = await call('PUT', '/2/webhooks/1234567890123456789', 'app')
    assert.equal(unknown.statusCode, 404)
    assert.equal(unknown.json().title, 'Not Found Error')
    assert.deepEqual((await call('DELETE', `/2/webhooks/${data.id}`, 'app')).json(), { data: { deleted: true } })
    const bad = await call('POST', '/2/webhooks', ada, { url: 'http://192.168.0.1/' })
    assert.equal(bad.statusCode, 400)
    assert.ok(Array.isArray(bad.json().errors))
  })
})
