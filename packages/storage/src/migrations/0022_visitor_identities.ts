import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Identity verification for the website widget. `identity_secrets`: each brand's HMAC secret,
// sealed under the server key (it must be read back to check a signature), one per brand,
// replaced when regenerated. `visitor_identities`: which visitor is a brand's logged-in customer
// (the brand's own user id), so the same customer finds the same visitor from any device.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('identity_secrets')
    .addColumn('brand_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('sealed_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createTable('visitor_identities')
    .addColumn('brand_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('visitor_id', 'text', (c) => c.notNull().unique().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('visitor_identities_pk', ['brand_id', 'user_id'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('0022 cannot be undone; restore a backup instead')
}
