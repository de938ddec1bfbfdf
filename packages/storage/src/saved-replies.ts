import type { ExpressionBuilder, Kysely } from 'kysely'
import type { SavedReplyChanges, SavedReplyRecord, SavedReplyWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toSavedReply = (r: Row<'saved_replies'>): SavedReplyRecord => ({
  id: r.id, brandId: r.brand_id, ownerMemberId: r.owner_member_id, shortcut: r.shortcut, title: r.title, text: r.text,
  createdBy: r.created_by, createdAtMs: Number(r.created_at), updatedAtMs: Number(r.updated_at),
})

/** One scope: the team's replies (a null owner) or one member's own. */
const inScope = (ownerMemberId: string | null) => (eb: ExpressionBuilder<Database, 'saved_replies'>) =>
  ownerMemberId === null ? eb('owner_member_id', 'is', null) : eb('owner_member_id', '=', ownerMemberId)

/** The saved-replies store. */
export class SavedRepliesRepository implements SavedReplyWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async visibleTo(brandId: string, memberId: string) {
    const rows = await this.db.selectFrom('saved_replies').selectAll().where('brand_id', '=', brandId)
      .where((eb) => eb.or([eb('owner_member_id', 'is', null), eb('owner_member_id', '=', memberId)]))
      .orderBy('created_at').orderBy('id').execute()
    return rows.map(toSavedReply)
  }
  async byId(id: string) {
    const r = await this.db.selectFrom('saved_replies').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toSavedReply(r)
  }
  async byShortcut(brandId: string, ownerMemberId: string | null, shortcut: string) {
    const r = await this.db.selectFrom('saved_replies').selectAll().where('brand_id', '=', brandId).where(inScope(ownerMemberId))
      .where('shortcut', '=', shortcut).executeTakeFirst()
    return r && toSavedReply(r)
  }
  async count(brandId: string, ownerMemberId: string | null) {
    const r = await this.db.selectFrom('saved_replies').select((eb) => eb.fn.countAll().as('n')).where('brand_id', '=', brandId)
      .where(inScope(ownerMemberId)).executeTakeFirst()
    return Number(r?.n ?? 0)
  }

  async insert(s: SavedReplyRecord) {
    await this.db.insertInto('saved_replies').values({
      id: s.id, brand_id: s.brandId, owner_member_id: s.ownerMemberId, shortcut: s.shortcut, title: s.title, text: s.text,
      created_by: s.createdBy, created_at: s.createdAtMs, updated_at: s.updatedAtMs,
    }).execute()
  }
  async update(id: string, changes: SavedReplyChanges) {
    const values: Partial<Database['saved_replies']> = {}
    if (changes.shortcut !== undefined) values.shortcut = changes.shortcut
    if (changes.title !== undefined) values.title = changes.title
    if (changes.text !== undefined) values.text = changes.text
    if (changes.updatedAtMs !== undefined) values.updated_at = changes.updatedAtMs
    if (Object.keys(values).length) await this.db.updateTable('saved_replies').set(values).where('id', '=', id).execute()
  }
  async delete(id: string) {
    await this.db.deleteFrom('saved_replies').where('id', '=', id).execute()
  }
}
