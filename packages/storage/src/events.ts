import { sql, type Kysely } from 'kysely'
import type { EventRecord, EventWrites, NewEvent } from '@parloir/core'
import type { Database } from './schema.ts'
import type { DialectQuirks } from './quirks.ts'
import { json } from './json-columns.ts'
import { compiledOnce } from './compiled-once.ts'

// Every message sent appends one (compiled once per engine: see compiled-once.ts).
const append = compiledOnce((db, $) => db.insertInto('events').values({
  name: $(0), conversation_id: $(1), account_id: $(2), data: $(3), receipt: $(4), created_at: $(5),
}).returning('cursor'))
// Where the engine's own key would not follow commit order, the cursor comes from a counter
// (see postgres/postgres-quirks.ts).
const appendAt = compiledOnce((db, $) => db.insertInto('events').values({
  name: $(0), conversation_id: $(1), account_id: $(2), data: $(3), receipt: $(4), created_at: $(5), cursor: $(6),
}).returning('cursor'))

/** The events store: the durable event log. */
export class EventsRepository implements EventWrites {
  constructor(private readonly db: Kysely<Database>, private readonly quirks: DialectQuirks) {}

  async after(cursor: number, accountIds: readonly string[], limit: number): Promise<Array<EventRecord & { audience: string[] }>> {
    if (accountIds.length === 0) return []
    const ids = [...accountIds]
    const rows = await this.db.selectFrom('events as e')
      .innerJoin('participants as p', 'p.conversation_id', 'e.conversation_id')
      .select(['e.cursor', 'e.name', 'e.conversation_id', 'e.account_id', 'e.data', 'e.receipt'])
      .select(sql<string | null>`p.account_id`.as('audience'))
      .where('e.cursor', '>', cursor).where('p.account_id', 'in', ids)
      .whereRef('e.cursor', '>=', 'p.joined_cursor')
      .where((eb) => eb.or([eb('p.left_cursor', 'is', null), eb('e.cursor', '<', eb.ref('p.left_cursor'))]))
      .unionAll(this.db.selectFrom('events as e')
        .select(['e.cursor', 'e.name', 'e.conversation_id', 'e.account_id', 'e.data', 'e.receipt', 'e.account_id as audience'])
        .where('e.cursor', '>', cursor).where('e.account_id', 'in', ids))
      .orderBy('cursor').limit(limit).execute()
    const byCursor = new Map<number, EventRecord & { audience: string[] }>()
    for (const r of rows) {
      const at = Number(r.cursor)
      const existing = byCursor.get(at)
      if (existing) { existing.audience.push(r.audience ?? ''); continue }
      byCursor.set(at, {
        cursor: at, name: r.name as EventRecord['name'], conversationId: r.conversation_id, accountId: r.account_id,
        data: JSON.parse(r.data), receipt: json(r.receipt), audience: [r.audience ?? ''],
      })
    }
    const events = [...byCursor.values()]
    // A full page may have cut the last event's audience short: leave it for the next page.
    if (rows.length === limit && events.length > 1) events.pop()
    return events
  }
  async latestCursor() {
    const r = await this.db.selectFrom('events').select((eb) => eb.fn.max('cursor').as('c')).executeTakeFirst()
    return Number(r?.c ?? 0)
  }
  async oldestCursor() {
    const r = await this.db.selectFrom('events').select((eb) => eb.fn.min('cursor').as('c')).executeTakeFirst()
    return r?.c === null || r?.c === undefined ? null : Number(r.c)
  }

  async append(e: NewEvent) {
    const values = [e.name, e.conversationId ?? null, e.accountId ?? null, JSON.stringify(e.data), e.receipt ? JSON.stringify(e.receipt) : null, Date.now()]
    const { rows: [r] } = this.quirks.nextEventCursor
      ? await appendAt(this.db, this.quirks, [...values, await this.quirks.nextEventCursor(this.db)])
      : await append(this.db, this.quirks, values)
    if (!r) throw new Error('the event was not written')
    return Number(r.cursor)
  }
}
