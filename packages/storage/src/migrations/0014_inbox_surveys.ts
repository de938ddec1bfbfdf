import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// What a brand's team inbox does by itself (its settings: the satisfaction survey, automatic
// assignment), each member's availability and capacity for it, and the surveys sent when a
// conversation is resolved, with the customer's rating and comment.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('inbox_settings')
    .addColumn('brand_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('survey', 'text', (c) => c.notNull())
    .addColumn('assignment', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createTable('inbox_surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('rating', 'integer')
    .addColumn('rated_at', 'bigint')
    .addColumn('comment', 'text')
    .execute()
  await db.schema.createTable('inbox_members')
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('availability', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('last_assigned_at', 'bigint')
    .addPrimaryKeyConstraint('inbox_members_pk', ['brand_id', 'member_id'])
    .execute()
  await db.schema.createIndex('inbox_surveys_by_conversation').on('inbox_surveys').columns(['conversation_id', 'brand_id', 'id']).execute()
}

export async function down(): Promise<void> {
  throw new Error('0014 cannot be undone; restore a backup instead')
}
