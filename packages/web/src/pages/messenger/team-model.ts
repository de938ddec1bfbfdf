import { ParloirApiError } from '@parloir/client'
import type { Media, Message, Note } from '@parloir/protocol'

/**
 * The team's side of a conversation, as the messenger shows it to a brand's team: when a snooze
 * ends, where the team's private notes sit among the messages, and what an activity line says.
 */

export type SnoozePreset = 'hour' | 'tomorrow' | 'monday' | 'customer'
export const snoozePresets: readonly SnoozePreset[] = ['hour', 'tomorrow', 'monday', 'customer']

/** The start of the working day a snooze wakes at, in the agent's own time zone. */
const MORNING_HOUR = 9

/**
 * When a preset snooze ends: in an hour; tomorrow at 9:00; next Monday at 9:00 (a week on, on a
 * Monday); or null, until the customer writes. Local time, as the agent reads the menu.
 */
export function snoozeUntil(preset: SnoozePreset, now: Date): Date | null {
  switch (preset) {
    case 'hour': return new Date(now.getTime() + 60 * 60 * 1000)
    case 'tomorrow': return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, MORNING_HOUR)
    case 'monday': {
      const ahead = ((8 - now.getDay()) % 7) || 7
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + ahead, MORNING_HOUR)
    }
    case 'customer': return null
  }
}

export type TimelineItem<R> = R | { type: 'note'; key: string; note: Note }

/**
 * The team's notes among the rows of a thread, by time: each note goes before the first row
 * (message or day) written after it; the rest follow the last row. `timeOf` answers a row's
 * time in ms, or null for rows that have none (the top of the thread). Notes are oldest first.
 */
export function interleave<R>(rows: readonly R[], timeOf: (row: R) => number | null, notes: readonly Note[]): Array<TimelineItem<R>> {
  if (notes.length === 0) return rows.slice()
  const out: Array<TimelineItem<R>> = []
  let next = 0
  const noteAt = (i: number) => Date.parse((notes[i] as Note).createdAt)
  for (const row of rows) {
    const time = timeOf(row)
    while (time !== null && next < notes.length && noteAt(next) < time) {
      const note = notes[next++] as Note
      out.push({ type: 'note', key: `note-${note.id}`, note })
    }
    out.push(row)
  }
  for (; next < notes.length; next++) {
    const note = notes[next] as Note
    out.push({ type: 'note', key: `note-${note.id}`, note })
  }
  return out
}

/** Adds notes (a page or one live) oldest first, each once. */
export function mergeNotes(notes: readonly Note[], incoming: readonly Note[]): Note[] {
  const byId = new Map(notes.map((n) => [n.id, n]))
  for (const note of incoming) byId.set(note.id, note)
  return [...byId.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** What an activity line says, as a text key and who is named in it. */
export type ActivityLine =
  | { key: 'assigned'; who: string | null; whom: string }
  | { key: 'took'; who: string }
  | { key: 'unassigned'; who: string | null }
  | { key: 'answered'; whom: string }
  | { key: 'roundRobin'; whom: string }
  | { key: 'status'; who: string | null; status: 'open' | 'pending' | 'resolved' }
  | { key: 'snoozed'; who: string | null; until: string | null }
  | { key: 'reopenedCustomer' }
  | { key: 'reopenedSnooze' }
  | { key: 'rated'; rating: number; comment: string | null }
  | { key: 'labelAdded' | 'labelRemoved'; who: string | null; labelId: string; label: string }
  | { key: 'blocked'; requestedBy: string | null; approvedBy: string | null; reason: string }
  | { key: 'unblocked'; who: string | null; reason: string }
  | { key: 'reviewRequested'; text: string }
  // Public discussions: the post's place, for a link back (`/d/<discussionId>`).
  | { key: 'postReviewRequested'; text: string; discussionId: string; seq: number }
  | { key: 'discussionContinued'; who: string | null; discussionId: string; seq: number }
  | { key: 'participantRemoved'; requestedBy: string | null; approvedBy: string | null; reason: string; discussionId: string }
  | { key: 'participantReadded'; who: string | null; reason: string; discussionId: string }
  // Collections: a hidden item's author asks for a review (a link back to the item on the public page).
  | { key: 'itemReviewRequested'; text: string; collectionId: string; itemId: string }

/** The line an activity note reads as; null for a plain note. */
export function activityLine(note: Note): ActivityLine | null {
  const a = note.activity
  if (note.kind !== 'activity' || !a) return null
  const who = note.authorId
  if (a.action === 'assignee.changed') {
    const whom = a.assigneeId ?? null
    if (whom === null) return { key: 'unassigned', who }
    if (a.reason === 'answered') return { key: 'answered', whom }
    if (a.reason === 'round.robin') return { key: 'roundRobin', whom }
    return who === whom ? { key: 'took', who } : { key: 'assigned', who, whom }
  }
  if (a.action === 'survey.answered') return { key: 'rated', rating: a.rating ?? 0, comment: a.comment ?? null }
  // The label's name when the change was made: a line stays true after a rename or a delete.
  if (a.action === 'label.added' || a.action === 'label.removed') {
    return { key: a.action === 'label.added' ? 'labelAdded' : 'labelRemoved', who, labelId: a.labelId ?? '', label: a.label ?? '' }
  }
  if (a.action === 'customer.blocked') return { key: 'blocked', requestedBy: a.requestedBy ?? null, approvedBy: a.approvedBy ?? null, reason: a.moderationReason ?? '' }
  if (a.action === 'customer.unblocked') return { key: 'unblocked', who: a.requestedBy ?? who, reason: a.moderationReason ?? '' }
  if (a.action === 'review.requested' && a.collectionId) return { key: 'itemReviewRequested', text: a.moderationReason ?? '', collectionId: a.collectionId, itemId: a.itemId ?? '' }
  if (a.action === 'review.requested' && a.discussionId) return { key: 'postReviewRequested', text: a.moderationReason ?? '', discussionId: a.discussionId, seq: a.postSeq ?? 1 }
  if (a.action === 'review.requested') return { key: 'reviewRequested', text: a.moderationReason ?? '' }
  if (a.action === 'discussion.continued') return { key: 'discussionContinued', who, discussionId: a.discussionId ?? '', seq: a.postSeq ?? 1 }
  if (a.action === 'participant.removed') return { key: 'participantRemoved', requestedBy: a.requestedBy ?? null, approvedBy: a.approvedBy ?? null, reason: a.moderationReason ?? '', discussionId: a.discussionId ?? '' }
  if (a.action === 'participant.readded') return { key: 'participantReadded', who: a.requestedBy ?? who, reason: a.moderationReason ?? '', discussionId: a.discussionId ?? '' }
  if (a.reason === 'customer.wrote') return { key: 'reopenedCustomer' }
  if (a.reason === 'snooze.ended') return { key: 'reopenedSnooze' }
  if (a.status === 'snoozed') return { key: 'snoozed', who, until: a.snoozedUntil ?? null }
  return { key: 'status', who, status: a.status ?? 'open' }
}

/** What teammates do in a conversation: have it open, or write in it. */
export type PresenceKind = 'viewing' | 'typing'

/**
 * Who of the team is in which conversation, as the stream last said: conversation id → member id
 * → when it lapses (ms since the epoch). Nothing says "gone": each notice lapses unless renewed.
 */
export interface Presence {
  viewing: ReadonlyMap<string, ReadonlyMap<string, number>>
  typing: ReadonlyMap<string, ReadonlyMap<string, number>>
}

export const noPresence: Presence = { viewing: new Map(), typing: new Map() }

/** A notice from the stream (`inbox.viewing`, `inbox.typing`): the member is there until `nowMs + expiresInMs`. */
export function notePresence(presence: Presence, kind: PresenceKind, conversationId: string, memberId: string, nowMs: number, expiresInMs: number): Presence {
  const byConversation = new Map(presence[kind])
  byConversation.set(conversationId, new Map(byConversation.get(conversationId) ?? []).set(memberId, nowMs + expiresInMs))
  return { ...presence, [kind]: byConversation }
}

/** Drops the notices that lapsed by `nowMs`; the same object when none did (so nothing re-renders). */
export function prunePresence(presence: Presence, nowMs: number): Presence {
  let changed = false
  const prune = (map: Presence[PresenceKind]) => {
    const next = new Map<string, ReadonlyMap<string, number>>()
    for (const [conversationId, members] of map) {
      const live = new Map([...members].filter(([, until]) => until > nowMs))
      if (live.size !== members.size) changed = true
      if (live.size > 0) next.set(conversationId, live)
    }
    return next
  }
  const next = { viewing: prune(presence.viewing), typing: prune(presence.typing) }
  return changed ? next : presence
}

/** When the next notice lapses, or null when there is none. */
export function nextLapse(presence: Presence): number | null {
  let next: number | null = null
  for (const map of [presence.viewing, presence.typing]) {
    for (const members of map.values()) for (const until of members.values()) if (next === null || until < next) next = until
  }
  return next
}

/**
 * The teammates in a conversation at `nowMs`, other than me: those typing, and those who only
 * have it open (someone typing is there, so is named once, as typing). In the order they came.
 */
export function teammatesIn(presence: Presence, conversationId: string, meId: string, nowMs: number): { typing: string[]; viewing: string[] } {
  const live = (kind: PresenceKind) => [...(presence[kind].get(conversationId) ?? [])].filter(([id, until]) => id !== meId && until > nowMs).map(([id]) => id)
  const typing = live('typing')
  return { typing, viewing: live('viewing').filter((id) => !typing.includes(id)) }
}

/** A send refused because another member answered after what the writer saw (ANSWERED_MEANWHILE). */
export interface AnsweredMeanwhile {
  /** The member who answered; null when the server could not say (an app). */
  authorId: string | null
  messageId: string
  seq: number
}

/** The answer that stopped a send, read from the server's refusal; null for any other failure. */
export function answeredMeanwhile(error: unknown): AnsweredMeanwhile | null {
  if (!(error instanceof ParloirApiError) || error.code !== 'ANSWERED_MEANWHILE') return null
  const d = error.details ?? {}
  if (typeof d['messageId'] !== 'string' || typeof d['seq'] !== 'number') return null
  return { authorId: typeof d['author'] === 'string' ? d['author'] : null, messageId: d['messageId'], seq: d['seq'] }
}

/** A draft held back by ANSWERED_MEANWHILE: the writer reads the answer, then sends anyway or edits. */
export interface Collision {
  answer: AnsweredMeanwhile
  text: string
  attachment: Media | null
  customProfileId: string | null
}

/**
 * The warning over the composer: who answered, and whether their answer is in the thread yet
 * (it arrives by the stream or the catch-up the refusal starts); null when nothing was refused.
 */
export function collisionWarning(collision: Collision | undefined, messages: readonly Message[]): { authorId: string | null; answerShown: boolean } | null {
  if (!collision) return null
  return { authorId: collision.answer.authorId, answerShown: messages.some((m) => m.id === collision.answer.messageId) }
}

/** The seq a brand send says the writer saw: the newest message shown, 0 before any. */
export const lastSeenSeq = (messages: readonly Message[]): number => messages.at(-1)?.seq ?? 0
