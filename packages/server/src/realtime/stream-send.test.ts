import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirApiError, ParloirStreamError, type ParloirClient, type ParloirStream, type ReplyFrame } from '@parloir/client'
import type { Message } from '@parloir/protocol'
import { defaultRateLimits } from '../config.ts'
import { TestClock } from '@parloir/testing/server'
import { liveServer, record, wsOf, type LiveServer, type Person } from '@parloir/testing/stream-fixtures'

let frames = 0

/** Writes a `send` frame as it is (so a test can get it wrong) and waits for the reply to its id. */
async function sendFrame(stream: ParloirStream, fields: Record<string, unknown>): Promise<ReplyFrame> {
  const id = typeof fields.id === 'string' ? fields.id : `send-${++frames}`
  const reply = stream.waitFor('reply', { filter: (r) => r.id === id })
  wsOf(stream).send(JSON.stringify({ op: 'send', id, ...fields }))
  return reply
}

/** The message of an ok reply; fails the test with the error of any other. */
function messageOf(reply: ReplyFrame): Message {
  return sentOf(reply).message
}

function sentOf(reply: ReplyFrame): { message: Message; created: boolean } {
  assert.ok(reply.ok, `refused: ${JSON.stringify(reply)}`)
  return reply.data as { message: Message; created: boolean }
}

/** The code (and first field path) a REST send answers, or 'ok', in the form the stream uses. */
async function restVerdict(client: ParloirClient, conversationId: string, body: unknown): Promise<{ code: string; path?: string }> {
  try {
    await client.sendMessage(conversationId, body as never)
    return { code: 'ok' }
  } catch (error) {
    assert.ok(error instanceof ParloirApiError, String(error))
    const path = (error.details?.fields as Array<{ path: string }> | undefined)?.[0]?.path
    // REST names the part of the request (`body/text`); a frame is the body itself (`/text`).
    return { code: error.code, ...(path === undefined ? {} : { path: path.replace(/^body\//, '/') }) }
  }
}

function streamVerdict(reply: ReplyFrame): { code: string; path?: string } {
  if (reply.ok) return { code: 'ok' }
  const path = (reply.error.details?.fields as Array<{ path: string }> | undefined)?.[0]?.path
  return { code: reply.error.code, ...(path === undefined ? {} : { path }) }
}

describe('sending over the stream', () => {
  let live: LiveServer
  let ada: Person, ben: Person, chloe: Person
  let direct: string
  before(async () => {
    live = await liveServer({ rateLimits: { ...defaultRateLimits, sendsPerSecond: 10_000, sendsBurst: 10_000 } })
    ;[ada, ben, chloe] = [await live.person('ada'), await live.person('ben'), await live.person('chloe')]
    direct = (await ada.client.openDirect(ben.id)).id
    await ben.client.acceptRequest(direct)
  })
  after(async () => { await live.stop() })

  test('answers with the message once it is committed; every stream of every participant, this one too, gets message.created', async () => {
    const adaStream = await live.stream(ada.client)
    const adaOther = await live.stream(ada.client)
    const benStream = await live.stream(ben.client)
    const atAda = record(adaStream)
    const heard = [adaStream, adaOther, benStream].map((s) => s.waitFor('message.created', { filter: (d) => d.message.text === 'Hello Ben' }))
    const reply = await sendFrame(adaStream, { conversationId: direct, text: 'Hello Ben', clientMessageId: 'hello-1' })
    const message = messageOf(reply)
    assert.equal(sentOf(reply).created, true)
    assert.equal(message.senderId, ada.id)
    assert.equal(message.clientMessageId, 'hello-1')
    // Answered after the commit: a read that follows the answer finds it.
    const { messages } = await ben.client.listMessages(direct)
    assert.deepEqual(messages.at(-1), message)
    for (const event of await Promise.all(heard)) assert.deepEqual(event.message, message)
    assert.equal(atAda.filter((e) => e.name === 'message.created').length, 1, 'once on the sending stream')
    assert.equal(adaStream.state, 'live')
  })

  test('a retry with the same clientMessageId answers the original, over the stream or REST; another body is IDEMPOTENCY_CONFLICT', async () => {
    const stream = await live.stream(ada.client)
    const body = { text: 'Order #12', clientMessageId: 'order-12', buttons: [{ type: 'web_url', label: 'Track', url: 'https://northwind.example/12' }] }
    const first = messageOf(await sendFrame(stream, { conversationId: direct, ...body }))
    const again = await sendFrame(stream, { conversationId: direct, ...body })
    assert.deepEqual(messageOf(again), first)
    assert.equal(sentOf(again).created, false)
    assert.equal((await ada.client.sendMessage(direct, body as never)).id, first.id, 'REST finds the message the stream sent')
    const viaRest = await ada.client.sendMessage(direct, { text: 'Order #13', clientMessageId: 'order-13' })
    assert.equal(messageOf(await sendFrame(stream, { conversationId: direct, text: 'Order #13', clientMessageId: 'order-13' })).id, viaRest.id, 'and the stream the one REST sent')

    const conflict = await sendFrame(stream, { conversationId: direct, text: 'Order #14', clientMessageId: 'order-12' })
    assert.equal(!conflict.ok && conflict.error.code, 'IDEMPOTENCY_CONFLICT')
    assert.deepEqual(await restVerdict(ada.client, direct, { text: 'Order #14', clientMessageId: 'order-12' }), { code: 'IDEMPOTENCY_CONFLICT' })
    const { messages } = await ada.client.listMessages(direct, { limit: 200 })
    assert.equal(messages.filter((m) => m.clientMessageId === 'order-12').length, 1)
  })

  test('concurrent retries of one clientMessageId over the stream make exactly one message', async () => {
    const stream = await live.stream(ada.client)
    const replies = await Promise.all(Array.from({ length: 12 }, () => sendFrame(stream, { conversationId: direct, text: 'same', clientMessageId: 'burst-ws' })))
    assert.equal(new Set(replies.map((r) => messageOf(r).id)).size, 1)
    assert.equal(replies.filter((r) => sentOf(r).created).length, 1)
  })

  test("a conversation one is not in answers CONVERSATION_NOT_FOUND, like a missing one, and sends nothing", async () => {
    const stream = await live.stream(chloe.client)
    for (const conversationId of [direct, '1234567890123456789']) {
      const reply = await sendFrame(stream, { conversationId, text: 'intrusion' })
      assert.deepEqual(streamVerdict(reply), { code: 'CONVERSATION_NOT_FOUND' })
      assert.deepEqual(await restVerdict(chloe.client, conversationId, { text: 'intrusion' }), { code: 'CONVERSATION_NOT_FOUND' })
    }
    const { messages } = await ada.client.listMessages(direct, { limit: 200 })
    assert.ok(!messages.some((m) => m.text === 'intrusion'))
  })

  test('a block refuses RECIPIENT_UNAVAILABLE both ways, until it is lifted', async () => {
    const gus = await live.person('gus')
    const hal = await live.person('hal')
    const conversation = (await gus.client.openDirect(hal.id)).id
    const gusStream = await live.stream(gus.client)
    const halStream = await live.stream(hal.client)
    await hal.client.block(gus.id)
    assert.deepEqual(streamVerdict(await sendFrame(gusStream, { conversationId: conversation, text: 'hello?' })), { code: 'RECIPIENT_UNAVAILABLE' })
    assert.deepEqual(streamVerdict(await sendFrame(halStream, { conversationId: conversation, text: 'go away' })), { code: 'RECIPIENT_UNAVAILABLE' })
    assert.deepEqual(await restVerdict(gus.client, conversation, { text: 'hello?' }), { code: 'RECIPIENT_UNAVAILABLE' })
    await hal.client.unblock(gus.id)
    assert.equal(messageOf(await sendFrame(gusStream, { conversationId: conversation, text: 'hello' })).text, 'hello')
  })

  test("a stranger's first message lands in Requests; a declined request comes back with the next; a reply accepts it", async () => {
    const dan = await live.person('dan')
    const conversation = (await dan.client.openDirect(ada.id)).id
    const danStream = await live.stream(dan.client)
    messageOf(await sendFrame(danStream, { conversationId: conversation, text: 'Hi Ada' }))
    const requests = await ada.client.listConversations({ box: 'requests' })
    assert.deepEqual(requests.conversations.map((c) => c.id), [conversation])
    await ada.client.deleteRequest(conversation)
    messageOf(await sendFrame(danStream, { conversationId: conversation, text: 'Still there?' }))
    const back = await ada.client.listMessages(conversation)
    assert.deepEqual(back.messages.map((m) => m.text), ['Still there?'])
    assert.equal((await ada.client.getConversation(conversation)).viewer.status, 'request')
    const adaStream = await live.stream(ada.client)
    messageOf(await sendFrame(adaStream, { conversationId: conversation, text: 'Hi Dan' }))
    assert.equal((await ada.client.getConversation(conversation)).viewer.status, 'accepted')
  })

  test('every limit of the body, at it and one past, is judged as the REST send judges it', async () => {
    const stream = await live.stream(ada.client)
    const option = (i: number) => ({ label: `Option ${i}`, metadata: `opt_${i}` })
    const at = { label: 'l'.repeat(36), description: 'd'.repeat(72), metadata: 'm'.repeat(1_000) }
    const web = { type: 'web_url', label: 'Visit', url: 'https://northwind.example' }
    const asked = await ada.client.sendMessage(direct, { text: 'Tea or coffee?', quickReply: { type: 'options', options: [option(1), option(2)] } })
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['text of 10,000 code points', { text: '🙂'.repeat(10_000) }, 'ok'],
      ['text of 10,001 code points', { text: `${'🙂'.repeat(10_000)}a` }, 'VALIDATION_FAILED'],
      ['blank text', { text: '   ' }, 'MESSAGE_EMPTY'],
      ['no text at all', {}, 'MESSAGE_EMPTY'],
      ['text that is a number', { text: 42 }, 'VALIDATION_FAILED'],
      ['20 quick replies', { text: 'Pick', quickReply: { type: 'options', options: Array.from({ length: 20 }, (_, i) => option(i)) } }, 'ok'],
      ['21 quick replies', { text: 'Pick', quickReply: { type: 'options', options: Array.from({ length: 21 }, (_, i) => option(i)) } }, 'VALIDATION_FAILED'],
      ['an option at every length limit', { text: 'Pick', quickReply: { type: 'options', options: [at] } }, 'ok'],
      ['a label of 37', { text: 'Pick', quickReply: { type: 'options', options: [{ ...at, label: 'x'.repeat(37) }] } }, 'VALIDATION_FAILED'],
      ['a description of 73', { text: 'Pick', quickReply: { type: 'options', options: [{ ...at, description: 'x'.repeat(73) }] } }, 'VALIDATION_FAILED'],
      ['metadata of 1,001', { text: 'Pick', quickReply: { type: 'options', options: [{ ...at, metadata: 'x'.repeat(1_001) }] } }, 'VALIDATION_FAILED'],
      ['3 buttons', { text: 'three', buttons: [web, { type: 'phone_number', label: 'Call us', phoneNumber: '+33 1 23 45 67 89' }, { type: 'conversation', label: 'Talk to Ben', accountId: ben.id }] }, 'ok'],
      ['no buttons', { text: 'none', buttons: [] }, 'VALIDATION_FAILED'],
      ['4 buttons', { text: 'four', buttons: [web, web, web, web] }, 'VALIDATION_FAILED'],
      ['a javascript: button', { text: 'evil', buttons: [{ ...web, url: 'javascript:alert(1)' }] }, 'VALIDATION_FAILED'],
      ['a button to nobody', { text: 'x', buttons: [{ type: 'conversation', label: 'Nobody', accountId: '1234567890123456789' }] }, 'ACCOUNT_NOT_FOUND'],
      ['a clientMessageId of 64', { text: 'x', clientMessageId: `k${'i'.repeat(63)}` }, 'ok'],
      ['a clientMessageId of 65', { text: 'x', clientMessageId: 'k'.repeat(65) }, 'VALIDATION_FAILED'],
      ['a clientMessageId with a space', { text: 'x', clientMessageId: 'a b' }, 'VALIDATION_FAILED'],
      ['an unknown attachment', { text: 'x', attachmentMediaId: '1234567890123456789' }, 'MEDIA_NOT_FOUND'],
      ['a quick-reply answer naming an option', { text: 'Option 2', quickReplyResponse: { type: 'options', messageId: asked.id, metadata: 'opt_2' } }, 'ok'],
      ['a quick-reply answer naming none', { text: 'x', quickReplyResponse: { type: 'options', messageId: asked.id, metadata: 'opt_9' } }, 'QUICK_REPLY_INVALID'],
      ['a custom profile for a person', { text: 'x', customProfileId: '1234567890123456789' }, 'CUSTOM_PROFILE_NOT_FOUND'],
      ['an unknown field', { text: 'x', colour: 'red' }, 'VALIDATION_FAILED'],
    ]
    for (const [label, body, expected] of cases) {
      const overStream = streamVerdict(await sendFrame(stream, { conversationId: direct, ...body }))
      const overRest = await restVerdict(ada.client, direct, body)
      assert.equal(overStream.code, expected, label)
      assert.deepEqual(overStream, overRest, `${label}: the stream and REST agree`)
    }
    assert.equal(stream.state, 'live', 'no refusal closes the stream')
  })

  test("the client's stream.send resolves with the message, rejects as REST rejects, and fails sends in flight when closed", async () => {
    const stream = await live.stream(ada.client)
    const message = await stream.send(direct, { text: 'Through the SDK', clientMessageId: 'sdk-1' })
    assert.equal(message.text, 'Through the SDK')
    assert.deepEqual(await stream.send(direct, { text: 'Through the SDK', clientMessageId: 'sdk-1' }), message)
    const overStream = await stream.send(direct, { text: 'Another', clientMessageId: 'sdk-1' }).catch((error: unknown) => error)
    const overRest = await ada.client.sendMessage(direct, { text: 'Another', clientMessageId: 'sdk-1' }).catch((error: unknown) => error)
    assert.ok(overStream instanceof ParloirApiError && overRest instanceof ParloirApiError)
    assert.deepEqual([overStream.code, overStream.status, overStream.message], [overRest.code, overRest.status, overRest.message])
    const inFlight = Promise.allSettled(Array.from({ length: 5 }, (_, i) => stream.send(direct, `in flight ${i}`)))
    await stream.close()
    for (const sent of await inFlight) {
      assert.ok(sent.status === 'rejected' && sent.reason instanceof ParloirStreamError && sent.reason.code === 'DISCONNECTED', String(sent.status))
    }
  })

  test('a send frame without an id, or without a conversation, is refused and the stream stays open', async () => {
    const stream = await live.stream(ada.client)
    const noId = stream.waitFor('reply', { filter: (r) => r.id === '' })
    wsOf(stream).send(JSON.stringify({ op: 'send', conversationId: direct, text: 'who asked?' }))
    assert.deepEqual(streamVerdict(await noId), { code: 'VALIDATION_FAILED', path: '/id' })
    assert.deepEqual(streamVerdict(await sendFrame(stream, { text: 'where?' })), { code: 'VALIDATION_FAILED', path: '/conversationId' })
    assert.deepEqual(streamVerdict(await sendFrame(stream, { conversationId: 42, text: 'where?' })), { code: 'VALIDATION_FAILED', path: '/conversationId' })
    assert.equal(stream.state, 'live')
    await stream.ping()
    const { messages } = await ada.client.listMessages(direct, { limit: 200 })
    assert.ok(!messages.some((m) => m.text === 'who asked?'), 'a send without an id is not sent')
  })
})

describe("a brand team member's sends", () => {
  let live: LiveServer
  let ada: Person, ben: Person, vic: Person, chloe: Person
  let brandId: string, care: string
  before(async () => {
    live = await liveServer({ rateLimits: { ...defaultRateLimits, sendsPerSecond: 10_000, sendsBurst: 10_000 } })
    ;[ada, ben, vic, chloe] = [await live.person('ada'), await live.person('ben'), await live.person('vic'), await live.person('chloe')]
    brandId = (await ada.client.createBrand({ handle: 'northwind', displayName: 'Northwind Coffee' })).brand.id
    await ada.client.setBrandMember(brandId, ben.id, 'agent')
    await ada.client.setBrandMember(brandId, vic.id, 'viewer')
    care = (await chloe.client.openDirect(brandId)).id
    await chloe.client.sendMessage(care, 'Where is my order?')
  })
  after(async () => { await live.stop() })

  test('an agent sends as the brand with actAs, or without it as typing and read act; the customer hears it', async () => {
    const stream = await live.stream(ben.client)
    const chloeStream = await live.stream(chloe.client)
    const heard = chloeStream.waitFor('message.created', { filter: (d) => d.message.text === 'On its way!' })
    const chosen = messageOf(await sendFrame(stream, { conversationId: care, actAs: brandId, text: 'On its way!' }))
    assert.equal(chosen.senderId, brandId)
    assert.ok(!('sentBy' in chosen))
    const { author, ...asSent } = chosen
    assert.equal(author, ben.id, 'the agent reads back that they wrote it')
    const customerCopy = (await heard).message
    assert.ok(!('author' in customerCopy), 'the customer is not shown the agent behind the brand')
    assert.deepEqual(customerCopy, asSent)
    const implied = messageOf(await sendFrame(stream, { conversationId: care, text: 'Tomorrow, by noon.' }))
    assert.equal(implied.senderId, brandId)
  })

  test('a viewer is FORBIDDEN and a stranger acting as the brand gets ACCOUNT_NOT_FOUND, as over REST', async () => {
    const vicStream = await live.stream(vic.client)
    const chloeStream = await live.stream(chloe.client)
    assert.deepEqual(streamVerdict(await sendFrame(vicStream, { conversationId: care, actAs: brandId, text: 'x' })), { code: 'FORBIDDEN' })
    assert.deepEqual(streamVerdict(await sendFrame(vicStream, { conversationId: care, text: 'x' })), { code: 'FORBIDDEN' })
    assert.deepEqual(await restVerdict(vic.client.withActAs(brandId), care, { text: 'x' }), { code: 'FORBIDDEN' })
    assert.deepEqual(streamVerdict(await sendFrame(chloeStream, { conversationId: care, actAs: brandId, text: 'x' })), { code: 'ACCOUNT_NOT_FOUND' })
    assert.deepEqual(await restVerdict(chloe.client.withActAs(brandId), care, { text: 'x' }), { code: 'ACCOUNT_NOT_FOUND' })
    assert.deepEqual(streamVerdict(await sendFrame(chloeStream, { conversationId: care, actAs: chloe.id, text: 'as myself' })), { code: 'ok' })
  })
})

describe('send limits over the stream', () => {
  // A test clock keeps every send in one window and refills buckets only when told.
  const clock = new TestClock()
  let live: LiveServer
  let ada: Person, ben: Person, direct: string
  before(async () => {
    live = await liveServer({}, { clock })
    ;[ada, ben] = [await live.person('ada'), await live.person('ben')]
    direct = (await ada.client.openDirect(ben.id)).id
  })
  after(async () => { await live.stop() })

  test('REST and the stream draw on one bucket: the 30th send is answered, the 31st is RATE_LIMITED either way', async () => {
    const stream = await live.stream(ada.client)
    const burst = live.server.config.rateLimits.sendsBurst
    assert.equal(burst, 30)
    for (let i = 0; i < burst; i++) {
      if (i % 2) messageOf(await sendFrame(stream, { conversationId: direct, text: `ws ${i}` }))
      else await ada.client.sendMessage(direct, `rest ${i}`)
    }
    const over = await sendFrame(stream, { conversationId: direct, text: 'one too many' })
    assert.equal(!over.ok && over.error.code, 'RATE_LIMITED')
    assert.ok(!over.ok && typeof over.error.details?.retryAfterMs === 'number' && over.error.details.retryAfterMs > 0)
    assert.deepEqual(await restVerdict(ada.client, direct, { text: 'one too many' }), { code: 'RATE_LIMITED' })
    assert.equal(stream.state, 'live', 'a limited stream is answered, not closed')
    clock.advance(100)
    messageOf(await sendFrame(stream, { conversationId: direct, text: 'one token back after 100 ms' }))
    assert.deepEqual(await restVerdict(ada.client, direct, { text: 'and it is spent' }), { code: 'RATE_LIMITED' })
  })

  test('sends do not count toward the 100 frames a minute, and a stream out of frames still sends', async () => {
    clock.advance(10 * 60_000)
    const stream = await live.stream(ada.client, { requestTimeoutMs: 5_000 })
    for (let i = 0; i < 30; i++) messageOf(await sendFrame(stream, { conversationId: direct, text: `before pings ${i}` }))
    await Promise.all(Array.from({ length: 100 }, () => stream.ping()))
    await assert.rejects(stream.ping(), (error: unknown) => error instanceof ParloirApiError && error.code === 'RATE_LIMITED')
    clock.advance(100)
    messageOf(await sendFrame(stream, { conversationId: direct, text: 'after the frame limit' }))
  })
})

describe('pipelined sends', () => {
  let live: LiveServer
  before(async () => { live = await liveServer({ rateLimits: { ...defaultRateLimits, sendsPerSecond: 10_000, sendsBurst: 10_000 } }) })
  after(async () => { await live.stop() })

  test('50 sends in flight on one stream are all answered, in commit order, with gapless seqs, sharing group commits', async () => {
    const ada = await live.person('ada')
    const ben = await live.person('ben')
    const direct = (await ada.client.openDirect(ben.id)).id
    await ada.client.sendMessage(direct, 'before')
    const stream = await live.stream(ada.client)
    const stats = (live.server.deps.storage as unknown as { commitStats: { commits: number; transactions: number } }).commitStats
    const before = { ...stats }
    const answers: ReplyFrame[] = []
    const all = new Promise<void>((resolve) => {
      stream.on('reply', (reply) => { if (reply.id.startsWith('p') && answers.push(reply) === 50) resolve() })
    })
    // Written without waiting: all 50 are on the wire before the first is answered.
    for (let i = 0; i < 50; i++) wsOf(stream).send(JSON.stringify({ op: 'send', id: `p${i}`, conversationId: direct, text: `pipelined ${i}`, clientMessageId: `pipe-${i}` }))
    await all
    const messages = answers.map(messageOf)
    const seqs = messages.map((m) => m.seq)
    assert.deepEqual(seqs, Array.from({ length: 50 }, (_, i) => i + 2), 'answered in commit order, after "before", with no gap')
    const stored = (await ada.client.listMessages(direct, { limit: 200 })).messages
    assert.deepEqual(stored.map((m) => m.seq), Array.from({ length: 51 }, (_, i) => i + 1))
    assert.deepEqual(stored.slice(1).map((m) => m.id), messages.map((m) => m.id), 'stored in the order of the answers')
    assert.deepEqual(new Set(answers.map((a) => a.id)), new Set(Array.from({ length: 50 }, (_, i) => `p${i}`)))
    const commits = stats.commits - before.commits
    const transactions = stats.transactions - before.transactions
    assert.ok(transactions >= 50 && commits < transactions, `sends shared commits: ${transactions} transactions in ${commits} commits`)
  })
})
