import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { ParloirClient } from '@parloir/client'
import type { PersonPushPayload } from '@parloir/protocol'
import { startPushReceiver, type PushReceiver } from '@parloir/testing/push-receiver'
import { smtpReceiver } from '@parloir/testing/smtp-receiver'
import { newContext, screenshot, watchErrors } from './support/browser.ts'
import { demoPassword, startWeb, type WebFixture } from './support/fixture.ts'

/**
 * Chromium cannot subscribe to a push service of our own: PushManager.subscribe in Chromium asks
 * Google's push service (FCM), which this machine cannot reach, and has no switch to point it
 * elsewhere. So the journey goes through every real part it can: the server encrypts and sends
 * the push to a push service on loopback (which checks the VAPID signature and decrypts it, as a
 * browser would), and the decrypted payload is delivered to the page's real service worker
 * (/sw.js) with DevTools' ServiceWorker.deliverPushMessage, which fires the same `push` event a
 * push service would. The notification it shows is read back with getNotifications(); headless
 * Chromium has no notification to click, so the test opens the notification's link, as the
 * worker's notificationclick does.
 */
let web: WebFixture
let receiver: PushReceiver
let smtp: Awaited<ReturnType<typeof smtpReceiver>>
before(async () => {
  smtp = await smtpReceiver()
  web = await startWeb({ env: { PARLOIR_OUTBOUND_ALLOW: '127.0.0.1:*', PARLOIR_PERSON_PUSH_DELAY_MS: '300', PARLOIR_PUSH_POLL_MS: '200', SMTP_URL: smtp.url, PARLOIR_PUBLIC_URL: 'https://chat.parloir.test' } })
  const key = (await new ParloirClient({ baseUrl: web.server.url }).call('getPushKey')).publicKey
  receiver = await startPushReceiver({ vapidPublicKey: key })
})
after(async () => { await web.close(); await receiver.close(); await smtp.close() })

async function logIn(page: Page, handle: string, next: string): Promise<void> {
  await page.goto(`${web.server.url}/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel(/^(Handle|Identifiant)$/).fill(handle)
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(demoPassword)
  await page.getByRole('button', { name: /^(Log in|Se connecter)$/ }).click()
  await page.waitForURL(`${web.server.url}${next}`)
}

test('chloé sets her notifications, closes the app, gets a push from Northwind Coffee and opens the conversation from it', async () => {
  const url = web.server.url
  const context = await newContext(web.browser)
  await context.grantPermissions(['notifications'], { origin: url })
  const page = await context.newPage()
  const errors = watchErrors(page)
  await logIn(page, 'chloe', '/settings')
  const section = page.getByRole('region', { name: 'Notifications' })
  await section.getByRole('switch', { name: 'Show message text in notifications' }).waitFor()
  assert.equal(await section.getByRole('switch', { name: 'Show message text in notifications' }).isChecked(), true, 'previews on by default')
  assert.equal(await section.getByRole('switch', { name: 'Email me about unread messages' }).isChecked(), false, 'email off by default')
  await section.getByLabel('Email address').fill('chloe@example.test')
  await section.getByRole('button', { name: 'Send confirmation link' }).click()
  await section.getByText('Waiting for confirmation: chloe@example.test').waitFor()
  assert.equal(smtp.received.length, 1)
  await section.getByRole('switch', { name: 'Quiet hours' }).click()
  await section.getByRole('button', { name: 'Save quiet hours' }).click()
  await section.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
  await section.scrollIntoViewIfNeeded()
  await screenshot(page, 'settings-notifications-desktop')

  // This browser's service worker, as the Settings switch registers it.
  await page.evaluate(async () => { await navigator.serviceWorker.register('/sw.js', { scope: '/' }); await navigator.serviceWorker.ready })
  // Her phone's browser: subscribed at the push service on loopback, from another session.
  const phone = new ParloirClient({ baseUrl: url })
  await phone.login({ handle: 'chloe', password: demoPassword })
  await phone.call('savePushSubscription', { body: receiver.subscribe() })

  // Chloé writes to Northwind Coffee, then closes the app: no stream of hers is open anywhere.
  const chloe = new ParloirClient({ baseUrl: url })
  await chloe.login({ handle: 'chloe', password: demoPassword })
  const ada = new ParloirClient({ baseUrl: url })
  await ada.login({ handle: 'ada', password: demoPassword })
  const brand = await ada.getAccountByHandle('northwind')
  const conversation = await chloe.openDirect(brand.id)
  await chloe.sendMessage(conversation.id, 'Is the Ethiopia roast back in stock?')
  await page.goto(`${url}/favicon.svg`) // the app is closed; the worker stays registered
  const before = receiver.received.length
  await ada.withActAs(brand.id).sendMessage(conversation.id, 'Yes! It came back this morning, 250 g or 1 kg.')

  // The server pushes once she has no stream: decrypted at the push service.
  for (let i = 0; receiver.received.length === before && i < 100; i++) await new Promise((r) => setTimeout(r, 100))
  assert.deepEqual(receiver.problems, [])
  const received = receiver.received.slice(before).map((r) => r.payload as PersonPushPayload & { kind: string })
  const push = received.find((p) => p.kind === 'message.new')
  assert.deepEqual(push, {
    kind: 'message.new', conversationId: conversation.id, title: 'Northwind Coffee', body: 'Yes! It came back this morning, 250 g or 1 kg.',
    url: `/c/${conversation.id}`, tag: `message.new:${conversation.id}`,
  })

  // Delivered to the page's service worker as the push service would: it shows the notification.
  const cdp = await context.newCDPSession(page)
  const registrationId = await new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }: { registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> }) => {
      const found = registrations.find((r) => r.scopeURL === `${url}/` && !r.isDeleted)
      if (found) resolve(found.registrationId)
    })
    void cdp.send('ServiceWorker.enable')
  })
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: url, registrationId, data: JSON.stringify(push) })
  const shown = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready
    for (let i = 0; i < 50; i++) {
      const list = await registration.getNotifications()
      if (list.length > 0) return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: (n.data as { url: string }).url }))
      await new Promise((r) => setTimeout(r, 100))
    }
    return []
  })
  assert.deepEqual(shown, [{ title: 'Northwind Coffee', body: 'Yes! It came back this morning, 250 g or 1 kg.', tag: `message.new:${conversation.id}`, url: `/c/${conversation.id}` }])

  // Opening it: the conversation, with the answer.
  await page.goto(`${url}${shown[0]!.url}`)
  await page.getByRole('region', { name: 'Message history' }).getByText('Yes! It came back this morning, 250 g or 1 kg.').waitFor()
  await screenshot(page, 'push-opened-conversation-desktop')
  assert.deepEqual(errors, [])
  await context.close()
})

test('the Notifications section on a phone, in dark, and in French', async () => {
  for (const [viewport, colorScheme, locale, name] of [
    ['phone', 'light', 'en-GB', 'settings-notifications-phone'],
    ['desktop', 'dark', 'en-GB', 'settings-notifications-desktop-dark'],
    ['phone', 'dark', 'fr-FR', 'settings-notifications-phone-dark-fr'],
    ['desktop', 'light', 'fr-FR', 'settings-notifications-desktop-fr'],
  ] as const) {
    const context = await newContext(web.browser, viewport, { colorScheme, locale })
    const page = await context.newPage()
    await logIn(page, 'dan', '/settings')
    const section = page.getByRole('region', { name: 'Notifications' })
    await section.getByRole('switch').nth(1).waitFor()
    await section.scrollIntoViewIfNeeded()
    await section.evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await screenshot(page, name)
    await context.close()
  }
})
