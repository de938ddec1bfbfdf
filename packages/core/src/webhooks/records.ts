/**
 * Webhooks as the domain sees them, and the part of the storage port that keeps them
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

export interface WebhookStorageReads {
  webhookById(id: string): Promise<WebhookRecord | undefined>
  /** An app's webhooks, disabled ones included, oldest first. */
  webhooksOfApp(appId: string): Promise<WebhookRecord[]>
  /** Native webhooks an account owns without an app, disabled ones included, oldest first. */
  webhooksOfOwner(ownerAccountId: string): Promise<WebhookRecord[]>
  /** Webhooks that are neither disabled nor deleted, oldest first (for the periodic CRC). */
  activeWebhooks(): Promise<WebhookRecord[]>
  webhookSubscriptions(webhookId: string): Promise<WebhookSubscriptionRecord[]>
  /**
   * Valid, enabled webhooks subscribed to any of these accounts, each with the subscribed
   * accounts among them. The outbox writer's one query per event.
   */
  webhooksForAccounts(accountIds: readonly string[]): Promise<Array<{ webhook: WebhookRecord; accountIds: string[] }>>
  webhookDeliveryById(id: string): Promise<WebhookDeliveryRecord | undefined>
  /** A webhook's deliveries, newest first, before a delivery id when given (the delivery log). */
  webhookDeliveries(webhookId: string, limit: number, beforeId?: string): Promise<WebhookDeliveryRecord[]>
  /**
   * The oldest pending delivery of each webhook that has one, when it is due at `nowMs`; at most
   * `limit`. One per webhook keeps each webhook's deliveries in order.
   */
  dueWebhookDeliveries(nowMs: number, limit: number): Promise<WebhookDeliveryRecord[]>
}

export interface WebhookStorageTx {
  insertWebhook(webhook: WebhookRecord): Promise<void>
  updateWebhook(id: string, patch: Partial<Pick<WebhookRecord, 'url' | 'valid' | 'crcCheckedAtMs' | 'crcResult' | 'disabledAtMs' | 'disabledReason' | 'eventTypes' | 'secretSealed'>>): Promise<void>
  /** Removes a webhook, its subscriptions and its deliveries. */
  deleteWebhook(id: string): Promise<void>
  /** Adds a subscription; false when it already existed. */
  insertWebhookSubscription(subscription: WebhookSubscriptionRecord): Promise<boolean>
  /** Removes a subscription; false when there was none. */
  deleteWebhookSubscription(webhookId: string, accountId: string): Promise<boolean>
  insertWebhookDelivery(delivery: WebhookDeliveryRecord): Promise<void>
  /**
   * Takes a due delivery for one attempt: moves its `nextAttemptAtMs` from `seenNextAttemptAtMs`
   * to `leaseUntilMs`. False when another worker took it first (the statement decides).
   */
  claimWebhookDelivery(id: string, seenNextAttemptAtMs: number, leaseUntilMs: number): Promise<boolean>
  updateWebhookDelivery(id: string, patch: Partial<Pick<WebhookDeliveryRecord, 'status' | 'attempts' | 'nextAttemptAtMs' | 'lastAttemptAtMs' | 'lastStatusCode' | 'lastError' | 'lastDurationMs' | 'deliveredAtMs'>>): Promise<void>
  /** Marks every pending delivery of a webhook failed with this error; returns how many. */
  failPendingWebhookDeliveries(webhookId: string, error: string): Promise<number>
}
