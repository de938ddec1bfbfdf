import { AppError, type Account, type BrandMembership, type BrandRole } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import type { AccountRecord } from '../ports/storage.ts'
import { presentAccount } from '../presenters.ts'
import { createAccount } from '../accounts/sign-up.ts'

const rank: Record<BrandRole, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 }

/** Who acts: the person themself, or the person as a member of a brand's team. */
export async function resolveActor(deps: CoreDeps, userId: string, sessionId: string, actAsBrandId: string | undefined): Promise<Actor> {
  if (actAsBrandId === undefined || actAsBrandId === userId) return { userId, accountId: userId, sessionId, role: 'self' }
  const role = await deps.storage.reads.brandRole(actAsBrandId, userId)
  // Not a member answers as if the brand did not exist: other tenants look missing.
  if (!role) throw new AppError('ACCOUNT_NOT_FOUND', { brandId: actAsBrandId })
  return { userId, accountId: actAsBrandId, sessionId, role }
}

/** Creates a brand account whose first owner is `ownerId`. */
export async function createBrand(
  deps: CoreDeps,
  ownerId: string,
  input: { handle: string; displayName: string; bio?: string },
): Promise<BrandMembership> {
  const owner = await deps.storage.reads.accountById(ownerId)
  if (owner?.kind !== 'person') throw new AppError('FORBIDDEN', { needs: 'person' })
  const brand = await createAccount(deps, { kind: 'brand', ...input })
  await deps.storage.transaction((tx) => tx.setBrandRole(brand.id, ownerId, 'owner', deps.clock.now()))
  return { brand: presentAccount(brand), role: 'owner' }
}

/**
 * The actor as a member of a brand's team, with at least `minimum` role: what brand settings,
 * welcome messages and rules need. Not a member answers as if the brand did not exist.
 */
export async function actAsBrand(deps: CoreDeps, actor: Actor, brandId: string, minimum: BrandRole): Promise<Actor> {
  const role = await requireBrandRole(deps, brandId, actor.userId, minimum)
  return { userId: actor.userId, accountId: brandId, sessionId: actor.sessionId, role }
}

async function requireBrandRole(deps: CoreDeps, brandId: string, userId: string, minimum: BrandRole): Promise<BrandRole> {
  const role = await deps.storage.reads.brandRole(brandId, userId)
  if (!role) throw new AppError('ACCOUNT_NOT_FOUND', { brandId })
  if (rank[role] < rank[minimum]) throw new AppError('FORBIDDEN', { role, needs: minimum })
  return role
}

export async function listBrandMembers(deps: CoreDeps, actor: Actor, brandId: string): Promise<Array<{ account: Account; role: BrandRole }>> {
  await requireBrandRole(deps, brandId, actor.userId, 'viewer')
  const members = await deps.storage.reads.brandMembers(brandId)
  const accounts = new Map((await deps.storage.reads.accountsByIds(members.map((m) => m.accountId))).map((a) => [a.id, a]))
  return members.flatMap((m) => {
    const account = accounts.get(m.accountId)
    return account ? [{ account: presentAccount(account), role: m.role }] : []
  })
}

/**
 * Adds a member or changes a role. Admins manage agents and viewers; only owners make or
 * unmake admins and owners.
 */
export async function setBrandMember(deps: CoreDeps, actor: Actor, brandId: string, accountId: string, role: BrandRole): Promise<{ account: Account; role: BrandRole }> {
  const myRole = await requireBrandRole(deps, brandId, actor.userId, 'admin')
  const account = await deps.storage.reads.accountById(accountId)
  if (!account || account.kind !== 'person') throw new AppError('ACCOUNT_NOT_FOUND', { accountId })
  await deps.storage.transaction(async (tx) => {
    const current = await tx.brandRole(brandId, accountId)
    const touchesAdmins = rank[role] >= rank.admin || (current !== undefined && rank[current] >= rank.admin)
    if (touchesAdmins && myRole !== 'owner') throw new AppError('FORBIDDEN', { role: myRole, needs: 'owner' })
    if (current === 'owner' && role !== 'owner') await requireAnotherOwner(tx, brandId, accountId)
    await tx.setBrandRole(brandId, accountId, role, deps.clock.now())
    if (current === undefined) tx.afterCommit(() => deps.fanout.publish({ type: 'access.changed', userId: accountId }))
  })
  return { account: presentAccount(account), role }
}

async function requireAnotherOwner(tx: { brandMembers(brandId: string): Promise<Array<{ accountId: string; role: BrandRole }>> }, brandId: string, leavingId: string): Promise<void> {
  const owners = (await tx.brandMembers(brandId)).filter((m) => m.role === 'owner' && m.accountId !== leavingId)
  if (owners.length === 0) throw new AppError('LAST_OWNER')
}

/** Removes a member; anyone may leave, admins remove agents and viewers, owners anyone. */
export async function removeBrandMember(deps: CoreDeps, actor: Actor, brandId: string, accountId: string): Promise<void> {
  const myRole = await requireBrandRole(deps, brandId, actor.userId, accountId === actor.userId ? 'viewer' : 'admin')
  await deps.storage.transaction(async (tx) => {
    const current = await tx.brandRole(brandId, accountId)
    if (!current) throw new AppError('ACCOUNT_NOT_FOUND', { accountId })
    if (accountId !== actor.userId && rank[current] >= rank.admin && myRole !== 'owner') throw new AppError('FORBIDDEN', { role: myRole, needs: 'owner' })
    if (current === 'owner') await requireAnotherOwner(tx, brandId, accountId)
    await tx.removeBrandMember(brandId, accountId)
    // Open streams still listen for the brand: close them so they reopen without it.
    tx.afterCommit(() => deps.fanout.publish({ type: 'access.changed', userId: accountId }))
  })
}

/** The brand's account; ACCOUNT_NOT_FOUND when there is none or it is a person's. */
export async function requireBrand(deps: CoreDeps, brandId: string): Promise<AccountRecord> {
  const brand = await deps.storage.reads.accountById(brandId)
  if (!brand || brand.kind !== 'brand') throw new AppError('ACCOUNT_NOT_FOUND', { brandId })
  return brand
}
