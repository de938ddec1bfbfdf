import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// How fast each brand's team answers: each answer that ends a customer's wait counts once under
// its day (days since 1970, UTC) and its bucket (minutes, hour, hours, day, slower). "Usually
// answers within …" is the bucket of the median over the last 30 days, read from at most 150
// rows a brand, whatever its volume. Starts empty: answers before it are not counted.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('brand_reply_times')
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('answers', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('brand_reply_times_pk', ['brand_id', 'day', 'bucket'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('0023 cannot be undone; restore a backup instead')
}
