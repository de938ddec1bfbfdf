import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page, WebSocketRoute } from 'playwright-core'
import { beyondOffline, newContext, watchErrors } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { acceptedDirect, bubble, logIn, openAs, type Person } from './support/people.ts'

let web: WebFixture
let ada: Person
let ben: Person
let conversationId: string
before(async () => {
  web = await startWeb()
  ada = await logIn(web, 'ada')
  ben = await logIn(web, 'ben')
  conversationId = await acceptedDirect(ada, ben)
})
after(() => web.close())

async function assertShownOnce(page: Page, texts: string[]): Promise<void> {
  for (const text of texts) {
    await bubble(page, text).first().waitFor({ timeout: 10_000 })
    assert.equal(await bubble(page, text).count(), 1, `"${text}" is shown exactly once`)
  }
}

test('offline for a while: the banner shows, messages from both sides arrive once the network is back, each once', async () => {
  await ben.client.sendMessage(conversationId, 'Before the drop')
  const adas = await openAs(web, ada, `/c/${conversationId}`)
  const { page, context } = adas
  await bubble(page, 'Before the drop').waitFor()
  const banner = page.getByRole('status').filter({ hasText: 'Reconnecting…' })

  await context.setOffline(true)
  await banner.waitFor({ timeout: 5_000 })
  // Ben goes on writing; Ada writes too, into the void.
  const away = ['While you were away 1', 'While you were away 2', 'While you were away 3', 'While you were away 4', 'While you were away 5']
  for (const text of away) await ben.client.sendMessage(conversationId, { text, clientMessageId: `away-${text.at(-1)}` })
  const box = page.getByRole('textbox', { name: 'Message' })
  await box.fill('Written while offline')
  await box.press('Enter')
  await page.getByText('Waiting to send', { exact: false }).waitFor()
  await page.waitForTimeout(1_000)

  await context.setOffline(false)
  await banner.waitFor({ state: 'hidden', timeout: 10_000 })
  await assertShownOnce(page, ['Before the drop', ...away, 'Written while offline'])
  await page.getByText('Waiting to send', { exact: false }).waitFor({ state: 'hidden' })
  const stored = (await ben.client.listMessages(conversationId, { limit: 50 })).messages
  assert.equal(stored.filter((m) => m.text === 'Written while offline').length, 1, 'the retried send made one message')

  assert.deepEqual(beyondOffline(adas.errors), [])
  await context.close()
})

test('a stream that drops silently resumes from its cursor: what was missed is replayed, each once', async () => {
  const context = await newContext(web.browser)
  await context.addCookies([{ name: 'parloir_session', value: ada.token, url: web.server.url, httpOnly: true, sameSite: 'Lax' }])
  const page = await context.newPage()
  const errors = watchErrors(page)
  // Every stream goes through this route, so the test can cut it and refuse new ones for a while.
  let cut = false
  let open: WebSocketRoute | null = null
  await page.routeWebSocket(/\/api\/v1\/stream/, async (socket) => {
    if (cut) { await socket.close({ code: 1011, reason: 'network trouble' }); return }
    socket.connectToServer()
    open = socket
  })
  await page.goto(`${web.server.url}/c/${conversationId}`)
  await page.getByRole('textbox', { name: 'Message' }).waitFor()
  await ben.client.sendMessage(conversationId, 'Live before the cut')
  await bubble(page, 'Live before the cut').waitFor()
  const banner = page.getByRole('status').filter({ hasText: 'Reconnecting…' })

  cut = true
  // (A cast: TypeScript cannot see the route's callback assign `open`.)
  await (open as WebSocketRoute | null)?.close({ code: 1011, reason: 'network trouble' })
  await banner.waitFor({ timeout: 5_000 })
  const missed = ['Missed 1', 'Missed 2', 'Missed 3']
  for (const text of missed) await ben.client.sendMessage(conversationId, text)
  await page.waitForTimeout(1_500)
  assert.equal(await bubble(page, 'Missed 1').count(), 0, 'nothing arrives while cut')

  cut = false
  await banner.waitFor({ state: 'hidden', timeout: 15_000 })
  await assertShownOnce(page, ['Live before the cut', ...missed])
  // And it is live again.
  await ben.client.sendMessage(conversationId, 'Live after the cut')
  await assertShownOnce(page, ['Live after the cut'])

  assert.deepEqual(beyondOffline(errors), [])
  await context.close()
})
