import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirClient } from '@parloir/client'
import type { Page } from 'playwright-core'
import { screenshot, seriousA11yViolations } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { live, logIn, openAs, type Person } from './support/people.ts'

let web: WebFixture
let ada: Person
let ben: Person
let erin: Person
let brandId: string
let conversationId: string

const question = 'My grinder arrived broken, can I get a replacement?'
const adasAnswer = 'So sorry! A new grinder leaves the roastery today.'
const bensDraft = 'Hello Erin, we will send you a new one.'
const noteText = 'Grinder replaced once already in March'

/** A new customer, Erin, who found Northwind through its spring poster (ref `spring-poster`). */
async function signUpErin(): Promise<Person> {
  const client = new ParloirClient({ baseUrl: web.server.url })
  const reply = await client.signup({ handle: 'erin', displayName: 'Erin Moreau', password: 'correct horse battery staple' })
  return { handle: 'erin', id: reply.me.account.id, token: reply.session.token, client }
}

async function openFromPoster(customer: Person, brand: string): Promise<string> {
  const conversation = await customer.client.call('openDirect', { body: { accountId: brand, ref: 'spring-poster' } })
  await customer.client.sendMessage(conversation.id, question)
  return conversation.id
}

before(async () => {
  web = await startWeb()
  ada = await logIn(web, 'ada')
  ben = await logIn(web, 'ben')
  erin = await signUpErin()
  brandId = (await erin.client.getAccountByHandle('northwind')).id
  conversationId = await openFromPoster(erin, brandId)
})
after(() => web.close())

const asBrand = () => `/c/${conversationId}?as=${brandId}`
const history = (page: Page) => page.getByRole('region', { name: 'Message history' })
const composer = (page: Page) => page.getByRole('textbox', { name: /message/i })

test('Ben is warned that Ada answered while he wrote, reads her answer and sends anyway; Erin never sees who; search and the customer panel find her', async () => {
  // Ada has the conversation open: Ben's inbox shows it on the row.
  const bensInbox = await openAs(web, ben, '/console/northwind/inbox')
  const adas = await openAs(web, ada, asBrand())
  await live(adas.page)
  const row = bensInbox.page.locator(`.inbox-row[data-conversation-id="${conversationId}"]`)
  await row.locator('.inbox-row__here', { hasText: 'Ada Lovelace is here' }).waitFor()
  await screenshot(bensInbox.page, 'team-inbox-teammate-here-row')

  // Ben opens it too, on a connection that will lag behind (his stream's frames can be held back).
  let holding = false
  const held: Array<() => void> = []
  const bens = await openAs(web, ben, asBrand(), {
    beforeLoad: (context) => context.routeWebSocket(/\/api\/v1\/stream/, (socket) => {
      const server = socket.connectToServer()
      server.onMessage((frame) => { if (holding) held.push(() => socket.send(frame)); else socket.send(frame) })
      socket.onMessage((frame) => server.send(frame))
    }),
  })
  await live(bens.page)
  const adasBar = adas.page.locator('.team-bar')
  await adasBar.getByText('Ben Okafor is here').waitFor()
  await bens.page.locator('.team-bar').getByText('Ada Lovelace is here').waitFor()

  // Ben starts writing: Ada sees it.
  await composer(bens.page).fill(bensDraft)
  await adasBar.getByText('Ben Okafor is typing…').waitFor()
  await screenshot(adas.page, 'team-inbox-teammate-typing')

  // Ada answers while Ben's connection lags: his send is held back, his draft kept, her answer shown.
  holding = true
  await composer(adas.page).fill(adasAnswer)
  await adas.page.keyboard.press('Enter')
  await history(adas.page).getByText(adasAnswer).waitFor()
  await history(adas.page).getByText('Sent by Ada Lovelace').waitFor()
  await composer(bens.page).press('Enter')
  const warning = bens.page.getByRole('alert').filter({ hasText: 'Ada Lovelace answered while you were writing' })
  await warning.waitFor()
  await history(bens.page).getByText(adasAnswer).waitFor()
  await warning.getByText('Their answer is now in the conversation').waitFor()
  assert.equal(await composer(bens.page).inputValue(), bensDraft, 'the draft is kept')
  assert.equal(await history(bens.page).getByText(bensDraft).count(), 0, 'not sent')
  await screenshot(bens.page, 'team-inbox-answered-meanwhile')
  assert.deepEqual(await seriousA11yViolations(bens.page), [], 'the warning over the composer')
  holding = false
  for (const release of held.splice(0)) release()

  // He sends anyway: both answers are there, each signed for the team.
  await warning.getByRole('button', { name: 'Send anyway' }).click()
  await history(bens.page).getByText(bensDraft).waitFor()
  await history(bens.page).getByText('Sent by Ben Okafor').waitFor()
  await history(adas.page).getByText(bensDraft).waitFor()
  await history(adas.page).getByText('Sent by Ben Okafor').waitFor()
  assert.equal(await bens.page.getByRole('alert').filter({ hasText: 'answered while you were writing' }).count(), 0)
  await screenshot(adas.page, 'team-inbox-sent-by')

  // Erin sees Northwind Coffee's two answers, never who of the team wrote them.
  const erins = await openAs(web, erin, `/c/${conversationId}`)
  await history(erins.page).getByText(bensDraft).waitFor()
  await history(erins.page).getByText(adasAnswer).waitFor()
  assert.equal(await erins.page.getByText(/Sent by/).count(), 0)
  assert.equal(await erins.page.locator('.msg-row__author, .team-bar, .customer-panel, .team-presence').count(), 0)

  // The customer panel beside Ada's conversation: who Erin is and where she came from.
  const panel = adas.page.getByRole('complementary', { name: 'Customer' })
  await panel.getByText('Erin Moreau').waitFor()
  await panel.locator('[data-field="source"]', { hasText: 'spring-poster' }).waitFor()
  await ada.client.call('addNote', { params: { brandId, conversationId }, body: { text: noteText } })
  await panel.getByText('1 in this conversation').waitFor()
  await screenshot(adas.page, 'team-inbox-customer-panel')
  assert.deepEqual(await seriousA11yViolations(adas.page), [], 'the conversation with its customer panel')

  // Search in Ada's inbox finds Erin's message and the team's note, and opens the note in place.
  await adas.page.goto(`${web.server.url}/console/northwind/inbox`)
  await adas.page.getByRole('searchbox', { name: 'Search messages and notes' }).fill('grinder')
  const hits = adas.page.getByRole('list', { name: 'Search results' })
  const messageHit = hits.locator('.inbox-hit[data-hit-kind="message"]', { hasText: 'arrived broken' })
  const noteHit = hits.locator('.inbox-hit[data-hit-kind="note"]', { hasText: 'replaced once' })
  await messageHit.waitFor()
  await noteHit.getByText('Note', { exact: true }).waitFor()
  await messageHit.getByText('Erin Moreau').waitFor()
  assert.equal((await messageHit.locator('mark').first().textContent())?.toLowerCase(), 'grinder')
  await screenshot(adas.page, 'team-inbox-search')
  assert.deepEqual(await seriousA11yViolations(adas.page), [], 'search results')
  await noteHit.click()
  await adas.page.waitForURL(/\/c\/\d+\?as=\d+&note=/)
  await adas.page.locator('.msg-vrow--found .team-note', { hasText: noteText }).waitFor()

  // At phone width the customer panel is a drawer, opened from the team bar.
  const phone = await openAs(web, ben, asBrand(), { viewport: 'phone' })
  await phone.page.locator('.team-bar').getByRole('button', { name: 'Customer' }).click()
  const drawer = phone.page.getByRole('dialog', { name: 'Customer' })
  await drawer.locator('[data-field="source"]', { hasText: 'spring-poster' }).waitFor()
  await screenshot(phone.page, 'team-inbox-customer-panel-phone')
  await drawer.getByRole('button', { name: 'Close the customer panel' }).click()
  assert.equal(await drawer.count(), 0)

  for (const window of [bensInbox, adas, bens, erins, phone]) {
    // Ben's refused send is a 409 the page expects and handles.
    assert.deepEqual(window.errors.filter((e) => !/status of 409/.test(e)), [])
  }
  for (const window of [bensInbox, adas, bens, erins, phone]) await window.context.close()
})
