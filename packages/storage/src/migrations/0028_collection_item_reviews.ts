import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Moderation of collections (issue 14): the author of a hidden collection item asks the curator
// for a review once per hide (`review_requested_at`, cleared when the item is shown again), as a
// hidden discussion post's author does (0027). Touches only the collection_items table of 0025.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('collection_items').addColumn('review_requested_at', 'bigint').execute()
}

export async function down(): Promise<void> {
  throw new Error('0028 cannot be undone; restore a backup instead')
}
