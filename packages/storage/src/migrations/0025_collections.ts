import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Collections (issue 14): a curator's (person or brand) collection, its sections, its items.
// An item has an author (the account that added it; `added_by` the person who pressed the button,
// a team member for a brand), a status (published, pending for the curator, declined), and the
// nullable `hidden_at` / `hidden_reason` that moderation (built apart) sets; a collection has them
// too. Positions are gapless per section among published items, kept by the collections store.
// Only these three tables: migrations of other features may land before or after this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('collections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('curator_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('contribution_mode', 'text', (c) => c.notNull())
    .addColumn('indexable', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('hidden_at', 'bigint')
    .addColumn('hidden_reason', 'text')
    .execute()
  await db.schema.createIndex('collections_by_curator').on('collections').columns(['curator_id', 'created_at']).execute()
  await db.schema.createTable('collection_sections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('collection_sections_by_collection').on('collection_sections').columns(['collection_id', 'position']).execute()
  await db.schema.createTable('collection_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id'))
    .addColumn('section_id', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('text', 'text')
    .addColumn('url', 'text')
    .addColumn('site_name', 'text')
    .addColumn('media_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'text')
    .addColumn('hidden_at', 'bigint')
    .addColumn('hidden_reason', 'text')
    .execute()
  await db.schema.createIndex('collection_items_by_collection').on('collection_items').columns(['collection_id', 'section_id', 'position']).execute()
  await db.schema.createIndex('collection_items_by_media').on('collection_items').columns(['media_id']).execute()
}

export async function down(): Promise<void> {
  throw new Error('0025 cannot be undone; restore a backup instead')
}
