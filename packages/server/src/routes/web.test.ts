import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testServer, type TestServer } from '@parloir/testing/server'

describe('serving the web app', () => {
  let s: TestServer
  let webDir: string
  before(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'parloir-webdir-'))
    mkdirSync(join(webDir, 'assets'))
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Parloir</title><script type="module" src="/assets/app-abc.js"></script>')
    writeFileSync(join(webDir, 'assets', 'app-abc.js'), 'console.log(1)')
    writeFileSync(join(webDir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    writeFileSync(join(webDir, 'manifest.webmanifest'), '{"name":"Parloir"}')
    s = await testServer({ webDir })
  })
  after(async () => { await s.stop(); rmSync(webDir, { recursive: true, force: true }) })

  test('pages carry a CSP without inline or eval script and that forbids framing', async () => {
    const res = await s.call('GET', '/')
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /text\/html/)
    const csp = String(res.headers['content-security-policy'])
    assert.match(csp, /script-src 'self'(;|$)/)
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.match(csp, /object-src 'none'/)
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
  })

  test('every app path gets the app, so links to /c/… and /@… work on a reload', async () => {
    for (const path of ['/c/2124360466491624798', '/@northwind', '/console/northwind/team', '/requests']) {
      const res = await s.call('GET', path)
      assert.equal(res.statusCode, 200, path)
      assert.match(res.body, /<title>Parloir<\/title>/)
    }
  })

  test('the service worker and the manifest are checked again on every visit, so an update is seen at once', async () => {
    const worker = await s.call('GET', '/sw.js')
    assert.equal(worker.statusCode, 200)
    assert.match(String(worker.headers['content-type']), /javascript/)
    assert.equal(worker.headers['cache-control'], 'no-cache')
    const manifest = await s.call('GET', '/manifest.webmanifest')
    assert.equal(manifest.statusCode, 200)
    assert.match(String(manifest.headers['content-type']), /^application\/manifest\+json/)
    assert.equal(manifest.headers['cache-control'], 'no-cache')
  })

  test('hashed assets are served and cached for good; unknown files and API paths are 404 in the error shape', async () => {
    const asset = await s.call('GET', '/assets/app-abc.js')
    assert.equal(asset.statusCode, 200)
    assert.match(String(asset.headers['cache-control']), /immutable/)
    for (const path of ['/assets/missing.js', '/api/v1/nothing']) {
      const res = await s.call('GET', path)
      assert.equal(res.statusCode, 404, path)
      assert.equal(res.json().error.code, 'ROUTE_NOT_FOUND')
    }
  })
})
