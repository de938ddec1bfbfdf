import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
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

const READY = 'template-ready'

/** What the demo's data is made from: a change to any of these files makes a new template. */
const demoSources = ['packages/cli/src', 'packages/core/src', 'packages/protocol/src', 'packages/storage/src']

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) hashTree(hash, path)
    else if (!name.endsWith('.test.ts')) hash.update(path).update(readFileSync(path))
  }
}

/**
 * The demo's data folder, seeded by \`parloir demo\` once per version of the code that writes it
 * and copied into each journey's folder: seeding is a tsx process of about 3.5 s, and most
 * journeys start from it. Journeys running side by side may both seed it; the first to rename
 * its folder into place wins.
 */
function demoTemplate(): string {
  const hash = createHash('sha256')
  for (const dir of demoSources) hashTree(hash, join(repoRoot, dir))
  const template = join(tmpdir(), `parloir-demo-${hash.digest('hex').slice(0, 16)}`)
  if (existsSync(join(template, READY))) return template
  const seeding = mkdtempSync(join(tmpdir(), 'parloir-demo-seeding-'))
  execFileSync(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'demo', '--data', seeding], { cwd: repoRoot, stdio: 'ignore', env: { ...process.env, PARLOIR_PASSWORD_COST: '10' } })
  writeFileSync(join(seeding, READY), '')
  try {
    renameSync(seeding, template)
  } catch {
    rmSync(seeding, { recursive: true, force: true }) // another journey put its copy in place first
  }
  return template
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
  if (options.demo !== false) cpSync(demoTemplate(), dataDir, { recursive: true, filter: (path) => !path.endsWith(READY) })
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
