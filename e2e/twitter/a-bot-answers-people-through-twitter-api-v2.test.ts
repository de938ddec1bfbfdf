import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiResponseError, TwitterApi } from 'twitter-api-v2'
import { ParloirClient } from '@parloir/client'
import { freePort, startParloir, stopParloir, type ParloirProcess } from '../support/parloir-process.ts'
import { pointAtParloir } from './support/point-at-parloir.ts'
import { api, password, signup, type Body } from './support/accounts.ts'

// A support bot written for Twitter's DM API runs unchanged against Parloir: the real
// twitter-api-v2 (1.29.x) calls every DM method of docs/api/twitter-compatibility.md (media aside: see the media
// journey), with OAuth 1.0a and OAuth 2 user tokens; a person answers in Parloir's own client.


/** An app of the owner's, and OAuth 1.0a clients acting as the owner and as a brand it administers. */
async function appFor(server: ParloirProcess, session: string, brandId?: string) {
  const call = api(server, session)
  const created = await call('POST', '/api/v1/apps', { name: 'Northwind support bot', redirectUris: ['http://127.0.0.1:9/callback'] })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const keys = { appKey: created.body.app.consumerKey as string, appSecret: created.body.consumerSecret as string }
  const settings = pointAtParloir(server.url)
  const clientAs = async (accountId?: string) => {
    const token = await call('POST', `/api/v1/apps/${created.body.app.id as string}/tokens`, accountId ? { accountId } : {})
    assert.equal(token.status, 201, JSON.stringify(token.body))
    return new TwitterApi({ ...keys, accessToken: token.body.accessToken, accessSecret: token.body.accessTokenSecret }, settings)
  }
  return { keys, settings, appId: created.body.app.id as string, me: await clientAs(), brand: brandId ? await clientAs(brandId) : null }
}

test('a bot speaks v1.1 and v2 DMs to Parloir through twitter-api-v2, and a person answers in Parloir\'s client', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-twitter-dms-'))
  const server = await startParloir({ port: await freePort(), dataDir })
  try {
    const ada = await signup(server, 'ada')
    const ben = await signup(server, 'ben')
    await api(server, ben.session)('PATCH', '/api/v1/me/settings', { receiveMessagesFromAnyone: true })
    const brand = await api(server, ada.session)('POST', '/api/v1/brands', { handle: 'northwind', displayName: 'Northwind Coffee' })
    const brandId = brand.body.brand.id as string
    const { keys, settings, me: bot, brand: brandBot } = await appFor(server, ada.session, brandId)
    assert.ok(brandBot)

    // v1.1 events: send with rich content, show, list with the paginator and for await, read, type, delete.
    const sent = await bot.v1.sendDm({
      recipient_id: ben.id, text: 'Your order #42 is ready',
      quick_reply: { type: 'options', options: [{ label: 'Thanks', metadata: 'thanks' }] },
      ctas: [{ type: 'web_url', label: 'Track it', url: 'https://example.com/track' }],
    })
    assert.equal(sent.event.message_create.target.recipient_id, ben.id)
    assert.deepEqual(Object.keys(sent.event.message_create.message_data.entities).sort(), ['hashtags', 'symbols', 'urls', 'user_mentions'])
    assert.equal(sent.event.message_create.message_data.ctas?.[0]?.url, 'https://example.com/track')
    assert.ok(sent.event.message_create.source_app_id && sent.apps?.[sent.event.message_create.source_app_id])
    assert.equal((await bot.v1.getDmEvent(sent.event.id)).event.message_create.message_data.text, 'Your order #42 is ready')
    for (let i = 0; i < 3; i++) await bot.v1.sendDm({ recipient_id: ben.id, text: `update ${i}` })
    const page = await bot.v1.listDmEvents({ count: 2 })
    assert.equal(page.events.length, 2)
    assert.equal(page.done, false)
    const texts: string[] = []
    for await (const event of await bot.v1.listDmEvents({ count: 2 })) texts.push(event.message_create.message_data.text)
    assert.deepEqual(texts, ['update 2', 'update 1', 'update 0', 'Your order #42 is ready'])
    assert.equal(await bot.v1.markDmAsRead(sent.event.id, ben.id), '')
    assert.equal(await bot.v1.indicateDmTyping(ben.id), '')
    const doomed = await bot.v1.sendDm({ recipient_id: ben.id, text: 'oops' })
    assert.equal(await bot.v1.deleteDm(doomed.event.id), '')
    const gone = await bot.v1.getDmEvent(doomed.event.id).catch((e: unknown) => e)
    assert.ok(gone instanceof ApiResponseError && gone.code === 404 && gone.hasErrorCode(34))

    // Welcome messages and the one rule, as the brand; setWelcomeDm replaces it.
    const first = await brandBot.v1.newWelcomeDm('Greeting', { text: 'Welcome to Northwind!' })
    await brandBot.v1.updateWelcomeDm(first.welcome_message.id, { text: 'Welcome back to Northwind!' })
    assert.equal((await brandBot.v1.getWelcomeDm(first.welcome_message.id)).welcome_message.message_data.text, 'Welcome back to Northwind!')
    const rule = await brandBot.v1.newWelcomeDmRule(first.welcome_message.id)
    assert.equal((await brandBot.v1.getWelcomeDmRule(rule.welcome_message_rule.id)).welcome_message_rule.welcome_message_id, first.welcome_message.id)
    const second = await brandBot.v1.newWelcomeDm('Spring', { text: 'Ask about the spring blend' })
    await brandBot.v1.setWelcomeDm(second.welcome_message.id)
    assert.deepEqual((await brandBot.v1.listWelcomeDms()).welcomeMessages.map((w) => w.id), [second.welcome_message.id])
    const card = await (await fetch(`${server.url}/api/v1/brands/${brandId}/card`)).json() as Body
    assert.equal(card.welcomeMessage.text, 'Ask about the spring blend', 'the rule is what the brand shows people')
    const rules = await brandBot.v1.listWelcomeDmRules()
    assert.equal(await brandBot.v1.deleteWelcomeDmRule(rules.welcome_message_rules?.[0]?.id ?? ''), '')
    assert.equal(await brandBot.v1.deleteWelcomeDm(second.welcome_message.id), '')

    // v2: the three sends and the three lookups.
    const v2sent = await bot.v2.sendDmToParticipant(ben.id, { text: 'hi from v2' }) as unknown as Body
    const conversationId = v2sent.data.dm_conversation_id as string
    await bot.v2.sendDmInConversation(conversationId, { text: 'and again' })
    const group = await bot.v2.createDmConversation({ conversation_type: 'Group', participant_ids: [ben.id, brandId], message: { text: 'group hello' } }) as unknown as Body
    assert.ok(group.data.dm_event_id)
    const timeline = await bot.v2.listDmEvents({ max_results: 2, expansions: ['sender_id'], 'dm_event.fields': ['sender_id', 'created_at'] })
    assert.equal(timeline.meta.result_count, 2)
    assert.ok(timeline.includes.users.some((u) => u.username === 'ada'))
    const withBen: Body[] = []
    for await (const event of await bot.v2.listDmEventsWithParticipant(ben.id, { max_results: 3 })) withBen.push(event as Body)
    assert.deepEqual(withBen.slice(0, 2).map((e) => e.text), ['and again', 'hi from v2'])
    assert.ok((await bot.v2.listDmEventsOfConversation(group.data.dm_conversation_id)).events.length >= 1)
    const one = await bot.v2.get('dm_events/:id', {}, { params: { id: v2sent.data.dm_event_id } }) as Body
    assert.equal(one.data.text, 'hi from v2')

    // Ben answers in Parloir's own client; the message from the bot arrived live first.
    const benClient = new ParloirClient({ baseUrl: server.url })
    await benClient.login({ handle: 'ben', password })
    const stream = benClient.stream()
    try {
      await stream.whenLive()
      const arrives = stream.waitFor('message.created', { timeoutMs: 5_000, filter: (e) => e.message.text === 'Is 5 pm fine?' })
      const question = await bot.v1.sendDm({ recipient_id: ben.id, text: 'Is 5 pm fine?' })
      const live = await arrives
      assert.equal(live.message.id, question.event.id)
      await benClient.sendMessage(live.message.conversationId, { text: 'Perfect, see you then', clientMessageId: 'ben-1' })
    } finally {
      await stream.close()
    }
    const answer = (await bot.v1.listDmEvents({ count: 1 })).events[0]
    assert.equal(answer?.message_create.message_data.text, 'Perfect, see you then')
    assert.equal(answer.message_create.sender_id, ben.id)

    // appLogin()'s bearer reads and sends no DMs, on either version.
    const bearer = await new TwitterApi(keys, settings).appLogin()
    const v1refused = await bearer.v1.sendDm({ recipient_id: ben.id, text: 'x' }).catch((e: unknown) => e)
    assert.ok(v1refused instanceof ApiResponseError && v1refused.code === 403 && v1refused.hasErrorCode(220))
    const v2refused = await bearer.v2.listDmEvents().catch((e: unknown) => e)
    assert.ok(v2refused instanceof ApiResponseError && v2refused.code === 403)
    assert.match(v2refused.message, /Unsupported Authentication/)

    // An OAuth 2 user token (authorization code with PKCE) reads and writes with dm.read and dm.write.
    const verifier = randomBytes(32).toString('base64url')
    const authorize = {
      response_type: 'code', client_id: keys.appKey, redirect_uri: 'http://127.0.0.1:9/callback', scope: 'tweet.read users.read dm.read dm.write', state: 's',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    }
    const approved = await api(server, ada.session)('POST', '/api/v1/oauth2/authorize', { ...authorize, approve: true })
    const code = new URL(approved.body.redirectTo as string).searchParams.get('code') ?? ''
    const login = await new TwitterApi({ clientId: keys.appKey, clientSecret: keys.appSecret }, settings)
      .loginWithOAuth2({ code, codeVerifier: verifier, redirectUri: authorize.redirect_uri })
    const viaOAuth2 = await login.client.v2.sendDmToParticipant(ben.id, { text: 'sent with an OAuth 2 user token' }) as unknown as Body
    assert.equal(viaOAuth2.data.dm_conversation_id, conversationId)
    assert.equal((await login.client.v2.listDmEvents({ max_results: 1 })).events[0]?.id, viaOAuth2.data.dm_event_id)
  } finally {
    await stopParloir(server, 'SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('past the daily DM quota the library sees a rateLimitError with the 24-hour limits', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-twitter-quota-'))
  const server = await startParloir({ port: await freePort(), dataDir, env: { PARLOIR_TWITTER_DM_SENDS_PER_USER_PER_DAY: '3' } })
  try {
    const ada = await signup(server, 'ada')
    const ben = await signup(server, 'ben')
    await api(server, ben.session)('PATCH', '/api/v1/me/settings', { receiveMessagesFromAnyone: true })
    const { me: bot } = await appFor(server, ada.session)
    for (let i = 0; i < 3; i++) await bot.v1.sendDm({ recipient_id: ben.id, text: `notice ${i}` })
    const refused = await bot.v1.sendDm({ recipient_id: ben.id, text: 'one too many' }).catch((e: unknown) => e)
    assert.ok(refused instanceof ApiResponseError)
    assert.equal(refused.rateLimitError, true)
    assert.ok(refused.hasErrorCode(88))
    assert.equal(refused.rateLimit?.userDay?.limit, 3)
    assert.equal(refused.rateLimit?.userDay?.remaining, 0)
    const v2refused = await bot.v2.sendDmToParticipant(ben.id, { text: 'v2 too' }).catch((e: unknown) => e)
    assert.ok(v2refused instanceof ApiResponseError && v2refused.rateLimitError)

    // Ben writes: five replies are free again.
    const benClient = new ParloirClient({ baseUrl: server.url })
    await benClient.login({ handle: 'ben', password })
    const { conversations } = await benClient.listConversations()
    await benClient.sendMessage(conversations[0]?.id ?? '', { text: 'What is this about?', clientMessageId: 'ben-q' })
    for (let i = 0; i < 5; i++) await bot.v1.sendDm({ recipient_id: ben.id, text: `answer ${i}` })
    const sixth = await bot.v1.sendDm({ recipient_id: ben.id, text: 'answer 5' }).catch((e: unknown) => e)
    assert.ok(sixth instanceof ApiResponseError && sixth.rateLimitError)
  } finally {
    await stopParloir(server, 'SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
})
