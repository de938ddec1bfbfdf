import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { screenshot, seriousA11yViolations, watchErrors } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { live, logIn, openAs, settleOpenConversations, type Person } from './support/people.ts'

let web: WebFixture
let ada: Person
let ben: Person
let chloe: Person
let brandId: string
let conversationId: string

before(async () => {
  web = await startWeb()
  ada = await logIn(web, 'ada')
  ben = await logIn(web, 'ben')
  chloe = await logIn(web, 'chloe')
  brandId = (await chloe.client.getAccountByHandle('northwind')).id
  // The demo's conversations are settled first, so the counts below are this journey's alone.
  await settleOpenConversations(ada, brandId)
  const mine = (await chloe.client.listConversations()).conversations.find((c) => c.participants.some((p) => p.account.id === brandId))
  assert.ok(mine)
  conversationId = mine.id
  await ada.client.call('createLabel', { params: { brandId }, body: { name: 'VIP', colour: 'purple' } })
})
after(() => web.close())

const count = (page: Page, view: string, n: number) => page.locator(`.inbox-view[data-view="${view}"] .inbox-view__count[data-count="${n}"]`).waitFor()
const row = (page: Page) => page.locator(`.inbox-row[data-conversation-id="${conversationId}"]`)
const noteText = 'Refund approved: do not promise a delivery date'

test("Chloé writes, Ada takes it, Ben labels it and filters by the label, Ada notes it privately, resolves it, and it comes back to open in Ben's inbox when Chloé writes again", async () => {
  const adas = await openAs(web, ada, '/console/northwind/inbox')
  const bens = await openAs(web, ben, '/console/northwind/inbox')
  const chloes = await openAs(web, chloe, `/c/${conversationId}`)
  await count(adas.page, 'unassigned', 0)
  await count(bens.page, 'unassigned', 0)
  await live(chloes.page)

  // Chloé writes; both agents see it in Unassigned, counted once, unread.
  await chloes.page.getByRole('textbox', { name: /message/i }).fill('Is my order #4512 on its way?')
  await chloes.page.keyboard.press('Enter')
  for (const { page } of [adas, bens]) {
    await count(page, 'unassigned', 1)
    await row(page).getByText('Is my order #4512 on its way?').waitFor()
    assert.equal(await row(page).getAttribute('data-unread'), 'true')
  }
  await screenshot(bens.page, 'team-inbox-unassigned')
  assert.deepEqual(await seriousA11yViolations(bens.page), [], 'team inbox')

  // Ada opens it: read for her, still unread for Ben.
  await row(adas.page).click()
  await adas.page.waitForURL(new RegExp(`/c/${conversationId}\\?as=${brandId}$`))
  const bar = adas.page.locator('.team-bar')
  await bar.getByRole('status').filter({ hasText: 'Open' }).waitFor()
  await adas.page.waitForTimeout(1_000)
  assert.equal(await row(bens.page).getAttribute('data-unread'), 'true')

  // She takes it: Ben's counts move at once.
  await bar.getByRole('button', { name: 'Assignee: Unassigned' }).click()
  await screenshot(adas.page, 'team-inbox-assignee-picker')
  await bar.getByRole('button', { name: 'Take it' }).click()
  await bar.getByRole('button', { name: /Assignee: Ada Lovelace/ }).waitFor()
  await count(bens.page, 'unassigned', 0)
  await count(bens.page, 'open', 1)
  await adas.page.getByText('Ada Lovelace took it').waitFor()

  // Ada makes a label in the console's Labels section (VIP is there already).
  const labelsPage = await adas.context.newPage()
  const labelsErrors = watchErrors(labelsPage)
  await labelsPage.goto(`${web.server.url}/console/northwind/labels`)
  await labelsPage.getByRole('list', { name: 'The brand’s labels' }).getByText('VIP').waitFor()
  await labelsPage.getByRole('button', { name: 'Add a label' }).click()
  await labelsPage.getByRole('textbox', { name: 'Name' }).fill('Refund')
  await labelsPage.getByRole('radio', { name: 'Red' }).check()
  await screenshot(labelsPage, 'console-labels-editor-desktop')
  await labelsPage.getByRole('button', { name: 'Save the label' }).click()
  await labelsPage.getByRole('status').filter({ hasText: 'The label Refund is saved.' }).waitFor()
  await labelsPage.locator('.console-label', { hasText: 'Refund' }).getByText('Red').waitFor()
  await screenshot(labelsPage, 'console-labels-desktop')
  assert.deepEqual(await seriousA11yViolations(labelsPage), [], 'the Labels section')
  await labelsPage.close()

  // Ben, an agent, puts it on the conversation from the team bar: the team sees it, and a line in the timeline.
  const bensConversation = await openAs(web, ben, `/c/${conversationId}?as=${brandId}`)
  const benBar = bensConversation.page.locator('.team-bar')
  await benBar.getByRole('button', { name: 'Labels', exact: true }).click()
  await benBar.getByRole('button', { name: 'Refund', exact: true }).click()
  await benBar.getByRole('button', { name: 'Refund', exact: true, pressed: true }).waitFor()
  await screenshot(bensConversation.page, 'team-inbox-labels-menu')
  await bensConversation.page.keyboard.press('Escape')
  await benBar.getByRole('list', { name: 'Labels: Refund' }).waitFor()
  await adas.page.locator('.team-bar').getByRole('list', { name: 'Labels: Refund' }).waitFor()
  await adas.page.getByText('Ben Okafor added the label Refund').waitFor()
  // The customer panel, beside the conversation on a wide screen, lists them too.
  await bensConversation.page.getByRole('complementary', { name: 'Customer' }).locator('[data-field="labels"]').getByText('Refund').waitFor()
  await screenshot(bensConversation.page, 'team-inbox-customer-panel-labels')

  // In his inbox, Ben filters by the label: exact counts, and the row with its chip.
  await bens.page.getByRole('combobox', { name: 'Label', exact: true }).selectOption({ label: 'Refund' })
  await count(bens.page, 'open', 1)
  await count(bens.page, 'unassigned', 0)
  await count(bens.page, 'resolved', 0)
  await bens.page.getByRole('link', { name: /All open/ }).click()
  await row(bens.page).getByRole('list', { name: 'Labels: Refund' }).waitFor()
  assert.equal(await bens.page.locator('.inbox-row').count(), 1)
  assert.match(bens.page.url(), /[?&]label=\d+/)
  await screenshot(bens.page, 'team-inbox-filtered-by-label')
  assert.deepEqual(await seriousA11yViolations(bens.page), [], 'the inbox filtered by a label')
  await bens.page.getByRole('combobox', { name: 'Label', exact: true }).selectOption({ value: '' })

  // A private note, in the timeline, never in Chloé's conversation.
  await adas.page.getByRole('button', { name: 'Private note' }).click()
  await adas.page.getByRole('textbox', { name: /message/i }).fill(noteText)
  await adas.page.keyboard.press('Enter')
  const note = adas.page.locator('.team-note', { hasText: noteText })
  await note.waitFor()
  await note.getByText('Only your team sees this').waitFor()
  await adas.page.getByRole('button', { name: 'Reply' }).click()

  // Snoozed and back, to see the menu; then resolved.
  await bar.getByRole('button', { name: 'Snooze' }).click()
  await bar.getByRole('button', { name: 'Until the customer writes' }).waitFor()
  await screenshot(adas.page, 'team-inbox-snooze-menu')
  await adas.page.keyboard.press('Escape')
  await bar.getByRole('button', { name: 'Resolve' }).click()
  await bar.getByRole('status').filter({ hasText: 'Resolved' }).waitFor()
  await adas.page.getByText('Ada Lovelace resolved it').last().waitFor()

  // Ben watches All open, without reloading: the conversation has left it.
  await bens.page.getByRole('link', { name: /All open/ }).click()
  await count(bens.page, 'open', 0)
  await bens.page.evaluate(() => { (window as unknown as { __sameDocument: boolean }).__sameDocument = true })

  // Chloé writes again: it opens again, live in Ben's list, with Parloir's line in Ada's timeline.
  await chloes.page.getByRole('textbox', { name: /message/i }).fill('Hello? Still nothing here.')
  await chloes.page.keyboard.press('Enter')
  await row(bens.page).getByText('Hello? Still nothing here.').waitFor()
  await count(bens.page, 'open', 1)
  assert.equal(await bens.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), true, 'Ben’s list was not reloaded')
  await bar.getByRole('status').filter({ hasText: 'Open' }).waitFor()
  await adas.page.getByText('Reopened: the customer wrote').last().waitFor()
  await adas.page.getByRole('region', { name: 'Message history' }).getByText('Hello? Still nothing here.').waitFor()
  await screenshot(adas.page, 'team-inbox-conversation-with-note')
  assert.deepEqual(await seriousA11yViolations(adas.page), [], 'conversation with the team bar and notes')

  // Chloé's side never shows the team's note, not even after a reload.
  assert.equal(await chloes.page.getByText(noteText).count(), 0)
  await chloes.page.reload()
  await chloes.page.getByRole('region', { name: 'Message history' }).getByText('Hello? Still nothing here.').waitFor()
  assert.equal(await chloes.page.getByText(noteText).count(), 0)
  assert.equal(await chloes.page.locator('.team-bar, .team-note, .team-activity').count(), 0)

  // Ada marks it unread: back in her inbox, it is hers and unread for her.
  await bar.getByRole('button', { name: 'Mark as unread' }).click()
  await adas.page.waitForURL(/\/console\/northwind\/inbox/)
  await count(adas.page, 'mine', 1)
  await adas.page.getByRole('link', { name: /Mine/ }).click()
  await row(adas.page).waitFor()
  assert.equal(await row(adas.page).getAttribute('data-unread'), 'true')
  await screenshot(adas.page, 'team-inbox-mine')

  // The same inbox at phone width.
  const phone = await openAs(web, ben, '/console/northwind/inbox?view=open', { viewport: 'phone' })
  await row(phone.page).waitFor()
  await screenshot(phone.page, 'team-inbox-phone')
  await row(phone.page).click()
  await phone.page.locator('.team-bar').waitFor()
  await phone.page.locator('.team-note', { hasText: noteText }).waitFor()
  await screenshot(phone.page, 'team-inbox-conversation-phone')

  // At 375 px, the narrowest phone in common use, light and dark: the filters wrap two a line,
  // every one of them inside the page (nothing cut at the edge, no sideways scroll of the page).
  for (const colorScheme of ['light', 'dark'] as const) {
    const narrow = await openAs(web, ben, '/console/northwind/inbox?view=open', { viewport: 'phone', colorScheme })
    await narrow.page.setViewportSize({ width: 375, height: 812 })
    await row(narrow.page).waitFor()
    const fit = await narrow.page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      filters: [...document.querySelectorAll('.inbox-filter')].map((f) => Math.round(f.getBoundingClientRect().right)),
    }))
    assert.ok(fit.page <= 375, `the page is ${fit.page} px wide`)
    assert.equal(fit.filters.length, 5)
    for (const right of fit.filters) assert.ok(right <= 375, `a filter ends at ${right} px`)
    await screenshot(narrow.page, `team-inbox-filters-phone-${colorScheme}`)
    assert.deepEqual(narrow.errors, [])
    await narrow.context.close()
  }

  assert.deepEqual(labelsErrors, [])
  for (const window of [adas, bens, bensConversation, chloes, phone]) assert.deepEqual(window.errors, [])
  for (const window of [adas, bens, bensConversation, chloes, phone]) await window.context.close()
})
