import type { Kysely } from 'kysely'
import type { LabelColour } from '@parloir/protocol'
import type { LabelChanges, LabelRecord, LabelWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toLabel = (r: Row<'labels'>): LabelRecord => ({
  id: r.id, brandId: r.brand_id, name: r.name, colour: r.colour as LabelColour, createdAtMs: Number(r.created_at), updatedAtMs: Number(r.updated_at),
})

/** The labels store: a brand's labels, and the labels on its conversations. */
export class LabelsRepository implements LabelWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async ofBrand(brandId: string) {
    const rows = await this.db.selectFrom('labels').selectAll().where('brand_id', '=', brandId).orderBy('created_at').orderBy('id').execute()
    return rows.map(toLabel)
  }
  async byId(id: string) {
    const r = await this.db.selectFrom('labels').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toLabel(r)
  }
  async count(brandId: string) {
    const r = await this.db.selectFrom('labels').select((eb) => eb.fn.countAll().as('n')).where('brand_id', '=', brandId).executeTakeFirst()
    return Number(r?.n ?? 0)
  }
  async conversationsWith(brandId: string, labelId: string) {
    const rows = await this.db.selectFrom('inbox_labels').select('conversation_id').where('brand_id', '=', brandId).where('label_id', '=', labelId)
      .orderBy('conversation_id').execute()
    return rows.map((r) => r.conversation_id)
  }

  async insert(l: LabelRecord) {
    await this.db.insertInto('labels').values({ id: l.id, brand_id: l.brandId, name: l.name, colour: l.colour, created_at: l.createdAtMs, updated_at: l.updatedAtMs }).execute()
  }
  async update(id: string, changes: LabelChanges) {
    const values: Partial<Database['labels']> = {}
    if (changes.name !== undefined) values.name = changes.name
    if (changes.colour !== undefined) values.colour = changes.colour
    if (changes.updatedAtMs !== undefined) values.updated_at = changes.updatedAtMs
    if (Object.keys(values).length) await this.db.updateTable('labels').set(values).where('id', '=', id).execute()
  }
  async delete(id: string) {
    // Rows of conversations whose inbox row is gone (none are left otherwise: see the port).
    await this.db.deleteFrom('inbox_labels').where('label_id', '=', id).execute()
    await this.db.deleteFrom('labels').where('id', '=', id).execute()
  }
  async setOnConversation(brandId: string, conversationId: string, labelIds: readonly string[]) {
    await this.db.deleteFrom('inbox_labels').where('brand_id', '=', brandId).where('conversation_id', '=', conversationId).execute()
    if (labelIds.length) {
      await this.db.insertInto('inbox_labels').values(labelIds.map((labelId) => ({ brand_id: brandId, conversation_id: conversationId, label_id: labelId }))).execute()
    }
    await this.db.updateTable('inbox_conversations').set({ label_ids: JSON.stringify(labelIds) })
      .where('brand_id', '=', brandId).where('conversation_id', '=', conversationId).execute()
  }
}
