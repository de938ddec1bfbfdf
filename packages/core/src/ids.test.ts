import { test } from 'node:test'
import assert from 'node:assert/strict'
import { IdGenerator, idTimeMs } from './ids.ts'

test('ids are 19-digit decimal strings whose string order is creation order', () => {
  const ids = new IdGenerator()
  const made = Array.from({ length: 20_000 }, () => ids.next())
  for (const id of made) assert.match(id, /^[0-9]{19}$/)
  assert.deepEqual([...made].sort(), made)
  assert.equal(new Set(made).size, made.length)
})

test('ids within one millisecond are not consecutive numbers', () => {
  const ids = new IdGenerator(() => 1_800_000_000_000)
  const a = BigInt(ids.next()); const b = BigInt(ids.next()); const c = BigInt(ids.next())
  assert.ok(b > a && c > b)
  assert.ok(b - a > 1n || c - b > 1n, 'steps are random, not +1')
})

test('an id tells the time it was made', () => {
  const ids = new IdGenerator(() => 1_800_000_000_123)
  assert.equal(idTimeMs(ids.next()), 1_800_000_000_123)
})

test('a clock that steps back never produces a smaller id', () => {
  let now = 1_800_000_000_000
  const ids = new IdGenerator(() => now)
  const first = ids.next()
  now -= 5_000
  assert.ok(ids.next() > first)
})
