import type { CoreDeps } from '../context.ts'
import type { AutomationKind, StorageTx } from '../ports/storage.ts'

export type AutomationVerdict =
  | { allowed: true; counted: boolean }
  | { allowed: false; reason: 'no_inbound_message' | 'daily_quota' }

/**
 * The anti-flood rules every automated message obeys (Twitter's, listed below), judged and
 * recorded in the caller's transaction so two concurrent replies cannot both take the last slot:
 * - never to someone who has not written in the conversation first;
 * - the first `automatedRepliesFreePerInbound` automated messages in the
 *   `automatedReplyFreeWindowMs` after the person's latest message are free;
 * - the others count against `automatedMessagesPerBrandPerDay` over the last 24 hours.
 */
export async function admitAutomatedMessage(
  deps: CoreDeps,
  tx: StorageTx,
  input: { brandId: string; conversationId: string; personId: string; kind: AutomationKind },
): Promise<AutomationVerdict> {
  const { limits } = deps
  const now = deps.clock.now()
  const inbound = await tx.messages.latestBy(input.conversationId, input.personId)
  if (!inbound) return { allowed: false, reason: 'no_inbound_message' }
  let counted = true
  if (now - inbound.createdAtMs < limits.automatedReplyFreeWindowMs) {
    const sinceInbound = await tx.automationLog.count({ brandId: input.brandId, conversationId: input.conversationId, sinceMs: inbound.createdAtMs - 1 })
    counted = sinceInbound >= limits.automatedRepliesFreePerInbound
  }
  if (counted) {
    const today = await tx.automationLog.count({ brandId: input.brandId, sinceMs: now - 24 * 60 * 60 * 1000, countedOnly: true })
    if (today >= limits.automatedMessagesPerBrandPerDay) return { allowed: false, reason: 'daily_quota' }
  }
  await tx.automationLog.insert({
    id: deps.ids.next(), brandId: input.brandId, conversationId: input.conversationId, kind: input.kind, counted, atMs: now,
  })
  return { allowed: true, counted }
}
