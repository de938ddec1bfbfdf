import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Emails that tell a visitor the brand answered: written in the transaction of the answer (an
// outbox, docs/reliability.md D1), sent by the server's mailer, at most one pending per conversation.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('email_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute()
  await db.schema.createIndex('email_notifications_due').on('email_notifications').columns(['status', 'next_attempt_at']).execute()
  await db.schema.createIndex('email_notifications_by_conversation').on('email_notifications').columns(['conversation_id', 'account_id', 'status']).execute()
}

export async function down(): Promise<void> {
  throw new Error('0007 cannot be undone; restore a backup instead')
}
