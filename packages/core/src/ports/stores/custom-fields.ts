import type { CustomFieldType } from '@parloir/protocol'

export interface CustomFieldRecord {
  id: string
  brandId: string
  /** Unique in the brand, fixed once made: saved replies name it. */
  key: string
  label: string
  type: CustomFieldType
  createdAtMs: number
  updatedAtMs: number
}

/** One customer's value of one field. */
export interface CustomFieldValueRecord {
  fieldId: string
  brandId: string
  /** The customer's account (a person, a visitor or another brand). */
  customerId: string
  value: string
  updatedBy: string
  updatedAtMs: number
}

/** A brand's custom fields and its customers' values of them. */
export interface CustomFieldReads {
  /** The brand's fields, oldest first. */
  forBrand(brandId: string): Promise<CustomFieldRecord[]>
  /** The field with this id, whichever brand's it is, or undefined. */
  byId(id: string): Promise<CustomFieldRecord | undefined>
  /** How many fields the brand has. */
  count(brandId: string): Promise<number>
  /** The values the brand's team set for one customer, oldest field first. */
  valuesFor(brandId: string, customerId: string): Promise<CustomFieldValueRecord[]>
}

export interface CustomFieldWrites extends CustomFieldReads {
  /** Inserts a field; a key already used in the brand throws (a unique index). */
  insert(record: CustomFieldRecord): Promise<void>
  /** Changes a field's label. */
  update(id: string, changes: Pick<CustomFieldRecord, 'label' | 'updatedAtMs'>): Promise<void>
  /** Removes a field and every customer's value of it. */
  delete(id: string): Promise<void>
  /** Sets one customer's value of one field, replacing any it had. */
  setValue(record: CustomFieldValueRecord): Promise<void>
  /** Clears one customer's value of one field (nothing happens when it had none). */
  clearValue(fieldId: string, customerId: string): Promise<void>
}
