import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify'
import { testServer, type TestServer } from '@parloir/testing/server'
import { defaultWidgetDir, frameSecurityPolicy, widgetRoutes } from './widget.ts'

type Person = Awaited<ReturnType<TestServer['person']>>

const LOADER_BUDGET_BYTES = 10 * 1024
const overBudget = (gzippedBytes: number) => gzippedBytes > LOADER_BUDGET_BYTES

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Map<string, string[]> {
  return new Map(String(header).split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...values]) => [name ?? '', values]))
}

/** A stand-in for `npm run build:widget`, so the route tests do not depend on the build. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parloir-widget-'))
  mkdirSync(join(dir, 'loader'))
  mkdirSync(join(dir, 'frame', 'assets'), { recursive: true })
  writeFileSync(join(dir, 'loader', 'widget.js'), '(function(){document.addEventListener("click",function(){})})()')
  writeFileSync(join(dir, 'frame', 'index.html'), [
    '<!doctype html><html lang="en"><head><meta charset="utf-8" />',
    '<meta name="parloir-brand" content="" />',
    '<title>Chat</title>',
    '<script type="module" crossorigin src="/widget/assets/index-abc.js"></script>',
    '<link rel="stylesheet" crossorigin href="/widget/assets/index-abc.css">',
    '</head><body><div id="app"></div></body></html>',
  ].join('\n'))
  writeFileSync(join(dir, 'frame', 'assets', 'index-abc.js'), 'console.log("frame")')
  writeFileSync(join(dir, 'frame', 'assets', 'index-abc.css'), 'body{margin:0}')
  return dir
}

/**
 * The widget routes on their own app, reading `dir`, over the test server's storage: brands
 * and their settings are made through the real API, the widget is read from the fake build.
 */
async function widgetApp(s: TestServer, dir: string): Promise<FastifyInstance> {
  const app = Fastify()
  widgetRoutes({ app, deps: s.deps }, dir)
  await app.ready()
  return app
}

describe('the website widget', () => {
  let s: TestServer
  let widgetDir: string
  let widget: FastifyInstance
  let ada: Person, dan: Person
  let brandId: string, otherBrandId: string
  const get = (url: string, headers: InjectOptions['headers'] = {}) => widget.inject({ method: 'GET', url, headers })

  before(async () => {
    s = await testServer()
    widgetDir = fakeBuild()
    widget = await widgetApp(s, widgetDir)
    ;[ada, dan] = [await s.person('ada'), await s.person('dan')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind <Coffee> & "Tea"' } })).json().brand.id
    otherBrandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'southwind', displayName: 'Southwind' } })).json().brand.id
  })
  after(async () => {
    await widget.close()
    await s.stop()
    rmSync(widgetDir, { recursive: true, force: true })
  })

  describe('the frame', () => {
    test("only Parloir itself may frame it while the brand lists no site; then the listed sites too, and no brand's list leaks into another's", async () => {
      const first = await get(`/widget/frame?brand=${brandId}`)
      assert.equal(first.statusCode, 200)
      assert.match(String(first.headers['content-type']), /text\/html/)
      assert.deepEqual(directives(first.headers['content-security-policy']).get('frame-ancestors'), ["'self'"])

      const sites = ['https://shop.northwind.example', 'http://localhost:4173']
      const patched = await s.call('PATCH', `/api/v1/brands/${brandId}/messaging`, { token: ada.token, body: { embedOrigins: sites } })
      assert.equal(patched.statusCode, 200, patched.body)
      const res = await get(`/widget/frame?brand=${brandId}&welcome=123&ref=spring`)
      assert.equal(res.statusCode, 200)
      assert.deepEqual(directives(res.headers['content-security-policy']).get('frame-ancestors'), ["'self'", ...sites])
      assert.deepEqual(directives((await get(`/widget/frame?brand=${otherBrandId}`)).headers['content-security-policy']).get('frame-ancestors'), ["'self'"])

      // Taking a site off the list takes effect at once: the page is never cached.
      await s.call('PATCH', `/api/v1/brands/${brandId}/messaging`, { token: ada.token, body: { embedOrigins: ['https://shop.northwind.example'] } })
      const after = await get(`/widget/frame?brand=${brandId}`)
      assert.deepEqual(directives(after.headers['content-security-policy']).get('frame-ancestors'), ["'self'", 'https://shop.northwind.example'])
      assert.equal(after.headers['cache-control'], 'no-store')
    })

    test('its policy allows no inline or evaluated script or style, and connections only to Parloir, the stream included', async () => {
      const res = await get(`/widget/frame?brand=${brandId}`, { host: 'dm.example.com' })
      const csp = directives(res.headers['content-security-policy'])
      assert.deepEqual(csp.get('default-src'), ["'none'"])
      assert.deepEqual(csp.get('script-src'), ["'self'"])
      assert.deepEqual(csp.get('style-src'), ["'self'"])
      // 'self' covers the stream's ws: and wss: on this origin (CSP level 3), with no host taken from the request.
      assert.deepEqual(csp.get('connect-src'), ["'self'"])
      assert.deepEqual(csp.get('object-src'), ["'none'"])
      assert.deepEqual(csp.get('base-uri'), ["'none'"])
      assert.doesNotMatch(String(res.headers['content-security-policy']), /unsafe-inline|unsafe-eval/)
      assert.equal(res.headers['x-frame-options'], undefined, 'frame-ancestors decides, not X-Frame-Options')
      assert.equal(res.headers['x-content-type-options'], 'nosniff')
      assert.equal(res.headers['set-cookie'], undefined)
    })

    test('names no host the request sent, whatever Host or X-Forwarded-Host says', async () => {
      const sent: Array<Record<string, string>> = [{ host: 'evil.example' }, { host: 'dm.example.com', 'x-forwarded-host': 'evil.example:8080' }]
      for (const headers of sent) {
        const res = await s.call('GET', `/widget/frame?brand=${brandId}`, { headers })
        assert.equal(res.statusCode, 200)
        assert.doesNotMatch(String(res.headers['content-security-policy']), /evil\.example/)
      }
    })

    test('a listed site that is not a plain origin never reaches the header', () => {
      const csp = directives(frameSecurityPolicy(["https://shop.example; script-src 'unsafe-inline'", 'https://shop.example/path', '*', 'https://ok.example:8443']))
      assert.deepEqual(csp.get('frame-ancestors'), ["'self'", 'https://ok.example:8443'])
      assert.deepEqual(csp.get('script-src'), ["'self'"])
    })

    test('the page names the brand (found by id or handle) for the app, escaped, with no inline script or style', async () => {
      for (const value of [brandId, 'northwind', '@northwind', 'NorthWind']) {
        const res = await get(`/widget/frame?brand=${encodeURIComponent(value)}`)
        assert.equal(res.statusCode, 200, value)
        assert.ok(res.body.includes(`<meta name="parloir-brand" content="${brandId}" />`), value)
        assert.ok(res.body.includes('<title>Chat · Northwind &#60;Coffee&#62; &#38; &#34;Tea&#34;</title>'), value)
        assert.doesNotMatch(res.body, /<script>|<style|style=/)
      }
    })

    test('an unknown brand, a person, a missing or malformed brand gets a clear error page, never a 500', async () => {
      for (const query of ['brand=1234567890123456789', `brand=${dan.id}`, 'brand=dan', '', 'brand=', 'brand=%3Cscript%3E', `brand=${brandId}&brand=${brandId}`, `brand=${'9'.repeat(21)}`, 'brand=a_handle_too_long_1']) {
        const res = await get(`/widget/frame?${query}`)
        assert.equal(res.statusCode, 404, query)
        assert.match(String(res.headers['content-type']), /text\/html/, query)
        assert.match(res.body, /This chat is not available\./, query)
        assert.doesNotMatch(res.body, /<script/, query)
        assert.deepEqual(directives(res.headers['content-security-policy']).get('default-src'), ["'none'"], query)
      }
      const french = await get('/widget/frame?brand=nobody', { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' })
      assert.match(french.body, /Cette discussion n’est pas disponible\./)
      assert.match(french.body, /<html lang="fr">/)
    })

    test('its hashed assets are served for good; other names are 404', async () => {
      const js = await get('/widget/assets/index-abc.js')
      assert.equal(js.statusCode, 200)
      assert.match(String(js.headers['content-type']), /^text\/javascript/)
      assert.match(String(js.headers['cache-control']), /immutable/)
      assert.match(String((await get('/widget/assets/index-abc.css')).headers['content-type']), /^text\/css/)
      for (const path of ['/widget/assets/missing.js', '/widget/assets/..%2Floader%2Fwidget.js', '/widget/assets/..%2F..%2Fpackage.json', '/widget/assets/%2e%2e']) {
        assert.equal((await get(path)).statusCode, 404, path)
      }
    })
  })

  describe('the loader', () => {
    test('is a script any site may load: short cache, ETag, no cookie', async () => {
      const res = await get('/widget.js')
      assert.equal(res.statusCode, 200)
      assert.match(String(res.headers['content-type']), /^text\/javascript/)
      assert.equal(res.headers['cache-control'], 'public, max-age=300')
      assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin')
      assert.equal(res.headers['x-content-type-options'], 'nosniff')
      assert.equal(res.headers['set-cookie'], undefined)
      const again = await get('/widget.js', { 'if-none-match': String(res.headers.etag) })
      assert.equal(again.statusCode, 304)
      assert.equal(again.body, '')
    })

    test('a server without the build says so with a 503 instead of failing', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'parloir-widget-empty-'))
      const bare = await widgetApp(s, empty)
      try {
        for (const url of ['/widget.js', `/widget/frame?brand=${brandId}`]) {
          const res = await bare.inject({ method: 'GET', url })
          assert.equal(res.statusCode, 503, url)
          assert.match(res.body, /build:widget/)
        }
      } finally {
        await bare.close()
        rmSync(empty, { recursive: true, force: true })
      }
    })

    // The real build, as `npm run build:web` makes it (npm test and npm start run it first), served by the whole server.
    test('as built and served, is at most 10 KB gzipped and uses no cookie, request, socket or inline style, and no storage but its one flag', async () => {
      assert.ok(existsSync(join(defaultWidgetDir, 'loader', 'widget.js')), 'the widget is not built: run npm run build:widget')
      const res = await s.call('GET', '/widget.js')
      assert.equal(res.statusCode, 200)
      const body = res.rawPayload
      assert.deepEqual(body, readFileSync(join(defaultWidgetDir, 'loader', 'widget.js')))
      const gzipped = gzipSync(body, { level: 9 }).length
      console.warn(`widget.js: ${body.length} bytes, ${gzipped} bytes gzipped (budget ${LOADER_BUDGET_BYTES})`)
      assert.ok(!overBudget(gzipped), `${gzipped} bytes gzipped is over the ${LOADER_BUDGET_BYTES}-byte budget`)
      assert.equal(overBudget(LOADER_BUDGET_BYTES), false, 'the budget itself is allowed')
      assert.equal(overBudget(LOADER_BUDGET_BYTES + 1), true, 'one byte past it is not')
      const source = body.toString('utf8')
      // The one thing kept on a site, after the visitor wrote: the conversation flag (widget README, "Privacy").
      const storageUses = [...source.matchAll(/localStorage\.(\w+)\(([^)]*)\)/g)].map((m) => m[1])
      assert.deepEqual([...new Set(storageUses)].sort(), ['getItem', 'removeItem', 'setItem'])
      assert.equal(source.split('localStorage').length - 1, storageUses.length, 'localStorage only through those three calls')
      assert.ok(source.includes('parloir.conversation.'), 'under the flag\'s key')
      for (const forbidden of ['sessionStorage', 'indexedDB', 'cookie', 'fetch(', 'XMLHttpRequest', 'WebSocket', 'sendBeacon', 'EventSource', 'import(', 'innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'cssText']) {
        assert.ok(!source.includes(forbidden), `the loader mentions ${forbidden}`)
      }
      assert.doesNotMatch(source, /setAttribute\(\s*[`'"]style|createElement\(\s*[`'"](style|link|script)/)
    })
  })
})
