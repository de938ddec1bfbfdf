import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirClient } from '@parloir/client'
import { newContext, watchErrors } from './support/browser.ts'
import { demoPassword, startWeb, type WebFixture } from './support/fixture.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

test("Ben opens Chloé's conversation from the console and answers as Northwind Coffee", async () => {
  const context = await newContext(web.browser)
  const page = await context.newPage()
  const errors = watchErrors(page)
  await page.goto(`${web.server.url}/login?next=/console`)
  await page.getByLabel('Handle').fill('ben')
  await page.getByLabel('Password').fill(demoPassword)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(/\/console\/northwind\/inbox$/)
  // Chloé's conversation is Ben's since he answered her: it is in his own view.
  await page.getByRole('link', { name: /^Mine/ }).click()
  await page.getByRole('link', { name: /Chloé Martin/ }).first().click()
  await page.waitForURL(/\/c\/\d+\?as=\d+$/)
  await page.getByText('It left our roastery yesterday', { exact: false }).first().waitFor()

  const reply = 'A new bag is on its way today, Chloé.'
  await page.getByRole('textbox', { name: /message/i }).fill(reply)
  await page.keyboard.press('Enter')
  await page.getByText(reply).first().waitFor()

  // Chloé receives it from the brand, not from Ben.
  const chloe = new ParloirClient({ baseUrl: web.server.url })
  await chloe.login({ handle: 'chloe', password: demoPassword })
  const brand = await chloe.getAccountByHandle('northwind')
  const conversation = (await chloe.listConversations()).conversations.find((c) => c.participants.some((p) => p.account.id === brand.id))
  assert.ok(conversation)
  const { messages } = await chloe.listMessages(conversation.id)
  const last = messages.at(-1)
  assert.equal(last?.text, reply)
  assert.equal(last?.senderId, brand.id)
  assert.deepEqual(errors, [])
  await context.close()
})
