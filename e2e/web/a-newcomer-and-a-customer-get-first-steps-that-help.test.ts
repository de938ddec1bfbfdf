import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { newContext, screenshot, seriousA11yViolations, watchErrors } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs } from './support/people.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

/** The two wrong fields of the sign-up form: each says its own sentence, marked invalid and tied to its input. */
async function signUpWrong(page: Page, labels: { handle: string; password: string; submit: string }) {
  await page.getByLabel(labels.handle).fill('chloé b!')
  await page.getByLabel(labels.password, { exact: true }).fill('short')
  await page.getByRole('button', { name: labels.submit }).click()
  await page.locator('.field-error').nth(1).waitFor()
  const errors = await page.locator('.field-error').allTextContents()
  for (const label of [labels.handle, labels.password]) {
    const input = page.getByLabel(label, { exact: true })
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${label} is marked invalid`)
    const described = (await input.getAttribute('aria-describedby')) ?? ''
    const error = await page.locator('.field-error').evaluateAll((nodes, ids) => nodes.filter((n) => ids.includes(n.id)).map((n) => n.textContent), described.split(' '))
    assert.equal(error.length, 1, `${label}'s sentence is read with it`)
  }
  return errors
}

describe('sign-up tells every wrong field at once, in a sentence', () => {
  test('in English on a desktop', async () => {
    const context = await newContext(web.browser)
    const page = await context.newPage()
    const errors = watchErrors(page)
    await page.goto(`${web.server.url}/signup`)
    const sentences = await signUpWrong(page, { handle: 'Handle', password: 'Password', submit: 'Sign up' })
    assert.deepEqual(sentences, ['A handle may use only letters, digits and underscores (_), with no spaces.', 'Your password needs at least 8 characters.'])
    assert.match(await page.getByRole('alert').textContent() ?? '', /correct the 2 fields/)
    assert.deepEqual(await seriousA11yViolations(page), [])
    await screenshot(page, 'first-steps-sign-up-errors-desktop')
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), [])
    await context.close()
  })

  test('in French on a phone, dark', async () => {
    const context = await newContext(web.browser, 'phone', { colorScheme: 'dark', locale: 'fr-FR' })
    const page = await context.newPage()
    await page.goto(`${web.server.url}/signup`)
    const sentences = await signUpWrong(page, { handle: 'Identifiant', password: 'Mot de passe', submit: 'S’inscrire' })
    assert.deepEqual(sentences, ['Un identifiant ne peut contenir que des lettres, des chiffres et des tirets bas (_), sans espace.', 'Votre mot de passe doit compter au moins 8 caractères.'])
    await screenshot(page, 'first-steps-sign-up-errors-fr-phone-dark')
    await context.close()
  })
})

describe('a customer sees when the brand answers', () => {
  test("the compose page: the app's logo, and the brand's hours in its own zone, named", async () => {
    const chloe = await logIn(web, 'chloe')
    const brand = await chloe.client.getAccountByHandle('northwind')
    for (const [name, viewport, colorScheme, locale] of [['desktop', 'desktop', 'light', 'en-US'], ['fr-phone-dark', 'phone', 'dark', 'fr-FR']] as const) {
      const context = await newContext(web.browser, viewport, { colorScheme, locale })
      const page = await context.newPage()
      const requests: string[] = []
      page.on('request', (request) => requests.push(request.url()))
      await page.goto(`${web.server.url}/messages/compose?recipient_id=${brand.id}`)
      await page.locator('svg.pg-mark-logo').waitFor()
      const status = await page.locator('.pg-status').textContent() ?? ''
      assert.match(status, locale === 'fr-FR' ? /(Ouvert|Absent).*(heure de Europe\/Paris)|Absent en ce moment|Ouvert en ce moment/ : /(Open|Away).*\(Europe\/Paris time\)|Away right now|Open now/)
      assert.deepEqual(requests.filter((url) => !url.startsWith(web.server.url)), [], 'nothing from another site')
      await screenshot(page, `first-steps-compose-hours-logo-${name}`)
      await context.close()
    }
  })

  test('"New message" suggests brands and people by name as one types', async () => {
    const chloe = await logIn(web, 'chloe')
    for (const [name, options] of [
      ['desktop', {}], ['phone', { viewport: 'phone' }], ['desktop-dark', { colorScheme: 'dark' }], ['fr-phone', { viewport: 'phone', locale: 'fr-FR' }],
    ] as const) {
      const { page, context, errors } = await openAs(web, chloe, '/', options)
      const fr = name.startsWith('fr')
      await page.getByRole('button', { name: fr ? 'Nouveau message' : 'New message' }).click()
      const box = page.getByRole('combobox')
      await box.fill('north')
      await page.getByRole('option', { name: /Northwind/ }).waitFor()
      await box.press('ArrowDown')
      assert.equal(await box.getAttribute('aria-expanded'), 'true')
      assert.ok(await box.getAttribute('aria-activedescendant'), 'the highlight is announced')
      assert.deepEqual(await seriousA11yViolations(page), [], name)
      await screenshot(page, `first-steps-new-message-suggestions-${name}`)
      assert.deepEqual(errors, [], name)
      await context.close()
    }
  })

  test('the conversation header says how fast the brand usually answers, once it has answered five waits', async () => {
    const chloe = await logIn(web, 'chloe')
    const ben = await logIn(web, 'ben')
    const brand = await chloe.client.getAccountByHandle('northwind')
    const { id } = await chloe.client.openDirect(brand.id)
    const asBrand = ben.client.withActAs(brand.id)
    for (let i = 1; i <= 5; i++) {
      await chloe.client.sendMessage(id, `Question ${i}`)
      await asBrand.sendMessage(id, `Answer ${i}`)
    }
    assert.equal((await chloe.client.call('getBrandCard', { params: { brandId: brand.id } })).support.usualReplyTime, 'minutes')
    for (const [name, options] of [['desktop', {}], ['fr-phone-dark', { viewport: 'phone', colorScheme: 'dark', locale: 'fr-FR' }]] as const) {
      const { page, context } = await openAs(web, chloe, `/c/${id}`, options)
      const line = page.getByTestId('brand-availability')
      await line.waitFor()
      assert.match(await line.textContent() ?? '', name === 'desktop' ? /Usually answers within a few minutes/ : /Répond généralement en quelques minutes/)
      await screenshot(page, `first-steps-conversation-header-answer-time-${name}`)
      await context.close()
    }
  })
})
