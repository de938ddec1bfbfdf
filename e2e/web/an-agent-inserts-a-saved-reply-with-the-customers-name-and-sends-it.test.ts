import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirClient } from '@parloir/client'
import { newContext, screenshot, watchErrors } from './support/browser.ts'
import { demoPassword, startWeb, type WebFixture } from './support/fixture.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

test('Ben saves a reply of his own in the console, inserts it with / in Chloé’s conversation, reads it filled in, and sends it', async () => {
  // A team reply Ada, the owner, saved earlier: the console lists it above Ben's own.
  const ada = new ParloirClient({ baseUrl: web.server.url })
  await ada.login({ handle: 'ada', password: demoPassword })
  const brand = await ada.getAccountByHandle('northwind')
  await ada.call('createSavedReply', { params: { brandId: brand.id }, body: { scope: 'team', shortcut: 'hours', title: 'Opening hours', text: 'We answer every day from 8:00 to 18:00, {{customer.name}}.' } })

  const context = await newContext(web.browser)
  const page = await context.newPage()
  const errors = watchErrors(page)
  await page.goto(`${web.server.url}/login?next=/console/northwind/replies`)
  await page.getByLabel('Handle').fill('ben')
  await page.getByLabel('Password').fill(demoPassword)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(/\/console\/northwind\/replies$/)
  await page.getByRole('heading', { name: 'Opening hours' }).waitFor()
  // An agent keeps replies of their own, but does not change the team's.
  assert.equal(await page.getByRole('button', { name: 'Add a team reply' }).count(), 0)

  await page.getByRole('button', { name: 'Add a reply of my own' }).click()
  await page.getByLabel('Shortcut').fill('/Parcel')
  await page.getByLabel('Title').fill('Parcel on its way')
  await page.getByLabel('Text', { exact: true }).fill('Hello {{customer.name}}, {{agent.name}} from {{brand.name}} here: a new bag leaves the roastery today.')
  await page.getByRole('button', { name: 'Save the reply' }).click()
  await page.getByRole('status').filter({ hasText: 'The reply /parcel is saved.' }).waitFor()
  await page.getByRole('heading', { name: 'Parcel on its way' }).waitFor()
  // Saving scrolled the section: show it from its heading.
  await page.evaluate(() => { for (const el of [document.scrollingElement, ...document.querySelectorAll('main, .console-content')]) if (el) el.scrollTop = 0 })
  await screenshot(page, 'console-saved-replies-desktop')

  await page.getByRole('link', { name: 'Conversations' }).first().click()
  await page.getByRole('link', { name: /Chloé Martin/ }).first().click()
  await page.waitForURL(/\/c\/\d+\?as=\d+$/)
  const box = page.getByRole('textbox', { name: /message/i })
  await box.click()
  await box.pressSequentially('/par')
  const picker = page.getByRole('listbox', { name: 'Saved replies' })
  await picker.getByRole('option', { name: /\/parcel/ }).waitFor()
  assert.equal(await picker.getByRole('option').count(), 1, 'only the replies that start with “par”')
  await screenshot(page, 'messenger-saved-reply-picker-desktop')

  await page.keyboard.press('Enter')
  const filled = 'Hello Chloé Martin, Ben Okafor from Northwind Coffee here: a new bag leaves the roastery today.'
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
