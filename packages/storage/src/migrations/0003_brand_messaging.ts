import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Brand messaging: welcome messages, keyword rules, custom profiles, the support calendar and
// away message, the sites allowed to embed the chat, visitors' email addresses, the source a
// conversation was opened from, and the log that enforces the anti-flood quotas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('email', 'text').execute()
  await db.schema.alterTable('conversations').addColumn('source', 'text').execute()
  await db.schema.alterTable('messages').addColumn('custom_profile', 'text').execute()
  await db.schema.alterTable('messages').addColumn('automation', 'text').execute()

  await db.schema.createTable('brand_messaging')
    .addColumn('brand_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('support_calendar', 'text')
    .addColumn('reply_time', 'text')
    .addColumn('away_message', 'text', (c) => c.notNull())
    .addColumn('embed_origins', 'text', (c) => c.notNull())
    .addColumn('default_welcome_message_id', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema.createTable('welcome_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('entities', 'text', (c) => c.notNull())
    .addColumn('quick_reply', 'text')
    .addColumn('buttons', 'text', (c) => c.notNull())
    .addColumn('media_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('welcome_messages_by_brand').on('welcome_messages').columns(['brand_id', 'created_at']).execute()
  await db.schema.createIndex('welcome_messages_by_media').on('welcome_messages').columns(['media_id']).execute()

  await db.schema.createTable('keyword_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('reply_text', 'text', (c) => c.notNull())
    .addColumn('quick_reply', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('keyword_rules_by_brand').on('keyword_rules').columns(['brand_id', 'created_at']).execute()

  await db.schema.createTable('custom_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('avatar_media_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('custom_profiles_by_brand').on('custom_profiles').columns(['brand_id', 'created_at']).execute()
  await db.schema.createIndex('custom_profiles_by_avatar').on('custom_profiles').columns(['avatar_media_id']).execute()

  await db.schema.createTable('automation_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('counted', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('automation_log_by_brand').on('automation_log').columns(['brand_id', 'at']).execute()
  await db.schema.createIndex('automation_log_by_conversation').on('automation_log').columns(['conversation_id', 'kind', 'at']).execute()
  await db.schema.createIndex('messages_by_sender').on('messages').columns(['conversation_id', 'sender_id', 'seq']).execute()
}

export async function down(): Promise<void> {
  throw new Error('0003 cannot be undone; restore a backup instead')
}
