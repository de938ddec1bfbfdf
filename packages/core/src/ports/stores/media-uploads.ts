export type MediaUploadState = 'pending' | 'processing' | 'succeeded' | 'failed'

/** A chunked upload in progress or just finished; its id becomes the media's id. */
export interface MediaUploadRecord {
  id: string
  ownerAccountId: string
  /** The MIME type the uploader declared; the bytes decide in the end. */
  mediaType: string
  kind: 'image' | 'gif' | 'video'
  totalBytes: number
  shared: boolean
  state: MediaUploadState
  /** The error code when `state` is failed. */
  error: string | null
  createdAtMs: number
  expiresAtMs: number
}

export interface MediaUploadSegmentRecord {
  uploadId: string
  index: number
  sizeBytes: number
  /** Where the media store keeps the segment's bytes. */
  segmentKey: string
  createdAtMs: number
}

/** Chunked media uploads and the segments received so far. */
export interface MediaUploadReads {
  /** The upload with this id, or undefined. */
  byId(id: string): Promise<MediaUploadRecord | undefined>
  /** The segments received so far, by index. */
  segments(uploadId: string): Promise<MediaUploadSegmentRecord[]>
  /** Uploads of an account not finished and not expired at `nowMs`. */
  openCount(ownerAccountId: string, nowMs: number): Promise<number>
  /** Uploads that expired at or before `nowMs`, oldest first, at most `limit`. */
  expired(nowMs: number, limit: number): Promise<MediaUploadRecord[]>
}

export interface MediaUploadWrites extends MediaUploadReads {
  /** Inserts an upload. */
  insert(upload: MediaUploadRecord): Promise<void>
  /** Changes the given fields of an upload; the others stay. */
  update(id: string, patch: Partial<Pick<MediaUploadRecord, 'state' | 'error' | 'expiresAtMs'>>): Promise<void>
  /** Adds or replaces the segment at its index. */
  putSegment(segment: MediaUploadSegmentRecord): Promise<void>
  /** Removes an upload and its segment rows (not the media made from it). */
  delete(id: string): Promise<void>
}
