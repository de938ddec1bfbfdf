import {
  AppError, compareCustomFields, customFieldValueProblem, type CustomField, type CustomFieldInput, type CustomFieldPatch, type CustomerFieldValues,
} from '@parloir/protocol'
import { emit, iso, type Actor, type CoreDeps } from '../context.ts'
import type { CustomFieldRecord, StorageReads } from '../ports/storage.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import { requireInboxRow } from '../team-inbox/team-inbox.ts'

/**
 * A brand's custom fields (owners and admins define them) and its customers' values of them
 * (agents set them in the customer panel). Values are kept per customer of the brand, whatever
 * conversation they were set from, and are the team's own: read with `inbox.read`, told to the
 * team's streams only (`customerFields.updated`), never to the customer, never to a webhook.
 * Saved replies insert them as `{{custom.<key>}}` (protocol's `renderSavedReply`).
 */

const present = (r: CustomFieldRecord): CustomField => ({
  id: r.id, brandId: r.brandId, key: r.key, label: r.label, type: r.type, createdAt: iso(r.createdAtMs), updatedAt: iso(r.updatedAtMs),
})

/** The schema caps the label's length; one of spaces only is refused here. */
function refuseBlankLabel(label: string): void {
  if (label.trim() === '') throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/label', message: 'must not be blank', reason: 'blank' }] })
}

async function requireField(deps: CoreDeps, brandId: string, fieldId: string): Promise<CustomFieldRecord> {
  const record = await deps.storage.reads.customFields.byId(fieldId)
  if (!record || record.brandId !== brandId) throw new AppError('CUSTOM_FIELD_NOT_FOUND', { fieldId })
  return record
}

/** A customer's values of the brand's fields, by key (a field without a value is left out). */
export async function customerFieldValues(reads: StorageReads, brandId: string, customerId: string): Promise<CustomerFieldValues> {
  const [fields, values] = await Promise.all([reads.customFields.forBrand(brandId), reads.customFields.valuesFor(brandId, customerId)])
  const keyOf = new Map(fields.map((f) => [f.id, f.key]))
  const out: CustomerFieldValues = {}
  for (const v of values) {
    const key = keyOf.get(v.fieldId)
    if (key !== undefined) out[key] = v.value
  }
  return out
}

/** The brand's fields, by label. Any member of the team reads them, viewers too. */
export async function listCustomFields(deps: CoreDeps, actor: Actor, brandId: string): Promise<CustomField[]> {
  await actAsBrand(deps, actor, brandId, 'inbox.read')
  return (await deps.storage.reads.customFields.forBrand(brandId)).map(present).sort(compareCustomFields)
}

/** Defines a field (owners and admins): its key is unique in the brand, and with its type fixed from now on. */
export async function createCustomField(deps: CoreDeps, actor: Actor, brandId: string, input: CustomFieldInput): Promise<CustomField> {
  await actAsBrand(deps, actor, brandId, 'customFields.manage')
  refuseBlankLabel(input.label)
  const now = deps.clock.now()
  const record: CustomFieldRecord = { id: deps.ids.next(), brandId, key: input.key, label: input.label.trim(), type: input.type, createdAtMs: now, updatedAtMs: now }
  const limit = deps.limits.customFieldsPerBrand
  await deps.storage.transaction(async (tx) => {
    if (await tx.customFields.count(brandId) >= limit) throw new AppError('COLLECTION_FULL', { limit })
    if ((await tx.customFields.forBrand(brandId)).some((f) => f.key === input.key)) throw new AppError('CUSTOM_FIELD_KEY_TAKEN', { key: input.key })
    await tx.customFields.insert(record)
  })
  return present(record)
}

/** Renames a field (owners and admins). */
export async function updateCustomField(deps: CoreDeps, actor: Actor, brandId: string, fieldId: string, patch: CustomFieldPatch): Promise<CustomField> {
  await actAsBrand(deps, actor, brandId, 'customFields.manage')
  const current = await requireField(deps, brandId, fieldId)
  refuseBlankLabel(patch.label)
  const changes = { label: patch.label.trim(), updatedAtMs: deps.clock.now() }
  await deps.storage.transaction((tx) => tx.customFields.update(fieldId, changes))
  return present({ ...current, ...changes })
}

/** Deletes a field and every customer's value of it (owners and admins); saved replies naming it then show it unfilled. */
export async function deleteCustomField(deps: CoreDeps, actor: Actor, brandId: string, fieldId: string): Promise<void> {
  await actAsBrand(deps, actor, brandId, 'customFields.manage')
  await requireField(deps, brandId, fieldId)
  await deps.storage.transaction((tx) => tx.customFields.delete(fieldId))
}

/**
 * Sets or clears the custom fields of a conversation's customer (agents, admins, owners): each
 * key named gets its value, trimmed (null or blank clears it); the others stay. Every key must
 * be one of the brand's fields and every value fit its type, or nothing is written. The team's
 * streams hear the customer's values as they now are.
 */
export async function updateCustomerFields(
  deps: CoreDeps, asked: Actor, brandId: string, conversationId: string, values: Readonly<Record<string, string | null>>,
): Promise<CustomerFieldValues> {
  const actor = await actAsBrand(deps, asked, brandId, 'customFields.write')
  const { customerId } = await requireInboxRow(deps, brandId, conversationId)
  if (customerId === null) throw new AppError('NO_ONE_CUSTOMER', { conversationId })
  // The fields are read in the transaction that writes, so one deleted meanwhile is refused, not half written.
  return deps.storage.transaction(async (tx) => {
    const byKey = new Map((await tx.customFields.forBrand(brandId)).map((f) => [f.key, f]))
    const unknown = Object.keys(values).filter((key) => !byKey.has(key))
    if (unknown.length > 0) throw new AppError('CUSTOM_FIELD_NOT_FOUND', { keys: unknown })
    const changes = Object.entries(values).map(([key, value]) => ({ field: byKey.get(key) as CustomFieldRecord, value: value?.trim() ?? '' }))
    const misfits = changes.flatMap(({ field, value }) => {
      const problem = customFieldValueProblem(field.type, value)
      return problem ? [{ path: `/values/${field.key}`, key: field.key, type: field.type, message: `must be a ${problem}` }] : []
    })
    if (misfits.length > 0) throw new AppError('CUSTOM_FIELD_VALUE_INVALID', { fields: misfits })
    const now = deps.clock.now()
    for (const { field, value } of changes) {
      if (value === '') await tx.customFields.clearValue(field.id, customerId)
      else await tx.customFields.setValue({ fieldId: field.id, brandId, customerId, value, updatedBy: actor.userId, updatedAtMs: now })
    }
    const fields = await customerFieldValues(tx, brandId, customerId)
    await emit(deps, tx, { name: 'customerFields.updated', data: { brandId, customerId, fields, updatedBy: actor.userId }, accountId: brandId }, [brandId])
    return fields
  })
}
