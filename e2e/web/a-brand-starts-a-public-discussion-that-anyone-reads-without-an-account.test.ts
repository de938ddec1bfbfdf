import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { newContext, screenshot as viewportShot, seriousA11yViolations, viewports } from './support/browser.ts'
import { repoRoot } from '../support/parloir-process.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs } from './support/people.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

/** A reader without an account and with JavaScript off: a fresh context, no cookie, no script. */
function readerContext(browser: Browser, viewport: keyof typeof viewports = 'desktop', options: { colorScheme?: 'light' | 'dark'; locale?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: viewports[viewport], deviceScaleFactor: 1, colorScheme: options.colorScheme ?? 'light', locale: options.locale ?? 'en-US',
    hasTouch: viewport === 'phone', javaScriptEnabled: false,
  })
}

/** The whole public page (it scrolls as a document), under docs/screenshots/ like the others. */
async function pageShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${repoRoot}docs/screenshots/${name}.png`, fullPage: true })
}

/** Every cookie the browser holds, asked both ways. */
async function cookiesIn(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page)
  const { cookies } = await cdp.send('Network.getAllCookies')
  await cdp.detach()
  return cookies.length + (await context.cookies()).length
}

test('a brand starts a discussion and invites two people; they post, one quotes; a reader without an account reads it; a third asks to join and is let in; it is closed with a reason the public page shows', { timeout: 600_000 }, async () => {
  const [ada, ben, chloe, dan] = [await logIn(web, 'ada'), await logIn(web, 'ben'), await logIn(web, 'chloe'), await logIn(web, 'dan')]

  // Ada starts it as Northwind, inviting Ben (from the suggestions) and Chloé (her exact handle).
  const starter = await openAs(web, ada, '/discussions')
  const a = starter.page
  await a.getByRole('heading', { level: 1, name: 'Discussions' }).waitFor()
  await a.getByLabel('Write as').selectOption({ label: 'Northwind Coffee (@northwind)' })
  await a.getByLabel('Title').fill('Late deliveries this week <script>alert(1)</script>')
  await a.getByLabel('First post').fill('Our courier is behind this week. Ask us anything here: https://northwind.example/status')
  const invite = a.getByLabel('Invite people')
  await invite.fill('ben')
  await a.getByRole('button', { name: /Ben/ }).first().click()
  await invite.fill('@chloe')
  await invite.press('Enter')
  await a.locator('.disc-chip', { hasText: /Chlo/ }).waitFor()
  await viewportShot(a, 'discussions-start-desktop')
  await a.getByRole('button', { name: 'Start the discussion' }).click()
  await a.waitForURL(/\/discussions\/\d+\?as=\d+$/)
  const id = /\/discussions\/(\d+)/.exec(a.url())?.[1] ?? ''
  await a.getByRole('heading', { level: 1, name: 'Late deliveries this week <script>alert(1)</script>' }).waitFor()
  await a.getByText('Started by Northwind Coffee (@northwind)').waitFor()

  // Ben posts from his phone; Chloé, in dark mode, quotes the brand's first post. Ada sees both come in live.
  const benWindow = await openAs(web, ben, `/discussions/${id}`, { viewport: 'phone' })
  await benWindow.page.getByLabel('Your post').fill('Mine was due Monday, order 1042.')
  await benWindow.page.getByRole('button', { name: 'Post', exact: true }).click()
  await benWindow.page.locator('.disc-post', { hasText: 'Mine was due Monday' }).waitFor()
  const chloeWindow = await openAs(web, chloe, `/discussions/${id}`, { colorScheme: 'dark' })
  const c = chloeWindow.page
  await c.locator('.disc-post', { hasText: 'Our courier is behind' }).getByRole('button', { name: 'Quote' }).click()
  await c.getByText('Quoting Northwind Coffee, post 1').waitFor()
  await c.getByLabel('Your post').fill('Same here. Thanks for saying so openly.')
  await c.getByRole('button', { name: 'Post', exact: true }).click()
  await c.locator('.disc-post', { hasText: 'Same here' }).locator('.disc-quote', { hasText: 'Our courier is behind' }).waitFor()
  await a.locator('.disc-post', { hasText: 'Mine was due Monday' }).waitFor()
  await a.locator('.disc-post', { hasText: 'Same here' }).locator('.disc-quote').waitFor()
  await viewportShot(benWindow.page, 'discussion-phone')
  await viewportShot(c, 'discussion-dark')

  // A reader without an account and without JavaScript reads it all; nothing is set in the browser.
  const readerCtx = await readerContext(web.browser)
  const reader = await readerCtx.newPage()
  const asked: string[] = []
  reader.on('request', (request) => asked.push(request.url()))
  const response = await reader.goto(`${web.server.url}/d/${id}`)
  assert.equal(response?.status(), 200)
  assert.equal(response?.headers()['x-robots-tag'], 'noindex')
  await reader.getByRole('heading', { level: 1, name: 'Late deliveries this week <script>alert(1)</script>' }).waitFor()
  await reader.getByText('Mine was due Monday, order 1042.').waitFor()
  await reader.locator('.pg-quote', { hasText: 'Quoting Northwind Coffee, post 1' }).waitFor()
  assert.equal(await reader.locator('script').count(), 0)
  assert.equal(await reader.locator('meta[property="og:title"]').getAttribute('content'), 'Late deliveries this week <script>alert(1)</script>')
  assert.equal(await cookiesIn(readerCtx, reader), 0)
  assert.deepEqual(asked.filter((url) => !url.startsWith(web.server.url)), [], 'nothing from elsewhere')
  await pageShot(reader, 'public-discussion-desktop')

  // Dan, in French, asks to join; Ada lets him in from her screen, live; he writes.
  const danWindow = await openAs(web, dan, `/discussions/${id}`, { locale: 'fr-FR' })
  const d = danWindow.page
  await d.getByRole('button', { name: 'Demander à participer' }).click()
  await d.getByText('Vous avez demandé à participer.').waitFor()
  const ask = a.locator('.disc-requests li', { hasText: /Dan/ })
  await ask.waitFor()
  await ask.scrollIntoViewIfNeeded()
  await viewportShot(a, 'discussion-join-request-desktop')
  await ask.getByRole('button', { name: 'Let in' }).click()
  await d.getByLabel('Votre message').waitFor()
  await d.getByLabel('Votre message').fill('Merci ! Le mien aussi est en retard.')
  await d.getByRole('button', { name: 'Publier' }).click()
  await a.locator('.disc-post', { hasText: 'Le mien aussi' }).waitFor()
  await viewportShot(d, 'discussion-french')

  // Ada closes it with a reason; the public page shows it, and nobody can post any more.
  await a.getByLabel('Reason, shown on the public page').fill('The parcels left on Monday; thank you for your patience.')
  await a.getByRole('button', { name: 'Close', exact: true }).click()
  await a.getByText('Closed: The parcels left on Monday; thank you for your patience.').waitFor()
  await d.getByText('Close : The parcels left on Monday; thank you for your patience.').waitFor()
  assert.equal(await d.getByLabel('Votre message').count(), 0, 'the composer goes away live')
  await reader.reload()
  await reader.getByText('Closed: The parcels left on Monday; thank you for your patience.').waitFor()
  assert.equal(await cookiesIn(readerCtx, reader), 0)
  await pageShot(reader, 'public-discussion-closed-desktop')
  await viewportShot(a, 'discussion-closed-desktop')

  // The public page on a phone, in dark mode, and in French.
  for (const [name, viewport, options] of [
    ['public-discussion-phone', 'phone', {}], ['public-discussion-dark', 'desktop', { colorScheme: 'dark' }], ['public-discussion-french', 'phone', { locale: 'fr-FR' }],
  ] as const) {
    const context = await readerContext(web.browser, viewport, options)
    const page = await context.newPage()
    await page.goto(`${web.server.url}/d/${id}`)
    await page.locator('.pg-post').first().waitFor()
    await pageShot(page, name)
    await context.close()
  }
  // axe needs script to run (its checks wait on timers); the page has none, so it is the same with it on.
  const checked = await newContext(web.browser, 'phone')
  const checkedPage = await checked.newPage()
  await checkedPage.goto(`${web.server.url}/d/${id}`)
  assert.deepEqual(await seriousA11yViolations(checkedPage), [])
  assert.ok(await checkedPage.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing overflows sideways on a phone')
  await checked.close()
  for (const w of [starter, benWindow, chloeWindow, danWindow]) assert.deepEqual(w.errors, [])
  await Promise.all([starter, benWindow, chloeWindow, danWindow].map((w) => w.context.close()))
  await readerCtx.close()
})
