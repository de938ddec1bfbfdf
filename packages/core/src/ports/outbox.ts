import type { EventName, EventPayload } from '@parloir/protocol'
import type { ReceiptScope, StorageReads, StorageTx } from './storage.ts'

/**
 * The transactional outbox's extension point, which the server's webhook writer implements.
 * `emit` (context.ts) calls every writer in `CoreDeps.outboxWriters` inside the transaction that
 * appends a durable event, after the event is appended: what a writer inserts commits with the
 * event or rolls back with it, so no event is acknowledged without its webhook deliveries, and no
 * delivery exists for an event that never was. Ephemeral events (typing) have no transaction:
 * `writeEphemeralOutbox` (webhooks/outbox.ts) opens one only when a writer wants the event.
 */
export type OutboxEvent = {
  [N in EventName]: {
    name: N
    /** Typed by the event's name, from the protocol catalogue. */
    data: EventPayload<N>
    /** The event-log cursor; null for ephemeral events. */
    cursor: number | null
    conversationId: string | null
    accountId: string | null
    receipt: ReceiptScope | null
    atMs: number
  }
}[EventName]

export interface OutboxWriter {
  /** Writes the outbox rows this event carries, in the caller's transaction. */
  write(tx: StorageTx, event: OutboxEvent, audience: readonly string[]): Promise<void>
  /** Whether `write` would write anything for an ephemeral event (a cheap read, no transaction). */
  wants(reads: StorageReads, event: OutboxEvent, audience: readonly string[]): Promise<boolean>
}
