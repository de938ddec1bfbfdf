import { defaultLimits as L, safeWebHref, type Button, type KeywordRuleInput, type Media, type QuickReply, type WelcomeMessage, type WelcomeMessageInput } from '@parloir/protocol'
import { codePoints, type FieldProblem } from '../field-problems.ts'
import { newKey } from './hours-model.ts'

/**
 * The welcome-message and keyword-rule editors' state and its mapping to the API. Pure, so the
 * limits are tested here; the server still judges, and its problems land on the same paths.
 */

export interface OptionDraft { key: string; label: string; description: string; metadata: string }
export type ButtonType = Button['type']
export interface ButtonDraft {
  key: string
  type: ButtonType
  label: string
  url: string
  phoneNumber: string
  /** For a conversation button: the account's handle, as typed or as looked up from its id. */
  handle: string
}
export interface WelcomeDraft {
  name: string
  text: string
  media: Media | null
  options: OptionDraft[]
  buttons: ButtonDraft[]
  isDefault: boolean
}

export const emptyOption = (): OptionDraft => ({ key: newKey(), label: '', description: '', metadata: '' })
export const emptyButton = (type: ButtonType = 'web_url'): ButtonDraft => ({ key: newKey(), type, label: '', url: '', phoneNumber: '', handle: '' })
export const emptyWelcome = (isDefault = false): WelcomeDraft => ({ name: '', text: '', media: null, options: [], buttons: [], isDefault })

export function optionsFromQuickReply(quickReply: QuickReply | null): OptionDraft[] {
  return (quickReply?.options ?? []).map((o) => ({ key: newKey(), label: o.label, description: o.description ?? '', metadata: o.metadata ?? '' }))
}

/** A conversation button knows its account by id; `handles` maps ids to handles for the editor. */
export function draftFromWelcome(message: WelcomeMessage, handles: ReadonlyMap<string, string>): WelcomeDraft {
  return {
    name: message.name,
    text: message.text,
    media: message.attachment,
    options: optionsFromQuickReply(message.quickReply),
    buttons: message.buttons.map((b) => ({
      ...emptyButton(b.type),
      label: b.label,
      ...(b.type === 'web_url' ? { url: b.url } : b.type === 'phone_number' ? { phoneNumber: b.phoneNumber } : { handle: handles.get(b.accountId) ?? '' }),
    })),
    isDefault: message.isDefault,
  }
}

/** Options as the API takes them: empty descriptions and metadata left out; none at all is null. */
export function quickReplyFromOptions(options: readonly OptionDraft[]): QuickReply | null {
  if (options.length === 0) return null
  return {
    type: 'options',
    options: options.map((o) => ({
      label: o.label.trim(),
      ...(o.description.trim() !== '' ? { description: o.description.trim() } : {}),
      ...(o.metadata !== '' ? { metadata: o.metadata } : {}),
    })),
  }
}

export const normaliseHandle = (handle: string) => handle.trim().replace(/^@/, '')

/**
 * The body for create or update. `accountIds` maps the handles of conversation buttons to
 * account ids (looked up before saving); a handle without one is a problem, reported first.
 */
export function welcomeInput(draft: WelcomeDraft, accountIds: ReadonlyMap<string, string>): WelcomeMessageInput {
  return {
    name: draft.name.trim(),
    text: draft.text,
    quickReply: quickReplyFromOptions(draft.options),
    buttons: draft.buttons.map((b): Button => {
      const label = b.label.trim()
      if (b.type === 'web_url') return { type: 'web_url', label, url: b.url.trim() }
      if (b.type === 'phone_number') return { type: 'phone_number', label, phoneNumber: b.phoneNumber.trim() }
      return { type: 'conversation', label, accountId: accountIds.get(normaliseHandle(b.handle).toLowerCase()) ?? '' }
    }),
    mediaId: draft.media?.id ?? null,
    isDefault: draft.isDefault,
  }
}

export type LocalProblem =
  | 'required' | 'tooLong' | 'tooMany' | 'badUrl' | 'badPhone' | 'badHandle' | 'emptyMessage' | 'badShortcut' | 'badKey'

export interface LocalFieldProblem extends Omit<FieldProblem, 'message'> { message: LocalProblem; max?: number }

const phonePattern = /^\+?[0-9][0-9 ().-]{2,30}$/
const handlePattern = /^[A-Za-z0-9_]{1,15}$/

export function textProblems(path: string, value: string, max: number, required: boolean): LocalFieldProblem[] {
  if (required && value.trim() === '') return [{ path, message: 'required' }]
  if (codePoints(value) > max) return [{ path, message: 'tooLong', max }]
  return []
}

export function optionProblems(options: readonly OptionDraft[], base = '/quickReply/options'): LocalFieldProblem[] {
  const problems: LocalFieldProblem[] = []
  if (options.length > L.quickReplyOptions) problems.push({ path: base, message: 'tooMany', max: L.quickReplyOptions })
  options.forEach((o, i) => {
    problems.push(...textProblems(`${base}/${i}/label`, o.label.trim(), L.quickReplyLabelChars, true))
    problems.push(...textProblems(`${base}/${i}/description`, o.description.trim(), L.quickReplyDescriptionChars, false))
    problems.push(...textProblems(`${base}/${i}/metadata`, o.metadata, L.quickReplyMetadataChars, false))
  })
  return problems
}

/** What the form can tell before asking the server, at the paths the server would use. */
export function welcomeProblems(draft: WelcomeDraft): LocalFieldProblem[] {
  const problems: LocalFieldProblem[] = [
    ...textProblems('/name', draft.name.trim(), L.welcomeMessageNameChars, true),
    ...textProblems('/text', draft.text, L.messageTextChars, false),
  ]
  if (draft.text.trim() === '' && !draft.media) problems.push({ path: '/text', message: 'emptyMessage' })
  problems.push(...optionProblems(draft.options))
  if (draft.buttons.length > L.buttonsMax) problems.push({ path: '/buttons', message: 'tooMany', max: L.buttonsMax })
  draft.buttons.forEach((b, i) => {
    problems.push(...textProblems(`/buttons/${i}/label`, b.label.trim(), L.buttonLabelChars, true))
    if (b.type === 'web_url') {
      const url = b.url.trim()
      if (url === '') problems.push({ path: `/buttons/${i}/url`, message: 'required' })
      else if (!isWebUrl(url) || codePoints(url) > L.urlChars) problems.push({ path: `/buttons/${i}/url`, message: 'badUrl' })
    } else if (b.type === 'phone_number') {
      const phone = b.phoneNumber.trim()
      if (phone === '') problems.push({ path: `/buttons/${i}/phoneNumber`, message: 'required' })
      else if (!phonePattern.test(phone)) problems.push({ path: `/buttons/${i}/phoneNumber`, message: 'badPhone' })
    } else {
      const handle = normaliseHandle(b.handle)
      if (handle === '') problems.push({ path: `/buttons/${i}/accountId`, message: 'required' })
      else if (!handlePattern.test(handle)) problems.push({ path: `/buttons/${i}/accountId`, message: 'badHandle' })
    }
  })
  return problems
}

/** A button's web address: written with its scheme (the server takes no bare `www.`), and one the pages will link. */
export function isWebUrl(raw: string): boolean {
  return /^https?:\/\//i.test(raw) && safeWebHref(raw) !== null
}

export interface KeywordDraft { keywords: string[]; replyText: string; options: OptionDraft[]; enabled: boolean }

export function keywordProblems(draft: KeywordDraft): LocalFieldProblem[] {
  const problems: LocalFieldProblem[] = []
  if (draft.keywords.length === 0) problems.push({ path: '/keywords', message: 'required' })
  if (draft.keywords.length > L.keywordsPerRule) problems.push({ path: '/keywords', message: 'tooMany', max: L.keywordsPerRule })
  draft.keywords.forEach((k, i) => problems.push(...textProblems(`/keywords/${i}`, k, L.keywordChars, true)))
  problems.push(...textProblems('/replyText', draft.replyText, L.messageTextChars, true))
  problems.push(...optionProblems(draft.options))
  return problems
}

export function keywordInput(draft: KeywordDraft): KeywordRuleInput {
  return { keywords: draft.keywords, replyText: draft.replyText, quickReply: quickReplyFromOptions(draft.options), enabled: draft.enabled }
}

/**
 * Adds what was typed in the keyword box: commas separate keywords; blanks and repeats
 * (ignoring case) are dropped. The caller checks the count against the limit.
 */
export function addKeywords(keywords: readonly string[], typed: string): string[] {
  const next = [...keywords]
  for (const part of typed.split(',')) {
    const keyword = part.trim().replace(/\s+/g, ' ')
    if (keyword !== '' && !next.some((k) => k.toLowerCase() === keyword.toLowerCase())) next.push(keyword)
  }
  return next
}

/** Moves an item one place up (-1) or down (+1); out of range leaves the list as it was. */
export function move<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list]
  const next = [...list]
  const [item] = next.splice(index, 1)
  next.splice(to, 0, item as T)
  return next
}

/** The link that opens a conversation with the brand showing this welcome message. */
export function deepLink(origin: string, brandId: string, welcomeMessageId: string): string {
  const query = new URLSearchParams({ recipient_id: brandId, welcome_message_id: welcomeMessageId })
  return `${origin}/messages/compose?${query.toString()}`
}

/** The list's preview: the first line of text, shortened on a word to about `max` characters. */
export function previewLine(text: string, max = 90): string {
  const line = text.trim().split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? ''
  const points = [...line]
  if (points.length <= max) return line
  const cut = points.slice(0, max).join('')
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}
