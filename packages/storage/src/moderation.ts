import type { Kysely } from 'kysely'
import type { ApprovalRecord, ApprovalState, AuditRecord, MessageModerationRecord, ModerationWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toAudit = (r: Row<'moderation_audit'>): AuditRecord => ({
  id: r.id, brandId: r.brand_id, actorId: r.actor_id, action: r.action, subjectKind: r.subject_kind, subjectId: r.subject_id,
  personId: r.person_id, reason: r.reason, approvalId: r.approval_id, reversesId: r.reverses_id, atMs: Number(r.at),
})

const toApproval = (r: Row<'moderation_approvals'>): ApprovalRecord => ({
  id: r.id, brandId: r.brand_id, kind: r.kind, subjectKind: r.subject_kind, subjectId: r.subject_id, personId: r.person_id, reason: r.reason,
  payload: JSON.parse(r.payload) as Record<string, unknown>, requestedBy: r.requested_by, requestedAtMs: Number(r.requested_at),
  expiresAtMs: Number(r.expires_at), status: r.status as ApprovalState, decidedBy: r.decided_by,
  decidedAtMs: r.decided_at === null ? null : Number(r.decided_at), decisionReason: r.decision_reason,
})

const toHide = (r: Row<'message_moderations'>): MessageModerationRecord => ({
  messageId: r.message_id, brandId: r.brand_id, conversationId: r.conversation_id, reason: r.reason, hiddenAtMs: Number(r.hidden_at),
  reviewRequestedAtMs: r.review_requested_at === null ? null : Number(r.review_requested_at),
})

/** The moderation store: audit log, approvals, the second-approval setting, hidden messages. */
export class ModerationRepository implements ModerationWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async auditPage(brandId: string, query: { action?: string; personId?: string; beforeId?: string; limit: number }) {
    let q = this.db.selectFrom('moderation_audit').selectAll().where('brand_id', '=', brandId)
    if (query.action !== undefined) q = q.where('action', '=', query.action)
    if (query.personId !== undefined) q = q.where('person_id', '=', query.personId)
    if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId)
    return (await q.orderBy('id', 'desc').limit(query.limit).execute()).map(toAudit)
  }
  async reversalsOf(ids: readonly string[]) {
    if (ids.length === 0) return []
    return (await this.db.selectFrom('moderation_audit').selectAll().where('reverses_id', 'in', ids).execute()).map(toAudit)
  }
  async latestAudit(brandId: string, action: string, subjectKind: string, subjectId: string) {
    const r = await this.db.selectFrom('moderation_audit').selectAll().where('brand_id', '=', brandId).where('subject_id', '=', subjectId)
      .where('action', '=', action).where('subject_kind', '=', subjectKind).orderBy('id', 'desc').limit(1).executeTakeFirst()
    return r && toAudit(r)
  }
  async approval(id: string) {
    const r = await this.db.selectFrom('moderation_approvals').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toApproval(r)
  }
  async approvals(brandId: string, query: { status: ApprovalState | 'expired'; nowMs: number; beforeId?: string; limit: number }) {
    let q = this.db.selectFrom('moderation_approvals').selectAll().where('brand_id', '=', brandId)
      .where('status', '=', query.status === 'expired' ? 'pending' : query.status)
    if (query.status === 'pending') q = q.where('expires_at', '>', query.nowMs)
    if (query.status === 'expired') q = q.where('expires_at', '<=', query.nowMs)
    if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId)
    return (await q.orderBy('id', 'desc').limit(query.limit).execute()).map(toApproval)
  }
  async pendingFor(brandId: string, kind: string, subjectId: string, nowMs: number) {
    const r = await this.db.selectFrom('moderation_approvals').selectAll().where('brand_id', '=', brandId).where('kind', '=', kind)
      .where('subject_id', '=', subjectId).where('status', '=', 'pending').where('expires_at', '>', nowMs).orderBy('id', 'desc').limit(1).executeTakeFirst()
    return r && toApproval(r)
  }
  async secondApproval(brandId: string) {
    const r = await this.db.selectFrom('moderation_settings').select('second_approval').where('brand_id', '=', brandId).executeTakeFirst()
    return r && Number(r.second_approval) === 1
  }
  async hiddenMessages(messageIds: readonly string[]) {
    if (messageIds.length === 0) return []
    return (await this.db.selectFrom('message_moderations').selectAll().where('message_id', 'in', messageIds).execute()).map(toHide)
  }

  async insertAudit(e: AuditRecord) {
    await this.db.insertInto('moderation_audit').values({
      id: e.id, brand_id: e.brandId, actor_id: e.actorId, action: e.action, subject_kind: e.subjectKind, subject_id: e.subjectId,
      person_id: e.personId, reason: e.reason, approval_id: e.approvalId, reverses_id: e.reversesId, at: e.atMs,
    }).execute()
  }
  async insertApproval(a: ApprovalRecord) {
    await this.db.insertInto('moderation_approvals').values({
      id: a.id, brand_id: a.brandId, kind: a.kind, subject_kind: a.subjectKind, subject_id: a.subjectId, person_id: a.personId, reason: a.reason,
      payload: JSON.stringify(a.payload), requested_by: a.requestedBy, requested_at: a.requestedAtMs, expires_at: a.expiresAtMs, status: a.status,
      decided_by: a.decidedBy, decided_at: a.decidedAtMs, decision_reason: a.decisionReason,
    }).execute()
  }
  async decideApproval(id: string, d: { status: Exclude<ApprovalState, 'pending'>; decidedBy: string; decidedAtMs: number; decisionReason: string | null }) {
    const result = await this.db.updateTable('moderation_approvals')
      .set({ status: d.status, decided_by: d.decidedBy, decided_at: d.decidedAtMs, decision_reason: d.decisionReason })
      .where('id', '=', id).where('status', '=', 'pending').executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  }
  async setSecondApproval(brandId: string, on: boolean, atMs: number) {
    await this.db.insertInto('moderation_settings').values({ brand_id: brandId, second_approval: on ? 1 : 0, updated_at: atMs })
      .onConflict((oc) => oc.column('brand_id').doUpdateSet({ second_approval: on ? 1 : 0, updated_at: atMs })).execute()
  }
  async hideMessage(h: MessageModerationRecord) {
    await this.db.insertInto('message_moderations').values({
      message_id: h.messageId, brand_id: h.brandId, conversation_id: h.conversationId, reason: h.reason, hidden_at: h.hiddenAtMs, review_requested_at: h.reviewRequestedAtMs,
    }).execute()
  }
  async unhideMessage(messageId: string) {
    await this.db.deleteFrom('message_moderations').where('message_id', '=', messageId).execute()
  }
  async markReviewRequested(messageId: string, atMs: number) {
    const result = await this.db.updateTable('message_moderations').set({ review_requested_at: atMs })
      .where('message_id', '=', messageId).where('review_requested_at', 'is', null).executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  }
}
