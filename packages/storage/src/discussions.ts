import type { Kysely } from 'kysely'
import type { DiscussionChanges, DiscussionContinuationRecord, DiscussionMemberRecord, DiscussionPostRecord, DiscussionRecord, DiscussionWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'
import type { DialectQuirks } from './quirks.ts'
import { compiledOnce } from './compiled-once.ts'

const num = (v: number | string | null): number | null => (v === null ? null : Number(v))

const toDiscussion = (r: Row<'discussions'>): DiscussionRecord => ({
  id: r.id, starterId: r.starter_id, createdBy: r.created_by, title: r.title, indexable: Number(r.indexable) === 1,
  closedAtMs: num(r.closed_at), closedReason: r.closed_reason, closedBy: r.closed_by, postCount: Number(r.post_count),
  participantCount: Number(r.participant_count), createdAtMs: Number(r.created_at), lastPostAtMs: Number(r.last_post_at),
})

const toMember = (r: Row<'discussion_members'>): DiscussionMemberRecord => ({
  discussionId: r.discussion_id, accountId: r.account_id, status: r.status, addedBy: r.added_by, atMs: Number(r.at),
  // Optional in the record: only a removed (or re-added) place has one.
  ...(r.reason === null ? {} : { reason: r.reason }),
})

const toPost = (r: Row<'discussion_posts'>): DiscussionPostRecord => ({
  id: r.id, discussionId: r.discussion_id, seq: Number(r.seq), authorId: r.author_id, sentBy: r.sent_by, text: r.text,
  entities: JSON.parse(r.entities) as DiscussionPostRecord['entities'], quotePostId: r.quote_post_id, mediaId: r.media_id,
  createdAtMs: Number(r.created_at), hiddenAtMs: num(r.hidden_at), hiddenReason: r.hidden_reason, hiddenBy: r.hidden_by,
  // Optional in the record: only a hidden post whose author asked has one.
  ...(r.review_requested_at === null ? {} : { reviewRequestedAtMs: Number(r.review_requested_at) }),
})

const takingPart = ['starter', 'participant'] as const
const statuses = (which: 'taking part' | 'requested' | 'removed') => (which === 'requested' ? ['requested' as const] : which === 'removed' ? ['removed' as const] : [...takingPart])

// Every read of the public page runs these (compiled once per engine: see compiled-once.ts).
const byId = compiledOnce((db, $) => db.selectFrom('discussions').selectAll().where('id', '=', $(0)))
const postRange = compiledOnce((db, $) => db.selectFrom('discussion_posts').selectAll().where('discussion_id', '=', $(0))
  .where('seq', '>', $(1)).where('seq', '<=', $(2)).orderBy('seq'))

/** The public discussions store. */
export class DiscussionsRepository implements DiscussionWrites {
  constructor(private readonly db: Kysely<Database>, private readonly quirks: DialectQuirks) {}

  async byId(id: string) {
    const { rows: [r] } = await byId(this.db, this.quirks, [id])
    return r && toDiscussion(r)
  }
  async member(discussionId: string, accountId: string) {
    const r = await this.db.selectFrom('discussion_members').selectAll().where('discussion_id', '=', discussionId).where('account_id', '=', accountId).executeTakeFirst()
    return r && toMember(r)
  }
  async members(discussionId: string, which: 'taking part' | 'requested' | 'removed', limit: number) {
    const rows = await this.db.selectFrom('discussion_members').selectAll().where('discussion_id', '=', discussionId)
      .where('status', 'in', statuses(which)).orderBy('at').orderBy('account_id').limit(limit).execute()
    return rows.map(toMember)
  }
  async countMembers(discussionId: string, which: 'taking part' | 'requested') {
    const r = await this.db.selectFrom('discussion_members').select((eb) => eb.fn.countAll().as('n')).where('discussion_id', '=', discussionId)
      .where('status', 'in', statuses(which)).executeTakeFirst()
    return Number(r?.n ?? 0)
  }
  async ofAccounts(accountIds: readonly string[], limit: number) {
    if (accountIds.length === 0) return []
    const rows = await this.db.selectFrom('discussion_members as m').innerJoin('discussions as d', 'd.id', 'm.discussion_id')
      .selectAll('d').select(['m.account_id as m_account_id', 'm.status as m_status', 'm.added_by as m_added_by', 'm.at as m_at', 'm.reason as m_reason'])
      .where('m.account_id', 'in', [...accountIds]).orderBy('d.last_post_at', 'desc').orderBy('d.id', 'desc').limit(limit).execute()
    return rows.map((r) => ({
      discussion: toDiscussion(r),
      member: toMember({ discussion_id: r.id, account_id: r.m_account_id, status: r.m_status, added_by: r.m_added_by, at: r.m_at, reason: r.m_reason }),
    }))
  }
  async posts(discussionId: string, afterSeq: number, limit: number) {
    const { rows } = await postRange(this.db, this.quirks, [discussionId, afterSeq, afterSeq + limit])
    return rows.map(toPost)
  }
  async postsByIds(ids: readonly string[]) {
    if (ids.length === 0) return []
    return (await this.db.selectFrom('discussion_posts').selectAll().where('id', 'in', [...ids]).execute()).map(toPost)
  }

  async insert(d: DiscussionRecord) {
    await this.db.insertInto('discussions').values({
      id: d.id, starter_id: d.starterId, created_by: d.createdBy, title: d.title, indexable: d.indexable ? 1 : 0,
      closed_at: d.closedAtMs, closed_reason: d.closedReason, closed_by: d.closedBy, post_count: d.postCount,
      participant_count: d.participantCount, created_at: d.createdAtMs, last_post_at: d.lastPostAtMs,
    }).execute()
  }
  async update(id: string, changes: DiscussionChanges) {
    const values: Partial<Database['discussions']> = {}
    if (changes.title !== undefined) values.title = changes.title
    if (changes.indexable !== undefined) values.indexable = changes.indexable ? 1 : 0
    if (changes.closedAtMs !== undefined) values.closed_at = changes.closedAtMs
    if (changes.closedReason !== undefined) values.closed_reason = changes.closedReason
    if (changes.closedBy !== undefined) values.closed_by = changes.closedBy
    if (changes.participantCount !== undefined) values.participant_count = changes.participantCount
    if (Object.keys(values).length) await this.db.updateTable('discussions').set(values).where('id', '=', id).execute()
  }
  async nextSeq(discussionId: string, atMs: number) {
    const r = await this.db.updateTable('discussions').set((eb) => ({ post_count: eb('post_count', '+', 1), last_post_at: atMs }))
      .where('id', '=', discussionId).returning('post_count').executeTakeFirst()
    if (!r) throw new Error(`no discussion ${discussionId}`)
    return Number(r.post_count)
  }
  async putMember(m: DiscussionMemberRecord) {
    const values = { status: m.status, added_by: m.addedBy, at: m.atMs, reason: m.reason ?? null }
    await this.db.insertInto('discussion_members').values({ discussion_id: m.discussionId, account_id: m.accountId, ...values })
      .onConflict((oc) => oc.columns(['discussion_id', 'account_id']).doUpdateSet(values)).execute()
  }
  async removeMember(discussionId: string, accountId: string) {
    await this.db.deleteFrom('discussion_members').where('discussion_id', '=', discussionId).where('account_id', '=', accountId).execute()
  }
  async insertPost(p: DiscussionPostRecord) {
    await this.db.insertInto('discussion_posts').values({
      id: p.id, discussion_id: p.discussionId, seq: p.seq, author_id: p.authorId, sent_by: p.sentBy, text: p.text,
      entities: JSON.stringify(p.entities), quote_post_id: p.quotePostId, media_id: p.mediaId, created_at: p.createdAtMs,
      hidden_at: p.hiddenAtMs, hidden_reason: p.hiddenReason, hidden_by: p.hiddenBy, review_requested_at: p.reviewRequestedAtMs ?? null,
    }).execute()
  }
  async setPostHidden(postId: string, hidden: { atMs: number; reason: string; by: string } | null) {
    await this.db.updateTable('discussion_posts')
      .set({ hidden_at: hidden?.atMs ?? null, hidden_reason: hidden?.reason ?? null, hidden_by: hidden?.by ?? null, review_requested_at: null })
      .where('id', '=', postId).execute()
  }
  async markPostReviewRequested(postId: string, atMs: number) {
    const r = await this.db.updateTable('discussion_posts').set({ review_requested_at: atMs })
      .where('id', '=', postId).where('hidden_at', 'is not', null).where('review_requested_at', 'is', null).executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }
  async continuations(brandId: string, postIds: readonly string[]) {
    if (postIds.length === 0) return []
    const rows = await this.db.selectFrom('discussion_continuations').selectAll().where('brand_id', '=', brandId).where('post_id', 'in', postIds).execute()
    return rows.map(toContinuation)
  }
  async insertContinuation(c: DiscussionContinuationRecord) {
    const r = await this.db.insertInto('discussion_continuations').values({
      brand_id: c.brandId, post_id: c.postId, discussion_id: c.discussionId, conversation_id: c.conversationId, message_id: c.messageId,
      reply_post_id: c.replyPostId, by: c.by, at: c.atMs,
    }).onConflict((oc) => oc.columns(['brand_id', 'post_id']).doNothing()).executeTakeFirst()
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1
  }
}

const toContinuation = (r: Row<'discussion_continuations'>): DiscussionContinuationRecord => ({
  brandId: r.brand_id, postId: r.post_id, discussionId: r.discussion_id, conversationId: r.conversation_id, messageId: r.message_id,
  replyPostId: r.reply_post_id, by: r.by, atMs: Number(r.at),
})
