import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirClient } from '@parloir/client'
import { newContext, screenshot, seriousA11yViolations, watchErrors } from './support/browser.ts'
import { demoPassword, startWeb, type WebFixture } from './support/fixture.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

test('a newcomer signs up, the session survives a reload, and they write to the demo brand', async () => {
  const context = await newContext(web.browser)
  const page = await context.newPage()
  const errors = watchErrors(page)
  await page.goto(`${web.server.url}/`)
  await page.waitForURL(/\/login/)
  await page.getByRole('link', { name: /create an account/i }).click()
  await page.getByLabel('Handle').fill('newcomer')
  await page.getByLabel('Display name').fill('New Comer')
  await page.getByLabel('Password').fill('a long enough password')
  await page.getByRole('button', { name: 'Sign up' }).click()
  await page.getByRole('heading', { name: 'Messages' }).waitFor()
  const cookies = await context.cookies()
  const session = cookies.find((c) => c.name === 'parloir_session')
  assert.ok(session?.httpOnly, 'the session cookie is HttpOnly')
  assert.equal(session?.sameSite, 'Lax')
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => /token|session/i.test(k)).length), 0, 'no token in storage')
  await page.reload()
  await page.getByRole('heading', { name: 'Messages' }).waitFor()

  // …and writes to the demo brand, whose agent Ben sees it arrive in the brand's inbox.
  await page.getByRole('button', { name: 'New message' }).click()
  await page.getByLabel('To').fill('northwind')
  await page.getByRole('button', { name: 'Start conversation' }).click()
  await page.waitForURL(/\/c\/\d+$/)
  await page.getByRole('textbox', { name: /message/i }).fill('Hello Northwind, do you ship to Lyon?')
  await page.keyboard.press('Enter')
  await page.getByText('Hello Northwind, do you ship to Lyon?').first().waitFor()
  const ben = new ParloirClient({ baseUrl: web.server.url })
  await ben.login({ handle: 'ben', password: demoPassword })
  const brand = await ben.getAccountByHandle('northwind')
  const asBrand = ben.withActAs(brand.id)
  const [newest] = (await asBrand.listConversations()).conversations
  assert.ok(newest, 'the brand has the conversation')
  // Outside Northwind's hours the away message comes after it: look among the messages, not only the last.
  const texts = (await asBrand.listMessages(newest.id)).messages.map((m) => m.text)
  assert.ok(texts.includes('Hello Northwind, do you ship to Lyon?'), texts.join(' | '))
  assert.deepEqual(errors, [])
  await context.close()
})

test('a wrong password is refused with a message a screen reader announces', async () => {
  const context = await newContext(web.browser)
  const page = await context.newPage()
  await page.goto(`${web.server.url}/login`)
  await page.getByLabel('Handle').fill('chloe')
  await page.getByLabel('Password').fill('not her password')
  await page.getByRole('button', { name: 'Log in' }).click()
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: /wrong/i }).waitFor())
  await context.close()
})

test('the login page has no serious accessibility violation, on desktop and phone, light and dark', async () => {
  for (const viewport of ['desktop', 'phone'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await newContext(web.browser, viewport, { colorScheme })
      const page = await context.newPage()
      await page.goto(`${web.server.url}/login`)
      await page.getByRole('button', { name: 'Log in' }).waitFor()
      assert.deepEqual(await seriousA11yViolations(page), [], `${viewport} ${colorScheme}`)
      if (colorScheme === 'light') await screenshot(page, `login-${viewport}`)
      await context.close()
    }
  }
})

test('French readers get the French interface', async () => {
  const context = await newContext(web.browser, 'desktop', { locale: 'fr-FR' })
  const page = await context.newPage()
  await page.goto(`${web.server.url}/login`)
  await page.getByRole('heading', { name: 'Se connecter à Parloir' }).waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr')
  await page.getByLabel('Identifiant').fill('chloe')
  await page.getByLabel('Mot de passe').fill(demoPassword)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.getByRole('heading', { name: 'Messages' }).waitFor()
  await context.close()
})
