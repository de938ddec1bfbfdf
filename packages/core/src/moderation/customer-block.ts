import { AppError, type Approval, type AuditEntry } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import type { AccountRecord, StorageReads, StorageTx } from '../ports/storage.ts'
import { handOverCase } from './hand-over.ts'
import { latestUnreversed, presentAudit, recordAudit, requireReason } from './audit-log.ts'
import { presentApproval, registerApprovalKind, requestModeration } from './approvals.ts'

/**
 * A brand blocks a customer, never into silence: with a reason; after a second member's approval
 * (unless the brand turned it off); the customer is told in their conversation with the brand
 * (a notice with the reason, never who asked); and the case goes to customer service: that
 * conversation opens in the team inbox (made if there was none) with a line in the team's
 * private timeline saying who asked, who approved and why. Unblocking needs a reason too, is
 * done at once, tells the customer and names the block it undoes.
 */

const subject = (accountId: string) => ({ kind: 'account', id: accountId })

async function requireCustomer(reads: StorageReads, brandId: string, accountId: string): Promise<AccountRecord> {
  if (accountId === brandId) throw new AppError('CANNOT_MESSAGE_SELF')
  const account = await reads.accounts.byId(accountId)
  // A visitor of another brand looks missing, as everywhere else.
  if (!account || (account.kind === 'visitor' && account.issuedByBrandId !== brandId)) throw new AppError('ACCOUNT_NOT_FOUND', { accountId })
  return account
}

async function isBlocked(reads: StorageReads, brandId: string, accountId: string): Promise<boolean> {
  return (await reads.safety.blockedBy(brandId)).includes(accountId)
}

/** The customer's case, handed to customer service: told in their 1:1 with the brand, opened in the team inbox with the private line. */
async function handOver(
  deps: CoreDeps, tx: StorageTx, brandId: string, customerId: string,
  line: { notice: 'account.blocked' | 'account.unblocked'; activity: 'customer.blocked' | 'customer.unblocked'; reason: string; requestedBy: string; approvedBy: string | null },
): Promise<void> {
  await handOverCase(deps, tx, brandId, customerId, {
    notice: { action: line.notice, text: line.reason },
    activity: { action: line.activity, requestedBy: line.requestedBy, approvedBy: line.approvedBy, moderationReason: line.reason },
    authorId: line.approvedBy ?? line.requestedBy, open: line.activity === 'customer.blocked' ? 'member' : false,
  })
}

registerApprovalKind('customer.block', {
  requestAction: 'safety.block',
  async check(_deps, reads, request) {
    await requireCustomer(reads, request.brandId, request.subjectId)
    if (await isBlocked(reads, request.brandId, request.subjectId)) throw new AppError('ALREADY_BLOCKED', { accountId: request.subjectId })
  },
  async run(deps, tx, request, by) {
    await tx.safety.block(request.brandId, request.subjectId, deps.clock.now())
    const entry = await recordAudit(deps, tx, {
      brandId: request.brandId, actorId: by.approvedBy ?? by.requestedBy, action: 'customer.blocked', subject: subject(request.subjectId),
      personId: request.subjectId, reason: request.reason, approvalId: by.approvedBy === null ? null : request.id,
    })
    await handOver(deps, tx, request.brandId, request.subjectId, { notice: 'account.blocked', activity: 'customer.blocked', reason: request.reason, ...by })
    return entry
  },
})

/** Asks to block a customer as the brand (or blocks at once, when the brand turned the second approval off). */
export async function requestBlock(deps: CoreDeps, asked: Actor, brandId: string, input: { accountId: string; reason?: string }): Promise<{ approval: Approval | null; entry: AuditEntry | null }> {
  const { approval, entry } = await requestModeration(deps, asked, brandId, {
    kind: 'customer.block', subject: subject(input.accountId), personId: input.accountId, reason: input.reason,
  })
  const now = deps.clock.now()
  return { approval: approval && presentApproval(approval, now), entry: entry && presentAudit(entry, null) }
}

/** Undoes a brand's block, with a reason, at once: kindness needs no second approval. */
export async function unblockCustomer(deps: CoreDeps, asked: Actor, brandId: string, input: { accountId: string; reason?: string }): Promise<AuditEntry> {
  const actor = await actAsBrand(deps, asked, brandId, 'safety.block')
  const reason = requireReason(input.reason)
  await requireCustomer(deps.storage.reads, brandId, input.accountId)
  const entry = await deps.storage.transaction(async (tx) => {
    if (!(await isBlocked(tx, brandId, input.accountId))) throw new AppError('NOT_BLOCKED', { accountId: input.accountId })
    await tx.safety.unblock(brandId, input.accountId)
    const block = await latestUnreversed(tx, brandId, 'customer.blocked', subject(input.accountId))
    const written = await recordAudit(deps, tx, {
      brandId, actorId: actor.userId, action: 'customer.unblocked', subject: subject(input.accountId), personId: input.accountId, reason, reverses: block?.id ?? null,
    })
    await handOver(deps, tx, brandId, input.accountId, { notice: 'account.unblocked', activity: 'customer.unblocked', reason, requestedBy: actor.userId, approvedBy: null })
    return written
  })
  return presentAudit(entry, null)
}
