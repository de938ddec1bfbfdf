import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { errorCatalogue, type ErrorCode } from '@parloir/protocol'
import { testServer, TestClock, type TestServer } from '@parloir/testing/server'
import { defaultRateLimits } from '../config.ts'
import { defaultTwitterLimits } from './limits.ts'
import { testTwitterAuthenticate } from '@parloir/testing/twitter-caller'
import { twitterErrorMap } from './errors.ts'

type Person = Awaited<ReturnType<TestServer['person']>>
type Body = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const as = (who: { id: string }, extra: Record<string, string> = {}) => ({ 'x-test-account': who.id, ...extra })
const dm = (recipientId: string, messageData: Body, extra: Body = {}) => ({
  event: { type: 'message_create', message_create: { target: { recipient_id: recipientId }, message_data: messageData, ...extra } },
})

describe('Twitter-compatible DM API (translation layer, stub caller)', () => {
  let s: TestServer
  let ada: Person, ben: Person, chloe: Person
  let brandId: string
  const clock = new TestClock(Date.now())
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: { id: string } | null, body?: unknown, headers: Record<string, string> = {}) =>
    s.app.inject({
      method, url,
      headers: { ...(who ? as(who) : {}), ...headers },
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as Body }),
    })

  before(async () => {
    // DMs sent here draw on the sender's message budget like every send: room for the paging tests.
    s = await testServer({
      twitterLimits: { ...defaultTwitterLimits, windows: { ...defaultTwitterLimits.windows, eventsList: { max: 1_000, windowMs: 900_000 } } },
      rateLimits: { ...defaultRateLimits, sendsBurst: 1_000 },
    }, {
      twitterAuthenticate: testTwitterAuthenticate, clock,
    })
    ;[ada, ben, chloe] = [await s.person('ada'), await s.person('ben'), await s.person('chloe')]
    await s.call('PATCH', '/api/v1/me/settings', { token: ben.token, body: { receiveMessagesFromAnyone: true } })
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
  })
  after(() => s.stop())

  describe('v1.1 events', () => {
    test('events/new sends through core: the event has Twitter\'s shape and the recipient reads it natively', async () => {
      const res = await call('POST', '/1.1/direct_messages/events/new.json', ada, dm(ben.id, {
        text: 'Hi @ben, see https://example.com/menu #coffee',
        quick_reply: { type: 'options', options: [{ label: 'Red', description: 'warm', metadata: 'ext_red' }, { label: 'Blue', description: 'cool' }] },
        ctas: [{ type: 'web_url', label: 'Visit', url: 'https://example.com' }],
      }))
      assert.equal(res.statusCode, 200, res.body)
      assert.match(String(res.headers['content-type']), /^application\/json/)
      const { event } = res.json()
      assert.equal(event.type, 'message_create')
      assert.match(event.id, /^[0-9]{19}$/)
      assert.match(event.created_timestamp, /^[0-9]{13}$/)
      assert.equal(event.message_create.sender_id, ada.id)
      assert.equal(event.message_create.target.recipient_id, ben.id)
      const data = event.message_create.message_data
      assert.deepEqual(data.entities.hashtags, [{ text: 'coffee', indices: [38, 45] }])
      assert.deepEqual(data.entities.symbols, [])
      assert.deepEqual(data.entities.user_mentions, [{ screen_name: 'ben', name: 'ben', id: Number(ben.id), id_str: ben.id, indices: [3, 7] }])
      assert.deepEqual(data.entities.urls.map((u: Body) => [u.url, u.indices]), [['https://example.com/menu', [13, 37]]])
      assert.deepEqual(data.quick_reply.options[0], { label: 'Red', description: 'warm', metadata: 'ext_red' })
      assert.deepEqual(data.ctas, [{ type: 'web_url', label: 'Visit', url: 'https://example.com', tco_url: 'https://example.com' }])

      const conversations = (await s.call('GET', '/api/v1/conversations', { token: ben.token })).json().conversations
      const native = conversations.find((c: Body) => c.lastMessage?.id === event.id)
      assert.ok(native, 'the recipient sees the same message in the native API')
      assert.equal(native.lastMessage.text, 'Hi @ben, see https://example.com/menu #coffee')
    })

    test('events/show answers the event to both sides, 404 code 34 to anyone else; a bad id is code 44, none 38', async () => {
      const sent = (await call('POST', '/1.1/direct_messages/events/new.json', ada, dm(ben.id, { text: 'show me' }))).json().event
      for (const who of [ada, ben]) {
        const res = await call('GET', `/1.1/direct_messages/events/show.json?id=${sent.id}`, who)
        assert.equal(res.statusCode, 200)
        assert.equal(res.json().event.message_create.message_data.text, 'show me')
      }
      const other = await call('GET', `/1.1/direct_messages/events/show.json?id=${sent.id}`, chloe)
      assert.equal(other.statusCode, 404)
      assert.deepEqual(other.json(), { errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] })
      assert.equal((await call('GET', '/1.1/direct_messages/events/show.json?id=abc', ada)).json().errors[0].code, 44)
      assert.equal((await call('GET', '/1.1/direct_messages/events/show.json', ada)).json().errors[0].code, 38)
    })

    test('events/destroy hides the event for the caller only (204, empty)', async () => {
      const sent = (await call('POST', '/1.1/direct_messages/events/new.json', ada, dm(ben.id, { text: 'delete me' }))).json().event
      const res = await call('DELETE', `/1.1/direct_messages/events/destroy.json?id=${sent.id}`, ben)
      assert.equal(res.statusCode, 204)
      assert.equal(res.body, '')
      assert.equal((await call('GET', `/1.1/direct_messages/events/show.json?id=${sent.id}`, ben)).statusCode, 404)
      assert.equal((await call('GET', `/1.1/direct_messages/events/show.json?id=${sent.id}`, ada)).statusCode, 200)
    })

    test('text: 10,000 characters are sent, 10,001 are code 354; empty is 214; a number recipient is 214', async () => {
      const ok = await call('POST', '/1.1/direct_messages/events/new.json', ada, dm(ben.id, { text: '😀'.repeat(10_000) }))
      assert.equal(ok.statusCode, 200)
      const long = await call('POST', '/1.1/direct_messages/events/new.json', ada, dm(ben.id, { text: 'x'.repeat(10_001) }))
      assert.equal(long.statusCode, 400)
      assert.equal(long.json().errors[0].code, 354)
      assert.equal((await call('POST', '/1.1/direct_messages/events/new.json', ada, dm(ben.id, { text: '' }))).json().errors[0].code, 214)
      const numeric = await call('POST', '/1.1/direct_messages/events/new.json', ada, { event: { type: 'message_create', message_create: { target: { recipient_id: Number(ben.id) }, message_data: { text: 'x' } } } })
      assert.equal(numeric.statusCode, 400)
      assert.equal(numeric.json().errors[0].code, 214)
    })

    test('quick replies and buttons at their limits pass, one past is refused with the field', async () => {
      const opts = (n: number, label = 'L') => ({ type: 'options', options: Array.from({ length: n }, (_, i) => ({ label: `${label}${i}`.slice(0, 36) })) })
      const send = (data: Body) => call('POST', '/1.1/direct_messages/events/new.json', ada, dm(ben.id, { text: 'q', ...data }))
      assert.equal((await send({ quick_reply: opts(20) })).statusCode, 200)
      assert.equal((await send({ quick_reply: opts(21) })).json().errors[0].code, 214)
      assert.equal((await send({ quick_reply: { type: 'options', options: [{ label: 'x'.repeat(36) }] } })).statusCode, 200)
      assert.equal((await send({ quick_reply: { type: 'options', options: [{ label: 'x'.repeat(37) }] } })).statusCode, 400)
      assert.equal((await send({ quick_reply: { type: 'options', options: [{ label: 'a', description: 'd' }, { label: 'b' }] } })).statusCode, 400)
      const cta = (i: number) => ({ type: 'web_url', label: `B${i}`, url: `https://example.com/${i}` })
      assert.equal((await send({ ctas: [1, 2, 3].map(cta) })).statusCode, 200)
      const four = await send({ ctas: [1, 2, 3, 4].map(cta) })
      assert.equal(four.statusCode, 400)
      assert.match(four.json().errors[0].message, /ctas/)
      assert.equal((await send({ ctas: [] })).statusCode, 400)
      assert.equal((await send({ ctas: [{ type: 'web_url', label: 'x', url: 'javascript:alert(1)' }] })).statusCode, 400)
      assert.equal((await send({ ctas: [{ type: 'phone_number', label: 'x', url: 'tel:1' }] })).statusCode, 400)
      assert.equal((await send({ attachment: { type: 'location', location: {} } })).statusCode, 400)
      assert.equal((await send({ attachment: { type: 'media', media: { id: '1234567' } } })).json().errors[0].code, 325)
    })

    test('events/list: newest first, count defaults to 20 and clamps to 50, next_cursor absent on the last page', async () => {
      const dave = await s.person('dave')
      const erin = await s.person('erin')
      await s.call('PATCH', '/api/v1/me/settings', { token: erin.token, body: { receiveMessagesFromAnyone: true } })
      const empty = await call('GET', '/1.1/direct_messages/events/list.json', dave)
      assert.deepEqual(empty.json(), { events: [] })
      const ids: string[] = []
      for (let i = 0; i < 55; i++) {
        clock.advance(1)
        ids.push((await call('POST', '/1.1/direct_messages/events/new.json', dave, dm(erin.id, { text: `m${i}` }))).json().event.id)
      }
      const newest = [...ids].reverse()
      const first = (await call('GET', '/1.1/direct_messages/events/list.json', dave)).json()
      assert.deepEqual(first.events.map((e: Body) => e.id), newest.slice(0, 20))
      assert.equal(first.next_cursor, newest[19])
      const big = (await call('GET', '/1.1/direct_messages/events/list.json?count=100', dave)).json()
      assert.equal(big.events.length, 50)
      const rest = (await call('GET', `/1.1/direct_messages/events/list.json?count=100&cursor=${big.next_cursor}`, dave)).json()
      assert.deepEqual(rest.events.map((e: Body) => e.id), newest.slice(50))
      assert.equal('next_cursor' in rest, false)
      assert.equal((await call('GET', '/1.1/direct_messages/events/list.json?cursor=nope', dave)).json().errors[0].code, 44)
      // Thirty days later the events are out of the window.
      clock.advance(31 * 24 * 60 * 60_000)
      assert.deepEqual((await call('GET', '/1.1/direct_messages/events/list.json', dave)).json(), { events: [] })
      clock.advance(-31 * 24 * 60 * 60_000) // back, so the other tests' sessions stay fresh
    })

    test('mark_read (url-encoded) moves the read mark to that event; indicate_typing answers 204', async () => {
      const sent = (await call('POST', '/1.1/direct_messages/events/new.json', ada, dm(ben.id, { text: 'read me' }))).json().event
      const form = { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }
      const read = await call('POST', '/1.1/direct_messages/mark_read.json', ben, `last_read_event_id=${sent.id}&recipient_id=${ada.id}`, form)
      assert.equal(read.statusCode, 204, read.body)
      const conversation = (await s.call('GET', '/api/v1/conversations', { token: ben.token })).json().conversations.find((c: Body) => c.lastMessage?.id === sent.id)
      assert.equal(conversation.viewer.lastReadSeq, conversation.lastMessage.seq)
      for (let i = 0; i < 2; i++) {
        assert.equal((await call('POST', '/1.1/direct_messages/indicate_typing.json', ben, `recipient_id=${ada.id}`, form)).statusCode, 204)
      }
      assert.equal((await call('POST', '/1.1/direct_messages/indicate_typing.json', ben, `recipient_id=${chloe.id}`, form)).statusCode, 404)
      assert.equal((await call('POST', '/1.1/direct_messages/mark_read.json', ben, `recipient_id=${ada.id}`, form)).statusCode, 400)
    })
  })

  describe('errors and access', () => {
    test('app-only bearers are refused on v1.1 (403 code 220) and v2 (Unsupported Authentication)', async () => {
      const v1 = await call('GET', '/1.1/direct_messages/events/list.json', null, undefined, { 'x-test-kind': 'app-only' })
      assert.equal(v1.statusCode, 403)
      assert.equal(v1.json().errors[0].code, 220)
      const v2 = await call('GET', '/2/dm_events', null, undefined, { 'x-test-kind': 'app-only' })
      assert.equal(v2.statusCode, 403)
      const body = v2.json()
      assert.equal(body.title, 'Unsupported Authentication')
      assert.equal(body.type, 'https://api.twitter.com/2/problems/unsupported-authentication')
      assert.ok(body.errors.length > 0 && body.detail)
    })

    test('an OAuth 2 token without dm.write cannot send; without credentials it is 401 code 89', async () => {
      const res = await call('POST', '/2/dm_conversations/with/' + ben.id + '/messages', ada, { text: 'x' }, { 'x-test-kind': 'oauth2-user', 'x-test-scopes': 'dm.read' })
      assert.equal(res.statusCode, 403)
      const none = await call('GET', '/1.1/direct_messages/events/list.json', null)
      assert.equal(none.statusCode, 401)
      assert.deepEqual(none.json(), { errors: [{ code: 89, message: 'Invalid or expired token.' }] })
    })

    test('bad input is a Twitter 400 in JSON, never a 500: broken JSON, wrong types, unknown paths', async () => {
      const broken = await s.app.inject({ method: 'POST', url: '/1.1/direct_messages/events/new.json', headers: { ...as(ada), 'content-type': 'application/json' }, payload: '{"event":' })
      assert.equal(broken.statusCode, 400)
      assert.match(String(broken.headers['content-type']), /^application\/json/)
      assert.equal(broken.json().errors[0].code, 214)
      for (const body of [null, [], 'x', { event: [] }, { event: { type: 'message_create' } }, dm(ben.id, 'text' as unknown as Body), dm(ben.id, { text: 5 })]) {
        const res = await call('POST', '/1.1/direct_messages/events/new.json', ada, body === null ? 'null' : body, { 'content-type': 'application/json' })
        assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.statusCode} ${res.body}`)
        assert.ok(Array.isArray(res.json().errors))
      }
      const missing = await call('GET', '/1.1/direct_messages/nope.json', ada)
      assert.deepEqual([missing.statusCode, missing.json().errors[0].code], [404, 34])
      const missing2 = await call('GET', '/2/nope', ada)
      assert.equal(missing2.statusCode, 404)
      assert.equal(missing2.json().title, 'Not Found Error')
      const bad2 = await call('POST', `/2/dm_conversations/with/${ben.id}/messages`, ada, { text: '' })
      assert.equal(bad2.statusCode, 400)
      assert.equal(bad2.json().title, 'Invalid Request')
      assert.ok(bad2.json().errors.length > 0)
    })

    test('every error code of the catalogue has a Twitter form', () => {
      const missing = (Object.keys(errorCatalogue) as ErrorCode[]).filter((code) => !twitterErrorMap[code])
      assert.deepEqual(missing, [], 'map these in twitter/errors.ts')
    })
  })

  describe('v2', () => {
    test('send to a participant, in a conversation, and to a new group: 201 {data:{dm_conversation_id, dm_event_id}}', async () => {
      const one = await call('POST', `/2/dm_conversations/with/${ben.id}/messages`, ada, { text: 'hi v2' })
      assert.equal(one.statusCode, 201, one.body)
      const [low, high] = BigInt(ada.id) < BigInt(ben.id) ? [ada.id, ben.id] : [ben.id, ada.id]
      assert.deepEqual(Object.keys(one.json().data).sort(), ['dm_conversation_id', 'dm_event_id'])
      assert.equal(one.json().data.dm_conversation_id, `${low}-${high}`)
      const again = await call('POST', `/2/dm_conversations/${low}-${high}/messages`, ben, { text: 'answer v2' })
      assert.equal(again.statusCode, 201)
      assert.equal(again.json().data.dm_conversation_id, `${low}-${high}`)
      assert.equal((await call('POST', `/2/dm_conversations/${low}-${high}/messages`, chloe, { text: 'intruder' })).statusCode, 404)

      const group = await call('POST', '/2/dm_conversations', ada, { conversation_type: 'Group', participant_ids: [ben.id, chloe.id], message: { text: 'group hello' } })
      assert.equal(group.statusCode, 201, group.body)
      const groupId = group.json().data.dm_conversation_id
      assert.match(groupId, /^[0-9]+$/)
      const events = (await call('GET', `/2/dm_conversations/${groupId}/dm_events?dm_event.fields=sender_id,participant_ids,dm_conversation_id,created_at&expansions=sender_id,participant_ids`, chloe)).json()
      assert.deepEqual(events.data.map((e: Body) => e.event_type), ['MessageCreate', 'ParticipantsJoin'])
      assert.equal(events.data[0].text, 'group hello')
      assert.equal(events.data[0].sender_id, ada.id)
      assert.equal(events.data[0].dm_conversation_id, groupId)
      assert.deepEqual(events.data[1].participant_ids.sort(), [ben.id, chloe.id].sort())
      assert.deepEqual(events.includes.users.map((u: Body) => u.username).sort(), ['ada', 'ben', 'chloe'])
      assert.equal(events.meta.result_count, 2)
      assert.equal('next_token' in events.meta, false)
      assert.equal((await call('POST', '/2/dm_conversations', ada, { conversation_type: 'Group', participant_ids: [ben.id], message: { text: 'x' } })).statusCode, 400)
    })

    test('lookups: default fields only, max_results 1–100, tokens of 16+ characters, meta on every page', async () => {
      const fay = await s.person('fay')
      const gus = await s.person('gus')
      await s.call('PATCH', '/api/v1/me/settings', { token: gus.token, body: { receiveMessagesFromAnyone: true } })
      for (let i = 0; i < 5; i++) {
        clock.advance(1)
        await call('POST', `/2/dm_conversations/with/${gus.id}/messages`, fay, { text: `v2 ${i}` })
      }
      const first = (await call('GET', '/2/dm_events?max_results=2', fay)).json()
      assert.deepEqual(first.data.map((e: Body) => e.text), ['v2 4', 'v2 3'])
      assert.deepEqual(Object.keys(first.data[0]).sort(), ['event_type', 'id', 'text'])
      assert.equal(first.meta.result_count, 2)
      assert.ok(first.meta.next_token.length >= 16)
      const second = (await call('GET', `/2/dm_events?max_results=2&pagination_token=${first.meta.next_token}`, fay)).json()
      assert.deepEqual(second.data.map((e: Body) => e.text), ['v2 2', 'v2 1'])
      const last = (await call('GET', `/2/dm_events?max_results=2&pagination_token=${second.meta.next_token}`, fay)).json()
      assert.deepEqual(last.data.map((e: Body) => e.text), ['v2 0'])
      assert.deepEqual(last.meta, { result_count: 1 })
      const withGus = (await call('GET', `/2/dm_conversations/with/${gus.id}/dm_events?max_results=100`, fay)).json()
      assert.equal(withGus.meta.result_count, 5)
      const nobody = (await call('GET', `/2/dm_conversations/with/${ada.id}/dm_events`, fay)).json()
      assert.deepEqual(nobody, { meta: { result_count: 0 } })
      for (const bad of ['max_results=0', 'max_results=101', 'max_results=x', 'pagination_token=short', 'dm_event.fields=nope', 'expansions=nope', 'event_types=Other']) {
        const res = await call('GET', `/2/dm_events?${bad}`, fay)
        assert.equal(res.statusCode, 400, bad)
        assert.equal(res.json().title, 'Invalid Request')
        assert.ok(res.json().errors.length > 0)
      }
      assert.equal((await call('GET', '/2/dm_events?max_results=1', fay)).statusCode, 200)
      assert.equal((await call('GET', '/2/dm_events?max_results=100', fay)).statusCode, 200)
      const one = first.data[0]
      const shown = await call('GET', `/2/dm_events/${one.id}?dm_event.fields=created_at,sender_id&expansions=sender_id&user.fields=created_at`, gus)
      assert.equal(shown.json().data.text, 'v2 4')
      assert.equal(shown.json().includes.users[0].username, 'fay')
      assert.ok(shown.json().includes.users[0].created_at)
      assert.deepEqual((await call('DELETE', `/2/dm_events/${one.id}`, gus)).json(), { data: { deleted: true } })
      assert.equal((await call('GET', `/2/dm_events/${one.id}`, gus)).statusCode, 404)
      assert.equal((await call('GET', `/2/dm_events/${one.id}`, fay)).statusCode, 200)
    })
  })

  describe('welcome messages and rules', () => {
    const brand = () => ({ 'x-test-account': brandId, 'x-test-user': ada.id, 'x-test-role': 'owner' })
    const wcall = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) => call(method, url, null, body, brand())

    test('new, show, update (id in the query), list, destroy; name ≤ 100 and text ≤ 9,990', async () => {
      const created = await wcall('POST', '/1.1/direct_messages/welcome_messages/new.json', {
        welcome_message: { name: 'n'.repeat(100), message_data: { text: 'Welcome!', quick_reply: { type: 'options', options: [{ label: 'Menu', metadata: 'menu' }] } } },
      })
      assert.equal(created.statusCode, 200, created.body)
      const welcome = created.json().welcome_message
      assert.equal(welcome.name, 'n'.repeat(100))
      assert.equal(welcome.message_data.text, 'Welcome!')
      assert.deepEqual(welcome.message_data.entities, { hashtags: [], symbols: [], user_mentions: [], urls: [] })
      assert.equal((await wcall('POST', '/1.1/direct_messages/welcome_messages/new.json', { welcome_message: { name: 'n'.repeat(101), message_data: { text: 'x' } } })).statusCode, 400)
      assert.equal((await wcall('POST', '/1.1/direct_messages/welcome_messages/new.json', { welcome_message: { message_data: { text: 'x'.repeat(9_990) } } })).statusCode, 200)
      assert.equal((await wcall('POST', '/1.1/direct_messages/welcome_messages/new.json', { welcome_message: { message_data: { text: 'x'.repeat(9_991) } } })).json().errors[0].code, 354)

      assert.equal((await wcall('GET', `/1.1/direct_messages/welcome_messages/show.json?id=${welcome.id}`)).json().welcome_message.id, welcome.id)
      const updated = await wcall('PUT', `/1.1/direct_messages/welcome_messages/update.json?id=${welcome.id}`, { message_data: { text: 'Welcome back!' } })
      assert.equal(updated.json().welcome_message.message_data.text, 'Welcome back!')
      assert.equal('quick_reply' in updated.json().welcome_message.message_data, false, 'an update replaces the whole message_data')
      const list = (await wcall('GET', '/1.1/direct_messages/welcome_messages/list.json?count=1')).json()
      assert.equal(list.welcome_messages.length, 1)
      assert.ok(list.next_cursor)
      const rest = (await wcall('GET', `/1.1/direct_messages/welcome_messages/list.json?count=1&cursor=${list.next_cursor}`)).json()
      assert.equal(rest.welcome_messages[0].id, welcome.id)
      assert.equal('next_cursor' in rest, false)
      assert.equal((await wcall('DELETE', `/1.1/direct_messages/welcome_messages/destroy.json?id=${welcome.id}`)).statusCode, 204)
      assert.equal((await wcall('GET', `/1.1/direct_messages/welcome_messages/show.json?id=${welcome.id}`)).json().errors[0].code, 34)
    })

    test('rules: one rule is the default welcome message; setWelcomeDm\'s sequence replaces it; a person has none', async () => {
      const make = async (text: string) => (await wcall('POST', '/1.1/direct_messages/welcome_messages/new.json', { welcome_message: { message_data: { text } } })).json().welcome_message.id
      const first = await make('First welcome')
      assert.deepEqual((await wcall('GET', '/1.1/direct_messages/welcome_messages/rules/list.json')).json(), {})
      const rule = (await wcall('POST', '/1.1/direct_messages/welcome_messages/rules/new.json', { welcome_message_rule: { welcome_message_id: first } })).json().welcome_message_rule
      assert.equal(rule.welcome_message_id, first)
      assert.match(rule.created_timestamp, /^[0-9]+$/)
      assert.equal((await wcall('GET', `/1.1/direct_messages/welcome_messages/rules/show.json?id=${rule.id}`)).json().welcome_message_rule.id, rule.id)
      const card = (await s.call('GET', `/api/v1/brands/${brandId}/card`)).json()
      assert.equal(card.welcomeMessage.id, first, 'the rule is what a new conversation shows')

      // setWelcomeDm(second): list rules, delete each rule and its message, create a rule.
      const second = await make('Second welcome')
      const rules = (await wcall('GET', '/1.1/direct_messages/welcome_messages/rules/list.json')).json().welcome_message_rules
      for (const r of rules) {
        assert.equal((await wcall('DELETE', `/1.1/direct_messages/welcome_messages/rules/destroy.json?id=${r.id}`)).statusCode, 204)
        assert.equal((await wcall('DELETE', `/1.1/direct_messages/welcome_messages/destroy.json?id=${r.welcome_message_id}`)).statusCode, 204)
      }
      const next = (await wcall('POST', '/1.1/direct_messages/welcome_messages/rules/new.json', { welcome_message_rule: { welcome_message_id: second } })).json().welcome_message_rule
      assert.equal(next.welcome_message_id, second)
      assert.deepEqual((await wcall('GET', '/1.1/direct_messages/welcome_messages/rules/list.json')).json().welcome_message_rules.map((r: Body) => r.welcome_message_id), [second])
      assert.equal((await wcall('GET', `/1.1/direct_messages/welcome_messages/rules/show.json?id=${first}`)).statusCode, 404)

      const person = await call('GET', '/1.1/direct_messages/welcome_messages/list.json', ben)
      assert.equal(person.statusCode, 403)
    })

    test('a conversation started from the welcome message says so: initiated_via and the quick-reply answer', async () => {
      const welcome = (await wcall('POST', '/1.1/direct_messages/welcome_messages/new.json', {
        welcome_message: { message_data: { text: 'Pick one', quick_reply: { type: 'options', options: [{ label: 'Beans', metadata: 'beans' }] } } },
      })).json().welcome_message
      const convo = (await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: brandId } })).json()
      const conversationId = convo.id
      assert.ok(conversationId, JSON.stringify(convo))
      const sent = await s.call('POST', `/api/v1/conversations/${conversationId}/messages`, {
        token: chloe.token, body: { welcomeMessageId: welcome.id, quickReplyResponse: { type: 'options', messageId: welcome.id, metadata: 'beans' } },
      })
      assert.equal(sent.statusCode, 201, sent.body)
      const events = (await wcall('GET', '/1.1/direct_messages/events/list.json')).json().events
      const written = events.find((e: Body) => e.initiated_via)
      assert.equal(written.initiated_via.welcome_message_id, welcome.id)
      assert.equal(written.message_create.sender_id, brandId)
      const answer = events.find((e: Body) => e.message_create.message_data.quick_reply_response)
      assert.deepEqual(answer.message_create.message_data.quick_reply_response, { type: 'options', metadata: 'beans' })
      assert.equal(answer.message_create.sender_id, chloe.id)
      assert.equal(answer.message_create.target.recipient_id, brandId)
    })
  })

  describe('rate limits', () => {
    test('events/show: 15 per 15 minutes per user with x-rate-limit-* headers, the 16th is 429 code 88', async () => {
      const sent = (await call('POST', '/1.1/direct_messages/events/new.json', ada, dm(ben.id, { text: 'limits' }))).json().event
      const hank = { id: ben.id }
      const url = `/1.1/direct_messages/events/show.json?id=${sent.id}`
      clock.advance(16 * 60_000)
      for (let i = 1; i <= 15; i++) {
        const res = await call('GET', url, hank, undefined, { 'x-test-app': '1000000000000000077' })
        assert.equal(res.statusCode, 200)
        assert.equal(res.headers['x-rate-limit-limit'], '15')
        assert.equal(res.headers['x-rate-limit-remaining'], String(15 - i))
      }
      const over = await call('GET', url, hank, undefined, { 'x-test-app': '1000000000000000077' })
      assert.equal(over.statusCode, 429)
      assert.deepEqual(over.json().errors.map((e: Body) => e.code), [88])
      assert.equal(over.headers['x-rate-limit-remaining'], '0')
      assert.ok(Number(over.headers['x-rate-limit-reset']) > clock.now() / 1000)
      assert.equal((await call('GET', url, hank, undefined, { 'x-test-app': '1000000000000000078' })).statusCode, 200, 'another app has its own window')
      clock.advance(15 * 60_000)
      assert.equal((await call('GET', url, hank, undefined, { 'x-test-app': '1000000000000000077' })).statusCode, 200, 'a new window opens')
    })
  })
})

describe('Twitter DM quotas (24 hours, per user and app, free replies)', () => {
  let s: TestServer
  const clock = new TestClock(Date.now())
  before(async () => {
    s = await testServer({ twitterLimits: { ...defaultTwitterLimits, dmSendsPerUserPerDay: 3, dmSendsPerAppPerDay: 5 } }, { twitterAuthenticate: testTwitterAuthenticate, clock })
  })
  after(() => s.stop())
  const send = (from: { id: string }, to: { id: string }, app: string, v2 = false) => s.app.inject({
    method: 'POST',
    url: v2 ? `/2/dm_conversations/with/${to.id}/messages` : '/1.1/direct_messages/events/new.json',
    headers: { 'x-test-account': from.id, 'x-test-app': app },
    payload: v2 ? { text: 'hello' } : dm(to.id, { text: 'hello' }),
  })

  test('per user and app: the limit passes with the 24-hour headers, one past is 429 code 88; a day later it passes again', async () => {
    const [ivy, jon] = [await s.person('ivy'), await s.person('jon')]
    await s.call('PATCH', '/api/v1/me/settings', { token: jon.token, body: { receiveMessagesFromAnyone: true } })
    const app = '2000000000000000001'
    for (let i = 1; i <= 3; i++) {
      clock.advance(1)
      const res = await send(ivy, jon, app, i === 2)
      assert.ok(res.statusCode === 200 || res.statusCode === 201, res.body)
      assert.equal(res.headers['x-user-limit-24hour-limit'], '3')
      assert.equal(res.headers['x-user-limit-24hour-remaining'], String(3 - i))
      assert.ok(Number(res.headers['x-user-limit-24hour-reset']) > clock.now() / 1000)
    }
    for (const v2 of [false, true]) {
      const over = await send(ivy, jon, app, v2)
      assert.equal(over.statusCode, 429)
      assert.equal(over.headers['x-user-limit-24hour-remaining'], '0')
      if (v2) assert.equal(over.json().title, 'Too Many Requests')
      else assert.deepEqual(over.json().errors.map((e: Body) => e.code), [88])
    }
    assert.equal((await send(ivy, jon, '2000000000000000002')).statusCode, 200, 'another app has its own count')
    clock.advance(24 * 60 * 60_000)
    assert.equal((await send(ivy, jon, app)).statusCode, 200)
  })

  test('after a message received, five replies within 24 hours are free; the sixth is refused', async () => {
    const [kim, lou] = [await s.person('kim'), await s.person('lou')]
    await s.call('PATCH', '/api/v1/me/settings', { token: lou.token, body: { receiveMessagesFromAnyone: true } })
    const app = '2000000000000000003'
    for (let i = 0; i < 3; i++) { clock.advance(1); assert.equal((await send(kim, lou, app)).statusCode, 200) }
    assert.equal((await send(kim, lou, app)).statusCode, 429)
    clock.advance(1)
    const conversationId = (await s.call('GET', '/api/v1/conversations', { token: lou.token })).json().conversations[0].id
    assert.equal((await s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: lou.token, body: { text: 'I need help' } })).statusCode, 201)
    for (let i = 0; i < 5; i++) {
      clock.advance(1)
      const res = await send(kim, lou, app, i % 2 === 1)
      assert.ok(res.statusCode === 200 || res.statusCode === 201, `free reply ${i + 1}: ${res.statusCode} ${res.body}`)
    }
    clock.advance(1)
    assert.equal((await send(kim, lou, app)).statusCode, 429)
  })

  test('per app: 5 in 24 hours across its users, with the x-app-limit-24hour-* headers', async () => {
    const [max, ned, ola] = [await s.person('max'), await s.person('ned'), await s.person('ola')]
    await s.call('PATCH', '/api/v1/me/settings', { token: ola.token, body: { receiveMessagesFromAnyone: true } })
    const app = '2000000000000000004'
    for (let i = 0; i < 3; i++) { clock.advance(1); assert.equal((await send(max, ola, app)).statusCode, 200) }
    for (let i = 0; i < 2; i++) {
      clock.advance(1)
      const res = await send(ned, ola, app)
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['x-app-limit-24hour-limit'], '5')
      assert.equal(res.headers['x-app-limit-24hour-remaining'], String(1 - i))
    }
    const over = await send(ned, ola, app)
    assert.equal(over.statusCode, 429)
    assert.equal(over.headers['x-app-limit-24hour-remaining'], '0')
    assert.match(over.json().errors[0].message, /app/)
  })
})
