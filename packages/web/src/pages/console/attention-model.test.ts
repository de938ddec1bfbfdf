import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { InboxItem } from '@parloir/protocol'
import { applicationServerKey, attentionCount, cameIn, soundIsOn, titleWithCount } from './attention-model.ts'

const mine = (unreadCount: number, markedUnread = false) => ({ you: { lastReadSeq: 0, unreadCount, markedUnread } }) as InboxItem

describe('the title count', () => {
  test('adds my unread assigned conversations to the unassigned ones', () => {
    assert.equal(attentionCount(2, [mine(1), mine(0), mine(4)]), 4)
  })

  test('counts a conversation I marked unread, and none I have read', () => {
    assert.equal(attentionCount(0, [mine(0, true), mine(0)]), 1)
    assert.equal(attentionCount(0, []), 0)
  })

  test('shows the count before the title, nothing at 0, and 99+ past 99', () => {
    assert.equal(titleWithCount(3, 'Team inbox · Northwind Coffee'), '(3) Team inbox · Northwind Coffee')
    assert.equal(titleWithCount(0, 'Team inbox · Northwind Coffee'), 'Team inbox · Northwind Coffee')
    assert.equal(titleWithCount(99, 'T'), '(99) T')
    assert.equal(titleWithCount(100, 'T'), '(99+) T')
  })
})

describe('telling of new ones', () => {
  test('only when the count grows after it was first known', () => {
    assert.equal(cameIn(null, 3), false, 'the first load is not news')
    assert.equal(cameIn(3, 4), true)
    assert.equal(cameIn(4, 4), false)
    assert.equal(cameIn(4, 2), false)
  })

  test('the sound is off unless turned on', () => {
    assert.equal(soundIsOn(null), false)
    assert.equal(soundIsOn('off'), false)
    assert.equal(soundIsOn('on'), true)
  })
})

test('the VAPID key is decoded from base64url to its 65 bytes', () => {
  const key = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 0xfb)])
  assert.deepEqual([...applicationServerKey(key.toString('base64url'))], [...key])
})
