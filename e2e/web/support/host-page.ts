import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import { chromium, type Browser, type BrowserContext, type CDPSession, type Frame, type Page } from 'playwright-core'
import type { AxeViolation } from './browser.ts'

/**
 * Chromium as a visitor's Chrome runs it, for the website widget. Playwright turns off
 * `ThirdPartyStoragePartitioning` among its default `--disable-features`; Chrome ships with it
 * on, and with it a third-party frame gets storage partitioned by the top-level site instead of
 * none when third-party cookies are blocked. Chromium keeps the last `--disable-features`
 * switch, so this one (Playwright 1.65's list without that feature) replaces Playwright's.
 */
export function launchVisitorBrowser(): Promise<Browser> {
  const disabledFeatures = [
    'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
    'LensOverlay', 'MediaRouter', 'PaintHolding', 'AvoidCorsURLLoaderRestartOnRedirect', 'OptimizationHints',
    'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  ]
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', `--disable-features=${disabledFeatures.join(',')}`,
    ],
  })
}

/**
 * Blocks third-party cookies in this page's browser context, whatever the profile's default.
 * Chromium 156 has no command-line switch for the user setting ("Block third-party cookies");
 * the devtools protocol's `Network.setCookieControls` (Chromium 132+) sets the same restriction
 * and must come before the page loads.
 */
export async function blockThirdPartyCookies(cdp: CDPSession): Promise<void> {
  await cdp.send('Network.setCookieControls', { enableThirdPartyCookieRestriction: true })
}

export interface HostSite {
  /** e.g. `http://localhost:43123`: another site than Parloir's `http://127.0.0.1:<port>`. */
  origin: string
  /** The page with the snippet. */
  url: string
  /** The policy the page is served with. */
  csp: string
  close(): Promise<void>
}

export interface Snippet {
  parloirUrl: string
  brandId: string
  welcomeMessageId?: string
  ref?: string
  /**
   * Identity verification: the brand's server signs its logged-in customer on each page it
   * serves (`data-user-id`, `data-user-ts`, `data-user-hash` on the script tag).
   */
  identity?: () => { userId: string; timestamp: number; signature: string }
}

/** The snippet the Publish page gives a brand: a plain link, and the optional script. */
export function snippetHtml({ parloirUrl, brandId, welcomeMessageId, ref, identity }: Snippet): string {
  const query = new URLSearchParams({ recipient_id: brandId, ...(welcomeMessageId ? { welcome_message_id: welcomeMessageId } : {}), ...(ref ? { ref } : {}) })
  const href = `${parloirUrl}/messages/compose?${query}`.replace(/&/g, '&amp;')
  const signed = identity?.()
  const attributes = signed ? ` data-user-id="${signed.userId}" data-user-ts="${signed.timestamp}" data-user-hash="${signed.signature}"` : ''
  return `<a href="${href}" data-parloir-chat>Message us</a>\n<script src="${parloirUrl}/widget.js"${attributes} async></script>`
}

/**
 * A brand's own website on another site than Parloir: a tiny shop page with the snippet,
 * served on 127.0.0.1 and reached as `localhost`, under a strict CSP that lets in only
 * Parloir's script and frame (no 'unsafe-inline', no connections at all).
 */
export async function serveHostSite(snippet: Snippet): Promise<HostSite> {
  const parloir = new URL(snippet.parloirUrl).origin
  const csp = [
    "default-src 'none'", `script-src ${parloir}`, `frame-src ${parloir}`, "style-src 'self'", "img-src 'self'",
    "connect-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join('; ')
  const page = () => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind Coffee shop</title>
<link rel="stylesheet" href="/site.css">
</head>
<body>
<header><p class="logo">Northwind Coffee</p><nav><a href="/">Shop</a> <a href="/">Our beans</a> <a href="/">About</a></nav></header>
<main>
<h1>Freshly roasted, every week</h1>
<p>Single-origin beans from small farms, roasted in Lyon and shipped within a day.</p>
<ul class="products"><li>Ethiopia Guji <span>€14</span></li><li>Colombia Huila <span>€12</span></li><li>House espresso <span>€11</span></li></ul>
</main>
<footer><p>Questions about an order?</p>
${snippetHtml(snippet)}
</footer>
</body>
</html>`
  const css = `body{font:16px/1.5 Georgia,serif;margin:0;color:#2b2118;background:#faf6ef}
header{display:flex;justify-content:space-between;align-items:center;padding:1rem 2rem;background:#2b2118;color:#faf6ef}
header a{color:#faf6ef;margin-left:1rem}.logo{font-weight:bold;margin:0}
main{padding:2rem;max-width:48rem}h1{font-size:2rem;margin:0 0 1rem}
.products{list-style:none;padding:0;display:grid;gap:.5rem}.products li{background:#fff;padding:1rem;border:1px solid #e5dccd;display:flex;justify-content:space-between}
footer{padding:2rem;border-top:1px solid #e5dccd}footer a{display:inline-block;background:#2f5d50;color:#fff;padding:.6rem 1.2rem;border-radius:999px;text-decoration:none;font-family:system-ui,sans-serif;font-weight:600}`
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]
    if (path === '/site.css') {
      response.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(css)
    } else if (path === '/favicon.ico') {
      response.writeHead(204).end()
    } else if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp, 'cache-control': 'no-store' }).end(page())
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const origin = `http://localhost:${port}`
  return {
    origin, url: `${origin}/`, csp,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

/** Every request a context makes, frames included, by URL. */
export function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = []
  context.on('request', (request) => urls.push(request.url()))
  return urls
}

/** WebSockets the page's own target opens, seen by the devtools protocol. */
export async function watchSockets(cdp: CDPSession): Promise<string[]> {
  const sockets: string[] = []
  cdp.on('Network.webSocketCreated', (event) => sockets.push(event.url))
  await cdp.send('Network.enable')
  return sockets
}

export interface StorageCount {
  cookies: number
  /** localStorage, sessionStorage, IndexedDB databases and Cache Storage caches, in every frame. */
  entries: Array<{ frame: string; localStorage: number; sessionStorage: number; indexedDB: number; caches: number }>
}

/**
 * What the browser keeps for these pages: cookies of every site (devtools protocol), and the
 * storage each frame of the page can see (evaluated in the frame, so a frame whose storage the
 * browser denies counts as 0).
 */
export async function storageOf(page: Page, cdp: CDPSession): Promise<StorageCount> {
  const { cookies } = await cdp.send('Network.getAllCookies')
  const { cookies: stored } = await cdp.send('Storage.getCookies', {})
  const entries: StorageCount['entries'] = []
  for (const frame of page.frames()) {
    // No named functions inside: tsx would wrap them in a helper the page does not have.
    const count = await frame.evaluate(async () => {
      const counts = { localStorage: 0, sessionStorage: 0, indexedDB: 0, caches: 0 }
      try { counts.localStorage = localStorage.length } catch { /* denied: nothing kept */ }
      try { counts.sessionStorage = sessionStorage.length } catch { /* denied */ }
      try { counts.indexedDB = (await indexedDB.databases()).length } catch { /* denied */ }
      try { counts.caches = (await caches.keys()).length } catch { /* denied */ }
      return counts
    })
    entries.push({ frame: frame.url(), ...count })
  }
  return { cookies: Math.max(cookies.length, stored.length), entries }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * The serious and critical axe-core violations in one frame (the chat frame, say), evaluated
 * through the devtools protocol so the frame's own strict CSP stays on.
 */
export async function seriousA11yViolationsIn(frame: Frame): Promise<AxeViolation[]> {
  await frame.evaluate(axeSource)
  const results = await frame.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }> }> } }).axe
    return axe.run(document, { resultTypes: ['violations'] })
  })
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }))
}
