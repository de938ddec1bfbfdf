import { sql, type Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// The team inbox: each brand side of a conversation gets the team's state (status, assignee,
// whether the customer waits), each member their own read position, and the team a private
// timeline (notes and changes) kept apart from messages, so no channel that shows messages can
// show a note.
//
// Conversations that exist already get a row: open when the customer's last messages have no
// answer from a person of the team, pending (waiting on the customer) otherwise. Members start
// from what the brand had read (read_baseline_seq), so nothing old turns unread. A conversation
// where nobody wrote yet has customer_active_at 0 and shows in no view.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('inbox_conversations')
    .addColumn('brand_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('customer_id', 'text')
    .addColumn('customer_kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('snoozed_until', 'bigint')
    .addColumn('assignee_id', 'text')
    .addColumn('waiting_since', 'bigint')
    .addColumn('last_customer_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_customer_at', 'bigint')
    .addColumn('last_answered_at', 'bigint')
    .addColumn('last_answered_by', 'text')
    .addColumn('customer_active_at', 'bigint', (c) => c.notNull())
    .addColumn('read_baseline_seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_conversations_pk', ['brand_id', 'conversation_id'])
    .execute()
  // Every message looks up the brand sides of its conversation.
  await db.schema.createIndex('inbox_by_conversation').on('inbox_conversations').columns(['conversation_id']).execute()
  // Views and their counts: a brand's rows by status and assignee, newest first; by status alone.
  await db.schema.createIndex('inbox_by_view').on('inbox_conversations')
    .columns(['brand_id', 'status', 'assignee_id', 'customer_active_at', 'conversation_id']).execute()
  await db.schema.createIndex('inbox_by_status').on('inbox_conversations').columns(['brand_id', 'status', 'customer_active_at', 'conversation_id']).execute()
  // The "waiting longest" order, the expression exactly as the query writes it (storage/src/team-inbox.ts).
  await sql`CREATE INDEX inbox_by_wait ON inbox_conversations (brand_id, status, (coalesce(waiting_since, 9007199254740991)), conversation_id, customer_active_at)`.execute(db)
  // Counts with a filter by kind or source, read from the index alone.
  await db.schema.createIndex('inbox_by_kind').on('inbox_conversations')
    .columns(['brand_id', 'customer_kind', 'status', 'assignee_id', 'customer_active_at', 'source']).execute()
  await db.schema.createIndex('inbox_by_source').on('inbox_conversations')
    .columns(['brand_id', 'source', 'status', 'assignee_id', 'customer_active_at', 'customer_kind']).execute()
  await db.schema.createIndex('inbox_snoozes').on('inbox_conversations').columns(['status', 'snoozed_until']).execute()

  await db.schema.createTable('inbox_readers')
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('last_read_seq', 'bigint', (c) => c.notNull())
    .addColumn('marked_unread', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_readers_pk', ['brand_id', 'conversation_id', 'member_id'])
    .execute()

  await db.schema.createTable('inbox_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('mentions', 'text', (c) => c.notNull())
    .addColumn('activity', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('inbox_notes_by_conversation').on('inbox_notes').columns(['conversation_id', 'brand_id', 'id']).execute()

  const human = sql`r.conversation_id = c.id AND r.sender_id = p.account_id AND r.kind = 'text' AND r.automation IS NULL`
  const customer = sql`m.conversation_id = c.id AND m.sender_id <> p.account_id AND m.kind = 'text'`
  await sql`
    INSERT INTO inbox_conversations (brand_id, conversation_id, customer_id, customer_kind, source, status, waiting_since,
      last_customer_seq, last_customer_at, last_answered_at, last_answered_by, customer_active_at, read_baseline_seq, created_at, updated_at)
    SELECT b.brand_id, b.conversation_id, b.customer_id, b.customer_kind, b.source,
      CASE WHEN b.waiting_since IS NULL THEN 'pending' ELSE 'open' END, b.waiting_since,
      b.last_customer_seq, b.last_customer_at, b.last_answered_at, b.last_answered_by, COALESCE(b.last_customer_at, b.first_message_at, 0), b.read_baseline_seq, b.created_at, b.updated_at
    FROM (
      SELECT p.account_id AS brand_id, c.id AS conversation_id, c.source, c.created_at, c.updated_at, p.last_read_seq AS read_baseline_seq,
        CASE WHEN c.kind = 'direct' THEN (SELECT o.account_id FROM participants o WHERE o.conversation_id = c.id AND o.account_id <> p.account_id LIMIT 1) END AS customer_id,
        CASE WHEN c.kind = 'group' THEN 'group' ELSE COALESCE((SELECT k.kind FROM participants o JOIN accounts k ON k.id = o.account_id
          WHERE o.conversation_id = c.id AND o.account_id <> p.account_id LIMIT 1), 'person') END AS customer_kind,
        (SELECT MIN(m.created_at) FROM messages m WHERE ${customer}
          AND m.seq > COALESCE((SELECT MAX(r.seq) FROM messages r WHERE ${human}), 0)) AS waiting_since,
        COALESCE((SELECT MAX(m.seq) FROM messages m WHERE ${customer}), 0) AS last_customer_seq,
        (SELECT MAX(m.created_at) FROM messages m WHERE ${customer}) AS last_customer_at,
        (SELECT MAX(r.created_at) FROM messages r WHERE ${human}) AS last_answered_at,
        (SELECT r.sent_by FROM messages r WHERE ${human} ORDER BY r.seq DESC LIMIT 1) AS last_answered_by,
        (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = c.id) AS first_message_at
      FROM participants p
      JOIN accounts a ON a.id = p.account_id AND a.kind = 'brand'
      JOIN conversations c ON c.id = p.conversation_id
      WHERE p.left_cursor IS NULL
    ) b
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0010 cannot be undone; restore a backup instead')
}
