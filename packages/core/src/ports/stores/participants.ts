import type { ParticipantStatus } from '@parloir/protocol'

export interface ParticipantRecord {
  conversationId: string
  accountId: string
  status: ParticipantStatus
  joinedCursor: number
  leftCursor: number | null
  lastReadSeq: number
  /** Messages up to this seq are not shown to this participant (joined later, or deleted the request). */
  visibleFromSeq: number
  joinedAtMs: number
}

/** Who takes part in which conversation, since and until which event, and what they read. */
export interface ParticipantReads {
  /** Current participants (not left) of a conversation, by time joined. */
  of(conversationId: string): Promise<ParticipantRecord[]>
  /** Current participants of several conversations at once. */
  ofMany(conversationIds: readonly string[]): Promise<ParticipantRecord[]>
  /** The current participation of an account, or undefined if it never joined or left. */
  get(conversationId: string, accountId: string): Promise<ParticipantRecord | undefined>
}

export interface ParticipantWrites extends ParticipantReads {
  /** Adds or re-adds a participant. */
  upsert(participant: ParticipantRecord): Promise<void>
  /** Changes the given fields of a participation (current or past); the others stay. */
  update(conversationId: string, accountId: string, patch: Partial<Pick<ParticipantRecord, 'status' | 'leftCursor' | 'lastReadSeq' | 'joinedCursor' | 'visibleFromSeq'>>): Promise<void>
}
