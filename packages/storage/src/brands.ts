import type { Kysely } from 'kysely'
import type { BrandRole } from '@parloir/protocol'
import type { BrandWrites } from '@parloir/core'
import type { Database } from './schema.ts'

/** The brands store: team members and their roles. */
export class BrandsRepository implements BrandWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async role(brandId: string, accountId: string) {
    const r = await this.db.selectFrom('brand_members').select('role').where('brand_id', '=', brandId).where('account_id', '=', accountId).executeTakeFirst()
    return r?.role as BrandRole | undefined
  }
  async of(accountId: string) {
    const rows = await this.db.selectFrom('brand_members').select(['brand_id', 'role']).where('account_id', '=', accountId).orderBy('created_at').execute()
    return rows.map((r) => ({ brandId: r.brand_id, role: r.role as BrandRole }))
  }
  async members(brandId: string) {
    const rows = await this.db.selectFrom('brand_members').select(['account_id', 'role']).where('brand_id', '=', brandId).orderBy('created_at').execute()
    return rows.map((r) => ({ accountId: r.account_id, role: r.role as BrandRole }))
  }

  async setRole(brandId: string, accountId: string, role: BrandRole, atMs: number) {
    await this.db.insertInto('brand_members').values({ brand_id: brandId, account_id: accountId, role, created_at: atMs })
      .onConflict((oc) => oc.columns(['brand_id', 'account_id']).doUpdateSet({ role })).execute()
  }
  async removeMember(brandId: string, accountId: string) {
    await this.db.deleteFrom('brand_members').where('brand_id', '=', brandId).where('account_id', '=', accountId).execute()
  }
}
