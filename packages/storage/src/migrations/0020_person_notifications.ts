import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Telling people (not brands' teams) of messages while the app is closed. Their settings (a row
// once they change one; booleans as 0/1), which streams each process holds open (a lease per
// account and process, so "connected" is right with several processes), the messages that may
// have to be told (queued in the send's transaction, an outbox), and who waits for an email.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('person_notification_settings')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('show_previews', 'integer', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('email_confirmed_at', 'bigint')
    .addColumn('email_enabled', 'integer', (c) => c.notNull())
    .addColumn('quiet_start_min', 'integer')
    .addColumn('quiet_end_min', 'integer')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('email_last_sent_at', 'bigint')
    .execute()

  await db.schema.createTable('person_streams')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('open_until', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_streams_pk', ['account_id', 'node_id'])
    .execute()

  await db.schema.createTable('pending_person_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('pending_person_notifications_by_time').on('pending_person_notifications').columns(['created_at', 'id']).execute()

  await db.schema.createTable('person_email_waits')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('0020 cannot be undone; restore a backup instead')
}
