import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Labels of the team inbox. `labels` is each brand's set. A conversation's labels are kept
// twice, written together by the labels store: in `inbox_labels`, one row each, which the inbox
// filters and counts by (inbox_labels_by_label gives a label's conversations in one range), and
// as the row's own list `inbox_conversations.label_ids` (JSON), so every read of a row, and every
// message that updates one, has them without another query.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('labels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('colour', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('labels_by_brand').on('labels').columns(['brand_id', 'created_at']).execute()
  await db.schema.createTable('inbox_labels')
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('label_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_labels_pk', ['brand_id', 'conversation_id', 'label_id'])
    .execute()
  await db.schema.createIndex('inbox_labels_by_label').on('inbox_labels').columns(['brand_id', 'label_id', 'conversation_id']).execute()
  await db.schema.alterTable('inbox_conversations').addColumn('label_ids', 'text', (c) => c.notNull().defaultTo('[]')).execute()
}

export async function down(): Promise<void> {
  throw new Error('0015 cannot be undone; restore a backup instead')
}
