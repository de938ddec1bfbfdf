import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>

describe('sending messages', () => {
  let s: TestServer
  let ada: Person, ben: Person, conv: string
  const clock = new TestClock()
  before(async () => {
    s = await testServer({ rateLimits: { sendsPerSecond: 1000, sendsBurst: 1000 } as TestServer['config']['rateLimits'] }, { clock })
    ;[ada, ben] = [await s.person('ada'), await s.person('ben')]
    conv = (await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: ben.id } })).json().id
  })
  after(() => s.stop())
  const send = (body: unknown, token = ada.token) => s.call('POST', `/api/v1/conversations/${conv}/messages`, { token, body })
  const field = (res: { json(): { error: { code: string; details?: { fields?: Array<{ path: string }> } } } }) => res.json().error.details?.fields?.[0]?.path

  test('text of 10,000 characters is accepted, counted in code points; 10,001 is refused', async () => {
    const emoji = '🙂'.repeat(10_000)
    const ok = await send({ text: emoji })
    assert.equal(ok.statusCode, 201)
    assert.equal([...ok.json().text].length, 10_000)
    const bad = await send({ text: `${emoji}a` })
    assert.equal(bad.statusCode, 400)
    assert.equal(field(bad), 'body/text')
  })

  test('an empty message is refused', async () => {
    assert.equal((await send({ text: '   ' })).json().error.code, 'MESSAGE_EMPTY')
    assert.equal((await send({})).json().error.code, 'MESSAGE_EMPTY')
  })

  const option = (i: number, extra: Record<string, unknown> = {}) => ({ label: `Option ${i}`, metadata: `opt_${i}`, ...extra })

  test('quick replies: 20 options accepted, 21 refused', async () => {
    assert.equal((await send({ text: 'Pick', quickReply: { type: 'options', options: Array.from({ length: 20 }, (_, i) => option(i)) } })).statusCode, 201)
    const bad = await send({ text: 'Pick', quickReply: { type: 'options', options: Array.from({ length: 21 }, (_, i) => option(i)) } })
    assert.equal(bad.statusCode, 400)
    assert.equal(field(bad), 'body/quickReply/options')
  })

  test('quick replies: label 36, description 72 and metadata 1,000 characters accepted, one more refused', async () => {
    const at = { label: 'l'.repeat(36), description: 'd'.repeat(72), metadata: 'm'.repeat(1000) }
    assert.equal((await send({ text: 'Pick', quickReply: { type: 'options', options: [at] } })).statusCode, 201)
    for (const [key, length] of [['label', 37], ['description', 73], ['metadata', 1001]] as const) {
      const bad = await send({ text: 'Pick', quickReply: { type: 'options', options: [{ ...at, [key]: 'x'.repeat(length) }] } })
      assert.equal(bad.statusCode, 400, key)
      assert.equal(field(bad), `body/quickReply/options/0/${key}`)
    }
  })

  test('buttons: 1 to 3 accepted, 0 and 4 refused; web buttons take only http(s) links', async () => {
    const web = { type: 'web_url', label: 'Visit', url: 'https://northwind.example' }
    const call = { type: 'phone_number', label: 'Call us', phoneNumber: '+33 1 23 45 67 89' }
    const talk = { type: 'conversation', label: 'Talk to Ben', accountId: ben.id }
    assert.equal((await send({ text: 'one', buttons: [web] })).statusCode, 201)
    const three = await send({ text: 'three', buttons: [web, call, talk] })
    assert.equal(three.statusCode, 201)
    assert.deepEqual(three.json().buttons, [web, call, talk])
    assert.equal((await send({ text: 'none', buttons: [] })).statusCode, 400)
    assert.equal((await send({ text: 'four', buttons: [web, call, talk, web] })).statusCode, 400)
    const js = await send({ text: 'evil', buttons: [{ ...web, url: 'javascript:alert(1)' }] })
    assert.equal(js.statusCode, 400)
    assert.equal(field(js), '/buttons/0/url')
    assert.equal((await send({ text: 'x', buttons: [{ ...talk, accountId: '1234567890123456789' }] })).statusCode, 404)
  })

  test('a quick-reply answer comes back with its metadata, and must match an offered option', async () => {
    const asked = (await send({ text: 'Tea or coffee?', quickReply: { type: 'options', options: [option(1), option(2)] } })).json()
    const answer = await send({ text: 'Option 2', quickReplyResponse: { type: 'options', messageId: asked.id, metadata: 'opt_2' } }, ben.token)
    assert.equal(answer.statusCode, 201)
    assert.deepEqual(answer.json().quickReplyResponse, { type: 'options', messageId: asked.id, metadata: 'opt_2' })
    const wrong = await send({ text: 'x', quickReplyResponse: { type: 'options', messageId: asked.id, metadata: 'opt_9' } }, ben.token)
    assert.equal(wrong.json().error.code, 'QUICK_REPLY_INVALID')
  })

  test('links, mentions and hashtags are recognised', async () => {
    const m = (await send({ text: 'Ask @ben about #decaf at https://northwind.example/decaf.' })).json()
    assert.deepEqual(m.entities.mentions, [{ handle: 'ben', start: 4, end: 8 }])
    assert.deepEqual(m.entities.hashtags.map((h: { tag: string }) => h.tag), ['decaf'])
    assert.deepEqual(m.entities.urls.map((u: { url: string }) => u.url), ['https://northwind.example/decaf'])
  })

  test('a retry with the same client id returns the original (200); another body is a conflict (409)', async () => {
    const first = await send({ text: 'Order #12', clientMessageId: 'retry-1' })
    assert.equal(first.statusCode, 201)
    const again = await send({ text: 'Order #12', clientMessageId: 'retry-1' })
    assert.equal(again.statusCode, 200)
    assert.equal(again.json().id, first.json().id)
    const conflict = await send({ text: 'Order #13', clientMessageId: 'retry-1' })
    assert.equal(conflict.statusCode, 409)
    assert.equal(conflict.json().error.code, 'IDEMPOTENCY_CONFLICT')
  })

  test('concurrent retries of one client id make exactly one message', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => send({ text: 'same', clientMessageId: 'burst-1' })))
    assert.equal(new Set(results.map((r) => r.json().id)).size, 1)
    assert.equal(results.filter((r) => r.statusCode === 201).length, 1)
    const all = (await s.call('GET', `/api/v1/conversations/${conv}/messages?limit=200`, { token: ada.token })).json().messages
    assert.equal(all.filter((m: { clientMessageId: string | null }) => m.clientMessageId === 'burst-1').length, 1)
  })

  test('seq is gapless even when sends fail in between', async () => {
    await send({ text: '' })
    await send({ text: 'x', quickReplyResponse: { type: 'options', messageId: '1234567890123456789', metadata: 'x' } })
    const all = (await s.call('GET', `/api/v1/conversations/${conv}/messages?limit=200`, { token: ada.token })).json().messages
    assert.deepEqual(all.map((m: { seq: number }) => m.seq), Array.from({ length: all.length }, (_, i) => i + 1))
  })

  test('history pages backwards with beforeSeq and forwards with afterSeq', async () => {
    const last = (await s.call('GET', `/api/v1/conversations/${conv}/messages?limit=3`, { token: ada.token })).json()
    assert.equal(last.messages.length, 3)
    assert.equal(last.hasMore, true)
    const older = (await s.call('GET', `/api/v1/conversations/${conv}/messages?limit=3&beforeSeq=${last.messages[0].seq}`, { token: ada.token })).json()
    assert.equal(older.messages.at(-1).seq, last.messages[0].seq - 1)
    const first = (await s.call('GET', `/api/v1/conversations/${conv}/messages?limit=2&afterSeq=0`, { token: ada.token })).json()
    assert.deepEqual(first.messages.map((m: { seq: number }) => m.seq), [1, 2])
    assert.equal((await s.call('GET', `/api/v1/conversations/${conv}/messages?limit=201`, { token: ada.token })).statusCode, 400)
  })

  test('unsend works until exactly 30 minutes and leaves a trace; later it is refused', async () => {
    const early = (await send({ text: 'oops, wrong chat' })).json()
    const late = (await send({ text: 'meant to say this' })).json()
    clock.advance(30 * 60_000)
    const unsent = await s.call('POST', `/api/v1/conversations/${conv}/messages/${early.id}/unsend`, { token: ada.token })
    assert.equal(unsent.statusCode, 200)
    assert.equal(unsent.json().text, '')
    assert.ok(unsent.json().unsentAt)
    const seen = (await s.call('GET', `/api/v1/conversations/${conv}/messages?limit=5`, { token: ben.token })).json().messages
    const trace = seen.find((m: { id: string }) => m.id === early.id)
    assert.equal(trace.text, '')
    assert.ok(trace.unsentAt)
    clock.advance(1)
    const expired = await s.call('POST', `/api/v1/conversations/${conv}/messages/${late.id}/unsend`, { token: ada.token })
    assert.equal(expired.json().error.code, 'UNSEND_WINDOW_EXPIRED')
    assert.equal((await s.call('POST', `/api/v1/conversations/${conv}/messages/${early.id}/unsend`, { token: ada.token })).json().error.code, 'MESSAGE_ALREADY_UNSENT')
  })

  test("only the sender can unsend; delete for me hides it only from me", async () => {
    const m = (await send({ text: 'keep or hide' })).json()
    assert.equal((await s.call('POST', `/api/v1/conversations/${conv}/messages/${m.id}/unsend`, { token: ben.token })).json().error.code, 'NOT_MESSAGE_SENDER')
    assert.equal((await s.call('POST', `/api/v1/conversations/${conv}/messages/${m.id}/hide`, { token: ben.token })).statusCode, 204)
    const forBen = (await s.call('GET', `/api/v1/conversations/${conv}/messages?limit=5`, { token: ben.token })).json().messages
    const forAda = (await s.call('GET', `/api/v1/conversations/${conv}/messages?limit=5`, { token: ada.token })).json().messages
    assert.ok(!forBen.some((x: { id: string }) => x.id === m.id))
    assert.ok(forAda.some((x: { id: string }) => x.id === m.id))
  })

  test('reading moves the unread count to zero and never backwards', async () => {
    await send({ text: 'unread 1' }); const last = (await send({ text: 'unread 2' })).json()
    const before = (await s.call('GET', `/api/v1/conversations/${conv}`, { token: ben.token })).json()
    assert.ok(before.viewer.unreadCount >= 2)
    assert.equal((await s.call('POST', `/api/v1/conversations/${conv}/read`, { token: ben.token, body: { seq: last.seq } })).statusCode, 204)
    const after = (await s.call('GET', `/api/v1/conversations/${conv}`, { token: ben.token })).json()
    assert.equal(after.viewer.unreadCount, 0)
    assert.equal(after.viewer.lastReadSeq, last.seq)
    await s.call('POST', `/api/v1/conversations/${conv}/read`, { token: ben.token, body: { seq: 1 } })
    assert.equal((await s.call('GET', `/api/v1/conversations/${conv}`, { token: ben.token })).json().viewer.lastReadSeq, last.seq)
  })
})

describe('send rate limit', () => {
  test('an account sends a burst of 30, then 10 per second', async () => {
    const clock = new TestClock()
    const s = await testServer({}, { clock })
    try {
      const ada = await s.person('ada'); const ben = await s.person('ben')
      const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: ben.id } })).json().id
      const send = () => s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, body: { text: 'hi' } })
      for (let i = 0; i < 30; i++) assert.equal((await send()).statusCode, 201)
      const over = await send()
      assert.equal(over.statusCode, 429)
      assert.ok(Number(over.headers['retry-after']) >= 1)
      clock.advance(100)
      assert.equal((await send()).statusCode, 201, 'one token back after 100 ms')
      assert.equal((await send()).statusCode, 429)
    } finally {
      await s.stop()
    }
  })
})
