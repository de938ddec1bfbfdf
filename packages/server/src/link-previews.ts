import { AppError } from '@parloir/protocol'
import type { LinkPreview, LinkPreviews } from '@parloir/core'
import { OutboundError, type OutboundGuard, type OutboundResponse } from './webhooks/outbound.ts'

/**
 * Reads what a page says about itself (collections' links), once, through the outbound guard the
 * webhooks use: it refuses every private, loopback and link-local address, redirects and DNS
 * answers included, connects only to the address it vetted, and bounds time, size and redirects.
 * Only an HTML answer is read for a title, description and picture; whatever the page says stays
 * text (the pages and the app escape it). The picture is fetched the same way, and left out on any
 * failure: the media store then checks its bytes like an upload's.
 */

export interface LinkFetchLimits {
  linkFetchTimeoutMs: number
  linkFetchRedirects: number
  linkFetchPageBytes: number
  imageBytes: number
}

const userAgent = 'Parloir-LinkPreview/1 (+https://parloir.example/docs/link-previews)'

export class GuardedLinkPreviews implements LinkPreviews {
  constructor(private readonly guard: OutboundGuard, private readonly limits: LinkFetchLimits) {}

  async fetch(url: string): Promise<LinkPreview> {
    const page = await this.#get(url, this.limits.linkFetchPageBytes, 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1')
    if (page.status < 200 || page.status > 299) throw new AppError('LINK_FETCH_FAILED', { reason: 'status', status: page.status })
    const type = String(page.headers['content-type'] ?? '').toLowerCase()
    if (!/^\s*(text\/html|application\/xhtml\+xml)\b/.test(type)) return { url: page.url, title: null, description: null, siteName: null, image: null }
    const meta = readPageMeta(decode(page.body, type), page.url)
    return { url: page.url, title: meta.title, description: meta.description, siteName: meta.siteName, image: meta.imageUrl ? await this.#image(meta.imageUrl) : null }
  }

  /** The picture's bytes, or null for anything that is not a whole image answer within the cap. */
  async #image(url: string): Promise<Buffer | null> {
    try {
      const res = await this.#get(url, this.limits.imageBytes + 1, 'image/*')
      const type = String(res.headers['content-type'] ?? '').toLowerCase()
      if (res.status < 200 || res.status > 299 || res.truncated || !type.startsWith('image/') || res.body.length === 0) return null
      return res.body
    } catch (error) {
      if (error instanceof AppError && error.code === 'LINK_FETCH_FAILED') return null
      throw error
    }
  }

  async #get(url: string, maxResponseBytes: number, accept: string): Promise<OutboundResponse> {
    try {
      return await this.guard.request({
        url, method: 'GET', timeoutMs: this.limits.linkFetchTimeoutMs, maxRedirects: this.limits.linkFetchRedirects, maxResponseBytes,
        headers: { accept, 'user-agent': userAgent },
      })
    } catch (error) {
      if (error instanceof OutboundError) throw new AppError('LINK_FETCH_FAILED', { reason: error.failure })
      throw error
    }
  }
}

/** The body as text, in the charset the answer names (UTF-8 otherwise); bad bytes become U+FFFD. */
function decode(body: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w-]+)/.exec(contentType)?.[1]
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body)
  } catch {
    return new TextDecoder('utf-8').decode(body)
  }
}

export interface PageMeta {
  title: string | null
  description: string | null
  siteName: string | null
  /** Absolute http(s) URL of the page's picture, or null. */
  imageUrl: string | null
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" }

/** Character references to characters; what is not one stays as written. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    const lower = ref.toLowerCase()
    if (lower.startsWith('#')) {
      const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10)
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd'
    }
    return NAMED[lower] ?? whole
  })
}

/** One line of plain text: references decoded, control characters dropped, spaces collapsed. */
function plain(text: string | undefined): string | null {
  if (text === undefined) return null
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = decodeEntities(text).replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim()
  return clean === '' ? null : clean
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const m of tag.matchAll(/([a-zA-Z_:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    const name = m[1]!.toLowerCase()
    if (!found.has(name)) found.set(name, m[2] ?? m[3] ?? m[4] ?? '')
  }
  return found
}

/**
 * The title, description, site name and picture a page declares: Open Graph first, then Twitter's
 * card, then `<title>` and `<meta name=description>`. Only the page's `<head>` is read (or its
 * first bytes when it has none). A picture must be an http(s) address; relative ones are resolved
 * against the page's URL.
 */
export function readPageMeta(source: string, pageUrl: string): PageMeta {
  const headEnd = source.search(/<\/head\s*>|<body[\s>]/i)
  const head = headEnd === -1 ? source : source.slice(0, headEnd)
  const meta = new Map<string, string>()
  // A quoted value may hold a `>`: a tag ends at the first one outside quotes.
  for (const tag of head.match(/<meta\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi) ?? []) {
    const attrs = attributes(tag)
    const key = (attrs.get('property') ?? attrs.get('name') ?? '').toLowerCase()
    const content = attrs.get('content')
    if (key && content !== undefined && !meta.has(key)) meta.set(key, content)
  }
  const titleTag = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(head)?.[1]
  const title = plain(meta.get('og:title')) ?? plain(meta.get('twitter:title')) ?? plain(titleTag)
  const description = plain(meta.get('og:description')) ?? plain(meta.get('twitter:description')) ?? plain(meta.get('description'))
  const rawImage = plain(meta.get('og:image:secure_url')) ?? plain(meta.get('og:image')) ?? plain(meta.get('og:image:url')) ?? plain(meta.get('twitter:image'))
  let imageUrl: string | null = null
  if (rawImage) {
    try {
      const resolved = new URL(rawImage, pageUrl)
      if ((resolved.protocol === 'http:' || resolved.protocol === 'https:') && !resolved.username && !resolved.password) imageUrl = resolved.toString()
    } catch { /* not a URL: no picture */ }
  }
  return { title, description, siteName: plain(meta.get('og:site_name')), imageUrl }
}
