import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits as L } from '@parloir/protocol'
import { customFieldInput, customFieldProblems, emptyFieldDraft, fieldPlaceholder, keyFrom, withLabel } from './custom-fields-model.ts'

describe('the custom field form', () => {
  test('the key follows the label, folded to what a key may hold, until it is typed by hand', () => {
    assert.equal(keyFrom('Numéro de commande'), 'numero_de_commande')
    assert.equal(keyFrom('  Order #  (shop) '), 'order_shop')
    assert.equal(keyFrom('x'.repeat(40)).length, L.customFieldKeyChars)
    const draft = withLabel(emptyFieldDraft, 'Order number')
    assert.equal(draft.key, 'order_number')
    assert.equal(withLabel({ ...draft, key: 'order', keyTyped: true }, 'Order no.').key, 'order')
  })

  test(`a label is required, up to ${L.customFieldLabelChars}; a key of [a-z0-9_] up to ${L.customFieldKeyChars}`, () => {
    assert.deepEqual(customFieldProblems({ label: 'é'.repeat(L.customFieldLabelChars), key: 'k'.repeat(L.customFieldKeyChars) }), [])
    assert.deepEqual(customFieldProblems({ label: ' ', key: '' }).map((p) => [p.path, p.message]), [['/label', 'required'], ['/key', 'required']])
    assert.deepEqual(customFieldProblems({ label: 'é'.repeat(L.customFieldLabelChars + 1), key: 'k'.repeat(L.customFieldKeyChars + 1) }).map((p) => p.message), ['tooLong', 'tooLong'])
    assert.deepEqual(customFieldProblems({ label: 'Order', key: 'order-number' }).map((p) => p.message), ['badKey'])
    assert.deepEqual(customFieldProblems({ label: 'Order', key: 'Bad key' }, false), [], 'renaming checks the label only')
  })

  test('what is sent, and how a reply names it', () => {
    assert.deepEqual(customFieldInput({ label: ' Order number ', key: 'order_number', type: 'text', keyTyped: false }), { key: 'order_number', label: 'Order number', type: 'text' })
    assert.equal(fieldPlaceholder('order_number'), '{{custom.order_number}}')
  })
})
