import type { Kysely } from 'kysely'
import type { MediaUploadRecord, MediaUploadSegmentRecord, MediaUploadWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toUpload = (r: Row<'media_uploads'>): MediaUploadRecord => ({
  id: r.id, ownerAccountId: r.owner_account_id, mediaType: r.media_type, kind: r.kind, totalBytes: Number(r.total_bytes),
  shared: Number(r.shared) === 1, state: r.state, error: r.error, createdAtMs: Number(r.created_at), expiresAtMs: Number(r.expires_at),
})
const toSegment = (r: Row<'media_upload_segments'>): MediaUploadSegmentRecord => ({
  uploadId: r.upload_id, index: Number(r.segment_index), sizeBytes: Number(r.size_bytes), segmentKey: r.segment_key, createdAtMs: Number(r.created_at),
})

/** The media-uploads store: chunked uploads and their segments. */
export class MediaUploadsRepository implements MediaUploadWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async byId(id: string) {
    const r = await this.db.selectFrom('media_uploads').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toUpload(r)
  }
  async segments(uploadId: string) {
    const rows = await this.db.selectFrom('media_upload_segments').selectAll().where('upload_id', '=', uploadId).orderBy('segment_index').execute()
    return rows.map(toSegment)
  }
  async openCount(ownerAccountId: string, nowMs: number) {
    const r = await this.db.selectFrom('media_uploads').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('owner_account_id', '=', ownerAccountId).where('state', 'in', ['pending', 'processing']).where('expires_at', '>', nowMs)
      .executeTakeFirst()
    return Number(r?.n ?? 0)
  }
  async expired(nowMs: number, limit: number) {
    const rows = await this.db.selectFrom('media_uploads').selectAll().where('expires_at', '<=', nowMs)
      .orderBy('expires_at').orderBy('id').limit(limit).execute()
    return rows.map(toUpload)
  }

  async insert(u: MediaUploadRecord) {
    await this.db.insertInto('media_uploads').values({
      id: u.id, owner_account_id: u.ownerAccountId, media_type: u.mediaType, kind: u.kind, total_bytes: u.totalBytes,
      shared: u.shared ? 1 : 0, state: u.state, error: u.error, created_at: u.createdAtMs, expires_at: u.expiresAtMs,
    }).execute()
  }
  async update(id: string, patch: Partial<Pick<MediaUploadRecord, 'state' | 'error' | 'expiresAtMs'>>) {
    const values: { state?: MediaUploadRecord['state']; error?: string | null; expires_at?: number } = {}
    if (patch.state !== undefined) values.state = patch.state
    if (patch.error !== undefined) values.error = patch.error
    if (patch.expiresAtMs !== undefined) values.expires_at = patch.expiresAtMs
    if (Object.keys(values).length) await this.db.updateTable('media_uploads').set(values).where('id', '=', id).execute()
  }
  async putSegment(s: MediaUploadSegmentRecord) {
    const values = { upload_id: s.uploadId, segment_index: s.index, size_bytes: s.sizeBytes, segment_key: s.segmentKey, created_at: s.createdAtMs }
    await this.db.insertInto('media_upload_segments').values(values)
      .onConflict((oc) => oc.columns(['upload_id', 'segment_index']).doUpdateSet({ size_bytes: s.sizeBytes, segment_key: s.segmentKey, created_at: s.createdAtMs }))
      .execute()
  }
  async delete(id: string) {
    await this.db.deleteFrom('media_upload_segments').where('upload_id', '=', id).execute()
    await this.db.deleteFrom('media_uploads').where('id', '=', id).execute()
  }
}
