import { AppError, type Message } from '@parloir/protocol'
import type { MessageRecord } from '../ports/storage.ts'
import { emit, type Actor, type CoreDeps } from '../context.ts'
import { recordMemberRead } from '../team-inbox/team-inbox.ts'
import { authorize } from '../authorization/authorize.ts'
import { presentMessage, presentMessages, withModeration } from '../presenters.ts'
import { requireMembership } from '../conversations/access.ts'
import type { Throttle } from '../throttle.ts'
import { writeEphemeralOutbox } from '../webhooks/outbox.ts'

export async function listMessages(
  deps: CoreDeps,
  actor: Actor,
  conversationId: string,
  query: { beforeSeq?: number; afterSeq?: number; limit?: number },
): Promise<{ messages: Message[]; hasMore: boolean }> {
  await authorize(deps, actor, 'conversations.read')
  const reads = deps.storage.reads
  const { me } = await requireMembership(reads, conversationId, actor.accountId)
  const limit = query.limit ?? deps.limits.pageSize
  const records = await reads.messages.list(conversationId, actor.accountId, {
    ...(query.beforeSeq !== undefined ? { beforeSeq: query.beforeSeq } : {}),
    ...(query.afterSeq !== undefined ? { afterSeq: query.afterSeq } : {}),
    visibleFromSeq: me.visibleFromSeq,
    limit: limit + 1,
  })
  const hasMore = records.length > limit
  const page = hasMore ? (query.afterSeq !== undefined ? records.slice(0, limit) : records.slice(1)) : records
  return { messages: await withModeration(reads, actor.accountId, page, withAuthors(actor, page, await presentMessages(reads, page))), hasMore }
}

/**
 * Who of the brand's team wrote each brand message, for a member of that team only: the customer
 * (and anyone acting as themself) sees the brand, never the person behind it.
 */
export function authored(actor: Actor, record: MessageRecord, message: Message): Message {
  return actor.role !== 'self' && record.senderId === actor.accountId && record.sentBy !== null ? { ...message, author: record.sentBy } : message
}

/** `authored` for a page: `records[i]` is what `messages[i]` presents. */
function withAuthors(actor: Actor, records: readonly MessageRecord[], messages: Message[]): Message[] {
  if (actor.role === 'self') return messages
  return messages.map((message, i) => {
    const record = records[i]
    return record ? authored(actor, record, message) : message
  })
}

async function requireMessage(deps: CoreDeps, actor: Actor, conversationId: string, messageId: string) {
  const membership = await requireMembership(deps.storage.reads, conversationId, actor.accountId)
  const message = await deps.storage.reads.messages.byId(messageId)
  if (!message || message.conversationId !== conversationId || message.seq <= membership.me.visibleFromSeq) throw new AppError('MESSAGE_NOT_FOUND')
  return { ...membership, message }
}

/**
 * Unsends my message for everyone within the window: its text, buttons and attachment bytes
 * are erased, and a trace ("message unsent") keeps its place.
 */
export async function unsendMessage(deps: CoreDeps, actor: Actor, conversationId: string, messageId: string): Promise<Message> {
  await authorize(deps, actor, 'messages.unsend')
  const { message, participants } = await requireMessage(deps, actor, conversationId, messageId)
  if (message.senderId !== actor.accountId || message.kind !== 'text') throw new AppError('NOT_MESSAGE_SENDER')
  if (message.unsentAtMs !== null) throw new AppError('MESSAGE_ALREADY_UNSENT')
  const now = deps.clock.now()
  if (now - message.createdAtMs > deps.limits.unsendWindowMs) throw new AppError('UNSEND_WINDOW_EXPIRED', { windowMs: deps.limits.unsendWindowMs })
  const media = message.attachmentMediaId ? await deps.storage.reads.media.byId(message.attachmentMediaId) : undefined
  await deps.storage.transaction(async (tx) => {
    await tx.messages.unsend(messageId, now)
    if (media) await tx.media.delete(media.id)
    await emit(deps, tx, {
      name: 'message.unsent', data: { conversationId, messageId, seq: message.seq, unsentAt: new Date(now).toISOString() }, conversationId,
    }, participants.map((p) => p.accountId))
    if (media) {
      tx.afterCommit(() => {
        for (const key of [media.storageKey, media.thumbnailKey]) {
          if (key) deps.mediaStore.remove(key).catch((error: unknown) => deps.logger.error({ err: error, mediaId: media.id }, 'could not remove unsent media'))
        }
      })
    }
  })
  const updated = await deps.storage.reads.messages.byId(messageId)
  if (!updated) throw new AppError('MESSAGE_NOT_FOUND')
  return presentMessage(updated, new Map())
}

/** Deletes a message for me only (for a brand, for its whole team); my other sessions hear of it. */
export async function hideMessage(deps: CoreDeps, actor: Actor, conversationId: string, messageId: string): Promise<void> {
  await authorize(deps, actor, 'messages.hide')
  await requireMessage(deps, actor, conversationId, messageId)
  await deps.storage.transaction(async (tx) => {
    await tx.messages.hide(actor.accountId, messageId)
    await emit(deps, tx, { name: 'message.hidden', data: { conversationId, messageId }, accountId: actor.accountId }, [actor.accountId])
  })
}

/**
 * Marks the conversation read up to `seq`. Others see it only when reader and viewer both
 * send read receipts (a person who turns them off sees none either).
 */
export async function markRead(deps: CoreDeps, actor: Actor, conversationId: string, seq: number): Promise<void> {
  // A brand's read shows "Seen" to the customer in the brand's name: viewers may not.
  await authorize(deps, actor, 'conversations.markRead')
  const { conversation, participants, me } = await requireMembership(deps.storage.reads, conversationId, actor.accountId)
  const upTo = Math.min(seq, conversation.lastSeq)
  // A member of the team reading as the brand moves their own read position, which is what their
  // inbox counts; the brand's (the customer's "Seen") moves too: someone of the team opened it.
  if (actor.role !== 'self') await recordMemberRead(deps, actor, conversationId, upTo)
  if (upTo <= me.lastReadSeq) return
  const reader = await deps.storage.reads.accounts.byId(actor.accountId)
  const shared = reader?.settings.sendReadReceipts ?? false
  await deps.storage.transaction(async (tx) => {
    const current = await tx.participants.get(conversationId, actor.accountId)
    if (!current || upTo <= current.lastReadSeq) return
    await tx.participants.update(conversationId, actor.accountId, { lastReadSeq: upTo })
    await emit(deps, tx, {
      name: 'conversation.read', data: { conversationId, accountId: actor.accountId, seq: upTo }, conversationId,
      receipt: { readerId: actor.accountId, shared },
    }, participants.map((p) => p.accountId))
  })
}

/** Tells the others I am typing; ephemeral, at most once per throttle window. */
export async function startTyping(deps: CoreDeps, actor: Actor, conversationId: string, throttle: Throttle): Promise<void> {
  await authorize(deps, actor, 'conversations.type')
  const { participants } = await requireMembership(deps.storage.reads, conversationId, actor.accountId)
  const waitMs = throttle.take(`${actor.accountId}:${conversationId}`)
  if (waitMs > 0) throw new AppError('RATE_LIMITED', { retryAfterMs: waitMs })
  deps.fanout.publish({
    type: 'event',
    event: {
      name: 'typing.started',
      data: { conversationId, accountId: actor.accountId, expiresInMs: deps.limits.typingExpiresMs },
      accountIds: participants.map((p) => p.accountId).filter((id) => id !== actor.accountId),
    },
  })
  await writeEphemeralOutbox(deps, {
    name: 'typing.started', data: { conversationId, accountId: actor.accountId, expiresInMs: deps.limits.typingExpiresMs },
    conversationId, accountId: null, receipt: null,
  }, participants.map((p) => p.accountId).filter((id) => id !== actor.accountId))
  // The customer sees the brand typing; the team sees which of them it is.
  if (actor.role !== 'self') {
    deps.fanout.publish({
      type: 'event',
      event: { name: 'inbox.typing', data: { brandId: actor.accountId, conversationId, memberId: actor.userId, expiresInMs: deps.limits.typingExpiresMs }, accountIds: [actor.accountId] },
    })
  }
}
