import { AppError, type Session } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { hashToken, newSecret } from '../accounts/tokens.ts'
import { newSession } from '../accounts/sessions.ts'
import { pairKey } from '../conversations/access.ts'

/** How long the link in a visitor's email works: a week, long enough to read a weekend's mail. */
export const VISITOR_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000
/** How long a used or expired link is remembered, so it is told apart from a made-up one. */
const REMEMBER_ENDED_MS = 30 * 24 * 60 * 60 * 1000
/** `newSecret()`'s shape: 256 bits in base64url. Anything else is refused before a lookup. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/

/**
 * A link back to a visitor's conversation, for the email telling it a brand answered: a token of
 * 256 random bits, of which only the SHA-256 is kept (a forged one matches nothing, a copy of the
 * database opens nothing). It works once, for `VISITOR_LINK_TTL_MS`.
 */
export async function issueVisitorLink(deps: CoreDeps, input: { visitorId: string; conversationId: string }): Promise<{ token: string; expiresAtMs: number }> {
  const token = newSecret()
  const now = deps.clock.now()
  const expiresAtMs = now + VISITOR_LINK_TTL_MS
  await deps.storage.transaction(async (tx) => {
    await tx.visitorLinks.removeExpired(now - REMEMBER_ENDED_MS)
    await tx.visitorLinks.insert({ tokenHash: hashToken(token), accountId: input.visitorId, conversationId: input.conversationId, createdAtMs: now, expiresAtMs, usedAtMs: null })
  })
  return { token, expiresAtMs }
}

/** What a usable link leads to. */
export interface VisitorLinkTarget { accountId: string; conversationId: string; brandId: string | null }

/**
 * The link's target when it can be used now; else why not, as the error to show. A used,
 * expired or converted link's error says whose it was (`details`), so the page can tell the
 * browser that used it apart and name the brand to write to again.
 */
async function readLink(deps: CoreDeps, token: string): Promise<VisitorLinkTarget | AppError> {
  const link = TOKEN.test(token) ? await deps.storage.reads.visitorLinks.byTokenHash(hashToken(token)) : undefined
  if (!link) return new AppError('VISITOR_LINK_INVALID')
  const account = await deps.storage.reads.accounts.byId(link.accountId)
  const target: VisitorLinkTarget & Record<string, unknown> = { accountId: link.accountId, conversationId: link.conversationId, brandId: account?.issuedByBrandId ?? null }
  if (account?.kind !== 'visitor') return new AppError('VISITOR_HAS_ACCOUNT', target)
  if (link.usedAtMs !== null) return new AppError('VISITOR_LINK_USED', target)
  if (link.expiresAtMs <= deps.clock.now()) return new AppError('VISITOR_LINK_EXPIRED', target)
  return target
}

/** Reads a link without using it (the page before the button): its target, or throws why it cannot be used. */
export async function checkVisitorLink(deps: CoreDeps, token: string): Promise<VisitorLinkTarget> {
  const read = await readLink(deps, token)
  if (read instanceof AppError) throw read
  return read
}

/**
 * Uses a link: marks it used and opens a new session of its visitor in one transaction, so of two
 * uses at once exactly one gets a session. Throws VISITOR_LINK_INVALID, _USED, _EXPIRED or
 * VISITOR_HAS_ACCOUNT, using nothing.
 */
export async function exchangeVisitorLink(deps: CoreDeps, token: string, userAgent: string): Promise<{ session: Session; accountId: string; conversationId: string }> {
  await checkVisitorLink(deps, token)
  const tokenHash = hashToken(token)
  const exchanged = await deps.storage.transaction(async (tx) => {
    const link = await tx.visitorLinks.byTokenHash(tokenHash)
    const account = link && await tx.accounts.byId(link.accountId)
    if (!link || account?.kind !== 'visitor' || !(await tx.visitorLinks.use(tokenHash, deps.clock.now()))) return null
    const { record, session } = newSession(deps, account.id, userAgent)
    await tx.sessions.insert(record)
    return { session, accountId: account.id, conversationId: link.conversationId }
  })
  // Used (or turned into an account) between the check and the transaction: say which.
  if (!exchanged) {
    const read = await readLink(deps, token)
    throw read instanceof AppError ? read : new AppError('VISITOR_LINK_USED', { ...read })
  }
  return exchanged
}

/** The visitor's conversation with the brand it writes to, when it still has one; else null. */
export async function visitorConversationWith(deps: CoreDeps, actor: Actor, brandId: string): Promise<string | null> {
  const conversation = await deps.storage.reads.conversations.byPairKey(pairKey(actor.accountId, brandId))
  if (!conversation) return null
  const me = await deps.storage.reads.participants.get(conversation.id, actor.accountId)
  return me && me.leftCursor === null ? conversation.id : null
}
