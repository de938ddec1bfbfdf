import type { Kysely } from 'kysely'
import type { ParticipantRecord, ParticipantWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { DialectQuirks } from './quirks.ts'
import type { Row } from './json-columns.ts'
import { compiledOnce } from './compiled-once.ts'

export const toParticipant = (r: Row<'participants'>): ParticipantRecord => ({
  conversationId: r.conversation_id, accountId: r.account_id, status: r.status, joinedCursor: Number(r.joined_cursor),
  leftCursor: r.left_cursor === null ? null : Number(r.left_cursor), lastReadSeq: Number(r.last_read_seq),
  visibleFromSeq: Number(r.visible_from_seq), joinedAtMs: Number(r.joined_at),
})

// Every message sent reads them (compiled once per engine: see compiled-once.ts).
const of = compiledOnce((db, $) => db.selectFrom('participants').selectAll().where('conversation_id', '=', $(0))
  .where('left_cursor', 'is', null).orderBy('joined_at').orderBy('account_id'))
const get = compiledOnce((db, $) => db.selectFrom('participants').selectAll().where('conversation_id', '=', $(0))
  .where('account_id', '=', $(1)).where('left_cursor', 'is', null))

/** The participants store. */
export class ParticipantsRepository implements ParticipantWrites {
  constructor(private readonly db: Kysely<Database>, private readonly quirks: DialectQuirks) {}

  async of(conversationId: string) {
    const { rows } = await of(this.db, this.quirks, [conversationId])
    return rows.map(toParticipant)
  }
  async ofMany(conversationIds: readonly string[]) {
    if (conversationIds.length === 0) return []
    const rows = await this.db.selectFrom('participants').selectAll().where('conversation_id', 'in', [...conversationIds])
      .where('left_cursor', 'is', null).orderBy('joined_at').orderBy('account_id').execute()
    return rows.map(toParticipant)
  }
  async get(conversationId: string, accountId: string) {
    const { rows: [r] } = await get(this.db, this.quirks, [conversationId, accountId])
    return r && toParticipant(r)
  }

  async upsert(p: ParticipantRecord) {
    const values = {
      conversation_id: p.conversationId, account_id: p.accountId, status: p.status, joined_cursor: p.joinedCursor, left_cursor: p.leftCursor,
      last_read_seq: p.lastReadSeq, visible_from_seq: p.visibleFromSeq, joined_at: p.joinedAtMs,
    }
    const { conversation_id: _c, account_id: _a, ...update } = values
    await this.db.insertInto('participants').values(values)
      .onConflict((oc) => oc.columns(['conversation_id', 'account_id']).doUpdateSet(update)).execute()
  }
  async update(conversationId: string, accountId: string, patch: Parameters<ParticipantWrites['update']>[2]) {
    const values: Partial<Database['participants']> = {}
    if (patch.status !== undefined) values.status = patch.status
    if (patch.leftCursor !== undefined) values.left_cursor = patch.leftCursor
    if (patch.lastReadSeq !== undefined) values.last_read_seq = patch.lastReadSeq
    if (patch.joinedCursor !== undefined) values.joined_cursor = patch.joinedCursor
    if (patch.visibleFromSeq !== undefined) values.visible_from_seq = patch.visibleFromSeq
    if (Object.keys(values).length) {
      await this.db.updateTable('participants').set(values).where('conversation_id', '=', conversationId).where('account_id', '=', accountId).execute()
    }
  }
}
