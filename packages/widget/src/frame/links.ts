import { safeWebHref, type Entities } from '@parloir/protocol'

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
    const href = safeWebHref(url.url)
    if (!href) continue
    if (url.start > at) out.push({ text: points.slice(at, url.start).join('') })
    out.push({ text: points.slice(url.start, url.end).join(''), href })
    at = url.end
  }
  if (at < points.length) out.push({ text: points.slice(at).join('') })
  return out
}
