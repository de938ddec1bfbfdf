import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { freePort, repoRoot, startParloir, stopParloir, type ParloirProcess } from '../../support/parloir-process.ts'
import { launchBrowser } from './browser.ts'

export const demoPassword = 'parloir-demo-2026'

export interface WebFixture {
  server: ParloirProcess
  browser: Browser
  dataDir: string
  close(): Promise<void>
}

/**
 * A real Parloir process with the demo data (Northwind Coffee, ada, ben, chloe, dan) and a
 * browser. Rate limits stay on, as a person would meet them.
 */
export async function startWeb(options: {
  demo?: boolean; env?: Record<string, string>
  /** The port to listen on, when the environment must name it (`PARLOIR_PUBLIC_URL`); a free one otherwise. */
  port?: number
  /** Writes straight into the data folder before the server starts (fast seeding through core). */
  seed?: (dataDir: string) => Promise<void>
} = {}): Promise<WebFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-web-'))
  if (options.demo !== false) {
    execFileSync(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'demo', '--data', dataDir], { cwd: repoRoot, stdio: 'ignore', env: { ...process.env, PARLOIR_PASSWORD_COST: '10' } })
  }
  await options.seed?.(dataDir)
  const server = await startParloir({ port: options.port ?? await freePort(), dataDir, env: { PARLOIR_RATE_LIMITS: 'on', ...options.env } })
  const browser = await launchBrowser()
  return {
    server, browser, dataDir,
    async close() {
      await browser.close()
      await stopParloir(server, 'SIGTERM')
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
