import { AppError } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import type { MediaRecord } from '../ports/storage.ts'

/** Media the actor uploaded (as itself or as the brand it acts for), not yet in a message. */
export async function requireAttachable(deps: CoreDeps, actor: Actor, mediaId: string): Promise<MediaRecord> {
  const media = await deps.storage.reads.media.byId(mediaId)
  if (!media || (media.ownerAccountId !== actor.accountId && media.ownerAccountId !== actor.userId)) throw new AppError('MEDIA_NOT_FOUND', { mediaId })
  if (media.messageId !== null) throw new AppError('MEDIA_ALREADY_ATTACHED', { mediaId })
  return media
}

/** An image of the actor's, for an avatar. */
export async function requireOwnImage(deps: CoreDeps, actor: Actor, mediaId: string): Promise<MediaRecord> {
  const media = await deps.storage.reads.media.byId(mediaId)
  if (!media || (media.ownerAccountId !== actor.accountId && media.ownerAccountId !== actor.userId)) throw new AppError('MEDIA_NOT_FOUND', { mediaId })
  if (media.kind !== 'image') throw new AppError('MEDIA_TYPE_NOT_ALLOWED', { mediaId, needs: 'image' })
  return media
}
