import type { Button, Limits, QuickReply } from '@parloir/protocol'
import { codePointLength } from '@parloir/core'
import { badParameter, badRequest, TwitterCode, TwitterError } from './errors.ts'

/**
 * Reading Twitter's requests: every field is checked for its type and size before anything acts
 * on it, and a bad one is a Twitter 400 naming the field, never a 500 and never coerced.
 */

const ID = /^[0-9]{1,20}$/

export type Json = Record<string, unknown>

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A query parameter: one string (a repeated parameter is refused). */
export function queryParam(query: unknown, name: string): string | undefined {
  const value = isObject(query) ? query[name] : undefined
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw badParameter(name)
  return value
}

/** A required id in the query (`?id=`), or Twitter's "parameter is missing" / "is invalid". */
export function queryId(query: unknown, name = 'id'): string {
  const value = queryParam(query, name)
  if (value === undefined || value === '') throw badParameter(name, true)
  if (!ID.test(value)) throw badParameter(name)
  return value
}

/** v1.1 `count`: a whole number, clamped to 1…max (the library asks for 100 when paging to the end). */
export function countParam(query: unknown, fallback: number, max: number): number {
  const raw = queryParam(query, 'count')
  if (raw === undefined || raw === '') return fallback
  if (!/^[0-9]{1,9}$/.test(raw)) throw badParameter('count')
  return Math.min(max, Math.max(1, Number(raw)))
}

/** v1.1 `cursor`: absent, or one this server issued (an event id); `0` and `-1` mean "from the start". */
export function cursorParam(query: unknown): string | undefined {
  const raw = queryParam(query, 'cursor')
  if (raw === undefined || raw === '' || raw === '-1' || raw === '0') return undefined
  if (!ID.test(raw)) throw badParameter('cursor')
  return raw
}

export function idField(value: unknown, path: string): string {
  if (typeof value !== 'string' || !ID.test(value)) throw badRequest(`${path}: must be an id (a string of digits).`)
  return value
}

function stringField(value: unknown, path: string, max: number, min = 0): string {
  if (typeof value !== 'string') throw badRequest(`${path}: must be a string.`)
  const length = codePointLength(value)
  if (length < min) throw badRequest(`${path}: must not be empty.`)
  if (length > max) throw badRequest(`${path}: must be at most ${max} characters.`)
  return value
}

function rejectUnknown(object: Json, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(object)) if (!allowed.includes(key)) throw badRequest(`${path}.${key}: is not a field Parloir knows.`)
}

/** Twitter quick replies: options only, ≤ 20; label ≤ 36 (no links); description ≤ 72, on all or none; metadata ≤ 1,000. */
export function quickReplyField(value: unknown, path: string, limits: Limits): QuickReply {
  if (!isObject(value) || value.type !== 'options') throw badRequest(`${path}.type: must be "options".`)
  rejectUnknown(value, ['type', 'options'], path)
  const options = value.options
  if (!Array.isArray(options) || options.length === 0) throw badRequest(`${path}.options: must be a non-empty array.`)
  if (options.length > limits.quickReplyOptions) throw badRequest(`${path}.options: at most ${limits.quickReplyOptions} options.`)
  const parsed = options.map((option: unknown, i) => {
    const at = `${path}.options[${i}]`
    if (!isObject(option)) throw badRequest(`${at}: must be an object.`)
    rejectUnknown(option, ['label', 'description', 'metadata'], at)
    const label = stringField(option.label, `${at}.label`, limits.quickReplyLabelChars, 1)
    if (/https?:\/\/|www\./i.test(label)) throw badRequest(`${at}.label: must not contain a URL.`)
    const out: QuickReply['options'][number] = { label }
    if (option.description !== undefined) out.description = stringField(option.description, `${at}.description`, limits.quickReplyDescriptionChars)
    if (option.metadata !== undefined) out.metadata = stringField(option.metadata, `${at}.metadata`, limits.quickReplyMetadataChars)
    return out
  })
  const described = parsed.filter((o) => o.description !== undefined).length
  if (described !== 0 && described !== parsed.length) throw badRequest(`${path}.options: if one option has a description, all must.`)
  return { type: 'options', options: parsed }
}

/** Twitter buttons (`ctas`): 1–3, `web_url` only, label ≤ 36, an http(s) URL; `tco_url` is read-only. */
export function ctasField(value: unknown, path: string, limits: Limits): Button[] {
  if (!Array.isArray(value)) throw badRequest(`${path}: must be an array.`)
  if (value.length < limits.buttonsMin || value.length > limits.buttonsMax) throw badRequest(`${path}: must have ${limits.buttonsMin} to ${limits.buttonsMax} buttons.`)
  return value.map((cta: unknown, i) => {
    const at = `${path}[${i}]`
    if (!isObject(cta)) throw badRequest(`${at}: must be an object.`)
    rejectUnknown(cta, ['type', 'label', 'url', 'tco_url'], at)
    if (cta.type !== 'web_url') throw badRequest(`${at}.type: must be "web_url".`)
    const label = stringField(cta.label, `${at}.label`, limits.buttonLabelChars, 1)
    const url = stringField(cta.url, `${at}.url`, limits.urlChars, 1)
    if (!/^https?:\/\/[^\s]+$/i.test(url)) throw badRequest(`${at}.url: must be an http or https URL.`)
    return { type: 'web_url' as const, label, url }
  })
}

/** The one media a DM or welcome message carries: `{type:"media", media:{id}}`; locations are not supported. */
export function attachmentField(value: unknown, path: string): string {
  if (!isObject(value)) throw badRequest(`${path}: must be an object.`)
  if (value.type === 'location') throw badRequest(`${path}.type: locations are not supported; attach media.`)
  if (value.type !== 'media' || !isObject(value.media)) throw badRequest(`${path}: must be {"type":"media","media":{"id":"…"}}.`)
  const id = value.media.id
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return String(id)
  if (typeof id !== 'string' || !ID.test(id)) throw new TwitterError(400, TwitterCode.mediaIdNotFound, 'A media id was not found.')
  return id
}

/** `message_data` of a DM or a welcome message. */
export interface MessageData {
  text: string
  quickReply: QuickReply | null
  buttons: Button[]
  mediaId: string | null
}

export function messageDataField(value: unknown, path: string, limits: Limits, maxText: number): MessageData {
  if (!isObject(value)) throw badRequest(`${path}: must be an object.`)
  rejectUnknown(value, ['text', 'quick_reply', 'attachment', 'ctas', 'entities'], path)
  const text = value.text === undefined ? '' : value.text
  if (typeof text !== 'string') throw badRequest(`${path}.text: must be a string.`)
  if (codePointLength(text) > maxText) {
    throw new TwitterError(400, TwitterCode.textTooLong, `The text of your direct message is over the max character limit (${maxText}).`)
  }
  return {
    text,
    quickReply: value.quick_reply === undefined ? null : quickReplyField(value.quick_reply, `${path}.quick_reply`, limits),
    buttons: value.ctas === undefined ? [] : ctasField(value.ctas, `${path}.ctas`, limits),
    mediaId: value.attachment === undefined ? null : attachmentField(value.attachment, `${path}.attachment`),
  }
}

/** A comma-separated v2 list parameter (`dm_event.fields=id,text`), each item one of `allowed`. */
export function listParam<T extends string>(query: unknown, name: string, allowed: readonly T[]): Set<T> {
  const raw = queryParam(query, name)
  const out = new Set<T>()
  if (raw === undefined) return out
  for (const item of raw.split(',')) {
    if (!(allowed as readonly string[]).includes(item)) throw v2InvalidParameter(name, raw, `The \`${name}\` query parameter value [${item}] is not one of [${allowed.join(',')}]`)
    out.add(item as T)
  }
  return out
}

/** A v2 400 with the parameter named, as Twitter's `invalid-request` problems do. */
export function v2InvalidParameter(name: string, value: string, message: string): TwitterError {
  const error = new TwitterError(400, TwitterCode.invalidParameter, message)
  Object.assign(error, { parameters: { [name]: [value] } })
  return error
}
