import { sql } from 'kysely'
import type { DialectQuirks } from '../quirks.ts'
import { sqliteSearchInbox } from './sqlite-search.ts'

export const sqliteQuirks: DialectQuirks = {
  // IMMEDIATE takes the write lock at once, so a batch never fails half-way on SQLITE_BUSY.
  beginBatch: ['begin immediate'],
  greatest: (a, b) => sql<number>`max(${a}, ${b})`,
  // AUTOINCREMENT with one writer at a time (the group committer, and the database's write lock
  // across processes) hands out cursors in commit order: no counter needed.
  nextEventCursor: null,
  searchInbox: sqliteSearchInbox,
}
