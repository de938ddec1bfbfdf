import { Agent } from 'node:http'
import type { ITwitterApiClientPlugin } from 'twitter-api-v2'

/**
 * Settings that send every call of `twitter-api-v2` (1.29.x) to a Parloir origin, as
 * docs/api/twitter-compatibility.md explains: a plugin rewrites `params.url` before the OAuth 1.0a signature is
 * computed (so the signature covers the Parloir URL), and an `http.Agent` lets the library's
 * `https.request` reach an `http:` origin. For `upload.x.com` the body mode is pinned before the
 * host changes (the library picks it from the host name): multipart for `/1.1/media/upload.json`,
 * JSON for the v2 upload paths. Pass the result as the second argument of `new TwitterApi(…)`.
 */
export function pointAtParloir(origin: string): { plugins: ITwitterApiClientPlugin[]; httpAgent: Agent } {
  const target = new URL(origin)
  return {
    httpAgent: new Agent({ keepAlive: false }),
    plugins: [{
      onBeforeRequestConfig({ params }) {
        const url = new URL(params.url)
        if (url.hostname.startsWith('upload.')) params.forceBodyMode = url.pathname === '/1.1/media/upload.json' ? 'form-data' : 'json'
        url.protocol = target.protocol
        url.host = target.host
        params.url = url.toString()
      },
    }],
  }
}
