import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// A brand's custom fields (a key unique in the brand, a label, a type) and its customers' values
// of them: one row per field and customer, gone with the field. Values are read per brand and
// customer (the customer panel), hence the index.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('custom_fields')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('custom_fields_brand_key').on('custom_fields').columns(['brand_id', 'key']).unique().execute()
  await db.schema.createTable('custom_field_values')
    .addColumn('field_id', 'text', (c) => c.notNull().references('custom_fields.id').onDelete('cascade'))
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('custom_field_values_pk', ['field_id', 'customer_id'])
    .execute()
  await db.schema.createIndex('custom_field_values_by_customer').on('custom_field_values').columns(['brand_id', 'customer_id']).execute()
}

export async function down(): Promise<void> {
  throw new Error('0016 cannot be undone; restore a backup instead')
}
