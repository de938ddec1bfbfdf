import { safeWebHref, type Entities } from '@parloir/protocol'

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
    spans.push({ start: url.start, end: url.end, make: (slice) => { const href = safeWebHref(url.url); return href ? { kind: 'link', text: slice, href } : null } })
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
