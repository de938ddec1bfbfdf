import type { EventName, EventPayload } from '@parloir/protocol'
import type { ReceiptScope } from './storage.ts'

/** An event on its way to open streams, with the accounts it is for; its payload is typed by its name, from the catalogue. */
export type EventEnvelope = {
  [N in EventName]: {
    name: N
    data: EventPayload<N>
    /** Position in the event log; absent for ephemeral events such as typing. */
    cursor?: number
    accountIds: string[]
    receipt?: ReceiptScope
  }
}[EventName]

/** What travels between processes: events for streams, and revocations that close streams. */
export type FanoutMessage =
  | { type: 'event'; event: EventEnvelope }
  | { type: 'session.revoked'; sessionId: string }
  /** What a person may see changed (joined or left a brand's team): their streams must reopen. */
  | { type: 'access.changed'; userId: string }
  /**
   * Messages may have been lost (Redis came back after a drop, or a gap was seen): every stream
   * must resume from its cursor, where the event log repairs the loss. A fan-out gives it to its
   * own subscribers; publishing it makes every process's streams resume.
   */
  | { type: 'resync' }

/** Carries messages from the process that committed them to every process holding streams. */
export interface Fanout {
  /** Sends to every subscriber, this process included; at most once (the event log repairs loss). */
  publish(message: FanoutMessage): void
  /** Calls `handler` for every published message; returns a function that stops it. */
  subscribe(handler: (message: FanoutMessage) => void): () => void
  close(): Promise<void>
}
