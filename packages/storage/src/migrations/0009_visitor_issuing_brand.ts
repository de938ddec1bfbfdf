import { sql, type Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// A visitor belongs to the brand whose link or website chat started it: it may talk with that
// brand only, so one visitor cannot be followed from brand to brand. Visitors started before
// this column get the brand of their first conversation (the one they were started with).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('issued_by_brand_id', 'text').execute()
  await sql`
    UPDATE accounts SET issued_by_brand_id = (
      SELECT p.account_id FROM conversations c JOIN participants p ON p.conversation_id = c.id
      WHERE c.created_by = accounts.id AND c.kind = 'direct' AND p.account_id <> accounts.id
      ORDER BY c.created_at, c.id LIMIT 1
    )
    WHERE kind = 'visitor'
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0009 cannot be undone; restore a backup instead')
}
