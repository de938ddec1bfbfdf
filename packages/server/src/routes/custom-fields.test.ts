import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits as L, type CustomField, type InboxCustomer } from '@parloir/protocol'
import { testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>
type Res = { statusCode: number; body: string; json(): { error?: { code: string; details?: Record<string, unknown> } } }
const code = (res: Res) => res.json().error?.code ?? 'ok'

/**
 * Custom fields of Northwind Coffee: owner Ada defines them, agent Ben fills them in for Chloe
 * (a person) and for a visitor, viewer Vic reads them; Olga runs another brand.
 */
describe('custom fields', () => {
  let s: TestServer
  let ada: Person, ben: Person, vic: Person, chloe: Person, olga: Person
  let brandId: string, otherBrandId: string
  let chloeConversation: string, visitorConversation: string, group: string
  const url = (brand = brandId) => `/api/v1/brands/${brand}/custom-fields`
  const define = (who: Person, body: unknown, brand = brandId) => s.call('POST', url(brand), { token: who.token, body })
  const setValues = (who: Person, conversationId: string, values: Record<string, string | null>, brand = brandId) =>
    s.call('PATCH', `/api/v1/brands/${brand}/inbox/${conversationId}/customer/fields`, { token: who.token, body: { values } })
  const fieldsOf = async (who: Person, conversationId: string) => {
    const res = await s.call('GET', `/api/v1/brands/${brandId}/inbox/${conversationId}/customer`, { token: who.token })
    assert.equal(res.statusCode, 200, res.body)
    return (res.json() as InboxCustomer).fields
  }

  before(async () => {
    // Hundreds of requests from one address: more than the default per-address rate allows.
    s = await testServer({ rateLimits: { perAddress: { max: 100_000, windowMs: 60_000 } } as never })
    ;[ada, ben, vic, chloe, olga] = [await s.person('ada'), await s.person('ben'), await s.person('vic'), await s.person('chloe'), await s.person('olga')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    otherBrandId = (await s.call('POST', '/api/v1/brands', { token: olga.token, body: { handle: 'southwind', displayName: 'Southwind Tea' } })).json().brand.id
    for (const [member, role] of [[ben, 'agent'], [vic, 'viewer']] as const) {
      await s.call('PUT', `/api/v1/brands/${brandId}/members/${member.id}`, { token: ada.token, body: { role } })
    }
    chloeConversation = (await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: brandId } })).json().id
    await s.call('POST', `/api/v1/conversations/${chloeConversation}/messages`, { token: chloe.token, body: { text: 'Where is my order?' } })
    visitorConversation = (await s.call('POST', '/api/v1/visitors', { body: { brandId, text: 'Hello?' } })).json().conversation.id
    group = (await s.call('POST', '/api/v1/conversations/group', { token: ada.token, headers: { 'parloir-act-as': brandId }, body: { accountIds: [chloe.id, olga.id] } })).json().id
    for (const [key, label, type] of [['order_number', 'Order number', 'text'], ['cups', 'Cups a day', 'number'], ['renewal', 'Renewal', 'date'], ['shop', 'Shop page', 'link']]) {
      assert.equal((await define(ada, { key, label, type })).statusCode, 201)
    }
  })
  after(() => s.stop())

  describe('defining them', () => {
    test('the team lists them by label, viewers too; key and type are fixed, the label changes', async () => {
      for (const who of [ada, ben, vic]) {
        const listed = (await s.call('GET', url(), { token: who.token })).json().customFields as CustomField[]
        assert.deepEqual(listed.map((f) => [f.key, f.type]), [['cups', 'number'], ['order_number', 'text'], ['renewal', 'date'], ['shop', 'link']])
      }
      const cups = ((await s.call('GET', url(), { token: ada.token })).json().customFields as CustomField[])[0] as CustomField
      const renamed = await s.call('PATCH', `${url()}/${cups.id}`, { token: ada.token, body: { label: 'Cups per day' } })
      assert.deepEqual([renamed.json().label, renamed.json().key], ['Cups per day', 'cups'])
      assert.equal(code(await s.call('PATCH', `${url()}/${cups.id}`, { token: ada.token, body: { key: 'mugs' } })), 'VALIDATION_FAILED')
      assert.equal(code(await s.call('PATCH', `${url()}/${cups.id}`, { token: ada.token, body: { label: '  ' } })), 'VALIDATION_FAILED')
    })

    test('agents and viewers cannot define them; another brand’s team and a customer cannot see them', async () => {
      assert.equal(code(await define(ben, { key: 'plan', label: 'Plan', type: 'text' })), 'FORBIDDEN')
      assert.equal(code(await define(vic, { key: 'plan', label: 'Plan', type: 'text' })), 'FORBIDDEN')
      assert.equal(code(await s.call('GET', url(), { token: olga.token })), 'ACCOUNT_NOT_FOUND')
      assert.equal(code(await s.call('GET', url(), { token: chloe.token })), 'ACCOUNT_NOT_FOUND')
      const theirs = (await define(olga, { key: 'tea', label: 'Tea', type: 'text' }, otherBrandId)).json() as CustomField
      assert.equal(code(await s.call('PATCH', `${url()}/${theirs.id}`, { token: ada.token, body: { label: 'Mine' } })), 'CUSTOM_FIELD_NOT_FOUND')
      assert.equal(code(await s.call('DELETE', `${url()}/${theirs.id}`, { token: ada.token })), 'CUSTOM_FIELD_NOT_FOUND')
    })

    test('a key is unique in its brand, not across brands', async () => {
      assert.equal(code(await define(ada, { key: 'order_number', label: 'Again', type: 'number' })), 'CUSTOM_FIELD_KEY_TAKEN')
      assert.equal((await define(olga, { key: 'order_number', label: 'Order', type: 'text' }, otherBrandId)).statusCode, 201)
    })

    test(`a key of lower-case letters, digits and _ up to ${L.customFieldKeyChars}; a label up to ${L.customFieldLabelChars}; four types`, async () => {
      assert.equal((await define(ada, { key: 'k'.repeat(L.customFieldKeyChars), label: 'é'.repeat(L.customFieldLabelChars), type: 'text' })).statusCode, 201)
      assert.equal(code(await define(ada, { key: 'k'.repeat(L.customFieldKeyChars + 1), label: 'Long key', type: 'text' })), 'VALIDATION_FAILED')
      assert.equal(code(await define(ada, { key: 'long_label', label: 'é'.repeat(L.customFieldLabelChars + 1), type: 'text' })), 'VALIDATION_FAILED')
      for (const bad of ['Order', 'order-number', 'ordre_n°', 'two words', '']) {
        assert.equal(code(await define(ada, { key: bad, label: 'Bad', type: 'text' })), 'VALIDATION_FAILED', bad)
      }
      assert.equal(code(await define(ada, { key: 'colour', label: 'Colour', type: 'colour' })), 'VALIDATION_FAILED')
      assert.equal(code(await define(ada, { key: 'blank', label: ' ', type: 'text' })), 'VALIDATION_FAILED')
    })

    test(`a brand keeps ${L.customFieldsPerBrand} fields; one more is COLLECTION_FULL`, async () => {
      const fresh = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'eastwind', displayName: 'Eastwind Bakery' } })).json().brand.id
      for (let i = 0; i < L.customFieldsPerBrand; i++) assert.equal((await define(ada, { key: `f${i}`, label: `Field ${i}`, type: 'text' }, fresh)).statusCode, 201)
      const full = await define(ada, { key: 'one_more', label: 'One more', type: 'text' }, fresh)
      assert.equal(code(full), 'COLLECTION_FULL')
      assert.equal((await s.call('GET', url(fresh), { token: ada.token })).json().customFields.length, L.customFieldsPerBrand)
    })
  })

  describe("a customer's values", () => {
    test('an agent sets them for the customer; the panel shows them to the team, viewers included', async () => {
      const res = await setValues(ben, chloeConversation, { order_number: '  A-1042 ', cups: '3', renewal: '2027-01-31', shop: 'https://shop.northwind.example/orders/1042' })
      assert.equal(res.statusCode, 200, res.body)
      const expected = { order_number: 'A-1042', cups: '3', renewal: '2027-01-31', shop: 'https://shop.northwind.example/orders/1042' }
      assert.deepEqual(res.json(), { fields: expected })
      assert.deepEqual(await fieldsOf(vic, chloeConversation), expected)
      assert.deepEqual(await fieldsOf(ada, visitorConversation), {}, "the visitor's are their own")
    })

    test('fields not named stay; null or an empty string clears one', async () => {
      await setValues(ben, chloeConversation, { order_number: 'A-1042', cups: '3' })
      const res = await setValues(ben, chloeConversation, { cups: null, renewal: '' })
      assert.deepEqual(Object.keys(res.json().fields as object).sort(), ['order_number', 'shop'])
    })

    test('a visitor has values of their own', async () => {
      assert.equal((await setValues(ada, visitorConversation, { order_number: 'V-7' })).statusCode, 200)
      assert.deepEqual(await fieldsOf(ben, visitorConversation), { order_number: 'V-7' })
      assert.equal((await fieldsOf(ben, chloeConversation)).order_number, 'A-1042')
    })

    test('each value fits its type, or nothing of the request is written', async () => {
      const before = await fieldsOf(ada, chloeConversation)
      for (const [key, bad] of [['cups', 'three'], ['cups', '3 cups'], ['renewal', '2027-02-30'], ['renewal', '31/01/2027'], ['shop', 'javascript:alert(1)'], ['shop', 'shop.example']] as const) {
        const res = await setValues(ben, chloeConversation, { order_number: 'CHANGED', [key]: bad })
        assert.equal(code(res), 'CUSTOM_FIELD_VALUE_INVALID', `${key}: ${bad}`)
        assert.deepEqual((res.json().error?.details?.fields as Array<{ key: string }>).map((f) => f.key), [key])
      }
      assert.equal(code(await setValues(ben, chloeConversation, { order_number: 'CHANGED', plan: 'Gold' })), 'CUSTOM_FIELD_NOT_FOUND')
      assert.deepEqual(await fieldsOf(ada, chloeConversation), before)
      for (const good of ['-12.5', '12,5', '+7']) assert.equal((await setValues(ben, chloeConversation, { cups: good })).statusCode, 200, good)
      assert.equal((await setValues(ben, chloeConversation, { renewal: '2028-02-29' })).statusCode, 200, 'a leap day')
    })

    test(`a value of ${L.customFieldValueChars} characters is kept, one more is refused`, async () => {
      const longest = '☕'.repeat(L.customFieldValueChars)
      assert.equal((await setValues(ben, chloeConversation, { order_number: longest })).statusCode, 200)
      assert.equal((await fieldsOf(ben, chloeConversation)).order_number, longest)
      assert.equal(code(await setValues(ben, chloeConversation, { order_number: `${longest}☕` })), 'VALIDATION_FAILED')
      assert.equal((await fieldsOf(ben, chloeConversation)).order_number, longest)
    })

    test(`a request names at most ${L.customFieldsPerBrand} fields, and only keys that could be`, async () => {
      const many = Object.fromEntries(Array.from({ length: L.customFieldsPerBrand + 1 }, (_, i) => [`f${i}`, 'x']))
      assert.equal(code(await setValues(ben, chloeConversation, many)), 'VALIDATION_FAILED')
      assert.equal(code(await setValues(ben, chloeConversation, { 'Order-Number': 'x' })), 'VALIDATION_FAILED')
    })

    test('a viewer reads them but cannot set them; another brand and the customer cannot reach them', async () => {
      assert.equal(code(await setValues(vic, chloeConversation, { order_number: 'V' })), 'FORBIDDEN')
      assert.equal(code(await setValues(olga, chloeConversation, { order_number: 'O' })), 'ACCOUNT_NOT_FOUND')
      assert.equal(code(await setValues(olga, chloeConversation, { tea: 'Oolong' }, otherBrandId)), 'CONVERSATION_NOT_FOUND')
      assert.equal(code(await setValues(chloe, chloeConversation, { order_number: 'mine' })), 'ACCOUNT_NOT_FOUND')
    })

    test('a group has no one customer to set them for', async () => {
      assert.equal(code(await setValues(ben, group, { order_number: 'G-1' })), 'NO_ONE_CUSTOMER')
      assert.deepEqual(await fieldsOf(ben, group), {})
    })

    test('deleting a field deletes every customer’s value of it', async () => {
      const made = (await define(ada, { key: 'loyalty', label: 'Loyalty card', type: 'text' })).json() as CustomField
      await setValues(ben, chloeConversation, { loyalty: 'L-9' })
      await setValues(ben, visitorConversation, { loyalty: 'L-10' })
      assert.equal(code(await s.call('DELETE', `${url()}/${made.id}`, { token: ben.token })), 'FORBIDDEN')
      assert.equal((await s.call('DELETE', `${url()}/${made.id}`, { token: ada.token })).statusCode, 204)
      assert.equal((await fieldsOf(ben, chloeConversation)).loyalty, undefined)
      assert.equal((await fieldsOf(ben, visitorConversation)).loyalty, undefined)
      assert.equal(code(await setValues(ben, chloeConversation, { loyalty: 'L-9' })), 'CUSTOM_FIELD_NOT_FOUND')
    })
  })
})
