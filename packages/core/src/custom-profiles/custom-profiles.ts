import { AppError, type CustomProfile } from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import type { CustomProfileRecord } from '../ports/storage.ts'
import { mediaUrl } from '../presenters.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import { requireOwnImage } from '../media/attach.ts'

const present = (r: CustomProfileRecord): CustomProfile => ({
  id: r.id, brandId: r.brandId, name: r.name, avatarUrl: r.avatarMediaId ? mediaUrl(r.avatarMediaId) : null, createdAt: iso(r.createdAtMs),
})

/** A custom profile of this brand, or CUSTOM_PROFILE_NOT_FOUND (another brand's looks missing). */
export async function requireCustomProfile(deps: CoreDeps, brandId: string, id: string): Promise<CustomProfileRecord> {
  const record = await deps.storage.reads.customProfiles.byId(id)
  if (!record || record.brandId !== brandId) throw new AppError('CUSTOM_PROFILE_NOT_FOUND', { profileId: id })
  return record
}

/** Agents list them to answer under one; viewers see them too. */
export async function listCustomProfiles(deps: CoreDeps, actor: Actor, brandId: string): Promise<CustomProfile[]> {
  await actAsBrand(deps, actor, brandId, 'messaging.read')
  return (await deps.storage.reads.customProfiles.forBrand(brandId)).map(present)
}

export async function createCustomProfile(deps: CoreDeps, actor: Actor, brandId: string, input: { name: string; avatarMediaId?: string | null }): Promise<CustomProfile> {
  const brandActor = await actAsBrand(deps, actor, brandId, 'messaging.manage')
  if (input.name.trim() === '') throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/name', message: 'must not be blank', reason: 'blank' }] })
  if (input.avatarMediaId) await requireOwnImage(deps, brandActor, input.avatarMediaId)
  const record: CustomProfileRecord = {
    id: deps.ids.next(), brandId, name: input.name.trim(), avatarMediaId: input.avatarMediaId ?? null, createdAtMs: deps.clock.now(),
  }
  await deps.storage.transaction(async (tx) => {
    if ((await tx.customProfiles.forBrand(brandId)).length >= deps.limits.customProfilesPerBrand) {
      throw new AppError('COLLECTION_FULL', { limit: deps.limits.customProfilesPerBrand })
    }
    await tx.customProfiles.insert(record)
  })
  return present(record)
}

/** Messages already sent under it keep its name and avatar: they carry a copy. */
export async function deleteCustomProfile(deps: CoreDeps, actor: Actor, brandId: string, id: string): Promise<void> {
  await actAsBrand(deps, actor, brandId, 'messaging.manage')
  await requireCustomProfile(deps, brandId, id)
  await deps.storage.transaction((tx) => tx.customProfiles.delete(id))
}
