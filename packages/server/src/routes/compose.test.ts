import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'
import { FORM_BODY_BYTES } from './compose.ts'

type Person = Awaited<ReturnType<TestServer['person']>>
interface ApiMessage { id: string; text: string; senderId: string; automation: string | null; quickReplyResponse: { messageId: string; metadata: string } | null }

const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
const formType = { 'content-type': 'application/x-www-form-urlencoded' }

/** Every tag of a page; escaped text never holds a `<`, so this finds only real markup. */
const tags = (body: string) => body.match(/<[a-z][^>]*>/gi) ?? []
const hidden = (body: string, name: string) => new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(body)?.[1]
const setCookies = (res: LightMyRequestResponse) => [res.headers['set-cookie'] ?? []].flat()

function assertPage(res: LightMyRequestResponse, status: number, label: string): void {
  assert.equal(res.statusCode, status, `${label}: ${res.body.slice(0, 400)}`)
  assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/, label)
  assert.equal(res.headers['cache-control'], 'no-store', label)
  assert.match(String(res.headers['content-security-policy']), /default-src 'none'/, label)
  assert.doesNotMatch(res.body, /<script/i, label)
}

describe('the deep link and the visitor pages (no JavaScript)', () => {
  let s: TestServer
  let ada: Person, ben: Person
  let brandId: string, otherBrandId: string, quietBrandId: string
  let defaultId: string, ordersId: string, otherWelcomeId: string
  const asBrand = { token: '', headers: {} as Record<string, string> }

  before(async () => {
    s = await testServer({}, { clock: new TestClock() })
    ;[ada, ben] = [await s.person('ada'), await s.person('ben', 'Ben Okafor')]
    const brand = (handle: string, displayName: string) => s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle, displayName } }).then((r) => r.json().brand.id as string)
    brandId = await brand('northwind', 'Northwind Coffee')
    otherBrandId = await brand('southwind', 'Southwind Tea')
    quietBrandId = await brand('eastwind', 'Eastwind Bakery')
    const welcome = async (id: string, body: Record<string, unknown>) => {
      const res = await s.call('POST', `/api/v1/brands/${id}/welcome-messages`, { token: ada.token, body })
      assert.equal(res.statusCode, 201, res.body)
      return res.json().id as string
    }
    defaultId = await welcome(brandId, { name: 'Default', text: 'Hello! How can we help?', isDefault: true })
    ordersId = await welcome(brandId, {
      name: 'Orders', text: `About an order ${hostile} see https://northwind.example/help`,
      quickReply: { type: 'options', options: [{ label: 'Where is my order?', metadata: 'topic:order' }, { label: 'Returns', description: 'Send something back', metadata: 'topic:returns' }] },
      buttons: [{ type: 'web_url', label: 'Track a parcel', url: 'https://northwind.example/track' }, { type: 'phone_number', label: 'Call us', phoneNumber: '+33 1 23 45 67 89' }, { type: 'conversation', label: 'Talk to Southwind', accountId: otherBrandId }],
    })
    otherWelcomeId = await welcome(otherBrandId, { name: 'Tea', text: 'Southwind says hi', isDefault: true })
    asBrand.token = ada.token
    asBrand.headers = { 'parloir-act-as': brandId }
  })
  after(() => s.stop())

  const get = (url: string, headers: Record<string, string> = {}) => s.app.inject({ method: 'GET', url, headers })
  const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    s.app.inject({ method: 'POST', url, headers: { ...formType, ...headers }, payload: new URLSearchParams(fields).toString() })
  const brandMessages = async (conversationId: string): Promise<ApiMessage[]> => {
    const res = await s.call('GET', `/api/v1/conversations/${conversationId}/messages`, asBrand)
    assert.equal(res.statusCode, 200, res.body)
    return res.json().messages
  }

  describe('opening the link', () => {
    test('shows the linked welcome message with its quick replies as buttons carrying their metadata, its buttons, and the prefilled text', async () => {
      const res = await get(`/messages/compose?recipient_id=${brandId}&welcome_message_id=${ordersId}&text=${encodeURIComponent('Order 1234 is late')}&ref=spring_poster`)
      assertPage(res, 200, 'compose')
      assert.match(res.body, /<title>Message Northwind Coffee · Parloir<\/title>/)
      assert.match(res.body, /About an order &lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt; see <a href="https:\/\/northwind.example\/help" target="_blank" rel="noopener noreferrer nofollow ugc">/)
      assert.match(res.body, /<button class="pg-quick-option" type="submit" form="compose" name="quick_reply" value="topic:order">/)
      assert.match(res.body, /name="quick_reply" value="topic:returns"><span class="pg-quick-label">Returns<\/span><span class="pg-quick-description">Send something back<\/span>/)
      assert.match(res.body, /href="https:\/\/northwind.example\/track" target="_blank" rel="noopener noreferrer"/)
      assert.match(res.body, /href="tel:\+33123456789"/)
      assert.match(res.body, new RegExp(`href="/messages/compose\\?recipient_id=${otherBrandId}"`))
      assert.match(res.body, /<textarea[^>]*name="text"[^>]*>Order 1234 is late<\/textarea>/)
      assert.equal(hidden(res.body, 'recipient_id'), brandId)
      assert.equal(hidden(res.body, 'welcome_message_id'), ordersId)
      assert.equal(hidden(res.body, 'ref'), 'spring_poster')
      assert.equal(hidden(res.body, 'csrf'), undefined, 'no session, no token')
      assert.match(res.body, /name="display_name"/)
      assert.match(res.body, /name="email"/)
    })

    test('shows the default welcome message when none is named, or when the named one is unknown or another brand\'s; none when the brand has none', async () => {
      for (const query of ['', `&welcome_message_id=${otherWelcomeId}`, '&welcome_message_id=1234567890123456789']) {
        const res = await get(`/messages/compose?recipient_id=northwind${query}`)
        assertPage(res, 200, query)
        assert.match(res.body, /Hello! How can we help\?/, query)
        assert.doesNotMatch(res.body, /Southwind says hi|About an order/, query)
        assert.equal(hidden(res.body, 'welcome_message_id'), defaultId, query)
      }
      const quiet = await get('/messages/compose?recipient_id=eastwind')
      assertPage(quiet, 200, 'no welcome')
      assert.doesNotMatch(quiet.body, /pg-bubble/)
      assert.equal(hidden(quiet.body, 'welcome_message_id'), undefined)
      assert.equal(hidden(quiet.body, 'recipient_id'), quietBrandId)
    })

    test('takes an id, a handle with or without @ in any case, or screen_name as Twitter\'s links do', async () => {
      for (const query of [`recipient_id=${brandId}`, 'recipient_id=northwind', 'recipient_id=%40NorthWind', 'screen_name=northwind', 'screen_name=%40northwind']) {
        const res = await get(`/messages/compose?${query}`)
        assertPage(res, 200, query)
        assert.equal(hidden(res.body, 'recipient_id'), brandId, query)
      }
    })

    test('a person\'s link shows name and handle without badge or welcome, and asks someone without an account to log in', async () => {
      const res = await get('/messages/compose?recipient_id=ben&text=hi')
      assertPage(res, 200, 'person')
      assert.match(res.body, /<h1 class="pg-name"><span>Ben Okafor<\/span><\/h1>/)
      assert.match(res.body, /@ben/)
      assert.doesNotMatch(res.body, /Provides support|<form/)
      assert.match(res.body, /href="\/login\?next=%2Fmessages%2Fcompose%3Frecipient_id%3D\d+"/)
    })

    test('sets no cookie and stores nothing, with or without cookies of its own; never cached; a strict policy without script', async () => {
      const person = await s.call('POST', '/api/v1/auth/login', { body: { handle: 'ben', password: 'correct horse battery' } })
      const sessionCookie = setCookies(person).find((c) => c.startsWith('parloir_session='))?.split(';')[0] ?? ''
      assert.ok(sessionCookie)
      for (const cookie of ['', sessionCookie, 'parloir_session=not-a-real-token', 'parloir_visitor=not-a-real-token', `${sessionCookie}; parloir_visitor=zzz`]) {
        const res = await get(`/messages/compose?recipient_id=northwind&text=hello`, cookie ? { cookie } : {})
        assertPage(res, 200, cookie)
        assert.deepEqual(setCookies(res), [], cookie)
        const csp = String(res.headers['content-security-policy'])
        assert.doesNotMatch(csp, /script-src|unsafe-inline|unsafe-eval/)
        assert.match(csp, /style-src 'self'/)
        assert.match(csp, /frame-ancestors 'none'/)
        assert.match(csp, /form-action 'self'/)
        assert.deepEqual(tags(res.body).filter((tag) => /\sstyle=|\son[a-z]+=/i.test(tag.replace(/"[^"]*"/g, '""'))), [], cookie)
      }
      const head = await s.app.inject({ method: 'HEAD', url: '/messages/compose?recipient_id=northwind', headers: { cookie: sessionCookie } })
      assert.equal(head.statusCode, 200)
      assert.deepEqual(setCookies(head), [])
    })

    test('opening the link sends nothing', async () => {
      const before = (await s.call('GET', '/api/v1/conversations', asBrand)).json().conversations.length
      await get(`/messages/compose?recipient_id=northwind&welcome_message_id=${ordersId}&text=Hello&ref=x`)
      assert.equal((await s.call('GET', '/api/v1/conversations', asBrand)).json().conversations.length, before)
    })

    test('hostile prefilled text stays text inside the box', async () => {
      const text = `</textarea>${hostile}"'&amp;`
      const res = await get(`/messages/compose?recipient_id=northwind&text=${encodeURIComponent(text)}`)
      assertPage(res, 200, 'hostile')
      assert.match(res.body, /name="text" rows="4">&lt;\/textarea&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;&quot;&#39;&amp;amp;<\/textarea>/)
      assert.equal(tags(res.body).filter((tag) => /^<(script|img)/i.test(tag)).length, 0)
    })

    test('text up to 10,000 characters (code points) is prefilled; one more is a 400 that offers to write anyway', async () => {
      const at = await get(`/messages/compose?recipient_id=northwind&text=${encodeURIComponent('🙂'.repeat(10_000))}`)
      assertPage(at, 200, 'at the limit')
      const past = await get(`/messages/compose?recipient_id=northwind&text=${encodeURIComponent(`${'🙂'.repeat(10_000)}a`)}`)
      assertPage(past, 400, 'past the limit')
      assert.match(past.body, /10001 characters long; a message holds at most 10000/)
      assert.match(past.body, new RegExp(`href="/messages/compose\\?recipient_id=${brandId}">Write to Northwind Coffee anyway`))
    })

    test('a ref of 64 characters is kept; 65, or a character outside letters, digits and . _ : ~ -, is a 400', async () => {
      const ok = await get(`/messages/compose?recipient_id=northwind&ref=${'r'.repeat(64)}`)
      assertPage(ok, 200, 'ref 64')
      assert.equal(hidden(ok.body, 'ref'), 'r'.repeat(64))
      for (const ref of ['r'.repeat(65), 'spring poster', 'a<b', 'é']) {
        const res = await get(`/messages/compose?recipient_id=northwind&ref=${encodeURIComponent(ref)}`)
        assertPage(res, 400, ref)
        assert.match(res.body, /The source in the link/)
      }
    })

    test('bad links get a page that says what is wrong, with the right status, never a 500', async () => {
      const cases: Array<[string, number, RegExp]> = [
        ['', 400, /does not say whom to write to/],
        ['recipient_id=', 400, /does not say whom to write to/],
        ['recipient_id=a-b!', 400, /is neither an account id nor a handle/],
        [`recipient_id=${'x'.repeat(16)}`, 400, /is neither an account id nor a handle/],
        ['recipient_id=nobody_here', 404, /There is no account “nobody_here”/],
        ['recipient_id=1234567890123456789', 404, /There is no account/],
        ['recipient_id=99999999999999999999', 404, /There is no account/],
        ['recipient_id=northwind&welcome_message_id=abc', 400, /welcome message in the link/],
        ['recipient_id=northwind&recipient_id=southwind', 400, /more than once/],
        ['recipient_id=northwind&text=a&text=b', 400, /more than once/],
        [`recipient_id=${encodeURIComponent(hostile)}`, 400, /is neither/],
      ]
      for (const [query, status, message] of cases) {
        const res = await get(`/messages/compose?${query}`)
        assertPage(res, status, query)
        assert.match(res.body, message, query)
        assert.doesNotMatch(res.body, /<img src=x/)
      }
      // A visitor has no public face: its id is no recipient.
      const visitor = await s.call('POST', '/api/v1/visitors', { body: { brandId, text: 'hi' }, headers: { 'x-forwarded-for': '192.0.2.50' } })
      assertPage(await get(`/messages/compose?recipient_id=${visitor.json().me.account.id}`), 404, 'visitor id')
    })

    test('is answered by these pages, not by the web app; the stylesheet is cached for good', async () => {
      const res = await get('/messages/compose?recipient_id=northwind')
      const href = /<link rel="stylesheet" href="(\/messages\/static\/pages-[0-9a-f]{12}\.css)">/.exec(res.body)?.[1]
      assert.ok(href)
      const css = await get(href)
      assert.equal(css.statusCode, 200)
      assert.match(String(css.headers['content-type']), /^text\/css/)
      assert.match(String(css.headers['cache-control']), /max-age=31536000, immutable/)
      assert.match(css.body, /\.pg-bubble/)
      assert.equal((await get('/messages/static/other.css')).statusCode, 404)
    })
  })

  describe('sending from the link without an account', () => {
    test('starts the conversation as a visitor: the welcome message written first, the ref as its source, a visitor cookie for its pages only', async () => {
      const res = await post('/messages/compose', {
        recipient_id: brandId, welcome_message_id: ordersId, ref: 'spring_poster', text: 'Order 1234 is late', display_name: 'Chloé', email: 'chloe@example.com', client_message_id: 'abc123',
      }, { 'user-agent': 'Test browser' })
      assert.equal(res.statusCode, 303, res.body)
      const location = String(res.headers.location)
      const conversationId = /^\/messages\/visitor\/(\d+)#latest$/.exec(location)?.[1]
      assert.ok(conversationId, location)
      const cookies = setCookies(res)
      assert.equal(cookies.length, 3)
      for (const path of ['/messages/visitor', '/messages/compose', '/messages/continue']) {
        const cookie = cookies.find((c) => c.includes(`Path=${path};`) || c.endsWith(`Path=${path}`))
        assert.ok(cookie, path)
        assert.match(cookie, /^parloir_visitor=[A-Za-z0-9_-]{16,}/)
        assert.match(cookie, /HttpOnly/)
        assert.match(cookie, /SameSite=Lax/)
        assert.doesNotMatch(cookie, /Secure/, 'plain http in tests')
      }

      const messages = await brandMessages(conversationId)
      assert.deepEqual(messages.map((m) => [m.text.slice(0, 14), m.automation]), [['About an order', 'welcome'], ['Order 1234 is ', null]])
      const conversation = (await s.call('GET', `/api/v1/conversations/${conversationId}`, asBrand)).json()
      assert.equal(conversation.source, 'spring_poster')
      const visitor = conversation.participants.find((p: { account: { kind: string } }) => p.account.kind === 'visitor')?.account
      assert.equal(visitor.displayName, 'Chloé')
    })

    test('pressing a quick reply sends the choice with its metadata, answering the written welcome message', async () => {
      const res = await post('/messages/compose', { recipient_id: brandId, welcome_message_id: ordersId, ref: 'qr', text: '', quick_reply: 'topic:returns' })
      assert.equal(res.statusCode, 303, res.body)
      const conversationId = /\/messages\/visitor\/(\d+)/.exec(String(res.headers.location))?.[1] ?? ''
      const [welcome, choice] = await brandMessages(conversationId)
      assert.equal(welcome?.automation, 'welcome')
      assert.equal(choice?.text, 'Returns')
      assert.deepEqual(choice?.quickReplyResponse, { type: 'options', messageId: welcome?.id, metadata: 'topic:returns' })
    })

    test('words typed beside a choice go with it, and the visitor page notes the choice', async () => {
      const res = await post('/messages/compose', { recipient_id: brandId, welcome_message_id: ordersId, text: 'Order 1234', quick_reply: 'topic:order' })
      assert.equal(res.statusCode, 303, res.body)
      const cookie = setCookies(res)[0]?.split(';')[0] ?? ''
      const conversationId = /\/messages\/visitor\/(\d+)/.exec(String(res.headers.location))?.[1] ?? ''
      const [, sent] = await brandMessages(conversationId)
      assert.equal(sent?.text, 'Order 1234')
      assert.equal(sent?.quickReplyResponse?.metadata, 'topic:order')
      const page = await get(`/messages/visitor/${conversationId}`, { cookie })
      assertPage(page, 200, 'visitor page')
      assert.match(page.body, /Chose “Where is my order\?”/)
    })

    test('mistakes come back on the form with the text kept and the status of the error', async () => {
      const base = { recipient_id: brandId, welcome_message_id: ordersId }
      const empty = await post('/messages/compose', { ...base, text: '   ', display_name: 'Chloé' })
      assertPage(empty, 400, 'empty')
      assert.match(empty.body, /Write a message, or choose one of the answers/)
      assert.match(empty.body, /value="Chloé"/)
      assert.deepEqual(setCookies(empty), [])

      const long = await post('/messages/compose', { ...base, text: `${'x'.repeat(10_000)}y` })
      assertPage(long, 400, 'long')
      assert.match(long.body, /10001 characters long/)
      assert.match(long.body, /xxxxy<\/textarea>/)

      const wrongChoice = await post('/messages/compose', { ...base, text: 'hi', quick_reply: 'topic:free-coffee' })
      assertPage(wrongChoice, 400, 'choice')
      assert.match(wrongChoice.body, /no longer offered/)

      const email = await post('/messages/compose', { ...base, text: 'hi', email: 'not-an-address' })
      assertPage(email, 400, 'email')
      assert.match(email.body, /does not look right/)

      const toPerson = await post('/messages/compose', { recipient_id: ben.id, text: `Hi Ben ${hostile}` })
      assertPage(toPerson, 403, 'person')
      assert.match(toPerson.body, /only takes messages from people with an account/)

      const unknown = await post('/messages/compose', { recipient_id: '1234567890123456789', text: 'hi' })
      assertPage(unknown, 404, 'unknown')

      const notForm = await s.app.inject({ method: 'POST', url: '/messages/compose', headers: { 'content-type': 'application/json' }, payload: '{}' })
      assertPage(notForm, 415, 'json')
    })

    test('a form body is capped at 256 KiB', async () => {
      const payload = `recipient_id=${brandId}&text=${'a'.repeat(FORM_BODY_BYTES)}`
      const res = await s.app.inject({ method: 'POST', url: '/messages/compose', headers: formType, payload })
      assertPage(res, 413, 'too large')
    })
  })

  describe('sending from the link as a logged-in person', () => {
    let cookie: string
    before(async () => {
      const login = await s.call('POST', '/api/v1/auth/login', { body: { handle: 'ben', password: 'correct horse battery' }, headers: { 'x-forwarded-for': '10.9.0.1' } })
      cookie = setCookies(login).find((c) => c.startsWith('parloir_session='))?.split(';')[0] ?? ''
    })

    test('the form carries the session\'s CSRF token; sending opens the conversation in the web app, welcome message first', async () => {
      const page = await get(`/messages/compose?recipient_id=northwind&welcome_message_id=${ordersId}&ref=newsletter`, { cookie })
      assertPage(page, 200, 'logged in')
      assert.deepEqual(setCookies(page), [])
      assert.match(page.body, /You write as Ben Okafor \(@ben\)/)
      assert.doesNotMatch(page.body, /name="display_name"/)
      const csrf = hidden(page.body, 'csrf') ?? ''
      assert.ok(csrf.length > 10)
      assert.equal(hidden(page.body, 'as'), 'person')

      const res = await post('/messages/compose', { recipient_id: brandId, welcome_message_id: ordersId, ref: 'newsletter', as: 'person', csrf, text: '', quick_reply: 'topic:order' }, { cookie })
      assert.equal(res.statusCode, 303, res.body)
      assert.deepEqual(setCookies(res), [])
      const conversationId = /^\/c\/(\d+)$/.exec(String(res.headers.location))?.[1] ?? ''
      assert.ok(conversationId)
      const [welcome, choice] = await brandMessages(conversationId)
      assert.equal(welcome?.automation, 'welcome')
      assert.equal(choice?.senderId, ben.id)
      assert.deepEqual(choice?.quickReplyResponse, { type: 'options', messageId: welcome?.id, metadata: 'topic:order' })
      assert.equal((await s.call('GET', `/api/v1/conversations/${conversationId}`, asBrand)).json().source, 'newsletter')
    })

    test('a wrong or missing CSRF token is refused with 403, the text kept, and nothing sent', async () => {
      const conversations = async () => (await s.call('GET', '/api/v1/conversations', { token: ben.token })).json().conversations.length
      const before = await conversations()
      for (const fields of [{ csrf: 'forged' }, { csrf: '' }]) {
        const res = await post('/messages/compose', { recipient_id: otherBrandId, as: 'person', text: 'Hello Southwind', ...fields }, { cookie })
        assertPage(res, 403, fields.csrf)
        assert.match(res.body, /This form has expired/)
        assert.match(res.body, /Hello Southwind<\/textarea>/)
      }
      const noCookie = await post('/messages/compose', { recipient_id: otherBrandId, as: 'person', csrf: 'x', text: 'Hello Southwind' })
      assertPage(noCookie, 403, 'no cookie')
      assert.equal(await conversations(), before)
    })
  })

  describe('the visitor\'s conversation page', () => {
    let cookie: string, conversationId: string
    before(async () => {
      const res = await post('/messages/compose', { recipient_id: brandId, text: 'Hello there', email: '' })
      cookie = setCookies(res).find((c) => c.includes('Path=/messages/visitor'))?.split(';')[0] ?? ''
      conversationId = /\/messages\/visitor\/(\d+)/.exec(String(res.headers.location))?.[1] ?? ''
    })

    test('lists every message, with the brand\'s answers under their profile name, automatic replies marked', async () => {
      const profile = (await s.call('POST', `/api/v1/brands/${brandId}/custom-profiles`, { token: ada.token, body: { name: 'Ada at Northwind' } })).json()
      const answer = await s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { ...asBrand, body: {
        text: `Hi! Which one? ${hostile}`, customProfileId: profile.id, quickReply: { type: 'options', options: [{ label: 'The latest', metadata: 'latest' }] },
      } })
      assert.equal(answer.statusCode, 201, answer.body)
      const page = await get(`/messages/visitor/${conversationId}`, { cookie })
      assertPage(page, 200, 'visitor page')
      assert.deepEqual(setCookies(page), [])
      assert.match(page.body, /Hello! How can we help\?/)
      assert.match(page.body, /Northwind Coffee <span class="pg-auto">· Automatic reply<\/span>/)
      assert.match(page.body, /Hello there/)
      assert.match(page.body, /<p class="pg-sender">Ada at Northwind<\/p>/)
      assert.match(page.body, /Hi! Which one\? &lt;script&gt;/)
      assert.match(page.body, /form="reply" name="quick_reply" value="latest"/)
      assert.match(page.body, /Check for answers<\/a>/)
      assert.match(page.body, /Leave an email address/)
    })

    test('a reply and a quick-reply choice are sent with the session\'s CSRF token; a wrong one is refused with the text kept', async () => {
      const page = await get(`/messages/visitor/${conversationId}`, { cookie })
      const csrf = hidden(page.body, 'csrf') ?? ''
      const askedId = hidden(page.body, 'quick_reply_message_id') ?? ''
      const refused = await post(`/messages/visitor/${conversationId}`, { csrf: 'forged', text: 'The blue one' }, { cookie })
      assertPage(refused, 403, 'csrf')
      assert.match(refused.body, /The blue one<\/textarea>/)

      const chose = await post(`/messages/visitor/${conversationId}`, { csrf, text: '', quick_reply: 'latest', quick_reply_message_id: askedId }, { cookie })
      assert.equal(chose.statusCode, 303, chose.body)
      assert.equal(chose.headers.location, `/messages/visitor/${conversationId}#latest`)
      const replied = await post(`/messages/visitor/${conversationId}`, { csrf, text: 'Thanks!' }, { cookie })
      assert.equal(replied.statusCode, 303)
      const messages = await brandMessages(conversationId)
      const [choice, thanks] = messages.slice(-2)
      assert.equal(choice?.text, 'The latest')
      assert.deepEqual(choice?.quickReplyResponse, { type: 'options', messageId: askedId, metadata: 'latest' })
      assert.equal(thanks?.text, 'Thanks!')
      const empty = await post(`/messages/visitor/${conversationId}`, { csrf, text: ' ' }, { cookie })
      assertPage(empty, 400, 'empty reply')
    })

    test('the visitor leaves an email address to be told of answers, and can remove it', async () => {
      const csrf = hidden((await get(`/messages/visitor/${conversationId}`, { cookie })).body, 'csrf') ?? ''
      const bad = await post(`/messages/visitor/${conversationId}/email`, { csrf, email: 'nope' }, { cookie })
      assertPage(bad, 400, 'bad email')
      const saved = await post(`/messages/visitor/${conversationId}/email`, { csrf, email: 'chloe@example.com' }, { cookie })
      assert.equal(saved.statusCode, 303)
      assert.match((await get(`/messages/visitor/${conversationId}`, { cookie })).body, /Saved: chloe@example.com\./)
      assert.equal((await post(`/messages/visitor/${conversationId}/email`, { csrf, stop: '1' }, { cookie })).statusCode, 303)
      assert.doesNotMatch((await get(`/messages/visitor/${conversationId}`, { cookie })).body, /Saved: /)
    })

    test('a visitor who follows a link again finds its conversation, with the link\'s text in the reply box; with another brand it starts as a new visitor', async () => {
      const composeCookie = cookie
      // The same link, from the same browser: straight to the thread, nothing set, nothing sent.
      const before = (await brandMessages(conversationId)).length
      const link = await get(`/messages/compose?recipient_id=northwind&text=Back+again`, { cookie: composeCookie })
      assert.equal(link.statusCode, 303, link.body)
      assert.equal(link.headers.location, `/messages/visitor/${conversationId}?text=Back+again#latest`)
      assert.deepEqual(setCookies(link), [])
      const bare = await get(`/messages/compose?recipient_id=${brandId}`, { cookie: composeCookie })
      assert.equal(bare.headers.location, `/messages/visitor/${conversationId}#latest`)
      const page = await get(`/messages/visitor/${conversationId}?text=Back+again`, { cookie: composeCookie })
      assertPage(page, 200, 'returning')
      assert.deepEqual(setCookies(page), [])
      assert.match(page.body, /name="text" rows="3">Back again<\/textarea>/)
      assert.equal((await brandMessages(conversationId)).length, before, 'following the link sent nothing')
      const tooLong = await get(`/messages/visitor/${conversationId}?text=${'a'.repeat(s.config.limits.messageTextChars + 1)}`, { cookie: composeCookie })
      assert.match(tooLong.body, /name="text" rows="3"><\/textarea>/, 'a prefill longer than a message is left out')
      const csrf = hidden(page.body, 'csrf') ?? ''
      const again = await post('/messages/compose', { recipient_id: brandId, as: 'visitor', csrf, text: 'Back again' }, { cookie: composeCookie })
      assert.equal(again.statusCode, 303, again.body)
      assert.equal(again.headers.location, `/messages/visitor/${conversationId}#latest`)
      assert.equal((await brandMessages(conversationId)).at(-1)?.text, 'Back again')

      // A visitor belongs to the brand that started it: another brand's link does not continue it.
      const otherLink = await get(`/messages/compose?recipient_id=southwind`, { cookie: composeCookie })
      assert.equal(hidden(otherLink.body, 'as'), undefined)
      const linked = await post('/messages/compose', { recipient_id: otherBrandId, welcome_message_id: otherWelcomeId, as: 'visitor', csrf, text: 'Hello Southwind' }, { cookie: composeCookie })
      assertPage(linked, 403, 'the same visitor to another brand')
      const other = await post('/messages/compose', { recipient_id: otherBrandId, welcome_message_id: otherWelcomeId, text: 'Hello Southwind' }, { cookie: composeCookie, 'x-forwarded-for': '192.0.2.78' })
      assert.equal(other.statusCode, 303, other.body)
      const otherId = /\/messages\/visitor\/(\d+)/.exec(String(other.headers.location))?.[1] ?? ''
      assert.notEqual(otherId, conversationId)
      const newCookie = setCookies(other).find((c) => c.startsWith('parloir_visitor=') && c.includes('Path=/messages/visitor'))?.split(';')[0] ?? ''
      const otherPage = await get(`/messages/visitor/${otherId}`, { cookie: newCookie })
      assertPage(otherPage, 200, 'second brand')
      assert.match(otherPage.body, /Southwind says hi/)
      assert.match(otherPage.body, /Hello Southwind/)

      const forged = await post('/messages/compose', { recipient_id: brandId, as: 'visitor', csrf: 'forged', text: 'x' }, { cookie: composeCookie })
      assertPage(forged, 403, 'forged visitor csrf')
      const toPerson = await post('/messages/compose', { recipient_id: ben.id, as: 'visitor', csrf, text: 'Hi Ben' }, { cookie: composeCookie })
      assertPage(toPerson, 403, 'visitor to a person')
      assert.match(toPerson.body, /only takes messages from people with an account/)
    })

    test('no cookie, another visitor\'s conversation or a bad id is a 404 that links back; an unknown token asks to start again', async () => {
      const other = await post('/messages/compose', { recipient_id: brandId, text: 'Someone else' }, { 'x-forwarded-for': '192.0.2.77' })
      const otherId = /\/messages\/visitor\/(\d+)/.exec(String(other.headers.location))?.[1] ?? ''
      for (const [url, headers] of [
        [`/messages/visitor/${conversationId}`, {}],
        [`/messages/visitor/${otherId}`, { cookie }],
        ['/messages/visitor/not-an-id', { cookie }],
      ] as const) {
        const res = await get(url, headers)
        assertPage(res, 404, url)
        assert.match(res.body, /No conversation here/)
        assert.match(res.body, /href="\/"/)
        assert.doesNotMatch(res.body, /Someone else|Hello there/)
      }
      const ended = await get(`/messages/visitor/${conversationId}`, { cookie: 'parloir_visitor=AAAAAAAAAAAAAAAAAAAAAAAA' })
      assertPage(ended, 401, 'unknown token')
      assert.match(ended.body, /Start again from the brand/)
      const forged = await post(`/messages/visitor/${otherId}`, { csrf: 'x', text: 'not mine' }, { cookie })
      assertPage(forged, 404, 'post to another')
    })
  })
})

describe('the deep link under rate limits', () => {
  let s: TestServer
  let brandId: string
  before(async () => {
    s = await testServer({ rateLimits: { visitorStartsPerAddressAndSite: { max: 2, windowMs: 60_000 } } as TestServer['config']['rateLimits'] }, { clock: new TestClock() })
    const ada = await s.person('ada')
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
  })
  after(() => s.stop())

  test('new visitor conversations from one address share the API\'s budget; past it, 429 with the text kept and Retry-After', async () => {
    const send = (text: string) => s.app.inject({ method: 'POST', url: '/messages/compose', headers: { ...formType, 'x-forwarded-for': '198.51.100.20' }, payload: new URLSearchParams({ recipient_id: brandId, text }).toString() })
    assert.equal((await send('one')).statusCode, 303)
    assert.equal((await send('two')).statusCode, 303)
    const refused = await send('three')
    assertPage(refused, 429, 'third')
    assert.ok(Number(refused.headers['retry-after']) > 0)
    assert.match(refused.body, /Too many messages/)
    assert.match(refused.body, /three<\/textarea>/)
    assert.deepEqual(setCookies(refused), [])
  })
})
