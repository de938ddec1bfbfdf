import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { repoRoot } from './support/parloir-process.ts'

const LOADER_BUDGET_BYTES = 10 * 1024
const FRAME_BUDGET_BYTES = 40 * 1024

const gzipped = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length
const dist = join(repoRoot, 'packages/widget/dist')

// Built by `npm run build:widget` (run by build:web). The loader is what every page of a brand's
// site downloads; the frame is what a click downloads before the chat can run.
test('the website loader is at most 10 KB gzipped', () => {
  const loader = join(dist, 'loader/widget.js')
  assert.ok(existsSync(loader), 'the widget is built')
  const size = gzipped(loader)
  console.log(`widget loader: ${(size / 1024).toFixed(1)} KB gzipped (budget ${LOADER_BUDGET_BYTES / 1024} KB)`)
  assert.ok(size <= LOADER_BUDGET_BYTES, `${size} bytes gzipped is over the budget`)
})

test('the chat frame (its scripts and styles) is at most 40 KB gzipped', () => {
  const html = readFileSync(join(dist, 'frame/index.html'), 'utf8')
  const files = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="\/widget\/([^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '')
  assert.ok(files.some((f) => f.endsWith('.js')), 'index.html names its script')
  let size = 0
  for (const file of files) {
    const path = join(dist, 'frame', file)
    assert.ok(existsSync(path), file)
    size += gzipped(path)
  }
  console.log(`widget frame: ${files.length} file(s), ${(size / 1024).toFixed(1)} KB gzipped (budget ${FRAME_BUDGET_BYTES / 1024} KB)`)
  assert.ok(size <= FRAME_BUDGET_BYTES, `${size} bytes gzipped is over the budget`)
})
