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
    assert.deepEqual(body.me.settings, { receiveMessagesFromAnyone: false, sendReadReceipts: true, discoverable: false })
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

  test('names every wrong field at once, each with a stable reason and its limit', async () => {
    const res = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 'chloé b', displayName: '', password: 'short' }, headers: { 'x-forwarded-for': '10.1.0.6' } })
    assert.equal(res.statusCode, 400)
    const fields = res.json().error.details.fields as Array<{ path: string; reason: string; limit?: number }>
    assert.deepEqual(fields.map((f) => [f.path, f.reason, f.limit]).sort(), [
      ['body/displayName', 'minLength', 1], ['body/handle', 'pattern', undefined], ['body/password', 'minLength', 8],
    ])
  })

  test('says a missing field is required, beside the ones that are wrong', async () => {
    const res = await s.call('POST', '/api/v1/auth/signup', { body: { handle: 'b'.repeat(16), displayName: 'x' }, headers: { 'x-forwarded-for': '10.1.0.6' } })
    const fields = res.json().error.details.fields as Array<{ path: string; reason: string; limit?: number }>
    assert.deepEqual(fields.map((f) => [f.path, f.reason, f.limit]).sort(), [['body/handle', 'maxLength', 15], ['body/password', 'required', undefined]])
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

  const loginWith = (handle: string, pw: string, ip: string, cookie?: string) =>
    s.call('POST', '/api/v1/auth/login', { body: { handle, password: pw }, headers: { 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) } })
  const deviceCookie = (res: { headers: Record<string, unknown> }) => {
    const found = [res.headers['set-cookie'] ?? []].flat().map(String).find((c) => c.startsWith('parloir_device='))
    return found?.split(';')[0]
  }
  /** A wrong password until it has really been checked `times` times, waiting out each Retry-After. */
  const fail = async (handle: string, ip: string, times: number, cookie?: string) => {
    for (let failed = 0; failed < times;) {
      const res = await loginWith(handle, 'wrong password!', ip, cookie)
      if (res.statusCode === 429) { clock.advance(Number(res.headers['retry-after']) * 1000); continue }
      assert.equal(res.statusCode, 401, res.body)
      failed++
    }
  }

  describe('when a stranger guesses an account\'s password', () => {
    test('50 failures for @ada from one address do not stop ada logging in from her known address', async () => {
      clock.advance(60 * 60_000)
      await s.person('grace')
      assert.equal((await login('grace', password, '10.2.1.1')).statusCode, 200)
      // As fast as the server lets the stranger fail; she logs in between.
      for (let round = 0; round < 5; round++) {
        await fail('grace', '198.51.100.66', 10)
        const res = await login('grace', password, '10.2.1.1')
        assert.equal(res.statusCode, 200, `after ${(round + 1) * 10} failures: ${res.body}`)
      }
    })

    test('nor from a device she logged in with before, even behind the stranger\'s own address', async () => {
      clock.advance(60 * 60_000)
      await s.person('hedy')
      const first = await login('hedy', password, '10.2.2.1')
      assert.equal(first.statusCode, 200)
      const device = deviceCookie(first)
      assert.ok(device, 'a successful login leaves a device cookie')
      await fail('hedy', '203.0.113.80', 50)
      assert.equal((await login('hedy', password, '203.0.113.80')).statusCode, 429, 'the address itself is held back')
      assert.equal((await loginWith('hedy', password, '203.0.113.80', device)).statusCode, 200, 'her device is not')
      // A made-up device cookie is just the address.
      assert.equal((await loginWith('hedy', password, '203.0.113.80', 'parloir_device=madeupmadeupmadeupmadeup')).statusCode, 429)
    })

    test('repeated failures on one account from one address wait 1 s, 2 s, 4 s … after the 5th, up to a cap', async () => {
      clock.advance(60 * 60_000)
      await s.person('ida')
      for (let i = 0; i < 5; i++) assert.equal((await login('ida', 'wrong password!', '198.51.100.70')).statusCode, 401)
      const waits: number[] = []
      for (let i = 0; i < 12; i++) {
        const refused = await login('ida', password, '198.51.100.70')
        assert.equal(refused.statusCode, 429)
        assert.equal(refused.json().error.code, 'RATE_LIMITED')
        const wait = Number(refused.headers['retry-after'])
        waits.push(wait)
        clock.advance(wait * 1000)
        assert.equal((await login('ida', 'wrong password!', '198.51.100.70')).statusCode, 401)
      }
      assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300])
      // Another address for the same account is not held back by these.
      assert.equal((await login('ida', password, '198.51.100.71')).statusCode, 200)
    })

    test('failures from many new addresses hold back new addresses after 20, never a known one', async () => {
      clock.advance(60 * 60_000)
      await s.person('joan')
      assert.equal((await login('joan', password, '10.2.3.1')).statusCode, 200)
      for (let i = 0; i < 20; i++) assert.equal((await login('joan', 'wrong password!', `198.51.101.${i}`)).statusCode, 401)
      const refused = await login('joan', password, '198.51.101.200')
      assert.equal(refused.statusCode, 429)
      assert.ok(Number(refused.headers['retry-after']) >= 1)
      assert.equal((await login('joan', password, '10.2.3.1')).statusCode, 200)
    })
  })

  describe('when a whole office shares one address', () => {
    test('50 accounts log in from it at shift start, each after one typo', async () => {
      clock.advance(60 * 60_000)
      const handles = Array.from({ length: 50 }, (_, i) => `staff${i}`)
      for (const handle of handles) await s.person(handle)
      for (const handle of handles) {
        assert.equal((await login(handle, 'a typo, then right', '192.0.2.200')).statusCode, 401)
        const res = await login(handle, password, '192.0.2.200')
        assert.equal(res.statusCode, 200, `${handle}: ${res.body}`)
        clock.advance(1_000)
      }
      // The same cap still stops someone guessing from the office: 50 typos so far, 50 more failures, then no more.
      for (let i = 0; i < 50; i++) assert.equal((await login(`nobody-office${i}`, 'Spring2026!', '192.0.2.200')).statusCode, 401, `guess ${i}`)
      const refused = await login('staff0', password, '192.0.2.200')
      assert.equal(refused.statusCode, 429, 'a new browser behind the address waits out the window')
      assert.ok(Number(refused.headers['retry-after']) > 0)
    })

    test('one address failing for many accounts (password spraying) is refused after 100 failures in 15 minutes', async () => {
      clock.advance(60 * 60_000)
      for (let i = 0; i < 100; i++) assert.equal((await login(`nobody${i}`, 'Spring2026!', '198.51.102.1')).statusCode, 401, `attempt ${i}`)
      const refused = await login('ada', password, '198.51.102.1')
      assert.equal(refused.statusCode, 429)
      assert.ok(Number(refused.headers['retry-after']) > 0)
      clock.advance(30 * 60_000)
      assert.equal((await login('ada', password, '198.51.102.1')).statusCode, 200, 'allowed again after the window')
    })
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
