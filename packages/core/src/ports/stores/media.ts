import type { MediaKind } from '@parloir/protocol'

export interface MediaRecord {
  id: string
  ownerAccountId: string
  kind: MediaKind
  mimeType: string
  sizeBytes: number
  width: number | null
  height: number | null
  fileName: string
  storageKey: string
  thumbnailKey: string | null
  messageId: string | null
  createdAtMs: number
}

/** Uploaded media (the bytes live in the `MediaStore`), and who may read them. */
export interface MediaReads {
  /** The media with this id, or undefined. */
  byId(id: string): Promise<MediaRecord | undefined>
  /** Media by id, in no particular order; missing ids are left out. */
  byIds(ids: readonly string[]): Promise<MediaRecord[]>
  /**
   * Whether these accounts can see this media: public media (avatars, welcome messages, custom
   * profiles, a visible post of a public discussion), or a message that carries it in a
   * conversation one of them is in.
   */
  canRead(mediaId: string, accountIds: readonly string[]): Promise<boolean>
}

export interface MediaWrites extends MediaReads {
  /** Inserts a media row. */
  insert(media: MediaRecord): Promise<void>
  /** Ties media to the message that carries it; false when it already belonged to one (the statement decides). */
  attach(mediaId: string, messageId: string): Promise<boolean>
  /** Removes a media row (not its bytes). */
  delete(id: string): Promise<void>
}
