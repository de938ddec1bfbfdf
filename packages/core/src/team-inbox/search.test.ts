import { test } from 'node:test'
import assert from 'node:assert/strict'
import { highlighted, searchWords } from './team-inbox.ts'

test('a search looks for letters and digits only, so nothing typed is an operator of the engine', () => {
  assert.deepEqual(searchWords('refund "NOT" order* OR (42)'), ['refund', 'NOT', 'order', 'OR', '42'])
  assert.deepEqual(searchWords('café Ｌｙｏｎ'), ['café', 'Lyon'], 'full-width letters fold to plain ones')
  assert.deepEqual(searchWords('!!! ***'), [])
  assert.equal(searchWords(Array.from({ length: 12 }, (_, i) => `w${i}`).join(' ')).length, 10)
})

test('snippet markers become plain text and code-point ranges', () => {
  assert.deepEqual(highlighted('my \u0002refund\u0003 for the \u0002café\u0003 ☕ ok'), {
    snippet: 'my refund for the café ☕ ok', highlights: [{ start: 3, end: 9 }, { start: 18, end: 22 }],
  })
  assert.deepEqual(highlighted('😀 \u0002x\u0003'), { snippet: '😀 x', highlights: [{ start: 2, end: 3 }] }, 'an emoji is one code point')
  assert.deepEqual(highlighted('no match'), { snippet: 'no match', highlights: [] })
})
