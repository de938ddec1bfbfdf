import { sql, type Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Every message paid for two indexes that only the developer API's daily quotas read
// (messages sent by a sender through an app, and by an app, in the last 24 hours). They are
// replaced by one partial index over the messages sent through an app, so a message sent from
// the web app, the widget or the stream writes two B-tree entries fewer: fewer WAL pages per
// commit. The quotas' third count (a sender's replies in one conversation) uses the unique
// index on (conversation_id, sender_id, client_message_id).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_by_sender_time').execute()
  await db.schema.dropIndex('messages_by_app_time').execute()
  await db.schema.createIndex('messages_by_app_sender_time').on('messages').columns(['app_id', 'sender_id', 'created_at'])
    .where(sql.ref('app_id'), 'is not', null).execute()
}

export async function down(): Promise<void> {
  throw new Error('0008_lean_message_indexes cannot be undone: restore the backup taken before upgrading')
}
