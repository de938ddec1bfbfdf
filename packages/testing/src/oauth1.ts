import { createHmac } from 'node:crypto'
import type { Clock } from '@parloir/core'

/** The Host header the developer-API tests send (OAuth 1.0a signs it). */
export const API_HOST = '127.0.0.1:4321'

export interface OAuth1Keys { consumerKey: string; consumerSecret: string; token: string; tokenSecret: string }

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
let nonce = 0

/**
 * An `Authorization: OAuth …` header signed as twitter-api-v2 signs it, independently of the
 * server's code, with a fresh nonce and the timestamp of `server`'s clock.
 */
export function oauthHeader(server: { deps: { clock: Clock } }, keys: OAuth1Keys, method: string, path: string, form: Record<string, string> = {}): string {
  const url = new URL(`http://${API_HOST}${path}`)
  const oauth: Record<string, string> = {
    oauth_consumer_key: keys.consumerKey, oauth_nonce: `nonce${++nonce}`.padEnd(32, 'x'), oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(Math.floor(server.deps.clock.now() / 1000)), oauth_token: keys.token, oauth_version: '1.0',
  }
  const normalized = [...url.searchParams, ...Object.entries(form), ...Object.entries(oauth)].map(([k, v]) => [enc(k), enc(v)])
    .sort((a, b) => (a[0] === b[0] ? (a[1]! < b[1]! ? -1 : 1) : a[0]! < b[0]! ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&')
  const base = `${method}&${enc(url.origin + url.pathname)}&${enc(normalized)}`
  const signature = createHmac('sha1', `${enc(keys.consumerSecret)}&${enc(keys.tokenSecret)}`).update(base).digest('base64')
  return 'OAuth ' + Object.entries({ ...oauth, oauth_signature: signature }).map(([k, v]) => `${k}="${enc(v)}"`).join(', ')
}
