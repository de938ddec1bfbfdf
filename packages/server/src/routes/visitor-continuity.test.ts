import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import type { LightMyRequestResponse } from 'fastify'
import { issueVisitorLink, VISITOR_LINK_TTL_MS } from '@parloir/core'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'

const formType = { 'content-type': 'application/x-www-form-urlencoded' }
const setCookies = (res: LightMyRequestResponse) => [res.headers['set-cookie'] ?? []].flat().map(String)
const hidden = (body: string, name: string) => new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(body)?.[1]
const cookieOf = (res: LightMyRequestResponse, name: string, path: string) =>
  setCookies(res).find((c) => c.startsWith(`${name}=`) && c.includes(`Path=${path}`))?.split(';')[0] ?? ''

function assertPage(res: LightMyRequestResponse, status: number, label: string): void {
  assert.equal(res.statusCode, status, `${label}: ${res.body.slice(0, 400)}`)
  assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/, label)
  assert.equal(res.headers['cache-control'], 'no-store', label)
}

describe('a visitor comes back: the email\'s single-use link, and keeping the conversation in an account', () => {
  const clock = new TestClock()
  const lines: string[] = []
  let s: TestServer
  let ada: { id: string; token: string }
  let brandId: string
  const asBrand = () => ({ token: ada.token, headers: { 'parloir-act-as': brandId } })
  const get = (url: string, headers: Record<string, string> = {}) => s.app.inject({ method: 'GET', url, headers })
  const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    s.app.inject({ method: 'POST', url, headers: { ...formType, ...headers }, payload: new URLSearchParams(fields).toString() })
  let visitors = 0
  /** A visitor writes to the brand through the API (as the widget does); returns its token and conversation. */
  const visitor = async () => {
    const res = await s.call('POST', '/api/v1/visitors', { body: { brandId, text: 'Where is my order?', email: 'chloe@example.com' }, headers: { 'x-forwarded-for': `192.0.2.${++visitors}` } })
    assert.equal(res.statusCode, 201, res.body)
    const body = res.json() as { me: { account: { id: string } }; session: { token: string }; conversation: { id: string } }
    return { id: body.me.account.id, token: body.session.token, conversationId: body.conversation.id }
  }
  const linkFor = async (v: { id: string; conversationId: string }) => (await issueVisitorLink(s.deps, { visitorId: v.id, conversationId: v.conversationId })).token

  before(async () => {
    const logStream = new PassThrough()
    logStream.on('data', (chunk: Buffer) => lines.push(chunk.toString()))
    s = await testServer({ logLevel: 'info' }, { clock, logStream })
    ada = await s.person('ada')
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
  })
  after(() => s.stop())

  describe('the link', () => {
    test('GET shows a button and uses nothing: no cookie, no referrer, the link still works after a scanner opened it twice', async () => {
      const v = await visitor()
      const token = await linkFor(v)
      for (const round of [1, 2]) {
        const page = await get(`/messages/continue?token=${token}`)
        assertPage(page, 200, `look ${round}`)
        assert.deepEqual(setCookies(page), [], 'no cookie on GET')
        assert.equal(page.headers['referrer-policy'], 'strict-origin', 'the token is not sent on as a Referer; the form\'s Origin is this server\'s')
        assert.match(page.body, /Continue your conversation with Northwind Coffee/)
        assert.match(page.body, /<form class="pg-composer" method="post" action="\/messages\/continue">/)
        assert.match(page.body, /<button class="pg-send" type="submit">Continue the conversation<\/button>/)
        assert.equal(hidden(page.body, 'token'), token)
        assert.doesNotMatch(page.body, /<script/)
      }
      const fr = await get(`/messages/continue?token=${token}`, { 'accept-language': 'fr-FR,fr;q=0.9' })
      assert.match(fr.body, /Reprendre la conversation/)
      assert.equal((await post('/messages/continue', { token })).statusCode, 303, 'still unused')
    })

    test('POST uses it once: the visitor cookie, then the conversation with no token in the address; its replies reach the brand', async () => {
      const v = await visitor()
      const token = await linkFor(v)
      const used = await post('/messages/continue', { token }, { 'user-agent': 'Second browser' })
      assert.equal(used.statusCode, 303, used.body)
      assert.equal(used.headers.location, `/messages/visitor/${v.conversationId}#latest`)
      assert.ok(!String(used.headers.location).includes(token))
      const cookies = setCookies(used)
      assert.deepEqual(cookies.map((c) => /Path=([^;]+)/.exec(c)?.[1]).sort(), ['/messages/compose', '/messages/continue', '/messages/visitor'])
      for (const c of cookies) { assert.match(c, /^parloir_visitor=[A-Za-z0-9_-]{43};/); assert.match(c, /HttpOnly/); assert.match(c, /SameSite=Lax/) }
      const cookie = cookieOf(used, 'parloir_visitor', '/messages/visitor')

      const thread = await get(`/messages/visitor/${v.conversationId}`, { cookie })
      assertPage(thread, 200, 'the conversation after the exchange')
      assert.match(thread.body, /Where is my order\?/)
      const sent = await post(`/messages/visitor/${v.conversationId}`, { csrf: hidden(thread.body, 'csrf') ?? '', text: 'Back from my phone', client_message_id: 'phone-1' }, { cookie })
      assert.equal(sent.statusCode, 303, sent.body)
      const messages = (await s.call('GET', `/api/v1/conversations/${v.conversationId}/messages`, asBrand())).json().messages as Array<{ text: string; senderId: string }>
      assert.deepEqual(messages.at(-1), { ...messages.at(-1), text: 'Back from my phone', senderId: v.id }, 'the same visitor, in the same conversation')
      // The first browser (the widget's token) goes on too: a new session, not a moved one.
      assert.equal((await s.call('GET', '/api/v1/me', { token: v.token })).statusCode, 200)
    })

    test('a replay is refused with a page that says so; the browser that used it is taken to its conversation', async () => {
      const v = await visitor()
      const token = await linkFor(v)
      const first = await post('/messages/continue', { token })
      const cookie = cookieOf(first, 'parloir_visitor', '/messages/continue')
      for (const replay of [await post('/messages/continue', { token }), await get(`/messages/continue?token=${token}`)]) {
        assertPage(replay, 410, 'replayed')
        assert.deepEqual(setCookies(replay), [])
        assert.match(replay.body, /This link was already used/)
        assert.match(replay.body, new RegExp(`href="/messages/compose\\?recipient_id=${brandId}">Write to Northwind Coffee again`))
      }
      const here = await get(`/messages/continue?token=${token}`, { cookie })
      assert.equal(here.statusCode, 303)
      assert.equal(here.headers.location, `/messages/visitor/${v.conversationId}#latest`)
      assert.deepEqual(setCookies(here), [])
    })

    test('another site cannot make a browser use a link: a cross-site POST is refused with a page, and the link is still unused', async () => {
      const v = await visitor()
      const token = await linkFor(v)
      const own = 'http://localhost:80'
      const refused: Array<Record<string, string>> = [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { origin: 'http://localhost:8080' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site', origin: 'http://shop.localhost' },
        { 'sec-fetch-site': 'cross-site', origin: own },
      ]
      for (const headers of refused) {
        const res = await post('/messages/continue', { token }, headers)
        assertPage(res, 403, JSON.stringify(headers))
        assert.match(res.body, /This link was sent from another site/)
        assert.match(res.body, /Error code: CROSS_SITE_FORM/)
        assert.deepEqual(setCookies(res), [], 'no cookie')
      }
      const fr = await post('/messages/continue', { token }, { origin: 'https://evil.example', 'accept-language': 'fr' })
      assert.match(fr.body, /Ce lien a été envoyé depuis un autre site/)
      // This server's own page (a browser says same-origin), or a browser too old to say anything: taken.
      const [a, b, c] = [await linkFor(v), await linkFor(v), token]
      for (const [link, headers] of [[a, { origin: own, 'sec-fetch-site': 'same-origin' }], [b, {}], [c, { origin: own }]] as const) {
        const res = await post('/messages/continue', { token: link }, headers)
        assert.equal(res.statusCode, 303, `${JSON.stringify(headers)}: ${res.body.slice(0, 200)}`)
        assert.equal(res.headers.location, `/messages/visitor/${v.conversationId}#latest`)
      }
    })

    test('of two uses at once exactly one gets a session', async () => {
      const v = await visitor()
      const token = await linkFor(v)
      const both = await Promise.all([post('/messages/continue', { token }), post('/messages/continue', { token })])
      assert.deepEqual(both.map((r) => r.statusCode).sort(), [303, 410])
      assert.equal(both.filter((r) => setCookies(r).length > 0).length, 1)
    })

    test('it works until 7 days have passed, not at 7 days', async () => {
      assert.equal(VISITOR_LINK_TTL_MS, 7 * 24 * 60 * 60 * 1000)
      const v = await visitor()
      const [last, late] = [await linkFor(v), await linkFor(v)]
      clock.advance(VISITOR_LINK_TTL_MS - 1)
      assert.equal((await post('/messages/continue', { token: last })).statusCode, 303, 'the last millisecond')
      clock.advance(1)
      for (const expired of [await get(`/messages/continue?token=${late}`), await post('/messages/continue', { token: late })]) {
        assertPage(expired, 410, 'expired')
        assert.deepEqual(setCookies(expired), [])
        assert.match(expired.body, /This link has expired/)
        assert.match(expired.body, /Write to Northwind Coffee again/)
      }
      const fr = await get(`/messages/continue?token=${late}`, { 'accept-language': 'fr' })
      assert.match(fr.body, /Ce lien a expiré/)
    })

    test('a forged, cut or missing token is a plain page, never a 500, and uses nothing', async () => {
      const v = await visitor()
      const token = await linkFor(v)
      const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
      for (const bad of [forged, token.slice(0, 20), '', '%00', 'x'.repeat(5000), `${token}${token}`]) {
        for (const res of [await get(`/messages/continue?token=${encodeURIComponent(bad)}`), await post('/messages/continue', { token: bad })]) {
          assertPage(res, 404, `token ${bad.slice(0, 12)}`)
          assert.deepEqual(setCookies(res), [])
          assert.match(res.body, /This link does not work/)
        }
      }
      const noField = await s.app.inject({ method: 'POST', url: '/messages/continue', headers: formType, payload: '' })
      assertPage(noField, 404, 'no token field')
      const json = await s.app.inject({ method: 'POST', url: '/messages/continue', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ token }) })
      assert.ok(json.statusCode >= 400 && json.statusCode < 500, `JSON: ${json.statusCode}`)
      assert.equal((await post('/messages/continue', { token })).statusCode, 303, 'the real one still works')
    })

    test('no token reaches the log, on GET, POST or the redirect', async () => {
      const v = await visitor()
      const token = await linkFor(v)
      await get(`/messages/continue?token=${token}`)
      await post('/messages/continue', { token })
      await post('/messages/continue', { token })
      const log = lines.join('')
      assert.match(log, /"url":"\/messages\/continue\?token=\[redacted\]"/)
      assert.ok(!log.includes(token), `the token reached the log: ${lines.find((line) => line.includes(token)) ?? ''}`)
    })
  })

  describe('keeping the conversation in an account', () => {
    test('the visitor page offers it; the form is sign-up\'s, with every mistake at once, each limit at its value and one past it', async () => {
      const v = await visitor()
      const cookie = cookieOf(await post('/messages/continue', { token: await linkFor(v) }), 'parloir_visitor', '/messages/visitor')
      const thread = await get(`/messages/visitor/${v.conversationId}`, { cookie })
      assert.match(thread.body, new RegExp(`<a class="pg-quiet" href="/messages/visitor/${v.conversationId}/account">Create an account to keep this conversation</a>`))
      const form = await get(`/messages/visitor/${v.conversationId}/account`, { cookie })
      assertPage(form, 200, 'account form')
      assert.deepEqual(setCookies(form), [])
      assert.doesNotMatch(form.body, /<script/)
      const csrf = hidden(form.body, 'csrf') ?? ''
      assertPage(await get(`/messages/visitor/${v.conversationId}/account`), 404, 'no cookie')

      const { handleChars, displayNameChars, passwordMinChars } = s.config.limits
      const wrong = await post(`/messages/visitor/${v.conversationId}/account`, { csrf, handle: 'chloé b', display_name: '', password: 'x'.repeat(passwordMinChars - 1) }, { cookie })
      assertPage(wrong, 400, 'three mistakes')
      assert.match(wrong.body, /Check the fields below \(3\)/)
      assert.match(wrong.body, /A handle is 1 to 15 letters, digits or underscores/)
      assert.match(wrong.body, /Write a name of 1 to 100 characters/)
      assert.match(wrong.body, /A password has at least 8 characters/)
      assert.match(wrong.body, /value="chloé b"/, 'what was typed comes back, the password does not')
      const past = await post(`/messages/visitor/${v.conversationId}/account`, { csrf, handle: 'c'.repeat(handleChars + 1), display_name: 'n'.repeat(displayNameChars + 1), password: 'x'.repeat(passwordMinChars) }, { cookie })
      assertPage(past, 400, 'one past the limits')
      assert.match(past.body, /Check the fields below \(2\)/)
      const forged = await post(`/messages/visitor/${v.conversationId}/account`, { csrf: 'forged', handle: 'chloe', display_name: 'Chloé', password: 'correct horse battery' }, { cookie })
      assertPage(forged, 403, 'forged csrf')
      const taken = await post(`/messages/visitor/${v.conversationId}/account`, { csrf, handle: 'ADA', display_name: 'Chloé', password: 'correct horse battery' }, { cookie })
      assertPage(taken, 409, 'taken handle')
      assert.match(taken.body, /The handle @ADA is taken/)
      assert.equal((await s.call('GET', '/api/v1/me', { token: v.token })).json().account.kind, 'visitor', 'nothing changed')

      // At the limits: a handle of 15, a name of 100, a password of 8.
      const handle = `c${'h'.repeat(handleChars - 1)}`
      const made = await post(`/messages/visitor/${v.conversationId}/account`, { csrf, handle, display_name: 'n'.repeat(displayNameChars), password: 'x'.repeat(passwordMinChars) }, { cookie })
      assert.equal(made.statusCode, 303, made.body)
      assert.equal(made.headers.location, `/c/${v.conversationId}`)
    })

    test('the visitor becomes a person with the same conversation: the brand keeps its customer, the visitor\'s sessions end, the web app opens', async () => {
      const v = await visitor()
      const token = await linkFor(v)
      const stale = await linkFor(v)
      const cookie = cookieOf(await post('/messages/continue', { token }), 'parloir_visitor', '/messages/visitor')
      await s.call('POST', `/api/v1/conversations/${v.conversationId}/messages`, { ...asBrand(), body: { text: 'It left this morning.' } })
      const csrf = hidden((await get(`/messages/visitor/${v.conversationId}/account`, { cookie })).body, 'csrf') ?? ''
      const made = await post(`/messages/visitor/${v.conversationId}/account`, { csrf, handle: '@chloe_b', display_name: 'Chloé B', password: 'correct horse battery' }, { cookie, 'user-agent': 'Chloé\'s phone' })
      assert.equal(made.statusCode, 303, made.body)
      assert.equal(made.headers.location, `/c/${v.conversationId}`)
      const session = cookieOf(made, 'parloir_session', '/')
      assert.match(session, /^parloir_session=[A-Za-z0-9_-]{43}$/)
      assert.ok(setCookies(made).filter((c) => c.startsWith('parloir_visitor=;')).length === 3, 'the visitor cookie is cleared on every path')

      // The web app's session: a person, same id, with the thread and its answer.
      const me = (await get('/api/v1/auth/session', { cookie: session })).json().me
      assert.deepEqual([me.account.id, me.account.kind, me.account.handle, me.account.displayName], [v.id, 'person', 'chloe_b', 'Chloé B'])
      const mine = (await s.app.inject({ method: 'GET', url: `/api/v1/conversations/${v.conversationId}/messages`, headers: { cookie: session } })).json().messages as Array<{ text: string }>
      assert.deepEqual(mine.map((m) => m.text), ['Where is my order?', 'It left this morning.'])
      const login = await s.call('POST', '/api/v1/auth/login', { body: { handle: 'chloe_b', password: 'correct horse battery' } })
      assert.equal(login.statusCode, 200, 'the password works')

      // The brand's team: the same conversation, the same customer, now a person.
      const seen = (await s.call('GET', `/api/v1/conversations/${v.conversationId}`, asBrand())).json()
      assert.deepEqual(seen.participants.map((p: { account: { id: string; kind: string } }) => [p.account.id, p.account.kind]).sort(), [[brandId, 'brand'], [v.id, 'person']].sort())
      const inboxRow = (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${v.conversationId}`, { token: ada.token })).json()
      assert.equal(inboxRow.state?.customerKind ?? inboxRow.customerKind, 'person', 'the team inbox counts a person now')
      const reply = await s.call('POST', `/api/v1/conversations/${v.conversationId}/messages`, { token: login.json().session.token, body: { text: 'Thanks, now with an account' } })
      assert.equal(reply.statusCode, 201, reply.body)
      assert.equal((await s.call('GET', `/api/v1/conversations/${v.conversationId}/messages`, asBrand())).json().messages.at(-1).text, 'Thanks, now with an account')

      // Every visitor session ended: the widget's token, this browser's cookie; the old link says to log in.
      const widget = await s.call('GET', '/api/v1/me', { token: v.token })
      assert.equal(widget.statusCode, 401)
      assert.deepEqual(widget.json().error.details, { accountKind: 'person' }, 'the widget\'s token is told where its conversation went')
      const other = await visitor()
      assert.equal((await s.call('POST', '/api/v1/auth/logout', { token: other.token })).statusCode, 204)
      const loggedOut = await s.call('GET', '/api/v1/me', { token: other.token })
      assert.equal(loggedOut.statusCode, 401)
      assert.equal(loggedOut.json().error.details, undefined, 'a visitor that is still one is told nothing more')
      assertPage(await get(`/messages/visitor/${v.conversationId}`, { cookie }), 401, 'the visitor page')
      const old = await get(`/messages/continue?token=${stale}`)
      assertPage(old, 409, 'a link of the visitor it was')
      assert.match(old.body, /This conversation is in an account now/)
      assert.match(old.body, new RegExp(`href="/login\\?next=%2Fc%2F${v.conversationId}">Log in`))
    })
  })
})
