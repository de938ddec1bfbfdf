import type { Kysely } from 'kysely'
import type { AutomationKind, AutomationLogRecord, AutomationLogWrites } from '@parloir/core'
import type { Database } from './schema.ts'

/** The automation-log store: automated messages, counted by the anti-flood rules and quotas. */
export class AutomationLogRepository implements AutomationLogWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async count(query: { brandId: string; sinceMs: number; conversationId?: string; kind?: AutomationKind; countedOnly?: boolean }) {
    let q = this.db.selectFrom('automation_log').select((eb) => eb.fn.countAll().as('n'))
      .where('brand_id', '=', query.brandId).where('at', '>', query.sinceMs)
    if (query.conversationId !== undefined) q = q.where('conversation_id', '=', query.conversationId)
    if (query.kind !== undefined) q = q.where('kind', '=', query.kind)
    if (query.countedOnly) q = q.where('counted', '=', 1)
    const r = await q.executeTakeFirst()
    return Number(r?.n ?? 0)
  }

  async insert(a: AutomationLogRecord) {
    await this.db.insertInto('automation_log').values({
      id: a.id, brand_id: a.brandId, conversation_id: a.conversationId, kind: a.kind, counted: a.counted ? 1 : 0, at: a.atMs,
    }).execute()
  }
}
