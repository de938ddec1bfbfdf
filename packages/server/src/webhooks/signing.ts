import { createHmac, randomBytes } from 'node:crypto'

/**
 * Signatures of outgoing webhook requests.
 * - Account Activity (docs/api/twitter-compatibility.md): `sha256=` + base64 HMAC-SHA256 under the app's
 *   consumer secret, over the exact body bytes (POST) or the raw query string (CRC GET).
 * - Standard Webhooks (native): `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the
 *   bytes of a `whsec_<base64>` secret.
 */

export function twitterSignature(consumerSecret: string, bytes: string | Buffer): string {
  return `sha256=${createHmac('sha256', consumerSecret).update(bytes).digest('base64')}`
}

/** The `response_token` a receiver must answer a CRC with. */
export function crcResponseToken(consumerSecret: string, crcToken: string): string {
  return twitterSignature(consumerSecret, crcToken)
}

const secretPrefix = 'whsec_'

/** A new native signing secret: `whsec_` and 32 random bytes in base64. Shown once. */
export function newWebhookSecret(): string {
  return `${secretPrefix}${randomBytes(32).toString('base64')}`
}

/** The `webhook-*` headers of a Standard Webhooks request. `timestampS` is in seconds. */
export function standardWebhookHeaders(secret: string, id: string, timestampS: number, body: string): Record<string, string> {
  const key = Buffer.from(secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret, 'base64')
  const signature = createHmac('sha256', key).update(`${id}.${timestampS}.${body}`).digest('base64')
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampS), 'webhook-signature': `v1,${signature}` }
}
