import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import { screenshot } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs } from './support/people.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

/** A 640×400 PNG: a gradient, so it is a real picture with a real thumbnail. */
async function picture(): Promise<Buffer> {
  const width = 640
  const height = 400
  const pixels = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3
      pixels[at] = Math.round((x / width) * 255)
      pixels[at + 1] = 120
      pixels[at + 2] = Math.round((y / height) * 255)
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

test('an image is uploaded with progress, sent, and opened full size in the viewer; a file downloads', async () => {
  const chloe = await logIn(web, 'chloe')
  const conversation = (await chloe.client.listConversations()).conversations.find((c) => c.participants.some((p) => p.account.handle === 'northwind'))
  assert.ok(conversation)
  const chloes = await openAs(web, chloe, `/c/${conversation.id}`)
  const { page } = chloes
  await page.getByRole('textbox', { name: 'Message' }).waitFor()

  await page.locator('input[type="file"]').setInputFiles({ name: 'latte-art.png', mimeType: 'image/png', buffer: await picture() })
  await page.getByText('Ready to send').waitFor()
  await page.getByRole('textbox', { name: 'Message' }).fill('My latte this morning')
  await page.getByRole('button', { name: 'Send', exact: true }).click()

  const open = page.getByRole('button', { name: 'Open the image from You' })
  await open.waitFor()
  await page.getByText('Sending…').waitFor({ state: 'hidden' })
  const thumbnail = open.locator('img')
  await page.waitForFunction((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0, await thumbnail.elementHandle())
  assert.match(await thumbnail.getAttribute('src') ?? '', /^\/api\/v1\/media\/\d+(\/thumbnail)?$/)

  await open.click()
  const viewer = page.getByRole('dialog', { name: 'Image from You' })
  const full = viewer.getByRole('img', { name: /Image sent by You/ })
  await full.waitFor()
  const natural = await page.waitForFunction((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0 ? img.naturalWidth : 0, await full.elementHandle())
  assert.equal(await natural.jsonValue(), 640, 'the full image, not the thumbnail')
  assert.ok(await viewer.getByRole('link', { name: 'Download' }).getAttribute('download'))
  await screenshot(page, 'messenger-image-viewer-desktop')
  await page.keyboard.press('Escape')
  await viewer.waitFor({ state: 'hidden' })
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Open the image from You', 'focus returns to the thumbnail')

  // A file that is not a picture is a download.
  await page.locator('input[type="file"]').setInputFiles({ name: 'order-4512.txt', mimeType: 'text/plain', buffer: Buffer.from('Order 4512: 1 kg Ethiopia Guji, whole beans.\n') })
  await page.getByText('Ready to send').waitFor()
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  const file = page.getByRole('region', { name: 'Message history' }).getByRole('link', { name: /order-4512\.txt/ })
  await file.waitFor()
  assert.equal(await file.getAttribute('download'), 'order-4512.txt')

  assert.deepEqual(chloes.errors, [])
  await chloes.context.close()
})
