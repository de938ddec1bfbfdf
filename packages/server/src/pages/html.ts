import { safeWebHref, webLinkRel, type Entities } from '@parloir/protocol'

/**
 * HTML built on the server for the pages that work without JavaScript. Everything that is not
 * already `SafeHtml` is escaped where it is inserted, so a template cannot forget to: the only
 * way to put markup in a page is through the `html` tag, whose literal parts are ours.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string { return this.value }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[]

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for element content and for double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value
  if (value === null || value === undefined || value === false || value === true) return ''
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return escapeHtml(value)
  return value.map(render).join('')
}

/** `html\`<p>${text}</p>\``: the literal is markup, every value is escaped unless it is SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? ''
  values.forEach((value, i) => { out += render(value) + (strings[i + 1] ?? '') })
  return new SafeHtml(out)
}

/** Joins pieces of markup. */
export const join = (parts: readonly HtmlValue[]): SafeHtml => new SafeHtml(render(parts))

/**
 * Message text as markup: escaped, with the server's link entities (code-point ranges, end
 * exclusive) turned into links when they are http(s). Entities that overlap, fall outside the
 * text or carry any other scheme stay plain text. Line breaks are kept by the stylesheet
 * (`white-space: pre-wrap`).
 */
export function richText(text: string, entities: Pick<Entities, 'urls'> | null | undefined): SafeHtml {
  const urls = entities?.urls ?? []
  // Most text has no link: no need to count its code points.
  if (urls.length === 0) return new SafeHtml(escapeHtml(text))
  // UTF-16 offset of each code point (and of the end), so ranges cut the string without splitting it into an array of characters.
  const offsets: number[] = []
  for (let i = 0; i < text.length; i++) {
    offsets.push(i)
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
  }
  offsets.push(text.length)
  const points = offsets.length - 1
  const links = [...urls]
    .filter((u) => Number.isInteger(u.start) && Number.isInteger(u.end) && u.start >= 0 && u.end > u.start && u.end <= points)
    .sort((a, b) => a.start - b.start)
  const parts: SafeHtml[] = []
  let at = 0
  const cut = (from: number, to: number) => text.slice(offsets[from], offsets[to])
  for (const link of links) {
    if (link.start < at) continue
    const href = safeWebHref(link.url)
    if (!href) continue
    parts.push(html`${cut(at, link.start)}<a href="${href}" target="_blank" rel="${webLinkRel}">${cut(link.start, link.end)}</a>`)
    at = link.end
  }
  parts.push(html`${cut(at, points)}`)
  return join(parts)
}

/** Length in Unicode code points, the unit of every text limit. */
export function codePoints(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}
