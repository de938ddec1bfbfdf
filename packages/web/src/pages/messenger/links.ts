import type { Entities } from '@parloir/protocol'

/** The only link schemes the messenger ever renders. */
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:'])

/**
 * A link target fit for an href, or null. Only http, https, mailto and tel pass; a bare
 * `www.` link becomes https. Anything else (javascript:, data:, vbscript:, relative paths that
 * could reach the app's own API…) is refused, so the text stays text.
 */
export function safeHref(raw: string): string | null {
  const trimmed = raw.trim()
  // Spaces and control characters (which browsers strip, letting "java\tscript:" through) are refused.
  if (trimmed === '' || /\s/u.test(trimmed) || [...trimmed].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null
  const candidate = /^www\./i.test(trimmed) ? `https://${trimmed}` : trimmed
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    return null
  }
  if (!SAFE_SCHEMES.has(url.protocol)) return null
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '') return null
  return url.href
}

/** Web links open in a new tab that cannot reach back to the app, and say they are user content. */
export const isWebLink = (href: string) => /^https?:/i.test(href)
export const webLinkRel = 'noopener noreferrer nofollow ugc'

/** `tel:` for a phone number as people write it: digits and a leading +. */
export function telHref(phoneNumber: string): string | null {
  const digits = phoneNumber.replace(/[^0-9+]/g, '')
  if (!/^\+?[0-9]{3,20}$/.test(digits)) return null
  return `tel:${digits}`
}

export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string; handle: string }
  | { kind: 'hashtag'; text: string; tag: string }

/**
 * Splits message text at its entities (ranges in Unicode code points, end exclusive) into
 * segments that the view renders as React elements, never as HTML. Entities that overlap, fall
 * outside the text, do not match it or carry an unsafe link are left as plain text.
 */
export function segmentText(text: string, entities: Entities | null | undefined): Segment[] {
  if (text === '') return []
  const points = Array.from(text)
  type Span = { start: number; end: number; make: (slice: string) => Segment | null }
  const spans: Span[] = []
  for (const url of entities?.urls ?? []) {
    spans.push({ start: url.start, end: url.end, make: (slice) => { const href = safeHref(url.url); return href ? { kind: 'link', text: slice, href } : null } })
  }
  for (const mention of entities?.mentions ?? []) {
    spans.push({ start: mention.start, end: mention.end, make: (slice) => (/^[A-Za-z0-9_]{1,15}$/.test(mention.handle) && slice.toLowerCase() === `@${mention.handle.toLowerCase()}` ? { kind: 'mention', text: slice, handle: mention.handle } : null) })
  }
  for (const hashtag of entities?.hashtags ?? []) {
    spans.push({ start: hashtag.start, end: hashtag.end, make: (slice) => (slice === `#${hashtag.tag}` ? { kind: 'hashtag', text: slice, tag: hashtag.tag } : null) })
  }
  spans.sort((a, b) => a.start - b.start)
  const segments: Segment[] = []
  let at = 0
  const pushText = (slice: string) => {
    if (slice === '') return
    const last = segments.at(-1)
    if (last?.kind === 'text') segments[segments.length - 1] = { kind: 'text', text: last.text + slice }
    else segments.push({ kind: 'text', text: slice })
  }
  for (const span of spans) {
    if (!Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < at || span.end <= span.start || span.end > points.length) continue
    const segment = span.make(points.slice(span.start, span.end).join(''))
    if (!segment) continue
    pushText(points.slice(at, span.start).join(''))
    segments.push(segment)
    at = span.end
  }
  pushText(points.slice(at).join(''))
  return segments
}
