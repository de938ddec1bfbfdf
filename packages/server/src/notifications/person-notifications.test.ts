import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { NotificationSettings, PersonPushPayload } from '@parloir/protocol'
import { TestClock } from '@parloir/testing/server'
import { liveServer, until, type LiveServer, type Person } from '@parloir/testing/stream-fixtures'
import { startPushReceiver, type PushReceiver, type TestSubscription } from '@parloir/testing/push-receiver'
import { smtpReceiver } from '@parloir/testing/smtp-receiver'
import { screenshotEmail } from '@parloir/testing/chromium'
import { loadConfig } from '../config.ts'
import { parseAllowList } from '../webhooks/outbound.ts'
import { pushWorkerOf } from '../push/routes.ts'
import { peopleMailerOf } from './routes.ts'

const PUBLIC = 'https://chat.parloir.test'
const DELAY = 5_000
const WINDOW = 15 * 60_000

/**
 * People told of messages while the app is closed, end to end: Chloe (a customer) and Bob (a
 * person) subscribe at a push service on loopback that checks the VAPID signature and decrypts
 * the aes128gcm payload as a browser would; emails go to a real SMTP server on loopback.
 * Northwind Coffee's owner Ada answers as the brand and writes private notes.
 */
describe('telling people of messages', () => {
  const clock = new TestClock(Date.UTC(2026, 0, 15, 12, 0, 0))
  let live: LiveServer
  let receiver: PushReceiver
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>
  let ada: Person, chloe: Person, bob: Person
  let brandId = ''
  let withBrand = '', withBob = ''
  const browsers = new Map<string, TestSubscription>()

  before(async () => {
    smtp = await smtpReceiver()
    const base = loadConfig({})
    live = await liveServer({
      outboundAllow: parseAllowList('127.0.0.1:*'),
      push: { ...base.push, pollMs: 0, personDelayMs: DELAY },
      mail: { ...base.mail, smtpUrl: smtp.url, publicUrl: PUBLIC, pollMs: 3_600_000, delayMs: 60_000, personWindowMs: WINDOW },
    }, { clock })
    const s = live.server
    receiver = await startPushReceiver({ vapidPublicKey: (await s.call('GET', '/api/v1/push/key')).json().publicKey })
    ;[ada, chloe, bob] = [await live.person('ada'), await live.person('chloe'), await live.person('bob')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    for (const person of [ada, chloe, bob]) {
      const browser = receiver.subscribe()
      browsers.set(person.id, browser)
      assert.equal((await s.call('PUT', '/api/v1/me/push-subscription', { token: person.token, body: browser })).statusCode, 204)
    }
    withBrand = (await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: brandId } })).json().id
    await say(chloe, withBrand, 'Hello, where is my order #4411?')
    withBob = (await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: bob.id } })).json().id
    await say(chloe, withBob, 'Bob, are you coming tonight?')
    await pushes() // the team's own push of Chloe's first message, and Bob's of hers
  })
  after(async () => { await live.stop(); await receiver.close(); await smtp.close() })

  async function say(who: Person, conversationId: string, text: string, asBrand = false) {
    const res = await live.server.call('POST', `/api/v1/conversations/${conversationId}/messages`, {
      token: who.token, body: { text }, headers: asBrand ? { 'parloir-act-as': brandId } : {},
    })
    assert.equal(res.statusCode, 201, res.body)
    return res.json() as { id: string; seq: number }
  }
  /** Lets the delay pass, sends what is due; what each person's browser received meanwhile. */
  async function pushes(wait = DELAY) {
    clock.advance(wait)
    const from = receiver.received.length
    await pushWorkerOf(live.server.deps).tick()
    assert.deepEqual(receiver.problems, [], 'every push is signed and decrypts')
    const got = receiver.received.slice(from)
    const of = (p: Person) => got.filter((r) => r.endpoint === browsers.get(p.id)?.endpoint).map((r) => r.payload as PersonPushPayload)
    return { ada: of(ada), chloe: of(chloe), bob: of(bob), all: got }
  }
  const settings = async (who: Person, body: Record<string, unknown>) => {
    const res = await live.server.call('PATCH', '/api/v1/me/notifications', { token: who.token, body })
    return { status: res.statusCode, body: res.json() as NotificationSettings & { error?: { code: string } } }
  }

  test('an answer from the brand is pushed to the customer, after the delay, with the brand as title and a preview', async () => {
    await say(ada, withBrand, 'It left the roastery this morning; tracking: https://track.example/4411', true)
    clock.advance(DELAY - 1)
    assert.equal(await pushWorkerOf(live.server.deps).tick(), 0, 'not before the delay: an open page shows it first')
    const got = await pushes(1)
    assert.deepEqual(got.chloe, [{
      kind: 'message.new', conversationId: withBrand, title: 'Northwind Coffee',
      body: 'It left the roastery this morning; tracking: https://track.example/4411', url: `/c/${withBrand}`, tag: `message.new:${withBrand}`,
    }])
    assert.deepEqual([...got.ada, ...got.bob], [], 'never the sender, nor the team member who wrote it')
  })

  test('a person with a stream open anywhere is not pushed; one whose streams closed or lapsed is', async () => {
    const stream = await live.stream(chloe.client)
    await live.server.streamPresence.settled()
    await say(bob, withBob, 'Yes, at eight.')
    assert.deepEqual((await pushes()).chloe, [], 'connected on this process')
    await stream.close()
    await until(() => live.server.hub.streamsOf(chloe.id) === 0, 'the stream closed')
    await live.server.streamPresence.settled()
    await say(bob, withBob, 'Bring the cake!')
    assert.equal((await pushes()).chloe.length, 1, 'her last stream closed: she is told')

    // Another process holds a stream of hers: she is connected until its lease lapses.
    await live.server.deps.storage.transaction((tx) => tx.personNotifications.holdStreams('other-process', [chloe.id], clock.now() + 90_000))
    await say(bob, withBob, 'And candles.')
    assert.deepEqual((await pushes()).chloe, [], 'connected on another process')
    clock.advance(90_000)
    await say(bob, withBob, 'Never mind the candles.')
    assert.equal((await pushes()).chloe.length, 1, 'that process died: its lease lapsed')
  })

  test('a message read before it is due, or unsent, is not pushed', async () => {
    const m = await say(bob, withBob, 'Did you see this?')
    assert.equal((await live.server.call('POST', `/api/v1/conversations/${withBob}/read`, { token: chloe.token, body: { seq: m.seq } })).statusCode < 300, true)
    assert.deepEqual((await pushes()).chloe, [])
  })

  test('with previews off, the push says who wrote and nothing of what', async () => {
    assert.equal((await settings(chloe, { showPreviews: false })).status, 200)
    await say(bob, withBob, 'My PIN is 4242')
    const [push] = (await pushes()).chloe
    assert.equal(push?.title, 'bob')
    assert.equal(push?.body, 'New message')
    assert.ok(!JSON.stringify(receiver.received.at(-1)?.payload).includes('4242'))
    await settings(chloe, { showPreviews: true })
  })

  test('quiet hours in her time zone: pushed one second before, not at the start', async () => {
    // 12:00 UTC is 13:00 in Paris (winter). Quiet from 13:00 Paris.
    assert.equal((await settings(chloe, { timeZone: 'Europe/Paris', quietHours: { start: '13:00', end: '14:00' } })).status, 200)
    clock.ms = Date.UTC(2026, 0, 16, 11, 59, 59) - DELAY
    await say(bob, withBob, 'Lunch?')
    assert.equal((await pushes()).chloe.length, 1, '12:59:59 in Paris')
    clock.ms = Date.UTC(2026, 0, 16, 12, 0, 0) - DELAY
    await say(bob, withBob, 'Lunch??')
    assert.deepEqual((await pushes()).chloe, [], '13:00:00 in Paris: quiet')
    clock.ms = Date.UTC(2026, 0, 16, 13, 0, 0) - DELAY
    await say(bob, withBob, 'Dinner then.')
    assert.equal((await pushes()).chloe.length, 1, '14:00 in Paris: the end is not quiet')
    await settings(chloe, { quietHours: null })
  })

  test('a private note is never pushed to the customer', async () => {
    const note = await live.server.call('POST', `/api/v1/brands/${brandId}/inbox/${withBrand}/notes`, { token: ada.token, body: { text: 'SECRET: she complained twice, refund quietly' } })
    assert.equal(note.statusCode, 201, note.body)
    const got = await pushes()
    assert.deepEqual(got.chloe, [])
    for (const r of receiver.received) assert.ok(!JSON.stringify(r.payload).includes('SECRET') || r.endpoint !== browsers.get(chloe.id)?.endpoint)
  })

  test('settings refuse an unknown time zone, take one of the longest allowed, refuse email turned on without an address', async () => {
    assert.equal((await settings(chloe, { timeZone: 'Mars/Olympus' })).body.error?.code, 'TIME_ZONE_UNKNOWN')
    assert.equal((await settings(chloe, { timeZone: `${'x'.repeat(65)}` })).body.error?.code, 'VALIDATION_FAILED')
    assert.equal((await settings(chloe, { timeZone: `${'x'.repeat(64)}` })).body.error?.code, 'TIME_ZONE_UNKNOWN', '64 characters pass the schema')
    assert.equal((await settings(chloe, { quietHours: { start: '24:00', end: '07:00' } })).status, 400)
    assert.equal((await settings(chloe, { emailEnabled: true })).body.error?.code, 'EMAIL_MISSING')
    const got = await live.server.call('GET', '/api/v1/me/notifications', { token: chloe.token })
    assert.deepEqual(got.json(), { showPreviews: true, email: null, emailConfirmed: false, emailEnabled: false, emailAvailable: true, quietHours: null, timeZone: 'Europe/Paris' })
  })

  describe('email', () => {
    const mailer = () => peopleMailerOf(live.server.deps)!
    let unsubscribe = ''

    test('an address is confirmed from the link sent to it; a forged link does nothing', async () => {
      const before = smtp.received.length
      const res = await settings(chloe, { email: 'chloe@example.test', emailEnabled: true, timeZone: 'UTC' })
      assert.equal(res.status, 200)
      assert.equal(res.body.emailConfirmed, false)
      const mail = smtp.received.slice(before)
      assert.equal(mail.length, 1)
      assert.deepEqual(mail[0]?.to, ['chloe@example.test'])
      const link = /https:\/\/chat\.parloir\.test(\/notifications\/confirm\?token=[^\s]+)/.exec(mail[0]!.body)?.[1]
      assert.ok(link, mail[0]?.body)
      assert.equal((await live.server.call('GET', link.replace(/token=../, 'token=xx'))).statusCode, 400)
      const confirmed = await live.server.call('GET', link)
      assert.equal(confirmed.statusCode, 200)
      assert.match(confirmed.body, /Address confirmed/)
      assert.equal((await live.server.call('GET', '/api/v1/me/notifications', { token: chloe.token })).json().emailConfirmed, true)
    })

    test('one email per batch, listing conversations and unread counts, never message or note text', async () => {
      await say(ada, withBrand, 'Your refund of 12 EUR is on its way', true)
      await live.server.call('POST', `/api/v1/brands/${brandId}/inbox/${withBrand}/notes`, { token: ada.token, body: { text: 'SECRET note about the refund' } })
      await say(bob, withBob, 'Call me back please')
      await say(bob, withBob, 'It is about Saturday')
      await pushes()
      const before = smtp.received.length
      assert.equal(await mailer().tick(), 0, 'waits for the delay after the first message')
      clock.advance(60_000)
      assert.equal(await mailer().tick(), 1)
      const mail = smtp.received.slice(before)
      assert.equal(mail.length, 1)
      const body = mail[0]!.body
      assert.match(body, /Northwind Coffee: \d+ unread message/)
      assert.match(body, /bob: \d+ unread messages/)
      assert.ok(body.includes(`${PUBLIC}/c/${withBrand}`) && body.includes(`${PUBLIC}/c/${withBob}`))
      for (const secret of ['refund', 'SECRET', 'Saturday', 'Call me']) assert.ok(!body.includes(secret), `no "${secret}" in the email`)
      assert.match(body, /List-Unsubscribe:\s+<https:\/\/chat\.parloir\.test\/notifications\/unsubscribe\?token=/)
      assert.match(body, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/)
      unsubscribe = /<https:\/\/chat\.parloir\.test(\/notifications\/unsubscribe\?token=[^>]+)>/.exec(body)![1]!
      // The HTML part as a mail app shows it: nothing of the messages, nothing loaded from anywhere.
      const html = /<!doctype html>[\s\S]*<\/html>/i.exec(body)?.[0] ?? ''
      assert.match(html, /Northwind Coffee/)
      assert.doesNotMatch(html, /<img|<link|<script|url\(|@import|src=/i, 'inline styles only: no image, stylesheet or script')
      assert.deepEqual(await screenshotEmail(html, 'email-people-notification'), [], 'the page asked for nothing')

      await say(bob, withBob, 'Hello again')
      await pushes()
      assert.equal(await mailer().tick(), 0, 'within the window of the last email')
      clock.advance(WINDOW - DELAY - 1)
      assert.equal(await mailer().tick(), 0, 'one millisecond before the window ends')
      clock.advance(1)
      assert.equal(await mailer().tick(), 1, 'the window ended')
    })

    test('emails wait for the end of quiet hours', async () => {
      await settings(chloe, { quietHours: { start: '22:00', end: '07:00' } })
      clock.ms = Date.UTC(2026, 0, 20, 21, 0, 0)
      await say(bob, withBob, 'Late news')
      await pushes()
      clock.ms = Date.UTC(2026, 0, 20, 22, 0, 0)
      assert.equal(await mailer().tick(), 0, '22:00: quiet')
      clock.ms = Date.UTC(2026, 0, 21, 6, 59, 59)
      assert.equal(await mailer().tick(), 0, '06:59:59: still quiet')
      clock.ms = Date.UTC(2026, 0, 21, 7, 0, 0)
      assert.equal(await mailer().tick(), 1, '07:00: sent')
      await settings(chloe, { quietHours: null })
    })

    test('the signed unsubscribe link works without logging in; its page changes nothing by itself', async () => {
      const page = await live.server.call('GET', unsubscribe)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Stop email notifications\?/)
      assert.equal((await live.server.call('GET', '/api/v1/me/notifications', { token: chloe.token })).json().emailEnabled, true, 'a GET stops nothing')
      const forged = await live.server.call('POST', '/notifications/unsubscribe?token=v1~AAAA~BBBB~CCCC', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })
      assert.equal(forged.statusCode, 400)
      const stopped = await live.server.call('POST', unsubscribe, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })
      assert.equal(stopped.statusCode, 200)
      assert.equal((await live.server.call('GET', '/api/v1/me/notifications', { token: chloe.token })).json().emailEnabled, false)
      await say(bob, withBob, 'Are you there?')
      await pushes()
      clock.advance(WINDOW)
      assert.equal(await mailer().tick(), 0, 'no more emails')
    })
  })
})
