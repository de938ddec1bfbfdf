import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { pageRoutes, routes, twitterApiRoutes } from '@parloir/protocol'
import { testServer, type TestServer } from '@parloir/testing/server'

/**
 * Every route lives in one of protocol's tables (docs: STYLE "One route table feeds validation,
 * OpenAPI and the client"). A route added inline with `app.get/post` fails here until it is
 * declared, or listed below by name with the reason it is not.
 */

const tables = { routes, twitterApiRoutes, pageRoutes }
const declared = new Set(Object.values(tables).flatMap((table) => Object.values(table).map((r) => `${r.method} ${r.url}`)))

interface Undeclared {
  /** `METHOD /path` as Fastify registers it, or a pattern for files whose names carry a hash. */
  match: string | RegExp
  reason: string
  /** Served only when the web app or widget is built (`npm run build:web`), so absent in a bare checkout. */
  built?: true
}

const undeclared: Record<string, Undeclared[]> = {
  webAppFiles: [
    { match: /^GET \/assets\/[^/]+$/, reason: 'the built web app\'s files, served as they are', built: true },
    { match: 'GET /index.html', reason: 'the built web app\'s shell', built: true },
    { match: 'GET /favicon.svg', reason: 'a static file of the built web app', built: true },
    { match: 'GET /favicon.ico', reason: 'the icon browsers ask for by name on pages that name none, a static file', built: true },
    { match: 'GET /sw.js', reason: "the web app's service worker, a static file served from the site root so its scope is the whole site", built: true },
    { match: 'GET /manifest.webmanifest', reason: "the web app's install manifest, a static file", built: true },
    { match: /^GET \/icons\/[^/]+\.png$/, reason: "the web app's install icons, static files", built: true },
  ],
  widgetFiles: [
    { match: 'GET /widget.js', reason: 'the widget loader, a static script' },
    { match: 'GET /widget/assets/:file', reason: 'the widget frame\'s static files' },
  ],
  pageFiles: [{ match: 'GET /messages/static/:file', reason: 'static files of the server-rendered pages' }],
  probes: [
    { match: 'GET /healthz', reason: 'liveness probe for the process manager, not API' },
    { match: 'GET /readyz', reason: 'readiness probe for the load balancer, not API' },
    { match: 'GET /metrics', reason: 'Prometheus scrape, text exposition format' },
  ],
  openApi: [{ match: 'GET /api/v1/openapi.json', reason: 'the document generated from these tables' }],
  stream: [{ match: 'GET /api/v1/stream', reason: 'WebSocket upgrade; its frames are typed by protocol\'s events catalogue' }],
  mediaDownloads: [
    { match: 'GET /api/v1/media/:mediaId', reason: 'not yet: a binary answer, declared with its schema in routes/media.ts' },
    { match: 'GET /api/v1/media/:mediaId/thumbnail', reason: 'not yet: a binary answer, declared with its schema in routes/media.ts' },
  ],
}

/**
 * `METHOD /path` of every route, read from `printRoutes`: each line is one node of the radix tree,
 * indented four characters a level, its path the parent's plus its own segment.
 */
function registeredRoutes(server: TestServer): string[] {
  const found = new Set<string>()
  const paths: string[] = []
  for (const line of server.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const node = /^([│ ├└─]*)(\S.*) \(([A-Z, ]+)\)$/.exec(line)
    if (!node) continue
    const [, indent = '', segment = '', methods = ''] = node
    const depth = indent.length / 4 - 1
    paths.length = depth
    const path = (paths[depth - 1] ?? '') + segment
    paths[depth] = path
    for (const method of methods.split(', ')) found.add(`${method} ${path}`)
  }
  // Fastify answers HEAD for every GET by itself: only a HEAD route of its own is a route to declare.
  return [...found].filter((route) => !(route.startsWith('HEAD ') && found.has(route.replace(/^HEAD /, 'GET '))))
}

const matches = (entry: Undeclared, route: string) => (typeof entry.match === 'string' ? entry.match === route : entry.match.test(route))

describe('the route tables', () => {
  let server: TestServer
  let registered: string[]
  before(async () => {
    server = await testServer()
    registered = registeredRoutes(server)
  })
  after(() => server.stop())

  test('reads the routes Fastify registered', () => {
    // A change in printRoutes' layout would otherwise pass every check below with nothing read.
    for (const route of ['POST /api/v1/auth/signup', 'DELETE /api/v1/auth/sessions/:sessionId', 'GET /2/dm_events/:id', 'GET /healthz']) {
      assert.ok(registered.includes(route), `${route} not among ${registered.length} routes read`)
    }
  })

  test('declare every route the server registers, or say why not', () => {
    const exceptions = Object.values(undeclared).flat()
    const missing = registered.filter((route) => !declared.has(route) && !exceptions.some((entry) => matches(entry, route)))
    assert.deepEqual(missing, [], 'declare these in protocol (routes.ts, twitter-routes.ts, page-routes.ts) and register them from there')
  })

  test('register every declared route', () => {
    const unregistered = Object.entries(tables).flatMap(([table, entries]) =>
      Object.entries(entries).filter(([, r]) => !registered.includes(`${r.method} ${r.url}`)).map(([name, r]) => `${table}.${name}: ${r.method} ${r.url}`))
    assert.deepEqual(unregistered, [])
  })

  test('list no route as undeclared that is declared or gone', () => {
    const stale = Object.entries(undeclared).flatMap(([name, entries]) => entries
      .filter((entry) => (!entry.built && !registered.some((route) => matches(entry, route))) || (typeof entry.match === 'string' && declared.has(entry.match)))
      .map((entry) => `${name}: ${String(entry.match)}`))
    assert.deepEqual(stale, [])
  })
})
