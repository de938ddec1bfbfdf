/**
 * Webhooks as the domain sees them (packages/core/src/webhooks), and the store that keeps them
 * (packages/storage/src/webhooks.ts). Times are milliseconds since the Unix epoch.
 */

/** `account_activity`: Twitter's Account Activity API, CRC-checked, signed with the app's consumer secret. `native`: Standard Webhooks. */
export type WebhookKind = 'account_activity' | 'native'

export interface WebhookRecord {
  id: string
  kind: WebhookKind
  /** The developer app it belongs to; null for a brand's own native webhook. */
  appId: string | null
  /** The app's owner, or the brand (or person) whose webhook it is. */
  ownerAccountId: string
  /** Account Activity v1.1 environment label (`:env_name`); null for v2 and native webhooks. */
  envName: string | null
  url: string
  /** Account Activity: the last CRC passed. Native: true. Deliveries go only to valid webhooks. */
  valid: boolean
  /** Native: the `whsec_…` signing secret, sealed by the `Secrets` port. */
  secretSealed: string | null
  /** Native: the event names it wants; empty means every event a webhook may carry. */
  eventTypes: string[]
  createdBy: string
  createdAtMs: number
  crcCheckedAtMs: number | null
  /** `ok`, or why the last CRC failed (`timeout`, `status 500`, `bad response_token`…). */
  crcResult: string | null
  /** Set when deliveries stopped for good (410 Gone, retries exhausted, or deleted by its owner). */
  disabledAtMs: number | null
  disabledReason: string | null
}

/** A webhook receives the events of an account it is subscribed to (that the app may act for). */
export interface WebhookSubscriptionRecord {
  webhookId: string
  accountId: string
  createdBy: string
  createdAtMs: number
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed'

/**
 * One event for one subscribed account, on its way to one webhook: an outbox row written in the
 * same transaction as the event. `id` is stable across retries (receivers dedupe by it).
 */
export interface WebhookDeliveryRecord {
  id: string
  webhookId: string
  eventName: string
  /** The event-log cursor of the event it carries; null for ephemeral events (typing). */
  eventCursor: number | null
  /** The subscribed account the event is delivered for (`for_user_id`). */
  forAccountId: string
  /** The exact JSON text sent (and signed). */
  payload: string
  status: WebhookDeliveryStatus
  attempts: number
  /** When the next attempt is due (pending) or the lease of the attempt in flight ends. */
  nextAttemptAtMs: number
  lastAttemptAtMs: number | null
  lastStatusCode: number | null
  lastError: string | null
  lastDurationMs: number | null
  createdAtMs: number
  deliveredAtMs: number | null
}

/** Webhooks, the accounts they are subscribed to, and their delivery outbox. */
export interface WebhookReads {
  /** The webhook with this id, disabled or not. */
  byId(id: string): Promise<WebhookRecord | undefined>
  /** An app's webhooks, disabled ones included, oldest first. */
  ofApp(appId: string): Promise<WebhookRecord[]>
  /** Native webhooks an account owns without an app, disabled ones included, oldest first. */
  ofOwner(ownerAccountId: string): Promise<WebhookRecord[]>
  /** Webhooks that are neither disabled nor deleted, oldest first (for the periodic CRC). */
  active(): Promise<WebhookRecord[]>
  /** A webhook's subscriptions, oldest first. */
  subscriptions(webhookId: string): Promise<WebhookSubscriptionRecord[]>
  /**
   * Valid, enabled webhooks subscribed to any of these accounts, each with the subscribed
   * accounts among them. The outbox writer's one query per event.
   */
  forAccounts(accountIds: readonly string[]): Promise<Array<{ webhook: WebhookRecord; accountIds: string[] }>>
  /** The delivery with this id, or undefined. */
  deliveryById(id: string): Promise<WebhookDeliveryRecord | undefined>
  /** A webhook's deliveries, newest first, before a delivery id when given (the delivery log). */
  deliveries(webhookId: string, limit: number, beforeId?: string): Promise<WebhookDeliveryRecord[]>
  /**
   * The oldest pending delivery of each webhook that has one, when it is due at `nowMs`; at most
   * `limit`. One per webhook keeps each webhook's deliveries in order.
   */
  dueDeliveries(nowMs: number, limit: number): Promise<WebhookDeliveryRecord[]>
}

export interface WebhookWrites extends WebhookReads {
  /** Inserts a webhook. */
  insert(webhook: WebhookRecord): Promise<void>
  /** Changes the given fields of a webhook; the others stay. */
  update(id: string, patch: Partial<Pick<WebhookRecord, 'url' | 'valid' | 'crcCheckedAtMs' | 'crcResult' | 'disabledAtMs' | 'disabledReason' | 'eventTypes' | 'secretSealed'>>): Promise<void>
  /** Removes a webhook, its subscriptions and its deliveries. */
  delete(id: string): Promise<void>
  /** Adds a subscription; false when it already existed. */
  insertSubscription(subscription: WebhookSubscriptionRecord): Promise<boolean>
  /** Removes a subscription; false when there was none. */
  deleteSubscription(webhookId: string, accountId: string): Promise<boolean>
  /** Queues a delivery. */
  insertDelivery(delivery: WebhookDeliveryRecord): Promise<void>
  /**
   * Takes a due delivery for one attempt: moves its `nextAttemptAtMs` from `seenNextAttemptAtMs`
   * to `leaseUntilMs`. False when another worker took it first (the statement decides).
   */
  claimDelivery(id: string, seenNextAttemptAtMs: number, leaseUntilMs: number): Promise<boolean>
  /** Records an attempt's outcome: changes the given fields of a delivery; the others stay. */
  updateDelivery(id: string, patch: Partial<Pick<WebhookDeliveryRecord, 'status' | 'attempts' | 'nextAttemptAtMs' | 'lastAttemptAtMs' | 'lastStatusCode' | 'lastError' | 'lastDurationMs' | 'deliveredAtMs'>>): Promise<void>
  /** Marks every pending delivery of a webhook failed with this error; returns how many. */
  failPendingDeliveries(webhookId: string, error: string): Promise<number>
}
