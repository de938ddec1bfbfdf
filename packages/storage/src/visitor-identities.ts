import type { Kysely } from 'kysely'
import type { IdentitySecretRecord, VisitorIdentityRecord, VisitorIdentityWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toSecret = (r: Row<'identity_secrets'>): IdentitySecretRecord => ({ brandId: r.brand_id, sealedSecret: r.sealed_secret, createdAtMs: Number(r.created_at) })
const toIdentity = (r: Row<'visitor_identities'>): VisitorIdentityRecord => ({ brandId: r.brand_id, userId: r.user_id, visitorId: r.visitor_id, createdAtMs: Number(r.created_at) })

/** Identity verification: brands' sealed secrets and their customers' visitors. */
export class VisitorIdentitiesRepository implements VisitorIdentityWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async secretOf(brandId: string) {
    const r = await this.db.selectFrom('identity_secrets').selectAll().where('brand_id', '=', brandId).executeTakeFirst()
    return r && toSecret(r)
  }
  async visitorOf(brandId: string, userId: string) {
    const r = await this.db.selectFrom('visitor_identities').selectAll().where('brand_id', '=', brandId).where('user_id', '=', userId).executeTakeFirst()
    return r && toIdentity(r)
  }
  async ofVisitor(visitorId: string) {
    const r = await this.db.selectFrom('visitor_identities').selectAll().where('visitor_id', '=', visitorId).executeTakeFirst()
    return r && toIdentity(r)
  }

  async saveSecret(s: IdentitySecretRecord) {
    await this.db.deleteFrom('identity_secrets').where('brand_id', '=', s.brandId).execute()
    await this.db.insertInto('identity_secrets').values({ brand_id: s.brandId, sealed_secret: s.sealedSecret, created_at: s.createdAtMs }).execute()
  }
  async link(i: VisitorIdentityRecord) {
    // Both keys are checked first, in the transaction: no unique violation reaches the caller.
    if (await this.visitorOf(i.brandId, i.userId) || await this.ofVisitor(i.visitorId)) return false
    await this.db.insertInto('visitor_identities').values({ brand_id: i.brandId, user_id: i.userId, visitor_id: i.visitorId, created_at: i.createdAtMs }).execute()
    return true
  }
}
