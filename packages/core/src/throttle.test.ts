import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Throttle } from './throttle.ts'

test('allows one action per key per interval and says how long to wait', () => {
  let now = 0
  const throttle = new Throttle({ now: () => now }, 3_000)
  assert.equal(throttle.take('ada:1'), 0)
  now = 2_999
  assert.equal(throttle.take('ada:1'), 1)
  assert.equal(throttle.take('ben:1'), 0, 'keys are independent')
  now = 3_000
  assert.equal(throttle.take('ada:1'), 0)
})
