import { sql } from 'kysely'
import type { DialectQuirks } from '../quirks.ts'
import { postgresSearchInbox } from './postgres-search.ts'

/**
 * Event cursors on PostgreSQL. Streams resume from the last cursor they saw and ask only for
 * larger ones, so a cursor must never become visible after a larger one did. A sequence
 * (`bigserial`) does not promise that: with several writers, and several Parloir processes,
 * the transaction that took 41 may commit after the one that took 42, and a reader that saw 42
 * would skip 41 for good. So cursors come from a one-row counter (migration 0002), incremented
 * inside the transaction: its row lock is held until COMMIT, so the next cursor can only be
 * taken once the previous holder has committed (or rolled back, giving the number back: the log
 * stays gapless too). Cursor order is commit order.
 *
 * Each batch takes that lock first, in `beginBatch`, before touching any other row. Taking it
 * only at the first event would deadlock two processes whose batches lock the same conversations
 * in different orders (one holds a conversation and waits for the counter, the other the
 * reverse); with the counter always first, write batches from every process simply queue, as
 * SQLite's single writer does. Reads never wait for it. READ COMMITTED is stated because under
 * REPEATABLE READ or SERIALIZABLE the waiting batch would fail instead of continuing.
 */
export const postgresQuirks: DialectQuirks = {
  beginBatch: [
    'begin isolation level read committed',
    'select value from event_cursor where id = 1 for update',
  ],
  greatest: (a, b) => sql<number>`greatest(${a}, ${b})`,
  nextEventCursor: async (db) => {
    const r = await db.updateTable('event_cursor').set((eb) => ({ value: eb('value', '+', 1) }))
      .where('id', '=', 1).returning('value').executeTakeFirstOrThrow()
    // bigint columns arrive as strings from pg.
    return Number(r.value)
  },
  searchInbox: postgresSearchInbox,
}
