import type { InboxActivity, InboxState, Note } from '@parloir/protocol'
import { emit, iso, type CoreDeps } from '../context.ts'
import { queuePush } from '../push/push.ts'
import type { AccountRecord, ConversationRecord, InboxRecord, MessageRecord, NoteRecord, StorageTx } from '../ports/storage.ts'

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
    updatedAt: iso(record.updatedAtMs),
  }
}

export function presentNote(note: NoteRecord): Note {
  return {
    id: note.id, brandId: note.brandId, conversationId: note.conversationId, kind: note.kind, authorId: note.authorId,
    text: note.text, mentions: note.mentions, activity: note.activity, createdAt: iso(note.createdAtMs),
  }
}

/** Writes a changed row and tells the brand's team. */
export async function saveInboxState(deps: CoreDeps, tx: StorageTx, before: InboxRecord, patch: Partial<InboxRecord>): Promise<InboxRecord> {
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
      lastAnsweredAtMs: null, lastAnsweredBy: null, customerActiveAtMs: 0, readBaselineSeq: conversation.lastSeq, createdAtMs: now, updatedAtMs: now,
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
      if (side.customerActiveAtMs === 0) patch.customerActiveAtMs = now
      const replier = message.sentBy
      if (side.assigneeId === null && replier !== null) {
        patch.assigneeId = replier
        await appendNote(deps, tx, { brandId: side.brandId, conversationId: side.conversationId, authorId: null, activity: { action: 'assignee.changed', assigneeId: replier, reason: 'answered' } })
      }
      await saveInboxState(deps, tx, side, patch)
      continue
    }
    const patch: Partial<InboxRecord> = {
      lastCustomerSeq: message.seq, lastCustomerAtMs: now, customerActiveAtMs: now, waitingSinceMs: side.waitingSinceMs ?? now,
    }
    if (side.status !== 'open') {
      patch.status = 'open'
      patch.snoozedUntilMs = null
      await appendNote(deps, tx, { brandId: side.brandId, conversationId: side.conversationId, authorId: null, activity: { action: 'status.changed', status: 'open', reason: 'customer.wrote' } })
    }
    await saveInboxState(deps, tx, side, patch)
    // The customer's first message brings an unassigned conversation into the Unassigned view: the team is told.
    if (side.lastCustomerSeq === 0 && side.assigneeId === null) {
      await queuePush(deps, tx, { kind: 'conversation.new', brandId: side.brandId, conversationId: side.conversationId, preview: message.text })
    }
  }
}

/**
 * Whether a person of the brand's team is on the conversation, so automatic replies keep quiet:
 * someone answered within `quietMs`, or it is assigned to a member.
 */
export async function teamIsOnIt(deps: CoreDeps, tx: StorageTx, brandId: string, conversationId: string, quietMs: number): Promise<boolean> {
  const side = await tx.inbox.get(brandId, conversationId)
  if (!side) return false
  if (side.assigneeId !== null) return true
  return side.lastAnsweredAtMs !== null && side.lastAnsweredAtMs >= deps.clock.now() - quietMs
}
