import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { compareSavedReplies, firstPlaceholder, renderSavedReply, savedReplyMatches } from './saved-replies.ts'

const values = { customerName: 'Chloé Martin', agentName: 'Ben', brandName: 'Northwind Coffee', custom: { order: 'NW-1042' } }

describe('renderSavedReply', () => {
  test('fills the customer, agent, brand and custom placeholders', () => {
    assert.equal(
      renderSavedReply('Hello {{customer.name}}, {{agent.name}} from {{brand.name}} here: order {{custom.order}} left today.', values),
      'Hello Chloé Martin, Ben from Northwind Coffee here: order NW-1042 left today.',
    )
  })

  test('allows spaces inside the braces and fills every occurrence', () => {
    assert.equal(renderSavedReply('{{ customer.name }} / {{customer.name}}', values), 'Chloé Martin / Chloé Martin')
  })

  test('leaves a placeholder without a value visible, so the agent fills it before sending', () => {
    assert.equal(renderSavedReply('Hi {{customer.name}}', {}), 'Hi {{customer.name}}')
    assert.equal(renderSavedReply('Hi {{customer.name}}', { customerName: '  ' }), 'Hi {{customer.name}}')
    assert.equal(renderSavedReply('Hi {{customer.name}}', { customerName: null }), 'Hi {{customer.name}}')
    assert.equal(renderSavedReply('Order {{custom.tracking}}', values), 'Order {{custom.tracking}}')
  })

  test('leaves unknown placeholders and other braces alone', () => {
    assert.equal(renderSavedReply('{{customer.email}} {{weather.today}} {{brand}} {single.brace}', values), '{{customer.email}} {{weather.today}} {{brand}} {single.brace}')
  })

  test('does not read inherited keys as custom values', () => {
    assert.equal(renderSavedReply('{{custom.constructor}} {{custom.toString}}', values), '{{custom.constructor}} {{custom.toString}}')
  })

  test('inserts values as they are, without filling placeholders inside them', () => {
    assert.equal(renderSavedReply('Hi {{customer.name}}', { customerName: '{{agent.name}} $& $1', agentName: 'Ben' }), 'Hi {{agent.name}} $& $1')
  })
})

describe('firstPlaceholder', () => {
  test('finds the first placeholder left, or none', () => {
    assert.deepEqual(firstPlaceholder('Order {{custom.tracking}} for {{customer.name}}'), [6, 25])
    assert.equal(firstPlaceholder('Nothing to fill'), null)
  })
})

describe('savedReplyMatches', () => {
  const reply = { shortcut: 'livraison', title: 'Délai de livraison' }

  test('matches a prefix of the shortcut or of the title, ignoring case and accents', () => {
    assert.equal(savedReplyMatches(reply, 'liv'), true)
    assert.equal(savedReplyMatches(reply, 'LIV'), true)
    assert.equal(savedReplyMatches(reply, 'delai'), true)
    assert.equal(savedReplyMatches(reply, 'Délai de'), true)
  })

  test('an empty query matches everything; the middle of a word does not', () => {
    assert.equal(savedReplyMatches(reply, ''), true)
    assert.equal(savedReplyMatches(reply, 'raison'), false)
  })
})

describe('compareSavedReplies', () => {
  test('orders by shortcut, the team’s before a member’s own of the same shortcut', () => {
    const list = [{ shortcut: 'thanks', scope: 'team' }, { shortcut: 'hours', scope: 'personal' }, { shortcut: 'hours', scope: 'team' }] as const
    assert.deepEqual([...list].sort(compareSavedReplies), [list[2], list[1], list[0]])
  })
})
