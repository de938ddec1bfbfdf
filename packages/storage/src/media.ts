import type { Kysely } from 'kysely'
import type { MediaRecord, MediaWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toMedia = (r: Row<'media'>): MediaRecord => ({
  id: r.id, ownerAccountId: r.owner_account_id, kind: r.kind, mimeType: r.mime_type, sizeBytes: Number(r.size_bytes),
  width: r.width === null ? null : Number(r.width), height: r.height === null ? null : Number(r.height), fileName: r.file_name,
  storageKey: r.storage_key, thumbnailKey: r.thumbnail_key, messageId: r.message_id, createdAtMs: Number(r.created_at),
})

/** The media store: rows about uploaded media, and who may read them. */
export class MediaRepository implements MediaWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async byId(id: string) {
    const r = await this.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toMedia(r)
  }
  async byIds(ids: readonly string[]) {
    if (ids.length === 0) return []
    return (await this.db.selectFrom('media').selectAll().where('id', 'in', [...ids]).execute()).map(toMedia)
  }
  async canRead(mediaId: string, accountIds: readonly string[]) {
    if (await this.#isPublic(mediaId)) return true
    if (accountIds.length === 0) return false
    const inMessage = await this.db.selectFrom('media as md')
      .innerJoin('messages as m', 'm.id', 'md.message_id')
      .innerJoin('participants as p', 'p.conversation_id', 'm.conversation_id')
      .select('md.id').where('md.id', '=', mediaId).where('m.unsent_at', 'is', null)
      .where('p.account_id', 'in', [...accountIds]).where('p.left_cursor', 'is', null)
      .whereRef('m.seq', '>', 'p.visible_from_seq').executeTakeFirst()
    if (inMessage) return true
    const groupAvatar = await this.db.selectFrom('conversations as c').innerJoin('participants as p', 'p.conversation_id', 'c.id')
      .select('c.id').where('c.avatar_media_id', '=', mediaId).where('p.account_id', 'in', [...accountIds]).where('p.left_cursor', 'is', null)
      .executeTakeFirst()
    return groupAvatar !== undefined
  }

  /** Avatars, welcome-message media, custom-profile avatars and media in public discussions' posts are public. */
  async #isPublic(mediaId: string): Promise<boolean> {
    const found = await this.db.selectFrom('accounts').select('id').where('avatar_media_id', '=', mediaId)
      .union(this.db.selectFrom('welcome_messages').select('id').where('media_id', '=', mediaId))
      .union(this.db.selectFrom('custom_profiles').select('id').where('avatar_media_id', '=', mediaId))
      // A public discussion's post, unless the moderators hid it.
      .union(this.db.selectFrom('discussion_posts').select('id').where('media_id', '=', mediaId).where('hidden_at', 'is', null))
      .executeTakeFirst()
    return found !== undefined
  }

  async insert(m: MediaRecord) {
    await this.db.insertInto('media').values({
      id: m.id, owner_account_id: m.ownerAccountId, kind: m.kind, mime_type: m.mimeType, size_bytes: m.sizeBytes, width: m.width,
      height: m.height, file_name: m.fileName, storage_key: m.storageKey, thumbnail_key: m.thumbnailKey, message_id: m.messageId,
      created_at: m.createdAtMs,
    }).execute()
  }
  async attach(mediaId: string, messageId: string) {
    const r = await this.db.updateTable('media').set({ message_id: messageId }).where('id', '=', mediaId).where('message_id', 'is', null).executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }
  async delete(id: string) {
    await this.db.deleteFrom('media').where('id', '=', id).execute()
  }
}
