import type { Kysely } from 'kysely'
import type { ReportRecord, SafetyWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { DialectQuirks } from './quirks.ts'
import { compiledOnce } from './compiled-once.ts'

/** Every 1:1 message sent asks (compiled once per engine: see compiled-once.ts). */
const eitherBlocks = compiledOnce((db, $) => db.selectFrom('blocks').select('blocker_id')
  .where((eb) => eb.or([eb.and([eb('blocker_id', '=', $(0)), eb('blocked_id', '=', $(1))]), eb.and([eb('blocker_id', '=', $(1)), eb('blocked_id', '=', $(0))])]))
  .limit(1))

/** The safety store: blocks between accounts, and reports. */
export class SafetyRepository implements SafetyWrites {
  constructor(private readonly db: Kysely<Database>, private readonly quirks: DialectQuirks) {}

  async eitherBlocks(a: string, b: string) {
    const { rows } = await eitherBlocks(this.db, this.quirks, [a, b])
    return rows.length > 0
  }
  async blockedBy(blockerId: string) {
    return (await this.db.selectFrom('blocks').select('blocked_id').where('blocker_id', '=', blockerId).execute()).map((r) => r.blocked_id)
  }

  async block(blockerId: string, blockedId: string, atMs: number) {
    await this.db.insertInto('blocks').values({ blocker_id: blockerId, blocked_id: blockedId, created_at: atMs })
      .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing()).execute()
  }
  async unblock(blockerId: string, blockedId: string) {
    await this.db.deleteFrom('blocks').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).execute()
  }
  async insertReport(r: ReportRecord) {
    await this.db.insertInto('reports').values({
      id: r.id, reporter_id: r.reporterId, target_account_id: r.targetAccountId, conversation_id: r.conversationId,
      message_id: r.messageId, reason: r.reason, created_at: r.createdAtMs,
    }).execute()
  }
}
