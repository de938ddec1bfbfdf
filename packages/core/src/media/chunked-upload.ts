import type { Readable } from 'node:stream'
import { AppError, type Media } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { authorize } from '../authorization/authorize.ts'
import type { MediaCaps } from '../ports/media-store.ts'
import type { MediaUploadRecord } from '../ports/storage.ts'
import { presentMedia } from '../presenters.ts'
import { uploadMedia } from './media.ts'

/**
 * Chunked uploads (Twitter's INIT / APPEND / FINALIZE / STATUS). INIT opens a session whose id
 * is the future media's id; APPEND keeps segments in the media store's temporary area; FINALIZE
 * joins them and hands the whole to `uploadMedia`, the same checks as any upload (type by
 * content, caps, pixel cap, metadata stripped, thumbnail), narrowed to the declared kind.
 */

/** A session lasts this long; so does the right to attach what it made (Twitter: 24 h). */
export const MEDIA_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000
/** Twitter's segment cap. */
export const MEDIA_SEGMENT_MAX_BYTES = 5 * 1024 * 1024
/** Segment indexes run from 0 to this minus one (Twitter: 0–999). */
export const MEDIA_SEGMENT_MAX_COUNT = 1000
/** Unfinished uploads one account may hold at once: each may reserve up to a video's cap of disk. */
export const MEDIA_UPLOADS_OPEN_MAX = 20

export type ChunkedMediaKind = MediaUploadRecord['kind']

export interface InitMediaUploadInput {
  /** The MIME type the uploader declares (`image/png`…). */
  mediaType: string
  totalBytes: number
  /** From the category; when absent, told from `mediaType`. */
  kind?: ChunkedMediaKind
  shared?: boolean
}

/** What a status or FINALIZE answer needs: the session, and the media once it is made. */
export interface MediaUploadView {
  upload: MediaUploadRecord
  media: Media | null
  /** Seconds left before the session (and the right to attach) expires. */
  expiresAfterSecs: number
}

const field = (path: string, message: string) => new AppError('VALIDATION_FAILED', { fields: [{ path, message }] })

/** The kind a MIME type announces: `image/gif` a GIF, other images an image, `video/*` a video. */
export function kindOfMediaType(mediaType: string): ChunkedMediaKind | undefined {
  const type = mediaType.toLowerCase()
  if (type === 'image/gif') return 'gif'
  if (type.startsWith('image/')) return 'image'
  if (type.startsWith('video/')) return 'video'
  return undefined
}

function capOf(deps: CoreDeps, kind: ChunkedMediaKind): number {
  return kind === 'image' ? deps.limits.imageBytes : kind === 'gif' ? deps.limits.gifBytes : deps.limits.videoBytes
}

/** The caps of the declared kind only: bytes of any other kind are refused from their first 4 KB. */
function capsOnly(deps: CoreDeps, kind: ChunkedMediaKind): MediaCaps {
  return {
    imageBytes: kind === 'image' ? deps.limits.imageBytes : 0,
    gifBytes: kind === 'gif' ? deps.limits.gifBytes : 0,
    videoBytes: kind === 'video' ? deps.limits.videoBytes : 0,
    fileBytes: 0,
    imagePixels: deps.limits.imagePixels,
  }
}

function view(deps: CoreDeps, upload: MediaUploadRecord, media: Media | null): MediaUploadView {
  return { upload, media, expiresAfterSecs: Math.max(0, Math.floor((upload.expiresAtMs - deps.clock.now()) / 1000)) }
}

/** The actor's own, unexpired session, or MEDIA_NOT_FOUND (another account's id looks unknown). */
async function requireOwnUpload(deps: CoreDeps, actor: Actor, uploadId: string): Promise<MediaUploadRecord> {
  const upload = /^[0-9]{1,20}$/.test(uploadId) ? await deps.storage.reads.mediaUploads.byId(uploadId) : undefined
  if (!upload || (upload.ownerAccountId !== actor.accountId && upload.ownerAccountId !== actor.userId)) throw new AppError('MEDIA_NOT_FOUND', { mediaId: uploadId })
  if (upload.expiresAtMs <= deps.clock.now()) throw new AppError('MEDIA_NOT_FOUND', { mediaId: uploadId, reason: 'the upload session expired' })
  return upload
}

export async function initMediaUpload(deps: CoreDeps, actor: Actor, input: InitMediaUploadInput): Promise<MediaUploadView> {
  await authorize(deps, actor, 'media.upload')
  if (typeof input.mediaType !== 'string' || !/^[a-z0-9.+-]{1,40}\/[a-z0-9.+-]{1,80}$/i.test(input.mediaType)) throw field('/media_type', 'must be a MIME type such as image/png')
  const kind = input.kind ?? kindOfMediaType(input.mediaType)
  if (!kind) throw field('/media_type', 'must be an image, GIF or video type')
  if (!Number.isSafeInteger(input.totalBytes) || input.totalBytes < 1) throw field('/total_bytes', 'must be a whole number of bytes, at least 1')
  const limitBytes = capOf(deps, kind)
  if (input.totalBytes > limitBytes) throw new AppError('MEDIA_TOO_LARGE', { kind, limitBytes })

  await cleanExpiredMediaUploads(deps, 20).catch((error: unknown) => deps.logger.warn({ err: error }, 'cleaning expired media uploads failed'))
  const now = deps.clock.now()
  if (await deps.storage.reads.mediaUploads.openCount(actor.accountId, now) >= MEDIA_UPLOADS_OPEN_MAX) {
    throw new AppError('RATE_LIMITED', { retryAfterMs: 60_000, reason: `at most ${MEDIA_UPLOADS_OPEN_MAX} unfinished uploads at once` })
  }
  const upload: MediaUploadRecord = {
    id: deps.ids.next(), ownerAccountId: actor.accountId, mediaType: input.mediaType.toLowerCase(), kind, totalBytes: input.totalBytes,
    shared: input.shared === true, state: 'pending', error: null, createdAtMs: now, expiresAtMs: now + MEDIA_UPLOAD_TTL_MS,
  }
  await deps.storage.transaction((tx) => tx.mediaUploads.insert(upload))
  return view(deps, upload, null)
}

/**
 * Keeps one segment. At most 5 MB, at an index below the segment count cap, and never past the
 * declared total once added to the other segments; the same index sent again replaces it.
 */
export async function appendMediaUpload(deps: CoreDeps, actor: Actor, uploadId: string, segmentIndex: number, body: Readable): Promise<void> {
  await authorize(deps, actor, 'media.upload')
  const upload = await requireOwnUpload(deps, actor, uploadId)
  if (upload.state !== 'pending') throw field('/media_id', 'this upload was already finalized')
  if (!Number.isSafeInteger(segmentIndex) || segmentIndex < 0 || segmentIndex >= MEDIA_SEGMENT_MAX_COUNT) {
    throw field('/segment_index', `must be a whole number from 0 to ${MEDIA_SEGMENT_MAX_COUNT - 1}`)
  }
  const segment = await deps.mediaStore.putSegment(upload.id, body, Math.min(MEDIA_SEGMENT_MAX_BYTES, upload.totalBytes))
  let replaced: string | undefined
  try {
    await deps.storage.transaction(async (tx) => {
      const current = await tx.mediaUploads.byId(upload.id)
      if (!current || current.state !== 'pending') throw field('/media_id', 'this upload was already finalized')
      const segments = await tx.mediaUploads.segments(upload.id)
      const others = segments.filter((s) => s.index !== segmentIndex).reduce((sum, s) => sum + s.sizeBytes, 0)
      if (others + segment.sizeBytes > upload.totalBytes) {
        throw new AppError('MEDIA_TOO_LARGE', { limitBytes: upload.totalBytes, reason: 'the segments add up to more than total_bytes' })
      }
      replaced = segments.find((s) => s.index === segmentIndex)?.segmentKey
      await tx.mediaUploads.putSegment({ uploadId: upload.id, index: segmentIndex, sizeBytes: segment.sizeBytes, segmentKey: segment.segmentKey, createdAtMs: deps.clock.now() })
    })
  } catch (error) {
    await deps.mediaStore.removeSegment(segment.segmentKey)
    throw error
  }
  if (replaced) await deps.mediaStore.removeSegment(replaced)
}

/**
 * Joins the segments (their sizes must add up to the declared total) and makes the media with
 * the session's id. Bytes of another kind than declared are refused (MEDIA_UNREADABLE) and the
 * session is marked failed. A finished session answers again with its media.
 */
export async function finalizeMediaUpload(deps: CoreDeps, actor: Actor, uploadId: string): Promise<MediaUploadView> {
  await authorize(deps, actor, 'media.upload')
  const upload = await requireOwnUpload(deps, actor, uploadId)
  if (upload.state === 'succeeded' || upload.state === 'processing') return mediaUploadStatus(deps, actor, uploadId)
  if (upload.state === 'failed') throw new AppError(upload.error === 'MEDIA_TOO_LARGE' ? 'MEDIA_TOO_LARGE' : 'MEDIA_UNREADABLE', { mediaId: uploadId })

  // The segments are read where the session is claimed, so an APPEND racing this FINALIZE either
  // lands before (and is joined) or finds the session no longer pending.
  const claimed = await deps.storage.transaction(async (tx) => {
    const current = await tx.mediaUploads.byId(upload.id)
    if (current?.state !== 'pending') return undefined
    const found = await tx.mediaUploads.segments(upload.id)
    const received = found.reduce((sum, s) => sum + s.sizeBytes, 0)
    if (received !== upload.totalBytes) throw field('/total_bytes', `${received} bytes received of the ${upload.totalBytes} declared`)
    await tx.mediaUploads.update(upload.id, { state: 'processing' })
    return found
  })
  if (!claimed) return mediaUploadStatus(deps, actor, uploadId)
  const segments = claimed

  try {
    const body = deps.mediaStore.openSegments(segments.map((s) => s.segmentKey))
    const media = await uploadMedia(deps, actor, body, undefined, { id: upload.id, caps: capsOnly(deps, upload.kind) })
    const done: MediaUploadRecord = { ...upload, state: 'succeeded' }
    await deps.storage.transaction((tx) => tx.mediaUploads.update(upload.id, { state: 'succeeded' }))
    return view(deps, done, media)
  } catch (caught) {
    let error = caught
    // Over a cap of zero means bytes of a kind other than the one declared.
    if (error instanceof AppError && error.code === 'MEDIA_TOO_LARGE' && error.details?.kind !== undefined && error.details.kind !== upload.kind) {
      error = new AppError('MEDIA_UNREADABLE', { declared: upload.kind, found: error.details.kind })
    }
    const code = error instanceof AppError ? error.code : 'INTERNAL'
    await deps.storage.transaction((tx) => tx.mediaUploads.update(upload.id, { state: 'failed', error: code })).catch(() => undefined)
    throw error
  } finally {
    await deps.mediaStore.removeSegments(upload.id).catch(() => undefined)
  }
}

/** Where an upload stands: pending, processing, succeeded (with its media) or failed (with a code). */
export async function mediaUploadStatus(deps: CoreDeps, actor: Actor, uploadId: string): Promise<MediaUploadView> {
  const upload = await requireOwnUpload(deps, actor, uploadId)
  const record = upload.state === 'succeeded' ? await deps.storage.reads.media.byId(upload.id) : undefined
  return view(deps, upload, record ? presentMedia(record) : null)
}

/**
 * Forgets expired sessions and their segments' bytes (the media a finished one made stays).
 * Returns how many it removed.
 */
export async function cleanExpiredMediaUploads(deps: CoreDeps, limit = 100): Promise<number> {
  const expired = await deps.storage.reads.mediaUploads.expired(deps.clock.now(), limit)
  for (const upload of expired) {
    await deps.mediaStore.removeSegments(upload.id)
    await deps.storage.transaction((tx) => tx.mediaUploads.delete(upload.id))
  }
  return expired.length
}
