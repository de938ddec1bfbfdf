import { brandMay, inboxLimits, type InboxActivity, type InboxState, type Note } from '@parloir/protocol'
import { emit, iso, type CoreDeps } from '../context.ts'
import { surveyRating } from './survey-rating.ts'
import { queuePush } from '../push/push.ts'
import { countReplyTime } from './reply-times.ts'
import type { AccountRecord, ConversationRecord, InboxMemberRecord, InboxRecord, MessageRecord, NoteRecord, StorageTx } from '../ports/storage.ts'

/**
 * The team's state of brand conversations, kept in step with what happens in them. Each brand
 * side of a conversation has a row from the moment the conversation is made; the rows change
 * with each message in the transaction that writes it (messages/append.ts), so a view never
 * disagrees with the thread. Everything here goes to the brand's team only (audience: the
 * brand's account, whose team members' streams listen for it), never to the customer.
 */

export function presentInboxState(record: InboxRecord): InboxState {
  return {
    brandId: record.brandId,
    conversationId: record.conversationId,
    status: record.status,
    snoozedUntil: record.snoozedUntilMs === null ? null : iso(record.snoozedUntilMs),
    assigneeId: record.assigneeId,
    customerId: record.customerId,
    customerKind: record.customerKind,
    source: record.source,
    waitingSince: record.waitingSinceMs === null ? null : iso(record.waitingSinceMs),
    lastCustomerMessageAt: record.lastCustomerAtMs === null ? null : iso(record.lastCustomerAtMs),
    lastAnsweredAt: record.lastAnsweredAtMs === null ? null : iso(record.lastAnsweredAtMs),
    lastAnsweredBy: record.lastAnsweredBy,
    labelIds: record.labelIds,
    updatedAt: iso(record.updatedAtMs),
  }
}

export function presentNote(note: NoteRecord): Note {
  return {
    id: note.id, brandId: note.brandId, conversationId: note.conversationId, kind: note.kind, authorId: note.authorId,
    text: note.text, mentions: note.mentions, activity: note.activity, createdAt: iso(note.createdAtMs),
  }
}

/** Writes a changed row and tells the brand's team (labels are written by the labels store: pass them in `before`). */
export async function saveInboxState(deps: CoreDeps, tx: StorageTx, before: InboxRecord, patch: Partial<Omit<InboxRecord, 'labelIds'>>): Promise<InboxRecord> {
  const after: InboxRecord = { ...before, ...patch, updatedAtMs: deps.clock.now() }
  await tx.inbox.update(before.brandId, before.conversationId, { ...patch, updatedAtMs: after.updatedAtMs })
  await emit(deps, tx, { name: 'inbox.updated', data: { state: presentInboxState(after) }, accountId: before.brandId }, [before.brandId])
  return after
}

/** Adds a line to the team's private timeline of a conversation and tells the team. */
export async function appendNote(
  deps: CoreDeps, tx: StorageTx,
  line: { brandId: string; conversationId: string; authorId: string | null; text?: string; mentions?: string[]; activity?: InboxActivity },
): Promise<NoteRecord> {
  const note: NoteRecord = {
    id: deps.ids.next(), brandId: line.brandId, conversationId: line.conversationId, kind: line.activity ? 'activity' : 'note',
    authorId: line.authorId, text: line.text ?? '', mentions: line.mentions ?? [], activity: line.activity ?? null, createdAtMs: deps.clock.now(),
  }
  await tx.inbox.insertNote(note)
  await emit(deps, tx, { name: 'note.created', data: { note: presentNote(note) }, accountId: line.brandId }, [line.brandId])
  return note
}

/**
 * Gives each brand among a new conversation's participants its row in the team inbox. `accounts`
 * are all the participants; in a 1:1 the customer is the other one.
 */
export async function joinInbox(deps: CoreDeps, tx: StorageTx, conversation: ConversationRecord, accounts: readonly AccountRecord[]): Promise<void> {
  const now = deps.clock.now()
  for (const brand of accounts.filter((a) => a.kind === 'brand')) {
    const other = conversation.kind === 'direct' ? accounts.find((a) => a.id !== brand.id) : undefined
    await tx.inbox.insert({
      brandId: brand.id, conversationId: conversation.id, customerId: other?.id ?? null,
      customerKind: conversation.kind === 'group' ? 'group' : other?.kind ?? 'person', source: conversation.source,
      status: 'open', snoozedUntilMs: null, assigneeId: null, waitingSinceMs: null, lastCustomerSeq: 0, lastCustomerAtMs: null,
      lastAnsweredAtMs: null, lastAnsweredBy: null, customerActiveAtMs: 0, readBaselineSeq: conversation.lastSeq, labelIds: [], createdAtMs: now, updatedAtMs: now,
    })
  }
}

/**
 * What a message changes for each brand side of its conversation:
 * - from the customer (anyone but the brand): they wait from now unless they already did, and a
 *   pending, snoozed or resolved conversation opens again;
 * - from a person of the team: nothing waits any more, and an unassigned conversation is now the
 *   replier's;
 * - automatic messages (welcome, away, keyword) and system lines change nothing: they are never
 *   an answer.
 */
export async function recordInInbox(deps: CoreDeps, tx: StorageTx, message: MessageRecord): Promise<void> {
  if (message.kind !== 'text') return
  const sides = await tx.inbox.forConversation(message.conversationId)
  for (const side of sides) {
    const now = message.createdAtMs
    if (message.senderId === side.brandId) {
      if (message.automation !== null) {
        if (side.customerActiveAtMs === 0) await saveInboxState(deps, tx, side, { customerActiveAtMs: now })
        continue
      }
      const patch: Partial<InboxRecord> = { waitingSinceMs: null, lastAnsweredAtMs: now, lastAnsweredBy: message.sentBy }
      // The answer ends a wait: how long it took is what "usually answers within" is made of.
      if (side.waitingSinceMs !== null) await countReplyTime(tx, side.brandId, side.waitingSinceMs, now)
      if (side.customerActiveAtMs === 0) patch.customerActiveAtMs = now
      const replier = message.sentBy
      if (side.assigneeId === null && replier !== null) {
        patch.assigneeId = replier
        await appendNote(deps, tx, { brandId: side.brandId, conversationId: side.conversationId, authorId: null, activity: { action: 'assignee.changed', assigneeId: replier, reason: 'answered' } })
      }
      await saveInboxState(deps, tx, side, patch)
      continue
    }
    if (side.status === 'resolved' && (await answeredSurvey(deps, tx, side, message))) continue
    const patch: Partial<InboxRecord> = {
      lastCustomerSeq: message.seq, lastCustomerAtMs: now, customerActiveAtMs: now, waitingSinceMs: side.waitingSinceMs ?? now,
    }
    if (side.status !== 'open') {
      patch.status = 'open'
      patch.snoozedUntilMs = null
      await appendNote(deps, tx, { brandId: side.brandId, conversationId: side.conversationId, authorId: null, activity: { action: 'status.changed', status: 'open', reason: 'customer.wrote' } })
    }
    if (side.assigneeId === null) Object.assign(patch, await assignByRoundRobin(deps, tx, side, now))
    await saveInboxState(deps, tx, side, patch)
    // The customer's first message brings an unassigned conversation into the Unassigned view: the team is told
    // (not when round robin just gave it to someone).
    if (side.lastCustomerSeq === 0 && (patch.assigneeId ?? side.assigneeId) === null) {
      await queuePush(deps, tx, { kind: 'conversation.new', brandId: side.brandId, conversationId: side.conversationId, preview: message.text })
    }
  }
}

/**
 * A customer answering the satisfaction survey of a resolved conversation: the rating (their
 * quick reply to the survey), then their next message within a day as a comment. Either is
 * recorded, told to the team in the timeline, and leaves the conversation resolved; anything
 * after that is a new message and opens it again.
 */
async function answeredSurvey(deps: CoreDeps, tx: StorageTx, side: InboxRecord, message: MessageRecord): Promise<boolean> {
  const survey = (await tx.inbox.surveys(side.brandId, side.conversationId)).at(-1)
  if (!survey) return false
  const now = message.createdAtMs
  const rating = survey.rating === null && message.quickReplyResponse?.messageId === survey.messageId
    ? surveyRating(message.quickReplyResponse.metadata) : null
  const comment = survey.rating !== null && survey.ratedAtMs !== null && survey.comment === null && message.quickReplyResponse === null &&
    message.text.trim() !== '' && now - survey.ratedAtMs <= inboxLimits.surveyCommentWindowMs ? message.text : null
  if (rating === null && comment === null) return false
  await tx.inbox.updateSurvey(survey.id, rating !== null ? { rating, ratedAtMs: now } : { comment })
  await appendNote(deps, tx, {
    brandId: side.brandId, conversationId: side.conversationId, authorId: null,
    activity: { action: 'survey.answered', rating: rating ?? survey.rating ?? 0, ...(comment !== null ? { comment } : {}) },
  })
  await saveInboxState(deps, tx, side, { lastCustomerSeq: message.seq, lastCustomerAtMs: now })
  return true
}

/** A member's availability and capacity, or the defaults when they never set one. */
export function memberState(brandId: string, memberId: string, known: readonly InboxMemberRecord[]): InboxMemberRecord {
  return known.find((m) => m.memberId === memberId) ?? { brandId, memberId, availability: 'online', capacity: inboxLimits.capacityDefault, lastAssignedAtMs: null }
}

/**
 * Whether a member is given conversations, and counts as on the ones they hold: online as they
 * set it, and there, by their presence lease (see assignment.ts, keepPresent).
 */
export function isAvailable(member: InboxMemberRecord, leases: ReadonlyMap<string, number | null>, nowMs: number): boolean {
  const until = leases.get(member.memberId)
  return member.availability === 'online' && until !== undefined && until !== null && until > nowMs
}

/**
 * Round robin's choice: the member who may answer, is available, is under their capacity of open
 * conversations, and was given one longest ago (a fair queue, not the fastest clicker). Records
 * that they were given one now.
 */
async function nextInTurn(tx: StorageTx, brandId: string, nowMs: number): Promise<string | undefined> {
  const team = (await tx.brands.members(brandId)).filter((m) => brandMay(m.role, 'messages.send'))
  const ids = team.map((m) => m.accountId)
  const known = await tx.inbox.members(brandId)
  const load = await tx.inbox.openAssigned(brandId, ids)
  const leases = await tx.inbox.presence(ids)
  const chosen = team.map((m) => memberState(brandId, m.accountId, known))
    .filter((m) => isAvailable(m, leases, nowMs) && (load.get(m.memberId) ?? 0) < m.capacity)
    .sort((a, b) => (a.lastAssignedAtMs ?? -1) - (b.lastAssignedAtMs ?? -1) || (a.memberId < b.memberId ? -1 : 1))[0]
  if (!chosen) return undefined
  await tx.inbox.setMember({ ...chosen, lastAssignedAtMs: nowMs })
  return chosen.memberId
}

/**
 * Round robin, when the brand turned it on: an unassigned conversation the customer writes in
 * goes to the next member in turn. Nobody fits: it waits unassigned, until the customer writes
 * again or someone has room (fillCapacity).
 */
async function assignByRoundRobin(deps: CoreDeps, tx: StorageTx, side: InboxRecord, nowMs: number): Promise<Partial<InboxRecord>> {
  const settings = await tx.inbox.settings(side.brandId)
  if (!settings?.assignment.roundRobin) return {}
  const chosen = await nextInTurn(tx, side.brandId, nowMs)
  if (chosen === undefined) return {}
  await appendNote(deps, tx, { brandId: side.brandId, conversationId: side.conversationId, authorId: null, activity: { action: 'assignee.changed', assigneeId: chosen, reason: 'round.robin' } })
  return { assigneeId: chosen }
}

/**
 * With round robin on, a waiting conversation does not stay unassigned while someone available
 * has room. Called wherever room may have been made (a member's conversation is no longer open or
 * no longer theirs, they come online or back, their capacity grows): the customers who waited
 * longest are given out first, in turn, until nobody has room (at most `inboxLimits.fillBatch`
 * at a time; the next change gives out more).
 */
export async function fillCapacity(deps: CoreDeps, tx: StorageTx, brandId: string): Promise<void> {
  const settings = await tx.inbox.settings(brandId)
  if (!settings?.assignment.roundRobin) return
  const now = deps.clock.now()
  for (const row of await tx.inbox.unassignedWaiting(brandId, inboxLimits.fillBatch)) {
    const chosen = await nextInTurn(tx, brandId, now)
    if (chosen === undefined) return
    await appendNote(deps, tx, { brandId, conversationId: row.conversationId, authorId: null, activity: { action: 'assignee.changed', assigneeId: chosen, reason: 'round.robin' } })
    await saveInboxState(deps, tx, row, { assigneeId: chosen })
  }
}

/**
 * Whether a person of the brand's team is on the conversation, so automatic replies keep quiet:
 * someone answered within `quietMs`, or it is assigned to a member who is available (online and there).
 */
export async function teamIsOnIt(deps: CoreDeps, tx: StorageTx, brandId: string, conversationId: string, quietMs: number): Promise<boolean> {
  const side = await tx.inbox.get(brandId, conversationId)
  if (!side) return false
  if (side.lastAnsweredAtMs !== null && side.lastAnsweredAtMs >= deps.clock.now() - quietMs) return true
  if (side.assigneeId === null) return false
  const leases = await tx.inbox.presence([side.assigneeId])
  return isAvailable(memberState(brandId, side.assigneeId, await tx.inbox.members(brandId)), leases, deps.clock.now())
}
