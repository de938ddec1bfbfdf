import type { EventName } from '@parloir/protocol'

/** A durable event as kept in the event log. */
export interface EventRecord {
  cursor: number
  name: EventName
  conversationId: string | null
  accountId: string | null
  data: unknown
  receipt: ReceiptScope | null
}

/** Read receipts reach others only when reader and viewer both share them. */
export interface ReceiptScope {
  readerId: string
  shared: boolean
}

export interface NewEvent {
  name: EventName
  data: unknown
  /** Conversation-scoped: replayed to its participants. */
  conversationId?: string
  /** Account-scoped: replayed to that account only. */
  accountId?: string
  receipt?: ReceiptScope
}

/** The durable event log streams resume from, ordered by a gapless cursor. */
export interface EventReads {
  /**
   * Events after a cursor for any of these accounts, oldest first, at most `limit`, each with
   * the accounts among these it is for: conversation events while the account took part
   * (joined at or before, left after), account events for that account.
   */
  after(cursor: number, accountIds: readonly string[], limit: number): Promise<Array<EventRecord & { audience: string[] }>>
  /** The newest cursor in the event log, 0 when empty. */
  latestCursor(): Promise<number>
  /** The oldest cursor still kept, or null when the log is empty. */
  oldestCursor(): Promise<number | null>
}

export interface EventWrites extends EventReads {
  /** Appends a durable event and returns its cursor; cursors follow commit order, without gaps. */
  append(event: NewEvent): Promise<number>
}
