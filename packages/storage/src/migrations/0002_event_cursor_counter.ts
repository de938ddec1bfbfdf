import { SqliteAdapter, sql, type Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// PostgreSQL takes event cursors from a one-row counter incremented inside each write
// transaction: its row lock makes cursor order equal commit order across processes, which a
// sequence does not (why: postgres/postgres-quirks.ts). SQLite needs nothing: AUTOINCREMENT
// under its single writer already hands out cursors in commit order.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return
  await db.schema.createTable('event_cursor')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute()
  // Carries on from the log as it stands, so existing cursors are never handed out again.
  await sql`insert into event_cursor (id, value) select 1, coalesce(max(cursor), 0) from events`.execute(db)
  // Every cursor now comes from the counter: an insert without one fails loudly instead of
  // quietly taking a number from the old sequence.
  await sql`alter table events alter column cursor drop default`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0002 cannot be undone; restore a backup instead')
}
