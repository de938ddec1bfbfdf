import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirClient } from '@parloir/client'
import { newContext, screenshot, seriousA11yViolations, watchErrors } from './support/browser.ts'
import { demoPassword, startWeb, type WebFixture } from './support/fixture.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

test('a visitor opens /@northwind, presses Message, logs in and lands in the conversation with the brand', async () => {
  const context = await newContext(web.browser)
  const page = await context.newPage()
  const errors = watchErrors(page)
  await page.goto(`${web.server.url}/@northwind`)
  await page.getByRole('heading', { name: /Northwind Coffee/, level: 1 }).waitFor()
  await page.getByText('Roasters since 1998. We answer every message.').waitFor()
  assert.equal(await page.title(), 'Northwind Coffee (@northwind) · Parloir')
  // Reading a profile sets no cookie and remembers no intent; only pressing Message does.
  assert.deepEqual(await context.cookies(), [])
  assert.equal(await page.evaluate(() => sessionStorage.length), 0)

  await page.getByRole('button', { name: 'Message Northwind Coffee' }).click()
  await page.waitForURL(/\/login\?/)
  assert.equal(new URL(page.url()).searchParams.get('next'), '/@northwind')
  await page.getByLabel('Handle').fill('dan')
  await page.getByLabel('Password').fill(demoPassword)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(/\/c\/\d+$/)

  // The conversation the page opened is Dan's one conversation with the brand.
  const dan = new ParloirClient({ baseUrl: web.server.url })
  await dan.login({ handle: 'dan', password: demoPassword })
  const conversation = await dan.getConversation(new URL(page.url()).pathname.split('/')[2] ?? '')
  assert.equal(conversation.kind, 'direct')
  assert.deepEqual(conversation.participants.map((p) => p.account.handle).sort(), ['dan', 'northwind'])
  assert.deepEqual(errors, [])
  await context.close()
})

test('a logged-in person messages another person from their profile, and sees their own with an Edit link', async () => {
  const context = await newContext(web.browser)
  const page = await context.newPage()
  await page.goto(`${web.server.url}/login?next=${encodeURIComponent('/@ben')}`)
  await page.getByLabel('Handle').fill('chloe')
  await page.getByLabel('Password').fill(demoPassword)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByRole('heading', { name: 'Ben Okafor', level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Message Ben Okafor' }).click()
  await page.waitForURL(/\/c\/\d+$/)
  await page.goto(`${web.server.url}/@chloe`)
  await page.getByRole('link', { name: 'Edit your profile' }).waitFor()
  assert.equal(await page.getByRole('button', { name: /^Message/ }).count(), 0)
  await page.goto(`${web.server.url}/@nobody_here`)
  await page.getByRole('heading', { name: 'No account @nobody_here', level: 1 }).waitFor()
  await context.close()
})

test('public profiles of a person and a brand pass axe on desktop and phone, light and dark, and read in French', async () => {
  for (const viewport of ['desktop', 'phone'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await newContext(web.browser, viewport, { colorScheme })
      const page = await context.newPage()
      const errors = watchErrors(page)
      for (const [handle, name, kind] of [['northwind', 'Northwind Coffee', 'brand'], ['chloe', 'Chloé Martin', 'person']] as const) {
        await page.goto(`${web.server.url}/@${handle}`)
        await page.getByRole('button', { name: `Message ${name}` }).waitFor()
        assert.deepEqual(await seriousA11yViolations(page), [], `${handle} ${viewport} ${colorScheme}`)
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing overflows sideways')
        if (colorScheme === 'light') await screenshot(page, `profile-${kind}-${viewport}`)
      }
      assert.deepEqual(errors, [])
      await context.close()
    }
  }
  const context = await newContext(web.browser, 'desktop', { locale: 'fr-FR' })
  const page = await context.newPage()
  await page.goto(`${web.server.url}/@northwind`)
  await page.getByRole('button', { name: 'Écrire à Northwind Coffee' }).waitFor()
  await page.getByText('Marque', { exact: true }).waitFor()
  await context.close()
})
