import type { Readable } from 'node:stream'
import type { MediaKind } from '@parloir/protocol'

/** What the checks found in an upload's bytes. */
export interface InspectedMedia {
  kind: MediaKind
  mimeType: string
  sizeBytes: number
  width: number | null
  height: number | null
  storageKey: string
  thumbnailKey: string | null
}

export interface MediaCaps {
  imageBytes: number
  gifBytes: number
  videoBytes: number
  fileBytes: number
  imagePixels: number
}

/** Keeps attachment bytes; checks and stores them in one step. */
export interface MediaStore {
  /**
   * Reads an upload, tells its type from its bytes, enforces the caps for that type, strips
   * location metadata from images, makes a thumbnail, and keeps the result under a new key.
   * On any failure, throws an AppError and leaves no bytes behind.
   */
  put(body: Readable, caps: MediaCaps): Promise<InspectedMedia>
  /** A stream of stored bytes, or undefined if the key is gone. */
  open(storageKey: string): Promise<{ stream: Readable; sizeBytes: number } | undefined>
  /** Removes stored bytes; no error if they are already gone. */
  remove(storageKey: string): Promise<void>
}

// ---- Chunked uploads -----------------------------------------------------------------------
// Segments wait in the store's temporary area until FINALIZE joins them and hands the whole to
// `put`, which checks them like any upload. Declared apart (interface merging).

export interface MediaStore {
  /**
   * Keeps one segment of a chunked upload in the temporary area. Refuses with MEDIA_TOO_LARGE
   * past `maxBytes` and VALIDATION_FAILED when empty, leaving nothing behind.
   */
  putSegment(uploadId: string, body: Readable, maxBytes: number): Promise<{ segmentKey: string; sizeBytes: number }>
  /** The bytes of these segments, in this order, as one stream; it errors if one is gone. */
  openSegments(segmentKeys: readonly string[]): Readable
  /** Removes one segment; no error if it is already gone. */
  removeSegment(segmentKey: string): Promise<void>
  /** Removes every segment of an upload. */
  removeSegments(uploadId: string): Promise<void>
}
