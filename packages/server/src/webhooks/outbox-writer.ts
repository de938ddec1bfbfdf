import {
  webhookEventNames, webhookRecipients, type Clock, type IdGenerator, type OutboxEvent, type OutboxWriter, type StorageReads, type StorageTx,
} from '@parloir/core'
import { accountActivityPayload, nativePayload } from './payloads.ts'

/**
 * Writes webhook deliveries into the outbox, inside the transaction of the event they carry
 * (wired into core through `CoreDeps.outboxWriters`). One row per (webhook, subscribed account
 * the event is for): Account Activity sends "the same event once per subscribed user involved".
 */
export class WebhookOutboxWriter implements OutboxWriter {
  readonly #listeners = new Set<() => void>()

  constructor(private readonly options: { ids: IdGenerator; clock: Clock; origin: () => string }) {}

  /** Called after each commit that wrote deliveries (the worker wakes up at once). */
  onCommitted(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async wants(reads: StorageReads, event: OutboxEvent, audience: readonly string[]): Promise<boolean> {
    if (!webhookEventNames.has(event.name)) return false
    return (await reads.webhooks.forAccounts(audience)).length > 0
  }

  async write(tx: StorageTx, event: OutboxEvent, audience: readonly string[]): Promise<void> {
    // Most events never go to a webhook: no query for them.
    if (!webhookEventNames.has(event.name) || audience.length === 0) return
    const hooks = await tx.webhooks.forAccounts(audience)
    if (hooks.length === 0) return
    const sharesReceipts = new Map<string, boolean>()
    if (event.receipt) {
      for (const account of await tx.accounts.byIds(hooks.flatMap((h) => h.accountIds))) sharesReceipts.set(account.id, account.settings.sendReadReceipts)
    }
    const now = this.options.clock.now()
    let written = 0
    for (const { webhook, accountIds } of hooks) {
      if (webhook.kind === 'native' && webhook.eventTypes.length > 0 && !webhook.eventTypes.includes(event.name)) continue
      for (const forAccountId of webhookRecipients(event, audience, accountIds, sharesReceipts)) {
        const payload = webhook.kind === 'account_activity'
          ? await accountActivityPayload(tx, event, forAccountId, this.options.origin())
          : nativePayload(event, forAccountId)
        if (payload === null) continue
        await tx.webhooks.insertDelivery({
          id: this.options.ids.next(), webhookId: webhook.id, eventName: event.name, eventCursor: event.cursor, forAccountId, payload,
          status: 'pending', attempts: 0, nextAttemptAtMs: now, lastAttemptAtMs: null, lastStatusCode: null, lastError: null,
          lastDurationMs: null, createdAtMs: now, deliveredAtMs: null,
        })
        written++
      }
    }
    if (written > 0) tx.afterCommit(() => { for (const listener of this.#listeners) listener() })
  }
}
