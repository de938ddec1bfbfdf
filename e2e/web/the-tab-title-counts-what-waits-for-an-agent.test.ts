import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { live, logIn, openAs, settleOpenConversations, type Person } from './support/people.ts'

let web: WebFixture
let ada: Person
let chloe: Person
let brandId: string
let conversationId: string

before(async () => {
  web = await startWeb()
  ada = await logIn(web, 'ada')
  chloe = await logIn(web, 'chloe')
  brandId = (await chloe.client.getAccountByHandle('northwind')).id
  // The demo's open conversations are settled first, so the count is this journey's alone.
  await settleOpenConversations(ada, brandId)
  const mine = (await chloe.client.listConversations()).conversations.find((c) => c.participants.some((p) => p.account.id === brandId))
  assert.ok(mine)
  conversationId = mine.id
})
after(() => web.close())

test('the tab title counts what waits for Ada, and moves when Chloé writes; notifications, the chime and her availability are set from the inbox', async () => {
  const adas = await openAs(web, ada, '/console/northwind/inbox')
  const chloes = await openAs(web, chloe, `/c/${conversationId}`)
  await adas.page.waitForFunction(() => document.title === 'Team inbox · Northwind Coffee · Parloir')
  await live(chloes.page)

  await chloes.page.getByRole('textbox', { name: /message/i }).fill('Do you roast on Sundays?')
  await chloes.page.keyboard.press('Enter')
  await adas.page.waitForFunction(() => document.title === '(1) Team inbox · Northwind Coffee · Parloir')

  // Ada takes it: it leaves Unassigned, and she has read it, so nothing waits for her.
  await ada.client.call('assignConversation', { params: { brandId, conversationId }, body: { assigneeId: ada.id } })
  await ada.client.call('markRead', { params: { conversationId }, body: { seq: (await ada.client.call('getInboxItem', { params: { brandId, conversationId } })).conversation.lastSeq }, headers: { 'parloir-act-as': brandId } })
  await adas.page.waitForFunction(() => document.title === 'Team inbox · Northwind Coffee · Parloir')

  // Chloé writes again: unread in Ada's own conversations.
  await chloes.page.getByRole('textbox', { name: /message/i }).fill('And on holidays?')
  await chloes.page.keyboard.press('Enter')
  await adas.page.waitForFunction(() => document.title.startsWith('(1) '))

  // The settings: the chime is off until Ada turns it on, and stays so in this browser.
  const settings = adas.page.getByRole('region', { name: 'Notifications' })
  const sound = settings.getByRole('checkbox', { name: 'Play a sound for new conversations' })
  assert.equal(await sound.isChecked(), false)
  await settings.getByRole('button', { name: 'Turn on notifications' }).waitFor()
  await sound.check()
  assert.equal(await adas.page.evaluate(() => localStorage.getItem('parloir.inbox.sound')), 'on')
  mkdirSync(new URL('../../docs/screenshots/', import.meta.url), { recursive: true })
  await settings.screenshot({ path: new URL('../../docs/screenshots/team-inbox-notification-settings.png', import.meta.url).pathname })

  // Ada's availability, beside them: she steps away, and round robin (and the server) know it.
  const you = adas.page.getByRole('region', { name: 'You' })
  const availability = you.getByRole('combobox', { name: 'Your availability' })
  assert.equal(await availability.inputValue(), 'online')
  await you.getByText(/of 10 open conversations/).waitFor()
  // The dot moves at once (optimistically); the server's answer is what the check below reads.
  const saved = adas.page.waitForResponse((r) => r.request().method() === 'PATCH' && /\/inbox-members\//.test(r.url()))
  await availability.selectOption('away')
  assert.equal((await saved).status(), 200)
  await adas.page.waitForFunction(() => document.querySelector('.inbox-me__dot--away') !== null)
  const members = await ada.client.call('listInboxMembers', { params: { brandId } })
  const hers = members.members.find((m) => m.memberId === ada.id)
  assert.deepEqual([hers?.availability, hers?.present], ['away', true], 'away as she set it, and there: the console is open')
  await adas.page.getByRole('navigation', { name: 'Views' }).screenshot({ path: new URL('../../docs/screenshots/team-inbox-availability.png', import.meta.url).pathname })
  await availability.selectOption('online')
  await adas.page.waitForFunction(() => document.querySelector('.inbox-me__dot--online') !== null)

  // The service worker is served from the site root, under the page's policy.
  const sw = await adas.page.request.get(`${web.server.url}/sw.js`)
  assert.equal(sw.status(), 200)
  assert.match(sw.headers()['content-type'] ?? '', /javascript/)
})
