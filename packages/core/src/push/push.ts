import { AppError, brandMay, conversationAsBrandPath, pushLimits, type PushKind, type PushPayload, type PushSubscriptionInput } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import type { PendingPushRecord, StorageTx } from '../ports/storage.ts'

/**
 * Web Push for the people of a brand's team. A session holds at most one subscription (its
 * browser's); what happens in the inbox queues a push in the transaction that made it happen
 * (`queuePush`), and the server's push worker sends it to the members `pushesFor` names, with the
 * roles they have then. Customers are never told anything here: only members of the brand's team
 * receive these pushes, and only they may see a note's preview.
 */

/** Decodes base64url (padding allowed) without Node's Buffer, which core does not rely on. */
function base64UrlBytes(value: string): number {
  const bare = value.replace(/=+$/, '')
  if (!/^[A-Za-z0-9_-]*$/.test(bare) || bare.length % 4 === 1) return -1
  return Math.floor((bare.length * 3) / 4)
}

/** The first byte of an uncompressed P-256 point, checked without decoding the rest. */
const uncompressedPoint = (p256dh: string) => p256dh.startsWith('B')

/**
 * Sets the subscription of the asking session (the server has vetted the endpoint with its
 * outbound guard). A person's own: it is theirs whatever brand they act for.
 */
export async function savePushSubscription(deps: CoreDeps, actor: Actor, input: PushSubscriptionInput): Promise<void> {
  if (actor.appId !== undefined) throw new AppError('PUSH_NEEDS_SESSION')
  if (base64UrlBytes(input.keys.p256dh) !== 65 || !uncompressedPoint(input.keys.p256dh)) {
    throw new AppError('PUSH_SUBSCRIPTION_INVALID', { field: 'keys.p256dh', reason: 'not an uncompressed P-256 public key (65 bytes)' })
  }
  if (base64UrlBytes(input.keys.auth) !== 16) throw new AppError('PUSH_SUBSCRIPTION_INVALID', { field: 'keys.auth', reason: 'not 16 bytes' })
  await deps.storage.transaction((tx) => tx.push.saveSubscription({
    id: deps.ids.next(), accountId: actor.userId, sessionId: actor.sessionId, endpoint: input.endpoint,
    p256dh: input.keys.p256dh, auth: input.keys.auth, createdAtMs: deps.clock.now(),
  }))
}

/** Removes the asking session's subscription, if it has one. */
export async function deletePushSubscription(deps: CoreDeps, actor: Actor): Promise<void> {
  if (actor.appId !== undefined) throw new AppError('PUSH_NEEDS_SESSION')
  await deps.storage.transaction((tx) => tx.push.removeSessionSubscription(actor.sessionId))
}

/** Cuts a preview to its limit, on a code point, with an ellipsis when it was longer. */
export function pushPreview(text: string, maxChars: number): string {
  const points = [...text.replace(/\s+/g, ' ').trim()]
  return points.length <= maxChars ? points.join('') : `${points.slice(0, maxChars - 1).join('')}…`
}

/** Queues a push in the caller's transaction: it is sent only if that transaction commits. */
export async function queuePush(
  deps: CoreDeps, tx: StorageTx,
  push: { kind: PushKind; brandId: string; conversationId: string; recipientId?: string; actorId?: string | null; preview?: string },
): Promise<void> {
  const limit = push.kind === 'note.mentioned' ? pushLimits.notePreviewChars : pushLimits.messagePreviewChars
  await tx.push.queue({
    id: deps.ids.next(), kind: push.kind, brandId: push.brandId, conversationId: push.conversationId,
    recipientId: push.recipientId ?? null, actorId: push.actorId ?? null,
    preview: push.preview === undefined || push.preview.trim() === '' ? null : pushPreview(push.preview, limit),
    createdAtMs: deps.clock.now(),
  })
}

/**
 * Who a pending push goes to and what it tells each: for a new conversation, every member of the
 * team who may answer; for an assignment or a mention, that member, if they are still in the team
 * (and may answer, for an assignment). Never the member who caused it.
 */
export async function pushesFor(deps: CoreDeps, push: PendingPushRecord): Promise<Array<{ accountId: string; payload: PushPayload }>> {
  const reads = deps.storage.reads
  const members = await reads.brands.members(push.brandId)
  const needed = push.kind === 'note.mentioned' ? 'inbox.read' : 'messages.send'
  const allowed = members.filter((m) => brandMay(m.role, needed)).map((m) => m.accountId)
  const recipients = (push.recipientId === null ? allowed : allowed.filter((id) => id === push.recipientId)).filter((id) => id !== push.actorId)
  if (recipients.length === 0) return []
  const inbox = await reads.inbox.get(push.brandId, push.conversationId)
  const named = await reads.accounts.byIds([push.brandId, ...(push.actorId ? [push.actorId] : []), ...(inbox?.customerId ? [inbox.customerId] : [])])
  const nameOf = (id: string | null | undefined) => named.find((a) => a.id === id)
  const brand = nameOf(push.brandId)?.displayName ?? 'Parloir'
  const customerAccount = nameOf(inbox?.customerId)
  const customer = inbox?.customerKind === 'group' ? 'a group' : customerAccount?.kind === 'visitor' ? 'a visitor' : customerAccount?.displayName ?? 'a customer'
  const actor = nameOf(push.actorId)?.displayName ?? 'Someone'
  const told = {
    'conversation.new': { title: `${brand}: new conversation`, body: push.preview ? `${customer}: ${push.preview}` : `${customer} wrote` },
    'conversation.assigned': { title: `${brand}: assigned to you`, body: `${actor} assigned you the conversation with ${customer}` },
    'note.mentioned': { title: `${brand}: ${actor} mentioned you`, body: push.preview ?? `In the conversation with ${customer}` },
  }[push.kind]
  const payload: PushPayload = {
    kind: push.kind, brandId: push.brandId, conversationId: push.conversationId, ...told,
    url: conversationAsBrandPath(push.conversationId, push.brandId), tag: `${push.kind}:${push.conversationId}`,
  }
  return recipients.map((accountId) => ({ accountId, payload }))
}
