import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import SqliteDatabase from 'better-sqlite3'
import { ParloirClient } from '@parloir/client'
import { smtpReceiver } from '@parloir/testing/smtp-receiver'
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core'
import { freePort } from '../support/parloir-process.ts'
import { newContext, screenshot, seriousA11yViolations, viewports, watchErrors } from './support/browser.ts'
import { startWeb, type WebFixture } from './support/fixture.ts'
import { launchVisitorBrowser, seriousA11yViolationsIn, serveHostSite, type HostSite } from './support/host-page.ts'

let web: WebFixture
let smtp: Awaited<ReturnType<typeof smtpReceiver>>
let shop: HostSite
let firstBrowser: Browser
let ada: ParloirClient
let northwind: ParloirClient
let brandId: string

before(async () => {
  smtp = await smtpReceiver()
  const port = await freePort()
  // A real mail server on loopback; the email's links point at this server.
  web = await startWeb({ demo: false, port, env: { SMTP_URL: smtp.url, PARLOIR_PUBLIC_URL: `http://127.0.0.1:${port}`, PARLOIR_MAIL_DELAY_MS: '0' } })
  ada = new ParloirClient({ baseUrl: web.server.url })
  await ada.signup({ handle: 'ada', displayName: 'Ada Lovelace', password: 'correct horse battery' })
  brandId = (await ada.createBrand({ handle: 'northwind', displayName: 'Northwind Coffee' })).brand.id
  northwind = ada.withActAs(brandId)
  shop = await serveHostSite({ parloirUrl: web.server.url, brandId })
  await ada.call('updateBrandMessaging', { params: { brandId }, body: { embedOrigins: [shop.origin] } })
  firstBrowser = await launchVisitorBrowser()
})
after(async () => {
  await firstBrowser?.close()
  await shop?.close()
  await web?.close()
  await smtp?.close()
})

/** Waits for the n-th email (the mailer looks every few seconds); the wait ends on the event, not on a time. */
async function email(n: number): Promise<string> {
  for (let waited = 0; smtp.received.length < n; waited += 100) {
    if (waited > 60_000) throw new Error(`email ${n} did not come (${smtp.received.length} received)`)
    await sleep(100)
  }
  return smtp.received[n - 1]?.body ?? ''
}

const linkIn = (body: string) => {
  const found = /(http:\/\/127\.0\.0\.1:\d+\/messages\/continue\?token=[A-Za-z0-9_-]{43})/.exec(body)?.[1]
  assert.ok(found, `the email has a continue link:\n${body}`)
  return found
}

async function chatFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[title="Message us"]')
  const frame = await handle.contentFrame()
  assert.ok(frame)
  await frame.waitForSelector('.chat')
  return frame
}

/** The same page in a phone context, in French and dark (with this browser's cookies, when given), screenshotted. */
async function alsoOnPhoneAndInFrench(url: string, name: string, cookiesFrom?: BrowserContext): Promise<void> {
  const variants = [['phone', 'phone', 'en-US', 'light'], ['fr', 'desktop', 'fr-FR', 'light'], ['desktop-dark', 'desktop', 'en-US', 'dark']] as const
  for (const [suffix, viewport, locale, colorScheme] of variants) {
    const context = await newContext(web.browser, viewport, { locale, colorScheme })
    if (cookiesFrom) await context.addCookies(await cookiesFrom.cookies())
    const page = await context.newPage()
    await page.goto(url)
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name}-${suffix}: nothing overflows sideways`)
    if (locale === 'fr-FR') assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr')
    // The pages follow the visitor's preference (pages.css): a dark page in a dark browser.
    if (colorScheme === 'dark') assert.equal(await page.evaluate(() => getComputedStyle(document.body).colorScheme), 'dark')
    await screenshot(page, `${name}-${suffix}`)
    await context.close()
  }
}

test('a visitor writes from the widget, closes the tab, follows the email\'s link on another browser and continues the same thread', async () => {
  // 1. On the shop's site, in the in-page chat: a message and an address for answers.
  const first = await firstBrowser.newContext({ viewport: viewports.desktop, locale: 'en-US' })
  const shopPage = await first.newPage()
  await shopPage.goto(shop.url)
  await shopPage.getByRole('link', { name: 'Message us' }).click()
  const frame = await chatFrame(shopPage)
  await frame.getByRole('textbox', { name: 'Your message' }).fill('My order 4512 has not arrived.')
  await frame.getByRole('textbox', { name: 'Your message' }).press('Enter')
  await frame.locator('.msg--mine[data-state="sent"]', { hasText: 'My order 4512' }).waitFor()
  await frame.getByLabel('Email address (optional)').fill('chloe@example.com')
  await frame.getByRole('button', { name: 'Save' }).click()
  await frame.getByText('Saved: chloe@example.com.').waitFor()
  await shopPage.close() // the tab; the browser keeps the chat's storage (the shop's flag, the frame's session)

  // 2. The agent answers; the visitor is told by email, with a link.
  const conversation = (await northwind.listConversations({ box: 'requests' })).conversations.concat((await northwind.listConversations()).conversations)
    .find((c) => c.lastMessage?.text === 'My order 4512 has not arrived.')
  assert.ok(conversation)
  await northwind.sendMessage(conversation.id, 'It left the roastery this morning.')
  const mail = await email(1)
  assert.deepEqual(smtp.received[0]?.to, ['chloe@example.com'])
  assert.match(mail, /It left the roastery this morning\./)
  const link = linkIn(mail)

  // 3. Another browser: the link shows a button and sets nothing until it is pressed.
  const second = await newContext(web.browser)
  const page = await second.newPage()
  const errors = watchErrors(page)
  await page.goto(link)
  await page.getByRole('heading', { name: 'Continue your conversation with Northwind Coffee' }).waitFor()
  assert.deepEqual(await second.cookies(), [], 'opening the link sets no cookie')
  assert.deepEqual(await seriousA11yViolations(page), [])
  await screenshot(page, 'visitor-link-exchange-desktop')
  await alsoOnPhoneAndInFrench(link, 'visitor-link-exchange')

  // The agent has the conversation open in the console, to see what comes.
  const agent = await newContext(web.browser)
  const agentPage = await agent.newPage()
  await agentPage.goto(`${web.server.url}/login?next=${encodeURIComponent(`/c/${conversation.id}?as=${brandId}`)}`)
  await agentPage.getByLabel('Handle').fill('ada')
  await agentPage.getByLabel('Password').fill('correct horse battery')
  await agentPage.getByRole('button', { name: 'Log in' }).click()
  await agentPage.getByText('It left the roastery this morning.').first().waitFor()

  // 4. The button: the conversation, with no token left in the address.
  await page.getByRole('button', { name: 'Continue the conversation' }).click()
  await page.waitForURL(new RegExp(`/messages/visitor/${conversation.id}#latest$`))
  assert.ok(!page.url().includes('token'), page.url())
  assert.deepEqual((await second.cookies()).map((c) => [c.name, c.httpOnly]), [['parloir_visitor', true], ['parloir_visitor', true], ['parloir_visitor', true]])
  await page.getByText('My order 4512 has not arrived.').waitFor()
  await page.getByText('It left the roastery this morning.').waitFor()
  assert.deepEqual(await seriousA11yViolations(page), [])
  await screenshot(page, 'visitor-link-conversation-desktop')
  await alsoOnPhoneAndInFrench(page.url(), 'visitor-link-conversation', second)

  // 5. The visitor writes on; it reaches the agent's open conversation.
  await page.getByLabel('Reply').fill('Thank you! Can you send the tracking number?')
  await page.getByRole('button', { name: 'Send' }).last().click()
  await page.waitForURL(new RegExp(`/messages/visitor/${conversation.id}#latest$`))
  await page.getByText('Thank you! Can you send the tracking number?').waitFor()
  await agentPage.getByText('Thank you! Can you send the tracking number?').first().waitFor({ timeout: 10_000 })
  const messages = (await northwind.listMessages(conversation.id)).messages
  assert.equal(messages.at(-1)?.text, 'Thank you! Can you send the tracking number?')
  assert.equal(messages.at(-1)?.senderId, messages.find((m) => m.text === 'My order 4512 has not arrived.')?.senderId, 'the same visitor')

  // 6. The link again, in a third browser: used, said plainly, with a way to write again.
  const third = await newContext(web.browser)
  const again = await third.newPage()
  await again.goto(link)
  await again.getByRole('heading', { name: 'This link was already used' }).waitFor()
  assert.deepEqual(await third.cookies(), [])
  await third.close()

  // 7. A link past its 7 days (the next answer's, aged in the database) shows why, and the way on.
  await northwind.sendMessage(conversation.id, 'Tracking number: NW-4512.')
  const stale = linkIn(await email(2))
  const db = new SqliteDatabase(join(web.dataDir, 'parloir.sqlite'), { timeout: 10_000 })
  db.prepare('UPDATE visitor_links SET expires_at = 1 WHERE used_at IS NULL').run()
  db.close()
  const expiredContext = await newContext(web.browser)
  const expired = await expiredContext.newPage()
  await expired.goto(stale)
  await expired.getByRole('heading', { name: 'This link has expired' }).waitFor()
  await expired.getByRole('link', { name: 'Write to Northwind Coffee again' }).waitFor()
  assert.deepEqual(await expiredContext.cookies(), [])
  assert.deepEqual(await seriousA11yViolations(expired), [])
  await screenshot(expired, 'visitor-link-expired-desktop')
  await expiredContext.close()
  await alsoOnPhoneAndInFrench(stale, 'visitor-link-expired')

  // 8. The visitor keeps the conversation in an account, and lands in the app with the thread.
  await page.goto(`${web.server.url}/messages/visitor/${conversation.id}`)
  await page.getByRole('link', { name: 'Create an account to keep this conversation' }).click()
  await page.getByRole('heading', { name: 'Create an account to keep this conversation' }).waitFor()
  await screenshot(page, 'visitor-keep-conversation-desktop')
  await page.getByLabel('Handle').fill('chloe')
  await page.getByLabel('Your name').fill('Chloé Martin')
  await page.getByLabel('Password').fill('correct horse battery')
  await page.getByRole('button', { name: 'Create the account' }).click()
  await page.waitForURL(new RegExp(`/c/${conversation.id}$`))
  await page.getByText('Tracking number: NW-4512.').first().waitFor()
  await page.getByText('Thank you! Can you send the tracking number?').first().waitFor()
  assert.deepEqual((await second.cookies()).map((c) => c.name), ['parloir_session'], 'no visitor cookie left')
  await screenshot(page, 'visitor-keep-conversation-app-desktop')
  // The agent's conversation is the same one, now with a person.
  const kept = await northwind.getConversation(conversation.id)
  assert.deepEqual(kept.participants.map((p) => p.account.kind).sort(), ['brand', 'person'])
  assert.deepEqual(errors, [])
  await agent.close()
  await second.close()

  // 9. Back on the shop's site in the first browser, whose chat still holds the visitor's token,
  // revoked with every visitor session: the chat forgets it and says where the conversation went.
  const shopAgain = await first.newPage()
  const shopErrors = watchErrors(shopAgain)
  await shopAgain.goto(shop.url)
  // The shop's flag brings the frame back unseen; the launcher stays, as there is something to say.
  const launcher = shopAgain.getByRole('button', { name: 'Open the chat', exact: true })
  await launcher.click()
  const moved = await chatFrame(shopAgain)
  await moved.getByRole('heading', { name: 'Your conversation is in your Parloir account now' }).waitFor()
  const openIt = moved.getByRole('link', { name: 'Open it in Parloir (opens in a new tab)' })
  assert.equal(await openIt.getAttribute('href'), `${web.server.url}/c/${conversation.id}`)
  assert.equal(await openIt.getAttribute('target'), '_blank')
  assert.equal(await moved.locator('.msg--mine').count(), 0, 'nothing of the thread is shown with the revoked token')
  assert.equal(await moved.evaluate((id) => localStorage.getItem(`parloir.widget.${id}`), brandId), null, 'the revoked token is forgotten')
  assert.deepEqual(await seriousA11yViolationsIn(moved), [])
  await screenshot(shopAgain, 'widget-kept-in-account-desktop')
  const [tab] = await Promise.all([shopAgain.waitForEvent('popup'), openIt.click()])
  await tab.waitForLoadState()
  assert.equal(new URL(tab.url()).origin, web.server.url, 'the conversation opens on Parloir, in a new tab')
  await tab.close()
  // A new chat instead: the notice goes, and with it the launcher and the shop's flag.
  await moved.getByRole('button', { name: 'Start a new chat here' }).click()
  await moved.getByRole('heading', { name: 'Your conversation is in your Parloir account now' }).waitFor({ state: 'hidden' })
  await shopAgain.waitForFunction((id) => localStorage.getItem(`parloir.conversation.${id}`) === null, brandId)
  await shopAgain.reload()
  await shopAgain.waitForLoadState('networkidle')
  assert.equal(await launcher.count(), 0, 'no launcher: nothing left to say')
  assert.equal(shopAgain.frames().length, 1, 'and no frame loaded before a click')
  assert.deepEqual(shopErrors, [])
  await first.close()
})
