import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Moderation of the public side (issue 14): a hidden post's author asks for a review once
// (`review_requested_at`, cleared when the post is shown again); a participant removed from a
// discussion keeps a row (status `removed`) with the reason they read, and a re-added one the
// reason they were let back; "continue in private" remembers, per brand and post, the
// conversation, the message and the public reply it wrote, so a second click reuses them.
// Touches only the discussions tables of 0024 and its own new table.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('discussion_posts').addColumn('review_requested_at', 'bigint').execute()
  await db.schema.alterTable('discussion_members').addColumn('reason', 'text').execute()
  await db.schema.createTable('discussion_continuations')
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('discussion_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('reply_post_id', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('discussion_continuations_pk', ['brand_id', 'post_id'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('0027 cannot be undone; restore a backup instead')
}
