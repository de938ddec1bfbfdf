import { AppError, type Account, type Me, type Settings } from '@parloir/protocol'
import { emit, type Actor, type CoreDeps } from '../context.ts'
import type { AccountRecord } from '../ports/storage.ts'
import { presentAccount } from '../presenters.ts'
import { requireOwnImage } from '../media/attach.ts'
import { authorize } from '../authorization/authorize.ts'
import { pairKey } from '../conversations/access.ts'

export async function loadMe(deps: CoreDeps, account: AccountRecord): Promise<Me> {
  const memberships = await deps.storage.reads.brands.of(account.id)
  const brands = await deps.storage.reads.accounts.byIds(memberships.map((m) => m.brandId))
  const byId = new Map(brands.map((b) => [b.id, b]))
  return {
    account: presentAccount(account),
    settings: account.settings,
    email: account.email,
    brands: memberships.flatMap((m) => {
      const brand = byId.get(m.brandId)
      return brand ? [{ brand: presentAccount(brand), role: m.role }] : []
    }),
  }
}

async function accountOf(deps: CoreDeps, id: string): Promise<AccountRecord> {
  const account = await deps.storage.reads.accounts.byId(id)
  if (!account) throw new AppError('ACCOUNT_NOT_FOUND')
  return account
}

export async function getMe(deps: CoreDeps, actor: Actor): Promise<Me> {
  return loadMe(deps, await accountOf(deps, actor.userId))
}

export async function updateProfile(
  deps: CoreDeps,
  actor: Actor,
  patch: { displayName?: string; bio?: string; avatarMediaId?: string | null },
): Promise<Me> {
  if (patch.avatarMediaId) await requireOwnImage(deps, actor, patch.avatarMediaId)
  await deps.storage.transaction((tx) => tx.accounts.update(actor.userId, patch))
  return getMe(deps, actor)
}

/** Changes privacy settings of the acting account (a brand's, for its admins). */
export async function updateSettings(deps: CoreDeps, actor: Actor, patch: Partial<Settings>): Promise<Settings> {
  await authorize(deps, actor, 'messaging.manage')
  const account = await accountOf(deps, actor.accountId)
  if (account.kind === 'brand' && patch.discoverable === false) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/discoverable', message: 'A brand is always discoverable: its profile is public' }] })
  }
  const settings = { ...account.settings, ...patch }
  await deps.storage.transaction(async (tx) => {
    await tx.accounts.update(account.id, { settings })
    await emit(deps, tx, { name: 'settings.updated', data: { accountId: account.id, settings }, accountId: account.id }, [account.id])
  })
  return settings
}

/**
 * Whether `viewer` may see the visitor's profile (the name it typed): the visitor itself, and the
 * members of a brand it has a conversation with. Visitors only ever have 1:1s with brands.
 */
async function canSeeVisitor(deps: CoreDeps, viewer: Actor | null, visitorId: string): Promise<boolean> {
  if (!viewer) return false
  if (viewer.userId === visitorId || viewer.accountId === visitorId) return true
  const memberships = await deps.storage.reads.brands.of(viewer.userId)
  for (const { brandId } of memberships) {
    if (await deps.storage.reads.conversations.byPairKey(pairKey(brandId, visitorId))) return true
  }
  return false
}

/**
 * A profile by id or handle, as `viewer` (null: nobody logged in) may see it. People and brands
 * are public; a visitor is missing, exactly as an unknown account, to anyone but itself and the
 * members of the brands it writes to, so its name and its existence cannot be probed.
 */
export async function getAccount(deps: CoreDeps, viewer: Actor | null, idOrHandle: { id?: string; handle?: string }): Promise<Account> {
  const account = idOrHandle.id !== undefined
    ? await deps.storage.reads.accounts.byId(idOrHandle.id)
    : await deps.storage.reads.accounts.byHandle(idOrHandle.handle ?? '')
  if (!account) throw new AppError('ACCOUNT_NOT_FOUND')
  if (account.kind === 'visitor' && !(await canSeeVisitor(deps, viewer, account.id))) throw new AppError('ACCOUNT_NOT_FOUND')
  return presentAccount(account)
}
