import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { InboxActivity, InboxCounts, InboxSettings, InboxStatus, InboxView } from '@parloir/protocol'
import type { InboxListRow, InboxOrder, InboxQuery, InboxRecord, InboxSearchQuery, InboxWrites, NoteRecord, SurveyRecord, InboxMemberRecord } from '@parloir/core'
import type { Database } from './schema.ts'
import type { DialectQuirks } from './quirks.ts'
import { json, type Row } from './json-columns.ts'
import { compiledOnce } from './compiled-once.ts'

const num = (value: number | string | null): number | null => (value === null ? null : Number(value))

const toInbox = (r: Row<'inbox_conversations'>): InboxRecord => ({
  brandId: r.brand_id, conversationId: r.conversation_id, customerId: r.customer_id, customerKind: r.customer_kind, source: r.source,
  status: r.status, snoozedUntilMs: num(r.snoozed_until), assigneeId: r.assignee_id, waitingSinceMs: num(r.waiting_since),
  lastCustomerSeq: Number(r.last_customer_seq), lastCustomerAtMs: num(r.last_customer_at), lastAnsweredAtMs: num(r.last_answered_at), lastAnsweredBy: r.last_answered_by,
  customerActiveAtMs: Number(r.customer_active_at), readBaselineSeq: Number(r.read_baseline_seq), labelIds: JSON.parse(r.label_ids) as string[],
  createdAtMs: Number(r.created_at), updatedAtMs: Number(r.updated_at),
})

const toNote = (r: Row<'inbox_notes'>): NoteRecord => ({
  id: r.id, brandId: r.brand_id, conversationId: r.conversation_id, kind: r.kind, authorId: r.author_id, text: r.text,
  mentions: JSON.parse(r.mentions) as string[], activity: json<InboxActivity>(r.activity), createdAtMs: Number(r.created_at),
})

// Every message sent looks its conversation up here (compiled once per engine: see compiled-once.ts).
const forConversation = compiledOnce((db, $) => db.selectFrom('inbox_conversations').selectAll().where('conversation_id', '=', $(0)))

/**
 * The "waiting" order: who waits longest first, then those with nothing waiting. Written as a
 * literal, the same as in the index of migration 0010 (inbox_by_wait), so the engine walks that
 * index in order and stops at the page's end.
 */
const waitKey = sql<number>`coalesce(i.waiting_since, ${sql.lit(Number.MAX_SAFE_INTEGER)})`
type InboxEb = ExpressionBuilder<Database & { i: Database['inbox_conversations'] }, 'i'>

/**
 * Which rows a view holds: by stored status alone, so each view is one walk of an index in its
 * order. A snooze whose time has come stays snoozed until the sweeper (wakeSnoozes) opens it.
 */
function inView(eb: InboxEb, view: InboxView, memberId: string) {
  switch (view) {
    case 'open': return eb('i.status', '=', 'open')
    case 'unassigned': return eb.and([eb('i.status', '=', 'open'), eb('i.assignee_id', 'is', null)])
    case 'mine': return eb.and([eb('i.status', '=', 'open'), eb('i.assignee_id', '=', memberId)])
    case 'pending': case 'snoozed': case 'resolved': return eb('i.status', '=', view)
  }
}

/**
 * The query's filters, and "somebody wrote" (customer_active_at > 0). In the waiting order that
 * last test is written `+ 0`, which keeps SQLite from walking inbox_by_status for it and sorting:
 * inbox_by_wait gives the order, and the test is read from that index as it goes.
 */
function filtered(eb: InboxEb, query: InboxQuery, order: InboxOrder = 'newest', byLabel = true) {
  const active = order === 'waiting' ? eb(sql<number>`i.customer_active_at + 0`, '>', 0) : eb('i.customer_active_at', '>', 0)
  const where = [eb('i.brand_id', '=', query.brandId), active]
  if (query.assigneeId !== undefined) where.push(eb('i.assignee_id', '=', query.assigneeId))
  if (query.source !== undefined) where.push(eb('i.source', '=', query.source))
  if (query.kind !== undefined) where.push(eb('i.customer_kind', '=', query.kind))
  if (query.label !== undefined && byLabel) where.push(eb('i.conversation_id', 'in', withLabel(eb, query.brandId, query.label)))
  return eb.and(where)
}

/**
 * The conversations carrying a label: one range of inbox_labels_by_label. Written as `in`, the
 * engine reads that range once and looks each row up (or walks a view's index and checks each
 * row against it), whichever costs less: both stay within a page's budget at 100,000 rows.
 */
function withLabel(eb: InboxEb, brandId: string, labelId: string) {
  return eb.selectFrom('inbox_labels as l').select('l.conversation_id').where('l.brand_id', '=', brandId).where('l.label_id', '=', labelId)
}

/** The team inbox store: rows per brand side, members' read rows, and the team's notes. */
export class TeamInboxRepository implements InboxWrites {
  constructor(private readonly db: Kysely<Database>, private readonly quirks: DialectQuirks) {}

  async forConversation(conversationId: string) {
    const { rows } = await forConversation(this.db, this.quirks, [conversationId])
    return rows.map(toInbox)
  }
  async get(brandId: string, conversationId: string) {
    const r = await this.db.selectFrom('inbox_conversations').selectAll().where('brand_id', '=', brandId).where('conversation_id', '=', conversationId).executeTakeFirst()
    return r && toInbox(r)
  }

  async list(query: InboxQuery & { view: InboxView; order: InboxOrder; after: { atMs: number; id: string } | null; limit: number; expectedRows?: number }): Promise<InboxListRow[]> {
    const plain = this.db.selectFrom('inbox_conversations as i')
    // A label with fewer rows in the view than a page would make the walk of the view's index
    // read all of it (80,000 resolved rows, about 40 ms): read the label's rows instead (a cross
    // join keeps SQLite from reordering it), each looked up by key, and sort what is left.
    const label = query.label
    const fromLabel = label !== undefined && query.expectedRows !== undefined && query.expectedRows < query.limit
    const from = fromLabel
      ? this.db.selectFrom('inbox_labels as l').crossJoin('inbox_conversations as i')
        .where('l.brand_id', '=', query.brandId).where('l.label_id', '=', label)
        .whereRef('i.brand_id', '=', 'l.brand_id').whereRef('i.conversation_id', '=', 'l.conversation_id') as unknown as typeof plain
      : plain
    let q = from
      .innerJoin('conversations as c', 'c.id', 'i.conversation_id')
      .leftJoin('inbox_readers as r', (join) => join.onRef('r.brand_id', '=', 'i.brand_id').onRef('r.conversation_id', '=', 'i.conversation_id').on('r.member_id', '=', query.memberId))
      .selectAll('i')
      .select([
        'c.kind as c_kind', 'c.pair_key as c_pair_key', 'c.name as c_name', 'c.avatar_media_id as c_avatar_media_id', 'c.created_by as c_created_by',
        'c.created_at as c_created_at', 'c.updated_at as c_updated_at', 'c.last_seq as c_last_seq', 'c.last_message_at as c_last_message_at', 'c.source as c_source',
        'r.last_read_seq as r_last_read_seq', 'r.marked_unread as r_marked_unread',
      ])
      .select(sql<number>`(select count(*) from messages m where m.conversation_id = i.conversation_id
        and m.seq > coalesce(r.last_read_seq, i.read_baseline_seq) and m.sender_id <> i.brand_id and m.kind = 'text')`.as('unread'))
      .where((eb) => eb.and([filtered(eb, query, query.order), inView(eb, query.view, query.memberId)]))
    const after = query.after
    if (query.order === 'newest') {
      if (after) {
        q = q.where((eb) => eb.or([
          eb('i.customer_active_at', '<', after.atMs),
          eb.and([eb('i.customer_active_at', '=', after.atMs), eb('i.conversation_id', '<', after.id)]),
        ]))
      }
      q = q.orderBy('i.customer_active_at', 'desc').orderBy('i.conversation_id', 'desc')
    } else {
      if (after) {
        q = q.where((eb) => eb.or([
          eb(waitKey, '>', after.atMs),
          eb.and([eb(waitKey, '=', after.atMs), eb('i.conversation_id', '>', after.id)]),
        ]))
      }
      q = q.orderBy(waitKey).orderBy('i.conversation_id')
    }
    const rows = await q.limit(query.limit).execute()
    return rows.map((r) => {
      const state = toInbox(r)
      return {
        state,
        conversation: {
          id: r.conversation_id, kind: r.c_kind, pairKey: r.c_pair_key, name: r.c_name, avatarMediaId: r.c_avatar_media_id, createdBy: r.c_created_by,
          createdAtMs: Number(r.c_created_at), updatedAtMs: Number(r.c_updated_at), lastSeq: Number(r.c_last_seq), lastMessageAtMs: Number(r.c_last_message_at),
          source: r.c_source,
        },
        reader: { lastReadSeq: num(r.r_last_read_seq) ?? state.readBaselineSeq, markedUnread: Number(r.r_marked_unread ?? 0) === 1 },
        unreadCount: Number(r.unread),
      }
    })
  }

  /**
   * Six counts in one statement, each a count over one range of an index (inbox_by_status,
   * inbox_by_view, or with filters inbox_by_kind / inbox_by_source), so it costs the rows counted
   * and never reads the table: 80,000 resolved rows take about 3 ms on SQLite.
   */
  async counts(query: InboxQuery): Promise<InboxCounts> {
    if (query.label !== undefined) return this.labelCounts(query, query.label)
    const count = (where: (eb: InboxEb) => ReturnType<InboxEb['and']>) => (eb: ExpressionBuilder<Database, never>) =>
      eb.selectFrom('inbox_conversations as i').select(sql<number>`count(*)`.as('n')).where((inner) => inner.and([filtered(inner, query), where(inner)]))
    const r = await this.db.selectNoFrom((eb) => [
      count((i) => i.and([i('i.status', '=', 'open')]))(eb).as('open'),
      count((i) => i.and([i('i.status', '=', 'open'), i('i.assignee_id', 'is', null)]))(eb).as('unassigned'),
      count((i) => i.and([i('i.status', '=', 'open'), i('i.assignee_id', '=', query.memberId)]))(eb).as('mine'),
      count((i) => i.and([i('i.status', '=', 'pending')]))(eb).as('pending'),
      count((i) => i.and([i('i.status', '=', 'snoozed')]))(eb).as('snoozed'),
      count((i) => i.and([i('i.status', '=', 'resolved')]))(eb).as('resolved'),
    ]).executeTakeFirstOrThrow()
    const n = (value: unknown) => Number(value ?? 0)
    return { open: n(r.open), unassigned: n(r.unassigned), mine: n(r.mine), pending: n(r.pending), snoozed: n(r.snoozed), resolved: n(r.resolved) }
  }

  /**
   * The counts of a label: one pass over its rows (inbox_labels_by_label), each row looked up by
   * key and grouped by what the views ask (status, unassigned, mine). It costs the conversations
   * carrying the label (10,000 take a few ms), never the size of a view: counting view by view
   * would walk 80,000 resolved rows to find a label's few.
   */
  private async labelCounts(query: InboxQuery, labelId: string): Promise<InboxCounts> {
    const rows = await this.db.selectFrom('inbox_labels as l').crossJoin('inbox_conversations as i')
      .select([
        'i.status as status',
        sql<number>`case when i.assignee_id is null then 1 else 0 end`.as('unassigned'),
        sql<number>`case when i.assignee_id = ${query.memberId} then 1 else 0 end`.as('mine'),
        sql<number>`count(*)`.as('n'),
      ])
      .where('l.brand_id', '=', query.brandId).where('l.label_id', '=', labelId)
      .whereRef('i.brand_id', '=', 'l.brand_id').whereRef('i.conversation_id', '=', 'l.conversation_id')
      .where((eb) => filtered(eb as unknown as InboxEb, query, 'newest', false))
      .groupBy(['i.status', sql`2`, sql`3`])
      .execute()
    const counts = { unassigned: 0, mine: 0, open: 0, pending: 0, snoozed: 0, resolved: 0 }
    for (const r of rows) {
      const n = Number(r.n)
      counts[r.status] += n
      if (r.status === 'open' && Number(r.unassigned) === 1) counts.unassigned += n
      if (r.status === 'open' && Number(r.mine) === 1) counts.mine += n
    }
    return counts
  }

  async reader(brandId: string, conversationId: string, memberId: string) {
    const r = await this.db.selectFrom('inbox_readers').selectAll()
      .where('brand_id', '=', brandId).where('conversation_id', '=', conversationId).where('member_id', '=', memberId).executeTakeFirst()
    return r && { brandId: r.brand_id, conversationId: r.conversation_id, memberId: r.member_id, lastReadSeq: Number(r.last_read_seq), markedUnread: Number(r.marked_unread) === 1 }
  }

  async customerMessagesAfter(brandId: string, conversationId: string, afterSeq: number) {
    const r = await this.db.selectFrom('messages').select(sql<number>`count(*)`.as('n'))
      .where('conversation_id', '=', conversationId).where('seq', '>', afterSeq).where('sender_id', '<>', brandId).where('kind', '=', 'text')
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }

  async notes(brandId: string, conversationId: string, page: { beforeId?: string; limit: number }) {
    let q = this.db.selectFrom('inbox_notes').selectAll().where('conversation_id', '=', conversationId).where('brand_id', '=', brandId)
    if (page.beforeId !== undefined) q = q.where('id', '<', page.beforeId)
    const rows = await q.orderBy('id', 'desc').limit(page.limit).execute()
    return rows.reverse().map(toNote)
  }

  async search(query: InboxSearchQuery & { words: readonly string[] }) {
    return this.quirks.searchInbox(this.db, query)
  }

  async settings(brandId: string) {
    const r = await this.db.selectFrom('inbox_settings').select(['survey', 'assignment']).where('brand_id', '=', brandId).executeTakeFirst()
    return r && { survey: JSON.parse(r.survey) as InboxSettings['survey'], assignment: JSON.parse(r.assignment) as InboxSettings['assignment'] }
  }
  async members(brandId: string) {
    const rows = await this.db.selectFrom('inbox_members').selectAll().where('brand_id', '=', brandId).orderBy('member_id').execute()
    return rows.map((r): InboxMemberRecord => ({
      brandId: r.brand_id, memberId: r.member_id, availability: r.availability, capacity: Number(r.capacity), lastAssignedAtMs: num(r.last_assigned_at),
    }))
  }
  async openAssigned(brandId: string, memberIds: readonly string[]) {
    const counts = new Map<string, number>(memberIds.map((m) => [m, 0]))
    if (memberIds.length === 0) return counts
    const rows = await this.db.selectFrom('inbox_conversations').select(['assignee_id', sql<number>`count(*)`.as('n')])
      .where('brand_id', '=', brandId).where('status', '=', 'open').where('assignee_id', 'in', [...memberIds]).groupBy('assignee_id').execute()
    for (const r of rows) if (r.assignee_id !== null) counts.set(r.assignee_id, Number(r.n))
    return counts
  }
  async assignedTo(brandId: string, memberId: string, statuses: readonly InboxStatus[]) {
    if (statuses.length === 0) return []
    const rows = await this.db.selectFrom('inbox_conversations').selectAll()
      .where('brand_id', '=', brandId).where('assignee_id', '=', memberId).where('status', 'in', [...statuses]).orderBy('conversation_id').execute()
    return rows.map(toInbox)
  }
  async setMember(m: InboxMemberRecord) {
    const values = { availability: m.availability, capacity: m.capacity, last_assigned_at: m.lastAssignedAtMs }
    await this.db.insertInto('inbox_members').values({ brand_id: m.brandId, member_id: m.memberId, ...values })
      .onConflict((oc) => oc.columns(['brand_id', 'member_id']).doUpdateSet(values)).execute()
  }
  async surveys(brandId: string, conversationId: string) {
    const rows = await this.db.selectFrom('inbox_surveys').selectAll().where('conversation_id', '=', conversationId).where('brand_id', '=', brandId).orderBy('id').execute()
    return rows.map((r): SurveyRecord => ({
      id: r.id, brandId: r.brand_id, conversationId: r.conversation_id, messageId: r.message_id, sentAtMs: Number(r.sent_at),
      rating: num(r.rating), ratedAtMs: num(r.rated_at), comment: r.comment,
    }))
  }
  async setSettings(brandId: string, settings: InboxSettings, atMs: number) {
    const values = { survey: JSON.stringify(settings.survey), assignment: JSON.stringify(settings.assignment), updated_at: atMs }
    await this.db.insertInto('inbox_settings').values({ brand_id: brandId, ...values })
      .onConflict((oc) => oc.column('brand_id').doUpdateSet(values)).execute()
  }
  async insertSurvey(s: SurveyRecord) {
    await this.db.insertInto('inbox_surveys').values({
      id: s.id, brand_id: s.brandId, conversation_id: s.conversationId, message_id: s.messageId, sent_at: s.sentAtMs,
      rating: s.rating, rated_at: s.ratedAtMs, comment: s.comment,
    }).execute()
  }
  async updateSurvey(id: string, patch: Partial<Pick<SurveyRecord, 'rating' | 'ratedAtMs' | 'comment'>>) {
    const values: Partial<Database['inbox_surveys']> = {}
    if (patch.rating !== undefined) values.rating = patch.rating
    if (patch.ratedAtMs !== undefined) values.rated_at = patch.ratedAtMs
    if (patch.comment !== undefined) values.comment = patch.comment
    if (Object.keys(values).length) await this.db.updateTable('inbox_surveys').set(values).where('id', '=', id).execute()
  }

  async noteCount(brandId: string, conversationId: string) {
    const r = await this.db.selectFrom('inbox_notes').select(sql<number>`count(*)`.as('n'))
      .where('conversation_id', '=', conversationId).where('brand_id', '=', brandId).where('kind', '=', 'note')
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }

  async groupsWith(brandId: string, accountId: string, limit: number) {
    const rows = await this.db.selectFrom('inbox_conversations as i')
      .innerJoin('participants as p', 'p.conversation_id', 'i.conversation_id')
      .selectAll('i')
      .where('i.brand_id', '=', brandId).where('i.customer_kind', '=', 'group')
      .where('p.account_id', '=', accountId).where('p.left_cursor', 'is', null)
      .orderBy('i.customer_active_at', 'desc').orderBy('i.conversation_id', 'desc').limit(limit).execute()
    return rows.map(toInbox)
  }

  async snoozesDue(nowMs: number, limit: number) {
    const rows = await this.db.selectFrom('inbox_conversations').selectAll()
      .where('status', '=', 'snoozed').where('snoozed_until', 'is not', null).where('snoozed_until', '<=', nowMs)
      .orderBy('snoozed_until').limit(limit).execute()
    return rows.map(toInbox)
  }

  async unassignedWaiting(brandId: string, limit: number) {
    // Walks inbox_by_wait in its order: the waiting rows come first, the assigned ones are skipped as it goes.
    const rows = await this.db.selectFrom('inbox_conversations as i').selectAll('i')
      .where('i.brand_id', '=', brandId).where('i.status', '=', 'open').where(waitKey, '<', Number.MAX_SAFE_INTEGER).where('i.assignee_id', 'is', null)
      .orderBy(waitKey).orderBy('i.conversation_id').limit(limit).execute()
    return rows.map(toInbox)
  }

  async presence(accountIds: readonly string[]) {
    const leases = new Map<string, number | null>()
    if (accountIds.length === 0) return leases
    const rows = await this.db.selectFrom('team_presence').selectAll().where('account_id', 'in', [...accountIds]).execute()
    for (const r of rows) leases.set(r.account_id, num(r.present_until))
    return leases
  }
  async presenceLapsed(nowMs: number, limit: number) {
    const rows = await this.db.selectFrom('team_presence').select('account_id')
      .where('present_until', 'is not', null).where('present_until', '<', nowMs).orderBy('present_until').limit(limit).execute()
    return rows.map((r) => r.account_id)
  }
  async setPresence(accountId: string, untilMs: number | null) {
    await this.db.insertInto('team_presence').values({ account_id: accountId, present_until: untilMs })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ present_until: untilMs })).execute()
  }

  async insert(x: InboxRecord) {
    await this.db.insertInto('inbox_conversations').values({
      brand_id: x.brandId, conversation_id: x.conversationId, customer_id: x.customerId, customer_kind: x.customerKind, source: x.source,
      status: x.status, snoozed_until: x.snoozedUntilMs, assignee_id: x.assigneeId, waiting_since: x.waitingSinceMs,
      last_customer_seq: x.lastCustomerSeq, last_customer_at: x.lastCustomerAtMs, last_answered_at: x.lastAnsweredAtMs, last_answered_by: x.lastAnsweredBy,
      customer_active_at: x.customerActiveAtMs, read_baseline_seq: x.readBaselineSeq, label_ids: JSON.stringify(x.labelIds), created_at: x.createdAtMs, updated_at: x.updatedAtMs,
    }).onConflict((oc) => oc.columns(['brand_id', 'conversation_id']).doNothing()).execute()
  }
  async update(brandId: string, conversationId: string, patch: Parameters<InboxWrites['update']>[2]) {
    const values: Partial<Database['inbox_conversations']> = {}
    if (patch.customerId !== undefined) values.customer_id = patch.customerId
    if (patch.customerKind !== undefined) values.customer_kind = patch.customerKind
    if (patch.source !== undefined) values.source = patch.source
    if (patch.status !== undefined) values.status = patch.status
    if (patch.snoozedUntilMs !== undefined) values.snoozed_until = patch.snoozedUntilMs
    if (patch.assigneeId !== undefined) values.assignee_id = patch.assigneeId
    if (patch.waitingSinceMs !== undefined) values.waiting_since = patch.waitingSinceMs
    if (patch.lastCustomerSeq !== undefined) values.last_customer_seq = patch.lastCustomerSeq
    if (patch.lastCustomerAtMs !== undefined) values.last_customer_at = patch.lastCustomerAtMs
    if (patch.lastAnsweredAtMs !== undefined) values.last_answered_at = patch.lastAnsweredAtMs
    if (patch.lastAnsweredBy !== undefined) values.last_answered_by = patch.lastAnsweredBy
    if (patch.customerActiveAtMs !== undefined) values.customer_active_at = patch.customerActiveAtMs
    if (patch.readBaselineSeq !== undefined) values.read_baseline_seq = patch.readBaselineSeq
    if (patch.updatedAtMs !== undefined) values.updated_at = patch.updatedAtMs
    if (Object.keys(values).length) {
      await this.db.updateTable('inbox_conversations').set(values).where('brand_id', '=', brandId).where('conversation_id', '=', conversationId).execute()
    }
  }
  async remove(brandId: string, conversationId: string) {
    await this.db.deleteFrom('inbox_labels').where('brand_id', '=', brandId).where('conversation_id', '=', conversationId).execute()
    await this.db.deleteFrom('inbox_conversations').where('brand_id', '=', brandId).where('conversation_id', '=', conversationId).execute()
  }
  async setReader(x: { brandId: string; conversationId: string; memberId: string; lastReadSeq: number; markedUnread: boolean }) {
    await this.db.insertInto('inbox_readers')
      .values({ brand_id: x.brandId, conversation_id: x.conversationId, member_id: x.memberId, last_read_seq: x.lastReadSeq, marked_unread: x.markedUnread ? 1 : 0 })
      .onConflict((oc) => oc.columns(['brand_id', 'conversation_id', 'member_id']).doUpdateSet({ last_read_seq: x.lastReadSeq, marked_unread: x.markedUnread ? 1 : 0 }))
      .execute()
  }
  async insertNote(n: NoteRecord) {
    await this.db.insertInto('inbox_notes').values({
      id: n.id, brand_id: n.brandId, conversation_id: n.conversationId, kind: n.kind, author_id: n.authorId, text: n.text,
      mentions: JSON.stringify(n.mentions), activity: n.activity && JSON.stringify(n.activity), created_at: n.createdAtMs,
    }).execute()
  }
}
