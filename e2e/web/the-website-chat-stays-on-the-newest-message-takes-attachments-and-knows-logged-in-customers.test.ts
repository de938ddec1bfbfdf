import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import { ParloirClient } from '@parloir/client'
import { signIdentity } from '@parloir/core'
import type { Browser, Frame, Page } from 'playwright-core'
import { screenshot, viewports, watchErrors } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { blockThirdPartyCookies, launchVisitorBrowser, serveHostSite, type HostSite } from './support/host-page.ts'

let web: WebFixture
let browser: Browser
let shop: HostSite
let signedShop: HostSite
let expiredShop: HostSite
let forgedShop: HostSite
let northwind: ParloirClient
let brandId: string
let secret = ''
const closed = { timeZone: 'UTC', weekly: { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] }, holidays: [], exceptions: [] }
const awayText = 'We are away right now. We read every message when we are back, and answer here and by email if you leave your address below.'
const customer = 'shop-customer-1042'

before(async () => {
  web = await startWeb({ demo: false })
  browser = await launchVisitorBrowser()
  const ada = new ParloirClient({ baseUrl: web.server.url })
  await ada.signup({ handle: 'ada', displayName: 'Ada Lovelace', password: 'correct horse battery' })
  brandId = (await ada.createBrand({ handle: 'northwind', displayName: 'Northwind Coffee' })).brand.id
  northwind = ada.withActAs(brandId)
  await ada.call('createWelcomeMessage', {
    params: { brandId },
    body: {
      name: 'Shop', text: 'Hello! What can we do for you? Tell us your order number if it is about an order.', isDefault: true,
      buttons: [
        { type: 'web_url', label: 'Track a parcel', url: 'https://northwind.example/track' },
        { type: 'web_url', label: 'Returns and refunds', url: 'https://northwind.example/returns' },
        { type: 'web_url', label: 'Opening hours of the shop', url: 'https://northwind.example/hours' },
      ],
    },
  })
  // The brand's server signs its logged-in customer on each page (docs/api.md, identity verification).
  secret = (await ada.call('regenerateIdentitySecret', { params: { brandId } })).secret
  const now = () => Math.floor(Date.now() / 1000)
  shop = await serveHostSite({ parloirUrl: web.server.url, brandId })
  signedShop = await serveHostSite({ parloirUrl: web.server.url, brandId, identity: () => ({ userId: customer, timestamp: now(), signature: signIdentity(secret, customer, now()) }) })
  expiredShop = await serveHostSite({ parloirUrl: web.server.url, brandId, identity: () => ({ userId: customer, timestamp: now() - 11 * 60, signature: signIdentity(secret, customer, now() - 11 * 60) }) })
  forgedShop = await serveHostSite({ parloirUrl: web.server.url, brandId, identity: () => ({ userId: customer, timestamp: now(), signature: signIdentity('0'.repeat(64), customer, now()) }) })
  await ada.call('updateBrandMessaging', {
    params: { brandId },
    body: { embedOrigins: [shop.origin, signedShop.origin, expiredShop.origin, forgedShop.origin], supportCalendar: closed, awayMessage: { enabled: true, text: awayText } },
  })
})
after(async () => {
  await browser?.close()
  for (const site of [shop, signedShop, expiredShop, forgedShop]) await site?.close()
  await web?.close()
})

async function open(site: HostSite, viewport: keyof typeof viewports, options: { locale?: string; colorScheme?: 'light' | 'dark' } = {}) {
  const context = await browser.newContext({ viewport: viewports[viewport], deviceScaleFactor: 1, locale: options.locale ?? 'en-US', colorScheme: options.colorScheme ?? 'light', hasTouch: viewport === 'phone' })
  const page = await context.newPage()
  await blockThirdPartyCookies(await context.newCDPSession(page))
  const errors = watchErrors(page)
  // The frame exchanges the page's signature (if any) once it is ready; the answer is kept from the start.
  const identified = page.waitForResponse((r) => r.url().endsWith('/api/v1/visitors/identify')).catch(() => undefined)
  await page.goto(site.url)
  await page.getByRole('link', { name: 'Message us' }).click()
  const handle = await page.waitForSelector('iframe[title="Message us"]')
  const frame = await handle.contentFrame()
  assert.ok(frame)
  await frame.waitForSelector('.chat')
  return { context, page, frame, errors, identified }
}

/** The log is scrolled to its end, and `text`'s bubble is wholly inside the log's box. */
async function assertNewestInView(frame: Frame, text: string): Promise<void> {
  const bubble = frame.locator('.msg', { hasText: text }).last()
  await bubble.waitFor({ timeout: 10_000 })
  // The log follows in the frame that comes after a layout change: wait for it, then measure.
  await frame.waitForFunction(() => {
    const log = document.querySelector('.log')
    return log !== null && log.scrollHeight - log.scrollTop - log.clientHeight < 2
  }, undefined, { timeout: 5_000 })
  // Measured until it holds, for 5 s: a re-render may swap the bubble's node between the wait and
  // the measure (a gate beside another once read no box at all), and that is not "out of view".
  const deadline = Date.now() + 5_000
  for (;;) {
    const [logBox, bubbleBox] = await Promise.all([frame.locator('.log').boundingBox(), bubble.boundingBox()])
    if (logBox && bubbleBox && bubbleBox.y >= logBox.y - 1 && bubbleBox.y + bubbleBox.height <= logBox.y + logBox.height + 1) return
    if (Date.now() > deadline) assert.fail(`"${text}" is not wholly in view: ${JSON.stringify({ logBox, bubbleBox })}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function conversationOf(text: string): Promise<string> {
  const all = (await northwind.listConversations({ box: 'requests' })).conversations.concat((await northwind.listConversations()).conversations)
  const found = all.find((c) => c.lastMessage?.text === text || c.lastMessage?.text === awayText || c.lastMessage?.attachment?.fileName === text)
  assert.ok(found, `the brand has the conversation of "${text}"`)
  return found.id
}

for (const viewport of ['desktop', 'phone'] as const) {
  test(`on ${viewport}, the log keeps the newest message in view after the email bar appears and when the agent answers`, async () => {
    const v = await open(shop, viewport)
    const input = v.frame.getByRole('textbox', { name: 'Your message' })
    const first = `My order 4512 has not arrived (${viewport}).`
    await input.fill(first)
    await input.press('Enter')
    // The first send brings the email bar under the log and the away message into it.
    await v.frame.getByLabel('Email address (optional)').waitFor()
    await assertNewestInView(v.frame, awayText)
    const conversationId = await conversationOf(first)
    for (let i = 1; i <= 3; i++) {
      await input.fill(`Another detail, number ${i}.`)
      await input.press('Enter')
      await v.frame.locator('.msg--mine[data-state="sent"]', { hasText: `number ${i}.` }).waitFor()
    }
    await northwind.sendMessage(conversationId, 'Sorry for the wait! It left the roastery this morning and will be with you tomorrow before noon.')
    await assertNewestInView(v.frame, 'It left the roastery this morning')
    // Scrolled up to read, the visitor is not pulled down by an answer; back at the bottom, it follows again.
    await v.frame.locator('.log').evaluate((log) => { log.scrollTop = 0 })
    await northwind.sendMessage(conversationId, 'The tracking number is 4512-NW.')
    await v.frame.locator('.msg', { hasText: '4512-NW' }).waitFor()
    assert.equal(await v.frame.locator('.log').evaluate((log) => log.scrollTop), 0)
    await v.frame.locator('.log').evaluate((log) => { log.scrollTop = log.scrollHeight })
    await northwind.sendMessage(conversationId, 'Anything else?')
    await assertNewestInView(v.frame, 'Anything else?')
    // A layout change with no new message (a phone's keyboard opening, a window made shorter): still the newest in view.
    const size = viewports[viewport]
    await v.page.setViewportSize({ width: size.width, height: size.height - 300 })
    await assertNewestInView(v.frame, 'Anything else?')
    await v.page.setViewportSize(size)
    await assertNewestInView(v.frame, 'Anything else?')
    // Times and a day separator, in the visitor's language.
    await v.frame.getByRole('separator', { name: 'Today' }).waitFor()
    assert.ok(await v.frame.locator('.msg time').count() >= 6)
    await screenshot(v.page, `widget-log-pinned-${viewport}`)
    if (viewport === 'desktop') {
      await v.frame.getByRole('separator', { name: 'Today' }).scrollIntoViewIfNeeded()
      await screenshot(v.page, 'widget-log-day-separator-desktop')
    }
    assert.deepEqual(v.errors, [])
    await v.context.close()
  })
}

test('a picture and a file sent from the widget reach the agent, shown as a thumbnail and a link (French, dark, phone)', async () => {
  const v = await open(shop, 'phone', { locale: 'fr-FR', colorScheme: 'dark' })
  const input = v.frame.getByRole('textbox', { name: 'Votre message' })
  // Files go into a conversation that exists: no attach button before the first message.
  assert.equal(await v.frame.getByRole('button', { name: 'Joindre une image ou un fichier' }).isVisible(), false)
  await input.fill('Voici la photo du colis abîmé.')
  await input.press('Enter')
  const attach = v.frame.getByRole('button', { name: 'Joindre une image ou un fichier' })
  await attach.waitFor()
  const picture = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 180, g: 120, b: 60 } } }).png().toBuffer()
  const chooser = v.frame.page().waitForEvent('filechooser')
  await attach.click()
  await (await chooser).setFiles([{ name: 'colis.png', mimeType: 'image/png', buffer: picture }])
  const image = v.frame.locator('.msg--mine img.msg__image[alt="colis.png"]')
  await image.waitFor()
  await v.frame.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('.msg--mine img.msg__image')
    return img !== null && img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0
  })
  await v.frame.locator('#attach').setInputFiles([{ name: 'facture.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1') }])
  await v.frame.getByRole('link', { name: 'Pièce jointe : facture.pdf' }).waitFor()
  await assertNewestInView(v.frame, 'facture.pdf')

  const conversationId = await conversationOf('facture.pdf')
  const messages = (await northwind.listMessages(conversationId)).messages
  const attachments = messages.flatMap((m) => m.attachment ? [[m.attachment.kind, m.attachment.fileName]] : [])
  assert.deepEqual(attachments, [['image', 'colis.png'], ['file', 'facture.pdf']])
  const png = messages.find((m) => m.attachment?.fileName === 'colis.png')?.attachment
  assert.ok(png)
  const agentSees = await fetch(`${web.server.url}${png.url}`, { headers: { authorization: `Bearer ${northwind.token}` } })
  assert.equal(agentSees.status, 200)
  assert.equal(agentSees.headers.get('content-type'), 'image/png')
  await v.frame.getByRole('separator', { name: 'Aujourd’hui' }).waitFor()
  await screenshot(v.page, 'widget-attachments-phone-dark-fr')
  // Closed, the chat leaves its launcher; an answer meanwhile shows on its badge, in French.
  await v.frame.getByRole('textbox', { name: 'Votre message' }).press('Escape')
  await northwind.sendMessage(conversationId, 'Merci, nous envoyons un nouveau colis aujourd’hui.')
  await v.page.getByRole('button', { name: 'Ouvrir la discussion (1 message non lu)' }).waitFor({ timeout: 10_000 })
  await screenshot(v.page, 'widget-launcher-badge-phone-fr')
  assert.deepEqual(v.errors, [])
  await v.context.close()
})

async function visibleMessages(frame: Frame): Promise<string[]> {
  return frame.locator('.msg .msg__text').allTextContents()
}

test('a logged-in customer of the brand is the same visitor on every device; an expired or forged signature is not', async () => {
  // On the laptop, the customer writes: the widget links this visitor to them.
  const laptop = await open(signedShop, 'desktop')
  await laptop.frame.getByRole('textbox', { name: 'Your message' }).fill('Hello, it is about my subscription.')
  await laptop.frame.getByRole('textbox', { name: 'Your message' }).press('Enter')
  await laptop.frame.locator('.msg--mine[data-state="sent"]', { hasText: 'my subscription' }).waitFor()
  const conversationId = await conversationOf('Hello, it is about my subscription.')
  await northwind.sendMessage(conversationId, 'Happy to help with your subscription.')
  await laptop.frame.locator('.msg--theirs', { hasText: 'Happy to help' }).waitFor({ timeout: 10_000 })

  // The phone (another browser, nothing stored) opens the chat: the same conversation, signed in.
  const phone = await open(signedShop, 'phone')
  await phone.frame.locator('.msg--theirs', { hasText: 'Happy to help with your subscription.' }).waitFor({ timeout: 10_000 })
  await phone.frame.locator('.msg--mine', { hasText: 'Hello, it is about my subscription.' }).waitFor()
  await phone.frame.getByRole('textbox', { name: 'Your message' }).fill('Sent from my phone.')
  await phone.frame.getByRole('textbox', { name: 'Your message' }).press('Enter')
  await phone.frame.locator('.msg--mine[data-state="sent"]', { hasText: 'Sent from my phone.' }).waitFor()
  assert.equal((await northwind.listMessages(conversationId)).messages.at(-1)?.text, 'Sent from my phone.')
  await laptop.frame.locator('.msg--mine', { hasText: 'Sent from my phone.' }).waitFor({ timeout: 10_000 })

  // Pages signed 11 minutes ago, or with another key, open an anonymous chat: nothing of the customer's.
  for (const site of [expiredShop, forgedShop]) {
    const stranger = await open(site, 'desktop')
    const response = await stranger.identified
    assert.ok(response, 'the frame asked')
    assert.equal(response.status(), 401)
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, site === expiredShop ? 'IDENTITY_SIGNATURE_EXPIRED' : 'IDENTITY_SIGNATURE_INVALID')
    await stranger.frame.getByText('Hello! What can we do for you?', { exact: false }).waitFor()
    assert.deepEqual((await visibleMessages(stranger.frame)).filter((t) => /subscription|phone/.test(t)), [])
    await stranger.context.close()
  }
  for (const device of [laptop, phone]) {
    assert.deepEqual(device.errors, [])
    await device.context.close()
  }
})

export type { Page }
