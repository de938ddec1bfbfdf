import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { compareCustomFields, customFieldValueProblem } from './custom-fields.ts'

describe("a custom field's value against its type", () => {
  test('text takes anything, and an empty value fits every type (it clears the field)', () => {
    assert.equal(customFieldValueProblem('text', '<b>A-1042</b> {{agent.name}}'), null)
    for (const type of ['text', 'number', 'date', 'link'] as const) assert.equal(customFieldValueProblem(type, '  '), null, type)
  })

  test('a number is digits with an optional sign and decimals, with a point or a comma', () => {
    for (const good of ['3', '-12.5', '12,5', '+7', ' 42 ']) assert.equal(customFieldValueProblem('number', good), null, good)
    for (const bad of ['three', '3 cups', '1e3', '1.2.3', '.5', '12,']) assert.equal(customFieldValueProblem('number', bad), 'number', bad)
  })

  test('a date is a real day, written YYYY-MM-DD', () => {
    for (const good of ['2027-01-31', '2028-02-29']) assert.equal(customFieldValueProblem('date', good), null, good)
    for (const bad of ['2027-02-29', '2027-13-01', '31/01/2027', '2027-1-31', '2027-01-31T10:00']) assert.equal(customFieldValueProblem('date', bad), 'date', bad)
  })

  test('a link is an http or https address, nothing a browser would run', () => {
    for (const good of ['https://shop.northwind.example/orders/1042', 'http://intranet.example:8080/c?id=7']) assert.equal(customFieldValueProblem('link', good), null, good)
    for (const bad of ['javascript:alert(1)', 'shop.example', 'ftp://files.example', 'https://', 'https://a b.example', 'data:text/html,hi']) {
      assert.equal(customFieldValueProblem('link', bad), 'link', bad)
    }
  })
})

test('fields are listed by label, then key', () => {
  const fields = [{ label: 'Plan', key: 'plan' }, { label: 'Order number', key: 'order_number' }, { label: 'Order number', key: 'order' }]
  assert.deepEqual([...fields].sort(compareCustomFields).map((f) => f.key), ['order', 'order_number', 'plan'])
})
