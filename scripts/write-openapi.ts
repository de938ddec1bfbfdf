// Writes docs/api/openapi.json from the route schemas, the same ones that validate requests.
// packages/server/src/openapi.test.ts fails when the committed copy is stale.
import { mkdirSync, writeFileSync } from 'node:fs'
import { openApiFile, renderOpenApi } from '@parloir/server'

mkdirSync(new URL('.', openApiFile), { recursive: true })
writeFileSync(openApiFile, await renderOpenApi())
console.log(`wrote ${openApiFile.pathname}`)
