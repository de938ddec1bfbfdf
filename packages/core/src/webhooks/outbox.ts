import type { EventName } from '@parloir/protocol'
import type { CoreDeps } from '../context.ts'
import type { OutboxEvent } from '../ports/outbox.ts'
import type { ReceiptScope } from '../ports/storage.ts'
import { isDeliverable } from '../realtime/delivery.ts'

/**
 * The only events a webhook may carry. Everything else stays inside Parloir: docs/reliability.md rule 6
 * says private data (a brand's internal notes, when they exist, hidden messages, settings) never
 * reaches a customer-facing payload, and a webhook is one. A new event reaches webhooks only by
 * being added here, with a test that it carries nothing private.
 */
export const webhookEventNames: ReadonlySet<EventName> = new Set<EventName>(['message.created', 'conversation.read', 'typing.started', 'inbox.updated', 'note.created'])

/**
 * The brand a team event belongs to: its status and assignment changes and its notes go to that
 * brand's own webhooks and nowhere else (native webhooks only: Account Activity has no such event).
 */
function teamEventBrand(event: { name: EventName; data: unknown }): string | null {
  if (event.name === 'inbox.updated') return (event.data as { state?: { brandId?: string } } | null)?.state?.brandId ?? ''
  if (event.name === 'note.created') return (event.data as { note?: { brandId?: string } } | null)?.note?.brandId ?? ''
  return null
}

/**
 * Which subscribed accounts an event may be delivered for: those of its audience (the accounts
 * that see it on their streams), with the read-receipt rule of the streams (a read reaches others
 * only when the reader and the subscribed account both share receipts).
 */
export function webhookRecipients(
  // Only the name, the receipt and whether a message is private matter here.
  event: { name: EventName; receipt: ReceiptScope | null; data: unknown },
  audience: readonly string[],
  subscribed: readonly string[],
  sharesReceipts: ReadonlyMap<string, boolean>,
): string[] {
  if (!webhookEventNames.has(event.name)) return []
  if (event.name === 'message.created' && isPrivateMessage(event.data)) return []
  const brandId = teamEventBrand(event)
  // Whatever audience it was given, a team event never goes to a webhook acting for anyone but the brand.
  if (brandId !== null) return subscribed.filter((accountId) => accountId === brandId && audience.includes(brandId))
  const inAudience = new Set(audience)
  return subscribed.filter((accountId) => inAudience.has(accountId) && isDeliverable(
    { accountIds: [accountId], ...(event.receipt ? { receipt: event.receipt } : {}) },
    { accounts: new Map([[accountId, sharesReceipts.get(accountId) ?? false]]) },
  ))
}

/**
 * A message only a brand's team may see (an internal note) never leaves. Parloir has none yet;
 * the check is here so that the day a message gains `visibility: 'internal'`, webhooks already
 * refuse it.
 */
function isPrivateMessage(data: unknown): boolean {
  const message = (data as { message?: { visibility?: unknown } } | null)?.message
  return message !== undefined && message.visibility !== undefined && message.visibility !== 'public'
}

/**
 * Hands an ephemeral event (typing) to the outbox writers that want it, in a transaction of its
 * own. Like the event itself it is best effort: a failure is logged, never thrown at the typist.
 */
export async function writeEphemeralOutbox(deps: CoreDeps, event: OutboxEvent extends infer E ? E extends OutboxEvent ? Omit<E, 'cursor' | 'atMs'> : never : never, audience: readonly string[]): Promise<void> {
  const full: OutboxEvent = { ...event, cursor: null, atMs: deps.clock.now() }
  for (const writer of deps.outboxWriters ?? []) {
    try {
      if (!(await writer.wants(deps.storage.reads, full, audience))) continue
      await deps.storage.transaction((tx) => writer.write(tx, full, audience))
    } catch (error) {
      deps.logger.warn({ err: error, event: event.name }, 'an ephemeral event could not be put in the webhook outbox')
    }
  }
}
