import { createECDH, createPublicKey, createDecipheriv, hkdfSync, randomBytes, verify } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A push service on 127.0.0.1 that does what a browser's push service and the browser do
 * together: it checks each push's VAPID `Authorization` (a JWT signed ES256 with the expected
 * public key, `aud` the endpoint's origin, not expired) and decrypts its `aes128gcm` body (RFC
 * 8291 and RFC 8188) with the private ECDH key and auth secret of the subscription it made. With
 * node:crypto only, so the test does not trust the library that encrypted the push.
 */

export interface ReceivedPush {
  /** The subscription's endpoint the push was sent to. */
  endpoint: string
  /** The decrypted body, parsed as JSON. */
  payload: unknown
  /** The JWT's claims. */
  claims: { aud: string; exp: number; sub: string }
  ttl: string | undefined
  urgency: string | undefined
}

export interface TestSubscription {
  endpoint: string
  keys: { p256dh: string; auth: string }
}

export interface PushReceiver {
  origin: string
  /** A new browser's subscription at this receiver, as PushSubscription.toJSON() gives it. */
  subscribe(): TestSubscription
  /** Pushes received, checked and decrypted, in order of arrival. */
  readonly received: ReceivedPush[]
  /** Pushes refused, with why: a test expects none. */
  readonly problems: string[]
  /** From now on this endpoint answers `status` (410: the browser unsubscribed). */
  answer(endpoint: string, status: number): void
  close(): Promise<void>
}

const b64u = (bytes: Buffer) => bytes.toString('base64url')

/** Checks `Authorization: vapid t=<jwt>, k=<key>`; returns the claims, or throws why not. */
function checkVapid(header: string | undefined, expectedKey: string, origin: string, nowS: number): ReceivedPush['claims'] {
  const match = /^vapid t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$/.exec(header ?? '')
  if (!match) throw new Error(`no vapid Authorization: ${header}`)
  const [jwt, k] = [match[1]!, match[2]!]
  if (k !== expectedKey) throw new Error('signed with another key')
  const [head, body, signature] = jwt.split('.') as [string, string, string]
  if (JSON.parse(Buffer.from(head, 'base64url').toString()).alg !== 'ES256') throw new Error('not ES256')
  const raw = Buffer.from(k, 'base64url')
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33, 65)) }, format: 'jwk' })
  if (!verify('sha256', Buffer.from(`${head}.${body}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))) throw new Error('bad signature')
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as ReceivedPush['claims']
  if (claims.aud !== origin) throw new Error(`aud ${claims.aud} is not ${origin}`)
  if (!(claims.exp > nowS && claims.exp <= nowS + 24 * 3600)) throw new Error('exp not within 24 hours')
  if (!/^(https:|mailto:)/.test(claims.sub)) throw new Error('sub is not an https: or mailto: URL')
  return claims
}

/** Decrypts an aes128gcm body for the subscription holding `ecdh` (its private key) and `auth`. */
function decrypt(body: Buffer, ecdh: ReturnType<typeof createECDH>, auth: Buffer): Buffer {
  const salt = body.subarray(0, 16)
  const recordSize = body.readUInt32BE(16)
  const idLength = body.readUInt8(20)
  const senderKey = body.subarray(21, 21 + idLength)
  const record = body.subarray(21 + idLength)
  if (idLength !== 65 || record.length > recordSize) throw new Error('not one aes128gcm record keyed by a P-256 point')
  const secret = ecdh.computeSecret(senderKey)
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderKey])
  const ikm = Buffer.from(hkdfSync('sha256', secret, auth, keyInfo, 32))
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16))
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12))
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce)
  decipher.setAuthTag(record.subarray(record.length - 16))
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()])
  // The last record ends with the delimiter 2, then zeros.
  let end = padded.length - 1
  while (end >= 0 && padded[end] === 0) end--
  if (padded[end] !== 2) throw new Error('no last-record delimiter')
  return padded.subarray(0, end)
}

const readBody = (request: IncomingMessage) => new Promise<Buffer>((resolve, reject) => {
  const chunks: Buffer[] = []
  request.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject)
})

/** Starts a receiver expecting pushes signed with `vapidPublicKey` (base64url). */
export async function startPushReceiver(options: { vapidPublicKey: string; now?: () => number }): Promise<PushReceiver> {
  const browsers = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer; status: number }>()
  const received: ReceivedPush[] = []
  const problems: string[] = []
  let origin = ''
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const endpoint = `${origin}${request.url}`
      const browser = browsers.get(endpoint)
      if (!browser) { response.writeHead(404).end(); return }
      if (browser.status !== 201) { response.writeHead(browser.status).end(); return }
      try {
        if (request.method !== 'POST' || request.headers['content-encoding'] !== 'aes128gcm') throw new Error(`${request.method} ${request.headers['content-encoding']}`)
        const claims = checkVapid(request.headers.authorization, options.vapidPublicKey, origin, Math.floor((options.now?.() ?? Date.now()) / 1000))
        const payload = JSON.parse(decrypt(body, browser.ecdh, browser.auth).toString('utf8')) as unknown
        received.push({ endpoint, payload, claims, ttl: request.headers.ttl as string | undefined, urgency: request.headers.urgency as string | undefined })
        response.writeHead(201).end()
      } catch (error) {
        problems.push(`${endpoint}: ${error instanceof Error ? error.message : String(error)}`)
        response.writeHead(400).end()
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    received,
    problems,
    subscribe() {
      const ecdh = createECDH('prime256v1')
      ecdh.generateKeys()
      const auth = randomBytes(16)
      const endpoint = `${origin}/push/${randomBytes(12).toString('base64url')}`
      browsers.set(endpoint, { ecdh, auth, status: 201 })
      return { endpoint, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) } }
    },
    answer(endpoint, status) {
      const browser = browsers.get(endpoint)
      if (browser) browser.status = status
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}
