import { sql, type Kysely } from 'kysely'
import type { InboxSearchHit, InboxSearchQuery } from '@parloir/core'
import type { Database } from '../schema.ts'
import { HIT_END, HIT_START, inboxSearchFilters, toSearchHit } from '../quirks.ts'

/** FTS5 query syntax for plain words: each quoted (so nothing in them is an operator), the last a prefix. */
const ftsQuery = (words: readonly string[]) => words.map((w, i) => `"${w.replaceAll('"', '""')}"${i === words.length - 1 ? '*' : ''}`).join(' ')

/**
 * Search on SQLite's FTS5 tables (migration 0012). Each walks its index newest rowid first and
 * stops at `limit`, so a common word costs no more than a rare one.
 */
export async function sqliteSearchInbox(db: Kysely<Database>, query: InboxSearchQuery & { words: readonly string[] }): Promise<InboxSearchHit[]> {
  const match = ftsQuery(query.words)
  const filters = inboxSearchFilters(query)
  const messages = await sql<Parameters<typeof toSearchHit>[0]>`
    select 'message' as kind, m.id, m.conversation_id, m.seq, m.sent_by as author_id, m.created_at,
      snippet(message_search, 0, ${HIT_START}, ${HIT_END}, '…', 16) as snippet
    from message_search s
    join messages m on m.rowid = s.rowid
    join inbox_conversations i on i.conversation_id = m.conversation_id
    join participants p on p.conversation_id = m.conversation_id and p.account_id = i.brand_id
    where message_search match ${match} and ${filters} and m.seq > p.visible_from_seq and p.left_cursor is null
      and not exists (select 1 from message_hides h where h.account_id = i.brand_id and h.message_id = m.id)
    order by s.rowid desc limit ${query.limit}
  `.execute(db)
  const notes = await sql<Parameters<typeof toSearchHit>[0]>`
    select 'note' as kind, n.id, n.conversation_id, null as seq, n.author_id, n.created_at,
      snippet(note_search, 0, ${HIT_START}, ${HIT_END}, '…', 16) as snippet
    from note_search s
    join inbox_notes n on n.rowid = s.rowid
    join inbox_conversations i on i.brand_id = n.brand_id and i.conversation_id = n.conversation_id
    where note_search match ${match} and ${filters}
    order by s.rowid desc limit ${query.limit}
  `.execute(db)
  return [...messages.rows, ...notes.rows].map(toSearchHit)
}
