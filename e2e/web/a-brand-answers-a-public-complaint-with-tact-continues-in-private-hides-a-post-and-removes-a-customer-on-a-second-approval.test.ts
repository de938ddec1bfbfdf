import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { screenshot, seriousA11yViolations, viewports } from './support/browser.ts'
import { repoRoot } from '../support/parloir-process.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs, settleOpenConversations, type Person } from './support/people.ts'

/**
 * The article's story, told the other way: Northwind starts a public discussion and invites
 * Chloé and Dan; Chloé complains publicly; Ben's curt draft ("This page is not a place to vent.")
 * is flagged and he posts the calmer version; he continues in private and the case appears in the
 * team inbox with a link back; he hides Dan's post with a reason Dan still reads (and asks a review
 * of); he asks to remove Chloé, which waits for Ada's approval and then opens a case for customer
 * service; the audit log shows all of it. Hostile text in a title and a post stays text.
 */
let web: WebFixture
let ada: Person, ben: Person, chloe: Person, dan: Person
let brandId: string
const hostileTitle = 'Late parcels <img src=x onerror=alert(1)>'
const complaint = 'My parcel is two weeks late <script>alert(2)</script> and nobody answers!'
const curt = 'This page is not a place to vent.'
const calmer = 'We hear you, and we want to put this right.'
const hideReason = 'Your phone number was public: we hid it to protect you.'
const removeReason = 'Repeated insults to other customers after two warnings.'

before(async () => {
  web = await startWeb()
  ;[ada, ben, chloe, dan] = [await logIn(web, 'ada'), await logIn(web, 'ben'), await logIn(web, 'chloe'), await logIn(web, 'dan')]
  brandId = (await dan.client.getAccountByHandle('northwind')).id
  await settleOpenConversations(ada, brandId)
})
after(() => web.close())

/** Fails the page on any script the hostile text could have run. */
function noDialogs(page: Page): string[] {
  const opened: string[] = []
  page.on('dialog', (dialog) => { opened.push(dialog.message()); void dialog.dismiss() })
  return opened
}

const post = (page: Page, text: string | RegExp) => page.locator('.disc-post', { hasText: text })

test('a brand answers a public complaint with tact, continues in private, hides a post with a reason its author sees, and removes a customer on a second approval; the audit log shows it all', { timeout: 600_000 }, async () => {
  // Ada starts it as Northwind and invites Chloé and Dan.
  const brand = ada.client.withActAs(brandId)
  const { discussion } = await brand.startDiscussion({ title: hostileTitle, text: 'Our courier is behind this week: ask us anything here.', invite: [chloe.id, dan.id] })
  const id = discussion.id
  // Chloé complains publicly; Dan posts his phone number.
  const chloesPost = await chloe.client.addDiscussionPost(id, { text: complaint })
  await dan.client.addDiscussionPost(id, { text: 'Same for me, call me at +33 6 12 34 56 78' })

  // Ben, as the brand, starts a curt answer: the tone check flags it and he takes the calmer version.
  const bens = await openAs(web, ben, `/discussions/${id}?as=${brandId}`)
  const b = bens.page
  const bDialogs = noDialogs(b)
  await b.getByRole('heading', { level: 1, name: hostileTitle }).waitFor()
  await post(b, 'two weeks late').getByText(complaint).waitFor()
  await b.getByLabel('Your post').pressSequentially(curt)
  const hint = b.getByRole('region', { name: 'This may read as harsher than you mean' })
  await hint.waitFor()
  assert.match(await hint.innerText(), /not a place to vent/)
  await hint.scrollIntoViewIfNeeded()
  await screenshot(b, 'discussion-tone-check-desktop')
  await hint.getByRole('button', { name: 'Use the calmer version' }).click()
  assert.equal(await b.getByLabel('Your post').inputValue(), calmer)
  await b.getByRole('button', { name: 'Post', exact: true }).click()
  await post(b, calmer).waitFor()
  assert.equal(await post(b, curt).count(), 0, 'the curt draft was never posted')

  // He continues Chloé's complaint in private: a public reply says so, and the case is in the inbox.
  await post(b, 'two weeks late').getByRole('button', { name: 'Continue in private' }).click()
  await b.getByRole('status').filter({ hasText: 'Written to @chloe privately; the case is in the team inbox.' }).waitFor()
  await post(b, 'We have written to you privately').waitFor()
  assert.equal((await chloe.client.listDiscussionPosts(id)).posts.filter((p) => p.text.includes('We have written to you privately')).length, 1)
  const chloesCase = (await chloe.client.listConversations()).conversations.find((c) => c.kind === 'direct' && c.participants.some((p) => p.account.id === brandId))
  assert.ok(chloesCase)
  // The button gives way to the conversation it opened, so no one asks twice.
  const taken = post(b, 'two weeks late').getByRole('link', { name: 'Continued in private: open the conversation' })
  await taken.waitFor()
  assert.equal(await taken.getAttribute('href'), `/c/${chloesCase.id}?as=${brandId}`)
  assert.equal(await post(b, 'two weeks late').getByRole('button', { name: 'Continue in private' }).count(), 0)
  await screenshot(b, 'discussion-continued-in-private-desktop')
  const inbox = await openAs(web, ben, '/console/northwind/inbox?view=open')
  const row = inbox.page.locator(`.inbox-row[data-conversation-id="${chloesCase.id}"]`)
  await row.waitFor()
  await row.click()
  await inbox.page.locator('.msg-bubble', { hasText: 'My parcel is two weeks late' }).first().waitFor()
  const continued = inbox.page.locator('.team-note--moderation', { hasText: `continued post #${chloesPost.seq} of a public discussion here` })
  await continued.waitFor()
  assert.equal(await continued.getByRole('link', { name: 'Open the post' }).getAttribute('href'), `/d/${id}#p${chloesPost.seq}`)
  await screenshot(inbox.page, 'discussion-continued-in-the-inbox-desktop')

  // He hides Dan's post with a reason; everyone else reads only the reason.
  await post(b, '+33 6').getByRole('button', { name: 'Hide…' }).click()
  await b.getByRole('textbox', { name: /Why hide it\?/ }).fill(hideReason)
  await screenshot(b, 'discussion-hide-reason-desktop')
  await b.getByRole('button', { name: 'Hide', exact: true }).click()
  await post(b, `Hidden by the moderators: ${hideReason}`).waitFor()
  const chloes = await openAs(web, chloe, `/discussions/${id}`)
  await post(chloes.page, `Hidden by the moderators: ${hideReason}`).waitFor()
  assert.equal(await chloes.page.getByText('+33 6 12 34 56 78').count(), 0, 'others do not read it')
  // Dan still reads his post, with the reason, and asks for a review.
  const dans = await openAs(web, dan, `/discussions/${id}`)
  const dDialogs = noDialogs(dans.page)
  const his = post(dans.page, '+33 6 12 34 56 78')
  await his.getByText(`Hidden by the moderators: ${hideReason} (others see only this reason, not your post)`).waitFor()
  await screenshot(dans.page, 'discussion-hidden-post-its-author-sees-desktop')
  await his.getByRole('button', { name: 'Ask for a review' }).click()
  await his.getByText('You asked the moderators to review it.').waitFor()
  await post(b, '+33 6').getByText('Its author asked for a review.').waitFor()
  // The public page, without JavaScript: the reason, never the post; the hostile title and post as text.
  const reader = await web.browser.newContext({ viewport: viewports.desktop, javaScriptEnabled: false })
  const publicPage = await reader.newPage()
  await publicPage.goto(`${web.server.url}/d/${id}`)
  await publicPage.getByRole('heading', { level: 1, name: hostileTitle }).waitFor()
  await publicPage.getByText(complaint).first().waitFor()
  await publicPage.getByText(`Hidden by the moderators: ${hideReason}`).waitFor()
  assert.equal(await publicPage.getByText('+33 6 12 34 56 78').count(), 0)
  assert.equal(await publicPage.locator('img[src="x"], script').count(), 0)
  await publicPage.screenshot({ path: `${repoRoot}docs/screenshots/public-discussion-moderated-desktop.png`, fullPage: true })
  await reader.close()

  // He asks to remove Chloé: it waits for a second member.
  const people = b.getByRole('region', { name: 'Taking part' })
  const chloesRow = people.locator('li', { hasText: 'Chloé' })
  await chloesRow.getByRole('button', { name: 'Remove…' }).click()
  await chloesRow.getByRole('textbox', { name: /Why remove Chloé/ }).fill(removeReason)
  await screenshot(b, 'discussion-remove-participant-desktop')
  await chloesRow.getByRole('button', { name: 'Remove', exact: true }).click()
  await b.getByRole('status').filter({ hasText: 'Asked: a second member of the team must approve' }).waitFor()
  assert.equal((await chloe.client.getDiscussion(id)).me, 'participant', 'nothing is done yet')

  // Ada approves in Moderation; Chloé is removed, told why (never who), and her case opens for customer service.
  const adas = await openAs(web, ada, '/console/northwind/moderation')
  const request = adas.page.locator('.moderation-request', { hasText: 'Ben Okafor (@ben) asks to remove Chloé Martin (@chloe) from a public discussion' })
  await request.getByText(`Reason: ${removeReason}`).waitFor()
  await screenshot(adas.page, 'discussion-removal-pending-desktop')
  await request.getByRole('button', { name: 'Approve and remove' }).click()
  await adas.page.getByRole('status').filter({ hasText: 'Approved: Chloé Martin (@chloe) is removed from the discussion, was told why, and the case is open in the inbox.' }).waitFor()
  const log = adas.page.getByRole('list', { name: 'Audit log' })
  await log.locator('[data-action="discussion.participant.removed"]').getByText(removeReason).waitFor()
  const actions = await log.locator('.moderation-log__entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))
  for (const action of ['discussion.participant.removed', 'discussion.participant.remove.approved', 'discussion.participant.remove.requested',
    'discussionPost.review.requested', 'discussionPost.hidden', 'discussionPost.continuedInPrivate']) assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`)
  await log.locator('[data-action="discussionPost.hidden"]').getByText(hideReason).waitFor()
  await screenshot(adas.page, 'discussion-audit-log-desktop')
  assert.deepEqual(await seriousA11yViolations(adas.page), [], 'Moderation')

  // The inbox row opened the conversation: it hears the new line live, or on a reload.
  await inbox.page.reload()
  await inbox.page.locator('.team-note--moderation', { hasText: `Removed from a public discussion at Ben Okafor’s request, approved by Ada Lovelace. The customer was told; please follow up. Reason: ${removeReason}` }).waitFor()
  await screenshot(inbox.page, 'discussion-removal-case-in-the-inbox-desktop')
  await chloes.page.reload()
  await chloes.page.getByText(`The moderators removed you from this discussion. Reason: ${removeReason}`).waitFor()
  assert.equal(await chloes.page.getByLabel('Your post').count(), 0)
  const chloesChat = await openAs(web, chloe, `/c/${chloesCase.id}`)
  await chloesChat.page.getByText(`Northwind Coffee removed you from the discussion “${hostileTitle}”. Reason: ${removeReason}`).waitFor()
  const history = await chloesChat.page.getByRole('region', { name: 'Message history' }).innerText()
  assert.ok(history.includes(complaint), 'the brand quoted her post to her')
  assert.ok(!history.includes('Ben') && !history.includes('Ada'), history)
  await screenshot(chloesChat.page, 'discussion-removal-customer-told-desktop')
  await b.reload()
  await b.getByRole('region', { name: 'Taking part' }).locator('li[data-role="removed"]', { hasText: 'Chloé' }).waitFor()
  await screenshot(b, 'discussion-moderation-desktop')
  assert.deepEqual(await seriousA11yViolations(b), [], 'the moderated discussion')

  assert.deepEqual([...bDialogs, ...dDialogs], [], 'no hostile text ran')
  for (const w of [bens, inbox, chloes, dans, adas, chloesChat]) assert.deepEqual(w.errors, [])

  // The moderator's screen on a phone, in the dark, and in French.
  for (const [name, options] of [
    ['discussion-moderation-phone', { viewport: 'phone' }], ['discussion-moderation-dark', { colorScheme: 'dark' }], ['discussion-moderation-fr', { locale: 'fr-FR' }],
  ] as const) {
    const w = await openAs(web, ben, `/discussions/${id}?as=${brandId}`, options)
    await post(w.page, '+33 6').waitFor()
    if (name === 'discussion-moderation-fr') await w.page.getByRole('button', { name: 'Poursuivre en privé' }).first().waitFor()
    await screenshot(w.page, name)
    assert.deepEqual(await seriousA11yViolations(w.page), [], name)
    assert.deepEqual(w.errors, [])
  }
  const danFr = await openAs(web, dan, `/discussions/${id}`, { locale: 'fr-FR', viewport: 'phone' })
  await danFr.page.getByText(/Masqué par les modérateurs/).waitFor()
  await screenshot(danFr.page, 'discussion-hidden-post-its-author-sees-phone-fr')
})
