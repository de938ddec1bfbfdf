import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { ParloirClient } from '@parloir/client'
import { newContext, screenshot, watchErrors } from './support/browser.ts'
import { demoPassword, startWeb, type WebFixture } from './support/fixture.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

async function logIn(page: Page, handle: string): Promise<void> {
  await page.goto(`${web.server.url}/login?next=/console/northwind/replies`)
  await page.getByLabel('Handle').fill(handle)
  await page.getByLabel('Password').fill(demoPassword)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(/\/console\/northwind\/replies$/)
}

test('Ada defines an order number field; Ben saves a reply with it, fills Chloé’s order number in the customer panel, inserts the reply with /, reads it filled in, and sends it', async () => {
  // A team reply Ada, the owner, saved earlier: the console lists it above Ben's own.
  const ada = new ParloirClient({ baseUrl: web.server.url })
  await ada.login({ handle: 'ada', password: demoPassword })
  const brand = await ada.getAccountByHandle('northwind')
  await ada.call('createSavedReply', { params: { brandId: brand.id }, body: { scope: 'team', shortcut: 'hours', title: 'Opening hours', text: 'We answer every day from 8:00 to 18:00, {{customer.name}}.' } })
  await ada.call('createCustomField', { params: { brandId: brand.id }, body: { key: 'plan', label: 'Subscription plan', type: 'text' } })

  // Ada, the owner, defines the order number field in the console: its key follows the label.
  const owner = await newContext(web.browser)
  const adaPage = await owner.newPage()
  const adaErrors = watchErrors(adaPage)
  await logIn(adaPage, 'ada')
  await adaPage.getByRole('button', { name: 'Add a field' }).click()
  await adaPage.getByLabel('Label').fill('Order number')
  assert.equal(await adaPage.getByLabel('Key').inputValue(), 'order_number')
  await adaPage.getByLabel('Type').selectOption('text')
  await adaPage.locator('.console-fields').scrollIntoViewIfNeeded()
  await screenshot(adaPage, 'console-custom-fields-new-desktop')
  await adaPage.getByRole('button', { name: 'Save the field' }).click()
  await adaPage.getByRole('status').filter({ hasText: 'The field “Order number” is saved.' }).waitFor()
  await adaPage.getByText('{{custom.order_number}}').waitFor()
  await adaPage.getByRole('heading', { name: 'Custom fields' }).scrollIntoViewIfNeeded()
  await screenshot(adaPage, 'console-custom-fields-desktop')
  assert.deepEqual(adaErrors, [])
  await owner.close()

  const context = await newContext(web.browser)
  const page = await context.newPage()
  const errors = watchErrors(page)
  await logIn(page, 'ben')
  await page.getByRole('heading', { name: 'Opening hours' }).waitFor()
  // An agent fills fields in, but does not define them.
  await page.getByRole('heading', { name: 'Order number' }).waitFor()
  assert.equal(await page.getByRole('button', { name: 'Add a field' }).count(), 0)
  // An agent keeps replies of their own, but does not change the team's.
  assert.equal(await page.getByRole('button', { name: 'Add a team reply' }).count(), 0)

  await page.getByRole('button', { name: 'Add a reply of my own' }).click()
  await page.getByLabel('Shortcut').fill('/Parcel')
  await page.getByLabel('Title').fill('Parcel on its way')
  await page.getByLabel('Text', { exact: true }).fill('Hello {{customer.name}}, {{agent.name}} from {{brand.name}} here: order {{custom.order_number}} leaves the roastery today.')
  await page.getByRole('button', { name: 'Save the reply' }).click()
  await page.getByRole('status').filter({ hasText: 'The reply /parcel is saved.' }).waitFor()
  await page.getByRole('heading', { name: 'Parcel on its way' }).waitFor()
  // Saving scrolled the section: show it from its heading.
  await page.evaluate(() => { for (const el of [document.scrollingElement, ...document.querySelectorAll('main, .console-content')]) if (el) el.scrollTop = 0 })
  await screenshot(page, 'console-saved-replies-desktop')

  await page.getByRole('link', { name: 'Conversations' }).first().click()
  await page.getByRole('link', { name: /Chloé Martin/ }).first().click()
  await page.waitForURL(/\/c\/\d+\?as=\d+$/)

  // The customer panel, beside the conversation: Ben fills in Chloé's order number.
  const panel = page.getByRole('complementary', { name: 'Customer' })
  await panel.getByRole('button', { name: 'Edit the custom fields' }).click()
  await panel.getByLabel('Order number').fill(' NW-1042 ')
  await screenshot(page, 'messenger-customer-fields-edit-desktop')
  await panel.getByRole('button', { name: 'Save the fields' }).click()
  await panel.getByRole('status').filter({ hasText: 'Custom fields saved.' }).waitFor({ state: 'attached' })
  await panel.locator('[data-field="order_number"] dd').getByText('NW-1042', { exact: true }).waitFor()
  assert.equal(await panel.locator('[data-field="plan"] dd').textContent(), 'Not set')
  await screenshot(page, 'messenger-customer-fields-desktop')

  const box = page.getByRole('textbox', { name: /message/i })
  await box.click()
  await box.pressSequentially('/par')
  const picker = page.getByRole('listbox', { name: 'Saved replies' })
  await picker.getByRole('option', { name: /\/parcel/ }).waitFor()
  assert.equal(await picker.getByRole('option').count(), 1, 'only the replies that start with “par”')
  await screenshot(page, 'messenger-saved-reply-picker-desktop')

  await page.keyboard.press('Enter')
  const filled = 'Hello Chloé Martin, Ben Okafor from Northwind Coffee here: order NW-1042 leaves the roastery today.'
  await page.waitForFunction((text) => (document.querySelector('textarea.msg-composer__text') as HTMLTextAreaElement | null)?.value === text, filled)
  assert.equal(await picker.count(), 0, 'the picker is shut once a reply is chosen')

  // Inserted, not sent: Chloé has nothing new until Ben sends it himself.
  const chloe = new ParloirClient({ baseUrl: web.server.url })
  await chloe.login({ handle: 'chloe', password: demoPassword })
  const conversation = (await chloe.listConversations()).conversations.find((c) => c.participants.some((p) => p.account.id === brand.id))
  assert.ok(conversation)
  assert.notEqual((await chloe.listMessages(conversation.id)).messages.at(-1)?.text, filled)

  await page.keyboard.press('Enter')
  await page.locator('.msg-view').getByText(filled).first().waitFor()
  const last = (await chloe.listMessages(conversation.id)).messages.at(-1)
  assert.equal(last?.text, filled)
  assert.equal(last?.senderId, brand.id)
  assert.deepEqual(errors, [])
  await context.close()
})
