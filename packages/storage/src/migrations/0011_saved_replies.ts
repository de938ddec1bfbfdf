import { sql, type Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Saved replies of a brand's team. owner_member_id is null for the team's, else the member whose
// own reply it is. A shortcut is unique within its scope; as NULLs are never equal in a unique
// index, the team's scope has an index of its own (both engines have partial indexes).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('saved_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('owner_member_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('shortcut', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('saved_replies_team_shortcut').on('saved_replies').columns(['brand_id', 'shortcut']).unique()
    .where(sql.ref('owner_member_id'), 'is', null).execute()
  await db.schema.createIndex('saved_replies_member_shortcut').on('saved_replies').columns(['brand_id', 'owner_member_id', 'shortcut']).unique()
    .where('owner_member_id', 'is not', null).execute()
}

export async function down(): Promise<void> {
  throw new Error('0011 cannot be undone; restore a backup instead')
}
