import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { beyondOffline, screenshot, seriousA11yViolations, shellInstalled } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { acceptedDirect, live, logIn, openAs, type Person } from './support/people.ts'

let web: WebFixture
let ada: Person
let conversationId: string
before(async () => {
  web = await startWeb()
  ada = await logIn(web, 'ada')
  const ben = await logIn(web, 'ben')
  conversationId = await acceptedDirect(ada, ben)
  await ben.client.sendMessage(conversationId, 'See you at the roastery')
})
after(() => web.close())

/** The size a PNG says it is (its IHDR chunk). */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

test('the manifest is linked, valid, and names icons that exist at their sizes', async () => {
  const { page, context } = await openAs(web, ada, '/')
  const href = await page.locator('link[rel="manifest"]').getAttribute('href')
  assert.equal(href, '/manifest.webmanifest')
  const reply = await fetch(`${web.server.url}${href}`)
  assert.equal(reply.status, 200)
  assert.match(reply.headers.get('content-type') ?? '', /^application\/manifest\+json/)
  const manifest = await reply.json() as {
    name: string; short_name: string; start_url: string; scope: string; display: string; theme_color: string; background_color: string
    icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>
  }
  assert.equal(manifest.name, 'Parloir')
  assert.equal(manifest.short_name, 'Parloir')
  assert.equal(manifest.start_url, '/')
  assert.equal(manifest.scope, '/')
  assert.equal(manifest.display, 'standalone')
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i)
  assert.match(manifest.background_color, /^#[0-9a-f]{6}$/i)
  const purposes = new Set<string>()
  for (const icon of manifest.icons) {
    const bytes = new Uint8Array(await (await fetch(`${web.server.url}${icon.src}`)).arrayBuffer())
    const [width, height] = icon.sizes.split('x').map(Number)
    assert.deepEqual(pngSize(bytes), { width, height }, `${icon.src} is ${icon.sizes}`)
    assert.equal(icon.type, 'image/png')
    purposes.add(`${icon.purpose ?? 'any'} ${icon.sizes}`)
  }
  for (const needed of ['any 192x192', 'any 512x512', 'maskable 512x512']) assert.ok(purposes.has(needed), `an icon ${needed}`)
  const touch = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href')
  assert.deepEqual(pngSize(new Uint8Array(await (await fetch(`${web.server.url}${touch}`)).arrayBuffer())), { width: 180, height: 180 })

  // The worker is served fresh every time, from the root, so its scope is the whole site.
  const worker = await fetch(`${web.server.url}/sw.js`)
  assert.equal(worker.headers.get('cache-control'), 'no-cache')
  assert.match(await worker.text(), /const SHELL = \{"version":"[0-9a-f]{16}","urls":\[/, 'the build wrote its shell into the worker')
  await context.close()
})

test('after a first visit the app opens offline, says so, and opens the messages when the network returns', async () => {
  const window = await openAs(web, ada, `/c/${conversationId}`)
  const { page, context } = window
  await live(page)
  await shellInstalled(page)

  // What the worker keeps: this build's shell, never an API answer or an attachment.
  const cached = await page.evaluate(async () => {
    const names = await caches.keys()
    const urls = await Promise.all(names.map(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname)))
    return { names, urls: urls.flat() }
  })
  assert.equal(cached.names.length, 1)
  assert.match(cached.names[0] ?? '', /^parloir-shell-[0-9a-f]{16}$/)
  assert.ok(cached.urls.includes('/'), 'the page')
  assert.ok(cached.urls.some((u) => /^\/assets\/index-.*\.js$/.test(u)), 'the entry script')
  assert.deepEqual(cached.urls.filter((u) => u.startsWith('/api/') || u.startsWith('/messages/') || u.startsWith('/widget')), [])

  await context.setOffline(true)
  await page.reload()
  await page.getByRole('heading', { name: 'You are offline' }).waitFor()
  assert.equal(await page.getByRole('textbox', { name: 'Message' }).count(), 0)
  // The API is never answered from a cache.
  assert.equal(await page.evaluate(() => fetch('/api/v1/auth/session').then(() => 'answered', () => 'refused')), 'refused')
  await screenshot(page, 'offline-shell-desktop')
  assert.deepEqual(await seriousA11yViolations(page), [])

  await context.setOffline(false)
  await page.getByRole('region', { name: 'Message history' }).locator('.msg-bubble', { hasText: 'See you at the roastery' }).waitFor({ timeout: 20_000 })
  await live(page)
  assert.deepEqual(beyondOffline(window.errors), [])
  await context.close()
})

test('the offline page on a phone, in the dark and in French', async () => {
  for (const [name, options] of [
    ['phone', { viewport: 'phone' }],
    ['desktop-dark', { colorScheme: 'dark' }],
    ['phone-fr', { viewport: 'phone', locale: 'fr-FR' }],
  ] as const) {
    const { page, context } = await openAs(web, ada, '/', options)
    await live(page)
    await shellInstalled(page)
    await context.setOffline(true)
    await page.reload()
    await page.getByRole('heading', { name: name.endsWith('fr') ? 'Vous êtes hors ligne' : 'You are offline' }).waitFor()
    await screenshot(page, `offline-shell-${name}`)
    await context.close()
  }
})
