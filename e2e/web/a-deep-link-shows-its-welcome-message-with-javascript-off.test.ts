import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { ParloirClient } from '@parloir/client'
import { newContext, seriousA11yViolations, viewports } from './support/browser.ts'
import { repoRoot } from '../support/parloir-process.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn } from './support/people.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

/** A browser with JavaScript turned off, as some readers (and some privacy tools) have it. */
function noScriptContext(browser: Browser, viewport: keyof typeof viewports = 'desktop', colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
  return browser.newContext({ viewport: viewports[viewport], deviceScaleFactor: 1, colorScheme, locale: 'en-US', hasTouch: viewport === 'phone', javaScriptEnabled: false })
}

/** The whole page (these pages scroll as a document), under docs/screenshots/ like the others. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${repoRoot}docs/screenshots/${name}.png`, fullPage: true })
}

/** A 480×240 PNG: the welcome message's picture. */
async function picture(): Promise<Buffer> {
  const width = 480
  const height = 240
  const pixels = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3
      pixels[at] = 120 + Math.round((x / width) * 90)
      pixels[at + 1] = 80 + Math.round((y / height) * 40)
      pixels[at + 2] = 50
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

/** Everything the page could have left in the browser: cookies (both ways of asking) and web storage. */
async function leftovers(context: BrowserContext, page: Page): Promise<{ cookies: number; cdpCookies: number; local: number; session: number }> {
  const cdp = await context.newCDPSession(page)
  const { cookies } = await cdp.send('Network.getAllCookies')
  await cdp.send('DOMStorage.enable')
  const origin = new URL(web.server.url).origin
  const local = await cdp.send('DOMStorage.getDOMStorageItems', { storageId: { securityOrigin: origin, isLocalStorage: true } })
  const session = await cdp.send('DOMStorage.getDOMStorageItems', { storageId: { securityOrigin: origin, isLocalStorage: false } })
  await cdp.detach()
  return { cookies: (await context.cookies()).length, cdpCookies: cookies.length, local: local.entries.length, session: session.entries.length }
}

test('a deep link works with JavaScript off: welcome message, quick replies, prefilled text, nothing stored until the visitor acts, then the conversation', { timeout: 300_000 }, async () => {
  const ada = await logIn(web, 'ada')
  const brandId = (await ada.client.me()).brands[0]?.brand.id
  assert.ok(brandId, 'Ada runs Northwind')
  const northwind: ParloirClient = ada.client.withActAs(brandId)
  const ben = await ada.client.getAccountByHandle('ben')
  const media = await northwind.uploadMedia(await picture(), 'tasting.png')
  const welcome = await ada.client.call('createWelcomeMessage', { params: { brandId }, body: {
    name: 'Spring tasting poster',
    text: 'Welcome to our spring tasting! Pick what brings you here, or write to us. Menu: https://northwind.example/spring',
    mediaId: media.id,
    quickReply: { type: 'options', options: [
      { label: 'Book a tasting', description: 'Saturdays, 10:00 to 16:00', metadata: 'tasting:book' },
      { label: 'Beans for my machine', metadata: 'tasting:beans' },
    ] },
    buttons: [
      { type: 'web_url', label: 'See the menu', url: 'https://northwind.example/spring' },
      { type: 'phone_number', label: 'Call the roastery', phoneNumber: '+33 1 23 45 67 89' },
      { type: 'conversation', label: 'Message Ben', accountId: ben.id },
    ],
  } })
  const prefill = 'Hi! Is the tasting free?'
  const link = `/messages/compose?recipient_id=northwind&welcome_message_id=${welcome.id}&text=${encodeURIComponent(prefill)}&ref=spring_poster`

  const context = await noScriptContext(web.browser)
  const page = await context.newPage()
  const requests: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  const response = await page.goto(`${web.server.url}${link}`)
  assert.equal(response?.status(), 200)
  assert.equal(await page.title(), 'Message Northwind Coffee · Parloir')

  // The welcome message as the brand's first bubble, its choices and buttons, and the text ready to send.
  await page.getByRole('heading', { level: 1, name: /Northwind Coffee/ }).waitFor()
  await page.getByText('Provides support').waitFor()
  await page.getByText('Usually answers within an hour').waitFor()
  await page.getByText(/Welcome to our spring tasting!/).waitFor()
  const choices = page.getByRole('group', { name: 'Answer with one of these choices, or write below' })
  assert.deepEqual(await choices.getByRole('button').allInnerTexts(), ['Book a tasting\nSaturdays, 10:00 to 16:00', 'Beans for my machine'])
  assert.equal(await page.getByRole('link', { name: 'See the menu' }).getAttribute('target'), '_blank')
  assert.equal(await page.getByRole('link', { name: 'Call the roastery' }).getAttribute('href'), 'tel:+33123456789')
  assert.equal(await page.getByRole('link', { name: 'Message Ben' }).getAttribute('href'), `/messages/compose?recipient_id=${ben.id}`)
  assert.equal(await page.getByLabel('Your message').inputValue(), prefill)
  assert.ok(await page.locator('img.pg-media').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 480), 'the welcome picture loads for someone without an account')
  assert.equal(await page.locator('script').count(), 0)

  // Opening the link stored nothing and asked nothing of anyone else.
  assert.deepEqual(await leftovers(context, page), { cookies: 0, cdpCookies: 0, local: 0, session: 0 })
  assert.deepEqual(requests.filter((url) => !url.startsWith(web.server.url)), [])
  assert.equal((await northwind.listConversations()).conversations.filter((c) => c.source === 'spring_poster').length, 0, 'opening the link sent nothing')
  await screenshot(page, 'deep-link-compose-desktop')

  // The visitor presses a choice: the form goes with it, and the conversation opens.
  await choices.getByRole('button', { name: /Book a tasting/ }).click()
  await page.waitForURL(/\/messages\/visitor\/\d+#latest$/)
  const conversationId = /\/messages\/visitor\/(\d+)/.exec(page.url())?.[1] ?? ''
  const thread = page.getByRole('region', { name: 'Your conversation with Northwind Coffee' })
  await thread.getByText(/Welcome to our spring tasting!/).waitFor()
  await thread.getByText('Automatic reply').first().waitFor()
  await thread.getByText(prefill).waitFor()
  await thread.getByText('Chose “Book a tasting”').waitFor()
  const cookies = await context.cookies()
  assert.deepEqual(cookies.map((c) => [c.name, c.path, c.httpOnly, c.sameSite]).sort(), [['parloir_visitor', '/messages/compose', true, 'Lax'], ['parloir_visitor', '/messages/continue', true, 'Lax'], ['parloir_visitor', '/messages/visitor', true, 'Lax']])

  // The brand sees the conversation like any other: from the poster, the welcome message first, the choice's metadata.
  const conversation = await northwind.getConversation(conversationId)
  assert.equal(conversation.source, 'spring_poster')
  const [written, asked] = (await northwind.listMessages(conversationId)).messages
  assert.equal(written?.automation, 'welcome')
  assert.equal(written?.text, welcome.text)
  assert.equal(asked?.text, prefill)
  assert.deepEqual(asked?.quickReplyResponse, { type: 'options', messageId: written?.id, metadata: 'tasting:book' })

  // The brand answers; "Check for answers" shows it.
  await northwind.sendMessage(conversationId, { text: 'Yes, it is free! Which Saturday suits you?', quickReply: { type: 'options', options: [{ label: 'This Saturday', metadata: 'day:this' }, { label: 'Next Saturday', metadata: 'day:next' }] } })
  assert.equal(await thread.getByText('Yes, it is free!').count(), 0)
  await page.getByRole('link', { name: 'Check for answers' }).click()
  await thread.getByText('Yes, it is free! Which Saturday suits you?').waitFor()

  // And the visitor answers from the page, choice and words alike.
  await page.getByRole('button', { name: 'Next Saturday' }).click()
  await thread.locator('.pg-row--mine', { hasText: 'Next Saturday' }).waitFor()
  await page.getByLabel('Reply').fill('See you then ☕')
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await thread.getByText('See you then ☕').waitFor()
  const latest = (await northwind.listMessages(conversationId)).messages.slice(-2)
  assert.deepEqual(latest.map((m) => [m.text, m.quickReplyResponse?.metadata ?? null]), [['Next Saturday', 'day:next'], ['See you then ☕', null]])

  await page.getByLabel('Email', { exact: true }).fill('visitor@example.com')
  await page.getByRole('button', { name: 'Save' }).click()
  await page.getByText('Saved: visitor@example.com.').waitFor()
  await screenshot(page, 'deep-link-visitor-desktop')

  // The visitor's conversation survives a reload; another browser cannot read it.
  await page.reload()
  await thread.getByText('See you then ☕').waitFor()
  const stranger = await noScriptContext(web.browser)
  const strangerPage = await stranger.newPage()
  assert.equal((await strangerPage.goto(`${web.server.url}/messages/visitor/${conversationId}`))?.status(), 404)
  await strangerPage.getByRole('heading', { name: 'No conversation here' }).waitFor()
  await stranger.close()

  // Phone width and the dark theme: the same pages, readable, nothing sideways. axe needs script
  // to run (its checks wait on timers); these pages have none, so they are the same with it on.
  for (const [viewport, colorScheme] of [['desktop', 'light'], ['phone', 'light'], ['phone', 'dark'], ['desktop', 'dark']] as const) {
    const other = await newContext(web.browser, viewport, { colorScheme })
    await other.addCookies(cookies)
    const view = await other.newPage()
    await view.goto(`${web.server.url}${link}`)
    await view.getByText(/Welcome to our spring tasting!/).waitFor()
    assert.ok(await view.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `compose ${viewport} ${colorScheme}: nothing overflows sideways`)
    assert.deepEqual(await seriousA11yViolations(view), [], `compose ${viewport} ${colorScheme}`)
    if (viewport !== 'desktop' || colorScheme !== 'light') await screenshot(view, `deep-link-compose-${viewport}-${colorScheme}`)
    await view.goto(`${web.server.url}/messages/visitor/${conversationId}#latest`)
    await view.getByText('See you then ☕').waitFor()
    assert.ok(await view.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `visitor ${viewport} ${colorScheme}: nothing overflows sideways`)
    assert.deepEqual(await seriousA11yViolations(view), [], `visitor ${viewport} ${colorScheme}`)
    if (viewport !== 'desktop' || colorScheme !== 'light') await screenshot(view, `deep-link-visitor-${viewport}-${colorScheme}`)
    await other.close()
  }
  await context.close()
})

test('a broken deep link says what is wrong and offers to write anyway, with JavaScript off', async () => {
  const context = await noScriptContext(web.browser)
  const page = await context.newPage()
  const missing = await page.goto(`${web.server.url}/messages/compose?recipient_id=nobody_here`)
  assert.equal(missing?.status(), 404)
  await page.getByRole('heading', { name: 'No such account' }).waitFor()
  const badRef = await page.goto(`${web.server.url}/messages/compose?recipient_id=northwind&ref=${'x'.repeat(65)}`)
  assert.equal(badRef?.status(), 400)
  await page.getByRole('link', { name: 'Write to Northwind Coffee anyway' }).click()
  await page.getByLabel('Your message').waitFor()
  assert.deepEqual(await context.cookies(), [])
  await context.close()
})
