import { AppError, type Me, type Session, type SessionInfo } from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import type { AccountRecord, SessionRecord } from '../ports/storage.ts'
import { decoyHash, verifyPassword } from './passwords.ts'
import { hashToken, newSecret } from './tokens.ts'
import { loadMe } from './profile.ts'

const TOUCH_EVERY_MS = 60 * 60 * 1000

/** A new session of an account, for a caller to insert in its own transaction: the record kept, and what its client holds. */
export function newSession(deps: CoreDeps, accountId: string, userAgent: string): { record: SessionRecord; session: Session } {
  const token = newSecret()
  const now = deps.clock.now()
  const record: SessionRecord = {
    id: deps.ids.next(),
    accountId,
    tokenHash: hashToken(token),
    csrfToken: newSecret(),
    userAgent: userAgent.slice(0, 200),
    createdAtMs: now,
    lastSeenAtMs: now,
    expiresAtMs: now + deps.sessionTtlMs,
    revokedAtMs: null,
  }
  return { record, session: { id: record.id, token, csrfToken: record.csrfToken, expiresAt: iso(record.expiresAtMs) } }
}

export async function openSession(deps: CoreDeps, accountId: string, userAgent: string): Promise<Session> {
  const { record, session } = newSession(deps, accountId, userAgent)
  await deps.storage.transaction((tx) => tx.sessions.insert(record))
  return session
}

/** Same answer and about the same time whether the handle is unknown or the password wrong. */
export async function logIn(deps: CoreDeps, handle: string, password: string, userAgent: string): Promise<{ me: Me; session: Session; account: AccountRecord }> {
  if (Buffer.byteLength(password, 'utf8') > deps.limits.passwordBytes) throw new AppError('INVALID_CREDENTIALS')
  const account = await deps.storage.reads.accounts.byHandle(handle)
  if (account?.kind === 'brand') {
    await verifyPassword(password, await decoyHash(deps.passwordCost))
    throw new AppError('ACCOUNT_IS_BRAND')
  }
  const ok = await verifyPassword(password, account?.passwordHash ?? (await decoyHash(deps.passwordCost)))
  if (!account || !account.passwordHash || !ok) throw new AppError('INVALID_CREDENTIALS')
  const session = await openSession(deps, account.id, userAgent)
  return { me: await loadMe(deps, account), session, account }
}

/** The open session a token belongs to, or UNAUTHENTICATED. Extends its life when in use. */
export async function authenticate(deps: CoreDeps, token: string): Promise<{ session: SessionRecord; account: AccountRecord }> {
  const session = await deps.storage.reads.sessions.byTokenHash(hashToken(token))
  const now = deps.clock.now()
  const account = session ? await deps.storage.reads.accounts.byId(session.accountId) : undefined
  if (!session || !account) throw new AppError('UNAUTHENTICATED')
  if (session.revokedAtMs !== null || session.expiresAtMs <= now) {
    // Said to the token's own holder only: a visitor's token whose visitor kept its conversation in
    // an account (it is a person now), so the website chat can point to the account (docs/api.md).
    throw new AppError('UNAUTHENTICATED', account.kind === 'person' ? { accountKind: 'person' } : undefined)
  }
  if (now - session.lastSeenAtMs > TOUCH_EVERY_MS) {
    await deps.storage.transaction((tx) => tx.sessions.touch(session.id, now))
  }
  return { session, account }
}

export async function listSessions(deps: CoreDeps, actor: Actor): Promise<SessionInfo[]> {
  const sessions = await deps.storage.reads.sessions.openOf(actor.userId, deps.clock.now())
  return sessions.map((s) => ({
    id: s.id, createdAt: iso(s.createdAtMs), lastSeenAt: iso(s.lastSeenAtMs), expiresAt: iso(s.expiresAtMs),
    current: s.id === actor.sessionId, userAgent: s.userAgent,
  }))
}

/** Revokes a session of mine; its open streams close at once, on every process. */
export async function revokeSession(deps: CoreDeps, actor: Actor, sessionId: string): Promise<void> {
  const session = await deps.storage.reads.sessions.byId(sessionId)
  if (!session || session.accountId !== actor.userId || session.revokedAtMs !== null) throw new AppError('SESSION_NOT_FOUND')
  await deps.storage.transaction(async (tx) => {
    await tx.sessions.revoke(sessionId, deps.clock.now())
    // Its browser is no longer told anything.
    await tx.push.removeSessionSubscription(sessionId)
    tx.afterCommit(() => deps.fanout.publish({ type: 'session.revoked', sessionId }))
  })
}

export function logOut(deps: CoreDeps, actor: Actor): Promise<void> {
  return revokeSession(deps, actor, actor.sessionId)
}
