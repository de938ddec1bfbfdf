import type { Kysely } from 'kysely'
import type { CollectionItemStatus } from '@parloir/protocol'
import type {
  CollectionChanges, CollectionItemRecord, CollectionRecord, CollectionSectionRecord, CollectionWrites, ItemPlacement,
} from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toCollection = (r: Row<'collections'>): CollectionRecord => ({
  id: r.id, curatorId: r.curator_id, title: r.title, description: r.description, contributionMode: r.contribution_mode, indexable: Number(r.indexable) === 1,
  createdAtMs: Number(r.created_at), updatedAtMs: Number(r.updated_at),
  hiddenAtMs: r.hidden_at === null ? null : Number(r.hidden_at), hiddenReason: r.hidden_reason,
})

const toSection = (r: Row<'collection_sections'>): CollectionSectionRecord => ({
  id: r.id, collectionId: r.collection_id, title: r.title, position: Number(r.position), createdAtMs: Number(r.created_at),
})

const toItem = (r: Row<'collection_items'>): CollectionItemRecord => ({
  id: r.id, collectionId: r.collection_id, sectionId: r.section_id, position: Number(r.position), kind: r.kind, status: r.status,
  authorId: r.author_id, addedBy: r.added_by, title: r.title, text: r.text, url: r.url, siteName: r.site_name, mediaId: r.media_id,
  createdAtMs: Number(r.created_at), decidedAtMs: r.decided_at === null ? null : Number(r.decided_at), decidedBy: r.decided_by,
  hiddenAtMs: r.hidden_at === null ? null : Number(r.hidden_at), hiddenReason: r.hidden_reason,
  ...(r.review_requested_at === null ? {} : { reviewRequestedAtMs: Number(r.review_requested_at) }),
})

/** Section id (nulls first), position, id: the engines order NULLs differently, so the order is made here. */
function byPlace(a: CollectionItemRecord, b: CollectionItemRecord): number {
  if (a.sectionId !== b.sectionId) return a.sectionId === null ? -1 : b.sectionId === null ? 1 : a.sectionId < b.sectionId ? -1 : 1
  return a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** The collections store: collections, their sections and their items. */
export class CollectionsRepository implements CollectionWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async byId(id: string) {
    const r = await this.db.selectFrom('collections').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toCollection(r)
  }
  async ofCurator(curatorId: string) {
    const rows = await this.db.selectFrom('collections').selectAll().where('curator_id', '=', curatorId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').execute()
    return rows.map(toCollection)
  }
  async countOfCurator(curatorId: string) {
    const r = await this.db.selectFrom('collections').select((eb) => eb.fn.countAll().as('n')).where('curator_id', '=', curatorId).executeTakeFirst()
    return Number(r?.n ?? 0)
  }
  async sections(collectionId: string) {
    const rows = await this.db.selectFrom('collection_sections').selectAll().where('collection_id', '=', collectionId).orderBy('position').orderBy('id').execute()
    return rows.map(toSection)
  }
  async sectionById(id: string) {
    const r = await this.db.selectFrom('collection_sections').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toSection(r)
  }
  async items(collectionId: string) {
    const rows = await this.db.selectFrom('collection_items').selectAll().where('collection_id', '=', collectionId).execute()
    return rows.map(toItem).sort(byPlace)
  }
  async itemById(id: string) {
    const r = await this.db.selectFrom('collection_items').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toItem(r)
  }
  async itemsWithMedia(collectionId: string, mediaId: string) {
    const rows = await this.db.selectFrom('collection_items').selectAll().where('media_id', '=', mediaId).where('collection_id', '=', collectionId).execute()
    return rows.map(toItem).sort(byPlace)
  }
  async countItems(collectionIds: readonly string[]) {
    if (collectionIds.length === 0) return []
    const rows = await this.db.selectFrom('collection_items').select(['collection_id', 'status', (eb) => eb.fn.countAll().as('n')])
      .where('collection_id', 'in', [...collectionIds]).groupBy(['collection_id', 'status']).execute()
    return rows.map((r) => ({ collectionId: r.collection_id, status: r.status as CollectionItemStatus, count: Number(r.n) }))
  }

  async insert(c: CollectionRecord) {
    await this.db.insertInto('collections').values({
      id: c.id, curator_id: c.curatorId, title: c.title, description: c.description, contribution_mode: c.contributionMode, indexable: c.indexable ? 1 : 0,
      created_at: c.createdAtMs, updated_at: c.updatedAtMs, hidden_at: c.hiddenAtMs, hidden_reason: c.hiddenReason,
    }).execute()
  }
  async update(id: string, changes: CollectionChanges) {
    const values: Partial<Database['collections']> = {}
    if (changes.title !== undefined) values.title = changes.title
    if (changes.description !== undefined) values.description = changes.description
    if (changes.contributionMode !== undefined) values.contribution_mode = changes.contributionMode
    if (changes.indexable !== undefined) values.indexable = changes.indexable ? 1 : 0
    if (changes.updatedAtMs !== undefined) values.updated_at = changes.updatedAtMs
    if (Object.keys(values).length) await this.db.updateTable('collections').set(values).where('id', '=', id).execute()
  }
  async delete(id: string) {
    await this.db.deleteFrom('collection_items').where('collection_id', '=', id).execute()
    await this.db.deleteFrom('collection_sections').where('collection_id', '=', id).execute()
    await this.db.deleteFrom('collections').where('id', '=', id).execute()
  }
  async insertSection(s: CollectionSectionRecord) {
    await this.db.insertInto('collection_sections').values({ id: s.id, collection_id: s.collectionId, title: s.title, position: s.position, created_at: s.createdAtMs }).execute()
  }
  async renameSection(id: string, title: string) {
    await this.db.updateTable('collection_sections').set({ title }).where('id', '=', id).execute()
  }
  async placeSections(placements: ReadonlyArray<{ id: string; position: number }>) {
    for (const p of placements) await this.db.updateTable('collection_sections').set({ position: p.position }).where('id', '=', p.id).execute()
  }
  async deleteSection(id: string) {
    await this.db.deleteFrom('collection_sections').where('id', '=', id).execute()
  }
  async insertItem(i: CollectionItemRecord) {
    await this.db.insertInto('collection_items').values({
      id: i.id, collection_id: i.collectionId, section_id: i.sectionId, position: i.position, kind: i.kind, status: i.status,
      author_id: i.authorId, added_by: i.addedBy, title: i.title, text: i.text, url: i.url, site_name: i.siteName, media_id: i.mediaId,
      created_at: i.createdAtMs, decided_at: i.decidedAtMs, decided_by: i.decidedBy, hidden_at: i.hiddenAtMs, hidden_reason: i.hiddenReason,
      review_requested_at: i.reviewRequestedAtMs ?? null,
    }).execute()
  }
  async placeItems(placements: readonly ItemPlacement[]) {
    for (const p of placements) {
      await this.db.updateTable('collection_items').set({ section_id: p.sectionId, position: p.position }).where('id', '=', p.id).execute()
    }
  }
  async decideItem(id: string, decision: { status: 'published' | 'declined'; decidedAtMs: number; decidedBy: string }) {
    await this.db.updateTable('collection_items').set({ status: decision.status, decided_at: decision.decidedAtMs, decided_by: decision.decidedBy })
      .where('id', '=', id).execute()
  }
  async deleteItem(id: string) {
    await this.db.deleteFrom('collection_items').where('id', '=', id).execute()
  }
  async hideItem(id: string, hidden: { atMs: number; reason: string } | null) {
    await this.db.updateTable('collection_items').set({ hidden_at: hidden?.atMs ?? null, hidden_reason: hidden?.reason ?? null, review_requested_at: null })
      .where('id', '=', id).execute()
  }
  async markItemReviewRequested(id: string, atMs: number) {
    const r = await this.db.updateTable('collection_items').set({ review_requested_at: atMs })
      .where('id', '=', id).where('hidden_at', 'is not', null).where('review_requested_at', 'is', null).executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }
  async hideCollection(id: string, hidden: { atMs: number; reason: string } | null) {
    await this.db.updateTable('collections').set({ hidden_at: hidden?.atMs ?? null, hidden_reason: hidden?.reason ?? null }).where('id', '=', id).execute()
  }
}
