import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Moderation with tact (issue 14): each brand's audit log (one line per action, never changed;
// an undo names the line it undoes), the requests that wait for a second member's approval, the
// brand's choice of whether they must, and the customer messages the team hid with a reason.
// Only new tables: it may land before or after the other migrations of its issue.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('moderation_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('approval_id', 'text')
    .addColumn('reverses_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute()
  // Newest first per brand; by action or by person (ids are time-ordered).
  await db.schema.createIndex('moderation_audit_brand').on('moderation_audit').columns(['brand_id', 'id']).execute()
  await db.schema.createIndex('moderation_audit_action').on('moderation_audit').columns(['brand_id', 'action', 'id']).execute()
  await db.schema.createIndex('moderation_audit_person').on('moderation_audit').columns(['brand_id', 'person_id', 'id']).execute()
  await db.schema.createIndex('moderation_audit_subject').on('moderation_audit').columns(['brand_id', 'subject_id', 'action']).execute()
  await db.schema.createIndex('moderation_audit_reverses').on('moderation_audit').columns(['reverses_id']).execute()

  await db.schema.createTable('moderation_approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('decision_reason', 'text')
    .execute()
  await db.schema.createIndex('moderation_approvals_brand').on('moderation_approvals').columns(['brand_id', 'status', 'id']).execute()
  await db.schema.createIndex('moderation_approvals_subject').on('moderation_approvals').columns(['brand_id', 'kind', 'subject_id', 'status']).execute()

  await db.schema.createTable('moderation_settings')
    .addColumn('brand_id', 'text', (c) => c.primaryKey())
    .addColumn('second_approval', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema.createTable('message_moderations')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('hidden_at', 'bigint', (c) => c.notNull())
    .addColumn('review_requested_at', 'bigint')
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('0026 cannot be undone; restore a backup instead')
}
