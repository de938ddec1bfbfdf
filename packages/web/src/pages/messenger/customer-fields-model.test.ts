import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits as L, type CustomField } from '@parloir/protocol'
import { changedValues, safeHref, valueDrafts, valueProblems } from './customer-fields-model.ts'

const field = (key: string, type: CustomField['type']): CustomField => ({ id: key, brandId: '1', key, label: key, type, createdAt: '', updatedAt: '' })
const fields = [field('order_number', 'text'), field('cups', 'number'), field('renewal', 'date'), field('shop', 'link')]

describe("the customer panel's custom fields", () => {
  test('the form starts from the stored values, a field without one empty', () => {
    assert.deepEqual(valueDrafts(fields, { order_number: 'A-1042', stale: 'x' }), { order_number: 'A-1042', cups: '', renewal: '', shop: '' })
  })

  test('a save sends only what changed, trimmed, a cleared one as null', () => {
    const values = { order_number: 'A-1042', cups: '3' }
    assert.deepEqual(changedValues(fields, values, { order_number: ' A-1042 ', cups: '', renewal: '2027-01-31', shop: '' }), { cups: null, renewal: '2027-01-31' })
    assert.deepEqual(changedValues(fields, values, valueDrafts(fields, values)), {})
  })

  test(`each value is checked against its type, and ${L.customFieldValueChars} characters at most`, () => {
    const problems = valueProblems(fields, { order_number: '☕'.repeat(L.customFieldValueChars + 1), cups: 'three', renewal: '2027-02-30', shop: 'javascript:alert(1)' })
    assert.deepEqual([...problems], [['order_number', 'tooLong'], ['cups', 'number'], ['renewal', 'date'], ['shop', 'link']])
    assert.equal(valueProblems(fields, { order_number: '☕'.repeat(L.customFieldValueChars), cups: '12,5', renewal: '', shop: 'https://shop.example/o/1' }).size, 0)
  })

  test('only an http(s) link of a link field is a link', () => {
    assert.equal(safeHref(field('shop', 'link'), 'https://shop.example/o/1'), 'https://shop.example/o/1')
    assert.equal(safeHref(field('shop', 'link'), 'javascript:alert(1)'), null)
    assert.equal(safeHref(field('order_number', 'text'), 'https://shop.example/o/1'), null)
  })
})
