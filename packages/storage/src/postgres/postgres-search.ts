import { sql, type Kysely } from 'kysely'
import type { InboxSearchHit, InboxSearchQuery } from '@parloir/core'
import type { Database } from '../schema.ts'
import { HIT_END, HIT_START, inboxSearchFilters, toSearchHit } from '../quirks.ts'

/** to_tsquery syntax for plain words (letters and digits only, so no operator): all of them, the last a prefix. */
const tsQuery = (words: readonly string[]) => words.map((w, i) => `${w}${i === words.length - 1 ? ':*' : ''}`).join(' & ')
const headline = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=16, MinWords=6, ShortWord=1, MaxFragments=1, FragmentDelimiter=…`

/**
 * Search on PostgreSQL's full text (GIN indexes of migration 0012). The headline is computed
 * only for the page, after the limit.
 */
export async function postgresSearchInbox(db: Kysely<Database>, query: InboxSearchQuery & { words: readonly string[] }): Promise<InboxSearchHit[]> {
  const q = sql`to_tsquery('simple', ${tsQuery(query.words)})`
  const filters = inboxSearchFilters(query)
  const messages = await sql<Parameters<typeof toSearchHit>[0]>`
    select 'message' as kind, page.id, page.conversation_id, page.seq, page.author_id, page.created_at,
      ts_headline('simple', page.text, ${q}, ${headline}) as snippet
    from (
      select m.id, m.conversation_id, m.seq, m.sent_by as author_id, m.created_at, m.text
      from messages m
      join inbox_conversations i on i.conversation_id = m.conversation_id
      join participants p on p.conversation_id = m.conversation_id and p.account_id = i.brand_id
      where to_tsvector('simple', m.text) @@ ${q} and m.kind = 'text' and ${filters} and m.seq > p.visible_from_seq and p.left_cursor is null
        and not exists (select 1 from message_hides h where h.account_id = i.brand_id and h.message_id = m.id)
      order by m.created_at desc, m.id desc limit ${query.limit}
    ) page order by page.created_at desc, page.id desc
  `.execute(db)
  const notes = await sql<Parameters<typeof toSearchHit>[0]>`
    select 'note' as kind, page.id, page.conversation_id, null as seq, page.author_id, page.created_at,
      ts_headline('simple', page.text, ${q}, ${headline}) as snippet
    from (
      select n.id, n.conversation_id, n.author_id, n.created_at, n.text
      from inbox_notes n
      join inbox_conversations i on i.brand_id = n.brand_id and i.conversation_id = n.conversation_id
      where to_tsvector('simple', n.text) @@ ${q} and n.kind = 'note' and ${filters}
      order by n.created_at desc, n.id desc limit ${query.limit}
    ) page order by page.created_at desc, page.id desc
  `.execute(db)
  return [...messages.rows, ...notes.rows].map(toSearchHit)
}
