import { AppError, type Account, type BrandAction, type BrandMembership, type BrandRole } from '@parloir/protocol'
import { onMemberLeft } from '../team-inbox/assignment.ts'
import type { Actor, CoreDeps } from '../context.ts'
import type { AccountRecord, BrandReads } from '../ports/storage.ts'
import { presentAccount } from '../presenters.ts'
import { createAccount } from '../accounts/sign-up.ts'
import { actAsBrand } from '../authorization/authorize.ts'

const rank: Record<BrandRole, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 }

/** Who acts: the person themself, or the person as a member of a brand's team. */
export async function resolveActor(deps: CoreDeps, userId: string, sessionId: string, actAsBrandId: string | undefined): Promise<Actor> {
  if (actAsBrandId === undefined || actAsBrandId === userId) return { userId, accountId: userId, sessionId, role: 'self' }
  const role = await deps.storage.reads.brands.role(actAsBrandId, userId)
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
  const owner = await deps.storage.reads.accounts.byId(ownerId)
  if (owner?.kind !== 'person') throw new AppError('FORBIDDEN', { needs: 'person' })
  const brand = await createAccount(deps, { kind: 'brand', ...input })
  await deps.storage.transaction((tx) => tx.brands.setRole(brand.id, ownerId, 'owner', deps.clock.now()))
  return { brand: presentAccount(brand), role: 'owner' }
}

/** The member's role now, when it may take `action` in the brand (see authorization/authorize.ts). */
async function requireBrandRole(deps: CoreDeps, actor: Actor, brandId: string, action: BrandAction): Promise<BrandRole> {
  const { role } = await actAsBrand(deps, actor, brandId, action)
  if (role === 'self') throw new AppError('ACCOUNT_NOT_FOUND', { brandId })
  return role
}

export async function listBrandMembers(deps: CoreDeps, actor: Actor, brandId: string): Promise<Array<{ account: Account; role: BrandRole }>> {
  await requireBrandRole(deps, actor, brandId, 'team.read')
  const members = await deps.storage.reads.brands.members(brandId)
  const accounts = new Map((await deps.storage.reads.accounts.byIds(members.map((m) => m.accountId))).map((a) => [a.id, a]))
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
  const myRole = await requireBrandRole(deps, actor, brandId, 'team.manage')
  const account = await deps.storage.reads.accounts.byId(accountId)
  if (!account || account.kind !== 'person') throw new AppError('ACCOUNT_NOT_FOUND', { accountId })
  await deps.storage.transaction(async (tx) => {
    const current = await tx.brands.role(brandId, accountId)
    const touchesAdmins = rank[role] >= rank.admin || (current !== undefined && rank[current] >= rank.admin)
    if (touchesAdmins && myRole !== 'owner') throw new AppError('FORBIDDEN', { role: myRole, needs: 'owner' })
    if (current === 'owner' && role !== 'owner') await requireAnotherOwner(tx.brands, brandId, accountId)
    await tx.brands.setRole(brandId, accountId, role, deps.clock.now())
    if (current === undefined) tx.afterCommit(() => deps.fanout.publish({ type: 'access.changed', userId: accountId }))
  })
  return { account: presentAccount(account), role }
}

async function requireAnotherOwner(brands: BrandReads, brandId: string, leavingId: string): Promise<void> {
  const owners = (await brands.members(brandId)).filter((m) => m.role === 'owner' && m.accountId !== leavingId)
  if (owners.length === 0) throw new AppError('LAST_OWNER')
}

/** Removes a member; anyone may leave, admins remove agents and viewers, owners anyone. */
export async function removeBrandMember(deps: CoreDeps, actor: Actor, brandId: string, accountId: string): Promise<void> {
  // Anyone may leave the team: seeing it is enough.
  const myRole = await requireBrandRole(deps, actor, brandId, accountId === actor.userId ? 'team.read' : 'team.manage')
  await deps.storage.transaction(async (tx) => {
    const current = await tx.brands.role(brandId, accountId)
    if (!current) throw new AppError('ACCOUNT_NOT_FOUND', { accountId })
    if (accountId !== actor.userId && rank[current] >= rank.admin && myRole !== 'owner') throw new AppError('FORBIDDEN', { role: myRole, needs: 'owner' })
    if (current === 'owner') await requireAnotherOwner(tx.brands, brandId, accountId)
    await tx.brands.removeMember(brandId, accountId)
    await onMemberLeft(deps, tx, brandId, accountId, actor.userId)
    // Open streams still listen for the brand: close them so they reopen without it.
    tx.afterCommit(() => deps.fanout.publish({ type: 'access.changed', userId: accountId }))
  })
}

/** The brand's account; ACCOUNT_NOT_FOUND when there is none or it is a person's. */
export async function requireBrand(deps: CoreDeps, brandId: string): Promise<AccountRecord> {
  const brand = await deps.storage.reads.accounts.byId(brandId)
  if (!brand || brand.kind !== 'brand') throw new AppError('ACCOUNT_NOT_FOUND', { brandId })
  return brand
}
