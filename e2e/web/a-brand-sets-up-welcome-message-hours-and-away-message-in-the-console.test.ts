import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import type { Locator, Page } from 'playwright-core'
import { screenshot, seriousA11yViolations } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { logIn, openAs, type Person, type Window } from './support/people.ts'

let web: WebFixture
let ada: Person
let chloe: Person
let bistroId: string

before(async () => {
  web = await startWeb()
  ada = await logIn(web, 'ada')
  chloe = await logIn(web, 'chloe')
  // A fresh brand: nothing set up yet. Chloé reads it as a viewer.
  const bistro = await ada.client.createBrand({ handle: 'ada_bistro', displayName: 'Ada’s Bistro' })
  bistroId = bistro.brand.id
  await ada.client.setBrandMember(bistroId, chloe.id, 'viewer')
})
after(() => web.close())

/** A 480×300 PNG gradient: a real picture with a real thumbnail. */
async function picture(): Promise<Buffer> {
  const width = 480
  const height = 300
  const pixels = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3
      pixels[at] = 200
      pixels[at + 1] = Math.round((x / width) * 180)
      pixels[at + 2] = Math.round((y / height) * 120)
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

const x = (n: number) => 'x'.repeat(n)
const option = (page: Page, number: number) => page.locator('.console-option').filter({ has: page.getByText(`Option ${number}`, { exact: true }) })
const shiftInput = (page: Page, which: 'Start' | 'End', shift: number, day: string) => page.getByLabel(`${which} of Shift ${shift} on ${day}`, { exact: true })

async function noViolations(page: Page, what: string): Promise<void> {
  // Let images and layout settle before judging.
  await page.waitForTimeout(150)
  assert.deepEqual(await seriousA11yViolations(page), [], what)
}

/** "Open now · closes at 18:00" as the server's card says it, on Paris's clock. */
async function expectedSummary(): Promise<{ state: string; time: string | null }> {
  const card = await ada.client.call('getBrandCard', { params: { brandId: bistroId } })
  assert.equal(card.support.providesSupport, true)
  const time = card.support.nextChangeAt
    ? new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(card.support.nextChangeAt))
    : null
  return { state: card.support.openNow ? 'Open now' : 'Closed now', time }
}

test('an owner creates a default welcome message, sets Paris hours with a split and an overnight shift, a holiday, an away message and a keyword rule; all of it survives a reload', async () => {
  const window = await openAs(web, ada, '/console/ada_bistro/welcome')
  const { page } = window
  await page.getByRole('heading', { name: 'Welcome messages', level: 1 }).waitFor()
  await page.getByText('No welcome message yet.', { exact: false }).waitFor()
  await noViolations(page, 'welcome list, empty')
  await page.getByRole('link', { name: 'New welcome message' }).click()
  await page.getByRole('heading', { name: 'New welcome message', level: 1 }).waitFor()
  assert.match(page.url(), /\/console\/ada_bistro\/welcome\?edit=new$/)
  // The first message of a brand starts as its default.
  assert.equal(await page.getByRole('switch', { name: 'Use as default' }).isChecked(), true)

  // The name: 100 characters fit, 101 do not, and nothing is saved.
  const name = page.getByRole('textbox', { name: 'Name', exact: true })
  await name.fill(x(101))
  await page.getByText('101 / 100').waitFor()
  await page.getByRole('textbox', { name: 'Text', exact: true }).fill('Bonjour! Welcome to Ada’s Bistro. What can we do for you?')
  await page.getByRole('button', { name: 'Create', exact: true }).click()
  await page.getByRole('alert').filter({ hasText: 'Nothing was saved: fix the marked fields.' }).waitFor()
  assert.equal(await name.getAttribute('aria-invalid'), 'true')
  assert.match(await page.locator(`[id="${await describedError(name)}"]`).innerText(), /Too long: at most 100 characters\./)
  assert.equal((await ada.client.call('listWelcomeMessages', { params: { brandId: bistroId } })).welcomeMessages.length, 0)
  await name.fill(x(100))
  await page.getByText('100 / 100').waitFor()
  await name.fill('Default')

  // One image, uploaded acting as the brand, shown in the editor and the preview, then removed and chosen again.
  const preview = page.getByRole('figure', { name: 'Preview: what people see' })
  const file = page.locator('.console-image input[type="file"]')
  await file.setInputFiles({ name: 'terrace.png', mimeType: 'image/png', buffer: await picture() })
  await page.getByRole('img', { name: 'Chosen image: terrace.png' }).waitFor()
  await preview.locator('img[src^="/"]').first().waitFor()
  await page.getByRole('button', { name: 'Remove image' }).click()
  assert.equal(await page.getByRole('img', { name: 'Chosen image: terrace.png' }).count(), 0)
  await file.setInputFiles({ name: 'terrace.png', mimeType: 'image/png', buffer: await picture() })
  await page.getByRole('img', { name: 'Chosen image: terrace.png' }).waitFor()

  // Quick replies: up to 20; a label of 36 fits, 37 does not.
  const addOption = page.getByRole('button', { name: 'Add an option' })
  for (let i = 0; i < 20; i++) await addOption.click()
  assert.equal(await addOption.isDisabled(), true)
  await page.getByText('The message has 20 options, the most allowed.').waitFor()
  for (let number = 20; number > 2; number--) await page.getByRole('button', { name: `Remove option ${number}` }).click()
  assert.equal(await addOption.isDisabled(), false)
  const label1 = option(page, 1).getByRole('textbox', { name: 'Label' })
  await label1.fill(x(37))
  await option(page, 2).getByRole('textbox', { name: 'Label' }).fill('Book a table')
  await page.getByRole('button', { name: 'Create', exact: true }).click()
  await page.getByRole('alert').filter({ hasText: 'Nothing was saved' }).waitFor()
  assert.equal(await label1.getAttribute('aria-invalid'), 'true')
  await label1.fill(x(36))
  await option(page, 1).getByText('36 / 36').waitFor()
  await label1.fill('Opening hours')
  await option(page, 1).getByRole('textbox', { name: 'Metadata (optional)' }).fill('topic:hours')
  await option(page, 2).getByRole('textbox', { name: 'Description (optional)' }).fill('Lunch or dinner, up to 8 people')
  await option(page, 2).getByRole('textbox', { name: 'Metadata (optional)' }).fill('topic:booking')
  // Reordering moves the option in the preview too.
  await page.getByRole('button', { name: 'Move option 2 up' }).click()
  assert.deepEqual(await preview.locator('.msg-quick__label').allInnerTexts(), ['Book a table', 'Opening hours'])
  await page.getByRole('button', { name: 'Move option 1 down' }).click()
  assert.deepEqual(await preview.locator('.msg-quick__label').allInnerTexts(), ['Opening hours', 'Book a table'])

  // Buttons: up to three; a click-to-call one is kept.
  const addButton = page.getByRole('button', { name: 'Add a button' })
  for (let i = 0; i < 3; i++) await addButton.click()
  assert.equal(await addButton.isDisabled(), true)
  await page.getByRole('button', { name: 'Remove button 3' }).click()
  await page.getByRole('button', { name: 'Remove button 2' }).click()
  const button1 = page.locator('.console-option').filter({ has: page.getByText('Button 1', { exact: true }) })
  await button1.getByRole('combobox', { name: 'What it does' }).selectOption('phone_number')
  await button1.getByRole('textbox', { name: 'Label' }).fill('Call the bistro')
  await button1.getByRole('textbox', { name: 'Phone number' }).fill('call us maybe')
  await page.getByRole('button', { name: 'Create', exact: true }).click()
  await button1.getByText('A phone number: digits, spaces').waitFor()
  await button1.getByRole('textbox', { name: 'Phone number' }).fill('+33 1 23 45 67 89')
  // Once fixed, a field's message goes at once; the others' stay until they are fixed too.
  await button1.getByText('A phone number: digits, spaces').waitFor({ state: 'detached' })
  assert.equal(await page.getByRole('alert').filter({ hasText: 'Nothing was saved' }).count(), 0)

  // The preview is the bubble a customer sees.
  await preview.getByText('Bonjour! Welcome to Ada’s Bistro.', { exact: false }).waitFor()
  await preview.getByText('Lunch or dinner, up to 8 people').waitFor()
  await preview.getByText('Call the bistro').waitFor()
  await noViolations(page, 'welcome editor')
  await screenshot(page, 'console-welcome-editor-desktop')

  await page.getByRole('button', { name: 'Create', exact: true }).click()
  await page.getByRole('status').filter({ hasText: '“Default” is created.' }).waitFor()
  assert.match(page.url(), /\/console\/ada_bistro\/welcome$/)
  const [saved] = (await ada.client.call('listWelcomeMessages', { params: { brandId: bistroId } })).welcomeMessages
  assert.ok(saved)
  assert.equal(saved.isDefault, true)
  assert.equal(saved.attachment?.fileName, 'terrace.png')
  assert.deepEqual(saved.quickReply?.options, [
    { label: 'Opening hours', metadata: 'topic:hours' },
    { label: 'Book a table', description: 'Lunch or dinner, up to 8 people', metadata: 'topic:booking' },
  ])
  assert.deepEqual(saved.buttons, [{ type: 'phone_number', label: 'Call the bistro', phoneNumber: '+33 1 23 45 67 89' }])
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Default' }) })
  await card.getByText('Default', { exact: true }).last().waitFor()
  const link = await card.getByRole('textbox', { name: 'Link that opens “Default”' }).inputValue()
  assert.equal(link, `${web.server.url}/messages/compose?recipient_id=${bistroId}&welcome_message_id=${saved.id}`)
  await window.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.server.url })
  await card.getByRole('button', { name: 'Copy' }).click()
  await page.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor()
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link)
  await noViolations(page, 'welcome list')
  await page.mouse.move(1, 1)
  await screenshot(page, 'console-welcome-desktop')

  // Hours & automatic replies.
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Hours & auto-replies' }).click()
  await page.getByRole('heading', { name: 'Hours & auto-replies', level: 1 }).waitFor()
  await page.getByText('No support hours: no “Provides support” badge.').waitFor()
  await page.getByText('Once you publish support hours, the profile shows a “Provides support” badge', { exact: false }).waitFor()
  await page.getByRole('button', { name: 'Set support hours' }).click()
  await page.getByRole('combobox', { name: 'Time zone' }).selectOption('Europe/Paris')
  // Monday: a split shift, first overlapping (the server's refusal lands on that shift), then right.
  await shiftInput(page, 'End', 1, 'Monday').fill('12:00')
  await page.getByRole('button', { name: 'Add another shift on Monday' }).click()
  await shiftInput(page, 'Start', 2, 'Monday').fill('11:00')
  await shiftInput(page, 'End', 2, 'Monday').fill('18:00')
  await page.getByRole('button', { name: 'Save and publish hours' }).click()
  await page.getByRole('alert').filter({ hasText: 'Nothing was saved: fix the marked fields.' }).waitFor()
  const mondayShift2 = shiftInput(page, 'Start', 2, 'Monday')
  assert.equal(await mondayShift2.getAttribute('aria-invalid'), 'true')
  assert.equal(await shiftInput(page, 'Start', 1, 'Monday').getAttribute('aria-invalid'), null)
  const overlap = page.locator(`[id="${(await mondayShift2.getAttribute('aria-describedby'))?.split(' ')[0] ?? 'none'}"]`)
  assert.match(await overlap.innerText(), /overlaps the shift at Shift 1 on Monday/)
  assert.equal((await ada.client.call('getBrandMessaging', { params: { brandId: bistroId } })).supportCalendar, null)
  await mondayShift2.fill('14:00')
  // Friday: day hours and a late shift that runs overnight.
  await page.getByRole('button', { name: 'Add another shift on Friday' }).click()
  await shiftInput(page, 'Start', 2, 'Friday').fill('22:00')
  await shiftInput(page, 'End', 2, 'Friday').fill('02:00')
  const fridayLate = page.getByRole('group', { name: 'Shift 2 on Friday' })
  await fridayLate.getByText('Overnight, ends next day').waitFor()
  // A holiday.
  const holidays = page.getByRole('group', { name: 'Holidays' })
  await holidays.getByRole('button', { name: 'Add a holiday' }).click()
  await holidays.getByLabel('Date').fill('2026-12-25')
  await holidays.getByRole('textbox', { name: 'Name (optional)' }).fill('Christmas')
  await page.getByRole('combobox', { name: 'Usually answers within' }).selectOption('minutes')
  await page.getByRole('button', { name: 'Save and publish hours' }).click()
  await page.getByRole('status').filter({ hasText: 'Support hours are saved and published.' }).waitFor()
  const messaging = await ada.client.call('getBrandMessaging', { params: { brandId: bistroId } })
  assert.equal(messaging.replyTime, 'minutes')
  assert.deepEqual(messaging.supportCalendar?.weekly.monday, [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '18:00' }])
  assert.deepEqual(messaging.supportCalendar?.weekly.friday, [{ start: '09:00', end: '18:00' }, { start: '22:00', end: '02:00' }])
  assert.deepEqual(messaging.supportCalendar?.holidays, [{ date: '2026-12-25', name: 'Christmas' }])
  assert.equal(messaging.supportCalendar?.timeZone, 'Europe/Paris')
  // The summary line is the server's own reading of the hours.
  const summary = await expectedSummary()
  const line = page.locator('.console-summary')
  await line.getByText(summary.state, { exact: false }).waitFor()
  if (summary.time) assert.match(await line.innerText(), new RegExp(`${summary.state} · (closes|opens) .*${summary.time}`))
  assert.match(await line.innerText(), /Europe\/Paris time/)
  await page.getByText('Published: the profile shows a “Provides support” badge', { exact: false }).waitFor()

  // The away message: on needs a text; the rule is said.
  await page.getByText('At most once per conversation every 12 hours, only in answer to a message.').waitFor()
  await page.getByRole('switch', { name: 'Send an away message outside support hours' }).check()
  await page.getByRole('button', { name: 'Save the away message' }).click()
  await page.getByText('Write the message to send.').waitFor()
  await page.getByRole('textbox', { name: 'Away message' }).fill('We are closed right now; we answer first thing when we open.')
  await page.getByRole('button', { name: 'Save the away message' }).click()
  await page.getByRole('status').filter({ hasText: 'The away message is on.' }).waitFor()

  // A keyword rule with two keywords and a quick reply.
  await page.getByRole('button', { name: 'Add a keyword rule' }).click()
  const keywords = page.getByRole('textbox', { name: 'Keywords' })
  await keywords.fill('menu')
  await keywords.press('Enter')
  await keywords.pressSequentially('prices,')
  await page.getByRole('list', { name: 'Chosen keywords' }).getByText('prices').waitFor()
  await page.getByRole('textbox', { name: 'Reply', exact: true }).fill('Our menu changes daily: https://bistro.example/menu')
  await page.locator('.console-rule-editor').getByRole('button', { name: 'Add an option' }).click()
  await page.locator('.console-rule-editor .console-option').getByRole('textbox', { name: 'Label' }).fill('Vegetarian dishes')
  await page.getByRole('button', { name: 'Create the rule' }).click()
  await page.getByRole('status').filter({ hasText: 'The rule is created.' }).waitFor()
  const [rule] = (await ada.client.call('listKeywordRules', { params: { brandId: bistroId } })).rules
  assert.deepEqual(rule?.keywords, ['menu', 'prices'])
  assert.deepEqual(rule?.quickReply?.options, [{ label: 'Vegetarian dishes' }])
  assert.equal(rule?.enabled, true)
  // Switched off in place, and on again.
  const ruleSwitch = page.getByRole('switch', { name: 'On (menu, prices)' })
  await ruleSwitch.uncheck()
  await page.getByRole('status').filter({ hasText: 'The rule for menu, prices is off.' }).waitFor()
  assert.equal((await ada.client.call('listKeywordRules', { params: { brandId: bistroId } })).rules[0]?.enabled, false)
  await page.getByText('Off', { exact: true }).waitFor()
  await noViolations(page, 'automation, a rule switched off')
  await ruleSwitch.check()
  await page.getByRole('status').filter({ hasText: 'The rule for menu, prices is on.' }).waitFor()
  assert.equal((await ada.client.call('listKeywordRules', { params: { brandId: bistroId } })).rules[0]?.enabled, true)
  await noViolations(page, 'automation')
  await page.mouse.move(1, 1)
  await page.locator('.console-content').evaluate((element) => element.scrollTo(0, 0))
  await screenshot(page, 'console-automation-desktop')

  // After a reload, the page shows what the server kept.
  await page.reload()
  await page.getByRole('heading', { name: 'Hours & auto-replies', level: 1 }).waitFor()
  await shiftInput(page, 'Start', 2, 'Monday').waitFor()
  assert.equal(await page.getByRole('combobox', { name: 'Time zone' }).inputValue(), 'Europe/Paris')
  assert.equal(await shiftInput(page, 'Start', 2, 'Monday').inputValue(), '14:00')
  assert.equal(await shiftInput(page, 'End', 2, 'Friday').inputValue(), '02:00')
  await page.getByRole('group', { name: 'Shift 2 on Friday' }).getByText('Overnight, ends next day').waitFor()
  assert.equal(await page.getByRole('group', { name: 'Holidays' }).getByLabel('Date').inputValue(), '2026-12-25')
  assert.equal(await page.getByRole('combobox', { name: 'Usually answers within' }).inputValue(), 'minutes')
  assert.equal(await page.getByRole('switch', { name: 'Send an away message outside support hours' }).isChecked(), true)
  assert.match(await page.getByRole('textbox', { name: 'Away message' }).inputValue(), /^We are closed right now/)
  await page.getByRole('list', { name: 'Keyword rules' }).getByText('prices', { exact: true }).waitFor()
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Welcome messages' }).click()
  await page.getByRole('heading', { name: 'Default' }).waitFor()
  await page.reload()
  await page.getByRole('link', { name: 'Edit “Default”' }).click()
  assert.equal(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue(), 'Default')
  assert.equal(await option(page, 2).getByRole('textbox', { name: 'Metadata (optional)' }).inputValue(), 'topic:booking')
  assert.equal(await page.getByRole('textbox', { name: 'Phone number' }).inputValue(), '+33 1 23 45 67 89')

  // The public profile now has the badge.
  await page.goto(`${web.server.url}/@ada_bistro`)
  await page.getByText('Provides support', { exact: true }).waitFor()
  assert.deepEqual(window.errors.filter((e) => !/status of 400/.test(e)), [])
  await window.context.close()
})

async function describedError(input: Locator): Promise<string> {
  const ids = (await input.getAttribute('aria-describedby'))?.split(' ') ?? []
  const id = ids.find((one) => one.endsWith('-error'))
  assert.ok(id, 'the input names its error message')
  return id
}

test('a second welcome message opens a conversation with an account named by its handle, and a web page; the default stays', async () => {
  const window = await openAs(web, ada, '/console/ada_bistro/welcome?edit=new')
  const { page } = window
  await page.getByRole('heading', { name: 'New welcome message', level: 1 }).waitFor()
  assert.equal(await page.getByRole('switch', { name: 'Use as default' }).isChecked(), false, 'only the first message starts as the default')
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Spring menu')
  await page.getByRole('textbox', { name: 'Text', exact: true }).fill('Our spring menu is out. Ask us anything, or write to our roaster.')
  await page.getByRole('button', { name: 'Add a button' }).click()
  await page.getByRole('button', { name: 'Add a button' }).click()
  const first = page.locator('.console-option').filter({ has: page.getByText('Button 1', { exact: true }) })
  const second = page.locator('.console-option').filter({ has: page.getByText('Button 2', { exact: true }) })
  await first.getByRole('combobox', { name: 'What it does' }).selectOption('conversation')
  await first.getByRole('textbox', { name: 'Label' }).fill('Write to our roaster')
  await first.getByRole('textbox', { name: 'Account’s handle' }).fill('@nobody_here')
  await second.getByRole('textbox', { name: 'Label' }).fill('See the menu')
  await second.getByRole('textbox', { name: 'Web address' }).fill('bistro.example/menu')
  await page.getByRole('button', { name: 'Create', exact: true }).click()
  await second.getByText('A web address starting with https:// or http://.').waitFor()
  await second.getByRole('textbox', { name: 'Web address' }).fill('https://bistro.example/menu')
  await page.getByRole('button', { name: 'Create', exact: true }).click()
  await first.getByText('No account @nobody_here.').waitFor()
  assert.equal(await first.getByRole('textbox', { name: 'Account’s handle' }).getAttribute('aria-invalid'), 'true')
  await first.getByRole('textbox', { name: 'Account’s handle' }).fill('@northwind')
  await page.getByRole('figure', { name: 'Preview: what people see' }).getByText('Write to our roaster', { exact: true }).waitFor()
  await page.getByRole('button', { name: 'Create', exact: true }).click()
  await page.getByRole('status').filter({ hasText: '“Spring menu” is created.' }).waitFor()

  const northwind = await ada.client.getAccountByHandle('northwind')
  const list = (await ada.client.call('listWelcomeMessages', { params: { brandId: bistroId } })).welcomeMessages
  const spring = list.find((m) => m.name === 'Spring menu')
  assert.deepEqual(spring?.buttons, [
    { type: 'conversation', label: 'Write to our roaster', accountId: northwind.id },
    { type: 'web_url', label: 'See the menu', url: 'https://bistro.example/menu' },
  ])
  assert.equal(spring?.isDefault, false)
  assert.equal(list.find((m) => m.name === 'Default')?.isDefault, true)
  // The default is listed first, with its mark; the editor shows the account by its handle again.
  assert.deepEqual(await page.locator('.console-card-title').allInnerTexts(), ['Default', 'Spring menu'])
  await page.getByRole('link', { name: 'Edit “Spring menu”' }).click()
  const handle = page.locator('.console-option').filter({ has: page.getByText('Button 1', { exact: true }) }).getByRole('textbox', { name: 'Account’s handle' })
  await page.waitForFunction(() => (document.querySelector('.console-at-input input') as HTMLInputElement | null)?.value === 'northwind')
  assert.equal(await handle.inputValue(), 'northwind')
  assert.deepEqual(window.errors.filter((e) => !/status of 404/.test(e)), [])
  await window.context.close()
})

test('a viewer of the brand sees the welcome message, hours and rules, and can change none of them', async () => {
  const window = await openAs(web, chloe, '/console/ada_bistro/welcome')
  const { page } = window
  await page.getByRole('heading', { name: 'Default' }).waitFor()
  await page.getByText('You can read this as Viewer; only the brand’s owners and admins can change it.').waitFor()
  assert.equal(await page.getByRole('link', { name: 'New welcome message' }).count(), 0)
  assert.equal(await page.getByRole('button', { name: /Delete/ }).count(), 0)
  await page.getByRole('link', { name: 'View “Default”' }).click()
  await page.getByRole('heading', { name: 'Welcome message “Default”', level: 1 }).waitFor()
  assert.equal(await page.getByRole('textbox', { name: 'Name', exact: true }).isDisabled(), true)
  assert.equal(await page.getByRole('switch', { name: 'Use as default' }).isDisabled(), true)
  assert.equal(await page.getByRole('button', { name: 'Save' }).count(), 0)
  assert.equal(await page.getByRole('button', { name: 'Add an option' }).count(), 0)
  await page.getByRole('figure', { name: 'Preview: what people see' }).getByText('Call the bistro').waitFor()
  await noViolations(page, 'welcome editor, viewer')

  await page.goto(`${web.server.url}/console/ada_bistro/automation`)
  await page.getByRole('heading', { name: 'Hours & auto-replies', level: 1 }).waitFor()
  await shiftInput(page, 'Start', 2, 'Monday').waitFor()
  assert.equal(await page.getByRole('combobox', { name: 'Time zone' }).isDisabled(), true)
  assert.equal(await shiftInput(page, 'Start', 2, 'Monday').isDisabled(), true)
  assert.equal(await page.getByRole('button', { name: 'Save and publish hours' }).count(), 0)
  assert.equal(await page.getByRole('button', { name: 'Save the away message' }).count(), 0)
  assert.equal(await page.getByRole('switch', { name: 'Send an away message outside support hours' }).isDisabled(), true)
  assert.equal(await page.getByRole('switch', { name: /On/ }).first().isDisabled(), true)
  assert.equal(await page.getByRole('button', { name: 'Add a keyword rule' }).count(), 0)
  await noViolations(page, 'automation, viewer')
  await screenshot(page, 'console-automation-viewer-desktop')
  assert.deepEqual(window.errors, [])
  await window.context.close()
})

test('a brand is full at 100 welcome messages: the 100th is created, the 101st is refused with a clear message', async () => {
  const full = (await ada.client.createBrand({ handle: 'ada_full', displayName: 'Ada Full' })).brand
  for (let i = 1; i <= 99; i++) {
    await ada.client.call('createWelcomeMessage', { params: { brandId: full.id }, body: { name: `Message ${i}`, text: `Hello ${i}` } })
  }
  const window = await openAs(web, ada, '/console/ada_full/welcome?edit=new')
  const { page } = window
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('One too many')
  await page.getByRole('textbox', { name: 'Text', exact: true }).fill('Hello')
  // Someone else takes the last place meanwhile.
  await ada.client.call('createWelcomeMessage', { params: { brandId: full.id }, body: { name: 'Message 100', text: 'Hello 100' } })
  await page.getByRole('button', { name: 'Create', exact: true }).click()
  await page.getByRole('alert').filter({ hasText: 'The brand has 100 welcome messages, the most allowed. Delete one to add another.' }).waitFor()
  await page.getByRole('link', { name: 'Back to welcome messages' }).click()
  await page.getByRole('heading', { name: 'Message 100' }).waitFor()
  assert.equal(await page.getByRole('button', { name: 'New welcome message' }).isDisabled(), true)
  assert.equal((await ada.client.call('listWelcomeMessages', { params: { brandId: full.id } })).welcomeMessages.length, 100)
  await window.context.close()
})

test('an owner adds a profile the team answers under and edits the brand profile; a viewer only reads them', async () => {
  const window = await openAs(web, ada, '/console/ada_bistro/team')
  const { page } = window
  await page.getByRole('heading', { name: 'Profiles the team answers under' }).waitFor()
  await page.getByText('No profile yet: the team answers as the brand.').waitFor()
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(x(51))
  await page.getByRole('button', { name: 'Create the profile' }).click()
  await page.getByText('Too long: at most 50 characters.').waitFor()
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Léa · Bistro team')
  await page.locator('.console-profile-new input[type="file"]').setInputFiles({ name: 'lea.png', mimeType: 'image/png', buffer: await picture() })
  await page.getByRole('img', { name: 'Chosen image: lea.png' }).waitFor()
  await page.getByRole('button', { name: 'Create the profile' }).click()
  await page.getByRole('status').filter({ hasText: 'The profile “Léa · Bistro team” is created.' }).waitFor()
  const [profile] = (await ada.client.call('listCustomProfiles', { params: { brandId: bistroId } })).customProfiles
  assert.equal(profile?.name, 'Léa · Bistro team')
  assert.ok(profile?.avatarUrl)
  assert.equal(await page.getByRole('img', { name: 'Chosen image: lea.png' }).count(), 0, 'the form starts again empty')
  await noViolations(page, 'team with profiles')
  await screenshot(page, 'console-team-profiles-desktop')

  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Brand profile' }).click()
  const displayName = page.getByRole('textbox', { name: 'Display name' })
  assert.equal(await displayName.inputValue(), 'Ada’s Bistro')
  const bio = page.getByRole('textbox', { name: 'Bio' })
  await bio.fill(x(161))
  await page.getByRole('button', { name: 'Save the profile' }).click()
  await page.getByText('Too long: at most 160 characters.').waitFor()
  await bio.fill('Small plates, natural wine, and an answer to every message.')
  await displayName.fill('Ada’s Bistro & Wine')
  await page.getByRole('button', { name: 'Save the profile' }).click()
  await page.getByRole('status').filter({ hasText: 'The profile is saved.' }).waitFor()
  // The console's header shows the new name at once.
  await page.locator('.console-brand-name').filter({ hasText: 'Ada’s Bistro & Wine' }).waitFor()
  await page.locator('.console-brand-avatar input[type="file"]').setInputFiles({ name: 'bistro.png', mimeType: 'image/png', buffer: await picture() })
  await page.getByRole('status').filter({ hasText: 'The picture is saved.' }).waitFor()
  const brand = await ada.client.getAccount(bistroId)
  assert.equal(brand.displayName, 'Ada’s Bistro & Wine')
  assert.equal(brand.bio, 'Small plates, natural wine, and an answer to every message.')
  assert.ok(brand.avatarUrl)
  await noViolations(page, 'brand profile')
  await screenshot(page, 'console-brand-profile-desktop')
  assert.deepEqual(window.errors, [])
  await window.context.close()

  const viewer = await openAs(web, chloe, '/console/ada_bistro/team')
  await viewer.page.getByText('Léa · Bistro team').waitFor()
  assert.equal(await viewer.page.getByRole('button', { name: 'Create the profile' }).count(), 0)
  assert.equal(await viewer.page.getByRole('button', { name: /Delete the profile/ }).count(), 0)
  await viewer.page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Brand profile' }).click()
  await viewer.page.getByText('Only the brand’s owners and admins can change its profile.').waitFor()
  assert.equal(await viewer.page.getByRole('textbox', { name: 'Display name' }).count(), 0)
  assert.deepEqual(viewer.errors, [])
  await viewer.context.close()

  // Deleting a profile asks first.
  const again = await openAs(web, ada, '/console/ada_bistro/team')
  await again.page.getByRole('button', { name: 'Delete the profile Léa · Bistro team' }).click()
  await again.page.getByRole('group', { name: 'Delete the profile Léa · Bistro team?' }).getByRole('button', { name: 'Delete' }).click()
  await again.page.getByRole('status').filter({ hasText: 'The profile “Léa · Bistro team” is deleted.' }).waitFor()
  assert.equal((await ada.client.call('listCustomProfiles', { params: { brandId: bistroId } })).customProfiles.length, 0)
  await again.context.close()
})

/** Every new screen on a phone and a desktop, light and dark: no serious accessibility violation, nothing overflows sideways. */
const screens: Array<{ name: string; path: string; ready(page: Page): Promise<unknown> }> = [
  { name: 'welcome', path: '/console/ada_bistro/welcome', ready: (page) => page.getByRole('heading', { name: 'Default' }).waitFor() },
  { name: 'welcome-editor', path: '/console/ada_bistro/welcome', ready: async (page) => {
    await page.getByRole('link', { name: 'Edit “Default”' }).click()
    await page.getByRole('figure', { name: 'Preview: what people see' }).getByText('Call the bistro').waitFor()
  } },
  { name: 'automation', path: '/console/ada_bistro/automation', ready: (page) => page.getByLabel('Start of Shift 2 on Monday', { exact: true }).waitFor() },
  { name: 'team-profiles', path: '/console/ada_bistro/team', ready: async (page) => {
    const heading = page.getByRole('heading', { name: 'Profiles the team answers under' })
    await heading.waitFor()
    await heading.evaluate((element) => element.scrollIntoView({ block: 'start' }))
  } },
  { name: 'brand-profile', path: '/console/ada_bistro/profile', ready: (page) => page.getByRole('textbox', { name: 'Display name' }).waitFor() },
]

test('the new console screens on a phone and a desktop, light and dark: no serious accessibility violation', async () => {
  for (const viewport of ['phone', 'desktop'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const screen of screens) {
        const opened: Window = await openAs(web, ada, screen.path, { viewport, colorScheme })
        await screen.ready(opened.page)
        await noViolations(opened.page, `${screen.name}, ${viewport}, ${colorScheme}`)
        assert.ok(await opened.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${screen.name} does not overflow sideways on a ${viewport}`)
        if (viewport === 'phone' || colorScheme === 'dark') await screenshot(opened.page, `console-${screen.name}-${viewport}${colorScheme === 'dark' ? '-dark' : ''}`)
        assert.deepEqual(opened.errors, [], `${screen.name}, ${viewport}, ${colorScheme}`)
        await opened.context.close()
      }
    }
  }
})
