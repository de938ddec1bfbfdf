/** A report of an account (and optionally one of its messages) to the operators. */
export interface ReportRecord {
  id: string
  reporterId: string
  targetAccountId: string
  conversationId: string | null
  messageId: string | null
  reason: string
  createdAtMs: number
}

/** Blocks between accounts, and reports. */
export interface SafetyReads {
  /** Whether `a` blocks `b` or `b` blocks `a` (one query: every 1:1 send asks). */
  eitherBlocks(a: string, b: string): Promise<boolean>
  /** The ids of the accounts this one blocks. */
  blockedBy(blockerId: string): Promise<string[]>
}

export interface SafetyWrites extends SafetyReads {
  /** Records that `blockerId` blocks `blockedId`; nothing when it already did. */
  block(blockerId: string, blockedId: string, atMs: number): Promise<void>
  /** Lifts a block; nothing when there was none. */
  unblock(blockerId: string, blockedId: string): Promise<void>
  /** Files a report. */
  insertReport(report: ReportRecord): Promise<void>
}
