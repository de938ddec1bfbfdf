import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely'
import type { InboxSearchHit, InboxSearchQuery } from '@parloir/core'
import type { Database } from './schema.ts'

/**
 * What differs between engines, in one place: the repositories and the group committer are
 * written once and ask this object instead of branching on the dialect (Kysely keeps its
 * differences in `dialect/<name>/` the same way). One per engine: `sqlite/sqlite-quirks.ts`,
 * `postgres/postgres-quirks.ts`.
 */
export interface DialectQuirks {
  /** Statements that open a batch of write transactions, run in order on the batch's connection. */
  readonly beginBatch: readonly string[]
  /** The larger of two integers: SQLite's two-argument `max`, PostgreSQL's `greatest`. */
  greatest(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<number>
  /**
   * Takes the next event cursor inside the current write transaction, or is null where the
   * events table's own key already hands out cursors in commit order.
   */
  readonly nextEventCursor: ((db: Kysely<Database>) => Promise<number>) | null
  /**
   * The brand's messages (those it may see) and notes holding every word, the last one as a
   * prefix, newest first, each kind at most `limit`; snippets mark matches with HIT_START/HIT_END.
   * Full-text search is the engines' own: FTS5 on SQLite, tsvector on PostgreSQL (migration 0012).
   */
  searchInbox(db: Kysely<Database>, query: InboxSearchQuery & { words: readonly string[] }): Promise<InboxSearchHit[]>
}

/** Around each match in a search snippet (control characters, which message text does not show). */
export const HIT_START = '\u0002'
export const HIT_END = '\u0003'

/** The inbox filters of a search, on `i` (inbox_conversations), the same on both engines. */
export function inboxSearchFilters(query: InboxSearchQuery) {
  const parts = [sql`i.brand_id = ${query.brandId}`]
  if (query.assigneeId !== undefined) parts.push(sql`i.assignee_id = ${query.assigneeId}`)
  if (query.source !== undefined) parts.push(sql`i.source = ${query.source}`)
  if (query.kind !== undefined) parts.push(sql`i.customer_kind = ${query.kind}`)
  if (query.label !== undefined) {
    parts.push(sql`i.conversation_id in (select l.conversation_id from inbox_labels l where l.brand_id = ${query.brandId} and l.label_id = ${query.label})`)
  }
  return sql.join(parts, sql` and `)
}

/** A row of either engine's search, read back. */
export function toSearchHit(r: { kind: string; id: string; conversation_id: string; seq: number | string | null; author_id: string | null; created_at: number | string; snippet: string }): InboxSearchHit {
  return {
    kind: r.kind === 'note' ? 'note' : 'message', id: r.id, conversationId: r.conversation_id, seq: r.seq === null ? null : Number(r.seq),
    authorId: r.author_id, createdAtMs: Number(r.created_at), snippet: r.snippet,
  }
}
