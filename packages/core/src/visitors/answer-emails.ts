import type { CoreDeps } from '../context.ts'
import type { StorageTx } from '../ports/storage.ts'

/**
 * A brand answered a visitor who left an email address: queue one email, in the transaction of
 * the answer (an outbox, so a committed answer is never left untold). While one is pending for
 * the conversation, later answers join it: the mailer sends what the brand wrote since.
 */
export async function queueAnswerEmail(deps: CoreDeps, tx: StorageTx, input: { brandId: string; visitorId: string; conversationId: string; answeredAtMs: number }): Promise<void> {
  const visitor = await tx.accounts.byId(input.visitorId)
  if (visitor?.kind !== 'visitor' || !visitor.email) return
  if (await tx.emailNotifications.pending(visitor.id, input.conversationId)) return
  // Dated by the answer itself: the mailer sends the answers written from then on, this one included
  // (the clock read here, a moment later, would leave it out).
  const at = input.answeredAtMs
  await tx.emailNotifications.insert({
    id: deps.ids.next(), accountId: visitor.id, conversationId: input.conversationId, brandId: input.brandId,
    status: 'pending', attempts: 0, nextAttemptAtMs: at, lastError: null, createdAtMs: at, sentAtMs: null,
  })
}
