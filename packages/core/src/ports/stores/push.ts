import type { PushKind } from '@parloir/protocol'

/** A browser's Web Push subscription, owned by one session of a person: logging out ends it. */
export interface PushSubscriptionRecord {
  id: string
  accountId: string
  sessionId: string
  endpoint: string
  /** base64url of the browser's P-256 public key. */
  p256dh: string
  /** base64url of the 16-byte authentication secret. */
  auth: string
  createdAtMs: number
}

/**
 * A push waiting to be sent, queued by core in the transaction of what it tells. Who receives it
 * and what it says are decided when it is sent (core/src/push/push.ts), with the roles then.
 */
export interface PendingPushRecord {
  id: string
  kind: PushKind
  brandId: string
  conversationId: string
  /** The one member told; null tells every member of the team who may answer. */
  recipientId: string | null
  /** Who caused it (never told of their own act); null for a customer or Parloir. */
  actorId: string | null
  /**
   * A few words of the customer's first message (conversation.new) or of the note (note.mentioned),
   * cut at the preview limit when queued: only ever pushed to members of the brand's team.
   */
  preview: string | null
  createdAtMs: number
}

/** Web Push subscriptions and the pushes waiting to be sent. */
export interface PushReads {
  /** The subscriptions of these accounts whose session is open (not revoked, not expired at nowMs). */
  subscriptionsOf(accountIds: readonly string[], nowMs: number): Promise<PushSubscriptionRecord[]>
  /** The subscription of a session, if it has one. */
  subscriptionOfSession(sessionId: string): Promise<PushSubscriptionRecord | undefined>
  /** Pending pushes, oldest first. */
  pending(limit: number): Promise<PendingPushRecord[]>
}

export interface PushWrites extends PushReads {
  /** Sets a session's subscription, replacing the one it had and any other holding the same endpoint (the browser moved to this session). */
  saveSubscription(record: PushSubscriptionRecord): Promise<void>
  /** Removes a session's subscription; nothing when it has none. */
  removeSessionSubscription(sessionId: string): Promise<void>
  /** Removes a subscription (its push service said it is gone). */
  removeSubscription(id: string): Promise<void>
  /** Queues a push. */
  queue(push: PendingPushRecord): Promise<void>
  /** Takes a pending push off the queue; false when another worker took it first. */
  take(id: string): Promise<boolean>
}
