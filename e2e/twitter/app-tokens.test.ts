import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiResponseError, TwitterApi } from 'twitter-api-v2'
import { freePort, startParloir, stopParloir } from '../support/parloir-process.ts'
import { pointAtParloir } from './support/point-at-parloir.ts'

// A developer gets tokens from a running Parloir with the real twitter-api-v2 client:
// appLogin() (client credentials) and loginWithOAuth2() (authorization code with PKCE), after a
// person approves the app as the consent page does, then refreshes the token.
test('twitter-api-v2 obtains app-only and OAuth 2 user tokens from Parloir, and refreshes them', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-app-tokens-'))
  const server = await startParloir({ port: await freePort(), dataDir })
  const settings = pointAtParloir(server.url)
  const api = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
    })
    return { status: res.status, body: await res.json() as any } // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  try {
    const signup = await fetch(`${server.url}/api/v1/auth/signup`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle: 'ada', displayName: 'Ada', password: 'correct horse battery' }),
    })
    const session = ((await signup.json()) as { session: { token: string } }).session.token
    const redirectUri = 'http://127.0.0.1:9/callback'
    const created = await api('POST', '/api/v1/apps', session, { name: 'Northwind bot', redirectUris: [redirectUri] })
    assert.equal(created.status, 201)
    const { consumerKey } = created.body.app as { consumerKey: string }
    const consumerSecret = created.body.consumerSecret as string
    assert.equal((await api('GET', `/api/v1/apps/${created.body.app.id as string}`, session)).body.consumerSecret, undefined, 'the secret is shown once')

    // Client credentials.
    const bearer = await new TwitterApi({ appKey: consumerKey, appSecret: consumerSecret }, settings).appLogin()
    const appOnly = await bearer.v2.listDmEvents().catch((e: unknown) => e)
    assert.ok(appOnly instanceof ApiResponseError && appOnly.code === 403, 'an app-only bearer reads no DMs')
    const wrong = await new TwitterApi({ appKey: consumerKey, appSecret: 'not the secret' }, settings).appLogin().catch((e: unknown) => e)
    assert.ok(wrong instanceof ApiResponseError && wrong.code === 403 && wrong.hasErrorCode(99), 'a wrong secret is refused with code 99')

    // Authorization code with PKCE: the consent page's approval, then the library's exchange.
    const verifier = randomBytes(32).toString('base64url')
    const authorize = {
      response_type: 'code', client_id: consumerKey, redirect_uri: redirectUri, scope: 'tweet.read users.read dm.read offline.access', state: 'st4te',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    }
    const consent = await api('GET', `/api/v1/oauth2/authorize?${new URLSearchParams(authorize).toString()}`, session)
    assert.equal(consent.status, 200)
    assert.equal(consent.body.app.name, 'Northwind bot')
    const approved = await api('POST', '/api/v1/oauth2/authorize', session, { ...authorize, approve: true })
    const back = new URL(approved.body.redirectTo as string)
    assert.equal(back.origin + back.pathname, redirectUri)
    assert.equal(back.searchParams.get('state'), 'st4te')
    const code = back.searchParams.get('code') ?? ''

    const oauth2 = new TwitterApi({ clientId: consumerKey, clientSecret: consumerSecret }, settings)
    const badVerifier = await oauth2.loginWithOAuth2({ code, codeVerifier: randomBytes(32).toString('base64url'), redirectUri }).catch((e: unknown) => e)
    assert.ok(badVerifier instanceof ApiResponseError && badVerifier.code === 400, 'a wrong PKCE verifier is refused')
    const login = await oauth2.loginWithOAuth2({ code, codeVerifier: verifier, redirectUri })
    assert.equal(login.expiresIn, 7200)
    assert.deepEqual([...login.scope].sort(), ['dm.read', 'offline.access', 'tweet.read', 'users.read'])
    assert.ok(login.refreshToken)
    const events = await login.client.v2.listDmEvents()
    assert.equal(events.meta.result_count, 0, 'the user token reads DMs')
    const again = await oauth2.loginWithOAuth2({ code, codeVerifier: verifier, redirectUri }).catch((e: unknown) => e)
    assert.ok(again instanceof ApiResponseError && again.code === 400, 'a code works once')

    const refreshed = await oauth2.refreshOAuth2Token(login.refreshToken)
    assert.notEqual(refreshed.accessToken, login.accessToken)
    const old = await login.client.v2.listDmEvents().catch((e: unknown) => e)
    assert.ok(old instanceof ApiResponseError && old.code === 401, 'the refreshed-away token stops at once')
    assert.equal((await refreshed.client.v2.listDmEvents()).meta.result_count, 0)

    const denied = await api('POST', '/api/v1/oauth2/authorize', session, { ...authorize, approve: false })
    assert.equal(new URL(denied.body.redirectTo as string).searchParams.get('error'), 'access_denied')
    const foreign = await api('POST', '/api/v1/oauth2/authorize', session, { ...authorize, redirect_uri: 'http://127.0.0.1:9/other', approve: true })
    assert.equal(foreign.status, 400)
    assert.equal(foreign.body.error.code, 'REDIRECT_URI_NOT_REGISTERED')
  } finally {
    await stopParloir(server, 'SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
})
