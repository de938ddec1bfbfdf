import type { Kysely } from 'kysely'
import type { WebhookDeliveryRecord, WebhookRecord, WebhookSubscriptionRecord, WebhookWrites } from '@parloir/core'
import type { Database } from './schema.ts'

/** The tables of migration 0005, kept here beside the only code that reads them. */
export interface WebhookTables {
  webhooks: {
    id: string
    kind: 'account_activity' | 'native'
    app_id: string | null
    owner_account_id: string
    env_name: string | null
    url: string
    valid: number
    secret_sealed: string | null
    event_types: string
    created_by: string
    created_at: number
    crc_checked_at: number | null
    crc_result: string | null
    disabled_at: number | null
    disabled_reason: string | null
  }
  webhook_subscriptions: { webhook_id: string; account_id: string; created_by: string; created_at: number }
  webhook_deliveries: {
    id: string
    webhook_id: string
    event_name: string
    event_cursor: number | null
    for_account_id: string
    payload: string
    status: 'pending' | 'delivered' | 'failed'
    attempts: number
    next_attempt_at: number
    last_attempt_at: number | null
    last_status_code: number | null
    last_error: string | null
    last_duration_ms: number | null
    created_at: number
    delivered_at: number | null
  }
}

type WebhookRow = WebhookTables['webhooks']
type DeliveryRow = WebhookTables['webhook_deliveries']

// pg returns bigint columns as strings: every number goes through Number().
const num = (v: number | string | null): number | null => (v === null ? null : Number(v))

const toWebhook = (r: WebhookRow): WebhookRecord => ({
  id: r.id, kind: r.kind, appId: r.app_id, ownerAccountId: r.owner_account_id, envName: r.env_name, url: r.url,
  valid: Number(r.valid) === 1, secretSealed: r.secret_sealed, eventTypes: JSON.parse(r.event_types) as string[],
  createdBy: r.created_by, createdAtMs: Number(r.created_at), crcCheckedAtMs: num(r.crc_checked_at), crcResult: r.crc_result,
  disabledAtMs: num(r.disabled_at), disabledReason: r.disabled_reason,
})
const toSubscription = (r: WebhookTables['webhook_subscriptions']): WebhookSubscriptionRecord => ({
  webhookId: r.webhook_id, accountId: r.account_id, createdBy: r.created_by, createdAtMs: Number(r.created_at),
})
const toDelivery = (r: DeliveryRow): WebhookDeliveryRecord => ({
  id: r.id, webhookId: r.webhook_id, eventName: r.event_name, eventCursor: num(r.event_cursor), forAccountId: r.for_account_id,
  payload: r.payload, status: r.status, attempts: Number(r.attempts), nextAttemptAtMs: Number(r.next_attempt_at),
  lastAttemptAtMs: num(r.last_attempt_at), lastStatusCode: num(r.last_status_code), lastError: r.last_error,
  lastDurationMs: num(r.last_duration_ms), createdAtMs: Number(r.created_at), deliveredAtMs: num(r.delivered_at),
})

/** The webhooks store: webhooks, subscriptions and the delivery outbox. */
export class WebhooksRepository implements WebhookWrites {
  /** The same connection (or transaction), typed with the webhook tables. */
  private readonly wdb: Kysely<WebhookTables>

  constructor(db: Kysely<Database>) { this.wdb = db as unknown as Kysely<WebhookTables> }

  async byId(id: string) {
    const r = await this.wdb.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toWebhook(r)
  }
  async ofApp(appId: string) {
    const rows = await this.wdb.selectFrom('webhooks').selectAll().where('app_id', '=', appId).orderBy('created_at').orderBy('id').execute()
    return rows.map(toWebhook)
  }
  async ofOwner(ownerAccountId: string) {
    const rows = await this.wdb.selectFrom('webhooks').selectAll().where('owner_account_id', '=', ownerAccountId).where('app_id', 'is', null)
      .orderBy('created_at').orderBy('id').execute()
    return rows.map(toWebhook)
  }
  async active() {
    const rows = await this.wdb.selectFrom('webhooks').selectAll().where('disabled_at', 'is', null).orderBy('created_at').orderBy('id').execute()
    return rows.map(toWebhook)
  }
  async subscriptions(webhookId: string) {
    const rows = await this.wdb.selectFrom('webhook_subscriptions').selectAll().where('webhook_id', '=', webhookId)
      .orderBy('created_at').orderBy('account_id').execute()
    return rows.map(toSubscription)
  }
  async forAccounts(accountIds: readonly string[]) {
    if (accountIds.length === 0) return []
    const rows = await this.wdb.selectFrom('webhooks as w').innerJoin('webhook_subscriptions as s', 's.webhook_id', 'w.id')
      .selectAll('w').select('s.account_id as subscribed_account_id')
      .where('s.account_id', 'in', [...accountIds]).where('w.valid', '=', 1).where('w.disabled_at', 'is', null)
      .orderBy('w.id').orderBy('s.account_id').execute()
    const byId = new Map<string, { webhook: WebhookRecord; accountIds: string[] }>()
    for (const row of rows) {
      const entry = byId.get(row.id) ?? { webhook: toWebhook(row), accountIds: [] }
      entry.accountIds.push(row.subscribed_account_id)
      byId.set(row.id, entry)
    }
    return [...byId.values()]
  }
  async deliveryById(id: string) {
    const r = await this.wdb.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toDelivery(r)
  }
  async deliveries(webhookId: string, limit: number, beforeId?: string) {
    let q = this.wdb.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId)
    if (beforeId !== undefined) q = q.where('id', '<', beforeId)
    return (await q.orderBy('id', 'desc').limit(limit).execute()).map(toDelivery)
  }
  async dueDeliveries(nowMs: number, limit: number) {
    const rows = await this.wdb.selectFrom('webhook_deliveries as d').innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .selectAll('d')
      .where('d.status', '=', 'pending').where('w.valid', '=', 1).where('w.disabled_at', 'is', null)
      // Only the head of each webhook's queue: later deliveries wait behind it, in order.
      .where('d.id', '=', (eb) => eb.selectFrom('webhook_deliveries as h').select((h) => h.fn.min('h.id').as('head'))
        .whereRef('h.webhook_id', '=', 'd.webhook_id').where('h.status', '=', 'pending'))
      .where('d.next_attempt_at', '<=', nowMs)
      .orderBy('d.next_attempt_at').orderBy('d.id').limit(limit).execute()
    return rows.map(toDelivery)
  }

  async insert(w: WebhookRecord) {
    await this.wdb.insertInto('webhooks').values({
      id: w.id, kind: w.kind, app_id: w.appId, owner_account_id: w.ownerAccountId, env_name: w.envName, url: w.url, valid: w.valid ? 1 : 0,
      secret_sealed: w.secretSealed, event_types: JSON.stringify(w.eventTypes), created_by: w.createdBy, created_at: w.createdAtMs,
      crc_checked_at: w.crcCheckedAtMs, crc_result: w.crcResult, disabled_at: w.disabledAtMs, disabled_reason: w.disabledReason,
    }).execute()
  }
  async update(id: string, patch: Parameters<WebhookWrites['update']>[1]) {
    const values: Partial<WebhookRow> = {}
    if (patch.url !== undefined) values.url = patch.url
    if (patch.valid !== undefined) values.valid = patch.valid ? 1 : 0
    if (patch.crcCheckedAtMs !== undefined) values.crc_checked_at = patch.crcCheckedAtMs
    if (patch.crcResult !== undefined) values.crc_result = patch.crcResult
    if (patch.disabledAtMs !== undefined) values.disabled_at = patch.disabledAtMs
    if (patch.disabledReason !== undefined) values.disabled_reason = patch.disabledReason
    if (patch.eventTypes !== undefined) values.event_types = JSON.stringify(patch.eventTypes)
    if (patch.secretSealed !== undefined) values.secret_sealed = patch.secretSealed
    if (Object.keys(values).length) await this.wdb.updateTable('webhooks').set(values).where('id', '=', id).execute()
  }
  async delete(id: string) {
    await this.wdb.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute()
    await this.wdb.deleteFrom('webhook_subscriptions').where('webhook_id', '=', id).execute()
    await this.wdb.deleteFrom('webhooks').where('id', '=', id).execute()
  }
  async insertSubscription(s: WebhookSubscriptionRecord) {
    const r = await this.wdb.insertInto('webhook_subscriptions')
      .values({ webhook_id: s.webhookId, account_id: s.accountId, created_by: s.createdBy, created_at: s.createdAtMs })
      .onConflict((oc) => oc.columns(['webhook_id', 'account_id']).doNothing()).executeTakeFirst()
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1
  }
  async deleteSubscription(webhookId: string, accountId: string) {
    const r = await this.wdb.deleteFrom('webhook_subscriptions').where('webhook_id', '=', webhookId).where('account_id', '=', accountId).executeTakeFirst()
    return Number(r.numDeletedRows) === 1
  }
  async insertDelivery(d: WebhookDeliveryRecord) {
    await this.wdb.insertInto('webhook_deliveries').values({
      id: d.id, webhook_id: d.webhookId, event_name: d.eventName, event_cursor: d.eventCursor, for_account_id: d.forAccountId,
      payload: d.payload, status: d.status, attempts: d.attempts, next_attempt_at: d.nextAttemptAtMs, last_attempt_at: d.lastAttemptAtMs,
      last_status_code: d.lastStatusCode, last_error: d.lastError, last_duration_ms: d.lastDurationMs, created_at: d.createdAtMs,
      delivered_at: d.deliveredAtMs,
    }).execute()
  }
  async claimDelivery(id: string, seenNextAttemptAtMs: number, leaseUntilMs: number) {
    const r = await this.wdb.updateTable('webhook_deliveries').set({ next_attempt_at: leaseUntilMs })
      .where('id', '=', id).where('status', '=', 'pending').where('next_attempt_at', '=', seenNextAttemptAtMs).executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }
  async updateDelivery(id: string, patch: Parameters<WebhookWrites['updateDelivery']>[1]) {
    const values: Partial<DeliveryRow> = {}
    if (patch.status !== undefined) values.status = patch.status
    if (patch.attempts !== undefined) values.attempts = patch.attempts
    if (patch.nextAttemptAtMs !== undefined) values.next_attempt_at = patch.nextAttemptAtMs
    if (patch.lastAttemptAtMs !== undefined) values.last_attempt_at = patch.lastAttemptAtMs
    if (patch.lastStatusCode !== undefined) values.last_status_code = patch.lastStatusCode
    if (patch.lastError !== undefined) values.last_error = patch.lastError
    if (patch.lastDurationMs !== undefined) values.last_duration_ms = patch.lastDurationMs
    if (patch.deliveredAtMs !== undefined) values.delivered_at = patch.deliveredAtMs
    if (Object.keys(values).length) await this.wdb.updateTable('webhook_deliveries').set(values).where('id', '=', id).execute()
  }
  async failPendingDeliveries(webhookId: string, error: string) {
    const r = await this.wdb.updateTable('webhook_deliveries').set({ status: 'failed', last_error: error })
      .where('webhook_id', '=', webhookId).where('status', '=', 'pending').executeTakeFirst()
    return Number(r.numUpdatedRows)
  }
}
