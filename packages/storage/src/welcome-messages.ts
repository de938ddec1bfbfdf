import type { Kysely } from 'kysely'
import type { WelcomeMessageRecord, WelcomeMessageWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import { json, type Row } from './json-columns.ts'

const toWelcomeMessage = (r: Row<'welcome_messages'>): WelcomeMessageRecord => ({
  id: r.id, brandId: r.brand_id, name: r.name, text: r.text, entities: JSON.parse(r.entities), quickReply: json(r.quick_reply),
  buttons: JSON.parse(r.buttons), mediaId: r.media_id, createdAtMs: Number(r.created_at), updatedAtMs: Number(r.updated_at),
})

/** The welcome-messages store. */
export class WelcomeMessagesRepository implements WelcomeMessageWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async forBrand(brandId: string) {
    const rows = await this.db.selectFrom('welcome_messages').selectAll().where('brand_id', '=', brandId).orderBy('created_at').orderBy('id').execute()
    return rows.map(toWelcomeMessage)
  }
  async byId(id: string) {
    const r = await this.db.selectFrom('welcome_messages').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toWelcomeMessage(r)
  }

  async insert(w: WelcomeMessageRecord) {
    await this.db.insertInto('welcome_messages').values({
      id: w.id, brand_id: w.brandId, name: w.name, text: w.text, entities: JSON.stringify(w.entities),
      quick_reply: w.quickReply && JSON.stringify(w.quickReply), buttons: JSON.stringify(w.buttons), media_id: w.mediaId,
      created_at: w.createdAtMs, updated_at: w.updatedAtMs,
    }).execute()
  }
  async update(id: string, patch: Partial<Omit<WelcomeMessageRecord, 'id' | 'brandId' | 'createdAtMs'>>) {
    const values: Partial<Database['welcome_messages']> = {}
    if (patch.name !== undefined) values.name = patch.name
    if (patch.text !== undefined) values.text = patch.text
    if (patch.entities !== undefined) values.entities = JSON.stringify(patch.entities)
    if (patch.quickReply !== undefined) values.quick_reply = patch.quickReply && JSON.stringify(patch.quickReply)
    if (patch.buttons !== undefined) values.buttons = JSON.stringify(patch.buttons)
    if (patch.mediaId !== undefined) values.media_id = patch.mediaId
    if (patch.updatedAtMs !== undefined) values.updated_at = patch.updatedAtMs
    if (Object.keys(values).length) await this.db.updateTable('welcome_messages').set(values).where('id', '=', id).execute()
  }
  async delete(id: string) {
    await this.db.deleteFrom('welcome_messages').where('id', '=', id).execute()
  }
}
