import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { screenshot, seriousA11yViolations } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs, settleOpenConversations, type Person } from './support/people.ts'

/**
 * Northwind Coffee's collection of its customers' cups: Chloé adds hers; Ada hides it, with a
 * reason, as the brand; Chloé asks for a review. Ada reads the ask on the item, and Ben finds
 * Chloé's case open in the team inbox with a private line linking the item on the public page.
 */
let web: WebFixture
let ada: Person, ben: Person, chloe: Person
let brandId: string

before(async () => {
  web = await startWeb()
  ;[ada, ben, chloe] = [await logIn(web, 'ada'), await logIn(web, 'ben'), await logIn(web, 'chloe')]
  brandId = (await chloe.client.getAccountByHandle('northwind')).id
  await settleOpenConversations(ada, brandId)
})
after(() => web.close())

test("a brand hides a contribution; its author's review ask is on the item and opens her case in the team inbox", { timeout: 300_000 }, async () => {
  const brand = ada.client.withActAs(brandId)
  const collection = await brand.call('createCollection', { body: { title: 'Your Northwind cups', contributionMode: 'open' } })
  const item = await chloe.client.call('addCollectionItem', { params: { collectionId: collection.id }, body: { kind: 'text', title: 'My morning cup', text: 'Call me at +33 6 12 34 56 78 for the recipe!' } })
  const reason = 'Your phone number was public: we hid it to protect you.'
  await brand.hideCollectionItem(collection.id, item.id, reason)
  await chloe.client.requestCollectionItemReview(collection.id, item.id, 'It is the café’s number, not mine.')

  // Ada, curating as the brand, reads the ask on the item.
  const curator = await openAs(web, ada, `/collections/${collection.id}/edit?as=${brandId}`)
  const hers = curator.page.locator('.collection-groups .collection-item', { hasText: 'My morning cup' })
  await hers.getByText(`Hidden by the moderators: ${reason}`).waitFor()
  await hers.getByText('The author asked for a review.').waitFor()
  assert.deepEqual(await seriousA11yViolations(curator.page), [])
  await screenshot(curator.page, 'collection-brand-review-requested-desktop')

  // Ben finds Chloé's case open in the inbox, with the private line and its link.
  const chloesCase = (await chloe.client.listConversations()).conversations.find((c) => c.kind === 'direct' && c.participants.some((p) => p.account.id === brandId))
  assert.ok(chloesCase)
  const inbox = await openAs(web, ben, '/console/northwind/inbox?view=open')
  const row = inbox.page.locator(`.inbox-row[data-conversation-id="${chloesCase.id}"]`)
  await row.waitFor()
  await row.click()
  const line = inbox.page.locator('.team-note--moderation', { hasText: 'The customer asks the team to review their hidden collection item. It is the café’s number, not mine.' })
  await line.waitFor()
  assert.equal(await line.getByRole('link', { name: 'Open the collection' }).getAttribute('href'), `/collections/${collection.id}#item-${item.id}`)
  await screenshot(inbox.page, 'collection-review-case-in-the-inbox-desktop')

  // Chloé's own conversation with the brand holds nothing of it.
  const messages = await chloe.client.call('listMessages', { params: { conversationId: chloesCase.id }, query: {} })
  assert.ok(!JSON.stringify(messages).includes('not mine'), 'the line is the team\'s')
  for (const w of [curator, inbox]) assert.deepEqual(w.errors, [])
  for (const w of [curator, inbox]) await w.context.close()
})
