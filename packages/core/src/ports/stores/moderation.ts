/**
 * One line of a brand's audit log: who of the team did what, to what, about whom, and why.
 * Written in the transaction of the action it records (moderation/audit-log.ts), never changed
 * afterwards; an undo is a new line that names the one it undoes (`reversesId`).
 */
export interface AuditRecord {
  id: string
  brandId: string
  /** The member of the team who acted as the brand; null when Parloir did. */
  actorId: string | null
  action: string
  subjectKind: string
  subjectId: string
  /** The person concerned, when there is one. */
  personId: string | null
  reason: string
  approvalId: string | null
  reversesId: string | null
  atMs: number
}

export type ApprovalState = 'pending' | 'approved' | 'declined' | 'cancelled'

/** A request that waits for a second member of the team (moderation/approvals.ts). */
export interface ApprovalRecord {
  id: string
  brandId: string
  /** Which registered kind runs when it is approved ('customer.block'). */
  kind: string
  subjectKind: string
  subjectId: string
  personId: string | null
  reason: string
  /** What the kind needs to run, as JSON-safe data. */
  payload: Record<string, unknown>
  requestedBy: string
  requestedAtMs: number
  expiresAtMs: number
  status: ApprovalState
  decidedBy: string | null
  decidedAtMs: number | null
  decisionReason: string | null
}

/** A customer's message the brand's team hid, with the reason everyone in the conversation is shown. */
export interface MessageModerationRecord {
  messageId: string
  brandId: string
  conversationId: string
  reason: string
  hiddenAtMs: number
  reviewRequestedAtMs: number | null
}

export interface ModerationReads {
  /** A page of a brand's audit log, newest first (by id), below `beforeId`, optionally of one action or about one person. */
  auditPage(brandId: string, query: { action?: string; personId?: string; beforeId?: string; limit: number }): Promise<AuditRecord[]>
  /** The lines that undo any of these lines. */
  reversalsOf(ids: readonly string[]): Promise<AuditRecord[]>
  /** The newest line of this action about this subject, or undefined. */
  latestAudit(brandId: string, action: string, subjectKind: string, subjectId: string): Promise<AuditRecord | undefined>
  /** The approval with this id, or undefined. */
  approval(id: string): Promise<ApprovalRecord | undefined>
  /**
   * A page of a brand's approvals, newest first, below `beforeId`. 'pending' means pending and not
   * yet lapsed at `nowMs`; 'expired', pending and lapsed; the others as stored.
   */
  approvals(brandId: string, query: { status: ApprovalState | 'expired'; nowMs: number; beforeId?: string; limit: number }): Promise<ApprovalRecord[]>
  /** The pending (not lapsed at `nowMs`) approval of this kind about this subject, or undefined. */
  pendingFor(brandId: string, kind: string, subjectId: string, nowMs: number): Promise<ApprovalRecord | undefined>
  /** Whether the brand wants a second approval; undefined when it never chose (then it does). */
  secondApproval(brandId: string): Promise<boolean | undefined>
  /** The team's hides among these messages. */
  hiddenMessages(messageIds: readonly string[]): Promise<MessageModerationRecord[]>
}

export interface ModerationWrites extends ModerationReads {
  insertAudit(entry: AuditRecord): Promise<void>
  insertApproval(approval: ApprovalRecord): Promise<void>
  /**
   * Decides a pending approval. Returns false, changing nothing, when it is no longer pending: two
   * members deciding at once, only one wins.
   */
  decideApproval(id: string, decision: { status: Exclude<ApprovalState, 'pending'>; decidedBy: string; decidedAtMs: number; decisionReason: string | null }): Promise<boolean>
  setSecondApproval(brandId: string, on: boolean, atMs: number): Promise<void>
  hideMessage(hide: MessageModerationRecord): Promise<void>
  unhideMessage(messageId: string): Promise<void>
  /** Records the author's review request; false when one was already recorded for this hide. */
  markReviewRequested(messageId: string, atMs: number): Promise<boolean>
}
