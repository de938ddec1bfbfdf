import { describe, test, after } from 'node:test'
import assert from 'node:assert/strict'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'

const password = 'correct horse battery'

describe('signing up', () => {
  let s: TestServer
  test.before(async () => { s = await testServer() })
  after(() => s.stop())

  test('creates a person, opens a session and sets an HttpOnly, SameSite=Lax cookie', async () => {
    const res = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 'Chloe', displayName: 'Chloé', password } })
    assert.equal(res.statusCode, 201)
    const body = res.json()
    assert.match(body.me.account.id, /^[0-9]{19}$/)
    assert.equal(body.me.account.kind, 'person')
    assert.deepEqual(body.me.settings, { receiveMessagesFromAnyone: false, sendReadReceipts: true })
    const cookie = String(res.headers['set-cookie'])
    assert.match(cookie, /parloir_session=/)
    assert.match(cookie, /HttpOnly/)
    assert.match(cookie, /SameSite=Lax/)
    assert.equal(res.headers['cache-control'], 'private, no-store')
  })

  test('refuses a handle already taken, whatever its case', async () => {
    const res = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 'CHLOE', displayName: 'x', password }, headers: { 'x-forwarded-for': '10.1.0.1' } })
    assert.equal(res.statusCode, 409)
    assert.equal(res.json().error.code, 'HANDLE_TAKEN')
  })

  test('accepts a 15-character handle and refuses 16', async () => {
    const ok = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 'a'.repeat(15), displayName: 'x', password }, headers: { 'x-forwarded-for': '10.1.0.2' } })
    assert.equal(ok.statusCode, 201)
    const bad = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 'b'.repeat(16), displayName: 'x', password }, headers: { 'x-forwarded-for': '10.1.0.2' } })
    assert.equal(bad.statusCode, 400)
    assert.equal(bad.json().error.details.fields[0].path, 'body/handle')
  })

  test('accepts a 100-character display name and refuses 101', async () => {
    const ok = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 'dn100', displayName: 'd'.repeat(100), password }, headers: { 'x-forwarded-for': '10.1.0.3' } })
    assert.equal(ok.statusCode, 201)
    const bad = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 'dn101', displayName: 'd'.repeat(101), password }, headers: { 'x-forwarded-for': '10.1.0.3' } })
    assert.equal(bad.statusCode, 400)
  })

  test('accepts a password of 1,024 bytes and refuses 1,025 before hashing', async () => {
    const ok = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 'pw1024', displayName: 'x', password: 'é'.repeat(512) }, headers: { 'x-forwarded-for': '10.1.0.4' } })
    assert.equal(ok.statusCode, 201)
    const bad = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 'pw1025', displayName: 'x', password: `${'é'.repeat(512)}a` }, headers: { 'x-forwarded-for': '10.1.0.4' } })
    assert.equal(bad.statusCode, 400)
    assert.equal(bad.json().error.code, 'VALIDATION_FAILED')
    assert.equal((await s.call('GET', '/api/v1/accounts/by-handle/pw1025')).statusCode, 404, 'nothing half written')
  })

  test('refuses a number where the handle should be text', async () => {
    const res = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 12345, displayName: 'x', password }, headers: { 'x-forwarded-for': '10.1.0.5' } })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().error.details.fields[0].path, 'body/handle')
  })
})

describe('logging in', () => {
  let s: TestServer
  const clock = new TestClock()
  test.before(async () => {
    s = await testServer({}, { clock })
    await s.person('ada')
  })
  after(() => s.stop())

  const login = (handle: string, pw: string, ip: string) =>
    s.call('POST', '/api/v1/auth/login', { body: { handle, password: pw }, headers: { 'x-forwarded-for': ip } })

  test('gives the same answer for an unknown handle and a wrong password', async () => {
    const unknown = await login('nobody', password, '10.2.0.1')
    const wrong = await login('ada', 'wrong password!', '10.2.0.1')
    assert.equal(unknown.statusCode, 401)
    assert.deepEqual(unknown.json(), wrong.json())
    assert.equal(wrong.json().error.code, 'INVALID_CREDENTIALS')
  })

  test('allows 5 attempts per address in 5 minutes and refuses the 6th with Retry-After', async () => {
    clock.advance(10 * 60_000)
    for (let i = 0; i < 5; i++) assert.equal((await login('ada', i === 4 ? password : 'wrong password!', '10.2.0.2')).statusCode, i === 4 ? 200 : 401)
    const sixth = await login('ada', password, '10.2.0.2')
    assert.equal(sixth.statusCode, 429)
    assert.equal(sixth.json().error.code, 'RATE_LIMITED')
    assert.ok(Number(sixth.headers['retry-after']) > 0)
    clock.advance(10 * 60_000)
    assert.equal((await login('ada', password, '10.2.0.2')).statusCode, 200, 'allowed again after the window')
  })

  test('allows 10 attempts per account in 15 minutes from any addresses and refuses the 11th', async () => {
    clock.advance(60 * 60_000)
    for (let i = 0; i < 10; i++) assert.equal((await login('ada', 'wrong password!', `10.3.0.${i}`)).statusCode, 401)
    assert.equal((await login('ada', password, '10.3.0.99')).statusCode, 429)
  })

  test('a brand cannot log in with a password', async () => {
    clock.advance(60 * 60_000)
    const ada = await login('ada', password, '10.4.0.1')
    const token = ada.json().session.token
    await s.call('POST', '/api/v1/brands', { token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })
    const res = await login('northwind', password, '10.4.0.2')
    assert.equal(res.json().error.code, 'ACCOUNT_IS_BRAND')
  })
})

describe('sessions', () => {
  let s: TestServer
  const clock = new TestClock()
  test.before(async () => { s = await testServer({}, { clock }) })
  after(() => s.stop())

  test('logging out revokes the token at once', async () => {
    const ada = await s.person('ada')
    assert.equal((await s.call('GET', '/api/v1/me', { token: ada.token })).statusCode, 200)
    assert.equal((await s.call('POST', '/api/v1/auth/logout', { token: ada.token })).statusCode, 204)
    const after = await s.call('GET', '/api/v1/me', { token: ada.token })
    assert.equal(after.statusCode, 401)
    assert.equal(after.json().error.code, 'UNAUTHENTICATED')
  })

  test('lists my sessions and revokes another one; others cannot revoke mine', async () => {
    const ben = await s.person('ben')
    const second = (await s.call('POST', '/api/v1/auth/login', { body: { handle: 'ben', password }, headers: { 'x-forwarded-for': '10.5.0.1' } })).json().session
    const list = (await s.call('GET', '/api/v1/auth/sessions', { token: ben.token })).json().sessions
    assert.equal(list.length, 2)
    assert.equal(list.filter((x: { current: boolean }) => x.current).length, 1)
    const chloe = await s.person('chloe')
    assert.equal((await s.call('DELETE', `/api/v1/auth/sessions/${second.id}`, { token: chloe.token })).statusCode, 404)
    assert.equal((await s.call('DELETE', `/api/v1/auth/sessions/${second.id}`, { token: ben.token })).statusCode, 204)
    assert.equal((await s.call('GET', '/api/v1/me', { token: second.token })).statusCode, 401)
    assert.equal((await s.call('GET', '/api/v1/me', { token: ben.token })).statusCode, 200)
  })

  test('a cookie session needs its CSRF token for changes, not for reads', async () => {
    const res = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 'dan', displayName: 'Dan', password }, headers: { 'x-forwarded-for': '10.5.0.9' } })
    const { token, csrfToken } = res.json().session
    const cookie = `parloir_session=${token}`
    assert.equal((await s.call('GET', '/api/v1/me', { headers: { cookie } })).statusCode, 200)
    const without = await s.call('PATCH', '/api/v1/me', { headers: { cookie }, body: { bio: 'hi' } })
    assert.equal(without.statusCode, 403)
    assert.equal(without.json().error.code, 'CSRF_TOKEN_INVALID')
    const wrong = await s.call('PATCH', '/api/v1/me', { headers: { cookie, 'x-csrf-token': 'nope' }, body: { bio: 'hi' } })
    assert.equal(wrong.statusCode, 403)
    const right = await s.call('PATCH', '/api/v1/me', { headers: { cookie, 'x-csrf-token': csrfToken }, body: { bio: 'hi' } })
    assert.equal(right.statusCode, 200)
    assert.equal(right.json().account.bio, 'hi')
  })

  test('20 bad tokens a minute from one address lock it out for 5 minutes, even with a good token', async () => {
    const eve = await s.person('eve')
    const headers = { 'x-forwarded-for': '10.6.0.1' }
    for (let i = 0; i < 19; i++) {
      assert.equal((await s.call('GET', '/api/v1/me', { token: `bad-token-${i}-xxxxxxxxxxxx`, headers })).statusCode, 401)
    }
    assert.equal((await s.call('GET', '/api/v1/me', { token: eve.token, headers })).statusCode, 200, '19 failures do not lock')
    assert.equal((await s.call('GET', '/api/v1/me', { token: 'bad-token-20-xxxxxxxxxxxx', headers })).statusCode, 401)
    const locked = await s.call('GET', '/api/v1/me', { token: eve.token, headers })
    assert.equal(locked.statusCode, 429)
    assert.equal((await s.call('GET', '/api/v1/me', { token: eve.token, headers: { 'x-forwarded-for': '10.6.0.2' } })).statusCode, 200, 'other addresses unaffected')
    clock.advance(5 * 60_000 + 1)
    assert.equal((await s.call('GET', '/api/v1/me', { token: eve.token, headers })).statusCode, 200)
  })

  test('an expired session is refused', async () => {
    const fay = await s.person('fay')
    clock.advance(s.config.sessionTtlMs + 1)
    assert.equal((await s.call('GET', '/api/v1/me', { token: fay.token })).statusCode, 401)
  })
})

describe('rate limit per address', () => {
  test('answers 1,200 requests a minute from one address and refuses the 1,201st', async () => {
    const clock = new TestClock(Date.UTC(2026, 10, 22, 9, 0, 0))
    const s = await testServer({}, { clock })
    try {
      const headers = { 'x-forwarded-for': '10.7.0.1' }
      for (let i = 0; i < 1200; i++) assert.equal((await s.call('GET', '/healthz', { headers })).statusCode, 200)
      const over = await s.call('GET', '/healthz', { headers })
      assert.equal(over.statusCode, 429)
      assert.equal(over.json().error.code, 'RATE_LIMITED')
    } finally {
      await s.stop()
    }
  })
})

describe('signup rate limit', () => {
  test('allows 5 signups per address in 30 minutes and refuses the 6th', async () => {
    const s = await testServer()
    try {
      const headers = { 'x-forwarded-for': '10.8.0.1' }
      for (let i = 0; i < 5; i++) {
        assert.equal((await s.call('POST', '/api/v1/auth/signup', { body: { handle: `u${i}`, displayName: 'x', password }, headers })).statusCode, 201)
      }
      const sixth = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 'u6', displayName: 'x', password }, headers })
      assert.equal(sixth.statusCode, 429)
    } finally {
      await s.stop()
    }
  })
})
