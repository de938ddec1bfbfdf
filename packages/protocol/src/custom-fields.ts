import { Type, type Static } from '@sinclair/typebox'
import { defaultLimits as L } from './limits.ts'
import { Id, Nullable, Timestamp } from './models.ts'
import type { RouteDef } from './route-def.ts'

/**
 * Custom fields: what a brand's team records about each of its customers beyond Parloir's own
 * facts (an order number, a plan, a renewal date, a link to the shop's back office). Owners and
 * admins define the fields; agents fill them in, per customer, in the customer panel; saved
 * replies insert them as `{{custom.<key>}}`. Like the notes, the values are the team's own and
 * never reach the customer by any channel (docs/team-inbox.md).
 */

const def = <const R extends RouteDef>(route: R): R => route
const strict = { additionalProperties: false } as const

export const CustomFieldType = Type.Union([Type.Literal('text'), Type.Literal('number'), Type.Literal('date'), Type.Literal('link')], {
  description: 'text: any words. number: digits, with an optional sign and decimals (`-12.5`, `12,5`). date: `YYYY-MM-DD`. link: an http or https address',
})
export type CustomFieldType = Static<typeof CustomFieldType>
export const customFieldTypes: readonly CustomFieldType[] = ['text', 'number', 'date', 'link']

const keyPattern = `^[a-z0-9_]{1,${L.customFieldKeyChars}}$`

export const CustomFieldKey = Type.String({
  minLength: 1, maxLength: L.customFieldKeyChars, pattern: keyPattern,
  description: 'What a saved reply names it by (`{{custom.order_number}}`): lower-case letters, digits and `_`; unique in the brand; fixed once made',
})

const Label = Type.String({ minLength: 1, maxLength: L.customFieldLabelChars, description: 'What the team reads in the customer panel' })

export const CustomFieldValue = Type.String({ maxLength: L.customFieldValueChars, description: 'As typed, trimmed; checked against the field\'s type' })

export const CustomFieldInput = Type.Object({ key: CustomFieldKey, label: Label, type: CustomFieldType }, strict)
export type CustomFieldInput = Static<typeof CustomFieldInput>

/** A field's key and type are fixed (saved replies name the key, and stored values fit the type): only its label changes. */
export const CustomFieldPatch = Type.Object({ label: Label }, strict)
export type CustomFieldPatch = Static<typeof CustomFieldPatch>

export const CustomField = Type.Object({
  id: Id,
  brandId: Id,
  key: Type.String(),
  label: Type.String(),
  type: CustomFieldType,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type CustomField = Static<typeof CustomField>

/** A customer's values, by key; a field with no value is absent. */
export const CustomerFieldValues = Type.Record(Type.String({ pattern: keyPattern }), Type.String(), {
  additionalProperties: false,
  description: "The customer's values of the brand's custom fields, by key; a field without a value is left out. The team's own: never shown to the customer",
})
export type CustomerFieldValues = Static<typeof CustomerFieldValues>

/** Why a value does not fit its field's type, or null when it does (empty means no value, and always fits). */
export function customFieldValueProblem(type: CustomFieldType, value: string): 'number' | 'date' | 'link' | null {
  const v = value.trim()
  if (v === '' || type === 'text') return null
  if (type === 'number') return /^[-+]?\d+(?:[.,]\d+)?$/.test(v) ? null : 'number'
  if (type === 'date') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v)
    if (!m) return 'date'
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
    const at = new Date(Date.UTC(y, mo - 1, d))
    return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d ? null : 'date'
  }
  try {
    const url = new URL(v)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !/\s/.test(v) ? null : 'link'
  } catch {
    return 'link'
  }
}

/** The fields of a brand in the order the team reads them: by label, then key. */
export function compareCustomFields(a: Pick<CustomField, 'label' | 'key'>, b: Pick<CustomField, 'label' | 'key'>): number {
  return a.label.localeCompare(b.label) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
}

const BrandParams = Type.Object({ brandId: Id })
const FieldParams = Type.Object({ brandId: Id, fieldId: Id })

export const customFieldRoutes = {
  listCustomFields: def({
    method: 'GET', url: '/api/v1/brands/:brandId/custom-fields', summary: "The brand's custom fields: what the team records about each customer", tags: ['custom fields'], auth: true,
    params: BrandParams, reply: Type.Object({ customFields: Type.Array(CustomField) }),
  }),
  createCustomField: def({
    method: 'POST', url: '/api/v1/brands/:brandId/custom-fields', summary: 'Define a custom field', tags: ['custom fields'], auth: true, status: 201,
    params: BrandParams, body: CustomFieldInput, reply: CustomField,
  }),
  updateCustomField: def({
    method: 'PATCH', url: '/api/v1/brands/:brandId/custom-fields/:fieldId', summary: "Rename a custom field (its key and type stay)", tags: ['custom fields'], auth: true,
    params: FieldParams, body: CustomFieldPatch, reply: CustomField,
  }),
  deleteCustomField: def({
    method: 'DELETE', url: '/api/v1/brands/:brandId/custom-fields/:fieldId', summary: 'Delete a custom field and every customer\'s value of it', tags: ['custom fields'], auth: true, status: 204,
    params: FieldParams, reply: null,
  }),
  updateCustomerFields: def({
    method: 'PATCH', url: '/api/v1/brands/:brandId/inbox/:conversationId/customer/fields',
    summary: "Set or clear the custom fields of the conversation's customer (kept per customer, for every conversation with them)", tags: ['custom fields'], auth: true,
    params: Type.Object({ brandId: Id, conversationId: Id }),
    body: Type.Object({
      values: Type.Record(Type.String({ pattern: keyPattern }), Nullable(CustomFieldValue), {
        maxProperties: L.customFieldsPerBrand, additionalProperties: false,
        description: 'By key: the new value, or null (or an empty string) to clear it. Fields not named stay as they are',
      }),
    }, strict),
    reply: Type.Object({ fields: CustomerFieldValues }),
  }),
} as const
