import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>
const code = (res: { json(): { error?: { code: string } } }) => res.json().error?.code

describe('visitors write to a brand without an account', () => {
  let s: TestServer
  let ada: Person, chloe: Person
  let brandId: string, welcomeId: string
  before(async () => {
    s = await testServer({}, { clock: new TestClock() })
    ;[ada, chloe] = [await s.person('ada'), await s.person('chloe')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    welcomeId = (await s.call('POST', `/api/v1/brands/${brandId}/welcome-messages`, {
      token: ada.token,
      body: { name: 'Orders', text: 'What is it about?', quickReply: { type: 'options', options: [{ label: 'My order', metadata: 'topic:order' }, { label: 'Beans', metadata: 'topic:beans' }] } },
    })).json().id
    await s.call('PATCH', `/api/v1/brands/${brandId}/messaging`, { token: ada.token, body: { embedOrigins: ['https://shop.northwind.example'] } })
  })
  after(() => s.stop())
  const start = (body: Record<string, unknown>, ip = '203.0.113.9') =>
    s.call('POST', '/api/v1/visitors', { body: { brandId, ...body }, headers: { 'x-forwarded-for': ip } })
  const asBrand = { token: '', headers: {} as Record<string, string> }
  before(() => { asBrand.token = ada.token; asBrand.headers = { 'parloir-act-as': brandId } })

  test('a quick reply on the welcome message starts the conversation: welcome first, then the choice with its metadata, attributed to the ref', async () => {
    const res = await start({ welcomeMessageId: welcomeId, quickReplyResponse: { type: 'options', messageId: welcomeId, metadata: 'topic:order' }, text: 'My order', ref: 'spring-poster', email: 'chloe@example.com' })
    assert.equal(res.statusCode, 201)
    const { me, session, conversation, message } = res.json()
    assert.equal(me.account.kind, 'visitor')
    assert.equal(me.account.handle, '')
    assert.equal(me.email, 'chloe@example.com')
    assert.equal(conversation.source, 'spring-poster')
    assert.equal(message.quickReplyResponse.metadata, 'topic:order')

    const messages = (await s.call('GET', `/api/v1/conversations/${conversation.id}/messages`, asBrand)).json().messages
    assert.deepEqual(messages.map((m: { text: string; automation: string | null }) => [m.text, m.automation]), [['What is it about?', 'welcome'], ['My order', null]])
    assert.equal(messages[1].quickReplyResponse.messageId, messages[0].id, 'the answer points at the written welcome message')

    // The token the server issued is the visitor's from now on; the brand sees the conversation like any other.
    const again = await s.call('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: session.token, body: { text: 'It is late' } })
    assert.equal(again.statusCode, 201)
    const inbox = (await s.call('GET', '/api/v1/conversations', asBrand)).json().conversations
    assert.ok(inbox.some((c: { id: string }) => c.id === conversation.id))
    const answer = await s.call('POST', `/api/v1/conversations/${conversation.id}/messages`, { ...asBrand, body: { text: 'Sorry! Checking now.' } })
    assert.equal(answer.statusCode, 201)
  })

  test('a quick reply that is not an option of the welcome message is refused, and no visitor is created', async () => {
    const before = (await s.call('GET', '/api/v1/conversations', asBrand)).json().conversations.length
    assert.equal(code(await start({ welcomeMessageId: welcomeId, quickReplyResponse: { type: 'options', messageId: welcomeId, metadata: 'topic:free-coffee' } })), 'QUICK_REPLY_INVALID')
    assert.equal(code(await start({ text: '  ' })), 'MESSAGE_EMPTY')
    assert.equal(code(await start({ text: 'hi', site: 'https://evil.example' })), 'EMBED_NOT_ALLOWED')
    assert.equal(code(await start({ text: 'hi', brandId: chloe.id })), 'ACCOUNT_NOT_FOUND')
    assert.equal((await s.call('GET', '/api/v1/conversations', asBrand)).json().conversations.length, before)
  })

  test('an allowed site starts a conversation; the visitor can leave an email address and remove it', async () => {
    const res = await start({ text: 'Hello from the shop', site: 'https://shop.northwind.example' })
    assert.equal(res.statusCode, 201)
    const token = res.json().session.token
    assert.equal((await s.call('PATCH', '/api/v1/visitor', { token, body: { email: 'v@example.com' } })).json().email, 'v@example.com')
    assert.equal((await s.call('PATCH', '/api/v1/visitor', { token, body: { email: null } })).json().email, null)
    assert.equal(code(await s.call('PATCH', '/api/v1/visitor', { token, body: { email: 'not-an-address' } })), 'VALIDATION_FAILED')
    assert.equal(code(await s.call('PATCH', '/api/v1/visitor', { token: chloe.token, body: { email: 'c@example.com' } })), 'FORBIDDEN')
  })

  test('a visitor writes only to brands; only a brand reaches a visitor', async () => {
    const res = (await start({ text: 'Hi' })).json()
    const visitorId = res.me.account.id
    assert.equal(code(await s.call('POST', '/api/v1/conversations/direct', { token: res.session.token, body: { accountId: chloe.id } })), 'VISITOR_NOT_ALLOWED')
    assert.equal(code(await s.call('POST', '/api/v1/conversations/group', { token: res.session.token, body: { accountIds: [brandId] } })), 'VISITOR_NOT_ALLOWED')
    assert.equal(code(await s.call('POST', '/api/v1/brands', { token: res.session.token, body: { handle: 'fake', displayName: 'Fake' } })), 'FORBIDDEN')
    assert.equal(code(await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: visitorId } })), 'ACCOUNT_NOT_FOUND')
    assert.equal(code(await s.call('POST', '/api/v1/conversations/group', { token: chloe.token, body: { accountIds: [visitorId] } })), 'VISITOR_NOT_ALLOWED')
  })

  describe('a visitor started by one brand', () => {
    let southwindId: string
    let dora: Person
    before(async () => {
      dora = await s.person('dora')
      southwindId = (await s.call('POST', '/api/v1/brands', { token: dora.token, body: { handle: 'eastwind', displayName: 'Eastwind Bakery' } })).json().brand.id
    })

    test('cannot open a conversation with another brand: VISITOR_OTHER_BRAND, and nothing is opened', async () => {
      const res = (await start({ text: 'Hi' }, '192.0.2.60')).json()
      const token: string = res.session.token
      const refused = await s.call('POST', '/api/v1/conversations/direct', { token, body: { accountId: southwindId } })
      assert.equal(refused.statusCode, 403, refused.body)
      assert.equal(code(refused), 'VISITOR_OTHER_BRAND')
      const mine = (await s.call('GET', '/api/v1/conversations', { token })).json().conversations
      assert.deepEqual(mine.map((c: { id: string }) => c.id), [res.conversation.id])
      // Its own brand, still.
      const again = await s.call('POST', '/api/v1/conversations/direct', { token, body: { accountId: brandId } })
      assert.equal(again.json().id, res.conversation.id)
    })

    test('is missing to another brand, which cannot open a conversation with it', async () => {
      const visitorId = (await start({ text: 'Hi' }, '192.0.2.61')).json().me.account.id
      const refused = await s.call('POST', '/api/v1/conversations/direct', { token: dora.token, headers: { 'parloir-act-as': southwindId }, body: { accountId: visitorId } })
      assert.equal(code(refused), 'ACCOUNT_NOT_FOUND')
    })

    test('cannot send into a conversation with another account, even one opened before this rule', async () => {
      const res = (await start({ text: 'Hi' }, '192.0.2.62')).json()
      const visitorId: string = res.me.account.id
      // As an older server let it: a conversation between this visitor and another brand.
      const conversationId = '1999999999999999999'
      const now = Date.now()
      await s.deps.storage.transaction(async (tx) => {
        await tx.conversations.insert({ id: conversationId, kind: 'direct', pairKey: [visitorId, southwindId].sort().join(':'), name: null, avatarMediaId: null, createdBy: visitorId, createdAtMs: now, updatedAtMs: now, lastSeq: 0, lastMessageAtMs: now, source: null })
        for (const accountId of [visitorId, southwindId]) {
          await tx.participants.upsert({ conversationId, accountId, status: 'accepted', joinedCursor: 0, leftCursor: null, lastReadSeq: 0, visibleFromSeq: 0, joinedAtMs: now })
        }
      })
      const refused = await s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: res.session.token, body: { text: 'Linked?' } })
      assert.equal(refused.statusCode, 403, refused.body)
      assert.equal(code(refused), 'VISITOR_OTHER_BRAND')
    })

    test("the deep link of another brand starts a new visitor instead of continuing this one", async () => {
      const formType = { 'content-type': 'application/x-www-form-urlencoded' }
      const post = (fields: Record<string, string>, cookie = '') => s.app.inject({
        method: 'POST', url: '/messages/compose', headers: { ...formType, 'x-forwarded-for': '192.0.2.63', ...(cookie ? { cookie } : {}) }, payload: new URLSearchParams(fields).toString(),
      })
      const first = await post({ recipient_id: brandId, text: 'Hello Northwind' })
      assert.equal(first.statusCode, 303, first.body)
      const cookie = [first.headers['set-cookie'] ?? []].flat().map(String).find((c) => c.startsWith('parloir_visitor='))?.split(';')[0] ?? ''
      const page = await s.app.inject({ method: 'GET', url: `/messages/compose?recipient_id=${southwindId}`, headers: { cookie } })
      assert.doesNotMatch(page.body, /name="as" value="visitor"/, 'not offered to continue as the other brand\'s visitor')
      const csrf = /name="csrf" value="([^"]+)"/.exec((await s.app.inject({ method: 'GET', url: `/messages/compose?recipient_id=${brandId}`, headers: { cookie } })).body)?.[1] ?? ''
      const forged = await post({ recipient_id: southwindId, text: 'Hello Eastwind', as: 'visitor', csrf }, cookie)
      assert.notEqual(forged.statusCode, 303, 'the old visitor does not write to another brand')
      const fresh = await post({ recipient_id: southwindId, text: 'Hello Eastwind' }, cookie)
      assert.equal(fresh.statusCode, 303, fresh.body)
      const inbox = (await s.call('GET', '/api/v1/conversations', { token: dora.token, headers: { 'parloir-act-as': southwindId } })).json().conversations
      const visitorOf = (c: { participants: Array<{ account: { id: string; kind: string } }> }) => c.participants.find((p) => p.account.kind === 'visitor')?.account.id
      const firstVisitor = (await s.call('GET', `/api/v1/conversations/${/messages\/visitor\/([0-9]+)/.exec(String(first.headers.location))?.[1]}`, asBrand)).json()
      assert.ok(inbox.length > 0)
      assert.ok(inbox.every((c: Parameters<typeof visitorOf>[0]) => visitorOf(c) !== visitorOf(firstVisitor)), 'a new visitor, not linkable to the first')
    })
  })

  describe("a visitor's profile", () => {
    test('is found by the visitor and by the members of the brand it writes to, acting as themselves or as the brand', async () => {
      const res = (await start({ text: 'Hi', displayName: 'Zoé Martin' }, '192.0.2.40')).json()
      const visitorId: string = res.me.account.id
      for (const [who, as] of [['the visitor', { token: res.session.token }], ['ada', { token: ada.token }], ['ada as the brand', asBrand]] as const) {
        const found = await s.call('GET', `/api/v1/accounts/${visitorId}`, as)
        assert.equal(found.statusCode, 200, `${who}: ${found.body}`)
        assert.equal(found.json().displayName, 'Zoé Martin', who)
      }
    })

    test('is missing, as an unknown account is, for anyone else: nobody logged in, a person, another brand, another visitor', async () => {
      const res = (await start({ text: 'Hi', displayName: 'Zoé Martin' }, '192.0.2.41')).json()
      const visitorId: string = res.me.account.id
      const ben = await s.person('ben')
      const otherBrandId = (await s.call('POST', '/api/v1/brands', { token: ben.token, body: { handle: 'southwind', displayName: 'Southwind Tea' } })).json().brand.id
      const otherVisitor = (await start({ text: 'Hello' }, '192.0.2.42')).json().session.token
      const unknown = await s.call('GET', '/api/v1/accounts/1234567890123456789')
      for (const [who, as] of [['nobody', {}], ['chloe', { token: chloe.token }], ['ben', { token: ben.token }], ['ben as his brand', { token: ben.token, headers: { 'parloir-act-as': otherBrandId } }], ['another visitor', { token: otherVisitor }]] as const) {
        const refused = await s.call('GET', `/api/v1/accounts/${visitorId}`, as)
        assert.equal(refused.statusCode, 404, `${who}: ${refused.body}`)
        assert.deepEqual(refused.json(), unknown.json(), who)
        assert.ok(!refused.body.includes('Zoé'), who)
      }
      // People and brands stay public.
      assert.equal((await s.call('GET', `/api/v1/accounts/${chloe.id}`)).statusCode, 200)
      assert.equal((await s.call('GET', `/api/v1/accounts/${brandId}`)).statusCode, 200)
    })
  })

  test('30 new conversations a minute per address and site; the 31st is 429, another site is not affected', async () => {
    for (let i = 0; i < 30; i++) assert.equal((await start({ text: `hi ${i}` }, '198.51.100.7')).statusCode, 201)
    const refused = await start({ text: 'one more' }, '198.51.100.7')
    assert.equal(refused.statusCode, 429)
    assert.ok(Number(refused.headers['retry-after']) > 0)
    assert.equal((await start({ text: 'from the shop', site: 'https://shop.northwind.example' }, '198.51.100.7')).statusCode, 201)
  })

  test('a visitor sends 10 at once, its first message among them, then about one a second (60 a minute)', async () => {
    const { session, conversation } = (await start({ text: 'first' }, '192.0.2.1')).json()
    const send = () => s.call('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: session.token, body: { text: 'again' } })
    // The first message went the way every message goes: it drew on the same budget.
    for (let i = 1; i < 10; i++) assert.equal((await send()).statusCode, 201, `send ${i}`)
    assert.equal((await send()).statusCode, 429)
  })
})
