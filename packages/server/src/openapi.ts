import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'

/** The OpenAPI document as the server serves it, rendered from the route schemas. */
export async function renderOpenApi(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-openapi-'))
  const parloir = await buildApp(loadConfig({}, { dataDir, logLevel: 'silent', diskReserveBytes: 0 }))
  try {
    return `${JSON.stringify(parloir.app.swagger(), null, 2)}\n`
  } finally {
    await parloir.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Where the committed copy lives, for readers who do not run a server. */
export const openApiFile = new URL('../../../docs/api/openapi.json', import.meta.url)
