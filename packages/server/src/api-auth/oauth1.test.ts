import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { AppError } from '@parloir/protocol'
import { NonceCache, parseOAuth1Header, percentEncode, verifyOAuth1, type SignedRequest } from './oauth1.ts'

// An independent signer, written from RFC 5849 §3.4 with node:crypto only, as a client would.
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
const NOW_S = 1_790_000_000
const keys = { consumerKey: 'ck-northwind', consumerSecret: 'cs-secret/+=&', token: '111-token', tokenSecret: 'ts secret~*' }

function sign(input: { method: string; url: string; form?: Record<string, string>; signedExtra?: Record<string, string>; consumerSecret?: string; timestampS?: number; nonce?: string }) {
  const url = new URL(input.url)
  const oauth: Record<string, string> = {
    oauth_consumer_key: keys.consumerKey, oauth_nonce: input.nonce ?? 'n'.repeat(32), oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(input.timestampS ?? NOW_S), oauth_token: keys.token, oauth_version: '1.0',
  }
  const params: Array<[string, string]> = [...url.searchParams, ...Object.entries(input.form ?? {}), ...Object.entries(input.signedExtra ?? {}), ...Object.entries(oauth)]
  const normalized = params.map(([k, v]) => [enc(k), enc(v)]).sort((a, b) => (a[0] === b[0] ? (a[1]! < b[1]! ? -1 : 1) : a[0]! < b[0]! ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&')
  const base = `${input.method}&${enc(url.origin + url.pathname)}&${enc(normalized)}`
  const signature = createHmac('sha1', `${enc(input.consumerSecret ?? keys.consumerSecret)}&${enc(keys.tokenSecret)}`).update(base).digest('base64')
  const header = 'OAuth ' + Object.entries({ ...oauth, oauth_signature: signature }).map(([k, v]) => `${enc(k)}="${enc(v)}"`).join(',')
  // The request as the server sees it: the Host header and the target with its query as the client encoded it.
  const query = [...url.searchParams].map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')
  return { authorization: header, host: url.host, url: url.pathname + (query ? `?${query}` : '') }
}

const lookup = async (consumerKey: string, token: string) => {
  if (consumerKey !== keys.consumerKey) throw new AppError('APP_CREDENTIALS_INVALID', { reason: 'consumer_key' })
  if (token !== keys.token) throw new AppError('APP_TOKEN_INVALID')
  return { consumerSecret: keys.consumerSecret, tokenSecret: keys.tokenSecret }
}

const verify = (request: SignedRequest & { authorization: string }, nowS = NOW_S, nonces = new NonceCache()) => verifyOAuth1(request, lookup, nonces, nowS * 1000)
const fails = (code: string, reason?: string) => (error: unknown) => {
  assert.ok(error instanceof AppError, String(error))
  assert.equal(error.code, code)
  if (reason !== undefined) assert.equal(error.details?.reason, reason)
  return true
}

describe('OAuth 1.0a HMAC-SHA1 verification', () => {
  test('accepts a GET whose query is signed, against http://<Host><path>', async () => {
    const s = sign({ method: 'GET', url: 'http://127.0.0.1:4321/1.1/direct_messages/events/list.json?count=50&cursor=abc' })
    const found = await verify({ method: 'GET', ...s })
    assert.equal(found.header.consumerKey, keys.consumerKey)
    assert.equal(found.header.token, keys.token)
  })

  test('refuses the same GET when the query or path differs from what was signed', async () => {
    const s = sign({ method: 'GET', url: 'http://127.0.0.1:4321/1.1/direct_messages/events/list.json?count=50' })
    await assert.rejects(verify({ method: 'GET', ...s, url: s.url.replace('50', '49') }), fails('APP_CREDENTIALS_INVALID', 'signature'))
    await assert.rejects(verify({ method: 'GET', ...s, url: s.url.replace('list', 'show') }), fails('APP_CREDENTIALS_INVALID', 'signature'))
    await assert.rejects(verify({ method: 'GET', ...s, host: '127.0.0.1:4322' }), fails('APP_CREDENTIALS_INVALID', 'signature'))
    await assert.rejects(verify({ method: 'POST', ...s }), fails('APP_CREDENTIALS_INVALID', 'signature'))
  })

  test('a url-encoded POST body is part of the signature', async () => {
    const form = { last_read_event_id: '1700000000000000000', recipient_id: '2222' }
    const s = sign({ method: 'POST', url: 'http://127.0.0.1:4321/1.1/direct_messages/mark_read.json', form })
    await verify({ method: 'POST', ...s, formPairs: Object.entries(form) })
    await assert.rejects(verify({ method: 'POST', ...s, formPairs: Object.entries({ ...form, recipient_id: '3333' }) }), fails('APP_CREDENTIALS_INVALID', 'signature'))
    await assert.rejects(verify({ method: 'POST', ...s }), fails('APP_CREDENTIALS_INVALID', 'signature'), 'leaving the form out breaks it')
  })

  test('a JSON POST body is not signed', async () => {
    const s = sign({ method: 'POST', url: 'http://127.0.0.1:4321/1.1/direct_messages/events/new.json' })
    await verify({ method: 'POST', ...s })
    const withBody = sign({ method: 'POST', url: 'http://127.0.0.1:4321/1.1/direct_messages/events/new.json', signedExtra: { event: '{"type":"message_create"}' } })
    await assert.rejects(verify({ method: 'POST', ...withBody }), fails('APP_CREDENTIALS_INVALID', 'signature'), 'a client that signed its JSON fields is refused')
  })

  test('a wrong consumer secret fails with reason signature; unknown keys and tokens fail as their lookup says', async () => {
    const s = sign({ method: 'GET', url: 'http://127.0.0.1:4321/2/dm_events', consumerSecret: 'not the secret' })
    await assert.rejects(verify({ method: 'GET', ...s }), fails('APP_CREDENTIALS_INVALID', 'signature'))
    const good = sign({ method: 'GET', url: 'http://127.0.0.1:4321/2/dm_events' })
    await assert.rejects(verify({ method: 'GET', ...good, authorization: good.authorization.replace('ck-northwind', 'ck-other') }), fails('APP_CREDENTIALS_INVALID', 'consumer_key'))
    await assert.rejects(verify({ method: 'GET', ...good, authorization: good.authorization.replace('111-token', '222-token') }), fails('APP_TOKEN_INVALID'))
  })

  test('a timestamp 300 s away is accepted on either side; 301 s is refused', async () => {
    for (const skew of [300, -300]) {
      const s = sign({ method: 'GET', url: 'http://h/2/dm_events', timestampS: NOW_S + skew, nonce: `skew${skew}` })
      await verify({ method: 'GET', ...s })
    }
    for (const skew of [301, -301]) {
      const s = sign({ method: 'GET', url: 'http://h/2/dm_events', timestampS: NOW_S + skew })
      await assert.rejects(verify({ method: 'GET', ...s }), fails('APP_TIMESTAMP_INVALID'))
    }
  })

  test('a replayed nonce is refused within the window; another nonce passes; a bad signature burns no nonce', async () => {
    const nonces = new NonceCache()
    const s = sign({ method: 'GET', url: 'http://h/2/dm_events', nonce: 'once' })
    const forged = sign({ method: 'GET', url: 'http://h/2/dm_events', nonce: 'once', consumerSecret: 'guess' })
    await assert.rejects(verify({ method: 'GET', ...forged }, NOW_S, nonces), fails('APP_CREDENTIALS_INVALID', 'signature'))
    await verify({ method: 'GET', ...s }, NOW_S, nonces)
    await assert.rejects(verify({ method: 'GET', ...s }, NOW_S + 60, nonces), fails('APP_CREDENTIALS_INVALID', 'nonce_replayed'))
    await verify({ method: 'GET', ...sign({ method: 'GET', url: 'http://h/2/dm_events', nonce: 'twice' }) }, NOW_S, nonces)
  })

  test('percent-encoding: space, *, ~, reserved characters and unicode in the query and the form', async () => {
    assert.equal(percentEncode('a b*c~d!e\'f(g)h'), 'a%20b%2Ac~d%21e%27f%28g%29h')
    assert.equal(percentEncode('é😀'), '%C3%A9%F0%9F%98%80')
    assert.equal(percentEncode('-._~'), '-._~')
    assert.equal(percentEncode('a+b=c&d/e'), 'a%2Bb%3Dc%26d%2Fe')
    const query = 'http://127.0.0.1:4321/2/dm_events?q=' + encodeURIComponent('hello world*~é😀') + '&x=' + encodeURIComponent('a+b')
    const s = sign({ method: 'GET', url: query })
    await verify({ method: 'GET', ...s })
    // A form body encodes spaces as '+': decoded to a space before signing, as RFC 5849 §3.4.1.3.1 says.
    const form = { text: 'bonjour à tous *~ 😀', recipient_id: '42' }
    const f = sign({ method: 'POST', url: 'http://127.0.0.1:4321/1.1/direct_messages/indicate_typing.json', form })
    await verify({ method: 'POST', ...f, formPairs: Object.entries(form) })
    // The query as sent with '+' for a space is the same parameter.
    const plus = sign({ method: 'GET', url: 'http://h/2/dm_events?q=a%20b' })
    await verify({ method: 'GET', ...plus, url: '/2/dm_events?q=a+b' })
  })

  test('malformed Authorization headers are refused with a reason, never thrown as a crash', async () => {
    const s = sign({ method: 'GET', url: 'http://h/2/dm_events' })
    const cases: Array<[string, string]> = [
      ['Basic abc', 'not_oauth'],
      ['OAuth garbage', 'malformed_header'],
      [s.authorization.replace('HMAC-SHA1', 'PLAINTEXT'), 'signature_method'],
      [s.authorization.replace(/oauth_nonce="[^"]*",/, ''), 'missing_oauth_nonce'],
      [s.authorization + ',oauth_nonce="x"', 'duplicate_field'],
      [s.authorization.replace('oauth_version="1.0"', 'oauth_version="2.0"'), 'oauth_version'],
      [s.authorization.replace(/oauth_token="[^"]*"/, 'oauth_token="%E0%A4%A"'), 'malformed_header'],
    ]
    for (const [header, reason] of cases) {
      assert.throws(() => parseOAuth1Header(header), fails('APP_CREDENTIALS_INVALID', reason), header)
    }
    assert.throws(() => parseOAuth1Header(s.authorization.replace(/oauth_timestamp="\d+"/, 'oauth_timestamp="soon"')), fails('APP_TIMESTAMP_INVALID'))
    await assert.rejects(verify({ method: 'GET', ...s, url: '/2/dm_events?q=%zz' }), fails('APP_CREDENTIALS_INVALID', 'malformed_parameters'))
  })
})
