import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { screenshot, seriousA11yViolations } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { live, logIn, openAs, type Person } from './support/people.ts'

let web: WebFixture
let ben: Person
let chloe: Person
let brandId: string
let conversationId: string

before(async () => {
  web = await startWeb()
  ben = await logIn(web, 'ben')
  chloe = await logIn(web, 'chloe')
  brandId = (await chloe.client.getAccountByHandle('northwind')).id
  conversationId = (await chloe.client.call('openDirect', { body: { accountId: brandId } })).id
  await chloe.client.sendMessage(conversationId, 'My flowers never arrived and nobody answers. This is unacceptable.')
})
after(() => web.close())

const asBrand = () => `/c/${conversationId}?as=${brandId}`
const composer = (page: Page) => page.getByRole('textbox', { name: /message/i })
const lastText = async () => (await chloe.client.listMessages(conversationId)).messages.at(-1)?.text
const draft = (page: Page) => page.locator('textarea.msg-composer__text').inputValue()

/** Shown in the conversation, then stored: the bubble appears before the server has answered the send. */
async function sent(page: Page, text: string): Promise<void> {
  await page.locator('.msg-view').getByText(text).first().waitFor()
  const deadline = Date.now() + 20_000
  let last = await lastText()
  while (last !== text && Date.now() < deadline) {
    await page.waitForTimeout(100)
    last = await lastText()
  }
  assert.equal(last, text)
}

test('Ben types a curt reply to Chloé, is warned, takes the calmer version and sends it; in French too; and can always send anyway', async () => {
  const desktop = await openAs(web, ben, asBrand())
  const page = desktop.page
  await live(page)
  await composer(page).click()
  await composer(page).pressSequentially('This page is not a place to vent.')
  const hint = page.getByRole('region', { name: 'This may read as harsher than you mean' })
  await hint.waitFor()
  assert.match(await hint.innerText(), /curt/)
  assert.match(await hint.innerText(), /not a place to vent/)
  // A warning, never a block: the send button stays on.
  assert.equal(await page.getByRole('button', { name: 'Send', exact: true }).isEnabled(), true)
  assert.deepEqual(await seriousA11yViolations(page), [])
  await screenshot(page, 'messenger-tone-check-desktop')

  await hint.getByRole('button', { name: 'Use the calmer version' }).click()
  const calmer = 'We hear you, and we want to put this right.'
  assert.equal(await draft(page), calmer)
  await hint.waitFor({ state: 'detached' })
  await page.keyboard.press('Enter')
  await sent(page, calmer)

  // A private note is the team's own: it is not checked.
  await page.getByRole('button', { name: /Private note/ }).click()
  await composer(page).fill('Customer is ranting again, whatever.')
  await page.keyboard.press('Enter')
  await page.getByText('Customer is ranting again, whatever.').first().waitFor()
  assert.equal(await hint.count(), 0)
  assert.deepEqual(desktop.errors, [])
  await desktop.context.close()

  // On a phone, in the dark: Ben sends his draft as it is. The check never stops a send.
  const phone = await openAs(web, ben, asBrand(), { viewport: 'phone', colorScheme: 'dark' })
  await live(phone.page)
  await composer(phone.page).pressSequentially('NO REFUNDS AFTER 30 DAYS!!!')
  const phoneHint = phone.page.getByRole('region', { name: 'This may read as harsher than you mean' })
  await phoneHint.waitFor()
  await phoneHint.scrollIntoViewIfNeeded()
  await screenshot(phone.page, 'messenger-tone-check-phone-dark')
  await phoneHint.getByRole('button', { name: 'Send anyway' }).click()
  await sent(phone.page, 'NO REFUNDS AFTER 30 DAYS!!!')
  assert.deepEqual(phone.errors, [])
  await phone.context.close()

  // In French.
  const french = await openAs(web, ben, asBrand(), { locale: 'fr-FR' })
  await live(french.page)
  await composer(french.page).pressSequentially("Ce n'est pas un endroit pour se défouler !!")
  const frHint = french.page.getByRole('region', { name: 'Ce message pourrait paraître plus dur que vous ne le voulez' })
  await frHint.waitFor()
  assert.match(await frHint.innerText(), /sec/)
  await screenshot(french.page, 'messenger-tone-check-desktop-fr')
  await frHint.getByRole('button', { name: 'Utiliser la version plus calme' }).click()
  const plusCalme = 'Nous vous entendons et nous voulons arranger cela.'
  assert.equal(await draft(french.page), plusCalme)
  await french.page.keyboard.press('Enter')
  await sent(french.page, plusCalme)
  assert.deepEqual(french.errors, [])
  await french.context.close()
})
