import { AppError, type InboxActivity } from '@parloir/protocol'
import type { CoreDeps } from '../context.ts'
import type { AccountRecord, StorageTx } from '../ports/storage.ts'
import { recordAudit } from './audit-log.ts'
import { handOverCase } from './hand-over.ts'

/**
 * The author of something hidden on the public side (a discussion's post, a collection's item)
 * asks its moderators to look again, in the caller's transaction: once per hide (`mark` answers
 * false when it is not hidden or was asked already, and the error says which), and when the
 * moderator is a brand and the author someone else, a line in the brand's audit log and the
 * author's case opened in its team inbox as if they had written.
 */
export async function askForReview(
  deps: CoreDeps, tx: StorageTx,
  ask: {
    /** Marks the ask: false (nothing written) when not hidden or already asked. */
    mark: () => Promise<boolean>
    /** Read after a refused mark: whether it is hidden now. */
    hidden: () => Promise<boolean>
    moderator: AccountRecord | undefined
    authorId: string
    /** What the author added, trimmed; may be empty. */
    text: string
    audit: { action: string; subject: { kind: string; id: string } }
    activity: InboxActivity
    details: Record<string, unknown>
  },
): Promise<void> {
  if (!(await ask.mark())) throw new AppError((await ask.hidden()) ? 'REVIEW_ALREADY_REQUESTED' : 'POST_NOT_HIDDEN', ask.details)
  const brand = ask.moderator?.kind === 'brand' && ask.moderator.id !== ask.authorId ? ask.moderator : undefined
  if (!brand) return
  await recordAudit(deps, tx, { brandId: brand.id, actorId: null, action: ask.audit.action, subject: ask.audit.subject, personId: ask.authorId, reason: ask.text })
  await handOverCase(deps, tx, brand.id, ask.authorId, { activity: ask.activity, authorId: null, open: 'customer.wrote' })
}
