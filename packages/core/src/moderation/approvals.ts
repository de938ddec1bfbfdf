import { AppError, brandMay, moderationLimits, type Account, type Approval, type ApprovalStatus, type BrandAction, type ModerationSettings } from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import type { ApprovalRecord, AuditRecord, StorageReads, StorageTx } from '../ports/storage.ts'
import { accountsNamed, recordAudit, requireReason } from './audit-log.ts'

/**
 * Second approval: an action on a customer that a brand wants two members to agree on (blocking
 * them; later removing them from a discussion) is first a request; a member other than the
 * requester approves it, and only then it runs, in the approval's transaction. Each step is a
 * line in the audit log (`<kind>.requested`, `.approved`, `.declined`, `.cancelled`), then the
 * action writes its own. A brand may turn the second approval off (owner, admin): the action
 * then runs at once, on the request.
 *
 * A new kind is one registration:
 *
 *   registerApprovalKind('participant.remove', { requestAction: 'discussions.moderate',
 *     check: async (deps, reads, request) => { … throw an AppError when it no longer applies },
 *     run: async (deps, tx, request, by) => recordAudit(deps, tx, { … }) })
 */
export interface ApprovalKind {
  /** What a member needs to ask for it (approving needs 'moderation.approve' too). */
  requestAction: BrandAction
  /** Throws the AppError that says why the request does not (or no longer) apply: checked on request and again on approval. */
  check(deps: CoreDeps, reads: StorageReads, request: PendingRequest): Promise<void>
  /** Does it, in the transaction that approves it (or of the request, without second approval); returns its audit line. */
  run(deps: CoreDeps, tx: StorageTx, request: PendingRequest, by: { requestedBy: string; approvedBy: string | null }): Promise<AuditRecord>
}

/** What an approval kind is asked to check and run. */
export type PendingRequest = Pick<ApprovalRecord, 'id' | 'brandId' | 'kind' | 'subjectKind' | 'subjectId' | 'personId' | 'reason' | 'payload'>

const kinds = new Map<string, ApprovalKind>()

export function registerApprovalKind(kind: string, definition: ApprovalKind): void {
  kinds.set(kind, definition)
}

function kindOf(name: string): ApprovalKind {
  const kind = kinds.get(name)
  if (!kind) throw new Error(`approval kind ${name} is not registered`)
  return kind
}

export function approvalStatus(record: ApprovalRecord, nowMs: number): ApprovalStatus {
  return record.status === 'pending' && record.expiresAtMs <= nowMs ? 'expired' : record.status
}

export function presentApproval(record: ApprovalRecord, nowMs: number): Approval {
  return {
    id: record.id, brandId: record.brandId, kind: record.kind, subjectKind: record.subjectKind, subjectId: record.subjectId, personId: record.personId,
    reason: record.reason, requestedBy: record.requestedBy, requestedAt: iso(record.requestedAtMs), expiresAt: iso(record.expiresAtMs),
    status: approvalStatus(record, nowMs), decidedBy: record.decidedBy, decidedAt: record.decidedAtMs === null ? null : iso(record.decidedAtMs),
    decisionReason: record.decisionReason,
  }
}

/** Whether the brand wants a second approval: yes unless it turned it off. */
export async function secondApprovalOn(reads: StorageReads, brandId: string): Promise<boolean> {
  return (await reads.moderation.secondApproval(brandId)) ?? true
}

/**
 * Asks for `kind` to be done: a pending approval when the brand wants a second one (the answer's
 * `approval`), or done at once (its audit line in `entry`).
 */
export async function requestModeration(
  deps: CoreDeps, asked: Actor, brandId: string,
  input: { kind: string; subject: { kind: string; id: string }; personId: string | null; reason: string | undefined; payload?: Record<string, unknown> },
): Promise<{ approval: ApprovalRecord | null; entry: AuditRecord | null }> {
  const kind = kindOf(input.kind)
  const actor = await actAsBrand(deps, asked, brandId, kind.requestAction)
  const reason = requireReason(input.reason)
  const now = deps.clock.now()
  const request: ApprovalRecord = {
    id: deps.ids.next(), brandId, kind: input.kind, subjectKind: input.subject.kind, subjectId: input.subject.id, personId: input.personId, reason,
    payload: input.payload ?? {}, requestedBy: actor.userId, requestedAtMs: now, expiresAtMs: now + moderationLimits.approvalTtlMs,
    status: 'pending', decidedBy: null, decidedAtMs: null, decisionReason: null,
  }
  await kind.check(deps, deps.storage.reads, request)
  return deps.storage.transaction(async (tx) => {
    if (await tx.moderation.pendingFor(brandId, input.kind, input.subject.id, now)) throw new AppError('APPROVAL_ALREADY_PENDING', { kind: input.kind })
    if (!(await secondApprovalOn(tx, brandId))) {
      return { approval: null, entry: await kind.run(deps, tx, request, { requestedBy: actor.userId, approvedBy: null }) }
    }
    await tx.moderation.insertApproval(request)
    await recordAudit(deps, tx, {
      brandId, actorId: actor.userId, action: `${input.kind}.requested`, subject: input.subject, personId: input.personId, reason, approvalId: request.id,
    })
    return { approval: request, entry: null }
  })
}

async function requireApproval(deps: CoreDeps, brandId: string, approvalId: string): Promise<ApprovalRecord> {
  const approval = await deps.storage.reads.moderation.approval(approvalId)
  if (!approval || approval.brandId !== brandId) throw new AppError('APPROVAL_NOT_FOUND')
  return approval
}

function requirePending(approval: ApprovalRecord, nowMs: number): void {
  const status = approvalStatus(approval, nowMs)
  if (status === 'expired') throw new AppError('APPROVAL_EXPIRED', { approvalId: approval.id })
  if (status !== 'pending') throw new AppError('APPROVAL_NOT_PENDING', { approvalId: approval.id, status })
}

/** Decides a pending request once: false from the store means someone decided it meanwhile. */
async function decide(deps: CoreDeps, tx: StorageTx, approval: ApprovalRecord, decision: { status: 'approved' | 'declined' | 'cancelled'; by: string; reason: string | null }): Promise<ApprovalRecord> {
  const now = deps.clock.now()
  const changed = await tx.moderation.decideApproval(approval.id, { status: decision.status, decidedBy: decision.by, decidedAtMs: now, decisionReason: decision.reason })
  if (!changed) throw new AppError('APPROVAL_NOT_PENDING', { approvalId: approval.id })
  await recordAudit(deps, tx, {
    brandId: approval.brandId, actorId: decision.by, action: `${approval.kind}.${decision.status}`, subject: { kind: approval.subjectKind, id: approval.subjectId },
    personId: approval.personId, reason: decision.reason ?? '', approvalId: approval.id,
  })
  return { ...approval, status: decision.status, decidedBy: decision.by, decidedAtMs: now, decisionReason: decision.reason }
}

/** A second member approves: the action runs now, in the same transaction. Never the requester. */
export async function approveRequest(deps: CoreDeps, asked: Actor, brandId: string, approvalId: string): Promise<Approval> {
  const actor = await actAsBrand(deps, asked, brandId, 'moderation.approve')
  const approval = await requireApproval(deps, brandId, approvalId)
  const kind = kindOf(approval.kind)
  if (actor.role === 'self' || !brandMay(actor.role, kind.requestAction)) throw new AppError('FORBIDDEN', { role: actor.role, needs: kind.requestAction })
  if (approval.requestedBy === actor.userId) throw new AppError('APPROVAL_OWN_REQUEST')
  requirePending(approval, deps.clock.now())
  await kind.check(deps, deps.storage.reads, approval)
  const decided = await deps.storage.transaction(async (tx) => {
    const done = await decide(deps, tx, approval, { status: 'approved', by: actor.userId, reason: null })
    await kind.run(deps, tx, approval, { requestedBy: approval.requestedBy, approvedBy: actor.userId })
    return done
  })
  return presentApproval(decided, deps.clock.now())
}

/** A second member declines, with a reason: nothing is done. */
export async function declineRequest(deps: CoreDeps, asked: Actor, brandId: string, approvalId: string, reason: string | undefined): Promise<Approval> {
  const actor = await actAsBrand(deps, asked, brandId, 'moderation.approve')
  const why = requireReason(reason)
  const approval = await requireApproval(deps, brandId, approvalId)
  if (approval.requestedBy === actor.userId) throw new AppError('APPROVAL_OWN_REQUEST')
  requirePending(approval, deps.clock.now())
  const decided = await deps.storage.transaction((tx) => decide(deps, tx, approval, { status: 'declined', by: actor.userId, reason: why }))
  return presentApproval(decided, deps.clock.now())
}

/** The requester withdraws their request (an owner or admin may withdraw anyone's). */
export async function cancelRequest(deps: CoreDeps, asked: Actor, brandId: string, approvalId: string): Promise<Approval> {
  const approval = await requireApproval(deps, brandId, approvalId)
  const actor = await actAsBrand(deps, asked, brandId, kindOf(approval.kind).requestAction)
  if (approval.requestedBy !== actor.userId && !(actor.role !== 'self' && brandMay(actor.role, 'moderation.manage'))) {
    throw new AppError('FORBIDDEN', { role: actor.role, needs: 'moderation.manage' })
  }
  requirePending(approval, deps.clock.now())
  const decided = await deps.storage.transaction((tx) => decide(deps, tx, approval, { status: 'cancelled', by: actor.userId, reason: null }))
  return presentApproval(decided, deps.clock.now())
}

/** The brand's approvals of one status (pending by default), newest first. */
export async function listApprovals(
  deps: CoreDeps, asked: Actor, brandId: string, query: { status?: ApprovalStatus; before?: string; limit?: number },
): Promise<{ approvals: Approval[]; accounts: Account[]; nextCursor: string | null }> {
  await actAsBrand(deps, asked, brandId, 'audit.read')
  const limit = query.limit ?? moderationLimits.auditPage
  const now = deps.clock.now()
  const rows = await deps.storage.reads.moderation.approvals(brandId, {
    status: query.status ?? 'pending', nowMs: now, ...(query.before !== undefined ? { beforeId: query.before } : {}), limit: limit + 1,
  })
  const page = rows.slice(0, limit)
  return {
    approvals: page.map((a) => presentApproval(a, now)),
    accounts: await accountsNamed(deps.storage.reads, page.flatMap((a) => [a.requestedBy, a.decidedBy, a.personId])),
    nextCursor: rows.length > limit ? page.at(-1)?.id ?? null : null,
  }
}

export async function getModerationSettings(deps: CoreDeps, asked: Actor, brandId: string): Promise<ModerationSettings> {
  await actAsBrand(deps, asked, brandId, 'audit.read')
  return { secondApproval: await secondApprovalOn(deps.storage.reads, brandId) }
}

/** Turns the second approval on or off; the change is a line in the audit log (with the reason, when given). */
export async function updateModerationSettings(deps: CoreDeps, asked: Actor, brandId: string, input: { secondApproval: boolean; reason?: string }): Promise<ModerationSettings> {
  const actor = await actAsBrand(deps, asked, brandId, 'moderation.manage')
  await deps.storage.transaction(async (tx) => {
    if ((await secondApprovalOn(tx, brandId)) === input.secondApproval) return
    await tx.moderation.setSecondApproval(brandId, input.secondApproval, deps.clock.now())
    await recordAudit(deps, tx, {
      brandId, actorId: actor.userId, action: input.secondApproval ? 'secondApproval.enabled' : 'secondApproval.disabled',
      subject: { kind: 'settings', id: brandId }, reason: input.reason?.trim() ?? '',
    })
  })
  return { secondApproval: input.secondApproval }
}
