import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Webhooks: Account Activity webhooks of developer apps (checked by CRC, `valid`), and native
// webhooks of an app or a brand (signed with a sealed `whsec_` secret, an event filter); the
// accounts each one receives events for (subscriptions); and the outbox of deliveries, written in
// the same transaction as the event each one carries (docs/reliability.md, D1 and D6) and worked off by the server.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text')
    .addColumn('owner_account_id', 'text', (c) => c.notNull())
    .addColumn('env_name', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('valid', 'integer', (c) => c.notNull())
    .addColumn('secret_sealed', 'text')
    .addColumn('event_types', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('crc_checked_at', 'bigint')
    .addColumn('crc_result', 'text')
    .addColumn('disabled_at', 'bigint')
    .addColumn('disabled_reason', 'text')
    .execute()
  await db.schema.createIndex('webhooks_by_app').on('webhooks').columns(['app_id', 'created_at']).execute()
  await db.schema.createIndex('webhooks_by_owner').on('webhooks').columns(['owner_account_id', 'created_at']).execute()

  await db.schema.createTable('webhook_subscriptions')
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_subscriptions_pk', ['webhook_id', 'account_id'])
    .execute()
  await db.schema.createIndex('webhook_subscriptions_by_account').on('webhook_subscriptions').columns(['account_id']).execute()

  await db.schema.createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('event_cursor', 'bigint')
    .addColumn('for_account_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_duration_ms', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute()
  // The worker's question: the oldest pending delivery of each webhook, and whether it is due.
  await db.schema.createIndex('webhook_deliveries_pending').on('webhook_deliveries').columns(['status', 'webhook_id', 'id']).execute()
  await db.schema.createIndex('webhook_deliveries_by_webhook').on('webhook_deliveries').columns(['webhook_id', 'created_at']).execute()
}

export async function down(): Promise<void> {
  throw new Error('0005 cannot be undone; restore a backup instead')
}
