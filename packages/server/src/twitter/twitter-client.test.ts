import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { Agent } from 'node:http'
import { ApiResponseError, TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2'
import { createApp, createAppToken, type Actor } from '@parloir/core'
import { ParloirClient } from '@parloir/client'
import { testServer, type TestServer } from '@parloir/testing/server'
import { defaultTwitterLimits } from './limits.ts'

/**
 * The real `twitter-api-v2` (1.29.x) against a listening Parloir, authenticated for real (OAuth
 * 1.0a signatures, app-only bearers) — every DM method of docs/api/twitter-compatibility.md's tables but media.
 * e2e/twitter/ runs the same journeys against Parloir as a separate process.
 */

type Body = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Sends every call of the library to `origin` (docs/api/twitter-compatibility.md, "Pointing `twitter-api-v2` at Parloir"). */
function pointAt(origin: string): { plugins: ITwitterApiClientPlugin[]; httpAgent: Agent } {
  return {
    httpAgent: new Agent({ keepAlive: false }),
    plugins: [{
      onBeforeRequestConfig({ params }) {
        const url = new URL(params.url)
        params.url = `${origin}${url.pathname}${url.search}`
      },
    }],
  }
}

const self = (id: string): Actor => ({ userId: id, accountId: id, sessionId: 'test', role: 'self' })

describe('twitter-api-v2 against Parloir (OAuth 1.0a and app-only, in process)', () => {
  let s: TestServer
  let origin: string
  let ada: { id: string; token: string; handle: string }, ben: { id: string; token: string; handle: string }
  let brandId: string
  let adaClient: TwitterApi, brandClient: TwitterApi, appOnly: TwitterApi
  let keys: { appKey: string; appSecret: string }

  before(async () => {
    s = await testServer({
      twitterLimits: { ...defaultTwitterLimits, windows: { ...defaultTwitterLimits.windows, eventsList: { max: 1_000, windowMs: 900_000 } } },
    })
    await s.app.listen({ port: 0, host: '127.0.0.1' })
    const address = s.app.server.address()
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    ada = await s.person('ada')
    ben = await s.person('ben')
    await s.call('PATCH', '/api/v1/me/settings', { token: ben.token, body: { receiveMessagesFromAnyone: true } })
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id

    const created = await createApp(s.deps, self(ada.id), { name: 'Support bot' })
    keys = { appKey: created.app.consumerKey, appSecret: created.consumerSecret }
    const adaToken = await createAppToken(s.deps, self(ada.id), created.app.id, {})
    const brandToken = await createAppToken(s.deps, self(ada.id), created.app.id, { accountId: brandId })
    const bearer = await createAppToken(s.deps, self(ada.id), created.app.id, { kind: 'app-only' })
    const settings = pointAt(origin)
    adaClient = new TwitterApi({ ...keys, accessToken: adaToken.accessToken, accessSecret: adaToken.accessTokenSecret ?? '' }, settings)
    brandClient = new TwitterApi({ ...keys, accessToken: brandToken.accessToken, accessSecret: brandToken.accessTokenSecret ?? '' }, settings)
    appOnly = new TwitterApi(bearer.accessToken, settings)
  })
  after(() => s.stop())

  test('v1.1: sendDm, getDmEvent, listDmEvents (paginator, for await), deleteDm, markDmAsRead, indicateDmTyping', async () => {
    const sent = await adaClient.v1.sendDm({
      recipient_id: ben.id, text: 'Hello from a bot #welcome',
      quick_reply: { type: 'options', options: [{ label: 'Yes', metadata: 'yes' }, { label: 'No', metadata: 'no' }] },
      ctas: [{ type: 'web_url', label: 'Menu', url: 'https://example.com/menu' }],
    })
    assert.equal(sent.event.message_create.target.recipient_id, ben.id)
    assert.equal(sent.event.message_create.sender_id, ada.id)
    assert.deepEqual(sent.event.message_create.message_data.entities.hashtags, [{ text: 'welcome', indices: [17, 25] }])
    const appId = sent.event.message_create.source_app_id
    assert.ok(appId, 'the app it came through')
    assert.equal(sent.apps?.[appId]?.name, 'Support bot')
    assert.equal((await adaClient.v1.getDmEvent(sent.event.id)).event.id, sent.event.id)

    for (let i = 0; i < 4; i++) await adaClient.v1.sendDm({ recipient_id: ben.id, text: `page ${i}` })
    const paginator = await adaClient.v1.listDmEvents({ count: 2 })
    assert.equal(paginator.events.length, 2)
    assert.equal(paginator.done, false)
    await paginator.fetchNext(2)
    assert.equal(paginator.events.length, 4)
    const all: string[] = []
    for await (const event of await adaClient.v1.listDmEvents({ count: 2 })) all.push(event.message_create.message_data.text)
    assert.deepEqual(all, ['page 3', 'page 2', 'page 1', 'page 0', 'Hello from a bot #welcome'])
    const last = await adaClient.v1.listDmEvents({ count: 2 })
    await last.fetchLast()
    assert.equal(last.done, true)
    assert.equal(last.events.length, 5)

    assert.equal(await adaClient.v1.markDmAsRead(sent.event.id, ben.id), '')
    assert.equal(await adaClient.v1.indicateDmTyping(ben.id), '')
    assert.equal(await adaClient.v1.deleteDm(sent.event.id), '')
    await assert.rejects(adaClient.v1.getDmEvent(sent.event.id), (error: unknown) => {
      assert.ok(error instanceof ApiResponseError)
      assert.equal(error.code, 404)
      assert.deepEqual(error.errors?.map((e) => (e as { code: number }).code), [34])
      assert.match(error.message, /Twitter code 34/)
      return true
    })
  })

  test('v1.1 welcome messages and rules for a brand, setWelcomeDm included', async () => {
    const v1 = brandClient.v1
    const first = await v1.newWelcomeDm('Greeting', { text: 'Welcome to Northwind!', quick_reply: { type: 'options', options: [{ label: 'Menu' }] } })
    assert.equal(first.welcome_message.message_data.text, 'Welcome to Northwind!')
    assert.equal((await v1.getWelcomeDm(first.welcome_message.id)).welcome_message.id, first.welcome_message.id)
    const updated = await v1.updateWelcomeDm(first.welcome_message.id, { text: 'Welcome back to Northwind!' })
    assert.equal(updated.welcome_message.message_data.text, 'Welcome back to Northwind!')
    const rule = await v1.newWelcomeDmRule(first.welcome_message.id)
    assert.equal((await v1.getWelcomeDmRule(rule.welcome_message_rule.id)).welcome_message_rule.welcome_message_id, first.welcome_message.id)
    assert.equal((await v1.listWelcomeDmRules()).welcome_message_rules?.length, 1)

    const second = await v1.newWelcomeDm('Spring', { text: 'Ask about the spring blend' })
    const set = await v1.setWelcomeDm(second.welcome_message.id)
    assert.equal(set.welcome_message_rule.welcome_message_id, second.welcome_message.id)
    await assert.rejects(v1.getWelcomeDm(first.welcome_message.id), (e: unknown) => e instanceof ApiResponseError && e.code === 404)
    const list = await v1.listWelcomeDms()
    assert.deepEqual(list.welcomeMessages.map((w) => w.id), [second.welcome_message.id])
    assert.equal(await v1.deleteWelcomeDmRule(set.welcome_message_rule.id), '')
    assert.equal((await v1.listWelcomeDmRules()).welcome_message_rules, undefined)
    assert.equal(await v1.deleteWelcomeDm(second.welcome_message.id), '')
  })

  test('v2: the three sends, the three lookups with paginators, one event and its deletion', async () => {
    const v2 = adaClient.v2
    const sent = await v2.sendDmToParticipant(ben.id, { text: 'hi v2' }) as unknown as Body
    const conversationId: string = sent.data.dm_conversation_id
    assert.match(conversationId, /^[0-9]+-[0-9]+$/)
    const again = await v2.sendDmInConversation(conversationId, { text: 'again v2' }) as unknown as Body
    assert.equal(again.data.dm_conversation_id, conversationId)
    const group = await v2.createDmConversation({ conversation_type: 'Group', participant_ids: [ben.id, brandId], message: { text: 'group v2' } }) as unknown as Body
    assert.ok(group.data.dm_event_id)

    const timeline = await v2.listDmEvents({ max_results: 2, 'dm_event.fields': ['sender_id', 'created_at', 'dm_conversation_id'], expansions: ['sender_id'] })
    assert.equal(timeline.events.length, 2)
    assert.equal((timeline.events[0] as Body | undefined)?.text, 'group v2')
    assert.equal(timeline.meta.result_count, 2)
    assert.ok(timeline.includes.users.some((u) => u.username === 'ada'))
    const seen: string[] = []
    for await (const event of await v2.listDmEventsWithParticipant(ben.id, { max_results: 3 })) seen.push(event.id)
    assert.ok(seen.length >= 2)
    const ofConversation = await v2.listDmEventsOfConversation(conversationId)
    assert.deepEqual(ofConversation.events.slice(0, 2).map((e) => (e as Body).text), ['again v2', 'hi v2'])

    const one = await v2.get('dm_events/:id', { 'dm_event.fields': 'sender_id' }, { params: { id: again.data.dm_event_id } }) as Body
    assert.equal(one.data.sender_id, ada.id)
    assert.deepEqual(await v2.delete('dm_events/:id', undefined, { params: { id: again.data.dm_event_id } }), { data: { deleted: true } })
  })

  test('app-only bearers are refused on the DM endpoints; a bad signature is an auth error', async () => {
    await assert.rejects(appOnly.v1.sendDm({ recipient_id: ben.id, text: 'x' }), (e: unknown) => {
      assert.ok(e instanceof ApiResponseError)
      assert.equal(e.code, 403)
      assert.match(e.message, /Twitter code 220/)
      return true
    })
    await assert.rejects(appOnly.v2.listDmEvents(), (e: unknown) => {
      assert.ok(e instanceof ApiResponseError)
      assert.equal(e.code, 403)
      assert.match(e.message, /Unsupported Authentication/)
      return true
    })
    const forged = new TwitterApi({ ...keys, appSecret: 'x'.repeat(keys.appSecret.length), accessToken: '1-abc', accessSecret: 'nope' }, pointAt(origin))
    await assert.rejects(forged.v1.listDmEvents(), (e: unknown) => {
      assert.ok(e instanceof ApiResponseError)
      assert.equal(e.isAuthError, true)
      return true
    })
  })

  test('a tripped window is a rateLimitError with the rate limit read from the headers', async () => {
    const event = (await adaClient.v1.sendDm({ recipient_id: ben.id, text: 'window' })).event
    let error: unknown
    for (let i = 0; i < 16 && !error; i++) {
      try { await adaClient.v1.getDmEvent(event.id) } catch (e) { error = e }
    }
    assert.ok(error instanceof ApiResponseError)
    assert.equal(error.rateLimitError, true)
    assert.equal(error.rateLimit?.remaining, 0)
    assert.equal(error.rateLimit?.limit, 15)
    assert.match(error.message, /Twitter code 88/)
  })

  test('a DM from the library arrives live in the person\'s client; the answer is read back through the library', async () => {
    const benClient = new ParloirClient({ baseUrl: origin })
    await benClient.login({ handle: 'ben', password: 'correct horse battery' })
    const stream = benClient.stream()
    try {
      await stream.whenLive()
      const arrives = stream.waitFor('message.created', { timeoutMs: 5_000, filter: (e) => e.message.text === 'Your order is ready' })
      const sent = await adaClient.v1.sendDm({ recipient_id: ben.id, text: 'Your order is ready' })
      const live = await arrives
      assert.equal(live.message.id, sent.event.id, 'the same event, live')
      await benClient.sendMessage(live.message.conversationId, { text: 'On my way!', clientMessageId: 'ben-answer-1' })
      const events = await adaClient.v1.listDmEvents({ count: 5 })
      const answer = events.events.find((e) => e.message_create.message_data.text === 'On my way!')
      assert.ok(answer)
      assert.equal(answer.message_create.sender_id, ben.id)
      assert.equal(answer.message_create.target.recipient_id, ada.id)
      const v2 = await adaClient.v2.listDmEventsWithParticipant(ben.id, { max_results: 5, 'dm_event.fields': ['sender_id'] })
      assert.equal((v2.events[0] as Body | undefined)?.text, 'On my way!')
      assert.equal(v2.events[0]?.sender_id, ben.id)
    } finally {
      await stream.close()
    }
  })
})
