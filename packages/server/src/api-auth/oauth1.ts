import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { AppError } from '@parloir/protocol'
import type { RedisRateCounter } from '@parloir/fanout'

/**
 * OAuth 1.0a HMAC-SHA1 (RFC 5849 §3.4) as twitter-api-v2 signs it (docs/api.md):
 * base URL `http://<Host header><path>` (no query), parameters = query + the body only when it is
 * `application/x-www-form-urlencoded` + every `oauth_*` of the header except the signature.
 */

/** How far an `oauth_timestamp` may be from the server clock (Twitter: about 5 minutes). */
export const OAUTH1_TIMESTAMP_WINDOW_S = 5 * 60

/** RFC 3986 percent-encoding (§3.6 of RFC 5849): everything but ALPHA / DIGIT / "-" / "." / "_" / "~". */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** Decodes one `application/x-www-form-urlencoded` component ('+' is a space); undefined when malformed. */
function formDecode(value: string): string | undefined {
  try { return decodeURIComponent(value.replace(/\+/g, ' ')) } catch { return undefined }
}

/** The name/value pairs of a query string or url-encoded body, in order, duplicates kept. */
export function formPairs(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (const part of text.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const name = formDecode(eq === -1 ? part : part.slice(0, eq))
    const value = formDecode(eq === -1 ? '' : part.slice(eq + 1))
    if (name === undefined || value === undefined) throw credentials('malformed_parameters')
    pairs.push([name, value])
  }
  return pairs
}

const credentials = (reason: string) => new AppError('APP_CREDENTIALS_INVALID', { reason })

export interface OAuth1Header {
  consumerKey: string
  token: string
  signature: string
  nonce: string
  timestampS: number
  /** Every `oauth_*` field but the signature, as sent, for the base string. */
  params: Array<[string, string]>
}

const FIELD = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"([^"]*)"\s*$/

/**
 * Parses `Authorization: OAuth k="v", …` (values percent-encoded). Malformed, duplicated or
 * missing fields, or a method other than HMAC-SHA1, are APP_CREDENTIALS_INVALID (`reason` says
 * which; Twitter answers 32 or 215 alike for these).
 */
export function parseOAuth1Header(header: string): OAuth1Header {
  if (!/^OAuth\s/i.test(header)) throw credentials('not_oauth')
  const fields = new Map<string, string>()
  for (const part of header.replace(/^OAuth\s+/i, '').split(',')) {
    if (part.trim() === '') continue
    const match = FIELD.exec(part)
    if (!match) throw credentials('malformed_header')
    const name = match[1] ?? ''
    let value: string
    try { value = decodeURIComponent(match[2] ?? '') } catch { throw credentials('malformed_header') }
    if (fields.has(name)) throw credentials('duplicate_field')
    fields.set(name, value)
  }
  const need = (name: string) => {
    const value = fields.get(name)
    if (value === undefined || value === '') throw credentials(`missing_${name}`)
    return value
  }
  if (need('oauth_signature_method') !== 'HMAC-SHA1') throw credentials('signature_method')
  const version = fields.get('oauth_version')
  if (version !== undefined && version !== '1.0') throw credentials('oauth_version')
  const timestamp = need('oauth_timestamp')
  if (!/^[0-9]{1,12}$/.test(timestamp)) throw new AppError('APP_TIMESTAMP_INVALID', { reason: 'not a number of seconds' })
  const nonce = need('oauth_nonce')
  if (nonce.length > 255) throw credentials('nonce_too_long')
  const params: Array<[string, string]> = []
  for (const [name, value] of fields) if (name.startsWith('oauth_') && name !== 'oauth_signature') params.push([name, value])
  return { consumerKey: need('oauth_consumer_key'), token: need('oauth_token'), signature: need('oauth_signature'), nonce, timestampS: Number(timestamp), params }
}

export interface SignedRequest {
  method: string
  /** The Host header as sent (host and port). */
  host: string
  /** The request target as sent: path and query, not decoded. */
  url: string
  /** The url-encoded body pairs, when the body is `application/x-www-form-urlencoded`; else none. */
  formPairs?: Array<[string, string]>
}

/** The signature base string (RFC 5849 §3.4.1). */
export function signatureBaseString(request: SignedRequest, oauthParams: Array<[string, string]>): string {
  const q = request.url.indexOf('?')
  const path = q === -1 ? request.url : request.url.slice(0, q)
  const query = q === -1 ? '' : request.url.slice(q + 1)
  const baseUrl = `http://${request.host.toLowerCase()}${path}`
  const pairs = [...formPairs(query), ...(request.formPairs ?? []), ...oauthParams]
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  const normalized = pairs.map(([k, v]) => `${k}=${v}`).join('&')
  return [request.method.toUpperCase(), percentEncode(baseUrl), percentEncode(normalized)].join('&')
}

/** HMAC-SHA1 under `percentEncode(consumerSecret)&percentEncode(tokenSecret)`, base64. */
export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac('sha1', `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`).update(baseString).digest('base64')
}

/** Compares the signature sent with the one computed, in constant time. */
export function signatureMatches(sent: string, expected: string): boolean {
  const a = Buffer.from(sent, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Where nonces are remembered: in this process (`NonceCache`) or in every process (`SharedNonces`). */
export interface NonceMemory {
  /** Records the nonce; false when it was already seen within the window. */
  remember(consumerKey: string, nonce: string, timestampS: number, nowMs: number): boolean | Promise<boolean>
}

/** How long a nonce is kept: until its timestamp leaves the window on the far side (epoch ms). */
const nonceKeptUntilMs = (timestampS: number) => (timestampS + OAUTH1_TIMESTAMP_WINDOW_S) * 1000 + 1000

/**
 * Remembers nonces per consumer key for as long as their timestamp is acceptable, so a request
 * replayed within the window is refused. In this process only: without REDIS_URL (one process),
 * and beside `SharedNonces` in each process.
 */
export class NonceCache implements NonceMemory {
  readonly #seen = new Map<string, number>()
  #lastSweepMs = 0

  remember(consumerKey: string, nonce: string, timestampS: number, nowMs: number): boolean {
    this.#sweep(nowMs)
    const key = `${consumerKey}\u0000${timestampS}\u0000${nonce}`
    if (this.#seen.has(key)) return false
    this.#seen.set(key, nonceKeptUntilMs(timestampS))
    return true
  }

  get size(): number { return this.#seen.size }

  #sweep(nowMs: number): void {
    if (nowMs - this.#lastSweepMs < 10_000 && this.#seen.size < 100_000) return
    this.#lastSweepMs = nowMs
    for (const [key, until] of this.#seen) if (until < nowMs) this.#seen.delete(key)
  }
}

/**
 * The nonce memory of every process (REDIS_URL): `SET NX PX` of the nonce in Redis, one round trip,
 * so a request replayed to any process within the window is refused. This process's `NonceCache`
 * is checked too, after Redis accepted: a replay to the same process stays caught even when Redis
 * lost its keys (a restart without persistence).
 *
 * While Redis is unreachable this fails closed: RATE_LIMITER_UNAVAILABLE (503, Twitter's "Over
 * capacity", which clients retry). Replay protection is a security check, like the brute-force
 * limits that fail closed while Redis is down (docs/reliability.md, "Rate limits while Redis is down"): remembering
 * nonces per process would let a captured request be replayed once on every other process. OAuth 2
 * bearers carry no nonce and keep working. A refused request records its nonce nowhere, so the
 * client's retry of the same signed request is not taken for a replay.
 */
export class SharedNonces implements NonceMemory {
  readonly local = new NonceCache()

  constructor(private readonly shared: RedisRateCounter) {}

  async remember(consumerKey: string, nonce: string, timestampS: number, nowMs: number): Promise<boolean> {
    // Hashed: the consumer key and nonce are the client's, any characters: the key stays short and unambiguous.
    const key = createHash('sha256').update(`${consumerKey}\u0000${timestampS}\u0000${nonce}`).digest('base64url')
    const fresh = await this.shared.claim(`oauth1-nonce:${key}`, nonceKeptUntilMs(timestampS) - nowMs).catch(() => {
      throw new AppError('RATE_LIMITER_UNAVAILABLE', { retryAfterMs: 1_000 })
    })
    return fresh && this.local.remember(consumerKey, nonce, timestampS, nowMs)
  }
}

/**
 * Checks an OAuth 1.0a request: timestamp within ±5 minutes (APP_TIMESTAMP_INVALID), credentials
 * looked up by `lookup` (which throws for unknown keys or tokens), signature (APP_CREDENTIALS_INVALID,
 * reason `signature`), then the nonce (reason `nonce_replayed`; RATE_LIMITER_UNAVAILABLE when a
 * shared memory cannot be reached): a nonce counts only once the signature is right, so nobody can
 * burn another client's nonces.
 */
export async function verifyOAuth1<T extends { consumerSecret: string; tokenSecret: string }>(
  request: SignedRequest & { authorization: string },
  lookup: (consumerKey: string, token: string) => Promise<T>,
  nonces: NonceMemory,
  nowMs: number,
): Promise<T & { header: OAuth1Header }> {
  const header = parseOAuth1Header(request.authorization)
  if (Math.abs(nowMs / 1000 - header.timestampS) > OAUTH1_TIMESTAMP_WINDOW_S) {
    throw new AppError('APP_TIMESTAMP_INVALID', { serverTime: Math.floor(nowMs / 1000) })
  }
  const found = await lookup(header.consumerKey, header.token)
  const expected = hmacSha1Signature(signatureBaseString(request, header.params), found.consumerSecret, found.tokenSecret)
  if (!signatureMatches(header.signature, expected)) throw credentials('signature')
  if (!(await nonces.remember(header.consumerKey, header.nonce, header.timestampS, nowMs))) throw credentials('nonce_replayed')
  return { ...found, header }
}
