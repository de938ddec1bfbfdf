import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirClient } from '@parloir/client'
import type { Browser, BrowserContext, CDPSession, Frame, Page } from 'playwright-core'
import { launchBrowser, screenshot, viewports, watchErrors } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import {
  blockThirdPartyCookies, launchVisitorBrowser, recordRequests, seriousA11yViolationsIn, serveHostSite, storageOf, watchSockets, type HostSite,
} from './support/host-page.ts'

let web: WebFixture
let browser: Browser
let shop: HostSite
let elsewhere: HostSite
let ada: ParloirClient
let northwind: ParloirClient
let brandId: string
let welcomeId: string
let adaId: string
const ref = 'shop-footer'
const allDay = [{ start: '00:00', end: '24:00' }]

before(async () => {
  web = await startWeb({ demo: false })
  browser = await launchVisitorBrowser()
  // The brand is made through the API, as its owner would.
  ada = new ParloirClient({ baseUrl: web.server.url })
  adaId = (await ada.signup({ handle: 'ada', displayName: 'Ada Lovelace', password: 'correct horse battery' })).me.account.id
  brandId = (await ada.createBrand({ handle: 'northwind', displayName: 'Northwind Coffee' })).brand.id
  northwind = ada.withActAs(brandId)
  const welcome = await ada.call('createWelcomeMessage', {
    params: { brandId },
    body: {
      name: 'Shop', text: 'Hello! What can we do for you?', isDefault: true,
      quickReply: { type: 'options', options: [{ label: 'Where is my order?', metadata: 'topic:order' }, { label: 'Our beans', metadata: 'topic:beans' }] },
      buttons: [
        { type: 'web_url', label: 'Track a parcel', url: 'https://northwind.example/track' },
        { type: 'phone_number', label: 'Call us', phoneNumber: '+33 1 23 45 67 89' },
        { type: 'conversation', label: 'Write to our roaster', accountId: adaId },
      ],
    },
  })
  welcomeId = welcome.id
  shop = await serveHostSite({ parloirUrl: web.server.url, brandId, welcomeMessageId: welcomeId, ref })
  elsewhere = await serveHostSite({ parloirUrl: web.server.url, brandId, welcomeMessageId: welcomeId, ref })
  // The shop is on the brand's list of sites; `elsewhere` (same host, another port: another origin) is not.
  await ada.call('updateBrandMessaging', {
    params: { brandId },
    body: {
      embedOrigins: [shop.origin], replyTime: 'hour',
      supportCalendar: { timeZone: 'UTC', weekly: { monday: allDay, tuesday: allDay, wednesday: allDay, thursday: allDay, friday: allDay, saturday: allDay, sunday: allDay }, holidays: [], exceptions: [] },
    },
  })
})
after(async () => {
  await browser?.close()
  await shop?.close()
  await elsewhere?.close()
  await web?.close()
})

interface Visit { context: BrowserContext; page: Page; cdp: CDPSession; requests: string[]; sockets: string[]; errors: string[] }

async function visit(viewport: keyof typeof viewports = 'desktop', options: { locale?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<Visit> {
  const context = await browser.newContext({
    viewport: viewports[viewport], deviceScaleFactor: 1, locale: options.locale ?? 'en-US', colorScheme: options.colorScheme ?? 'light', hasTouch: viewport === 'phone',
  })
  const requests = recordRequests(context)
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await blockThirdPartyCookies(cdp)
  const sockets = await watchSockets(cdp)
  const errors = watchErrors(page)
  return { context, page, cdp, requests, sockets, errors }
}

/** Loads the host page and waits until the loader has run (it fetches nothing after itself). */
async function openShop(v: Visit, site: HostSite): Promise<void> {
  const loaded = v.page.waitForResponse(`${web.server.url}/widget.js`)
  await v.page.goto(site.url)
  await loaded
  await v.page.waitForLoadState('networkidle')
}

/** The chat frame inside the panel, once its app runs. */
async function chatFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[title="Message us"]')
  const frame = await handle.contentFrame()
  assert.ok(frame, 'the panel holds a frame')
  await frame.waitForSelector('.chat')
  return frame
}

test('a visitor chats with the brand from a button on its site: nothing before the click, live answers, the conversation back after a reload', async () => {
  const v = await visit()
  await openShop(v, shop)

  // Before the click: no cookie, no storage, no socket, nothing fetched but the page and widget.js.
  const before = await storageOf(v.page, v.cdp)
  assert.equal(before.cookies, 0)
  assert.deepEqual(before.entries, [{ frame: shop.url, localStorage: 0, sessionStorage: 0, indexedDB: 0, caches: 0 }])
  assert.deepEqual(v.sockets, [])
  assert.deepEqual(v.requests.filter((url) => !url.startsWith(shop.origin)), [`${web.server.url}/widget.js`])
  assert.deepEqual(v.requests.filter((url) => url.startsWith(shop.origin)).map((url) => new URL(url).pathname).sort(), ['/', '/site.css'])
  assert.equal(await v.page.locator('iframe, style, [style]').count(), 0, 'the loader added nothing to the page: no launcher for a first visit')
  assert.equal(v.page.frames().length, 1)

  // The click opens the chat in the page, in a sandboxed frame from Parloir, without leaving the page.
  await v.page.getByRole('link', { name: 'Message us' }).click()
  const frame = await chatFrame(v.page)
  assert.equal(v.page.url(), shop.url)
  const iframe = v.page.locator('iframe[title="Message us"]')
  assert.equal(await iframe.getAttribute('sandbox'), 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox')
  const frameUrl = new URL(frame.url())
  assert.equal(frameUrl.origin, web.server.url)
  assert.equal(frameUrl.pathname, '/widget/frame')
  assert.deepEqual(Object.fromEntries(frameUrl.searchParams), { brand: brandId, welcome: welcomeId, ref })
  assert.equal(await v.page.getByRole('dialog', { name: 'Message us' }).count(), 1)

  // Third-party cookies are blocked: the frame cannot set one (it would be kept were they allowed).
  assert.equal(await frame.evaluate(() => { document.cookie = 'probe=1; SameSite=None; Secure; Path=/'; return document.cookie }), '')

  // The brand's header and its welcome message, with quick replies and buttons.
  await frame.getByRole('heading', { name: 'Northwind Coffee', level: 1 }).waitFor()
  await frame.getByText('Provides support').waitFor()
  await frame.getByText('Open now').waitFor()
  await frame.getByText('Usually answers within an hour').waitFor()
  await frame.getByText('Hello! What can we do for you?').waitFor()
  const track = frame.getByRole('link', { name: 'Track a parcel' })
  assert.equal(await track.getAttribute('href'), 'https://northwind.example/track')
  assert.equal(await track.getAttribute('target'), '_blank')
  assert.match(String(await track.getAttribute('rel')), /\bnoopener\b/)
  assert.equal(await frame.getByRole('link', { name: 'Call us' }).getAttribute('href'), 'tel:+33123456789')
  const roaster = frame.getByRole('link', { name: 'Write to our roaster' })
  assert.equal(await roaster.getAttribute('href'), `${web.server.url}/messages/compose?recipient_id=${adaId}`)
  assert.equal(await roaster.getAttribute('target'), '_blank')
  assert.deepEqual(await seriousA11yViolationsIn(frame), [])
  // The composer has the focus, so the visitor can type at once.
  assert.equal(await frame.evaluate(() => document.activeElement?.id), 'composer')

  // A message posted by the host page itself, or to it, cannot drive the panel: only the frame's count.
  await v.page.evaluate(() => window.postMessage({ parloir: 'close' }, '*'))
  await v.page.waitForTimeout(100)
  assert.equal(await iframe.isVisible(), true)

  // The visitor picks a quick reply, then writes.
  await frame.getByRole('button', { name: 'Where is my order?' }).click()
  await frame.locator('.msg--mine', { hasText: 'Where is my order?' }).waitFor()
  await frame.getByRole('textbox', { name: 'Your message' }).fill('Order 4512, it has been a week.')
  await frame.getByRole('textbox', { name: 'Your message' }).press('Enter')
  await frame.locator('.msg--mine[data-state="sent"]', { hasText: 'Order 4512' }).waitFor()

  // The team sees it like any other conversation, attributed to the button.
  const conversation = (await northwind.listConversations({ box: 'requests' })).conversations.concat((await northwind.listConversations()).conversations)
    .find((c) => c.source === ref)
  assert.ok(conversation, 'the brand has the conversation, from the shop footer')
  const messages = (await northwind.listMessages(conversation.id)).messages
  assert.deepEqual(messages.map((m) => [m.text, m.automation]), [
    ['Hello! What can we do for you?', 'welcome'], ['Where is my order?', null], ['Order 4512, it has been a week.', null],
  ])
  assert.equal(messages[1]?.quickReplyResponse?.metadata, 'topic:order')
  assert.equal(messages[1]?.quickReplyResponse?.messageId, messages[0]?.id)
  const visitor = conversation.participants.find((p) => p.account.id !== brandId)?.account
  assert.equal(visitor?.kind, 'visitor')

  // The agent answers as the brand; the answer arrives in the open panel by itself.
  await northwind.sendMessage(conversation.id, 'It left the roastery this morning, it will be with you tomorrow.')
  await frame.locator('.msg--theirs', { hasText: 'It left the roastery this morning' }).waitFor({ timeout: 10_000 })

  // The visitor leaves an email address to be told of answers.
  await frame.getByLabel('Email address (optional)').fill('chloe@example.com')
  await frame.getByRole('button', { name: 'Save' }).click()
  await frame.getByText('Saved: chloe@example.com.').waitFor()

  // The token stayed in the frame: in no URL (requests and sockets), and in storage of Parloir's origin only.
  const stored = await frame.evaluate(() => Object.keys(localStorage))
  assert.deepEqual(stored, [`parloir.widget.${brandId}`])
  const token = await frame.evaluate((key) => (JSON.parse(localStorage.getItem(key) ?? '{}') as { token: string }).token, stored[0] ?? '')
  assert.ok(token.length >= 16)
  for (const url of v.requests) assert.ok(!url.includes(token), `a request URL carries the token: ${url}`)
  // On the host site, one flag once the visitor has written: a conversation exists with this brand (no id).
  const hostStorage = await v.page.evaluate(() => [Object.entries(localStorage), sessionStorage.length])
  assert.deepEqual(hostStorage, [[[`parloir.conversation.${brandId}`, '1']], 0], "one flag in the host site's own storage")
  assert.equal((await storageOf(v.page, v.cdp)).cookies, 0, 'still no cookie anywhere')

  assert.deepEqual(await seriousA11yViolationsIn(frame), [])
  await screenshot(v.page, 'widget-panel-desktop')

  // Escape in the frame closes the panel and gives the focus back to the link; the launcher stays, with nothing unread.
  await frame.getByRole('textbox', { name: 'Your message' }).press('Escape')
  await iframe.waitFor({ state: 'hidden' })
  assert.equal(await v.page.evaluate(() => document.activeElement?.textContent), 'Message us')
  const launcher = v.page.getByRole('button', { name: /^Open the chat/ })
  await launcher.waitFor()
  assert.equal(await launcher.getAttribute('aria-label'), 'Open the chat')
  assert.equal(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(47, 93, 80)', 'the chat\'s accent, light')

  // An answer while the panel is closed is counted on the launcher, not read.
  await northwind.sendMessage(conversation.id, 'One more thing: it needs a signature.')
  await v.page.getByRole('button', { name: 'Open the chat (1 unread message)' }).waitFor({ timeout: 10_000 })
  assert.equal((await northwind.listMessages(conversation.id)).messages.at(-1)?.text, 'One more thing: it needs a signature.')

  // A reload of the host page: a returning visitor (the flag) gets the frame at once, unseen, for the badge.
  await v.page.reload()
  await v.page.waitForLoadState('networkidle')
  await v.page.getByRole('button', { name: 'Open the chat (1 unread message)' }).waitFor({ timeout: 10_000 })
  assert.equal(await iframe.isVisible(), false, 'the panel stays closed')
  await screenshot(v.page, 'widget-launcher-badge-desktop')
  await v.page.getByRole('button', { name: 'Open the chat (1 unread message)' }).click()
  const again = await chatFrame(v.page)
  await again.locator('.msg--theirs', { hasText: 'One more thing: it needs a signature.' }).waitFor()
  await v.page.getByRole('button', { name: 'Open the chat' }).waitFor({ state: 'hidden' })
  await again.locator('.msg--theirs', { hasText: 'It left the roastery this morning' }).waitFor()
  await again.locator('.msg--mine', { hasText: 'Order 4512, it has been a week.' }).waitFor()
  await again.getByText('Saved: chloe@example.com.').waitFor()
  // Live again after the reload: a second answer arrives by itself.
  await northwind.sendMessage(conversation.id, 'Tracking number: 4512-NW.')
  await again.locator('.msg--theirs', { hasText: 'Tracking number: 4512-NW.' }).waitFor({ timeout: 10_000 })
  await again.getByRole('textbox', { name: 'Your message' }).fill('Thank you!')
  await again.getByRole('button', { name: 'Send' }).click()
  await again.locator('.msg--mine[data-state="sent"]', { hasText: 'Thank you!' }).waitFor()
  assert.equal((await northwind.listMessages(conversation.id)).messages.at(-1)?.text, 'Thank you!')

  // The host's close button closes it too; what was read while open no longer counts.
  await v.page.getByRole('button', { name: 'Close the chat' }).click()
  await iframe.waitFor({ state: 'hidden' })
  await v.page.getByRole('button', { name: 'Open the chat', exact: true }).waitFor()
  assert.deepEqual(v.errors, [])
  await v.context.close()
})

test('on a phone the chat takes the whole screen, in French and dark when the visitor prefers them', async () => {
  const v = await visit('phone', { locale: 'fr-FR', colorScheme: 'dark' })
  await openShop(v, shop)
  await v.page.getByRole('link', { name: 'Message us' }).click()
  const frame = await chatFrame(v.page)
  await frame.getByText('Hello! What can we do for you?').waitFor()
  await frame.getByText('Assure l’assistance').waitFor()
  await frame.getByText('Ouvert en ce moment').waitFor()
  await frame.getByText('Répond généralement en une heure').waitFor()
  await frame.getByRole('textbox', { name: 'Votre message' }).waitFor()
  assert.equal(await frame.evaluate(() => document.documentElement.lang), 'fr')
  // On a touch screen the brand's name takes the focus, not the composer (no keyboard over the welcome message).
  assert.equal(await frame.evaluate(() => document.activeElement?.textContent), 'Northwind Coffee')
  await v.page.getByRole('button', { name: 'Fermer la discussion' }).waitFor()
  const box = await v.page.locator('iframe[title="Message us"]').boundingBox()
  assert.deepEqual(box, { x: 0, y: 0, width: viewports.phone.width, height: viewports.phone.height })
  assert.ok(await frame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing overflows sideways')
  assert.deepEqual(await seriousA11yViolationsIn(frame), [])
  await screenshot(v.page, 'widget-panel-phone-dark-fr')
  assert.deepEqual(v.errors, [])
  await v.context.close()
})

test('the header says the hours and the usual answer time on desktop, phone, dark and French; the launcher follows dark too', async () => {
  const variants = [['desktop', 'desktop', 'en-US', 'light'], ['phone', 'phone', 'en-US', 'light'], ['desktop-dark', 'desktop', 'en-US', 'dark'], ['desktop-fr', 'desktop', 'fr-FR', 'light']] as const
  for (const [name, viewport, locale, colorScheme] of variants) {
    const v = await visit(viewport, { locale, colorScheme })
    await openShop(v, shop)
    await v.page.getByRole('link', { name: 'Message us' }).click()
    const frame = await chatFrame(v.page)
    const fr = locale === 'fr-FR'
    await frame.getByText(fr ? 'Ouvert en ce moment' : 'Open now').waitFor()
    await frame.getByText(fr ? 'Répond généralement en une heure' : 'Usually answers within an hour').waitFor()
    await screenshot(v.page, `widget-header-hours-${name}`)
    if (colorScheme === 'dark') {
      // The launcher, drawn by the loader through the CSSOM only, in the chat's dark palette; it follows a change of preference.
      await frame.getByRole('textbox', { name: 'Your message' }).fill('Do you ship to Lyon?')
      await frame.getByRole('textbox', { name: 'Your message' }).press('Enter')
      await frame.locator('.msg--mine[data-state="sent"]', { hasText: 'Do you ship to Lyon?' }).waitFor()
      await frame.getByRole('textbox', { name: 'Your message' }).press('Escape')
      const launcher = v.page.getByRole('button', { name: 'Open the chat', exact: true })
      await launcher.waitFor()
      const colours = () => launcher.evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color])
      assert.deepEqual(await colours(), ['rgb(127, 195, 173)', 'rgb(14, 29, 24)'])
      await screenshot(v.page, 'widget-launcher-desktop-dark')
      await v.page.emulateMedia({ colorScheme: 'light' })
      // The loader hears the change as an event: wait for it, then look.
      await v.page.waitForFunction(() => getComputedStyle(document.querySelector('button[aria-label="Open the chat"]') as Element).backgroundColor === 'rgb(47, 93, 80)')
      assert.deepEqual(await colours(), ['rgb(47, 93, 80)', 'rgb(255, 255, 255)'])
      assert.equal(await v.page.locator('style').count(), 0, 'still no <style> on the host page')
    }
    assert.deepEqual(v.errors, [])
    await v.context.close()
  }
})

test('a site the brand did not list cannot show the chat: the frame stays empty, the panel offers the full page', async () => {
  const v = await visit()
  const refused: string[] = []
  v.page.on('console', (message) => { if (/frame-ancestors/.test(message.text())) refused.push(message.text()) })
  await openShop(v, elsewhere)
  await v.page.getByRole('link', { name: 'Message us' }).click()
  const handle = await v.page.waitForSelector('iframe[title="Message us"]')
  // The browser refuses to render Parloir's page in it.
  const deadline = Date.now() + 5_000
  let frame = await handle.contentFrame()
  while (Date.now() < deadline && !frame?.url().startsWith('chrome-error:')) {
    await v.page.waitForTimeout(100)
    frame = await handle.contentFrame()
  }
  assert.equal(frame?.url(), 'chrome-error://chromewebdata/')
  assert.equal(await frame?.locator('.chat').count(), 0, 'the chat app is not in the frame')
  assert.ok(refused.some((text) => text.includes(elsewhere.origin) || text.includes('frame-ancestors')), `Chromium said why: ${refused.join(' | ')}`)
  // Without the frame's "ready", the panel offers the page on Parloir instead.
  const fallback = v.page.getByRole('link', { name: 'The chat cannot open here: open it in a new tab' })
  await fallback.waitFor({ timeout: 12_000 })
  assert.equal(await fallback.getAttribute('href'), `${web.server.url}/messages/compose?recipient_id=${brandId}&welcome_message_id=${welcomeId}&ref=${ref}`)
  await v.context.close()
})

test('where the browser gives the frame no storage at all, the chat still works for the page view', async () => {
  // Playwright's default Chromium turns storage partitioning off: a third-party frame then gets no storage.
  const bare = await launchBrowser()
  try {
    const context = await bare.newContext({ viewport: viewports.desktop, locale: 'en-US' })
    const page = await context.newPage()
    const errors = watchErrors(page)
    await page.goto(shop.url)
    await page.getByRole('link', { name: 'Message us' }).click()
    const frame = await chatFrame(page)
    assert.equal(await frame.evaluate(() => { try { return typeof localStorage.length } catch { return 'denied' } }), 'denied')
    await frame.getByRole('textbox', { name: 'Your message' }).fill('Do you ship to Belgium?')
    await frame.getByRole('button', { name: 'Send' }).click()
    await frame.locator('.msg--mine[data-state="sent"]', { hasText: 'Do you ship to Belgium?' }).waitFor()
    const conversation = (await northwind.listConversations({ box: 'requests' })).conversations.concat((await northwind.listConversations()).conversations)
      .find((c) => c.lastMessage?.text === 'Do you ship to Belgium?')
    assert.ok(conversation)
    await northwind.sendMessage(conversation.id, 'We do, in two days.')
    await frame.locator('.msg--theirs', { hasText: 'We do, in two days.' }).waitFor({ timeout: 10_000 })
    assert.deepEqual(errors, [])
    await context.close()
  } finally {
    await bare.close()
  }
})
