import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs } from './support/people.ts'
import { screenshot, seriousA11yViolations, viewports } from './support/browser.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

test("a stranger's first message lands in Requests, live; accepting it lets the two talk", async () => {
  const dan = await logIn(web, 'dan')
  const ben = await logIn(web, 'ben')
  const bens = await openAs(web, ben, '/')
  const dans = await openAs(web, dan, '/')
  await bens.page.getByRole('heading', { name: 'Messages' }).waitFor()
  const benTabs = bens.page.getByRole('navigation', { name: 'Mailboxes' })
  await benTabs.getByRole('link', { name: 'Inbox' }).waitFor()
  // The demo left him one request already: Ada's group.
  await benTabs.getByText('Waiting requests: 1').waitFor()

  // Dan writes to Ben, whom he has never talked to, from "New message". He knows his name, not
  // his handle; a person is found by name only once they choose to be (brands always are).
  await dans.page.getByRole('button', { name: 'New message' }).click()
  const dialog = dans.page.getByRole('dialog', { name: 'New message' })
  const to = dialog.getByRole('combobox', { name: 'To' })
  const results = dialog.getByRole('listbox', { name: 'People and brands' })
  await to.fill('okaf')
  await dialog.getByText('No one found.', { exact: false }).waitFor()
  await to.fill('north')
  await results.getByRole('option', { name: /Northwind Coffee/ }).getByText('Brand', { exact: true }).waitFor()
  await dans.page.setViewportSize(viewports.phone)
  await screenshot(dans.page, 'new-message-people-search-phone')
  await dans.page.setViewportSize(viewports.desktop)
  // Escape closes the list first, and only then the dialog.
  await to.press('Escape')
  await results.waitFor({ state: 'hidden' })
  assert.equal(await dialog.isVisible(), true)
  // Ben turns on "Let people find me by my name and handle" (the settings journey flips that switch).
  await ben.client.updateSettings({ discoverable: true })
  await to.fill('okaf')
  const found = results.getByRole('option', { name: /Ben Okafor/ })
  await found.getByText('@ben').waitFor()
  // The keyboard picks him: down to the first result, Enter opens the conversation.
  await to.press('ArrowDown')
  assert.equal(await found.getAttribute('aria-selected'), 'true')
  assert.equal(await to.getAttribute('aria-activedescendant'), await found.getAttribute('id'))
  assert.deepEqual(await seriousA11yViolations(dans.page), [])
  await screenshot(dans.page, 'new-message-people-search')
  await to.press('Enter')
  await dans.page.waitForURL(/\/c\/\d+$/)
  const danBox = dans.page.getByRole('textbox', { name: 'Message' })
  await danBox.fill('Hi Ben, Dan from the tasting. Do you roast decaf?')
  await danBox.press('Enter')

  // It lands in Ben's Requests, not his inbox, while he watches.
  await benTabs.getByText('Waiting requests: 2').waitFor({ timeout: 5_000 })
  assert.equal(await bens.page.getByRole('link', { name: /Dan Silva/ }).count(), 0, 'not in the inbox')
  await benTabs.getByRole('link', { name: /Requests/ }).click()
  await bens.page.waitForURL(/\/requests$/)
  await bens.page.getByRole('heading', { name: 'Requests' }).waitFor()
  await bens.page.getByRole('link', { name: /Dan Silva/ }).click()
  const request = bens.page.getByRole('region', { name: 'Message request' })
  await request.getByText('Dan Silva wants to send you messages', { exact: false }).waitFor()
  await bens.page.locator('.msg-bubble', { hasText: 'Do you roast decaf?' }).waitFor()
  assert.equal(await bens.page.getByRole('textbox', { name: 'Message' }).count(), 0, 'no reply box before accepting')
  // Reading a request tells the stranger nothing.
  assert.equal(await dans.page.getByText('Seen', { exact: true }).count(), 0)

  await request.getByRole('button', { name: 'Accept' }).click()
  const benBox = bens.page.getByRole('textbox', { name: 'Message' })
  await benBox.waitFor()
  assert.equal(await bens.page.getByRole('region', { name: 'Message request' }).count(), 0)
  await benTabs.getByRole('link', { name: 'Inbox' }).click()
  await bens.page.getByRole('link', { name: /Dan Silva/ }).waitFor()
  await bens.page.getByRole('link', { name: /Dan Silva/ }).click()
  await benBox.fill('We do: a Colombian decaf, roasted on Mondays.')
  await benBox.press('Enter')
  await dans.page.locator('.msg-bubble', { hasText: 'a Colombian decaf' }).waitFor()

  assert.deepEqual([...bens.errors, ...dans.errors], [])
  await bens.context.close()
  await dans.context.close()
})

test('a request can be reported, which blocks and deletes it', async () => {
  const chloe = await logIn(web, 'chloe')
  // The demo has Dan's message waiting in Chloé's requests.
  const chloes = await openAs(web, chloe, '/requests')
  await chloes.page.getByRole('link', { name: /Dan Silva/ }).click()
  const request = chloes.page.getByRole('region', { name: 'Message request' })
  await request.getByRole('button', { name: 'Report' }).click()
  const dialog = chloes.page.getByRole('dialog', { name: 'Report Dan Silva' })
  await dialog.getByLabel('What happened? (optional)').fill('I do not know this person.')
  assert.equal(await dialog.getByLabel('Also block Dan Silva').isChecked(), true)
  await dialog.getByRole('button', { name: 'Send report' }).click()
  await chloes.page.waitForURL(/\/requests$/)
  await chloes.page.getByText('No message requests.').waitFor()
  assert.deepEqual(chloes.errors, [])
  await chloes.context.close()
})
