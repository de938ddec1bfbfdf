import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>

/**
 * "Usually answers within …" on Northwind Coffee's card: measured from the waits its team's
 * answers end (agent Ada), over the last 30 days, once there are five of them.
 */
describe("a brand's usual answer time", () => {
  const clock = new TestClock(Date.UTC(2026, 10, 23, 9, 0, 0))
  let s: TestServer
  let ada: Person
  let brandId: string

  before(async () => {
    s = await testServer({}, { clock })
    ada = await s.person('ada')
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
  })
  after(() => s.stop())

  const usual = async () => (await s.call('GET', `/api/v1/brands/${brandId}/card`)).json().support.usualReplyTime as string | null
  let customers = 0
  /** A new customer writes, and Ada answers for the brand after `waitMs` (then writes again, which is not a wait). */
  async function answered(waitMs: number) {
    const customer = await s.person(`chloe${++customers}`)
    const id = (await s.call('POST', '/api/v1/conversations/direct', { token: customer.token, body: { accountId: brandId } })).json().id
    assert.equal((await s.call('POST', `/api/v1/conversations/${id}/messages`, { token: customer.token, body: { text: 'Hello?' } })).statusCode, 201)
    clock.advance(waitMs)
    for (const text of ['Hello Chloe', 'Anything else?']) {
      assert.equal((await s.call('POST', `/api/v1/conversations/${id}/messages`, { token: ada.token, headers: { 'parloir-act-as': brandId }, body: { text } })).statusCode, 201)
    }
  }

  test('says nothing at four answers, and "a few minutes" at the fifth', async () => {
    for (let i = 0; i < 4; i++) await answered(3 * 60_000)
    assert.equal(await usual(), null, 'four answers are not enough to say')
    await answered(3 * 60_000)
    assert.equal(await usual(), 'minutes')
  })

  test('is the median: slower answers move it only once they are the majority', async () => {
    for (let i = 0; i < 4; i++) await answered(2 * 60 * 60_000)
    assert.equal(await usual(), 'minutes', 'five quick, four in a few hours')
    await answered(2 * 60 * 60_000)
    assert.equal(await usual(), 'minutes', 'five and five: the lower median')
    await answered(2 * 60 * 60_000)
    assert.equal(await usual(), 'hours')
  })

  test('forgets answers older than 30 days', async () => {
    clock.advance(31 * 86_400_000)
    assert.equal(await usual(), null)
  })
})
