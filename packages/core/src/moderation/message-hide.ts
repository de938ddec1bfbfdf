import { AppError, type Message } from '@parloir/protocol'
import { emit, type Actor, type CoreDeps } from '../context.ts'
import { authorize } from '../authorization/authorize.ts'
import { requireMembership } from '../conversations/access.ts'
import type { MessageModerationRecord, MessageRecord, StorageTx } from '../ports/storage.ts'
import { moderatedFor, presentMessage, presentModeration } from '../presenters.ts'
import { appendNote, saveInboxState } from '../team-inbox/inbox-state.ts'
import { latestUnreversed, recordAudit, requireReason } from './audit-log.ts'

/**
 * Hide, never destroy: the brand's team hides a customer's message with a reason. Its author
 * still reads it, with "hidden by the team: <reason>", and may ask for a review (which opens the
 * conversation in the team inbox); the team reads it too; anyone else in the conversation sees
 * only that it was hidden, and why. Showing it again needs a reason as well; all of it is in the
 * audit log.
 */

async function requireCustomerMessage(deps: CoreDeps, actor: Actor, conversationId: string, messageId: string) {
  const membership = await requireMembership(deps.storage.reads, conversationId, actor.accountId)
  const message = await deps.storage.reads.messages.byId(messageId)
  if (!message || message.conversationId !== conversationId || message.seq <= membership.me.visibleFromSeq) throw new AppError('MESSAGE_NOT_FOUND')
  if (message.kind !== 'text' || message.senderId === actor.accountId) throw new AppError('NOT_A_CUSTOMER_MESSAGE')
  return { ...membership, message }
}

async function tellEveryone(deps: CoreDeps, tx: StorageTx, message: MessageRecord, participantIds: string[], hide: MessageModerationRecord | null): Promise<void> {
  await emit(deps, tx, {
    name: 'message.moderated', data: { conversationId: message.conversationId, messageId: message.id, moderation: hide && presentModeration(hide) }, conversationId: message.conversationId,
  }, participantIds)
}

async function brandActor(deps: CoreDeps, actor: Actor): Promise<Actor> {
  // A person acting as themself hides only for themself (hideMessage); moderation is a brand's.
  if (actor.role === 'self') throw new AppError('NOT_A_CUSTOMER_MESSAGE')
  return authorize(deps, actor, 'messages.moderate')
}

export async function hideCustomerMessage(deps: CoreDeps, asked: Actor, conversationId: string, messageId: string, reasonGiven: string | undefined): Promise<Message> {
  const actor = await brandActor(deps, asked)
  const reason = requireReason(reasonGiven)
  const { message, participants } = await requireCustomerMessage(deps, actor, conversationId, messageId)
  const hide: MessageModerationRecord = { messageId, brandId: actor.accountId, conversationId, reason, hiddenAtMs: deps.clock.now(), reviewRequestedAtMs: null }
  await deps.storage.transaction(async (tx) => {
    if ((await tx.moderation.hiddenMessages([messageId])).length) throw new AppError('MESSAGE_ALREADY_HIDDEN')
    await tx.moderation.hideMessage(hide)
    await recordAudit(deps, tx, { brandId: actor.accountId, actorId: actor.userId, action: 'message.hidden', subject: { kind: 'message', id: messageId }, personId: message.senderId, reason })
    await tellEveryone(deps, tx, message, participants.map((p) => p.accountId), hide)
  })
  return moderatedFor(actor.accountId, message, await presented(deps, message), hide)
}

export async function unhideCustomerMessage(deps: CoreDeps, asked: Actor, conversationId: string, messageId: string, reasonGiven: string | undefined): Promise<Message> {
  const actor = await brandActor(deps, asked)
  const reason = requireReason(reasonGiven)
  const { message, participants } = await requireCustomerMessage(deps, actor, conversationId, messageId)
  await deps.storage.transaction(async (tx) => {
    const [hide] = await tx.moderation.hiddenMessages([messageId])
    if (!hide || hide.brandId !== actor.accountId) throw new AppError('MESSAGE_NOT_HIDDEN')
    await tx.moderation.unhideMessage(messageId)
    const hidden = await latestUnreversed(tx, actor.accountId, 'message.hidden', { kind: 'message', id: messageId })
    await recordAudit(deps, tx, {
      brandId: actor.accountId, actorId: actor.userId, action: 'message.unhidden', subject: { kind: 'message', id: messageId }, personId: message.senderId, reason, reverses: hidden?.id ?? null,
    })
    await tellEveryone(deps, tx, message, participants.map((p) => p.accountId), null)
  })
  return presented(deps, message)
}

/**
 * The author of a hidden message asks the team to look again, once per hide: the request is in
 * the audit log, and the conversation opens in the team inbox with a line in its timeline.
 */
export async function requestMessageReview(deps: CoreDeps, actor: Actor, conversationId: string, messageId: string, text: string | undefined): Promise<void> {
  const { message, participants } = await requireMembership(deps.storage.reads, conversationId, actor.accountId)
    .then(async (m) => ({ ...m, message: await deps.storage.reads.messages.byId(messageId) }))
  if (!message || message.conversationId !== conversationId) throw new AppError('MESSAGE_NOT_FOUND')
  if (message.senderId !== actor.accountId) throw new AppError('NOT_MESSAGE_SENDER')
  const now = deps.clock.now()
  await deps.storage.transaction(async (tx) => {
    const [hide] = await tx.moderation.hiddenMessages([messageId])
    if (!hide) throw new AppError('MESSAGE_NOT_HIDDEN')
    if (!(await tx.moderation.markReviewRequested(messageId, now))) throw new AppError('REVIEW_ALREADY_REQUESTED')
    const added = text?.trim() ?? ''
    await recordAudit(deps, tx, { brandId: hide.brandId, actorId: null, action: 'message.review.requested', subject: { kind: 'message', id: messageId }, personId: actor.accountId, reason: added })
    const row = await tx.inbox.get(hide.brandId, conversationId)
    if (row) {
      await appendNote(deps, tx, { brandId: hide.brandId, conversationId, authorId: null, activity: { action: 'review.requested', messageId, moderationReason: added } })
      if (row.status !== 'open') {
        await appendNote(deps, tx, { brandId: hide.brandId, conversationId, authorId: null, activity: { action: 'status.changed', status: 'open', reason: 'customer.wrote' } })
        await saveInboxState(deps, tx, row, { status: 'open', snoozedUntilMs: null, waitingSinceMs: row.waitingSinceMs ?? now })
      }
    }
    await tellEveryone(deps, tx, message, participants.map((p) => p.accountId), { ...hide, reviewRequestedAtMs: now })
  })
}

async function presented(deps: CoreDeps, message: MessageRecord): Promise<Message> {
  const media = message.attachmentMediaId ? await deps.storage.reads.media.byId(message.attachmentMediaId) : undefined
  return presentMessage(message, new Map(media ? [[media.id, media]] : []))
}
