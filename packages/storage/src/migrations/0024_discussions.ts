import { sql, type Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Public discussions (issue 14). A discussion's posts are numbered by `seq` without gaps
// (post_count is the last one, incremented in the post's transaction), so a page of the public
// page is a range of the (discussion_id, seq) key. Members are the accounts taking part (starter,
// participant) and those asking to (requested). Posts carry the moderation columns (hidden_*)
// that hiding will set; nothing sets them yet. Touches only its own tables.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('discussions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('starter_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('indexable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_reason', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('participant_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_post_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema.createTable('discussion_members')
    .addColumn('discussion_id', 'text', (c) => c.notNull().references('discussions.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('discussion_members_pk', ['discussion_id', 'account_id'])
    .execute()
  // "My discussions": every discussion an account is in.
  await db.schema.createIndex('discussion_members_by_account').on('discussion_members').columns(['account_id', 'discussion_id']).execute()

  await db.schema.createTable('discussion_posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('discussion_id', 'text', (c) => c.notNull().references('discussions.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('sent_by', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('entities', 'text', (c) => c.notNull())
    .addColumn('quote_post_id', 'text')
    .addColumn('media_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('hidden_at', 'bigint')
    .addColumn('hidden_reason', 'text')
    .addColumn('hidden_by', 'text')
    .execute()
  await db.schema.createIndex('discussion_posts_by_seq').on('discussion_posts').columns(['discussion_id', 'seq']).unique().execute()
  // Media in a post is public (storage/src/media.ts asks by media id).
  await db.schema.createIndex('discussion_posts_by_media').on('discussion_posts').column('media_id').where(sql.ref('media_id'), 'is not', null).execute()
}

export async function down(): Promise<void> {
  throw new Error('0024 cannot be undone; restore a backup instead')
}
