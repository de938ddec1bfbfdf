import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits as L } from '@parloir/protocol'
import { testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>
type Res = { statusCode: number; json(): { error?: { code: string } } }
const code = (res: Res) => res.json().error?.code ?? 'ok'

describe('people search in "New message"', () => {
  let s: TestServer
  let ada: Person, chloe: Person, ben: Person, eve: Person, mia: Person
  let brandId: string
  const search = (who: { token: string }, query: string, headers: Record<string, string> = {}) =>
    s.call('GET', `/api/v1/people/search?${query}`, { token: who.token, headers })
  const found = async (who: { token: string }, q: string) => {
    const res = await search(who, `q=${encodeURIComponent(q)}`)
    assert.equal(res.statusCode, 200, res.body)
    return (res.json() as unknown as { accounts: Array<{ handle: string }> }).accounts.map((a) => a.handle)
  }
  const settings = (who: Person, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    s.call('PATCH', '/api/v1/me/settings', { token: who.token, body, headers })

  before(async () => {
    // Many requests from one address: more than the default per-address rate allows.
    s = await testServer({ rateLimits: { perAddress: { max: 100_000, windowMs: 60_000 } } as never })
    ada = await s.person('ada', 'Ada Lovelace')
    chloe = await s.person('chloe_m', 'Chloé Martin')
    ben = await s.person('ben', 'Ben Okafor')
    eve = await s.person('eve', 'Eve Okafor')
    mia = await s.person('mia', 'Mia Okafor')
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
  })
  after(() => s.stop())

  describe('when a person has not chosen to be discoverable (the default)', () => {
    test('their settings say so, and their name finds nothing', async () => {
      assert.equal((await s.call('GET', '/api/v1/me', { token: chloe.token })).json().settings.discoverable, false)
      assert.deepEqual(await found(ada, 'chloé'), [])
      assert.deepEqual(await found(ada, 'martin'), [])
      assert.deepEqual(await found(ada, 'chlo'), [], 'nor the start of the handle')
    })

    test('their exact, complete handle still finds them, with or without @ and in any case', async () => {
      assert.deepEqual(await found(ada, 'chloe_m'), ['chloe_m'])
      assert.deepEqual(await found(ada, '@Chloe_M'), ['chloe_m'])
      assert.equal((await s.call('GET', '/api/v1/accounts/by-handle/chloe_m', { token: ada.token })).statusCode, 200)
    })
  })

  describe('when a person turns discoverable on', () => {
    before(async () => {
      for (const who of [chloe, ben, eve, mia]) assert.equal((await settings(who, { discoverable: true })).json().discoverable, true)
    })

    test('the start of any word of their name or of their handle finds them, without regard to case or accents', async () => {
      assert.deepEqual(await found(ada, 'CHLOE'), ['chloe_m'])
      assert.deepEqual(await found(ada, 'mart'), ['chloe_m'])
      assert.deepEqual(await found(ada, 'martin chl'), ['chloe_m'], 'every word must begin a word of theirs')
      assert.deepEqual(await found(ada, 'martin ben'), [])
      assert.deepEqual(await found(ada, 'okafor'), ['ben', 'eve', 'mia'])
    })

    test('turning it off again hides them from name search at once', async () => {
      await settings(mia, { discoverable: false })
      assert.deepEqual(await found(ada, 'okafor'), ['ben', 'eve'])
      assert.deepEqual(await found(ada, 'mia'), ['mia'], 'the exact handle still finds her')
      await settings(mia, { discoverable: true })
    })

    test('the searcher never finds themself, not even by their own handle', async () => {
      assert.deepEqual(await found(ben, 'okafor'), ['eve', 'mia'])
      assert.deepEqual(await found(ben, 'ben'), [])
    })
  })

  describe('brands', () => {
    test('are always found by name; a brand cannot turn discoverable off', async () => {
      assert.deepEqual(await found(chloe, 'coffee'), ['northwind'])
      assert.deepEqual(await found(chloe, 'north'), ['northwind'])
      const refused = await settings(ada, { discoverable: false }, { 'parloir-act-as': brandId })
      assert.equal(code(refused), 'VALIDATION_FAILED')
      assert.deepEqual(await found(chloe, 'coffee'), ['northwind'])
    })

    test('a member searching as the brand finds people, never the brand itself', async () => {
      const res = await search(ada, 'q=north', { 'parloir-act-as': brandId })
      assert.deepEqual(res.json().accounts, [])
      const people = (await search(ada, 'q=okafor', { 'parloir-act-as': brandId })).json().accounts.map((a: { handle: string }) => a.handle)
      assert.deepEqual(people, ['ben', 'eve', 'mia'])
    })
  })

  describe('blocks', () => {
    test('an account I block, or that blocks me, is not found, even by its exact handle; unblocking brings it back', async () => {
      assert.equal((await s.call('POST', `/api/v1/accounts/${ben.id}/block`, { token: chloe.token })).statusCode, 204)
      assert.equal((await s.call('POST', `/api/v1/accounts/${chloe.id}/block`, { token: eve.token })).statusCode, 204)
      assert.deepEqual(await found(chloe, 'okafor'), ['mia'])
      assert.deepEqual(await found(chloe, 'ben'), [])
      assert.deepEqual(await found(chloe, 'eve'), [])
      assert.deepEqual(await found(ben, 'chloe'), [], 'the block hides each from the other')
      await s.call('DELETE', `/api/v1/accounts/${ben.id}/block`, { token: chloe.token })
      await s.call('DELETE', `/api/v1/accounts/${chloe.id}/block`, { token: eve.token })
      assert.deepEqual(await found(chloe, 'okafor'), ['ben', 'eve', 'mia'])
    })
  })

  describe('limits and bad input', () => {
    test(`a query of ${L.peopleSearchChars} characters is searched; one more is refused`, async () => {
      assert.equal((await search(ada, `q=${'é'.repeat(L.peopleSearchChars)}`)).statusCode, 200)
      assert.equal(code(await search(ada, `q=${'é'.repeat(L.peopleSearchChars + 1)}`)), 'VALIDATION_FAILED')
      assert.equal(code(await search(ada, 'q=')), 'VALIDATION_FAILED')
      assert.equal(code(await search(ada, '')), 'VALIDATION_FAILED')
      assert.equal(code(await search(ada, 'q=ada&q=ben')), 'VALIDATION_FAILED')
      assert.deepEqual(await found(ada, '!!! --'), [], 'no word at all finds nobody')
    })

    test(`at most ${L.peopleSearchResults} accounts by default and at the limit; a larger limit is refused`, async () => {
      const crowd = await Promise.all(Array.from({ length: L.peopleSearchResults + 5 }, (_, i) => s.person(`fan${i}`, `Fan ${i}`)))
      for (const fan of crowd) await settings(fan, { discoverable: true })
      assert.equal((await found(ada, 'fan')).length, L.peopleSearchResults)
      assert.equal((await search(ada, `q=fan&limit=${L.peopleSearchResults}`)).json().accounts.length, L.peopleSearchResults)
      assert.equal((await search(ada, 'q=fan&limit=3')).json().accounts.length, 3)
      assert.equal(code(await search(ada, `q=fan&limit=${L.peopleSearchResults + 1}`)), 'VALIDATION_FAILED')
      assert.equal(code(await search(ada, 'q=fan&limit=0')), 'VALIDATION_FAILED')
    })

    test('nobody logged in is refused; a visitor searches no one', async () => {
      assert.equal(code(await s.call('GET', '/api/v1/people/search?q=ada')), 'UNAUTHENTICATED')
      const visitor = await s.call('POST', '/api/v1/visitors', { body: { brandId, text: 'Hello' }, headers: { 'x-forwarded-for': '203.0.113.9' } })
      assert.equal(visitor.statusCode, 201, visitor.body)
      assert.equal(code(await search({ token: visitor.json().session.token }, 'q=okafor')), 'VISITOR_NOT_ALLOWED')
    })
  })
})

test('people search is rate limited per address like every other request', async () => {
  const s = await testServer({ rateLimits: { perAddress: { max: 5, windowMs: 60_000 } } as never })
  try {
    const ada = await s.person('ada')
    const from = { 'x-forwarded-for': '198.51.100.7' }
    const answers: number[] = []
    for (let i = 0; i < 6; i++) answers.push((await s.call('GET', '/api/v1/people/search?q=ben', { token: ada.token, headers: from })).statusCode)
    assert.deepEqual(answers, [200, 200, 200, 200, 200, 429])
  } finally {
    await s.stop()
  }
})
