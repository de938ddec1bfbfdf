import { sql, type Kysely } from 'kysely'
import type { BrandRole } from '@parloir/protocol'
import type {
  AccountRecord, ConversationListItem, ConversationRecord, EventRecord, MediaRecord, MessageRecord, NewEvent,
  ParticipantRecord, SessionRecord, StorageTx,
} from '@parloir/core'
import type { Database } from './schema.ts'
import type { DialectQuirks } from './quirks.ts'
import { WebhooksRepository } from './webhooks.ts'

import { json, type Row } from './json-columns.ts'
import { compiledOnce } from './compiled-once.ts'

const toAccount = (r: Row<'accounts'>): AccountRecord => ({
  id: r.id, kind: r.kind, handle: r.handle, displayName: r.display_name, bio: r.bio, avatarMediaId: r.avatar_media_id,
  passwordHash: r.password_hash, email: r.email,
  settings: { receiveMessagesFromAnyone: Number(r.receive_from_anyone) === 1, sendReadReceipts: Number(r.send_read_receipts) === 1 },
  createdAtMs: Number(r.created_at),
})
const toSession = (r: Row<'sessions'>): SessionRecord => ({
  id: r.id, accountId: r.account_id, tokenHash: r.token_hash, csrfToken: r.csrf_token, userAgent: r.user_agent,
  createdAtMs: Number(r.created_at), lastSeenAtMs: Number(r.last_seen_at), expiresAtMs: Number(r.expires_at),
  revokedAtMs: r.revoked_at === null ? null : Number(r.revoked_at),
})
const toConversation = (r: Row<'conversations'>): ConversationRecord => ({
  id: r.id, kind: r.kind, pairKey: r.pair_key, name: r.name, avatarMediaId: r.avatar_media_id, createdBy: r.created_by,
  createdAtMs: Number(r.created_at), updatedAtMs: Number(r.updated_at), lastSeq: Number(r.last_seq), lastMessageAtMs: Number(r.last_message_at),
  source: r.source,
})
const toParticipant = (r: Row<'participants'>): ParticipantRecord => ({
  conversationId: r.conversation_id, accountId: r.account_id, status: r.status, joinedCursor: Number(r.joined_cursor),
  leftCursor: r.left_cursor === null ? null : Number(r.left_cursor), lastReadSeq: Number(r.last_read_seq),
  visibleFromSeq: Number(r.visible_from_seq), joinedAtMs: Number(r.joined_at),
})
const toMessage = (r: Row<'messages'>): MessageRecord => ({
  id: r.id, conversationId: r.conversation_id, seq: Number(r.seq), senderId: r.sender_id, sentBy: r.sent_by, kind: r.kind,
  text: r.text, entities: JSON.parse(r.entities), quickReply: json(r.quick_reply), quickReplyResponse: json(r.quick_reply_response),
  buttons: JSON.parse(r.buttons), attachmentMediaId: r.attachment_media_id, system: json(r.system),
  customProfile: json(r.custom_profile), automation: r.automation, clientMessageId: r.client_message_id,
  bodyHash: r.body_hash, createdAtMs: Number(r.created_at), unsentAtMs: r.unsent_at === null ? null : Number(r.unsent_at),
  appId: r.app_id,
})
const toMedia = (r: Row<'media'>): MediaRecord => ({
  id: r.id, ownerAccountId: r.owner_account_id, kind: r.kind, mimeType: r.mime_type, sizeBytes: Number(r.size_bytes),
  width: r.width === null ? null : Number(r.width), height: r.height === null ? null : Number(r.height), fileName: r.file_name,
  storageKey: r.storage_key, thumbnailKey: r.thumbnail_key, messageId: r.message_id, createdAtMs: Number(r.created_at),
})

/** The queries every message sent runs, compiled once per engine (see compiled-once.ts). */
const hot = {
  accountById: compiledOnce((db, $) => db.selectFrom('accounts').selectAll().where('id', '=', $(0))),
  conversationById: compiledOnce((db, $) => db.selectFrom('conversations').selectAll().where('id', '=', $(0))),
  participants: compiledOnce((db, $) => db.selectFrom('participants').selectAll().where('conversation_id', '=', $(0))
    .where('left_cursor', 'is', null).orderBy('joined_at').orderBy('account_id')),
  participant: compiledOnce((db, $) => db.selectFrom('participants').selectAll().where('conversation_id', '=', $(0))
    .where('account_id', '=', $(1)).where('left_cursor', 'is', null)),
  messageByClientId: compiledOnce((db, $) => db.selectFrom('messages').selectAll().where('conversation_id', '=', $(0))
    .where('sender_id', '=', $(1)).where('client_message_id', '=', $(2))),
  eitherBlocks: compiledOnce((db, $) => db.selectFrom('blocks').select('blocker_id')
    .where((eb) => eb.or([eb.and([eb('blocker_id', '=', $(0)), eb('blocked_id', '=', $(1))]), eb.and([eb('blocker_id', '=', $(1)), eb('blocked_id', '=', $(0))])]))
    .limit(1)),
  nextSeq: compiledOnce((db, $) => db.updateTable('conversations').set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_message_at: $(1) }))
    .where('id', '=', $(0)).returning('last_seq')),
  // The unique client id index decides, in the statement itself: catching the unique violation
  // instead would leave a PostgreSQL transaction aborted for whatever the caller does next.
  // A null client id never conflicts; a clash on seq still throws.
  insertMessage: compiledOnce((db, $) => db.insertInto('messages').values({
    id: $(0), conversation_id: $(1), seq: $(2), sender_id: $(3), sent_by: $(4), kind: $(5), text: $(6), entities: $(7), quick_reply: $(8),
    quick_reply_response: $(9), buttons: $(10), attachment_media_id: $(11), system: $(12), client_message_id: $(13), custom_profile: $(14),
    automation: $(15), body_hash: $(16), created_at: $(17), unsent_at: $(18), app_id: $(19),
  }).onConflict((oc) => oc.columns(['conversation_id', 'sender_id', 'client_message_id']).doNothing())),
  appendEvent: compiledOnce((db, $) => db.insertInto('events').values({
    name: $(0), conversation_id: $(1), account_id: $(2), data: $(3), receipt: $(4), created_at: $(5),
  }).returning('cursor')),
  // Where the engine's own key would not follow commit order, the cursor comes from a counter
  // (see postgres/postgres-quirks.ts).
  appendEventAt: compiledOnce((db, $) => db.insertInto('events').values({
    name: $(0), conversation_id: $(1), account_id: $(2), data: $(3), receipt: $(4), created_at: $(5), cursor: $(6),
  }).returning('cursor')),
}

/**
 * The storage port written once in Kysely. One instance reads; inside a transaction another,
 * bound to the transaction's connection, also writes. What differs between engines comes from
 * `quirks`. Integer columns are `bigint` on PostgreSQL, which pg returns as strings: every
 * number read goes through Number().
 */
export class Repository extends WebhooksRepository implements StorageTx {
  readonly #hooks: Array<() => void> = []

  constructor(db: Kysely<Database>, private readonly quirks: DialectQuirks) { super(db) }

  /** The after-commit hooks registered so far, in order. */
  get hooks(): ReadonlyArray<() => void> { return this.#hooks }

  afterCommit(fn: () => void): void { this.#hooks.push(fn) }

  async accountById(id: string) {
    const { rows: [r] } = await hot.accountById(this.db, this.quirks, [id])
    return r && toAccount(r)
  }
  async accountByHandle(handle: string) {
    const r = await this.db.selectFrom('accounts').selectAll().where('handle_key', '=', handle.toLowerCase()).executeTakeFirst()
    return r && toAccount(r)
  }
  async accountsByIds(ids: readonly string[]) {
    if (ids.length === 0) return []
    return (await this.db.selectFrom('accounts').selectAll().where('id', 'in', [...ids]).execute()).map(toAccount)
  }
  async sessionByTokenHash(tokenHash: string) {
    const r = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
    return r && toSession(r)
  }
  async sessionById(id: string) {
    const r = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toSession(r)
  }
  async openSessions(accountId: string, nowMs: number) {
    const rows = await this.db.selectFrom('sessions').selectAll().where('account_id', '=', accountId)
      .where('revoked_at', 'is', null).where('expires_at', '>', nowMs).orderBy('created_at', 'desc').execute()
    return rows.map(toSession)
  }
  async brandRole(brandId: string, accountId: string) {
    const r = await this.db.selectFrom('brand_members').select('role').where('brand_id', '=', brandId).where('account_id', '=', accountId).executeTakeFirst()
    return r?.role as BrandRole | undefined
  }
  async brandsOf(accountId: string) {
    const rows = await this.db.selectFrom('brand_members').select(['brand_id', 'role']).where('account_id', '=', accountId).orderBy('created_at').execute()
    return rows.map((r) => ({ brandId: r.brand_id, role: r.role as BrandRole }))
  }
  async brandMembers(brandId: string) {
    const rows = await this.db.selectFrom('brand_members').select(['account_id', 'role']).where('brand_id', '=', brandId).orderBy('created_at').execute()
    return rows.map((r) => ({ accountId: r.account_id, role: r.role as BrandRole }))
  }
  async eitherBlocks(a: string, b: string) {
    const { rows } = await hot.eitherBlocks(this.db, this.quirks, [a, b])
    return rows.length > 0
  }
  async blockedBy(blockerId: string) {
    return (await this.db.selectFrom('blocks').select('blocked_id').where('blocker_id', '=', blockerId).execute()).map((r) => r.blocked_id)
  }
  async conversationById(id: string) {
    const { rows: [r] } = await hot.conversationById(this.db, this.quirks, [id])
    return r && toConversation(r)
  }
  async conversationByPairKey(pairKey: string) {
    const r = await this.db.selectFrom('conversations').selectAll().where('pair_key', '=', pairKey).executeTakeFirst()
    return r && toConversation(r)
  }
  async participants(conversationId: string) {
    const { rows } = await hot.participants(this.db, this.quirks, [conversationId])
    return rows.map(toParticipant)
  }
  async participantsOf(conversationIds: readonly string[]) {
    if (conversationIds.length === 0) return []
    const rows = await this.db.selectFrom('participants').selectAll().where('conversation_id', 'in', [...conversationIds])
      .where('left_cursor', 'is', null).orderBy('joined_at').orderBy('account_id').execute()
    return rows.map(toParticipant)
  }
  async participant(conversationId: string, accountId: string) {
    const { rows: [r] } = await hot.participant(this.db, this.quirks, [conversationId, accountId])
    return r && toParticipant(r)
  }
  async listConversations(accountId: string, status: 'accepted' | 'request', limit: number, before: { atMs: number; id: string } | null): Promise<ConversationListItem[]> {
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
  async listMessages(conversationId: string, viewerId: string, range: { beforeSeq?: number; afterSeq?: number; visibleFromSeq: number; limit: number }) {
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
  async unreadCount(conversationId: string, viewer: ParticipantRecord) {
    const r = await this.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('conversation_id', '=', conversationId).where('seq', '>', Math.max(viewer.lastReadSeq, viewer.visibleFromSeq))
      .where('sender_id', '<>', viewer.accountId).where('kind', '=', 'text').executeTakeFirst()
    return Number(r?.n ?? 0)
  }
  async messageById(id: string) {
    const r = await this.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toMessage(r)
  }
  async lastMessages(conversationIds: readonly string[]) {
    if (conversationIds.length === 0) return []
    const rows = await this.db.selectFrom('messages as m').innerJoin('conversations as c', (j) => j.onRef('c.id', '=', 'm.conversation_id').onRef('c.last_seq', '=', 'm.seq'))
      .selectAll('m').where('m.conversation_id', 'in', [...conversationIds]).execute()
    return rows.map(toMessage)
  }
  async latestMessageBy(conversationId: string, senderId: string) {
    const r = await this.db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).where('sender_id', '=', senderId)
      .orderBy('seq', 'desc').limit(1).executeTakeFirst()
    return r && toMessage(r)
  }
  async messageByClientId(conversationId: string, senderId: string, clientMessageId: string) {
    const { rows: [r] } = await hot.messageByClientId(this.db, this.quirks, [conversationId, senderId, clientMessageId])
    return r && toMessage(r)
  }
  async mediaById(id: string) {
    const r = await this.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toMedia(r)
  }
  async mediaByIds(ids: readonly string[]) {
    if (ids.length === 0) return []
    return (await this.db.selectFrom('media').selectAll().where('id', 'in', [...ids]).execute()).map(toMedia)
  }
  async canReadMedia(mediaId: string, accountIds: readonly string[]) {
    if (await this.isPublicMedia(mediaId)) return true
    if (accountIds.length === 0) return false
    const inMessage = await this.db.selectFrom('media as md')
      .innerJoin('messages as m', 'm.id', 'md.message_id')
      .innerJoin('participants as p', 'p.conversation_id', 'm.conversation_id')
      .select('md.id').where('md.id', '=', mediaId).where('m.unsent_at', 'is', null)
      .where('p.account_id', 'in', [...accountIds]).where('p.left_cursor', 'is', null)
      .whereRef('m.seq', '>', 'p.visible_from_seq').executeTakeFirst()
    if (inMessage) return true
    const groupAvatar = await this.db.selectFrom('conversations as c').innerJoin('participants as p', 'p.conversation_id', 'c.id')
      .select('c.id').where('c.avatar_media_id', '=', mediaId).where('p.account_id', 'in', [...accountIds]).where('p.left_cursor', 'is', null)
      .executeTakeFirst()
    return groupAvatar !== undefined
  }
  async eventsAfter(cursor: number, accountIds: readonly string[], limit: number): Promise<Array<EventRecord & { audience: string[] }>> {
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

  // Writes.

  async insertAccount(a: AccountRecord) {
    await this.db.insertInto('accounts').values({
      id: a.id, kind: a.kind, handle: a.handle, handle_key: a.handle.toLowerCase(), display_name: a.displayName, bio: a.bio,
      avatar_media_id: a.avatarMediaId, password_hash: a.passwordHash, receive_from_anyone: a.settings.receiveMessagesFromAnyone ? 1 : 0,
      send_read_receipts: a.settings.sendReadReceipts ? 1 : 0, created_at: a.createdAtMs, email: a.email,
    }).execute()
  }
  async updateAccount(id: string, patch: Partial<Pick<AccountRecord, 'displayName' | 'bio' | 'avatarMediaId' | 'settings' | 'email'>>) {
    const values: Partial<Database['accounts']> = {}
    if (patch.email !== undefined) values.email = patch.email
    if (patch.displayName !== undefined) values.display_name = patch.displayName
    if (patch.bio !== undefined) values.bio = patch.bio
    if (patch.avatarMediaId !== undefined) values.avatar_media_id = patch.avatarMediaId
    if (patch.settings) {
      values.receive_from_anyone = patch.settings.receiveMessagesFromAnyone ? 1 : 0
      values.send_read_receipts = patch.settings.sendReadReceipts ? 1 : 0
    }
    if (Object.keys(values).length) await this.db.updateTable('accounts').set(values).where('id', '=', id).execute()
  }
  async insertSession(s: SessionRecord) {
    await this.db.insertInto('sessions').values({
      id: s.id, account_id: s.accountId, token_hash: s.tokenHash, csrf_token: s.csrfToken, user_agent: s.userAgent,
      created_at: s.createdAtMs, last_seen_at: s.lastSeenAtMs, expires_at: s.expiresAtMs, revoked_at: s.revokedAtMs,
    }).execute()
  }
  async touchSession(id: string, lastSeenAtMs: number) {
    await this.db.updateTable('sessions').set({ last_seen_at: lastSeenAtMs }).where('id', '=', id).execute()
  }
  async revokeSession(id: string, atMs: number) {
    await this.db.updateTable('sessions').set({ revoked_at: atMs }).where('id', '=', id).where('revoked_at', 'is', null).execute()
  }
  async setBrandRole(brandId: string, accountId: string, role: BrandRole, atMs: number) {
    await this.db.insertInto('brand_members').values({ brand_id: brandId, account_id: accountId, role, created_at: atMs })
      .onConflict((oc) => oc.columns(['brand_id', 'account_id']).doUpdateSet({ role })).execute()
  }
  async removeBrandMember(brandId: string, accountId: string) {
    await this.db.deleteFrom('brand_members').where('brand_id', '=', brandId).where('account_id', '=', accountId).execute()
  }
  async setBlock(blockerId: string, blockedId: string, atMs: number) {
    await this.db.insertInto('blocks').values({ blocker_id: blockerId, blocked_id: blockedId, created_at: atMs })
      .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing()).execute()
  }
  async removeBlock(blockerId: string, blockedId: string) {
    await this.db.deleteFrom('blocks').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).execute()
  }
  async insertReport(r: { id: string; reporterId: string; targetAccountId: string; conversationId: string | null; messageId: string | null; reason: string; createdAtMs: number }) {
    await this.db.insertInto('reports').values({
      id: r.id, reporter_id: r.reporterId, target_account_id: r.targetAccountId, conversation_id: r.conversationId,
      message_id: r.messageId, reason: r.reason, created_at: r.createdAtMs,
    }).execute()
  }
  async insertConversation(c: ConversationRecord) {
    const result = await this.db.insertInto('conversations').values({
      id: c.id, kind: c.kind, pair_key: c.pairKey, name: c.name, avatar_media_id: c.avatarMediaId, created_by: c.createdBy,
      created_at: c.createdAtMs, updated_at: c.updatedAtMs, last_seq: c.lastSeq, last_message_at: c.lastMessageAtMs, source: c.source,
    }).onConflict((oc) => oc.column('pair_key').doNothing()).executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
  }
  async updateConversation(id: string, patch: Partial<Pick<ConversationRecord, 'name' | 'avatarMediaId' | 'updatedAtMs'>>) {
    const values: Partial<Database['conversations']> = {}
    if (patch.name !== undefined) values.name = patch.name
    if (patch.avatarMediaId !== undefined) values.avatar_media_id = patch.avatarMediaId
    if (patch.updatedAtMs !== undefined) values.updated_at = patch.updatedAtMs
    if (Object.keys(values).length) await this.db.updateTable('conversations').set(values).where('id', '=', id).execute()
  }
  async upsertParticipant(p: ParticipantRecord) {
    const values = {
      conversation_id: p.conversationId, account_id: p.accountId, status: p.status, joined_cursor: p.joinedCursor, left_cursor: p.leftCursor,
      last_read_seq: p.lastReadSeq, visible_from_seq: p.visibleFromSeq, joined_at: p.joinedAtMs,
    }
    const { conversation_id: _c, account_id: _a, ...update } = values
    await this.db.insertInto('participants').values(values)
      .onConflict((oc) => oc.columns(['conversation_id', 'account_id']).doUpdateSet(update)).execute()
  }
  async updateParticipant(conversationId: string, accountId: string, patch: Partial<Pick<ParticipantRecord, 'status' | 'leftCursor' | 'lastReadSeq' | 'joinedCursor' | 'visibleFromSeq'>>) {
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
  async nextSeq(conversationId: string, atMs: number) {
    const { rows: [r] } = await hot.nextSeq(this.db, this.quirks, [conversationId, atMs])
    if (!r) throw new Error(`no conversation ${conversationId}`)
    return Number(r.last_seq)
  }
  async insertMessage(m: MessageRecord) {
    const r = await hot.insertMessage(this.db, this.quirks, [
      m.id, m.conversationId, m.seq, m.senderId, m.sentBy, m.kind, m.text, JSON.stringify(m.entities), m.quickReply && JSON.stringify(m.quickReply),
      m.quickReplyResponse && JSON.stringify(m.quickReplyResponse), JSON.stringify(m.buttons), m.attachmentMediaId, m.system && JSON.stringify(m.system),
      m.clientMessageId, m.customProfile && JSON.stringify(m.customProfile), m.automation, m.bodyHash, m.createdAtMs, m.unsentAtMs, m.appId ?? null,
    ])
    return Number(r.numAffectedRows ?? 0) === 1
  }
  async unsendMessage(id: string, atMs: number) {
    await this.db.updateTable('messages').set({
      text: '', entities: JSON.stringify({ urls: [], mentions: [], hashtags: [] }), quick_reply: null, quick_reply_response: null,
      buttons: '[]', attachment_media_id: null, unsent_at: atMs,
    }).where('id', '=', id).execute()
  }
  async hideMessage(accountId: string, messageId: string) {
    await this.db.insertInto('message_hides').values({ account_id: accountId, message_id: messageId })
      .onConflict((oc) => oc.columns(['account_id', 'message_id']).doNothing()).execute()
  }
  async insertMedia(m: MediaRecord) {
    await this.db.insertInto('media').values({
      id: m.id, owner_account_id: m.ownerAccountId, kind: m.kind, mime_type: m.mimeType, size_bytes: m.sizeBytes, width: m.width,
      height: m.height, file_name: m.fileName, storage_key: m.storageKey, thumbnail_key: m.thumbnailKey, message_id: m.messageId,
      created_at: m.createdAtMs,
    }).execute()
  }
  async attachMedia(mediaId: string, messageId: string) {
    const r = await this.db.updateTable('media').set({ message_id: messageId }).where('id', '=', mediaId).where('message_id', 'is', null).executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }
  async deleteMedia(id: string) {
    await this.db.deleteFrom('media').where('id', '=', id).execute()
  }
  async appendEvent(e: NewEvent) {
    const values = [e.name, e.conversationId ?? null, e.accountId ?? null, JSON.stringify(e.data), e.receipt ? JSON.stringify(e.receipt) : null, Date.now()]
    const { rows: [r] } = this.quirks.nextEventCursor
      ? await hot.appendEventAt(this.db, this.quirks, [...values, await this.quirks.nextEventCursor(this.db)])
      : await hot.appendEvent(this.db, this.quirks, values)
    if (!r) throw new Error('the event was not written')
    return Number(r.cursor)
  }

  // ---- Twitter-compatible DM events ----
  async accountMessages(accountId: string, query: { sinceMs: number; beforeId?: string; conversationId?: string; kind?: 'text' | 'system'; directOnly?: boolean; limit: number }) {
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
}
