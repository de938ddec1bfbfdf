/** An email telling a visitor that a brand answered; an outbox row, sent by the server's mailer. */
export interface EmailNotificationRecord {
  id: string
  accountId: string
  conversationId: string
  brandId: string
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  nextAttemptAtMs: number
  lastError: string | null
  createdAtMs: number
  sentAtMs: number | null
}

/** The outbox of emails telling visitors that a brand answered. */
export interface EmailNotificationReads {
  /** The pending email notification of an account in a conversation, if one waits. */
  pending(accountId: string, conversationId: string): Promise<EmailNotificationRecord | undefined>
  /** Pending notifications whose next attempt is due at `nowMs`, oldest first. */
  due(nowMs: number, limit: number): Promise<EmailNotificationRecord[]>
}

export interface EmailNotificationWrites extends EmailNotificationReads {
  /** Queues a notification. */
  insert(record: EmailNotificationRecord): Promise<void>
  /** Changes the given fields of a notification (an attempt's outcome); the others stay. */
  update(id: string, patch: Partial<Pick<EmailNotificationRecord, 'status' | 'attempts' | 'nextAttemptAtMs' | 'lastError' | 'sentAtMs'>>): Promise<void>
}
