import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import { ParloirApiError, ParloirClient } from '@parloir/client'
import { newContext, screenshot, seriousA11yViolations, watchErrors } from './support/browser.ts'
import { demoPassword, startWeb, type WebFixture } from './support/fixture.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

async function logIn(page: Page, handle: string, next: string): Promise<void> {
  await page.goto(`${web.server.url}/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel('Handle').fill(handle)
  await page.getByLabel('Password').fill(demoPassword)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(`${web.server.url}${next}`)
}

/** A profile picture made on the spot: rings on a green square, as a PNG. */
function picture(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">
    <rect width="256" height="256" fill="#2f5d50"/><circle cx="128" cy="128" r="84" fill="#f3d27a"/>
    <circle cx="128" cy="128" r="44" fill="#a12a1f"/></svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

test('dan turns off read receipts and messages from anyone, renames himself, adds a picture, logs out another device, and picks dark and French', async () => {
  // Dan once opened his messages to anyone, and is also logged in from a script elsewhere.
  const elsewhere = new ParloirClient({ baseUrl: web.server.url })
  await elsewhere.login({ handle: 'dan', password: demoPassword })
  await elsewhere.updateSettings({ receiveMessagesFromAnyone: true })

  const context = await newContext(web.browser)
  const page = await context.newPage()
  const errors = watchErrors(page)
  await logIn(page, 'dan', '/settings')
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()

  const anyone = page.getByRole('switch', { name: 'Receive messages from anyone' })
  const receipts = page.getByRole('switch', { name: 'Send read receipts' })
  assert.equal(await anyone.isChecked(), true)
  assert.equal(await receipts.isChecked(), true)
  await receipts.click()
  await page.getByRole('status').filter({ hasText: 'Privacy settings saved.' }).waitFor()
  await anyone.press('Space')
  await page.getByRole('status').filter({ hasText: 'Privacy settings saved.' }).waitFor()
  assert.deepEqual((await elsewhere.me()).settings, { receiveMessagesFromAnyone: false, sendReadReceipts: false, discoverable: false })
  // Found by name in "New message" only once he says so: off until then.
  const findable = page.getByRole('switch', { name: 'Let people find me by my name and handle in search' })
  assert.equal(await findable.isChecked(), false)
  await findable.click()
  await page.getByRole('status').filter({ hasText: 'Privacy settings saved.' }).waitFor()
  assert.equal((await elsewhere.me()).settings.discoverable, true)

  await page.getByLabel('Display name').fill('Dan “Espresso” Silva')
  await page.getByLabel('Bio').fill('Two shots, no sugar.')
  await page.getByRole('button', { name: 'Save profile' }).click()
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()

  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Choose a picture' }).click()
  await (await chooser).setFiles({ name: 'dan.png', mimeType: 'image/png', buffer: await picture() })
  await page.getByRole('status').filter({ hasText: 'Profile picture updated.' }).waitFor()
  const avatar = page.getByRole('img', { name: 'Your profile picture' })
  assert.match(await avatar.getAttribute('src') ?? '', /^\/api\/v1\/media\/\d+$/)
  assert.ok(await avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the picture loads under the page CSP')

  // Two sessions: this browser and the script. Log the script out.
  const sessions = page.getByRole('list').filter({ has: page.getByRole('button', { name: 'Log out this device' }) }).getByRole('listitem')
  await sessions.nth(1).waitFor()
  assert.equal(await sessions.count(), 2)
  const script = sessions.filter({ hasNot: page.getByText('This device', { exact: true }) })
  assert.match(await script.innerText(), /node/i, 'the script shows as its user agent')
  await script.getByRole('button', { name: 'Log out this device' }).click()
  await page.getByRole('status').filter({ hasText: 'That device is logged out.' }).waitFor()
  await assert.rejects(elsewhere.me(), (error) => error instanceof ParloirApiError && error.status === 401)

  await page.reload()
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
  assert.equal(await page.getByRole('switch', { name: 'Receive messages from anyone' }).isChecked(), false)
  assert.equal(await page.getByRole('switch', { name: 'Send read receipts' }).isChecked(), false)
  assert.equal(await page.getByLabel('Display name').inputValue(), 'Dan “Espresso” Silva')
  assert.equal(await page.getByLabel('Bio').inputValue(), 'Two shots, no sugar.')
  await page.getByRole('img', { name: 'Your profile picture' }).waitFor()
  assert.deepEqual(await seriousA11yViolations(page), [], 'settings, light')
  await screenshot(page, 'settings-desktop')

  await page.getByRole('radio', { name: 'Dark' }).check()
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark')
  assert.deepEqual(await seriousA11yViolations(page), [], 'settings, dark')
  await page.getByRole('radio', { name: 'Français' }).check()
  await page.getByRole('heading', { name: 'Réglages', level: 1 }).waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr')

  // Both choices belong to this device and outlive a reload.
  await page.reload()
  await page.getByRole('heading', { name: 'Réglages', level: 1 }).waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark')
  assert.equal(await page.getByRole('radio', { name: 'Sombre' }).isChecked(), true)
  assert.deepEqual(await seriousA11yViolations(page), [], 'settings, dark, French')
  await screenshot(page, 'settings-desktop-dark-fr')
  // The privacy switches, below the fold: the one for people search among them, on and in French.
  const privacy = page.getByRole('switch', { name: 'Permettre qu’on me trouve par mon nom et mon identifiant dans la recherche' })
  assert.equal(await privacy.isChecked(), true)
  await privacy.scrollIntoViewIfNeeded()
  await screenshot(page, 'settings-privacy-desktop-dark-fr')
  assert.deepEqual(errors, [])
  await context.close()
})

test('settings fit a phone and pass axe, in light and dark', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await newContext(web.browser, 'phone', { colorScheme })
    const page = await context.newPage()
    const errors = watchErrors(page)
    await logIn(page, 'chloe', '/settings')
    await page.getByRole('button', { name: 'Log out this device' }).first().waitFor()
    assert.deepEqual(await seriousA11yViolations(page), [], colorScheme)
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing overflows sideways')
    if (colorScheme === 'light') await screenshot(page, 'settings-phone')
    assert.deepEqual(errors, [])
    await context.close()
  }
})
