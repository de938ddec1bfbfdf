import { AppError, brandMay, inboxLimits, type InboxCounts, type InboxItem, type InboxState, type InboxStatus, type InboxView, type CustomerKind, type Note, type SearchHit } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import type { InboxListRow, InboxOrder, InboxRecord, StorageReads } from '../ports/storage.ts'
import { presentConversationCore, presentMessages } from '../presenters.ts'
import { extractEntities } from '../text/entities.ts'
import { appendNote, fillCapacity, presentInboxState, presentNote, saveInboxState } from './inbox-state.ts'
import { emit } from '../context.ts'
import { parseListCursor } from '../conversations/conversations.ts'
import { sendSurvey } from './surveys.ts'
import { queuePush } from '../push/push.ts'

export interface InboxListQuery {
  view?: InboxView
  order?: InboxOrder
  assigneeId?: string
  source?: string
  kind?: CustomerKind
  label?: string
  cursor?: string
  limit?: number
}

const NOT_WAITING = Number.MAX_SAFE_INTEGER

async function presentItems(reads: StorageReads, rows: InboxListRow[]): Promise<InboxItem[]> {
  const ids = rows.map((r) => r.conversation.id)
  const participants = ids.length ? await reads.participants.ofMany(ids) : []
  const accounts = new Map((await reads.accounts.byIds([...new Set(participants.map((p) => p.accountId))])).map((a) => [a.id, a]))
  const positions = rows.filter((r) => r.state.lastCustomerSeq > 0).map((r) => ({ conversationId: r.conversation.id, seq: r.state.lastCustomerSeq }))
  const customerMessages = new Map((await presentMessages(reads, await reads.messages.atSeqs(positions))).map((m) => [m.conversationId, m]))
  return rows.map((row) => ({
    conversation: {
      ...presentConversationCore(row.conversation, participants.filter((p) => p.conversationId === row.conversation.id), accounts),
      lastSeq: row.conversation.lastSeq,
    },
    state: presentInboxState(row.state),
    customerMessage: customerMessages.get(row.conversation.id) ?? null,
    you: { lastReadSeq: row.reader.lastReadSeq, unreadCount: row.unreadCount, markedUnread: row.reader.markedUnread },
  }))
}

/** One view of the team inbox, a page of it, and the counts of every view with the same filters. */
export async function listInbox(deps: CoreDeps, asked: Actor, brandId: string, query: InboxListQuery): Promise<{ items: InboxItem[]; counts: InboxCounts; nextCursor: string | null }> {
  const actor = await actAsBrand(deps, asked, brandId, 'inbox.read')
  const reads = deps.storage.reads
  const limit = query.limit ?? inboxLimits.inboxPage
  const order = query.order ?? 'newest'
  const filters = {
    brandId, memberId: actor.userId,
    ...(query.assigneeId !== undefined ? { assigneeId: query.assigneeId } : {}),
    ...(query.source !== undefined ? { source: query.source } : {}),
    ...(query.kind !== undefined ? { kind: query.kind } : {}),
    ...(query.label !== undefined ? { label: query.label } : {}),
  }
  // Counted first: a view its filters leave empty is not walked at all, and the count lets the
  // engine choose how to read a label's few rows (storage/src/team-inbox.ts).
  const counts = await reads.inbox.counts(filters)
  const view = query.view ?? 'open'
  const rows = counts[view] === 0 ? [] : await reads.inbox.list({
    ...filters, view, order, after: parseListCursor(query.cursor), limit: limit + 1, expectedRows: counts[view],
  })
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  const lastKey = last && (order === 'newest' ? last.state.customerActiveAtMs : last.state.waitingSinceMs ?? NOT_WAITING)
  return {
    items: await presentItems(reads, page),
    counts,
    nextCursor: rows.length > limit && last ? `${lastKey}.${last.conversation.id}` : null,
  }
}

/** The brand's inbox row of a conversation, or CONVERSATION_NOT_FOUND. */
export async function requireInboxRow(deps: CoreDeps, brandId: string, conversationId: string): Promise<InboxRecord> {
  const row = await deps.storage.reads.inbox.get(brandId, conversationId)
  if (!row) throw new AppError('CONVERSATION_NOT_FOUND')
  return row
}

/** One conversation of the team inbox, as the asking member sees it. */
export async function getInboxItem(deps: CoreDeps, asked: Actor, brandId: string, conversationId: string): Promise<InboxItem> {
  const actor = await actAsBrand(deps, asked, brandId, 'inbox.read')
  const reads = deps.storage.reads
  const state = await requireInboxRow(deps, brandId, conversationId)
  const conversation = await reads.conversations.byId(conversationId)
  if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND')
  const reader = await reads.inbox.reader(brandId, conversationId, actor.userId)
  const lastReadSeq = reader?.lastReadSeq ?? state.readBaselineSeq
  const unreadCount = await reads.inbox.customerMessagesAfter(brandId, conversationId, lastReadSeq)
  const [item] = await presentItems(reads, [{ state, conversation, reader: { lastReadSeq, markedUnread: reader?.markedUnread ?? false }, unreadCount }])
  if (!item) throw new AppError('CONVERSATION_NOT_FOUND')
  return item
}

/**
 * Opens, sets pending, snoozes or resolves a conversation. A snooze ends at `snoozedUntilMs` (in
 * the future, within a year) or, without one, when the customer writes. The change is a line in
 * the team's timeline.
 */
export async function setInboxStatus(deps: CoreDeps, asked: Actor, brandId: string, conversationId: string, input: { status: InboxStatus; snoozedUntilMs?: number }): Promise<InboxState> {
  const actor = await actAsBrand(deps, asked, brandId, 'inbox.triage')
  const now = deps.clock.now()
  const until = input.snoozedUntilMs
  if (until !== undefined && (input.status !== 'snoozed' || until <= now || until > now + inboxLimits.snoozeMaxMs)) {
    throw new AppError('SNOOZE_INVALID', { snoozedUntil: new Date(until).toISOString() })
  }
  await requireInboxRow(deps, brandId, conversationId)
  const state = await deps.storage.transaction(async (tx) => {
    const row = await tx.inbox.get(brandId, conversationId)
    if (!row) throw new AppError('CONVERSATION_NOT_FOUND')
    const snoozedUntilMs = until ?? null
    if (row.status === input.status && row.snoozedUntilMs === snoozedUntilMs) return row
    await appendNote(deps, tx, {
      brandId, conversationId, authorId: actor.userId,
      activity: { action: 'status.changed', status: input.status, ...(input.status === 'snoozed' ? { snoozedUntil: until === undefined ? null : new Date(until).toISOString() } : {}) },
    })
    const saved = await saveInboxState(deps, tx, row, { status: input.status, snoozedUntilMs })
    if (input.status === 'resolved') await sendSurvey(deps, tx, saved)
    // Its assignee may have room now, or it waits unassigned again.
    await fillCapacity(deps, tx, brandId)
    return (await tx.inbox.get(brandId, conversationId)) ?? saved
  })
  return presentInboxState(state)
}

/**
 * Takes (assigning oneself), assigns, reassigns or unassigns a conversation. Only a member who may
 * answer as the brand can be assigned; the change is a line in the team's timeline. A reassign
 * makes room for the one who had it (round robin may give them a waiting conversation); an
 * unassign puts it in Unassigned, for someone to take, and round robin gives it out again only
 * when the customer writes or someone else makes room.
 */
export async function assignConversation(deps: CoreDeps, asked: Actor, brandId: string, conversationId: string, assigneeId: string | null): Promise<InboxState> {
  const actor = await actAsBrand(deps, asked, brandId, 'inbox.triage')
  if (assigneeId !== null) {
    const role = await deps.storage.reads.brands.role(brandId, assigneeId)
    if (!role || !brandMay(role, 'messages.send')) throw new AppError('ASSIGNEE_NOT_ALLOWED', { assigneeId })
  }
  await requireInboxRow(deps, brandId, conversationId)
  const state = await deps.storage.transaction(async (tx) => {
    const row = await tx.inbox.get(brandId, conversationId)
    if (!row) throw new AppError('CONVERSATION_NOT_FOUND')
    if (row.assigneeId === assigneeId) return row
    await appendNote(deps, tx, { brandId, conversationId, authorId: actor.userId, activity: { action: 'assignee.changed', assigneeId } })
    // Told unless they took it themselves.
    if (assigneeId !== null && assigneeId !== actor.userId) await queuePush(deps, tx, { kind: 'conversation.assigned', brandId, conversationId, recipientId: assigneeId, actorId: actor.userId })
    const saved = await saveInboxState(deps, tx, row, { assigneeId })
    if (row.assigneeId !== null && assigneeId !== null) await fillCapacity(deps, tx, brandId)
    return saved
  })
  return presentInboxState(state)
}

/**
 * Records how far one member of the brand's team has read, for them alone (their other sessions
 * hear of it). Called by markRead when a member reads as the brand.
 */
export async function recordMemberRead(deps: CoreDeps, actor: Actor, conversationId: string, seq: number): Promise<void> {
  const brandId = actor.accountId
  const row = await deps.storage.reads.inbox.get(brandId, conversationId)
  if (!row) return
  const reader = await deps.storage.reads.inbox.reader(brandId, conversationId, actor.userId)
  const before = reader?.lastReadSeq ?? row.readBaselineSeq
  if (seq <= before && !reader?.markedUnread) return
  const lastReadSeq = Math.max(seq, before)
  await deps.storage.transaction(async (tx) => {
    await tx.inbox.setReader({ brandId, conversationId, memberId: actor.userId, lastReadSeq, markedUnread: false })
    await emit(deps, tx, { name: 'inbox.read', data: { brandId, conversationId, memberId: actor.userId, lastReadSeq, markedUnread: false }, accountId: actor.userId }, [actor.userId])
  })
}

/**
 * Moves the asking member's own read position, and nothing else: the brand's (the customer's
 * "Seen") stays. What a viewer's reading does, as a viewer may not say "Seen" in the brand's name;
 * it clears their own unread counts like anyone's.
 */
export async function markInboxRead(deps: CoreDeps, asked: Actor, brandId: string, conversationId: string, seq: number): Promise<void> {
  const actor = await actAsBrand(deps, asked, brandId, 'inbox.read')
  await requireInboxRow(deps, brandId, conversationId)
  const conversation = await deps.storage.reads.conversations.byId(conversationId)
  await recordMemberRead(deps, actor, conversationId, Math.min(seq, conversation?.lastSeq ?? 0))
}

/** Marks a conversation unread for the asking member only; the rest of the team and the customer see no change. */
export async function markUnread(deps: CoreDeps, asked: Actor, brandId: string, conversationId: string): Promise<void> {
  const actor = await actAsBrand(deps, asked, brandId, 'inbox.read')
  const row = await requireInboxRow(deps, brandId, conversationId)
  const reader = await deps.storage.reads.inbox.reader(brandId, conversationId, actor.userId)
  const lastReadSeq = reader?.lastReadSeq ?? row.readBaselineSeq
  await deps.storage.transaction(async (tx) => {
    await tx.inbox.setReader({ brandId, conversationId, memberId: actor.userId, lastReadSeq, markedUnread: true })
    await emit(deps, tx, { name: 'inbox.read', data: { brandId, conversationId, memberId: actor.userId, lastReadSeq, markedUnread: true }, accountId: actor.userId }, [actor.userId])
  })
}

/**
 * Tells the rest of the team that this member has the conversation open, so two agents do not
 * take the same customer at once. Ephemeral: it lapses unless renewed, and is never stored.
 */
export async function markViewing(deps: CoreDeps, asked: Actor, brandId: string, conversationId: string): Promise<void> {
  const actor = await actAsBrand(deps, asked, brandId, 'inbox.read')
  await requireInboxRow(deps, brandId, conversationId)
  deps.fanout.publish({
    type: 'event',
    event: { name: 'inbox.viewing', data: { brandId, conversationId, memberId: actor.userId, expiresInMs: inboxLimits.viewingExpiresMs }, accountIds: [brandId] },
  })
}

/** The team's private timeline of a conversation, a page at a time, oldest first. */
export async function listNotes(deps: CoreDeps, asked: Actor, brandId: string, conversationId: string, page: { before?: string; limit?: number }): Promise<{ notes: Note[]; hasMore: boolean }> {
  await actAsBrand(deps, asked, brandId, 'inbox.read')
  await requireInboxRow(deps, brandId, conversationId)
  const limit = page.limit ?? inboxLimits.notesPage
  const notes = await deps.storage.reads.inbox.notes(brandId, conversationId, { ...(page.before !== undefined ? { beforeId: page.before } : {}), limit: limit + 1 })
  const hasMore = notes.length > limit
  return { notes: (hasMore ? notes.slice(1) : notes).map(presentNote), hasMore }
}

/**
 * Writes a private note. @handles of members of the team are recorded as mentions; the note goes
 * to the team's streams only, and no channel that shows messages reads this store.
 */
export async function addNote(deps: CoreDeps, asked: Actor, brandId: string, conversationId: string, text: string): Promise<Note> {
  const actor = await actAsBrand(deps, asked, brandId, 'notes.write')
  if (text.trim() === '') throw new AppError('MESSAGE_EMPTY')
  await requireInboxRow(deps, brandId, conversationId)
  const handles = new Set(extractEntities(text).mentions.map((m) => m.handle.toLowerCase()))
  const members = handles.size ? await deps.storage.reads.brands.members(brandId) : []
  const accounts = members.length ? await deps.storage.reads.accounts.byIds(members.map((m) => m.accountId)) : []
  const mentions = accounts.filter((a) => handles.has(a.handle.toLowerCase())).map((a) => a.id)
  const note = await deps.storage.transaction(async (tx) => {
    const written = await appendNote(deps, tx, { brandId, conversationId, authorId: actor.userId, text, mentions })
    for (const mentioned of mentions.filter((id) => id !== actor.userId)) {
      await queuePush(deps, tx, { kind: 'note.mentioned', brandId, conversationId, recipientId: mentioned, actorId: actor.userId, preview: text })
    }
    return written
  })
  return presentNote(note)
}

/** The words a search looks for: letters and digits, folded to NFKC, at most `searchWords` of them. */
export function searchWords(q: string): string[] {
  return (q.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, inboxLimits.searchWords)
}

/** A snippet with U+0002 … U+0003 around each match, as plain text and the matches' code-point ranges. */
export function highlighted(marked: string): { snippet: string; highlights: Array<{ start: number; end: number }> } {
  let snippet = ''
  let length = 0
  let start = -1
  const highlights: Array<{ start: number; end: number }> = []
  for (const char of marked) {
    if (char === '\u0002') { start = length; continue }
    if (char === '\u0003') { if (start >= 0 && length > start) highlights.push({ start, end: length }); start = -1; continue }
    snippet += char
    length++
  }
  return { snippet, highlights }
}

/**
 * Searches the brand's conversations (the messages it may see) and its private notes, for the
 * team only: every word, the last one as a prefix; newest first.
 */
export async function searchInbox(
  deps: CoreDeps, asked: Actor, brandId: string,
  query: { q: string; assigneeId?: string; source?: string; kind?: CustomerKind; label?: string; limit?: number },
): Promise<{ hits: SearchHit[] }> {
  await actAsBrand(deps, asked, brandId, 'inbox.read')
  const words = searchWords(query.q)
  if (words.length === 0) return { hits: [] }
  const limit = query.limit ?? inboxLimits.searchHits
  const found = await deps.storage.reads.inbox.search({
    brandId, words, limit,
    ...(query.assigneeId !== undefined ? { assigneeId: query.assigneeId } : {}),
    ...(query.source !== undefined ? { source: query.source } : {}),
    ...(query.kind !== undefined ? { kind: query.kind } : {}),
    ...(query.label !== undefined ? { label: query.label } : {}),
  })
  const newest = found.sort((a, b) => b.createdAtMs - a.createdAtMs || (a.id < b.id ? 1 : -1)).slice(0, limit)
  return {
    hits: newest.map((hit) => ({
      kind: hit.kind, id: hit.id, conversationId: hit.conversationId, seq: hit.seq, authorId: hit.authorId,
      createdAt: new Date(hit.createdAtMs).toISOString(), ...highlighted(hit.snippet),
    })),
  }
}

/** Ends the snoozes whose time has come: each conversation opens again, with a line in its timeline. Returns how many. */
export async function wakeSnoozes(deps: CoreDeps, batch = 100): Promise<number> {
  const due = await deps.storage.reads.inbox.snoozesDue(deps.clock.now(), batch)
  for (const row of due) {
    await deps.storage.transaction(async (tx) => {
      const fresh = await tx.inbox.get(row.brandId, row.conversationId)
      if (fresh?.status !== 'snoozed' || fresh.snoozedUntilMs === null || fresh.snoozedUntilMs > deps.clock.now()) return
      await appendNote(deps, tx, { brandId: row.brandId, conversationId: row.conversationId, authorId: null, activity: { action: 'status.changed', status: 'open', reason: 'snooze.ended' } })
      await saveInboxState(deps, tx, fresh, { status: 'open', snoozedUntilMs: null })
    })
  }
  return due.length
}
