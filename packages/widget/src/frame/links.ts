import type { Entities } from '@parloir/protocol'

/** An http(s) link fit for an href, or null: anything else (javascript:, data:…) stays text. */
export function webHref(raw: string): string | null {
  const trimmed = raw.trim()
  // Spaces and control characters (which browsers strip, letting "java\tscript:" through) are refused.
  if (trimmed === '' || /\s/u.test(trimmed) || [...trimmed].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null
  try {
    const url = new URL(/^www\./i.test(trimmed) ? `https://${trimmed}` : trimmed)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url.href : null
  } catch {
    return null
  }
}

/** `tel:` for a phone number as people write it: digits and a leading +. */
export function telHref(phoneNumber: string): string | null {
  const digits = phoneNumber.replace(/[^0-9+]/g, '')
  return /^\+?[0-9]{3,20}$/.test(digits) ? `tel:${digits}` : null
}

/** Web links open in a new tab that cannot reach back to the chat, and say they are user content. */
export const webLinkRel = 'noopener noreferrer nofollow ugc'

export type Segment = { text: string; href?: string }

/**
 * Splits text at its URL entities (code-point ranges, end exclusive) into plain and link
 * segments. Overlapping, out-of-range or unsafe entities stay text.
 */
export function segments(text: string, entities: Entities | null | undefined): Segment[] {
  const points = Array.from(text)
  const urls = [...(entities?.urls ?? [])].sort((a, b) => a.start - b.start)
  const out: Segment[] = []
  let at = 0
  for (const url of urls) {
    if (url.start < at || url.end > points.length || url.end <= url.start) continue
    const href = webHref(url.url)
    if (!href) continue
    if (url.start > at) out.push({ text: points.slice(at, url.start).join('') })
    out.push({ text: points.slice(url.start, url.end).join(''), href })
    at = url.end
  }
  if (at < points.length) out.push({ text: points.slice(at).join('') })
  return out
}
