import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs } from './support/people.ts'

let web: WebFixture
before(async () => { web = await startWeb() })
after(() => web.close())

test('quick replies are buttons that send the choice; message buttons open a page, call, or open a conversation', async () => {
  const chloe = await logIn(web, 'chloe')
  const ada = await logIn(web, 'ada')
  const brandId = (await ada.client.me()).brands[0]?.brand.id
  assert.ok(brandId, 'Ada runs Northwind')
  const northwind = ada.client.withActAs(brandId)
  const conversation = (await chloe.client.listConversations()).conversations.find((c) => c.participants.some((p) => p.account.id === brandId))
  assert.ok(conversation)

  const chloes = await openAs(web, chloe, `/c/${conversation.id}`)
  const { page } = chloes
  const history = page.getByRole('region', { name: 'Message history' })

  // The demo's question was answered already: its options stay, the choice marked, none clickable.
  const answered = history.getByRole('group', { name: 'Reply options' }).first()
  await answered.waitFor()
  assert.equal(await answered.getByRole('button', { name: 'Track my parcel' }).getAttribute('aria-pressed'), 'true')
  assert.equal(await answered.getByRole('button', { name: /Send a new one/ }).isDisabled(), true)

  // Its buttons: a web page (safely, in a new tab) and a phone number.
  const track = history.getByRole('link', { name: /Track parcel/ })
  assert.equal(await track.getAttribute('href'), 'https://northwind.example/track/4512')
  assert.equal(await track.getAttribute('target'), '_blank')
  assert.deepEqual((await track.getAttribute('rel'))?.split(' ').sort(), ['nofollow', 'noopener', 'noreferrer', 'ugc'])
  assert.equal(await history.getByRole('link', { name: 'Call us' }).getAttribute('href'), 'tel:+33123456789')

  // Northwind asks again, live; Chloé answers with a button.
  const question = await northwind.sendMessage(conversation.id, {
    text: 'The new parcel is ready. How would you like to get it?',
    quickReply: { type: 'options', options: [
      { label: 'Deliver it', metadata: 'deliver' },
      { label: 'Pick up in store', description: 'Rue des Martyrs, from 8 am', metadata: 'pickup' },
    ] },
  })
  const options = history.getByRole('group', { name: 'Reply options' }).last()
  await options.getByRole('button', { name: /Pick up in store/ }).click()
  await history.locator('.msg-row--mine .msg-bubble', { hasText: 'Pick up in store' }).waitFor()
  await page.getByText('Sending…').waitFor({ state: 'hidden' })
  assert.equal(await options.getByRole('button', { name: /Pick up in store/ }).getAttribute('aria-pressed'), 'true')
  assert.equal(await options.getByRole('button', { name: 'Deliver it' }).isDisabled(), true)
  // Outside Northwind's hours the away message follows the answer: only Chloé's messages count here.
  const answers = (await northwind.listMessages(conversation.id, { afterSeq: question.seq })).messages.filter((m) => m.automation === null)
  assert.deepEqual(answers.map((m) => m.quickReplyResponse), [{ type: 'options', messageId: question.id, metadata: 'pickup' }])

  // A button that opens a conversation with another account.
  await northwind.sendMessage(conversation.id, { text: 'Ben can help with wholesale orders.', buttons: [{ type: 'conversation', label: 'Message Ben', accountId: (await ada.client.getAccountByHandle('ben')).id }] })
  await history.getByRole('button', { name: 'Message Ben' }).click()
  await page.waitForURL((url) => url.pathname.startsWith('/c/') && !url.pathname.endsWith(conversation.id))
  await page.locator('.msg-view__header').getByRole('heading', { name: 'Ben Okafor' }).waitFor()

  assert.deepEqual(chloes.errors, [])
  await chloes.context.close()
})
