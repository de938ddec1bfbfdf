import { AppError, type Account, type Me, type Settings } from '@parloir/protocol'
import { emit, type Actor, type CoreDeps } from '../context.ts'
import type { AccountRecord } from '../ports/storage.ts'
import { presentAccount } from '../presenters.ts'
import { requireOwnImage } from '../media/attach.ts'

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
  if (actor.role !== 'self' && actor.role !== 'owner' && actor.role !== 'admin') throw new AppError('FORBIDDEN', { needs: 'admin' })
  const account = await accountOf(deps, actor.accountId)
  const settings = { ...account.settings, ...patch }
  await deps.storage.transaction(async (tx) => {
    await tx.accounts.update(account.id, { settings })
    await emit(deps, tx, { name: 'settings.updated', data: { accountId: account.id, settings }, accountId: account.id }, [account.id])
  })
  return settings
}

export async function getAccount(deps: CoreDeps, idOrHandle: { id?: string; handle?: string }): Promise<Account> {
  const account = idOrHandle.id !== undefined
    ? await deps.storage.reads.accounts.byId(idOrHandle.id)
    : await deps.storage.reads.accounts.byHandle(idOrHandle.handle ?? '')
  if (!account) throw new AppError('ACCOUNT_NOT_FOUND')
  return presentAccount(account)
}
