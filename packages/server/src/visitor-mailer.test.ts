import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'
import { smtpReceiver } from '@parloir/testing/smtp-receiver'

describe('visitors who left an address are emailed when the brand answers', () => {
  const clock = new TestClock()
  let s: TestServer
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>
  let ada: { token: string }
  let brandId: string
  const delayMs = 60_000
  before(async () => {
    smtp = await smtpReceiver()
    const base = await testServer()
    const mail = { ...base.config.mail, smtpUrl: smtp.url, delayMs, pollMs: 3_600_000, publicUrl: 'https://parloir.example', maxAttempts: 3 }
    await base.stop()
    s = await testServer({ mail }, { clock })
    ada = await s.person('ada')
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
  })
  after(async () => { await s.stop(); await smtp.close() })

  const visitor = async (email?: string) => (await s.call('POST', '/api/v1/visitors', { body: { brandId, text: 'Where is my order?', ...(email ? { email } : {}) } })).json()
  const answer = (conversationId: string, text: string) =>
    s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: ada.token, headers: { 'parloir-act-as': brandId }, body: { text } })
  const tick = () => s.mailer?.tick()

  test('two answers in a row make one email, sent after the delay, with both answers and the link', async () => {
    const { conversation } = await visitor('chloe@example.com')
    await answer(conversation.id, 'It left this morning.')
    await answer(conversation.id, 'Tracking number NW-4512.')
    await tick()
    assert.equal(smtp.received.length, 0, 'not before the delay')
    clock.advance(delayMs)
    await tick()
    assert.equal(smtp.received.length, 1)
    const [mail] = smtp.received
    assert.deepEqual(mail?.to, ['chloe@example.com'])
    assert.match(mail?.body ?? '', /Subject: Northwind Coffee answered you/)
    assert.match(mail?.body ?? '', /It left this morning\./)
    assert.match(mail?.body ?? '', /Tracking number NW-4512\./)
    // The link continues the conversation from any browser: once, for 7 days.
    const link = /https:\/\/parloir\.example(\/messages\/continue\?token=[A-Za-z0-9_-]{43})\b/.exec(mail?.body ?? '')?.[1]
    assert.ok(link, 'the email carries a continue link')
    assert.match(mail?.body ?? '', /works once, for 7 days/)
    const used = await s.app.inject({ method: 'POST', url: '/messages/continue', payload: `token=${new URL(link, 'http://x').searchParams.get('token') ?? ''}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    assert.equal(used.statusCode, 303)
    assert.equal(used.headers.location, `/messages/visitor/${conversation.id}#latest`)
    await tick()
    assert.equal(smtp.received.length, 1, 'sent once')
  })

  test('a visitor without an address, or who removed it, gets nothing', async () => {
    const before = smtp.received.length
    const { conversation } = await visitor()
    await answer(conversation.id, 'Hello!')
    const removed = await visitor('dan@example.com')
    await s.call('PATCH', '/api/v1/visitor', { token: removed.session.token, body: { email: null } })
    await answer(removed.conversation.id, 'Hello Dan!')
    clock.advance(delayMs)
    await tick()
    assert.equal(smtp.received.length, before)
  })

  test('a refusing mail server is retried with backoff, then given up after the last attempt', async () => {
    const before = smtp.received.length
    const { conversation } = await visitor('eve@example.com')
    await answer(conversation.id, 'We are on it.')
    smtp.state.refusing = true
    clock.advance(delayMs)
    await tick()
    await tick()
    assert.equal(smtp.received.length, before, 'refused, and not retried before the backoff')
    smtp.state.refusing = false
    clock.advance(30_000)
    await tick()
    assert.equal(smtp.received.length, before + 1, 'delivered on the retry')

    const other = await visitor('frank@example.com')
    await answer(other.conversation.id, 'Hi Frank')
    smtp.state.refusing = true
    for (let i = 0; i < 5; i++) { clock.advance(delayMs + 3_600_000); await tick() }
    smtp.state.refusing = false
    clock.advance(delayMs + 3_600_000)
    await tick()
    assert.equal(smtp.received.length, before + 1, 'given up after 3 attempts: never sent')
  })
})

describe('the email holds the answer that queued it, on a clock that moves while the answer is written', () => {
  /** Every reading of the clock is a millisecond later, as on a real machine where a transaction takes time. */
  class MovingClock extends TestClock {
    override now(): number { return this.ms++ }
  }
  test('the first answer is in the email, not only those after it', async () => {
    const smtp = await smtpReceiver()
    const base = await testServer()
    const mail = { ...base.config.mail, smtpUrl: smtp.url, delayMs: 0, pollMs: 3_600_000, publicUrl: null, maxAttempts: 3 }
    await base.stop()
    const s = await testServer({ mail }, { clock: new MovingClock() })
    try {
      const ada = await s.person('ada')
      const brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
      const { conversation } = (await s.call('POST', '/api/v1/visitors', { body: { brandId, text: 'Hello?', email: 'gil@example.com' } })).json()
      await s.call('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: ada.token, headers: { 'parloir-act-as': brandId }, body: { text: 'Hello Gil, here we are.' } })
      await s.mailer?.tick()
      assert.equal(smtp.received.length, 1)
      assert.match(smtp.received[0]?.body ?? '', /Northwind Coffee: Hello Gil, here we are\./)
    } finally {
      await s.stop()
      await smtp.close()
    }
  })
})
