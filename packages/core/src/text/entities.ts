import type { Entities } from '@parloir/protocol'

// Links: an explicit scheme (http, https) or a www. prefix; trailing punctuation is left out.
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/giu
const MENTION_RE = /(^|[^\p{L}\p{N}_@])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])/gu
const HASHTAG_RE = /(^|[^\p{L}\p{N}_&#])#([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*)/gu
const TRAILING_PUNCTUATION = /[.,:;!?)\]}'"»]+$/u

/** Converts a UTF-16 index to a code point index, as Twitter's entity ranges count. */
function codePointIndex(text: string, utf16Index: number): number {
  let count = 0
  for (let i = 0; i < utf16Index; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < utf16Index) i++
    count++
  }
  return count
}

/** Finds links, @mentions and #hashtags, with code-point ranges (end exclusive). */
export function extractEntities(text: string): Entities {
  const entities: Entities = { urls: [], mentions: [], hashtags: [] }
  if (text.length === 0) return entities
  const taken: Array<[number, number]> = []
  for (const match of text.matchAll(URL_RE)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '')
    const start = match.index
    const end = start + url.length
    taken.push([start, end])
    entities.urls.push({ url, start: codePointIndex(text, start), end: codePointIndex(text, end) })
  }
  const insideUrl = (at: number) => taken.some(([s, e]) => at >= s && at < e)
  for (const match of text.matchAll(MENTION_RE)) {
    const start = match.index + (match[1]?.length ?? 0)
    if (insideUrl(start)) continue
    const handle = match[2] ?? ''
    entities.mentions.push({ handle, start: codePointIndex(text, start), end: codePointIndex(text, start + 1 + handle.length) })
  }
  for (const match of text.matchAll(HASHTAG_RE)) {
    const start = match.index + (match[1]?.length ?? 0)
    if (insideUrl(start)) continue
    const tag = match[2] ?? ''
    entities.hashtags.push({ tag, start: codePointIndex(text, start), end: codePointIndex(text, start + 1 + tag.length) })
  }
  return entities
}

/** Length in Unicode code points, the unit of every text limit. */
export function codePointLength(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}
