import { test } from 'node:test'
import assert from 'node:assert/strict'
import { en, fr } from './text.ts'

test('French has every English key, and no text is empty', () => {
  assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort())
  for (const [key, value] of [...Object.entries(en), ...Object.entries(fr)]) assert.ok(value.trim() !== '', key)
})

test('placeholders match between languages', () => {
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
  for (const key of Object.keys(en) as Array<keyof typeof en>) assert.deepEqual(names(fr[key]), names(en[key]), key)
})
