import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import SqliteDatabase from 'better-sqlite3'
import { webhookRecipients } from '@parloir/core'
import type { EventName, StreamEvent } from '@parloir/protocol'
import { TestClock } from '@parloir/testing/server'
import { liveServer, record, until, type LiveServer, type Person } from '@parloir/testing/stream-fixtures'
import { testTwitterAuthenticate } from '@parloir/testing/twitter-caller'
import { smtpReceiver } from '@parloir/testing/smtp-receiver'
import { startPushReceiver, type PushReceiver } from '@parloir/testing/push-receiver'
import { loadConfig } from './config.ts'
import { parseAllowList } from './webhooks/outbound.ts'
import { pushWorkerOf } from './push/routes.ts'
import { peopleMailerOf } from './notifications/routes.ts'

/**
 * A private note, the team's changes of status and assignee, its labels, and the custom fields it
 * keeps of a customer stay with the brand's team.
 * Each channel a customer can reach is tried after the team wrote notes and answered: the web
 * app's API and stream (live and resumed), the widget's visitor API and the visitor's pages,
 * the answer emails, pushes and emails to people, the Twitter-compatible API, webhooks, and, last, every text column Parloir
 * wrote: the note's words and the label's name are only where the team's reads come from.
 */
const SECRET = 'refund-refused-by-ada-7f3c'
/** A custom field's value the team set for the customer (`order_number`). */
const FIELD_SECRET = 'order-ada-9d21'
/** A label's name: the team's own word for the customer, as private as a note. */
const LABEL = 'difficult-9d2e'
/** What a second member wrote declining a request to block: the team's deliberation, never the customer's to read. */
const MODERATION_SECRET = 'declined-she-is-right-5e8a'
/** What a second member wrote declining a request to remove the customer from a public discussion. */
const DISCUSSION_SECRET = 'declined-removal-keep-her-3b1c'
/** The reasons the customer is meant to read: a hide, a removal. */
const HIDE_REASON = 'A phone number in clear'
const REMOVE_REASON = 'Insults after two warnings'

describe('private notes and custom fields never reach the customer', () => {
  const clock = new TestClock()
  let live: LiveServer
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>
  let pushService: PushReceiver
  let chloeStream: Awaited<ReturnType<LiveServer['stream']>>
  let ada: Person, chloe: Person, ben: Person
  let brandId: string
  let chloeConversation: string
  let visitor: { id: string; token: string; conversationId: string }
  let labelId: string
  let discussionId: string
  let chloeEvents: StreamEvent[]
  let adaEvents: StreamEvent[]
  const webhooks = { brand: '', customer: '' }

  before(async () => {
    smtp = await smtpReceiver()
    const base = loadConfig({}, {})
    const mail = { ...base.mail, smtpUrl: smtp.url, delayMs: 60_000, pollMs: 3_600_000, publicUrl: 'https://parloir.example', maxAttempts: 3 }
    const push = { ...base.push, pollMs: 0, personDelayMs: 5_000 }
    live = await liveServer({ mail, push, outboundAllow: parseAllowList('127.0.0.1:*'), rateLimits: { sendsPerSecond: 1_000, sendsBurst: 1_000 } as never }, { clock, twitterAuthenticate: testTwitterAuthenticate })
    ;[ada, chloe] = [await live.person('ada'), await live.person('chloe')]
    const s = live.server
    pushService = await startPushReceiver({ vapidPublicKey: (await s.call('GET', '/api/v1/push/key')).json().publicKey })
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    // A webhook of an app acting for the brand, and one of an app acting for Chloe (each gets its owner's events).
    for (const [owner, token] of [[brandId, ada.token], [chloe.id, chloe.token]] as const) {
      const created = await s.call('POST', '/api/v1/apps', { token, body: { name: 'Hook', ...(owner === brandId ? { ownerAccountId: brandId } : {}) } })
      const hook = await s.call('POST', `/api/v1/apps/${created.json().app.id}/webhooks`, { token, body: { url: 'http://127.0.0.1:9/hook' } })
      assert.equal(hook.statusCode, 201, hook.body)
      webhooks[owner === brandId ? 'brand' : 'customer'] = hook.json().webhook.id
    }
    chloeStream = await live.stream(chloe.client)
    chloeEvents = record(chloeStream)
    adaEvents = record(await live.stream(ada.client))

    chloeConversation = (await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: brandId } })).json().id
    await s.call('POST', `/api/v1/conversations/${chloeConversation}/messages`, { token: chloe.token, body: { text: 'I want my money back' } })
    const started = (await s.call('POST', '/api/v1/visitors', { body: { brandId, text: 'Where is my order?', email: 'visitor@example.com' } })).json()
    visitor = { id: started.me.account.id, token: started.session.token, conversationId: started.conversation.id }

    assert.equal((await s.call('POST', `/api/v1/brands/${brandId}/custom-fields`, { token: ada.token, body: { key: 'order_number', label: 'Order number', type: 'text' } })).statusCode, 201)
    const label = await s.call('POST', `/api/v1/brands/${brandId}/labels`, { token: ada.token, body: { name: LABEL, colour: 'red' } })
    assert.equal(label.statusCode, 201, label.body)
    labelId = label.json().id
    for (const conversationId of [chloeConversation, visitor.conversationId]) {
      const inbox = `/api/v1/brands/${brandId}/inbox/${conversationId}`
      assert.equal((await s.call('PATCH', `${inbox}/customer/fields`, { token: ada.token, body: { values: { order_number: FIELD_SECRET } } })).statusCode, 200)
      assert.equal((await s.call('POST', `${inbox}/notes`, { token: ada.token, body: { text: `${SECRET}: @ada check the order first` } })).statusCode, 201)
      assert.equal((await s.call('PUT', `${inbox}/labels/${labelId}`, { token: ada.token })).statusCode, 200)
      await s.call('POST', `${inbox}/assignee`, { token: ada.token, body: { assigneeId: ada.id } })
      await s.call('POST', `${inbox}/status`, { token: ada.token, body: { status: 'pending' } })
      await s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: ada.token, headers: { 'parloir-act-as': brandId }, body: { text: 'We are looking into it.' } })
    }
    // Ben asks to block the visitor; Ada declines with the team's own words; Ben asks again and Ada approves:
    // the visitor is told the reason, never who asked, who approved, nor the decline.
    ben = await live.person('ben')
    assert.equal((await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })).statusCode, 200)
    const moderation = `/api/v1/brands/${brandId}/moderation`
    const askToBlock = async (reason: string) => (await s.call('POST', `${moderation}/blocks`, { token: ben.token, body: { accountId: visitor.id, reason } })).json().approval.id as string
    assert.equal((await s.call('POST', `${moderation}/approvals/${await askToBlock('Spam links.')}/decline`, { token: ada.token, body: { reason: MODERATION_SECRET } })).statusCode, 200)
    assert.equal((await s.call('POST', `${moderation}/approvals/${await askToBlock('Spam links, again and again.')}/approve`, { token: ada.token })).statusCode, 200)
    // A public discussion of the brand: Chloe complains, Ben hides her post (she asks for a review), continues in private,
    // asks to remove her; Ada declines with the team's words, Ben asks again, Ada approves.
    const actAs = { 'parloir-act-as': brandId }
    discussionId = (await s.call('POST', '/api/v1/discussions', { token: ada.token, headers: actAs, body: { title: 'Deliveries', text: 'How did it go?', invite: [chloe.id] } })).json().discussion.id
    const complaint = (await s.call('POST', `/api/v1/discussions/${discussionId}/posts`, { token: chloe.token, body: { text: 'Call me at 555-0100, my parcel is late!' } })).json().id as string
    const second = (await s.call('POST', `/api/v1/discussions/${discussionId}/posts`, { token: chloe.token, body: { text: 'Still nothing.' } })).json().id as string
    assert.equal((await s.call('PUT', `/api/v1/discussions/${discussionId}/posts/${complaint}/moderation`, { token: ben.token, headers: actAs, body: { reason: HIDE_REASON } })).statusCode, 200)
    assert.equal((await s.call('POST', `/api/v1/discussions/${discussionId}/posts/${complaint}/review`, { token: chloe.token, body: { text: 'It is my own number.' } })).statusCode, 204)
    assert.equal((await s.call('POST', `/api/v1/discussions/${discussionId}/posts/${second}/continue-in-private`, { token: ben.token, headers: actAs })).statusCode, 200)
    const askToRemove = async () => (await s.call('POST', `/api/v1/discussions/${discussionId}/removals`, { token: ben.token, headers: actAs, body: { accountId: chloe.id, reason: REMOVE_REASON } })).json().approval.id as string
    assert.equal((await s.call('POST', `${moderation}/approvals/${await askToRemove()}/decline`, { token: ada.token, body: { reason: DISCUSSION_SECRET } })).statusCode, 200)
    assert.equal((await s.call('POST', `${moderation}/approvals/${await askToRemove()}/approve`, { token: ada.token })).statusCode, 200)
    await until(() => adaEvents.filter((e) => e.name === 'note.created' && e.data.note.kind === 'note').length === 2, "the team's streams hear of both notes")
    await until(() => adaEvents.filter((e) => e.name === 'customerFields.updated').length === 2, "the team's streams hear of both customers' fields")
    await until(() => chloeEvents.some((e) => e.name === 'message.created' && e.data.message.text === 'We are looking into it.'), "Chloe's stream hears the answer")
  })
  after(async () => { await live.stop(); await smtp.close(); await pushService.close() })

  const teamOnly: EventName[] = ['note.created', 'inbox.updated', 'inbox.read', 'inbox.viewing', 'inbox.typing', 'customerFields.updated']
  /** Whether a text holds anything of the team's: a note's words, a custom field's value, a label's name or its id. */
  const leaks = (text: string) => [SECRET, FIELD_SECRET, LABEL, labelId, MODERATION_SECRET, DISCUSSION_SECRET].some((word) => text.includes(word))

  test('a public discussion: its page, the author\'s hidden post, her removal and its notice carry the reason, never the team\'s words nor who acted', async () => {
    const s = live.server
    /** Who of the team asked and approved: the customer never reads it. */
    const names = (text: string) => [ben.id, ada.id].some((word) => text.includes(word))
    for (const url of [`/api/v1/discussions/${discussionId}`, `/api/v1/discussions/${discussionId}/posts`, `/api/v1/discussions/${discussionId}/participants`]) {
      const res = await s.call('GET', url, { token: chloe.token })
      assert.equal(res.statusCode, 200, url)
      assert.ok(!leaks(res.body) && !names(res.body), url)
    }
    const mine = (await s.call('GET', `/api/v1/discussions/${discussionId}`, { token: chloe.token })).json() as { me: string; removedReason?: string }
    assert.deepEqual([mine.me, mine.removedReason], ['removed', REMOVE_REASON])
    const posts = (await s.call('GET', `/api/v1/discussions/${discussionId}/posts`, { token: chloe.token })).body
    assert.ok(posts.includes(HIDE_REASON) && posts.includes('555-0100'), 'she reads her hidden post and why')
    const page = await s.app.inject({ method: 'GET', url: `/d/${discussionId}` })
    assert.ok(page.body.includes(HIDE_REASON) && !page.body.includes('555-0100'), 'the public page: the reason, not the post')
    assert.ok(!leaks(page.body) && !names(page.body))
    const messages = await s.call('GET', `/api/v1/conversations/${chloeConversation}/messages`, { token: chloe.token })
    const notice = (messages.json().messages as Array<{ system: { action: string } | null; text: string }>).find((m) => m.system?.action === 'discussion.removed')
    assert.equal(notice?.text, REMOVE_REASON)
    assert.ok(!leaks(messages.body) && !names(JSON.stringify(notice)), 'her notice names nobody of the team')
    assert.ok(!leaks(JSON.stringify(chloeEvents)))
    const approvals = await s.call('GET', `/api/v1/brands/${brandId}/moderation/approvals?status=declined`, { token: ada.token })
    assert.ok(approvals.body.includes(DISCUSSION_SECRET), 'the team does read the decline: the checks above could fail')
  })

  test('the web app: conversations, messages and the live stream', async () => {
    const s = live.server
    for (const url of ['/api/v1/conversations', `/api/v1/conversations/${chloeConversation}`, `/api/v1/conversations/${chloeConversation}/messages`]) {
      const res = await s.call('GET', url, { token: chloe.token })
      assert.equal(res.statusCode, 200)
      assert.ok(!leaks(res.body), url)
    }
    assert.deepEqual(chloeEvents.filter((e) => teamOnly.includes(e.name)).map((e) => e.name), [])
    assert.ok(!leaks(JSON.stringify(chloeEvents)))
    for (const word of [SECRET, FIELD_SECRET, LABEL, labelId]) assert.ok(JSON.stringify(adaEvents).includes(word), `the team did get ${word}: the check above could fail`)
    const me = await s.call('GET', '/api/v1/me', { token: chloe.token })
    assert.ok(me.statusCode === 200 && !leaks(me.body), "Chloe's own account")
    const card = await s.call('GET', `/api/v1/brands/${brandId}/card`, { token: chloe.token })
    assert.ok(!leaks(card.body), "the brand's card")
  })

  test('who of the team has the conversation open and who is typing reach the team, and the customer only sees the brand typing', async () => {
    const s = live.server
    assert.equal((await s.call('POST', `/api/v1/brands/${brandId}/inbox/${chloeConversation}/viewing`, { token: ada.token })).statusCode, 204)
    assert.equal((await s.call('POST', `/api/v1/conversations/${chloeConversation}/typing`, { token: ada.token, headers: { 'parloir-act-as': brandId } })).statusCode, 204)
    await until(() => adaEvents.some((e) => e.name === 'inbox.typing') && adaEvents.some((e) => e.name === 'inbox.viewing'), 'the team hears it')
    const typing = adaEvents.find((e) => e.name === 'inbox.typing')
    assert.deepEqual(typing?.data, { brandId, conversationId: chloeConversation, memberId: ada.id, expiresInMs: 5_000 })
    await until(() => chloeEvents.some((e) => e.name === 'typing.started'), 'Chloe sees typing')
    assert.deepEqual(chloeEvents.find((e) => e.name === 'typing.started')?.data, { conversationId: chloeConversation, accountId: brandId, expiresInMs: 5_000 })
    assert.deepEqual(chloeEvents.filter((e) => e.name.startsWith('inbox.')), [])
  })

  test('a stream resumed from the start replays nothing of the team', async () => {
    // Recording from before the stream is live: the replay comes before `stream.ready`.
    const stream = await live.stream(chloe.client, { cursor: 0, live: false })
    const replay = record(stream)
    await stream.whenLive(5_000)
    assert.ok(replay.some((e) => e.name === 'message.created' && e.data.message.text === 'We are looking into it.'), 'the replay holds the answer')
    assert.deepEqual(replay.filter((e) => teamOnly.includes(e.name)), [])
    assert.ok(!leaks(JSON.stringify(replay)))
    await stream.close()
  })

  test("the widget's visitor API and the visitor's pages", async () => {
    const s = live.server
    const api = await s.call('GET', `/api/v1/conversations/${visitor.conversationId}/messages`, { token: visitor.token })
    assert.equal(api.statusCode, 200)
    assert.ok(api.body.includes('We are looking into it.') && !leaks(api.body))
    const page = await s.app.inject({ method: 'GET', url: `/messages/visitor/${visitor.conversationId}`, headers: { cookie: `parloir_visitor=${visitor.token}` } })
    assert.equal(page.statusCode, 200)
    assert.ok(page.body.includes('We are looking into it.'), 'the page shows the conversation')
    assert.ok(!leaks(page.body))
    // The visitor is told the block's reason, never who of the team asked or approved it.
    assert.ok(api.body.includes('Spam links, again and again.') && page.body.includes('Spam links, again and again.'), 'the visitor is told why')
    for (const body of [api.body, page.body]) assert.ok(!body.includes(ben.id) && !body.includes(ada.id) && !body.includes('@ben'), 'no member named')
    const audit = await s.call('GET', `/api/v1/brands/${brandId}/moderation/audit`, { token: ada.token })
    assert.ok(audit.body.includes(MODERATION_SECRET) && audit.body.includes(ben.id), "the team reads the decline and who asked: the checks above could fail")
    assert.equal((await s.call('GET', `/api/v1/brands/${brandId}/moderation/audit`, { token: visitor.token })).statusCode, 404)
    const compose = await s.app.inject({ method: 'GET', url: `/messages/compose?recipient_id=${brandId}`, headers: { cookie: `parloir_visitor=${visitor.token}` } })
    assert.ok(!leaks(compose.body))
    const me = await s.call('GET', '/api/v1/me', { token: visitor.token })
    assert.ok(me.statusCode === 200 && !leaks(me.body), "the visitor's own account")
  })

  test('the email that tells a visitor the brand answered', async () => {
    clock.advance(61_000)
    await live.server.mailer?.tick()
    assert.equal(smtp.received.length, 1, 'one email: the answer, not the note')
    assert.ok(smtp.received[0]?.body.includes('We are looking into it.'))
    assert.ok(!leaks(smtp.received[0]?.body ?? ''))
  })

  test('the Twitter-compatible API, v1.1 and v2, for the customer and for the brand', async () => {
    for (const who of [chloe.id, brandId]) {
      for (const url of ['/1.1/direct_messages/events/list.json', '/2/dm_events']) {
        const res = await live.server.app.inject({ method: 'GET', url, headers: { 'x-test-account': who } })
        assert.equal(res.statusCode, 200, `${url}: ${res.body}`)
        assert.ok(res.body.includes('We are looking into it.'), `${url} lists the messages`)
        assert.ok(!leaks(res.body), url)
      }
    }
  })

  test("webhooks: the brand's own apps get its notes and changes, an app acting for the customer gets none of them", async () => {
    const reads = live.server.deps.storage.reads
    const forBrand = (await reads.webhooks.deliveries(webhooks.brand, 100)).map((d) => d.eventName)
    assert.ok(forBrand.includes('note.created') && forBrand.includes('inbox.updated'), forBrand.join(', '))
    const forCustomer = await reads.webhooks.deliveries(webhooks.customer, 100)
    assert.ok(forCustomer.some((d) => d.eventName === 'message.created'), "Chloe's app hears her conversation: the check below could fail")
    assert.deepEqual(forCustomer.filter((d) => teamOnly.includes(d.eventName as EventName) || leaks(d.payload)), [])
    assert.ok(!forBrand.includes('customerFields.updated'), "custom fields go to no webhook, the brand's own neither")
    assert.ok((await reads.webhooks.deliveries(webhooks.brand, 100)).some((d) => d.payload.includes(LABEL)), "the brand's app hears of the label")
    // Even were a team event ever given the customer as audience, no webhook acting for the customer would take it.
    const note = adaEvents.find((e) => e.name === 'note.created')
    assert.ok(note)
    assert.deepEqual(webhookRecipients({ name: note.name, receipt: null, data: note.data }, [brandId, chloe.id], [brandId, chloe.id], new Map()), [brandId])
    for (const name of ['inbox.read', 'inbox.viewing', 'inbox.typing', 'customerFields.updated'] as const) {
      assert.deepEqual(webhookRecipients({ name, receipt: null, data: {} }, [brandId], [brandId], new Map()), [], `${name} is the member's own, never a webhook's`)
    }
  })

  test("the words of a note and a field's value are stored only where the team reads them from", () => {
    const db = new SqliteDatabase(live.server.config.databasePath, { readonly: true })
    try {
      const tables = db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]
      /** Every text column, as `table.column`, that holds `text` somewhere. */
      const columnsHolding = (text: string) => tables.flatMap((table) =>
        (db.prepare(`pragma table_info("${table}")`).all() as Array<{ name: string; type: string }>)
          .filter((c) => c.type.toLowerCase() === 'text')
          .filter((c) => db.prepare(`select 1 from "${table}" where "${c.name}" like ? limit 1`).get(`%${text}%`) !== undefined)
          .map((c) => `${table}.${c.name}`)).sort()
      const eventsHolding = (text: string) => db.prepare('select name, account_id, conversation_id from events where data like ?').all(`%${text}%`)
      assert.deepEqual(columnsHolding(SECRET), ['events.data', 'inbox_notes.text', 'webhook_deliveries.payload'])
      assert.deepEqual(columnsHolding(LABEL), ['events.data', 'inbox_notes.activity', 'labels.name', 'webhook_deliveries.payload'], "a label's name is only where the team reads labels from")
      const hooks = db.prepare('select distinct webhook_id from webhook_deliveries where payload like ?').pluck().all(`%${SECRET}%`)
      assert.deepEqual(hooks, [webhooks.brand], "only the brand's own webhook")
      assert.deepEqual(eventsHolding(SECRET), [
        { name: 'note.created', account_id: brandId, conversation_id: null },
        { name: 'note.created', account_id: brandId, conversation_id: null },
      ], "the team's event, addressed to the brand alone (never to the conversation, whose customer would replay it)")
      assert.deepEqual(columnsHolding(FIELD_SECRET), ['custom_field_values.value', 'events.data'], "a field's value: its own table and the team's events, no webhook")
      assert.deepEqual(columnsHolding(MODERATION_SECRET), ['moderation_approvals.decision_reason', 'moderation_audit.reason'], 'a decline: the approvals and the audit log, no event, no webhook')
      assert.deepEqual(columnsHolding(DISCUSSION_SECRET), ['moderation_approvals.decision_reason', 'moderation_audit.reason'], 'a declined removal: the same')
      assert.deepEqual(eventsHolding(FIELD_SECRET), [
        { name: 'customerFields.updated', account_id: brandId, conversation_id: null },
        { name: 'customerFields.updated', account_id: brandId, conversation_id: null },
      ], "the team's event, addressed to the brand alone")
    } finally {
      db.close()
    }
  })

  // Last: it writes more notes, which the storage check above counts.
  test('pushes and emails to people: the customer is told of the answer, never of the note', async () => {
    const s = live.server
    // Chloé's phone is subscribed at the push service on loopback, which decrypts what it gets;
    // her email address is confirmed and on. Then she closes the app: no stream of hers is open.
    const phone = pushService.subscribe()
    assert.equal((await s.call('PUT', '/api/v1/me/push-subscription', { token: chloe.token, body: phone })).statusCode, 204)
    const asked = smtp.received.length
    assert.equal((await s.call('PATCH', '/api/v1/me/notifications', { token: chloe.token, body: { email: 'chloe@example.test', emailEnabled: true, timeZone: 'UTC' } })).statusCode, 200)
    const confirm = /https:\/\/parloir\.example(\/notifications\/confirm\?token=[^\s]+)/.exec(smtp.received[asked]?.body ?? '')?.[1]
    assert.ok(confirm, 'the confirmation link came')
    assert.equal((await s.call('GET', confirm)).statusCode, 200)
    await chloeStream.close()
    await until(() => s.hub.streamsOf(chloe.id) === 0, "Chloé's stream closed")
    await s.streamPresence.settled()

    const inbox = `/api/v1/brands/${brandId}/inbox/${chloeConversation}`
    assert.equal((await s.call('POST', `${inbox}/notes`, { token: ada.token, body: { text: `${SECRET}: do not tell her yet` } })).statusCode, 201)
    await s.call('POST', `/api/v1/conversations/${chloeConversation}/messages`, { token: ada.token, headers: { 'parloir-act-as': brandId }, body: { text: 'Your refund is on its way.' } })
    assert.equal((await s.call('POST', `${inbox}/notes`, { token: ada.token, body: { text: `${SECRET}: told her` } })).statusCode, 201)

    clock.advance(5_000)
    await pushWorkerOf(s.deps).tick()
    assert.deepEqual(pushService.problems, [], 'every push is signed and decrypts')
    const pushed = pushService.received.filter((r) => r.endpoint === phone.endpoint).map((r) => JSON.stringify(r.payload))
    assert.ok(pushed.some((payload) => payload.includes('Your refund is on its way.')), `her phone shows the answer's text, so a note's would show too: ${pushed.join(' ')}`)
    assert.deepEqual(pushed.filter(leaks), [])

    const before = smtp.received.length
    clock.advance(60_000)
    assert.equal(await peopleMailerOf(s.deps)!.tick(), 1, 'one email to Chloé')
    const email = smtp.received.slice(before)
    assert.deepEqual(email.map((m) => m.to), [['chloe@example.test']])
    assert.match(email[0]!.body, /Northwind Coffee: \d+ unread message/, 'the email names the conversation the note was written in')
    assert.ok(!leaks(email[0]!.body))
  })
})
