import type { Kysely } from 'kysely'
import type { CustomFieldType } from '@parloir/protocol'
import type { CustomFieldRecord, CustomFieldValueRecord, CustomFieldWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toField = (r: Row<'custom_fields'>): CustomFieldRecord => ({
  id: r.id, brandId: r.brand_id, key: r.key, label: r.label, type: r.type as CustomFieldType, createdAtMs: Number(r.created_at), updatedAtMs: Number(r.updated_at),
})
const toValue = (r: Row<'custom_field_values'>): CustomFieldValueRecord => ({
  fieldId: r.field_id, brandId: r.brand_id, customerId: r.customer_id, value: r.value, updatedBy: r.updated_by, updatedAtMs: Number(r.updated_at),
})

/** The custom-fields store: a brand's fields, and its customers' values of them. */
export class CustomFieldsRepository implements CustomFieldWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async forBrand(brandId: string) {
    const rows = await this.db.selectFrom('custom_fields').selectAll().where('brand_id', '=', brandId).orderBy('created_at').orderBy('id').execute()
    return rows.map(toField)
  }
  async byId(id: string) {
    const r = await this.db.selectFrom('custom_fields').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toField(r)
  }
  async count(brandId: string) {
    const r = await this.db.selectFrom('custom_fields').select((eb) => eb.fn.countAll().as('n')).where('brand_id', '=', brandId).executeTakeFirst()
    return Number(r?.n ?? 0)
  }
  async valuesFor(brandId: string, customerId: string) {
    const rows = await this.db.selectFrom('custom_field_values').innerJoin('custom_fields', 'custom_fields.id', 'custom_field_values.field_id')
      .selectAll('custom_field_values')
      .where('custom_field_values.brand_id', '=', brandId).where('custom_field_values.customer_id', '=', customerId)
      .orderBy('custom_fields.created_at').orderBy('custom_fields.id').execute()
    return rows.map(toValue)
  }

  async insert(f: CustomFieldRecord) {
    await this.db.insertInto('custom_fields').values({
      id: f.id, brand_id: f.brandId, key: f.key, label: f.label, type: f.type, created_at: f.createdAtMs, updated_at: f.updatedAtMs,
    }).execute()
  }
  async update(id: string, changes: Pick<CustomFieldRecord, 'label' | 'updatedAtMs'>) {
    await this.db.updateTable('custom_fields').set({ label: changes.label, updated_at: changes.updatedAtMs }).where('id', '=', id).execute()
  }
  async delete(id: string) {
    // Values first: SQLite enforces the cascade only with foreign keys on, so it is not relied on.
    await this.db.deleteFrom('custom_field_values').where('field_id', '=', id).execute()
    await this.db.deleteFrom('custom_fields').where('id', '=', id).execute()
  }
  async setValue(v: CustomFieldValueRecord) {
    const changes = { value: v.value, updated_by: v.updatedBy, updated_at: v.updatedAtMs }
    await this.db.insertInto('custom_field_values').values({ field_id: v.fieldId, brand_id: v.brandId, customer_id: v.customerId, ...changes })
      .onConflict((oc) => oc.columns(['field_id', 'customer_id']).doUpdateSet(changes)).execute()
  }
  async clearValue(fieldId: string, customerId: string) {
    await this.db.deleteFrom('custom_field_values').where('field_id', '=', fieldId).where('customer_id', '=', customerId).execute()
  }
}
