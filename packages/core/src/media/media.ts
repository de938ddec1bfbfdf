import type { Readable } from 'node:stream'
import { AppError, type Media } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { authorize } from '../authorization/authorize.ts'
import type { MediaRecord } from '../ports/storage.ts'
import type { MediaCaps } from '../ports/media-store.ts'
import { presentMedia } from '../presenters.ts'

/** Keeps only safe characters of a file name: no paths, no control or quoting characters. */
export function normaliseFileName(name: string | undefined, fallback: string): string {
  const base = (name ?? '').normalize('NFC').split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/^\.+/, '').trim().slice(0, 200)
  return clean || fallback
}

/** For chunked uploads (chunked-upload.ts): the media id chosen at INIT, and caps narrowed to the declared kind. */
export interface UploadMediaOptions {
  id?: string
  caps?: MediaCaps
}

/** Checks an upload by its bytes and keeps it; it stays the uploader's until attached. */
export async function uploadMedia(deps: CoreDeps, actor: Actor, body: Readable, fileName: string | undefined, options: UploadMediaOptions = {}): Promise<Media> {
  await authorize(deps, actor, 'media.upload')
  const l = deps.limits
  const inspected = await deps.mediaStore.put(body, options.caps ?? { imageBytes: l.imageBytes, gifBytes: l.gifBytes, videoBytes: l.videoBytes, fileBytes: l.fileBytes, imagePixels: l.imagePixels })
  const record: MediaRecord = {
    id: options.id ?? deps.ids.next(),
    ownerAccountId: actor.accountId,
    ...inspected,
    fileName: normaliseFileName(fileName, `${inspected.kind}`),
    messageId: null,
    createdAtMs: deps.clock.now(),
  }
  try {
    await deps.storage.transaction((tx) => tx.media.insert(record))
  } catch (error) {
    await deps.mediaStore.remove(record.storageKey)
    if (record.thumbnailKey) await deps.mediaStore.remove(record.thumbnailKey)
    throw error
  }
  return presentMedia(record)
}

/**
 * Opens media for someone allowed to see it: its uploader, a participant of a conversation
 * whose message carries it, or anyone for a profile picture. Others get MEDIA_NOT_FOUND.
 */
export async function openMedia(deps: CoreDeps, accountIds: readonly string[], mediaId: string, variant: 'original' | 'thumbnail') {
  const media = await deps.storage.reads.media.byId(mediaId)
  if (!media) throw new AppError('MEDIA_NOT_FOUND')
  const allowed = accountIds.includes(media.ownerAccountId) || (await deps.storage.reads.media.canRead(mediaId, accountIds))
  if (!allowed) throw new AppError('MEDIA_NOT_FOUND')
  const key = variant === 'thumbnail' ? media.thumbnailKey : media.storageKey
  const stored = key ? await deps.mediaStore.open(key) : undefined
  if (!stored) throw new AppError('MEDIA_NOT_FOUND')
  return { media, stream: stored.stream, sizeBytes: stored.sizeBytes, mimeType: variant === 'thumbnail' ? 'image/webp' : media.mimeType }
}
