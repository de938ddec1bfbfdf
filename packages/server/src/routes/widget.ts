import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AccountRecord } from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addPageRoute } from './add-page-route.ts'

/** Where `npm run build:widget` (run by build:web) writes the loader and the frame. */
export const defaultWidgetDir = fileURLToPath(new URL('../../../widget/dist', import.meta.url))

/** The loader URL brands embed never changes, so it is cached briefly and revalidated by ETag. */
const LOADER_MAX_AGE_S = 300
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/
const ASSET = /^[A-Za-z0-9_.-]+\.(js|css)$/

/**
 * The frame's policy: its own scripts and styles only (no inline, no eval), images from this
 * origin, connections to this origin (HTTP and the stream), and framing only by this origin
 * and the sites the brand listed. A page not on the list gets no chat. `'self'` covers the
 * stream's ws: and wss: on this origin (CSP level 3), so nothing here comes from the request's Host.
 */
export function frameSecurityPolicy(embedOrigins: readonly string[]): string {
  const ancestors = ["'self'", ...embedOrigins.filter((origin) => ORIGIN.test(origin))]
  return [
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob: data:", "media-src 'self'",
    "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'",
    "form-action 'self'", `frame-ancestors ${ancestors.join(' ')}`,
  ].join('; ')
}

/** The error page may show inside any page's panel: it offers nothing to click. */
const errorPagePolicy = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *"

const commonHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

interface Built {
  loader: { body: Buffer; etag: string } | undefined
  frameHtml: string | undefined
  stylesheet: string | undefined
  assets: Map<string, Buffer>
}

function readBuild(dir: string): Built {
  const loaderPath = join(dir, 'loader', 'widget.js')
  const framePath = join(dir, 'frame', 'index.html')
  const assetsDir = join(dir, 'frame', 'assets')
  const loader = existsSync(loaderPath) ? readFileSync(loaderPath) : undefined
  const frameHtml = existsSync(framePath) ? readFileSync(framePath, 'utf8') : undefined
  const assets = new Map<string, Buffer>()
  if (existsSync(assetsDir)) {
    for (const name of readdirSync(assetsDir)) if (ASSET.test(name)) assets.set(name, readFileSync(join(assetsDir, name)))
  }
  return {
    loader: loader ? { body: loader, etag: `"${createHash('sha256').update(loader).digest('base64url').slice(0, 27)}"` } : undefined,
    frameHtml,
    stylesheet: /<link rel="stylesheet"[^>]*href="([^"]+)"/.exec(frameHtml ?? '')?.[1],
    assets,
  }
}

function prefersFrench(request: FastifyRequest): boolean {
  const header = request.headers['accept-language']
  return typeof header === 'string' && /^\s*fr\b/i.test(header)
}

/**
 * The "Message us" widget: `GET /widget.js` (the loader brands put on their sites),
 * `GET /widget/frame?brand=&welcome=&ref=&text=` (the chat, framed only by the brand's sites)
 * and its hashed assets under `/widget/assets/`.
 */
export function widgetRoutes({ app, deps }: Pick<ServerContext, 'app' | 'deps'>, widgetDir = defaultWidgetDir): void {
  const built = readBuild(widgetDir)
  if (!built.loader || !built.frameHtml) app.log.warn({ widgetDir }, 'widget not built: run npm run build:widget')

  const notBuilt = (reply: FastifyReply) =>
    reply.code(503).headers(commonHeaders).header('cache-control', 'no-store').type('text/plain; charset=utf-8')
      .send('The website widget is not built yet: run `npm run build:widget` (npm start does it).')

  app.get('/widget.js', { schema: { hide: true } }, async (request, reply) => {
    const loader = built.loader
    if (!loader) return notBuilt(reply)
    reply.headers({
      ...commonHeaders,
      'cache-control': `public, max-age=${LOADER_MAX_AGE_S}`,
      etag: loader.etag,
      // Loaded by other sites' pages, also those that require CORP on what they embed.
      'cross-origin-resource-policy': 'cross-origin',
    })
    if (request.headers['if-none-match'] === loader.etag) return reply.code(304).send()
    return reply.type('text/javascript; charset=utf-8').send(loader.body)
  })

  app.get<{ Params: { file: string } }>('/widget/assets/:file', { schema: { hide: true } }, async (request, reply) => {
    const { file } = request.params
    const body = ASSET.test(file) ? built.assets.get(file) : undefined
    if (!body) {
      return reply.code(404).headers(commonHeaders).type('text/plain; charset=utf-8').send('Not found.')
    }
    return reply.headers({ ...commonHeaders, 'cache-control': 'public, max-age=31536000, immutable' })
      .type(file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8').send(body)
  })

  addPageRoute(app, 'widgetFrame', async (request, reply) => {
    const frameHtml = built.frameHtml
    if (!frameHtml) return notBuilt(reply)
    const raw = request.query.brand
    const brand = typeof raw === 'string' ? await findBrand(raw) : undefined
    if (!brand) return errorPage(request, reply)
    const messaging = await deps.storage.reads.brandMessaging.forBrand(brand.id)
    const html = frameHtml
      .replace('<meta name="parloir-brand" content="" />', `<meta name="parloir-brand" content="${escapeHtml(brand.id)}" />`)
      .replace('<title>Chat</title>', `<title>${escapeHtml(`Chat · ${brand.displayName}`)}</title>`)
    return reply.code(200).headers({
      ...commonHeaders,
      'content-security-policy': frameSecurityPolicy(messaging?.embedOrigins ?? []),
      // The policy follows the brand's list of sites, which can change at any time.
      'cache-control': 'no-store',
    }).type('text/html; charset=utf-8').send(html)
  })

  /** A brand by id or by handle (with or without @); people, visitors and unknown names are not. */
  async function findBrand(value: string): Promise<AccountRecord | undefined> {
    let account: AccountRecord | undefined
    if (/^[0-9]{1,20}$/.test(value)) account = await deps.storage.reads.accounts.byId(value)
    else if (/^@?[A-Za-z0-9_]{1,15}$/.test(value)) account = await deps.storage.reads.accounts.byHandle(value.replace(/^@/, ''))
    return account?.kind === 'brand' ? account : undefined
  }

  function errorPage(request: FastifyRequest, reply: FastifyReply) {
    const fr = prefersFrench(request)
    const title = fr ? 'Cette discussion n’est pas disponible.' : 'This chat is not available.'
    const hint = fr
      ? 'Le lien ne mène à aucune marque sur Parloir : il est peut-être incomplet ou plus à jour.'
      : 'The link does not lead to a brand on Parloir: it may be incomplete or out of date.'
    const stylesheet = built.stylesheet ? `<link rel="stylesheet" href="${escapeHtml(built.stylesheet)}">` : ''
    const html = `<!doctype html><html lang="${fr ? 'fr' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<meta name="color-scheme" content="light dark"><title>${title}</title>${stylesheet}</head>` +
      `<body><main class="unavailable" role="alert"><h1>${title}</h1><p>${hint}</p></main></body></html>`
    return reply.code(404).headers({ ...commonHeaders, 'content-security-policy': errorPagePolicy, 'cache-control': 'no-store' })
      .type('text/html; charset=utf-8').send(html)
  }
}
