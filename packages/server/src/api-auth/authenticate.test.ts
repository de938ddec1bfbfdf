import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import * as core from '@parloir/core'
import { testServer, TestClock } from '@parloir/testing/server'
import { API_HOST, oauthHeader } from '@parloir/testing/oauth1'

async function setUp() {
  const clock = new TestClock()
  const t = await testServer({}, { clock })
  const ada = await t.person('ada')
  const ben = await t.person('ben')
  const actor: core.Actor = { userId: ada.id, accountId: ada.id, sessionId: 's', role: 'self' }
  const created = await core.createApp(t.deps, actor, { name: 'Northwind bot', redirectUris: ['https://bot.example/callback'] })
  const token = await core.createAppToken(t.deps, actor, created.app.id, {})
  const keys = { consumerKey: created.app.consumerKey, consumerSecret: created.consumerSecret, token: token.accessToken, tokenSecret: token.accessTokenSecret ?? '' }
  const get = (path: string, authorization: string) => t.app.inject({ method: 'GET', url: path, headers: { host: API_HOST, authorization } })
  return { t, clock, ada, ben, actor, created, token, keys, get }
}

const LIST = '/1.1/direct_messages/events/list.json?count=5'

describe('authenticating the developer API', () => {
  test('an OAuth 1.0a request passes and every answer carries x-rate-limit headers', async () => {
    const { t, keys, get } = await setUp()
    try {
      const res = await get(LIST, oauthHeader(t, keys, 'GET', LIST))
      assert.equal(res.statusCode, 200, res.body)
      // The endpoint's own window (Twitter's 15 per 15 min here) may narrow the headers; they are always there.
      for (const h of ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset']) assert.match(String(res.headers[h]), /^[0-9]+$/, h)
      assert.ok(Number(res.headers['x-rate-limit-reset']) > t.deps.clock.now() / 1000)
      const bad = await get(LIST, oauthHeader(t, { ...keys, consumerSecret: 'wrong' }, 'GET', LIST))
      assert.equal(bad.statusCode, 401)
      assert.equal(bad.json().errors[0].code, 32)
    } finally { await t.stop() }
  })

  test('a revoked token, then a revoked app, fail at the next request (Twitter code 89), and their streams are told to close', async () => {
    const { t, actor, created, token, keys, get } = await setUp()
    try {
      const closed: string[] = []
      t.deps.fanout.subscribe((m) => { if (m.type === 'session.revoked') closed.push(m.sessionId) })
      const other = await core.createAppToken(t.deps, actor, created.app.id, {})
      assert.equal((await get(LIST, oauthHeader(t, keys, 'GET', LIST))).statusCode, 200)
      await core.revokeAppToken(t.deps, actor, created.app.id, token.token.id)
      const res = await get(LIST, oauthHeader(t, keys, 'GET', LIST))
      assert.equal(res.statusCode, 401)
      assert.equal(res.json().errors[0].code, 89)
      const otherKeys = { ...keys, token: other.accessToken, tokenSecret: other.accessTokenSecret ?? '' }
      assert.equal((await get(LIST, oauthHeader(t, otherKeys, 'GET', LIST))).statusCode, 200)
      await core.revokeApp(t.deps, actor, created.app.id)
      assert.equal((await get(LIST, oauthHeader(t, otherKeys, 'GET', LIST))).json().errors[0].code, 89)
      assert.deepEqual(closed, [`app-token:${token.token.id}`, `app-token:${other.token.id}`])
    } finally { await t.stop() }
  })

  test('an app-only bearer is refused on a DM endpoint (403, code 220); an unknown bearer is 89', async () => {
    const { t, actor, created, get } = await setUp()
    try {
      const bearer = await core.createAppToken(t.deps, actor, created.app.id, { kind: 'app-only' })
      const res = await get(LIST, `Bearer ${bearer.accessToken}`)
      assert.equal(res.statusCode, 403)
      assert.equal(res.json().errors[0].code, 220)
      assert.equal(res.headers['x-rate-limit-limit'], '600')
      const unknown = await get(LIST, 'Bearer AAAAnotatoken')
      assert.equal(unknown.statusCode, 401)
      assert.equal(unknown.json().errors[0].code, 89)
    } finally { await t.stop() }
  })

  test('the per-token burst: 60 signed url-encoded POSTs pass, the 61st is a 429 (code 88); 100 ms later one more passes', async () => {
    const { t, clock, ben, keys, actor } = await setUp()
    try {
      await core.openDirect(t.deps, actor, ben.id)
      const path = '/1.1/direct_messages/indicate_typing.json'
      const form = { recipient_id: ben.id }
      const post = () => t.app.inject({
        method: 'POST', url: path, payload: `recipient_id=${ben.id}`,
        headers: { host: API_HOST, authorization: oauthHeader(t, keys, 'POST', path, form), 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      })
      for (let i = 1; i <= 60; i++) {
        const res = await post()
        assert.equal(res.statusCode, 204, `request ${i}: ${res.body}`)
      }
      const over = await post()
      assert.equal(over.statusCode, 429)
      assert.equal(over.json().errors[0].code, 88)
      assert.equal(over.headers['x-rate-limit-remaining'], '0')
      assert.equal(over.headers['x-rate-limit-limit'], '600')
      clock.advance(100) // refilled at 10 a second: one more request
      assert.equal((await post()).statusCode, 204)
    } finally { await t.stop() }
  })

  test('a brand token acts as the brand, and stops when its granting admin leaves the brand', async () => {
    const { t, ada, ben, get } = await setUp()
    try {
      const adaActor: core.Actor = { userId: ada.id, accountId: ada.id, sessionId: 's', role: 'self' }
      const { brand } = await core.createBrand(t.deps, ada.id, { handle: 'northwind', displayName: 'Northwind Coffee' })
      await core.setBrandMember(t.deps, adaActor, brand.id, ben.id, 'admin')
      const benActor: core.Actor = { userId: ben.id, accountId: ben.id, sessionId: 's', role: 'self' }
      const app = await core.createApp(t.deps, benActor, { name: 'Brand bot', ownerAccountId: brand.id })
      const token = await core.createAppToken(t.deps, benActor, app.app.id, {})
      assert.match(token.accessToken, new RegExp(`^${brand.id}-`))
      const keys = { consumerKey: app.app.consumerKey, consumerSecret: app.consumerSecret, token: token.accessToken, tokenSecret: token.accessTokenSecret ?? '' }
      assert.equal((await get(LIST, oauthHeader(t, keys, 'GET', LIST))).statusCode, 200)
      await core.removeBrandMember(t.deps, adaActor, brand.id, ben.id)
      assert.equal((await get(LIST, oauthHeader(t, keys, 'GET', LIST))).json().errors[0].code, 89)
      await assert.rejects(core.getApp(t.deps, benActor, app.app.id), /No such app/, 'no longer an admin: the app looks missing')
    } finally { await t.stop() }
  })
})
