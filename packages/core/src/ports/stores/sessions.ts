/** A signed-in session of an account, found by the hash of its token. */
export interface SessionRecord {
  id: string
  accountId: string
  tokenHash: string
  csrfToken: string
  userAgent: string
  createdAtMs: number
  lastSeenAtMs: number
  expiresAtMs: number
  revokedAtMs: number | null
}

/** Sessions of people signed in to the web app. */
export interface SessionReads {
  /** The session whose token hashes to this value, revoked or not. */
  byTokenHash(tokenHash: string): Promise<SessionRecord | undefined>
  /** The session with this id, revoked or not. */
  byId(id: string): Promise<SessionRecord | undefined>
  /** Open (not revoked, not expired at nowMs) sessions of an account, newest first. */
  openOf(accountId: string, nowMs: number): Promise<SessionRecord[]>
}

export interface SessionWrites extends SessionReads {
  /** Inserts a session. */
  insert(session: SessionRecord): Promise<void>
  /** Records that the session was used at `lastSeenAtMs`. */
  touch(id: string, lastSeenAtMs: number): Promise<void>
  /** Marks the session revoked at `atMs`; a session already revoked keeps its first time. */
  revoke(id: string, atMs: number): Promise<void>
}
