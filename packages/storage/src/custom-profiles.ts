import type { Kysely } from 'kysely'
import type { CustomProfileRecord, CustomProfileWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toCustomProfile = (r: Row<'custom_profiles'>): CustomProfileRecord => ({
  id: r.id, brandId: r.brand_id, name: r.name, avatarMediaId: r.avatar_media_id, createdAtMs: Number(r.created_at),
})

/** The custom-profiles store. */
export class CustomProfilesRepository implements CustomProfileWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async forBrand(brandId: string) {
    const rows = await this.db.selectFrom('custom_profiles').selectAll().where('brand_id', '=', brandId).orderBy('created_at').orderBy('id').execute()
    return rows.map(toCustomProfile)
  }
  async byId(id: string) {
    const r = await this.db.selectFrom('custom_profiles').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toCustomProfile(r)
  }

  async insert(c: CustomProfileRecord) {
    await this.db.insertInto('custom_profiles').values({
      id: c.id, brand_id: c.brandId, name: c.name, avatar_media_id: c.avatarMediaId, created_at: c.createdAtMs,
    }).execute()
  }
  async delete(id: string) {
    await this.db.deleteFrom('custom_profiles').where('id', '=', id).execute()
  }
}
