import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { screenshot } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { live, logIn, openAs, type Person } from './support/people.ts'

let web: WebFixture
let ada: Person
let chloe: Person
let brandId: string
let conversationId: string

/** Turns the brand's satisfaction survey on (owners and admins may). */
async function turnSurveyOn(owner: Person, brand: string): Promise<void> {
  await owner.client.call('updateInboxSettings', { params: { brandId: brand }, body: { survey: { enabled: true, question: 'How did we do? Tap a rating.' } } })
}

before(async () => {
  web = await startWeb()
  ada = await logIn(web, 'ada')
  chloe = await logIn(web, 'chloe')
  brandId = (await chloe.client.getAccountByHandle('northwind')).id
  await turnSurveyOn(ada, brandId)
  const mine = (await chloe.client.listConversations()).conversations.find((c) => c.participants.some((p) => p.account.id === brandId))
  assert.ok(mine)
  conversationId = mine.id
})
after(() => web.close())

test('Ada resolves Chloé\'s conversation; Chloé taps a rating and adds a word; the team reads both, and it stays resolved', async () => {
  const chloes = await openAs(web, chloe, `/c/${conversationId}`)
  await live(chloes.page)
  await chloes.page.getByRole('textbox', { name: /message/i }).fill('It arrived, thank you!')
  await chloes.page.keyboard.press('Enter')

  const adas = await openAs(web, ada, `/c/${conversationId}?as=${brandId}`)
  const bar = adas.page.locator('.team-bar')
  await adas.page.getByRole('region', { name: 'Message history' }).getByText('It arrived, thank you!').waitFor()
  await bar.getByRole('button', { name: 'Resolve' }).click()
  await bar.getByRole('status').filter({ hasText: 'Resolved' }).waitFor()

  // Chloé gets the question with five ratings as buttons.
  const history = chloes.page.getByRole('region', { name: 'Message history' })
  await history.getByText('How did we do? Tap a rating.').waitFor()
  const four = chloes.page.getByRole('button', { name: '★★★★☆' })
  await four.waitFor()
  await screenshot(chloes.page, 'survey-asked-of-the-customer')
  await four.click()
  await adas.page.getByText('The customer rated it 4 out of 5').waitFor()

  await chloes.page.getByRole('textbox', { name: /message/i }).fill('Quick and kind')
  await chloes.page.keyboard.press('Enter')
  await adas.page.getByText('The customer rated it 4 out of 5 and added: “Quick and kind”').waitFor()
  await bar.getByRole('status').filter({ hasText: 'Resolved' }).waitFor()
  await screenshot(adas.page, 'survey-answer-in-the-team-timeline')

  // The team's line is the team's: Chloé's page shows her own messages, not it.
  assert.equal(await chloes.page.getByText('The customer rated it').count(), 0)
  for (const window of [adas, chloes]) assert.deepEqual(window.errors, [])
  for (const window of [adas, chloes]) await window.context.close()
})
