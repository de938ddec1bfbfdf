import type { Kysely } from 'kysely'
import type { MessageRecord, MessageWrites, ParticipantRecord } from '@parloir/core'
import type { Database } from './schema.ts'
import type { DialectQuirks } from './quirks.ts'
import { json, type Row } from './json-columns.ts'
import { compiledOnce } from './compiled-once.ts'

const toMessage = (r: Row<'messages'>): MessageRecord => ({
  id: r.id, conversationId: r.conversation_id, seq: Number(r.seq), senderId: r.sender_id, sentBy: r.sent_by, kind: r.kind,
  text: r.text, entities: JSON.parse(r.entities), quickReply: json(r.quick_reply), quickReplyResponse: json(r.quick_reply_response),
  buttons: JSON.parse(r.buttons), attachmentMediaId: r.attachment_media_id, system: json(r.system),
  customProfile: json(r.custom_profile), automation: r.automation, clientMessageId: r.client_message_id,
  bodyHash: r.body_hash, createdAtMs: Number(r.created_at), unsentAtMs: r.unsent_at === null ? null : Number(r.unsent_at),
  appId: r.app_id,
})

// Every message sent runs these (compiled once per engine: see compiled-once.ts).
const byClientId = compiledOnce((db, $) => db.selectFrom('messages').selectAll().where('conversation_id', '=', $(0))
  .where('sender_id', '=', $(1)).where('client_message_id', '=', $(2)))
// The unique client id index decides, in the statement itself: catching the unique violation
// instead would leave a PostgreSQL transaction aborted for whatever the caller does next.
// A null client id never conflicts; a clash on seq still throws.
const insert = compiledOnce((db, $) => db.insertInto('messages').values({
  id: $(0), conversation_id: $(1), seq: $(2), sender_id: $(3), sent_by: $(4), kind: $(5), text: $(6), entities: $(7), quick_reply: $(8),
  quick_reply_response: $(9), buttons: $(10), attachment_media_id: $(11), system: $(12), client_message_id: $(13), custom_profile: $(14),
  automation: $(15), body_hash: $(16), created_at: $(17), unsent_at: $(18), app_id: $(19),
}).onConflict((oc) => oc.columns(['conversation_id', 'sender_id', 'client_message_id']).doNothing()))

/** The messages store. */
export class MessagesRepository implements MessageWrites {
  constructor(private readonly db: Kysely<Database>, private readonly quirks: DialectQuirks) {}

  async byId(id: string) {
    const r = await this.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toMessage(r)
  }
  async byClientId(conversationId: string, senderId: string, clientMessageId: string) {
    const { rows: [r] } = await byClientId(this.db, this.quirks, [conversationId, senderId, clientMessageId])
    return r && toMessage(r)
  }
  async list(conversationId: string, viewerId: string, range: { beforeSeq?: number; afterSeq?: number; visibleFromSeq: number; limit: number }) {
    let query = this.db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId)
      .where('seq', '>', Math.max(range.visibleFromSeq, range.afterSeq ?? 0))
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('message_hides as h').select('h.message_id')
        .whereRef('h.message_id', '=', 'messages.id').where('h.account_id', '=', viewerId))))
    if (range.beforeSeq !== undefined) query = query.where('seq', '<', range.beforeSeq)
    if (range.afterSeq !== undefined) {
      return (await query.orderBy('seq', 'asc').limit(range.limit).execute()).map(toMessage)
    }
    return (await query.orderBy('seq', 'desc').limit(range.limit).execute()).map(toMessage).reverse()
  }
  async lastOf(conversationIds: readonly string[]) {
    if (conversationIds.length === 0) return []
    const rows = await this.db.selectFrom('messages as m').innerJoin('conversations as c', (j) => j.onRef('c.id', '=', 'm.conversation_id').onRef('c.last_seq', '=', 'm.seq'))
      .selectAll('m').where('m.conversation_id', 'in', [...conversationIds]).execute()
    return rows.map(toMessage)
  }
  async atSeqs(positions: ReadonlyArray<{ conversationId: string; seq: number }>) {
    if (positions.length === 0) return []
    const rows = await this.db.selectFrom('messages').selectAll()
      .where((eb) => eb.or(positions.map((p) => eb.and([eb('conversation_id', '=', p.conversationId), eb('seq', '=', p.seq)]))))
      .execute()
    return rows.map(toMessage)
  }
  async firstBy(conversationId: string, senderId: string) {
    const r = await this.db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).where('sender_id', '=', senderId)
      .orderBy('seq', 'asc').limit(1).executeTakeFirst()
    return r && toMessage(r)
  }
  async latestBy(conversationId: string, senderId: string) {
    const r = await this.db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).where('sender_id', '=', senderId)
      .orderBy('seq', 'desc').limit(1).executeTakeFirst()
    return r && toMessage(r)
  }
  async unreadCount(conversationId: string, viewer: ParticipantRecord) {
    const r = await this.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('conversation_id', '=', conversationId).where('seq', '>', Math.max(viewer.lastReadSeq, viewer.visibleFromSeq))
      .where('sender_id', '<>', viewer.accountId).where('kind', '=', 'text').executeTakeFirst()
    return Number(r?.n ?? 0)
  }
  async visibleTo(accountId: string, query: Parameters<MessageWrites['visibleTo']>[1]) {
    let q = this.db.selectFrom('messages as m').innerJoin('participants as p', 'p.conversation_id', 'm.conversation_id')
      .selectAll('m').where('p.account_id', '=', accountId).where('p.left_cursor', 'is', null)
      .whereRef('m.seq', '>', 'p.visible_from_seq').where('m.created_at', '>=', query.sinceMs)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('message_hides as h').select('h.message_id')
        .whereRef('h.message_id', '=', 'm.id').where('h.account_id', '=', accountId))))
    if (query.beforeId !== undefined) q = q.where('m.id', '<', query.beforeId)
    if (query.conversationId !== undefined) q = q.where('m.conversation_id', '=', query.conversationId)
    if (query.kind !== undefined) q = q.where('m.kind', '=', query.kind)
    if (query.directOnly) q = q.where(({ exists, selectFrom }) => exists(selectFrom('conversations as c').select('c.id').whereRef('c.id', '=', 'm.conversation_id').where('c.kind', '=', 'direct')))
    return (await q.orderBy('m.id', 'desc').limit(query.limit).execute()).map(toMessage)
  }
  async count(query: { senderId?: string; appId?: string; conversationId?: string; sinceMs: number }) {
    let q = this.db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).where('created_at', '>', query.sinceMs).where('kind', '=', 'text')
    if (query.senderId !== undefined) q = q.where('sender_id', '=', query.senderId)
    if (query.appId !== undefined) q = q.where('app_id', '=', query.appId)
    if (query.conversationId !== undefined) q = q.where('conversation_id', '=', query.conversationId)
    const r = await q.executeTakeFirst()
    return Number(r?.n ?? 0)
  }

  async insert(m: MessageRecord) {
    const r = await insert(this.db, this.quirks, [
      m.id, m.conversationId, m.seq, m.senderId, m.sentBy, m.kind, m.text, JSON.stringify(m.entities), m.quickReply && JSON.stringify(m.quickReply),
      m.quickReplyResponse && JSON.stringify(m.quickReplyResponse), JSON.stringify(m.buttons), m.attachmentMediaId, m.system && JSON.stringify(m.system),
      m.clientMessageId, m.customProfile && JSON.stringify(m.customProfile), m.automation, m.bodyHash, m.createdAtMs, m.unsentAtMs, m.appId ?? null,
    ])
    return Number(r.numAffectedRows ?? 0) === 1
  }
  async unsend(id: string, atMs: number) {
    await this.db.updateTable('messages').set({
      text: '', entities: JSON.stringify({ urls: [], mentions: [], hashtags: [] }), quick_reply: null, quick_reply_response: null,
      buttons: '[]', attachment_media_id: null, unsent_at: atMs,
    }).where('id', '=', id).execute()
  }
  async hide(accountId: string, messageId: string) {
    await this.db.insertInto('message_hides').values({ account_id: accountId, message_id: messageId })
      .onConflict((oc) => oc.columns(['account_id', 'message_id']).doNothing()).execute()
  }
}
