import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { isDeliverable } from './delivery.ts'

const viewer = (entries: Array<[string, boolean]>) => ({ accounts: new Map(entries) })

describe('isDeliverable', () => {
  test('an event reaches a stream listening for one of its accounts, and no other', () => {
    assert.equal(isDeliverable({ accountIds: ['1', '2'] }, viewer([['2', true]])), true)
    assert.equal(isDeliverable({ accountIds: ['1', '2'] }, viewer([['3', true]])), false)
  })

  describe('read receipts', () => {
    const read = (shared: boolean) => ({ accountIds: ['reader', 'other'], receipt: { readerId: 'reader', shared } })
    test('reach the other side when both share them', () => {
      assert.equal(isDeliverable(read(true), viewer([['other', true]])), true)
    })
    test('do not reach the other side when the reader does not share them', () => {
      assert.equal(isDeliverable(read(false), viewer([['other', true]])), false)
    })
    test('do not reach a viewer who does not share them (as on Twitter, off means seeing none)', () => {
      assert.equal(isDeliverable(read(true), viewer([['other', false]])), false)
    })
    test("always reach the reader's own streams", () => {
      assert.equal(isDeliverable(read(false), viewer([['reader', false]])), true)
    })
    test('reach a brand agent through the brand account, judged by the brand setting', () => {
      assert.equal(isDeliverable(read(true), viewer([['agent', false], ['other', true]])), true)
    })
  })
})
