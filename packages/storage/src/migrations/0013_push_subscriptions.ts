import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Web Push for the people of a brand's team. A subscription belongs to one session (its browser):
// pushes go only to subscriptions whose session is open, and logging out removes it. An endpoint
// is unique: a browser that logs in as someone else moves its subscription to them.
// Pending pushes are queued in the transaction of what they tell (an outbox), and taken off it
// by the server's push worker, which decides then who receives each.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('push_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().unique().references('sessions.id'))
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('push_subscriptions_by_account').on('push_subscriptions').columns(['account_id']).execute()

  await db.schema.createTable('pending_pushes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('preview', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('pending_pushes_by_time').on('pending_pushes').columns(['created_at', 'id']).execute()
}

export async function down(): Promise<void> {
  throw new Error('0013 cannot be undone; restore a backup instead')
}
