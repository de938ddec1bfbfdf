import type { Expression, Kysely, RawBuilder } from 'kysely'
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
}
