import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { repoRoot } from '../support/parloir-process.ts'
import { screenshot, seriousA11yViolations, viewports } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs } from './support/people.ts'

/**
 * Chloé curates "Cafés I love" in two sections: an image, a link (read once from a page this test
 * serves on loopback, which the server may reach only through the outbound guard's allowance, as
 * the webhook tests do) and a text. Dan contributes; Chloé approves. A reader with no account and
 * JavaScript off reads the public page: no cookie, nothing from another site, hostile words as text.
 * Then Chloé hides Dan's contribution with a reason: he reads it at once, asks for a review, and
 * she reads the ask; the public page shows only the reason.
 */

const hostileTitle = 'Kitsuné roastery <script>alert("x")</script>'
const hostileDescription = '<img src=x onerror=alert(1)> Small-batch beans & a sunny terrace.'

let web: WebFixture
let site: http.Server
let siteOrigin: string
const siteHits: string[] = []
let cover: Buffer

/** A 640×360 PNG with a gradient, so a screenshot shows a picture. */
async function picture(r: number, g: number, b: number): Promise<Buffer> {
  const [width, height] = [640, 360]
  const pixels = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3
      pixels[at] = Math.min(255, r + Math.round((x / width) * 60))
      pixels[at + 1] = Math.min(255, g + Math.round((y / height) * 50))
      pixels[at + 2] = b
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

before(async () => {
  cover = await picture(60, 90, 120)
  site = http.createServer((req, res) => {
    siteHits.push(req.url ?? '')
    if (req.url === '/kitsune') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head>
        <title>Fallback title</title>
        <meta property="og:title" content='${hostileTitle}'>
        <meta property="og:description" content="${hostileDescription.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">
        <meta property="og:site_name" content="Kitsuné">
        <meta property="og:image" content="/cover.png"></head><body>Hello</body></html>`)
      return
    }
    if (req.url === '/cover.png') { res.writeHead(200, { 'content-type': 'image/png' }).end(cover); return }
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  const port = (site.address() as AddressInfo).port
  siteOrigin = `http://127.0.0.1:${port}`
  // The server may reach this one loopback port (the guard's allowance); every other private address stays refused.
  web = await startWeb({ env: { PARLOIR_OUTBOUND_ALLOW: `127.0.0.1:${port}` } })
})
after(async () => {
  await web.close()
  site.closeAllConnections()
  await new Promise((resolve) => site.close(resolve))
})

function readerContext(browser: Browser, options: { viewport?: keyof typeof viewports; colorScheme?: 'light' | 'dark'; locale?: string } = {}): Promise<BrowserContext> {
  const viewport = options.viewport ?? 'desktop'
  return browser.newContext({
    viewport: viewports[viewport], deviceScaleFactor: 1, colorScheme: options.colorScheme ?? 'light', locale: options.locale ?? 'en-US',
    hasTouch: viewport === 'phone', javaScriptEnabled: false,
  })
}

/** The server's pages scroll as a document: the whole page. */
async function fullShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${repoRoot}docs/screenshots/${name}.png`, fullPage: true })
}

/** The app scrolls inside its main area: the window, from `selector` (or the top) down. */
async function appShot(page: Page, name: string, selector?: string): Promise<void> {
  if (selector) await page.locator(selector).first().evaluate((element) => element.scrollIntoView({ block: 'start' }))
  else await page.locator('.page').evaluate((element) => element.scrollTo(0, 0))
  await screenshot(page, name)
}

test('a person curates a collection, another contributes, and a reader without an account reads it', { timeout: 300_000 }, async () => {
  const chloe = await logIn(web, 'chloe')
  const dan = await logIn(web, 'dan')

  // Chloé starts a collection from the Collections screen.
  const curator = await openAs(web, chloe, '/collections')
  const { page } = curator
  await page.getByRole('heading', { name: 'Collections', level: 1 }).waitFor()
  await page.getByText('No collection yet.').waitFor()
  await page.getByLabel('Title').fill('Cafés I love')
  await page.getByLabel('Description (optional)').fill('Where I drink my coffee, and what I read about it.')
  await page.getByLabel('I approve each one first').check()
  await page.getByRole('button', { name: 'Create the collection' }).click()
  await page.waitForURL(/\/collections\/\d+\/edit$/)
  const collectionId = /\/collections\/(\d+)\/edit$/.exec(page.url())![1]!
  await page.getByRole('heading', { name: 'Cafés I love', level: 1 }).waitFor()

  // Two sections.
  for (const title of ['Paris', 'Lyon']) {
    await page.getByLabel('Section title').fill(title)
    await page.getByRole('button', { name: 'Add a section' }).click()
    await page.getByRole('heading', { name: title, level: 2 }).waitFor()
  }

  // An image, in Paris.
  const add = page.locator('form.collection-add')
  await add.getByLabel('In the section').selectOption({ label: 'Paris' })
  await add.getByLabel('Picture or file to add').setInputFiles({ name: 'terrace.png', mimeType: 'image/png', buffer: await picture(190, 120, 60) })
  await add.getByLabel('Caption (optional)').fill('The terrace at nine')
  await add.getByRole('button', { name: 'Add', exact: true }).click()
  await page.getByRole('status').getByText('Added.').waitFor()
  await page.locator('.collection-item--image', { hasText: 'The terrace at nine' }).waitFor()

  // A link, in Lyon: read once by the server through the outbound guard.
  await add.getByRole('radio', { name: 'Link' }).check()
  await add.getByLabel('In the section').selectOption({ label: 'Lyon' })
  await add.getByLabel('Address of the page (http or https)').fill(`${siteOrigin}/kitsune`)
  await add.getByRole('button', { name: 'Add', exact: true }).click()
  const link = page.locator('.collection-item--link')
  await link.getByText(hostileTitle).waitFor()
  await link.getByText(hostileDescription).waitFor()
  assert.deepEqual(siteHits, ['/kitsune', '/cover.png'], 'fetched once, page then picture')

  // A text, at the top.
  await add.getByRole('radio', { name: 'Text' }).check()
  await add.getByLabel('In the section').selectOption({ label: 'Not in a section' })
  await add.getByLabel('Title (optional)').fill('Why these')
  await add.getByLabel('Your text').fill('Good beans, kind people,\nand a seat by the window.')
  await add.getByRole('button', { name: 'Add', exact: true }).click()
  await page.locator('.collection-item--text', { hasText: 'Why these' }).waitFor()

  // Lyon goes first.
  await page.getByRole('button', { name: 'Move the section Lyon up' }).click()
  await page.waitForFunction(() => [...document.querySelectorAll('.collection-group-title')].map((h) => h.textContent).join('|') === 'Not in a section|Lyon|Paris')
  assert.deepEqual(await seriousA11yViolations(page), [])
  await appShot(page, 'collection-curator-desktop')
  await appShot(page, 'collection-curator-items-desktop', '.collection-groups')
  await appShot(page, 'collection-curator-add-desktop', 'form.collection-add')

  // Dan finds the public page's link to contribute, and suggests a text.
  const contributor = await openAs(web, dan, `/collections/${collectionId}`, { viewport: 'phone' })
  await contributor.page.getByRole('link', { name: 'Suggest something in Parloir' }).click()
  await contributor.page.waitForURL(new RegExp(`/collections/${collectionId}/edit$`))
  await contributor.page.getByRole('heading', { name: 'Contribute' }).waitFor()
  const offer = contributor.page.locator('form.collection-add')
  await offer.getByRole('radio', { name: 'Text' }).check()
  await offer.getByLabel('Title (optional)').fill('Also: Café Lumière')
  await offer.getByLabel('Your text').fill('Try their cortado, near the river.')
  await offer.getByRole('button', { name: 'Add', exact: true }).click()
  await contributor.page.getByText('Sent: it waits for the curator’s approval.').waitFor()
  await contributor.page.locator('.collection-mine').getByText('Waiting for the curator').waitFor()
  assert.deepEqual(await seriousA11yViolations(contributor.page), [])
  await appShot(contributor.page, 'collection-contributor-phone', '.collection-mine')

  // Chloé approves it.
  await page.reload()
  const waiting = page.locator('.collection-waiting')
  await waiting.getByText('Try their cortado').waitFor()
  await waiting.getByText('Added by Dan').waitFor()
  await appShot(page, 'collection-curator-waiting-desktop', '.collection-waiting')
  await waiting.getByRole('button', { name: 'Approve' }).click()
  await page.getByRole('status').getByText('Approved: it is in the collection.').waitFor()
  await page.locator('.collection-groups .collection-item--text', { hasText: 'Also: Café Lumière' }).waitFor()
  await waiting.getByText('No contribution is waiting.').waitFor()

  // A reader with no account, JavaScript off.
  const url = `${web.server.url}/collections/${collectionId}`
  const reader = await readerContext(web.browser)
  const readerPage = await reader.newPage()
  const requested: string[] = []
  readerPage.on('request', (request) => requested.push(request.url()))
  const response = await readerPage.goto(url)
  assert.equal(response?.status(), 200)
  assert.equal(await response?.headerValue('set-cookie'), null)
  await readerPage.getByRole('heading', { name: 'Cafés I love', level: 1 }).waitFor()
  assert.deepEqual(await readerPage.locator('h2.pg-section-title').allTextContents(), ['Lyon', 'Paris'])
  await readerPage.getByText(hostileTitle).waitFor()
  await readerPage.getByText(hostileDescription).waitFor()
  await readerPage.getByText('Try their cortado, near the river.').waitFor()
  await readerPage.getByText('Added by Dan Silva').waitFor()
  await readerPage.getByRole('img', { name: 'The terrace at nine' }).waitFor()
  assert.equal(await readerPage.locator('script').count(), 0)
  assert.equal(await readerPage.getByRole('link', { name: /Kitsuné roastery/ }).getAttribute('href'), `${siteOrigin}/kitsune`)
  const origin = new URL(web.server.url).origin
  assert.deepEqual(requested.filter((r) => new URL(r).origin !== origin), [], 'nothing from elsewhere')
  assert.ok(requested.some((r) => r.includes(`/collections/${collectionId}/media/`)), 'the pictures come from here')
  assert.deepEqual(await reader.cookies(), [])
  const cdp = await reader.newCDPSession(readerPage)
  assert.equal((await cdp.send('Network.getAllCookies')).cookies.length, 0)
  await cdp.detach()
  await fullShot(readerPage, 'collection-public-desktop')
  await reader.close()

  // The same page on a phone, in the dark, and in French.
  for (const [name, options] of [
    ['collection-public-phone', { viewport: 'phone' as const }],
    ['collection-public-desktop-dark', { colorScheme: 'dark' as const }],
    ['collection-public-phone-fr', { viewport: 'phone' as const, locale: 'fr-FR' }],
  ] as const) {
    const context = await readerContext(web.browser, options)
    const other = await context.newPage()
    await other.goto(url)
    await other.getByRole('heading', { name: 'Cafés I love', level: 1 }).waitFor()
    if (name.endsWith('-fr')) await other.getByText('Organisée par Chloé Martin').waitFor()
    await fullShot(other, name)
    assert.deepEqual(await context.cookies(), [])
    await context.close()
  }

  // The app's screens in the dark and in French, and the list.
  const dark = await openAs(web, chloe, `/collections/${collectionId}/edit`, { viewport: 'phone', colorScheme: 'dark' })
  await dark.page.getByRole('heading', { name: 'Cafés I love', level: 1 }).waitFor()
  await dark.page.locator('.collection-item--link img').waitFor()
  await appShot(dark.page, 'collection-curator-phone-dark')
  await appShot(dark.page, 'collection-curator-items-phone-dark', '.collection-groups')
  const french = await openAs(web, chloe, '/collections', { locale: 'fr-FR' })
  await french.page.getByRole('heading', { name: 'Vos collections' }).waitFor()
  await french.page.getByText('1 en attente').or(french.page.getByText('4 éléments')).first().waitFor()
  await screenshot(french.page, 'collections-list-desktop-fr')
  await french.page.getByRole('link', { name: 'Cafés I love' }).click()
  await french.page.getByRole('heading', { name: 'Ajouter à la collection' }).waitFor()
  await appShot(french.page, 'collection-curator-desktop-fr')
  await appShot(french.page, 'collection-curator-add-desktop-fr', 'form.collection-add')

  // Moderation with tact: Chloé hides Dan's contribution with a reason. Dan, whose screen is open,
  // reads it at once, his item with the reason, and asks for a review; Chloé reads the ask as it comes.
  const hideReason = 'Only cafés I have been to, please: take me there first!'
  const hers = page.locator('.collection-groups .collection-item', { hasText: 'Also: Café Lumière' })
  await hers.getByRole('button', { name: 'Hide…' }).click()
  await hers.getByLabel('Why hide it? Everyone reads this reason; its author still sees the item.').fill(hideReason)
  await appShot(page, 'collection-hide-reason-desktop', '.collection-groups .collection-item:has-text("Also: Café Lumière")')
  await hers.getByRole('button', { name: 'Hide', exact: true }).click()
  await hers.getByText(`Hidden by the moderators: ${hideReason}`).waitFor()
  await hers.getByRole('button', { name: 'Show again…' }).waitFor()

  const his = contributor.page.locator('.collection-groups .collection-item', { hasText: 'Also: Café Lumière' })
  await his.getByText(`Hidden by the moderators: ${hideReason}`).waitFor()
  await his.getByText('Try their cortado, near the river.').waitFor()
  await his.getByRole('button', { name: 'Ask for a review' }).waitFor()
  assert.deepEqual(await seriousA11yViolations(contributor.page), [])
  await appShot(contributor.page, 'collection-hidden-item-its-author-sees-phone', '.collection-groups .collection-item:has-text("Also: Café Lumière")')
  await his.getByRole('button', { name: 'Ask for a review' }).click()
  await his.getByText('You asked for a review.').waitFor()
  assert.equal(await his.getByRole('button', { name: 'Ask for a review' }).count(), 0, 'once per hide')
  await appShot(contributor.page, 'collection-review-asked-phone', '.collection-groups .collection-item:has-text("Also: Café Lumière")')

  await hers.getByText('The author asked for a review.').waitFor()
  assert.deepEqual(await seriousA11yViolations(page), [])
  await appShot(page, 'collection-review-requested-desktop', '.collection-groups .collection-item:has-text("Also: Café Lumière")')

  // In French, for Dan; and a reader with no account reads the reason, never the item nor the ask.
  const danFrench = await openAs(web, dan, `/collections/${collectionId}/edit`, { viewport: 'phone', locale: 'fr-FR' })
  const hisFrench = danFrench.page.locator('.collection-groups .collection-item', { hasText: 'Also: Café Lumière' })
  await hisFrench.getByText(`Masqué par les modérateurs : ${hideReason}`).waitFor()
  await hisFrench.getByText('Vous avez demandé un réexamen.').waitFor()
  await appShot(danFrench.page, 'collection-review-asked-phone-fr', '.collection-groups .collection-item:has-text("Also: Café Lumière")')
  const afterHide = await readerContext(web.browser)
  const publicPage = await afterHide.newPage()
  await publicPage.goto(url)
  await publicPage.getByText(`Hidden by the moderators: ${hideReason}`).waitFor()
  const publicText = await publicPage.locator('body').innerText()
  assert.ok(!publicText.includes('Try their cortado') && !publicText.includes('Café Lumière') && !/review/i.test(publicText), 'the reason only')
  await fullShot(publicPage, 'collection-public-hidden-item-desktop')
  await afterHide.close()

  assert.deepEqual([...curator.errors, ...contributor.errors, ...dark.errors, ...french.errors, ...danFrench.errors], [])
  for (const w of [curator, contributor, dark, french, danFrench]) await w.context.close()
})
