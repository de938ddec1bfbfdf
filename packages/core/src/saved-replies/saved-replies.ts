import {
  AppError, compareSavedReplies, savedReplyMatches, type BrandAction, type SavedReply, type SavedReplyInput, type SavedReplyPatch,
} from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import type { SavedReplyRecord, StorageTx } from '../ports/storage.ts'
import { actAsBrand } from '../authorization/authorize.ts'

/**
 * Saved replies of a brand's team: the team's, which owners and admins keep, and each member's
 * own, which no one else sees (not even an owner). They are only ever inserted into a draft by
 * the composer, which fills their placeholders (protocol's `renderSavedReply`); nothing here sends.
 */

const present = (r: SavedReplyRecord): SavedReply => ({
  id: r.id, brandId: r.brandId, scope: r.ownerMemberId === null ? 'team' : 'personal', shortcut: r.shortcut, title: r.title, text: r.text,
  createdBy: r.createdBy, createdAt: iso(r.createdAtMs), updatedAt: iso(r.updatedAtMs),
})

/** Changing a team reply is managing the team's; changing one's own is using saved replies. */
const actionFor = (ownerMemberId: string | null): BrandAction => (ownerMemberId === null ? 'savedReplies.manage' : 'savedReplies.use')

/** The schema caps the lengths; a title or text of spaces only is refused here. */
function refuseBlank(input: { title?: string | undefined; text?: string | undefined }): void {
  const fields = (['title', 'text'] as const)
    .filter((field) => input[field] !== undefined && input[field].trim() === '')
    .map((field) => ({ path: `/${field}`, message: 'must not be blank', reason: 'blank' }))
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields })
}

async function refuseTakenShortcut(tx: StorageTx, brandId: string, ownerMemberId: string | null, shortcut: string): Promise<void> {
  if (await tx.savedReplies.byShortcut(brandId, ownerMemberId, shortcut)) {
    throw new AppError('SAVED_REPLY_SHORTCUT_TAKEN', { shortcut, scope: ownerMemberId === null ? 'team' : 'personal' })
  }
}

/** A saved reply of this brand the member may see: the team's, or their own. Another member's answers as missing. */
async function requireVisible(deps: CoreDeps, brandId: string, memberId: string, replyId: string): Promise<SavedReplyRecord> {
  const record = await deps.storage.reads.savedReplies.byId(replyId)
  if (!record || record.brandId !== brandId || (record.ownerMemberId !== null && record.ownerMemberId !== memberId)) {
    throw new AppError('SAVED_REPLY_NOT_FOUND', { replyId })
  }
  return record
}

/**
 * The team's saved replies and the member's own, by shortcut (the team's first on a tie), only
 * those whose shortcut or title starts with `query` when one is given. Reading the team's is
 * `messaging.read`, so a viewer sees them too (and has none of its own).
 */
export async function listSavedReplies(deps: CoreDeps, actor: Actor, brandId: string, query?: string): Promise<SavedReply[]> {
  const member = await actAsBrand(deps, actor, brandId, 'messaging.read')
  const records = await deps.storage.reads.savedReplies.visibleTo(brandId, member.userId)
  return records.filter((r) => query === undefined || savedReplyMatches(r, query)).map(present).sort(compareSavedReplies)
}

/** Saves a reply for the team (owners and admins) or for the member alone (any member who may write). */
export async function createSavedReply(deps: CoreDeps, actor: Actor, brandId: string, input: SavedReplyInput): Promise<SavedReply> {
  const member = await actAsBrand(deps, actor, brandId, input.scope === 'team' ? 'savedReplies.manage' : 'savedReplies.use')
  refuseBlank(input)
  const now = deps.clock.now()
  const record: SavedReplyRecord = {
    id: deps.ids.next(), brandId, ownerMemberId: input.scope === 'team' ? null : member.userId, shortcut: input.shortcut, title: input.title.trim(), text: input.text,
    createdBy: member.userId, createdAtMs: now, updatedAtMs: now,
  }
  const limit = record.ownerMemberId === null ? deps.limits.teamSavedRepliesPerBrand : deps.limits.personalSavedRepliesPerMember
  await deps.storage.transaction(async (tx) => {
    if (await tx.savedReplies.count(brandId, record.ownerMemberId) >= limit) throw new AppError('COLLECTION_FULL', { limit, scope: input.scope })
    await refuseTakenShortcut(tx, brandId, record.ownerMemberId, record.shortcut)
    await tx.savedReplies.insert(record)
  })
  return present(record)
}

/** Changes a saved reply's shortcut, title or text: the team's for owners and admins, one's own for its member. */
export async function updateSavedReply(deps: CoreDeps, actor: Actor, brandId: string, replyId: string, patch: SavedReplyPatch): Promise<SavedReply> {
  const member = await actAsBrand(deps, actor, brandId, 'savedReplies.use')
  const current = await requireVisible(deps, brandId, member.userId, replyId)
  await actAsBrand(deps, actor, brandId, actionFor(current.ownerMemberId))
  refuseBlank(patch)
  const changes = {
    ...(patch.shortcut === undefined ? {} : { shortcut: patch.shortcut }),
    ...(patch.title === undefined ? {} : { title: patch.title.trim() }),
    ...(patch.text === undefined ? {} : { text: patch.text }),
    updatedAtMs: deps.clock.now(),
  }
  await deps.storage.transaction(async (tx) => {
    if (changes.shortcut !== undefined && changes.shortcut !== current.shortcut) await refuseTakenShortcut(tx, brandId, current.ownerMemberId, changes.shortcut)
    await tx.savedReplies.update(replyId, changes)
  })
  return present({ ...current, ...changes })
}

/** Deletes a saved reply: the team's for owners and admins, one's own for its member. */
export async function deleteSavedReply(deps: CoreDeps, actor: Actor, brandId: string, replyId: string): Promise<void> {
  const member = await actAsBrand(deps, actor, brandId, 'savedReplies.use')
  const current = await requireVisible(deps, brandId, member.userId, replyId)
  await actAsBrand(deps, actor, brandId, actionFor(current.ownerMemberId))
  await deps.storage.transaction((tx) => tx.savedReplies.delete(replyId))
}
