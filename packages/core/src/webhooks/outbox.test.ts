import { test } from 'node:test'
import assert from 'node:assert/strict'
import { webhookRecipients } from './outbox.ts'

const audience = ['ada', 'ben']

test('only message, read and typing events may leave; others never reach a webhook', () => {
  assert.deepEqual(webhookRecipients({ name: 'message.created', receipt: null, data: { message: {} } }, audience, ['ada'], new Map()), ['ada'])
  for (const name of ['settings.updated', 'message.hidden', 'conversation.updated', 'conversation.removed', 'message.unsent'] as const) {
    assert.deepEqual(webhookRecipients({ name, receipt: null, data: {} }, audience, ['ada', 'ben'], new Map()), [], name)
  }
})

test('a subscribed account outside the event\'s audience gets nothing', () => {
  assert.deepEqual(webhookRecipients({ name: 'message.created', receipt: null, data: { message: {} } }, audience, ['cat', 'ben'], new Map()), ['ben'])
})

test('a read reaches others only when the reader and the subscribed account both share receipts', () => {
  const read = (shared: boolean) => ({ name: 'conversation.read' as const, receipt: { readerId: 'ada', shared }, data: {} })
  assert.deepEqual(webhookRecipients(read(false), audience, ['ada', 'ben'], new Map([['ada', false], ['ben', true]])), ['ada'], 'the reader always hears of its own read')
  assert.deepEqual(webhookRecipients(read(true), audience, ['ada', 'ben'], new Map([['ada', true], ['ben', false]])), ['ada'])
  assert.deepEqual(webhookRecipients(read(true), audience, ['ada', 'ben'], new Map([['ada', true], ['ben', true]])), ['ada', 'ben'])
})

test('a message that is not public (a future internal note) never leaves', () => {
  const note = { name: 'message.created' as const, receipt: null, data: { message: { visibility: 'internal' } } }
  assert.deepEqual(webhookRecipients(note, audience, ['ada', 'ben'], new Map()), [])
})
