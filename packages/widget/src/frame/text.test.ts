import { test } from 'node:test'
import assert from 'node:assert/strict'
import { en, fr, languageOf, translator } from './text.ts'

test('French has every English key, filled in, with the same placeholders', () => {
  assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort())
  for (const key of Object.keys(en) as Array<keyof typeof en>) {
    assert.ok(fr[key].trim() !== '', key)
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    assert.deepEqual(names(fr[key]), names(en[key]), key)
  }
})

test("the visitor's first French or English preference wins; anything else reads English", () => {
  assert.equal(languageOf(['fr-CA', 'en']), 'fr')
  assert.equal(languageOf(['de-DE', 'fr']), 'fr')
  assert.equal(languageOf(['en-GB', 'fr']), 'en')
  assert.equal(languageOf(['de-DE']), 'en')
  assert.equal(languageOf([]), 'en')
  assert.equal(translator('fr')('typing', { name: 'Northwind' }), 'Northwind écrit…')
})
