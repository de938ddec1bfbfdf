import { test } from 'node:test'
import assert from 'node:assert/strict'
import { searchWords } from './text-folding.ts'

test('search words are folded and cut at anything but letters, digits and underscores', () => {
  assert.deepEqual(searchWords('Jean-Pierre Dupré'), ['jean', 'pierre', 'dupre'])
  assert.deepEqual(searchWords('  @Ada_L  '), ['ada_l'])
  assert.deepEqual(searchWords('İSTANBUL Çay'), ['istanbul', 'cay'], 'a mark that lower-casing adds does not cut a word')
  assert.deepEqual(searchWords('Ζωή 李小龍'), ['ζωη', '李小龍'])
  assert.deepEqual(searchWords('!!! -- '), [])
})
