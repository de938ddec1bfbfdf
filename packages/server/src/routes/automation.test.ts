import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { admitAutomatedMessage } from '@parloir/core'
import { defaultLimits } from '@parloir/protocol'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>
const HOUR = 3_600_000
const weekdays = (shifts: Array<{ start: string; end: string }>) => ({
  monday: shifts, tuesday: shifts, wednesday: shifts, thursday: shifts, friday: shifts, saturday: [], sunday: [],
})

describe('automatic replies', () => {
  // Sunday 22 November 2026, 10:00 in Paris: the brand is closed.
  const clock = new TestClock(Date.UTC(2026, 10, 22, 9, 0, 0))
  let s: TestServer
  let ada: Person, chloe: Person, dan: Person
  let brandId: string
  before(async () => {
    s = await testServer({ rateLimits: { sendsPerSecond: 1000, sendsBurst: 1000 } as TestServer['config']['rateLimits'] }, { clock })
    ;[ada, chloe, dan] = [await s.person('ada'), await s.person('chloe'), await s.person('dan')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    await s.call('PATCH', `/api/v1/brands/${brandId}/messaging`, {
      token: ada.token,
      body: {
        supportCalendar: { timeZone: 'Europe/Paris', weekly: weekdays([{ start: '09:00', end: '18:00' }]), holidays: [], exceptions: [] },
        awayMessage: { enabled: true, text: 'We are away; back Monday at 9.' },
      },
    })
    await s.call('POST', `/api/v1/brands/${brandId}/keyword-rules`, { token: ada.token, body: { keywords: ['opening hours', 'horaires'], replyText: 'We are open 9 to 6, Monday to Friday.' } })
  })
  after(() => s.stop())

  const open = async (person: Person) => (await s.call('POST', '/api/v1/conversations/direct', { token: person.token, body: { accountId: brandId } })).json().id as string
  const say = (person: Person, conversationId: string, text: string) =>
    s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: person.token, body: { text } })
  const fromBrand = async (conversationId: string) =>
    (await s.call('GET', `/api/v1/conversations/${conversationId}/messages`, { token: ada.token, headers: { 'parloir-act-as': brandId } })).json()
      .messages.filter((m: { senderId: string }) => m.senderId === brandId).map((m: { automation: string; text: string }) => `${m.automation}: ${m.text}`)

  test('outside hours the away message goes out once, not again within 12 hours, and again after', async () => {
    const conv = await open(chloe)
    await say(chloe, conv, 'Hello?')
    assert.deepEqual(await fromBrand(conv), ['away: We are away; back Monday at 9.'])
    clock.advance(11 * HOUR)
    await say(chloe, conv, 'Anyone there?')
    assert.equal((await fromBrand(conv)).length, 1, 'not twice within 12 hours')
    clock.advance(1 * HOUR + 1)
    // Monday 00:00 in Paris: still closed, 12 hours have passed.
    await say(chloe, conv, 'Still waiting')
    assert.equal((await fromBrand(conv)).length, 2)
  })

  test('inside hours no away message goes out, but keyword rules still answer, accents and case aside', async () => {
    clock.ms = Date.UTC(2026, 10, 23, 9, 30) // Monday 10:30 in Paris: open.
    const conv = await open(dan)
    await say(dan, conv, 'Quels sont vos HORAIRES ?')
    assert.deepEqual(await fromBrand(conv), ['keyword: We are open 9 to 6, Monday to Friday.'])
    await say(dan, conv, 'I love your coffee')
    assert.equal((await fromBrand(conv)).length, 1, 'no rule matched, no away message inside hours')
  })

  test("a brand's own message triggers nothing", async () => {
    clock.ms = Date.UTC(2026, 10, 22, 9, 0) // Sunday: closed.
    const eve = await s.person('eve')
    const conv = await open(eve)
    const sent = await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, headers: { 'parloir-act-as': brandId }, body: { text: 'opening hours are 9 to 6' } })
    assert.equal(sent.statusCode, 201)
    assert.deepEqual(await fromBrand(conv), ['null: opening hours are 9 to 6'])
  })
})

describe('anti-flood quotas for automated messages', () => {
  const clock = new TestClock()
  let s: TestServer
  let brandId: string, personId: string, conversationId: string
  before(async () => {
    s = await testServer({}, { clock })
    const ada = await s.person('ada')
    const chloe = await s.person('chloe')
    personId = chloe.id
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    conversationId = (await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, headers: { 'parloir-act-as': brandId }, body: { accountId: chloe.id } })).json().id
  })
  after(() => s.stop())
  const admit = () => s.deps.storage.transaction((tx) => admitAutomatedMessage(s.deps, tx, { brandId, conversationId, personId, kind: 'keyword' }))

  test('nothing automated goes to someone who has not written first', async () => {
    assert.deepEqual(await admit(), { allowed: false, reason: 'no_inbound_message' })
  })

  test(`the first ${defaultLimits.automatedRepliesFreePerInbound} replies after a person writes are free, the next ones count`, async () => {
    const chloeToken = (await s.call('POST', '/api/v1/auth/login', { body: { handle: 'chloe', password: 'correct horse battery' } })).json().session.token
    await s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: chloeToken, body: { text: 'Hi' } })
    for (let i = 0; i < defaultLimits.automatedRepliesFreePerInbound; i++) assert.deepEqual(await admit(), { allowed: true, counted: false })
    assert.deepEqual(await admit(), { allowed: true, counted: true })
    clock.advance(defaultLimits.automatedReplyFreeWindowMs)
    assert.deepEqual(await admit(), { allowed: true, counted: true }, 'after 24 hours nothing is free')
  })

  test(`counted messages stop at ${defaultLimits.automatedMessagesPerBrandPerDay} in 24 hours and start again when the oldest leave the window`, async () => {
    const already = await s.deps.storage.reads.automationLog.count({ brandId, sinceMs: clock.now() - 24 * HOUR, countedOnly: true })
    await s.deps.storage.transaction(async (tx) => {
      for (let i = already; i < defaultLimits.automatedMessagesPerBrandPerDay - 1; i++) {
        await tx.automationLog.insert({ id: s.deps.ids.next(), brandId, conversationId, kind: 'keyword', counted: true, atMs: clock.now() })
      }
    })
    assert.deepEqual(await admit(), { allowed: true, counted: true }, 'the 1,000th is allowed')
    assert.deepEqual(await admit(), { allowed: false, reason: 'daily_quota' }, 'the 1,001st is not')
    clock.advance(24 * HOUR)
    assert.deepEqual(await admit(), { allowed: true, counted: true })
  })
})
