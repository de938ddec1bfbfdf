import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirClient } from '@parloir/client'
import { screenshot } from './support/browser.ts'
import { demoPassword, startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs, type Person } from './support/people.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

/** Someone new, who has never written to Northwind. */
async function signUp(handle: string, displayName: string): Promise<Person> {
  const client = new ParloirClient({ baseUrl: web.server.url })
  const reply = await client.signup({ handle, displayName, password: demoPassword })
  return { handle, id: reply.me.account.id, token: reply.session.token, client }
}

test('a person sees the default welcome message, picks a quick reply, and the brand gets its metadata and answers as Sam', async () => {
  const erin = await signUp('erin', 'Erin Walsh')
  const ada = await logIn(web, 'ada')
  const brandId = (await ada.client.me()).brands.find((b) => b.brand.handle === 'northwind')?.brand.id
  assert.ok(brandId, 'Ada runs Northwind')
  const northwind = ada.client.withActAs(brandId)
  const card = await erin.client.call('getBrandCard', { params: { brandId } })
  const defaultWelcome = card.welcomeMessage
  assert.ok(defaultWelcome?.quickReply, 'Northwind has a default welcome message with quick replies')
  const coffee = defaultWelcome.quickReply.options.find((o) => o.label === 'Our coffee')
  assert.equal(coffee?.metadata, 'topic:coffee')

  // From the brand's profile, the Message button opens the conversation.
  const erins = await openAs(web, erin, '/@northwind')
  const { page } = erins
  await page.getByRole('button', { name: 'Message Northwind Coffee' }).click()
  await page.waitForURL(/\/c\/\d+$/)
  const conversationId = new URL(page.url()).pathname.split('/')[2] ?? ''
  const history = page.getByRole('region', { name: 'Message history' })

  // The welcome message is shown, from the brand, marked as not sent; nothing is stored yet.
  const shown = history.locator('.msg-welcome')
  await shown.getByText(defaultWelcome.text).waitFor()
  await shown.getByText('Welcome message · it joins the conversation when you write').waitFor()
  assert.equal(await shown.locator('.msg-row--mine').count(), 0)
  assert.equal(await shown.getByRole('link', { name: 'Call us' }).getAttribute('href'), 'tel:+33123456789')
  assert.deepEqual((await northwind.listMessages(conversationId)).messages, [])
  assert.deepEqual((await erin.client.listMessages(conversationId)).messages, [])
  await screenshot(page, 'messenger-welcome-not-sent-desktop')

  // Erin picks a quick reply: the welcome message is written first, then her answer.
  await shown.getByRole('group', { name: 'Reply options' }).getByRole('button', { name: /Our coffee/ }).click()
  await history.locator('.msg-row--mine .msg-bubble', { hasText: 'Our coffee' }).waitFor()
  await page.getByText('Sending…').waitFor({ state: 'hidden' })
  await shown.waitFor({ state: 'detached' })
  const written = history.locator('.msg-row', { has: page.getByText('Automatic welcome message') })
  await written.getByText(defaultWelcome.text).waitFor()
  const answered = written.getByRole('group', { name: 'Reply options' })
  assert.equal(await answered.getByRole('button', { name: /Our coffee/ }).getAttribute('aria-pressed'), 'true')
  assert.equal(await answered.getByRole('button', { name: 'Something else' }).isDisabled(), true)

  // The brand reads the conversation: its welcome message first, then Erin's answer with the option's metadata.
  const { messages } = await northwind.listMessages(conversationId)
  const [welcome, answer, ...rest] = messages
  assert.ok(welcome && answer)
  assert.equal(welcome.senderId, brandId)
  assert.equal(welcome.automation, 'welcome')
  assert.equal(welcome.text, defaultWelcome.text)
  assert.deepEqual(welcome.quickReply, defaultWelcome.quickReply)
  assert.notEqual(welcome.id, defaultWelcome.id, 'the written message is a message of its own')
  assert.equal(answer.senderId, erin.id)
  assert.equal(answer.text, 'Our coffee')
  assert.equal(answer.seq, welcome.seq + 1)
  assert.deepEqual(answer.quickReplyResponse, { type: 'options', messageId: welcome.id, metadata: 'topic:coffee' })
  // Outside Northwind's hours the away message follows, once, marked as automatic.
  for (const extra of rest) assert.equal(extra.automation, 'away')
  if (rest.length > 0) await history.getByText('Automatic reply').first().waitFor()

  // The brand answers through the API under its custom profile: Erin sees Sam's name beside the brand's.
  const customProfiles = (await ada.client.call('listCustomProfiles', { params: { brandId } })).customProfiles
  const sam = customProfiles.find((p) => p.name === 'Sam · Care team')
  assert.ok(sam)
  const text = 'Our spring blend is back: bright, with notes of apricot.'
  await northwind.sendMessage(conversationId, { text, customProfileId: sam.id })
  const samsRow = history.locator('.msg-row', { hasText: text })
  await samsRow.locator('.msg-row__sender', { hasText: 'Sam · Care team · Northwind Coffee' }).waitFor()
  await screenshot(page, 'messenger-custom-profile-desktop')

  // Ada answers from the console, choosing Sam in the composer; the choice holds in another conversation.
  const adas = await openAs(web, ada, `/c/${conversationId}?as=${brandId}`)
  const answerAs = adas.page.getByLabel('Answer as')
  await answerAs.waitFor()
  assert.deepEqual(await answerAs.locator('option').allTextContents(), ['Northwind Coffee', ...customProfiles.map((p) => `${p.name} · Northwind Coffee`)])
  await answerAs.selectOption({ label: 'Sam · Care team · Northwind Coffee' })
  const fromUi = 'A tasting bag is on its way, Erin.'
  await adas.page.getByRole('textbox', { name: 'Message' }).fill(fromUi)
  await adas.page.keyboard.press('Enter')
  // Both of Sam's messages make one run: the name shows once, above the first.
  await adas.page.locator('.msg-row--mine', { hasText: fromUi }).waitFor()
  await adas.page.getByText('Sending…').waitFor({ state: 'hidden' })
  assert.deepEqual(await adas.page.locator('.msg-row--mine .msg-row__sender').allTextContents(), ['As Sam · Care team'])
  await history.locator('.msg-row--theirs', { hasText: fromUi }).waitFor()
  const names = await history.locator('.msg-row--theirs .msg-row__sender').allTextContents()
  assert.equal(names.length, 1)
  assert.match(names[0] ?? '', /Sam · Care team · Northwind Coffee$/)
  await screenshot(adas.page, 'messenger-answer-as-profile-desktop')
  const last = (await erin.client.listMessages(conversationId)).messages.at(-1)
  assert.equal(last?.text, fromUi)
  assert.deepEqual(last?.customProfile, { id: sam.id, name: sam.name, avatarUrl: sam.avatarUrl })
  await adas.page.getByRole('link', { name: /Chloé Martin/ }).first().click()
  await adas.page.waitForURL((url) => url.pathname.startsWith('/c/') && !url.pathname.endsWith(conversationId))
  await adas.page.getByText('It left our roastery yesterday', { exact: false }).first().waitFor()
  assert.equal(await adas.page.getByLabel('Answer as').locator('option:checked').textContent(), 'Sam · Care team · Northwind Coffee')
  // Remembered in memory only: a reload answers as the brand again.
  await adas.page.reload()
  await adas.page.getByLabel('Answer as').waitFor()
  assert.equal(await adas.page.getByLabel('Answer as').locator('option:checked').textContent(), 'Northwind Coffee')
  assert.doesNotMatch(await adas.page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage })), new RegExp(sam.id))

  assert.deepEqual(erins.errors, [])
  assert.deepEqual(adas.errors, [])
  await erins.context.close()
  await adas.context.close()
})

test("a visitor's conversation shows the visitor by name with a Visitor tag, never an @handle", async () => {
  const ada = await logIn(web, 'ada')
  const brandId = (await ada.client.me()).brands.find((b) => b.brand.handle === 'northwind')?.brand.id ?? ''
  const anonymous = new ParloirClient({ baseUrl: web.server.url })
  const started = await anonymous.call('startVisitorConversation', { body: { brandId, text: 'Are you open on Sunday?', displayName: 'Maya from the market' } })
  assert.equal(started.me.account.kind, 'visitor')
  assert.equal(started.me.account.handle, '')

  const adas = await openAs(web, ada, `/c/${started.conversation.id}?as=${brandId}`)
  const { page } = adas
  const header = page.locator('.msg-view__header')
  await header.getByRole('heading', { name: 'Maya from the market' }).waitFor()
  await header.locator('.msg-visitor-tag', { hasText: 'Visitor' }).waitFor()
  assert.doesNotMatch(await header.innerText(), /@/)
  await page.getByText('This is the beginning of your conversation with Maya from the market, a visitor without an account.').waitFor()
  await page.getByRole('button', { name: 'Conversation details' }).click()
  const details = page.getByRole('dialog')
  await details.locator('.msg-visitor-tag', { hasText: 'Visitor' }).waitFor()
  assert.equal(await details.getByRole('link', { name: 'View profile' }).count(), 0)
  await screenshot(page, 'messenger-visitor-tag-desktop')
  assert.deepEqual(adas.errors, [])
  await adas.context.close()
})
