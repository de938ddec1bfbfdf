import { sql, type Kysely } from 'kysely'
import type { ConversationListItem, ConversationRecord, ConversationWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { DialectQuirks } from './quirks.ts'
import type { Row } from './json-columns.ts'
import { compiledOnce } from './compiled-once.ts'
import { toParticipant } from './participants.ts'

const toConversation = (r: Row<'conversations'>): ConversationRecord => ({
  id: r.id, kind: r.kind, pairKey: r.pair_key, name: r.name, avatarMediaId: r.avatar_media_id, createdBy: r.created_by,
  createdAtMs: Number(r.created_at), updatedAtMs: Number(r.updated_at), lastSeq: Number(r.last_seq), lastMessageAtMs: Number(r.last_message_at),
  source: r.source,
})

// Every message sent runs these (compiled once per engine: see compiled-once.ts).
const byId = compiledOnce((db, $) => db.selectFrom('conversations').selectAll().where('id', '=', $(0)))
const nextSeq = compiledOnce((db, $) => db.updateTable('conversations').set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_message_at: $(1) }))
  .where('id', '=', $(0)).returning('last_seq'))

/**
 * The conversations store. Integer columns are `bigint` on PostgreSQL, which pg returns as
 * strings: every number read goes through Number() (so in every repository).
 */
export class ConversationsRepository implements ConversationWrites {
  constructor(private readonly db: Kysely<Database>, private readonly quirks: DialectQuirks) {}

  async byId(id: string) {
    const { rows: [r] } = await byId(this.db, this.quirks, [id])
    return r && toConversation(r)
  }
  async byPairKey(pairKey: string) {
    const r = await this.db.selectFrom('conversations').selectAll().where('pair_key', '=', pairKey).executeTakeFirst()
    return r && toConversation(r)
  }
  async list(accountId: string, status: 'accepted' | 'request', limit: number, before: { atMs: number; id: string } | null): Promise<ConversationListItem[]> {
    let query = this.db.selectFrom('participants as p').innerJoin('conversations as c', 'c.id', 'p.conversation_id')
      .selectAll('c')
      .select(['p.status', 'p.joined_cursor', 'p.left_cursor', 'p.last_read_seq', 'p.visible_from_seq', 'p.joined_at', 'p.account_id', 'p.conversation_id'])
      .select(sql<number>`(select count(*) from messages m where m.conversation_id = c.id and m.seq > ${this.quirks.greatest(sql.ref('p.last_read_seq'), sql.ref('p.visible_from_seq'))} and m.sender_id <> p.account_id and m.kind = 'text')`.as('unread'))
      .where('p.account_id', '=', accountId).where('p.status', '=', status).where('p.left_cursor', 'is', null)
      .where((eb) => eb.or([eb('c.last_seq', '>', eb.ref('p.visible_from_seq')), eb('c.created_by', '=', accountId)]))
    if (before) {
      query = query.where((eb) => eb.or([
        eb('c.last_message_at', '<', before.atMs),
        eb.and([eb('c.last_message_at', '=', before.atMs), eb('c.id', '<', before.id)]),
      ]))
    }
    const rows = await query.orderBy('c.last_message_at', 'desc').orderBy('c.id', 'desc').limit(limit).execute()
    return rows.map((r) => ({
      conversation: toConversation(r),
      viewer: toParticipant({ ...r, conversation_id: r.id }),
      unreadCount: Number(r.unread),
    }))
  }

  async insert(c: ConversationRecord) {
    const result = await this.db.insertInto('conversations').values({
      id: c.id, kind: c.kind, pair_key: c.pairKey, name: c.name, avatar_media_id: c.avatarMediaId, created_by: c.createdBy,
      created_at: c.createdAtMs, updated_at: c.updatedAtMs, last_seq: c.lastSeq, last_message_at: c.lastMessageAtMs, source: c.source,
    }).onConflict((oc) => oc.column('pair_key').doNothing()).executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
  }
  async update(id: string, patch: Parameters<ConversationWrites['update']>[1]) {
    const values: Partial<Database['conversations']> = {}
    if (patch.name !== undefined) values.name = patch.name
    if (patch.avatarMediaId !== undefined) values.avatar_media_id = patch.avatarMediaId
    if (patch.updatedAtMs !== undefined) values.updated_at = patch.updatedAtMs
    if (Object.keys(values).length) await this.db.updateTable('conversations').set(values).where('id', '=', id).execute()
  }
  async nextSeq(conversationId: string, atMs: number) {
    const { rows: [r] } = await nextSeq(this.db, this.quirks, [conversationId, atMs])
    if (!r) throw new Error(`no conversation ${conversationId}`)
    return Number(r.last_seq)
  }
}
