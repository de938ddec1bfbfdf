import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Whether a member of a brand's team is there: a lease each of their open streams and requests
// renews. `present_until` null means their absence was already handled (the sweeper saw the
// lease end), so an ended lease is acted on once.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('team_presence')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('present_until', 'bigint')
    .execute()
  await db.schema.createIndex('team_presence_by_lease').on('team_presence').columns(['present_until']).execute()
}

export async function down(): Promise<void> {
  throw new Error('0018 cannot be undone; restore a backup instead')
}
