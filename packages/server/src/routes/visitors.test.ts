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

  test('30 new conversations a minute per address and site; the 31st is 429, another site is not affected', async () => {
    for (let i = 0; i < 30; i++) assert.equal((await start({ text: `hi ${i}` }, '198.51.100.7')).statusCode, 201)
    const refused = await start({ text: 'one more' }, '198.51.100.7')
    assert.equal(refused.statusCode, 429)
    assert.ok(Number(refused.headers['retry-after']) > 0)
    assert.equal((await start({ text: 'from the shop', site: 'https://shop.northwind.example' }, '198.51.100.7')).statusCode, 201)
  })

  test('a visitor sends 10 at once, then about one a second (60 a minute)', async () => {
    const { session, conversation } = (await start({ text: 'first' }, '192.0.2.1')).json()
    const send = () => s.call('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: session.token, body: { text: 'again' } })
    for (let i = 0; i < 10; i++) assert.equal((await send()).statusCode, 201, `send ${i}`)
    assert.equal((await send()).statusCode, 429)
  })
})
