import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { openApiFile, renderOpenApi } from './openapi.ts'

test('docs/api/openapi.json is the document the server serves (run `npm run openapi` if not)', async () => {
  assert.equal(readFileSync(openApiFile, 'utf8'), await renderOpenApi())
})
