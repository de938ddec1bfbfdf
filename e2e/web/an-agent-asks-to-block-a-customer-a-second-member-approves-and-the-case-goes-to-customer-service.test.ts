import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirClient } from '@parloir/client'
import { screenshot, seriousA11yViolations } from './support/browser.ts'
import { demoPassword, startWeb, type WebFixture } from './support/fixture.ts'
import { live, logIn, openAs, settleOpenConversations, type Person } from './support/people.ts'

/**
 * Moderation with tact: Ben, an agent, asks to block Dan with a reason; Ada, the owner, approves
 * in the console's Moderation section; Dan is told why (never who), and his case opens in the team
 * inbox with a private note saying who asked, who approved and why; the audit log shows the
 * request, the approval and the block. Then Cid, an admin, unblocks him with a reason. And Ben
 * hides a message of Chloé's with a reason: she still reads it, with the reason, and asks for a review.
 */
let web: WebFixture
let ada: Person, ben: Person, dan: Person, cid: Person, chloe: Person
let brandId: string
let dansConversation: string
const reason = 'Insulting messages to our team, three times after we offered a refund.'
const unblockReason = 'We called Dan: the parcel was lost, and we apologised.'

before(async () => {
  web = await startWeb()
  ;[ada, ben, dan, chloe] = [await logIn(web, 'ada'), await logIn(web, 'ben'), await logIn(web, 'dan'), await logIn(web, 'chloe')]
  brandId = (await dan.client.getAccountByHandle('northwind')).id
  await settleOpenConversations(ada, brandId)
  const withBrand = (await dan.client.listConversations()).conversations.find((c) => c.kind === 'direct' && c.participants.some((p) => p.account.id === brandId))
  assert.ok(withBrand)
  dansConversation = withBrand.id
  // Cid joins the team as an admin.
  const signup = await new ParloirClient({ baseUrl: web.server.url }).call('signup', { body: { handle: 'cid', displayName: 'Cid Moreau', password: demoPassword } })
  cid = await logIn(web, 'cid')
  assert.equal(signup.me.account.id, cid.id)
  await ada.client.call('setBrandMember', { params: { brandId, accountId: cid.id }, body: { role: 'admin' } })
})
after(() => web.close())

test('an agent asks to block a customer with a reason, a second member approves, the case goes to customer service, and an admin unblocks', async () => {
  // Ben, in Dan's conversation as the brand: the block dialog asks why and says a second member must approve.
  const bens = await openAs(web, ben, `/c/${dansConversation}?as=${brandId}`)
  await live(bens.page)
  await bens.page.getByRole('button', { name: 'Conversation details' }).click()
  await bens.page.getByRole('button', { name: 'Block…' }).click()
  const dialog = bens.page.getByRole('dialog', { name: 'Block Dan Silva?' })
  await dialog.getByText('A second member of the team must approve before Dan Silva is blocked.').waitFor()
  assert.equal(await dialog.getByRole('button', { name: 'Ask to block' }).isDisabled(), true, 'no reason, no request')
  await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason)
  await screenshot(bens.page, 'moderation-block-dialog-desktop')
  assert.deepEqual(await seriousA11yViolations(bens.page), [], 'the block dialog')
  await dialog.getByRole('button', { name: 'Ask to block' }).click()
  await bens.page.getByText('Asked: a second member of the team must approve (Moderation).').waitFor()
  assert.deepEqual((await ben.client.withActAs(brandId).call('listBlocks')).accounts, [], 'nothing is blocked yet')

  // Ada sees the request with its reason in Moderation, and approves it.
  const adas = await openAs(web, ada, '/console/northwind/moderation')
  const request = adas.page.locator('.moderation-request', { hasText: 'Ben Okafor (@ben) asks to block Dan Silva (@dan)' })
  await request.getByText(`Reason: ${reason}`).waitFor()
  await screenshot(adas.page, 'moderation-pending-desktop')
  assert.deepEqual(await seriousA11yViolations(adas.page), [], 'the Moderation section')
  await request.getByRole('button', { name: 'Approve and block' }).click()
  await adas.page.getByRole('status').filter({ hasText: 'Approved: Dan Silva (@dan) is blocked and the case is open in the inbox.' }).waitFor()
  const log = adas.page.getByRole('list', { name: 'Audit log' })
  await log.locator('[data-action="customer.blocked"]').getByText(reason).waitFor()
  assert.deepEqual(await log.locator('.moderation-log__entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))),
    ['customer.blocked', 'customer.block.approved', 'customer.block.requested'])
  await adas.page.locator('.moderation-blocked__row', { hasText: 'Dan Silva' }).waitFor()
  await screenshot(adas.page, 'moderation-after-approval-desktop')

  // The case is open in the team inbox, with the private note: who asked, who approved, why.
  const inbox = await openAs(web, ben, '/console/northwind/inbox')
  const row = inbox.page.locator(`.inbox-row[data-conversation-id="${dansConversation}"]`)
  await row.waitFor()
  await row.click()
  const note = inbox.page.locator('.team-note--moderation')
  await note.getByText(`Blocked at Ben Okafor’s request, approved by Ada Lovelace. The customer was told; please follow up. Reason: ${reason}`).waitFor()
  await note.getByText('Only your team sees this').waitFor()
  await screenshot(inbox.page, 'moderation-case-in-the-inbox-desktop')

  // Dan is told why, in his conversation with the brand, and never who.
  const dans = await openAs(web, dan, `/c/${dansConversation}`)
  await dans.page.getByText(`Northwind Coffee has blocked you. Reason: ${reason}`).waitFor()
  const history = await dans.page.getByRole('region', { name: 'Message history' }).innerText()
  assert.ok(!history.includes('Ben') && !history.includes('Ada'), history)
  await screenshot(dans.page, 'moderation-customer-told-desktop')

  // Cid, an admin, unblocks Dan with a reason; Dan is told; the log shows the block undone.
  const cids = await openAs(web, cid, '/console/northwind/moderation')
  const blocked = cids.page.locator('.moderation-blocked__row', { hasText: 'Dan Silva' })
  await blocked.getByRole('button', { name: 'Unblock…' }).click()
  await blocked.getByRole('textbox', { name: 'Why unblock? Dan Silva is told.' }).fill(unblockReason)
  await blocked.getByRole('button', { name: 'Unblock', exact: true }).click()
  await cids.page.getByRole('status').filter({ hasText: 'Dan Silva is unblocked and was told.' }).waitFor()
  const cidsLog = cids.page.getByRole('list', { name: 'Audit log' })
  await cidsLog.locator('[data-action="customer.unblocked"]').getByText(unblockReason).waitFor()
  await cidsLog.locator('[data-action="customer.blocked"]').getByText('undone').waitFor()
  await screenshot(cids.page, 'moderation-after-unblock-desktop')
  await dans.page.getByText(`Northwind Coffee has unblocked you. Reason: ${unblockReason}`).waitFor()

  // The filter by action keeps only the blocks.
  await cids.page.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Blocked' })
  await cidsLog.locator('.moderation-log__entry').first().waitFor()
  assert.deepEqual(await cidsLog.locator('.moderation-log__entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))), ['customer.blocked'])

  for (const w of [bens, adas, inbox, dans, cids]) assert.deepEqual(w.errors, [])
})

test('the Moderation section on a phone, in the dark, and in French', async () => {
  // A pending request to show: Ben asks to block Dan again.
  await ben.client.call('requestBlock', { params: { brandId }, body: { accountId: dan.id, reason: 'Spam links in every message.' } })
  const phone = await openAs(web, ada, '/console/northwind/moderation', { viewport: 'phone' })
  await phone.page.locator('.moderation-request').first().waitFor()
  await screenshot(phone.page, 'moderation-phone')
  assert.deepEqual(await seriousA11yViolations(phone.page), [], 'phone')
  const dark = await openAs(web, ada, '/console/northwind/moderation', { colorScheme: 'dark' })
  await dark.page.locator('.moderation-request').first().waitFor()
  await screenshot(dark.page, 'moderation-dark')
  assert.deepEqual(await seriousA11yViolations(dark.page), [], 'dark')
  const fr = await openAs(web, ada, '/console/northwind/moderation', { locale: 'fr-FR' })
  await fr.page.getByRole('heading', { name: 'Modération', level: 1 }).waitFor()
  await fr.page.getByText('Ben Okafor (@ben) demande de bloquer Dan Silva (@dan)').waitFor()
  await screenshot(fr.page, 'moderation-fr')
  const frBlock = await openAs(web, ben, `/c/${dansConversation}?as=${brandId}`, { locale: 'fr-FR' })
  await frBlock.page.getByRole('button', { name: 'Détails de la conversation' }).click()
  await frBlock.page.getByRole('button', { name: 'Bloquer…' }).click()
  await frBlock.page.getByRole('dialog', { name: 'Bloquer Dan Silva ?' }).waitFor()
  await screenshot(frBlock.page, 'moderation-block-dialog-fr')
  const phoneBlock = await openAs(web, ben, `/c/${dansConversation}?as=${brandId}`, { viewport: 'phone', colorScheme: 'dark' })
  await phoneBlock.page.getByRole('button', { name: 'Conversation details' }).click()
  await phoneBlock.page.getByRole('button', { name: 'Block…' }).click()
  await phoneBlock.page.getByRole('dialog', { name: 'Block Dan Silva?' }).getByRole('textbox', { name: 'Reason' }).fill('Spam links in every message.')
  await screenshot(phoneBlock.page, 'moderation-block-dialog-phone-dark')
  for (const w of [phone, dark, fr, frBlock, phoneBlock]) assert.deepEqual(w.errors, [])
})

test("an agent hides a customer's message with a reason; she still reads it with the reason and asks for a review, which reaches the team", async () => {
  const conversation = (await chloe.client.listConversations()).conversations.find((c) => c.kind === 'direct' && c.participants.some((p) => p.account.id === brandId))
  assert.ok(conversation)
  const text = 'You are all incompetent, call me on +33 6 12 34 56 78'
  await chloe.client.sendMessage(conversation.id, { text })
  const hideReason = 'Your phone number was visible: we hid it to protect you. We will call you today.'

  const bens = await openAs(web, ben, `/c/${conversation.id}?as=${brandId}`)
  await live(bens.page)
  const bubble = bens.page.locator('.msg-row', { hasText: text })
  await bubble.hover()
  await bubble.getByRole('button', { name: 'Message actions' }).click()
  await bens.page.getByRole('menuitem', { name: 'Hide…' }).click()
  const dialog = bens.page.getByRole('dialog', { name: 'Hide this message?' })
  await dialog.getByRole('textbox', { name: 'Reason' }).fill(hideReason)
  await screenshot(bens.page, 'moderation-hide-dialog-desktop')
  await dialog.getByRole('button', { name: 'Hide', exact: true }).click()
  await bubble.getByText(`Hidden by the team: ${hideReason}`).waitFor()

  const chloes = await openAs(web, chloe, `/c/${conversation.id}`)
  const hers = chloes.page.locator('.msg-row', { hasText: text })
  await hers.getByText(`Hidden by the team: ${hideReason}`).waitFor()
  await screenshot(chloes.page, 'moderation-hidden-message-author-desktop')
  await hers.getByRole('button', { name: 'Ask for a review' }).click()
  await hers.getByText('You asked the team to review it.').waitFor()

  // The team hears of it: the conversation's timeline says so.
  await bens.page.locator('.team-note--moderation', { hasText: 'The customer asks the team to review a hidden message.' }).waitFor()
  await screenshot(bens.page, 'moderation-review-requested-desktop')
  const log = await ada.client.call('listAuditLog', { params: { brandId }, query: { personId: chloe.id } })
  assert.deepEqual(log.entries.map((e) => e.action), ['message.review.requested', 'message.hidden'])
  for (const w of [bens, chloes]) assert.deepEqual(w.errors, [])
})
