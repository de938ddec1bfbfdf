import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { beyondOffline, screenshot, shellInstalled } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { acceptedDirect, bubble, live, logIn, openAs, type Person } from './support/people.ts'

let web: WebFixture
let ada: Person
let ben: Person
let conversationId: string
before(async () => {
  web = await startWeb()
  ada = await logIn(web, 'ada')
  ben = await logIn(web, 'ben')
  conversationId = await acceptedDirect(ada, ben)
  await ben.client.sendMessage(conversationId, 'Are we still on for Friday?')
})
after(() => web.close())

test('a draft survives a reload, per conversation, and sending it forgets it', async () => {
  const other = await ada.client.openDirect((await logIn(web, 'chloe')).id)
  const { page, context, errors } = await openAs(web, ada, `/c/${conversationId}`)
  const box = page.getByRole('textbox', { name: 'Message' })
  await box.fill('Friday works, I will bring the')
  await page.reload()
  await box.waitFor()
  assert.equal(await box.inputValue(), 'Friday works, I will bring the', 'back after a reload')

  await page.goto(`${web.server.url}/c/${other.id}`)
  await box.waitFor()
  assert.equal(await box.inputValue(), '', 'another conversation has its own draft')
  await page.goto(`${web.server.url}/c/${conversationId}`)
  await box.waitFor()
  assert.equal(await box.inputValue(), 'Friday works, I will bring the')

  await box.fill('Friday works, I will bring the beans')
  await box.press('Enter')
  await bubble(page, 'Friday works, I will bring the beans').waitFor()
  await page.reload()
  await bubble(page, 'Friday works, I will bring the beans').waitFor()
  assert.equal(await box.inputValue(), '', 'sent: no draft comes back')
  assert.deepEqual(beyondOffline(errors), [])
  await context.close()
})

test('a message written offline waits, survives a reload while still offline, and arrives once after reconnect', async () => {
  const bens = await openAs(web, ben, `/c/${conversationId}`)
  await live(bens.page)
  const adas = await openAs(web, ada, `/c/${conversationId}`)
  const { page, context } = adas
  await live(page)
  await shellInstalled(page)

  await context.setOffline(true)
  const box = page.getByRole('textbox', { name: 'Message' })
  const text = 'Written on the train, sent once'
  await box.fill(text)
  await box.press('Enter')
  const waiting = page.getByRole('status').filter({ hasText: 'Waiting to send' })
  await waiting.waitFor()
  assert.equal(await bubble(page, text).count(), 1, 'shown at once, waiting')
  await screenshot(page, 'offline-waiting-to-send-desktop')

  // Closed or reloaded while still offline: the shell opens, the message is kept on the device.
  await page.reload()
  await page.getByRole('heading', { name: 'You are offline' }).waitFor()
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parloir:outbox:')).map((k) => localStorage.getItem(k) ?? ''))
  assert.equal(kept.length, 1)
  assert.ok(kept[0]?.includes(text), 'kept on the device while offline')

  await context.setOffline(false)
  await bubble(bens.page, text).waitFor({ timeout: 20_000 })
  await bubble(page, text).waitFor({ timeout: 20_000 })
  await waiting.waitFor({ state: 'hidden' })
  // Everything settled: still one copy on each side, one on the server, nothing left on the device.
  await bens.page.reload()
  await bubble(bens.page, text).waitFor()
  assert.equal(await bubble(bens.page, text).count(), 1, 'the receiver sees it once')
  assert.equal(await bubble(page, text).count(), 1, 'the writer sees it once')
  const stored = (await ben.client.listMessages(conversationId, { limit: 50 })).messages.filter((m) => m.text === text)
  assert.equal(stored.length, 1, 'one message on the server')
  assert.match(stored[0]?.clientMessageId ?? '', /^web-/, 'sent with the client id it was written with')
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parloir:outbox:'))), [])
  assert.deepEqual(beyondOffline(adas.errors), [])
  assert.deepEqual(beyondOffline(bens.errors), [])
  await context.close()
  await bens.context.close()
})

test('an attachment picked offline says at once that files do not wait', async () => {
  const { page, context } = await openAs(web, ada, `/c/${conversationId}`)
  await live(page)
  await context.setOffline(true)
  await page.locator('input[type="file"]').setInputFiles({ name: 'menu.txt', mimeType: 'text/plain', buffer: Buffer.from('espresso') })
  await page.getByRole('alert').filter({ hasText: 'you are offline. Files do not wait' }).waitFor()
  assert.equal(await page.getByRole('button', { name: 'Send' }).isDisabled(), true)
  await context.close()
})

test('waiting to send, on a phone, in the dark and in French', async () => {
  for (const [name, options, waitingText] of [
    ['phone', { viewport: 'phone' }, 'Waiting to send'],
    ['desktop-dark', { colorScheme: 'dark' }, 'Waiting to send'],
    ['phone-fr', { viewport: 'phone', locale: 'fr-FR' }, 'En attente d’envoi'],
  ] as const) {
    const { page, context } = await openAs(web, ada, `/c/${conversationId}`, options)
    await live(page)
    await context.setOffline(true)
    const box = page.locator('textarea.msg-composer__text')
    await box.fill(name.endsWith('fr') ? 'Écrit hors ligne' : 'Written offline')
    await box.press('Enter')
    await page.getByRole('status').filter({ hasText: waitingText }).waitFor()
    await screenshot(page, `offline-waiting-to-send-${name}`)
    await context.setOffline(false)
    await page.getByRole('status').filter({ hasText: waitingText }).waitFor({ state: 'hidden', timeout: 20_000 })
    await context.close()
  }
})

test('logging out leaves none of the account’s drafts or waiting messages on the device', async () => {
  const dan = await logIn(web, 'dan')
  const toAda = await dan.client.openDirect(ada.id)
  const { page, context, errors } = await openAs(web, dan, `/c/${toAda.id}`)
  await live(page)
  await page.getByRole('textbox', { name: 'Message' }).fill('Half a thought, for Dan’s eyes only')
  const savedKeys = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parloir:')))
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('parloir:draft:')))
  await page.getByRole('button', { name: 'Log out' }).click()
  await page.waitForURL(/\/login/)
  assert.deepEqual(await savedKeys(), [])
  assert.deepEqual(beyondOffline(errors), [])
  await context.close()
})
