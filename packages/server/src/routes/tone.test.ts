import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits as L } from '@parloir/protocol'
import { checkTone } from '@parloir/protocol/tone'
import { testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>
type Reply = Awaited<ReturnType<TestServer['call']>>
const error = (res: Reply) => (res.json() as { error: { code: string; details?: { fields?: Array<{ path: string; reason?: string; limit?: number }> } } }).error

/** The tone check's dry run for Northwind Coffee: Ben (agent) asks; Vic (viewer) may not send, so may not ask; Chloé is a customer. */
describe('the tone check’s dry run', () => {
  let s: TestServer
  let ada: Person, ben: Person, vic: Person, chloe: Person
  let brandId: string
  const url = () => `/api/v1/brands/${brandId}/tone-check`
  const ask = (who: Person, body: unknown) => s.call('POST', url(), { token: who.token, body })

  before(async () => {
    s = await testServer()
    ;[ada, ben, vic, chloe] = [await s.person('ada'), await s.person('ben'), await s.person('vic'), await s.person('chloe')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${vic.id}`, { token: ada.token, body: { role: 'viewer' } })
  })
  after(() => s.stop())

  test('answers the very verdict the composer computes, in English and in French', async () => {
    for (const text of ['This page is not a place to vent.', "Ce n'est pas un endroit pour se défouler.", 'Thanks so much!!', 'NO REFUNDS AFTER 30 DAYS.']) {
      const res = await ask(ben, { text })
      assert.equal(res.statusCode, 200, text)
      assert.deepEqual(res.json(), checkTone(text))
    }
    const warned = (await ask(ben, { text: 'This page is not a place to vent.' })).json()
    assert.equal(warned.verdict, 'warn')
    assert.equal(warned.findings[0].kind, 'curt')
    assert.equal(warned.suggestion, 'We hear you, and we want to put this right.')
  })

  test('takes the language when it is given', async () => {
    assert.equal((await ask(ben, { text: 'Non.', language: 'en' })).json().verdict, 'fine')
    assert.equal((await ask(ben, { text: 'Non.', language: 'fr' })).json().verdict, 'warn')
  })

  test('checks a text at the message limit, and refuses one a character past it', async () => {
    const at = 'a'.repeat(L.messageTextChars - 1) + '!'
    const res = await ask(ben, { text: at })
    assert.equal(res.statusCode, 200)
    assert.equal(res.json().verdict, 'fine')
    // Counted in code points, as messages are: 10,000 emoji are at the limit.
    assert.equal((await ask(ben, { text: '☕'.repeat(L.messageTextChars) })).statusCode, 200)
    const past = await ask(ben, { text: 'a'.repeat(L.messageTextChars + 1) })
    assert.equal(past.statusCode, 400)
    assert.equal(error(past).code, 'VALIDATION_FAILED')
    assert.deepEqual(error(past).details?.fields?.map((f) => [f.path, f.reason, f.limit]), [['body/text', 'maxLength', L.messageTextChars]])
  })

  test('refuses an empty text, a blank one, a missing one and unknown fields with stable codes', async () => {
    const empty = await ask(ben, { text: '' })
    assert.equal(empty.statusCode, 400)
    assert.deepEqual(error(empty).details?.fields?.map((f) => [f.path, f.reason]), [['body/text', 'minLength']])
    const blank = await ask(ben, { text: ' \n\t ' })
    assert.equal(blank.statusCode, 400)
    assert.equal(error(blank).code, 'VALIDATION_FAILED')
    assert.deepEqual(error(blank).details?.fields?.map((f) => [f.path, f.reason]), [['body/text', 'blank']])
    for (const body of [{}, { text: 'Hi', language: 'de' }, { text: 'Hi', extra: true }, { text: 42 }]) {
      const res = await ask(ben, body)
      assert.equal(res.statusCode, 400, JSON.stringify(body))
      assert.equal(error(res).code, 'VALIDATION_FAILED')
    }
  })

  test('is for those who may send as the brand: not a viewer, not a customer', async () => {
    const viewer = await ask(vic, { text: 'Hello' })
    assert.equal(viewer.statusCode, 403)
    assert.equal(error(viewer).code, 'FORBIDDEN')
    const customer = await ask(chloe, { text: 'Hello' })
    assert.equal(customer.statusCode, 404)
    assert.equal(error(customer).code, 'ACCOUNT_NOT_FOUND')
    const anonymous = await s.call('POST', url(), { body: { text: 'Hello' } })
    assert.equal(anonymous.statusCode, 401)
  })
})
