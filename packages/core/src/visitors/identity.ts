import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { AppError, type IdentityVerification, type Me, type Session } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import type { AccountRecord } from '../ports/storage.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import { openSession } from '../accounts/sessions.ts'
import { loadMe } from '../accounts/profile.ts'
import { openDirect } from '../conversations/conversations.ts'

/**
 * Identity verification (docs/api.md, "Identity verification"): a brand's own server signs its
 * logged-in customer's id and the time, `hex(HMAC-SHA256(secret, userId + ':' + timestamp))`, and
 * the widget passes the three along. A good, fresh signature makes that customer the same
 * visitor for the brand on every device. The secret is sealed under the server key (it must be
 * read back to check signatures), shown once when made, and can be made again, which retires the old one.
 */

/** A signature is good for this long after it was made (and this far in the future, for clocks that drift). */
export const IDENTITY_SIGNATURE_MAX_AGE_S = 10 * 60
export const IDENTITY_SIGNATURE_CLOCK_SKEW_S = 60

export interface SignedIdentity { userId: string; timestamp: number; signature: string }

/** The signature of `userId` at `timestamp` under `secret`: what a brand's server computes. */
export function signIdentity(secret: string, userId: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${userId}:${timestamp}`).digest('hex')
}

async function presentVerification(deps: CoreDeps, brandId: string): Promise<IdentityVerification> {
  const found = await deps.storage.reads.visitorIdentities.secretOf(brandId)
  return { enabled: found !== undefined, createdAt: found ? new Date(found.createdAtMs).toISOString() : null }
}

export async function getIdentityVerification(deps: CoreDeps, actor: Actor, brandId: string): Promise<IdentityVerification> {
  await actAsBrand(deps, actor, brandId, 'identity.manage')
  return presentVerification(deps, brandId)
}

/** Makes a new secret (32 random bytes, hex), answered this once; signatures under the old one fail from now on. */
export async function regenerateIdentitySecret(deps: CoreDeps, actor: Actor, brandId: string): Promise<{ secret: string; verification: IdentityVerification }> {
  await actAsBrand(deps, actor, brandId, 'identity.manage')
  const secret = randomBytes(32).toString('hex')
  await deps.storage.transaction((tx) => tx.visitorIdentities.saveSecret({ brandId, sealedSecret: deps.secrets.seal(secret), createdAtMs: deps.clock.now() }))
  return { secret, verification: await presentVerification(deps, brandId) }
}

/** Checks a signature: the brand has a secret, it matches, and it is fresh. */
export async function verifyIdentity(deps: CoreDeps, brandId: string, signed: SignedIdentity): Promise<void> {
  const brand = await deps.storage.reads.accounts.byId(brandId)
  if (!brand || brand.kind !== 'brand') throw new AppError('ACCOUNT_NOT_FOUND', { brandId })
  const stored = await deps.storage.reads.visitorIdentities.secretOf(brandId)
  if (!stored) throw new AppError('IDENTITY_NOT_ENABLED', { brandId })
  let secret: string
  try {
    secret = deps.secrets.open(stored.sealedSecret)
  } catch {
    // Sealed under another server key (a key file lost or replaced): a new secret must be made.
    throw new AppError('IDENTITY_NOT_ENABLED', { brandId, reason: 'the secret cannot be read with this server\'s key: make a new one' })
  }
  const expected = Buffer.from(signIdentity(secret, signed.userId, signed.timestamp), 'hex')
  const given = Buffer.from(signed.signature, 'hex')
  // The signature is checked before the time, so a forged one is never told apart by its age.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('IDENTITY_SIGNATURE_INVALID')
  const ageS = Math.floor(deps.clock.now() / 1000) - signed.timestamp
  if (ageS > IDENTITY_SIGNATURE_MAX_AGE_S || ageS < -IDENTITY_SIGNATURE_CLOCK_SKEW_S) {
    throw new AppError('IDENTITY_SIGNATURE_EXPIRED', { maxAgeSeconds: IDENTITY_SIGNATURE_MAX_AGE_S })
  }
}

export type IdentifyResult =
  | { status: 'signed-in'; me: Me; session: Session; conversationId: string }
  | { status: 'current' | 'linked' | 'unknown' }

/**
 * A verified customer of the brand, from the widget. The visitor that is this customer gets a
 * new session here (the same conversation on this device too); with none yet, the calling
 * visitor of this brand becomes them; with no caller to link (or one that is another customer),
 * `unknown`: the widget writes first, as any visitor, then identifies again.
 */
export async function identifyVisitor(deps: CoreDeps, caller: Actor | null, input: SignedIdentity & { brandId: string }, meta: { userAgent: string }): Promise<IdentifyResult> {
  await verifyIdentity(deps, input.brandId, input)
  const { visitorIdentities, accounts } = deps.storage.reads
  const known = await visitorIdentities.visitorOf(input.brandId, input.userId)
  if (known) {
    if (caller?.userId === known.visitorId) return { status: 'current' }
    const visitor = await accounts.byId(known.visitorId)
    if (!visitor) return { status: 'unknown' }
    const session = await openSession(deps, visitor.id, meta.userAgent)
    const actor: Actor = { userId: visitor.id, accountId: visitor.id, sessionId: session.id, role: 'self' }
    const conversation = await openDirect(deps, actor, input.brandId)
    return { status: 'signed-in', me: await loadMe(deps, visitor), session, conversationId: conversation.id }
  }
  const callerAccount: AccountRecord | undefined = caller ? await accounts.byId(caller.userId) : undefined
  if (callerAccount?.kind !== 'visitor' || callerAccount.issuedByBrandId !== input.brandId) return { status: 'unknown' }
  const linked = await deps.storage.transaction((tx) => tx.visitorIdentities.link({ brandId: input.brandId, userId: input.userId, visitorId: callerAccount.id, createdAtMs: deps.clock.now() }))
  return { status: linked ? 'linked' : 'unknown' }
}
