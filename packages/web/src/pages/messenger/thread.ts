import type { Conversation, Message } from '@parloir/protocol'

/**
 * A conversation's messages as the app holds them: sorted by `seq`, each once. Every update
 * answers the same array when nothing changed, so React can skip work.
 */
export type Messages = readonly Message[]

function prefer(had: Message, next: Message): Message {
  // Unsending is final: a stale copy (a page fetched before it) never brings the text back.
  const kept = had.unsentAt !== null && next.unsentAt === null ? had : next
  // Who of a brand's team wrote it comes by REST only (the stream's copy goes to the customer too): it stays known.
  const author = kept.author ?? (kept === had ? next.author : had.author)
  return author === kept.author ? kept : { ...kept, author }
}

/** Index of `seq` in sorted messages, or where it would go (as ~index - 1 when absent). */
function find(messages: Messages, seq: number): number {
  let low = 0
  let high = messages.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const at = messages[mid]?.seq ?? 0
    if (at === seq) return mid
    if (at < seq) low = mid + 1
    else high = mid - 1
  }
  return -(low + 1)
}

const same = (a: Message, b: Message) => a === b || (a.id === b.id && a.unsentAt === b.unsentAt && a.author === b.author)

/** Adds or updates one message. */
export function upsertMessage(messages: Messages, message: Message): Messages {
  const last = messages.at(-1)
  if (!last || last.seq < message.seq) return [...messages, message]
  const index = find(messages, message.seq)
  if (index >= 0) {
    const had = messages[index] as Message
    const next = prefer(had, message)
    if (same(had, next)) return messages
    const copy = messages.slice()
    copy[index] = next
    return copy
  }
  const at = -index - 1
  return [...messages.slice(0, at), message, ...messages.slice(at)]
}

/** Merges a page (or any batch) of messages in. */
export function mergeMessages(messages: Messages, incoming: readonly Message[]): Messages {
  if (incoming.length === 0) return messages
  const sorted = [...incoming].sort((a, b) => a.seq - b.seq)
  const first = messages[0]
  const last = messages.at(-1)
  const newest = sorted.at(-1) as Message
  const oldest = sorted[0] as Message
  const unique = sorted.filter((m, i) => i === 0 || (sorted[i - 1] as Message).seq !== m.seq)
  if (!first || !last) return unique
  if (newest.seq < first.seq) return [...unique, ...messages]
  if (oldest.seq > last.seq) return [...messages, ...unique]
  let result = messages
  for (const message of unique) result = upsertMessage(result, message)
  return result
}

/** Applies an unsend: text, buttons and attachment are gone; a trace keeps the place. */
export function eraseMessage(message: Message, unsentAt: string): Message {
  return {
    ...message, text: '', entities: { urls: [], mentions: [], hashtags: [] }, quickReply: null, quickReplyResponse: null,
    buttons: [], attachment: null, unsentAt,
  }
}

export function unsendInList(messages: Messages, messageId: string, seq: number, unsentAt: string): Messages {
  const index = find(messages, seq)
  const had = index >= 0 ? messages[index] : undefined
  if (!had || had.id !== messageId || had.unsentAt !== null) return messages
  const copy = messages.slice()
  copy[index] = eraseMessage(had, unsentAt)
  return copy
}

export function removeMessage(messages: Messages, messageId: string): Messages {
  const index = messages.findIndex((m) => m.id === messageId)
  if (index < 0) return messages
  return [...messages.slice(0, index), ...messages.slice(index + 1)]
}

/** The local calendar day of a time, as `YYYY-MM-DD`. */
export function dayKey(iso: string): string {
  const date = new Date(iso)
  const month = String(date.getMonth() + 1).padStart(2, '0')
  const day = String(date.getDate()).padStart(2, '0')
  return `${date.getFullYear()}-${month}-${day}`
}

const dayKeys = new WeakMap<Message, string>()
function dayOf(message: Message): string {
  let key = dayKeys.get(message)
  if (key === undefined) {
    key = dayKey(message.createdAt)
    dayKeys.set(message, key)
  }
  return key
}

/** Messages of one sender closer than this run together: one name, one avatar, one time. */
export const RUN_GAP_MS = 5 * 60 * 1000

export type Row =
  | { type: 'top'; key: string }
  | { type: 'day'; key: string; iso: string }
  | { type: 'message'; key: string; message: Message; mine: boolean; runStart: boolean; runEnd: boolean }
  | { type: 'system'; key: string; message: Message }

/**
 * The rows of the message list: a top row (history loading or the beginning), a separator for
 * each day, then the messages, each knowing whether it starts or ends a run of one sender.
 */
export function buildRows(messages: Messages, meId: string): Row[] {
  const rows: Row[] = [{ type: 'top', key: 'top' }]
  let previousDay = ''
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as Message
    const day = dayOf(message)
    if (day !== previousDay) {
      rows.push({ type: 'day', key: `day-${day}`, iso: message.createdAt })
      previousDay = day
    }
    if (message.kind === 'system') {
      rows.push({ type: 'system', key: message.id, message })
      continue
    }
    const before = messages[i - 1]
    const after = messages[i + 1]
    const joins = (a: Message | undefined, b: Message | undefined) =>
      !!a && !!b && a.kind === 'text' && b.kind === 'text' && a.senderId === b.senderId && dayOf(a) === dayOf(b) &&
      // A brand answering under another profile is another face: a new run, with its name.
      (a.customProfile?.id ?? null) === (b.customProfile?.id ?? null) &&
      Math.abs(Date.parse(b.createdAt) - Date.parse(a.createdAt)) < RUN_GAP_MS
    rows.push({
      type: 'message', key: message.id, message, mine: message.senderId === meId,
      runStart: !joins(before, message), runEnd: !joins(message, after),
    })
  }
  return rows
}

/**
 * "Seen": the latest of my messages that others have read, with who read it; null when none
 * has been read (or read receipts are off on either side: then there are no marks).
 */
export function seenBy(messages: Messages, conversation: Pick<Conversation, 'readMarks'>, meId: string): { messageId: string; readerIds: string[] } | null {
  const marks = conversation.readMarks.filter((mark) => mark.accountId !== meId)
  const furthest = Math.max(0, ...marks.map((mark) => mark.seq))
  if (furthest === 0) return null
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as Message
    if (message.kind !== 'text' || message.senderId !== meId || message.seq > furthest) continue
    return { messageId: message.id, readerIds: marks.filter((mark) => mark.seq >= message.seq).map((mark) => mark.accountId) }
  }
  return null
}

/** For each quick-reply question, the option metadata I answered with. */
export function answersOf(messages: Messages, meId: string): Map<string, string> {
  const answers = new Map<string, string>()
  for (const message of messages) {
    if (message.senderId === meId && message.quickReplyResponse) answers.set(message.quickReplyResponse.messageId, message.quickReplyResponse.metadata)
  }
  return answers
}

/** Case and accent blind text, for search. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}
