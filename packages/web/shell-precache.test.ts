import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { SHELL_PLACEHOLDER, shellOf, withShell } from './shell-precache.ts'

const bytes = (text: string) => new TextEncoder().encode(text)
const build = [
  { path: 'sw.js', bytes: bytes('worker') },
  { path: 'index.html', bytes: bytes('<html>') },
  { path: 'assets/index-abc.js', bytes: bytes('app') },
  { path: 'icons/icon-192.png', bytes: bytes('png') },
]

test('the shell is every file of the build but the worker, the page cached as /', () => {
  assert.deepEqual(shellOf(build).urls, ['/assets/index-abc.js', '/icons/icon-192.png', '/'])
})

test('its version changes when any file’s bytes change, and only then', () => {
  const same = shellOf([...build].reverse())
  assert.equal(same.version, shellOf(build).version, 'the order files are found in does not matter')
  const changed = shellOf(build.map((f) => (f.path === 'icons/icon-192.png' ? { ...f, bytes: bytes('new png') } : f)))
  assert.notEqual(changed.version, shellOf(build).version)
  const workerOnly = shellOf(build.map((f) => (f.path === 'sw.js' ? { ...f, bytes: bytes('other worker') } : f)))
  assert.equal(workerOnly.version, shellOf(build).version, 'the worker itself is not part of its shell')
})

test('the build writes the shell into the worker, whose source keeps the placeholder line', () => {
  const source = readFileSync(new URL('./public/sw.js', import.meta.url), 'utf8')
  const written = withShell(source, shellOf(build))
  assert.ok(written.includes(`const SHELL = ${JSON.stringify(shellOf(build))}`))
  assert.ok(!written.includes(SHELL_PLACEHOLDER))
  assert.throws(() => withShell('self.addEventListener("push", () => {})', shellOf(build)), /placeholder/)
})
