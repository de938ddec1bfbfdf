import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { repoRoot } from './support/parloir-process.ts'

const BUDGET_BYTES = 200 * 1024

// The JavaScript a first visit downloads before the app can run: the entry script and every
// module it preloads (lazy screens are not counted). Built by `npm run build:web`.
test('the initial JavaScript of the web app is at most 200 KB gzipped', () => {
  const dist = join(repoRoot, 'packages/web/dist')
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  const files = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) => m[1] ?? '')
  assert.ok(files.length > 0, 'index.html names its entry script')
  let gzipped = 0
  for (const file of files) {
    const path = join(dist, file)
    assert.ok(existsSync(path), file)
    gzipped += gzipSync(readFileSync(path), { level: 9 }).length
  }
  console.log(`initial JavaScript: ${files.length} file(s), ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`)
  assert.ok(gzipped <= BUDGET_BYTES, `${gzipped} bytes gzipped is over the budget`)
})
