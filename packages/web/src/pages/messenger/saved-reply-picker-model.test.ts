import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Account, SavedReply } from '@parloir/protocol'
import { insertReply, movedHighlight, pickerChoices, pickerChoicesShown, pickerQuery, replyValues } from './saved-reply-picker-model.ts'

const account = (id: string, displayName: string, kind: Account['kind'] = 'person') =>
  ({ id, handle: displayName.toLowerCase(), displayName, kind }) as unknown as Account
const northwind = account('1', 'Northwind Coffee', 'brand')
const chloe = account('2', 'Chloé Martin')
const me = { account: account('3', 'Ben'), brands: [{ brand: northwind, role: 'agent' as const }] }
const saved = (shortcut: string, title: string, scope: 'team' | 'personal' = 'team'): SavedReply =>
  ({ id: shortcut, brandId: '1', scope, shortcut, title, text: `${title} {{customer.name}}`, createdBy: '3', createdAt: '', updatedAt: '' })

describe('when the picker opens', () => {
  test('a slash that starts the draft opens it, with what follows as the query', () => {
    assert.equal(pickerQuery('/'), '')
    assert.equal(pickerQuery('/hou'), 'hou')
    assert.equal(pickerQuery('/opening ho'), 'opening ho')
  })

  test('no slash first, or a second line, keeps it shut', () => {
    assert.equal(pickerQuery(''), null)
    assert.equal(pickerQuery('see /hours'), null)
    assert.equal(pickerQuery(' /hours'), null)
    assert.equal(pickerQuery('/hours\nand more'), null)
  })
})

describe('what the picker offers', () => {
  const replies = [saved('delay', 'Délai de livraison'), saved('hours', 'Opening hours'), saved('hours', 'My hours', 'personal'), saved('refund', 'Refunds')]

  test('replies whose shortcut or title starts with the query, in the order given', () => {
    assert.deepEqual(pickerChoices(replies, 'h').map((r) => r.title), ['Opening hours', 'My hours'])
    assert.deepEqual(pickerChoices(replies, 'del').map((r) => r.shortcut), ['delay'])
    assert.deepEqual(pickerChoices(replies, 'OPEN').map((r) => r.shortcut), ['hours'])
    assert.deepEqual(pickerChoices(replies, 'zzz'), [])
  })

  test(`at most ${pickerChoicesShown} at once`, () => {
    const many = Array.from({ length: 20 }, (_, i) => saved(`r${String(i).padStart(2, '0')}`, `Reply ${i}`))
    assert.equal(pickerChoices(many, '').length, pickerChoicesShown)
    assert.equal(pickerChoices(many, 'r1').length, 8, 'r1 and r10 to r19 match; the first 8 show')
  })

  test('the highlight goes round at either end', () => {
    assert.equal(movedHighlight(0, 1, 3), 1)
    assert.equal(movedHighlight(2, 1, 3), 0)
    assert.equal(movedHighlight(0, -1, 3), 2)
    assert.equal(movedHighlight(0, 1, 0), 0)
  })
})

describe('choosing a reply', () => {
  const direct = { kind: 'direct' as const, participants: [{ account: northwind }, { account: chloe }] }

  test('the customer is the other person of the 1:1, the agent me, the brand the one I write as', () => {
    assert.deepEqual(replyValues(direct as never, '1', me), { customerName: 'Chloé Martin', agentName: 'Ben', brandName: 'Northwind Coffee', custom: {} })
  })

  test("custom placeholders are the customer's own fields; a missing one stays, selected, for the agent to fill in", () => {
    const fields = new Map([[chloe.id, { order_number: 'A-1042' }], ['9', { order_number: 'NOT-CHLOE' }]])
    const values = replyValues(direct as never, '1', me, (id) => fields.get(id))
    assert.deepEqual(values.custom, { order_number: 'A-1042' })
    const chosen = insertReply({ text: 'Order {{custom.order_number}} ships {{custom.ship_date}}.' }, values)
    assert.equal(chosen.text, 'Order A-1042 ships {{custom.ship_date}}.')
    assert.deepEqual(chosen.selection, [19, 39])
  })

  test('a group has no one customer: that placeholder stays', () => {
    const group = { kind: 'group' as const, participants: [{ account: northwind }, { account: chloe }, { account: account('4', 'Dan') }] }
    assert.equal(replyValues(group as never, '1', me).customerName, null)
    assert.deepEqual(replyValues(group as never, '1', me, () => ({ order_number: 'A-1' })).custom, {}, 'nor custom fields')
  })

  test('the filled-in reply replaces the draft, and nothing is left to send by itself', () => {
    const values = replyValues(direct as never, '1', me)
    const chosen = insertReply({ text: 'Hello {{customer.name}}, {{agent.name}} from {{brand.name}} here.' }, values)
    assert.deepEqual(chosen, { text: 'Hello Chloé Martin, Ben from Northwind Coffee here.', selection: [51, 51] })
  })

  test('the first placeholder left is selected, for the agent to type over', () => {
    const chosen = insertReply({ text: 'Your order {{custom.order}} left today, {{customer.name}}.' }, { customerName: 'Chloé' })
    assert.equal(chosen.text, 'Your order {{custom.order}} left today, Chloé.')
    assert.deepEqual(chosen.selection, [11, 27])
  })
})
