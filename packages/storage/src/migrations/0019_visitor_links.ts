import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Links that bring a visitor back to a conversation from any browser (the email's "Continue the
// conversation"): only the SHA-256 of the token, the conversation, when it expires and when it
// was used (once: the update that sets `used_at` only where it is null decides).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('visitor_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute()
  await db.schema.createIndex('visitor_links_by_expiry').on('visitor_links').columns(['expires_at']).execute()
}

export async function down(): Promise<void> {
  throw new Error('0019 cannot be undone; restore a backup instead')
}
