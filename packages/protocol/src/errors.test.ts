import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { AppError, errorCatalogue } from './errors.ts'

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8')
const documented = new Map(
  [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1] ?? '', Number(m[2])]),
)

test('every code in the catalogue is documented in docs/errors.md with its status', () => {
  for (const [code, { status }] of Object.entries(errorCatalogue)) {
    assert.equal(documented.get(code), status, `docs/errors.md: ${code} should be listed with status ${status}`)
  }
})

test('docs/errors.md lists no code the catalogue does not have', () => {
  for (const code of documented.keys()) assert.ok(code in errorCatalogue, `docs/errors.md lists unknown code ${code}`)
})

test('codes are upper snake case and statuses are client or server errors', () => {
  for (const [code, { status }] of Object.entries(errorCatalogue)) {
    assert.match(code, /^[A-Z][A-Z0-9_]+$/)
    assert.ok(status >= 400 && status < 600, `${code} has status ${status}`)
  }
})

test('an AppError renders the one error shape with the catalogue status', () => {
  const error = new AppError('GROUP_FULL', { limit: 50 })
  assert.equal(error.status, 409)
  assert.deepEqual(error.toBody(), { error: { code: 'GROUP_FULL', message: errorCatalogue.GROUP_FULL.message, details: { limit: 50 } } })
})
