/**
 * A link that brings a visitor back to a conversation from any browser (the one in the email
 * telling them a brand answered). Only the hash of its token is kept, so a copy of the database
 * opens nothing; it works once and until `expiresAtMs`.
 */
export interface VisitorLinkRecord {
  tokenHash: string
  accountId: string
  conversationId: string
  createdAtMs: number
  expiresAtMs: number
  usedAtMs: number | null
}

/** Links that bring visitors back to their conversations. */
export interface VisitorLinkReads {
  /** The link whose token hashes to this value, used or expired or not. */
  byTokenHash(tokenHash: string): Promise<VisitorLinkRecord | undefined>
}

export interface VisitorLinkWrites extends VisitorLinkReads {
  /** Keeps a new link. */
  insert(link: VisitorLinkRecord): Promise<void>
  /**
   * Marks the link used at `atMs` when it is neither used nor expired then; false otherwise. The
   * one statement decides, so of two concurrent uses exactly one gets true.
   */
  use(tokenHash: string, atMs: number): Promise<boolean>
  /** Forgets links that expired before `beforeMs`, used or not; returns how many. */
  removeExpired(beforeMs: number): Promise<number>
}
