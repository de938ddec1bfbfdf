import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits as L } from '@parloir/protocol'
import { testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>
type Res = { statusCode: number; json(): { error?: { code: string; details?: { fields?: Array<{ path: string }> } } } }
const code = (res: Res) => res.json().error?.code ?? 'ok'
const reply = (scope: 'team' | 'personal', shortcut: string, extra: Record<string, unknown> = {}) =>
  ({ scope, shortcut, title: `About ${shortcut}`, text: `Hello {{customer.name}}, about ${shortcut}.`, ...extra })
type Listed = { id: string; scope: string; shortcut: string; title: string }

describe('saved replies', () => {
  let s: TestServer
  let ada: Person, ben: Person, tia: Person, vera: Person, chloe: Person
  let brandId: string
  const url = (id = brandId) => `/api/v1/brands/${id}/saved-replies`
  const list = async (who: Person, query = '') => (await s.call('GET', `${url()}${query}`, { token: who.token })).json() as unknown as { savedReplies: Listed[] }
  const create = (who: Person, body: unknown, id = brandId) => s.call('POST', url(id), { token: who.token, body })

  before(async () => {
    // Hundreds of requests from one address: more than the default per-address rate allows.
    s = await testServer({ rateLimits: { perAddress: { max: 100_000, windowMs: 60_000 } } as never })
    ;[ada, ben, tia, vera, chloe] = [await s.person('ada'), await s.person('ben'), await s.person('tia'), await s.person('vera'), await s.person('chloe')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    for (const [member, role] of [[ben, 'agent'], [tia, 'agent'], [vera, 'viewer']] as const) {
      await s.call('PUT', `/api/v1/brands/${brandId}/members/${member.id}`, { token: ada.token, body: { role } })
    }
  })
  after(() => s.stop())

  describe('who sees and changes which', () => {
    let team: string, bens: string
    before(async () => {
      team = (await create(ada, reply('team', 'hours'))).json().id
      bens = (await create(ben, reply('personal', 'sorry'))).json().id
    })

    test('the whole team sees the team replies; a personal one only its member, not even the owner', async () => {
      assert.deepEqual((await list(ben)).savedReplies.map((r) => [r.shortcut, r.scope]), [['hours', 'team'], ['sorry', 'personal']])
      assert.deepEqual((await list(ada)).savedReplies.map((r) => r.id), [team])
      assert.deepEqual((await list(tia)).savedReplies.map((r) => r.id), [team])
      assert.deepEqual((await list(vera)).savedReplies.map((r) => r.id), [team], 'a viewer reads the team replies')
    })

    test('another member’s own reply answers as missing, to change or delete', async () => {
      assert.equal(code(await s.call('PATCH', `${url()}/${bens}`, { token: ada.token, body: { title: 'Mine now' } })), 'SAVED_REPLY_NOT_FOUND')
      assert.equal(code(await s.call('DELETE', `${url()}/${bens}`, { token: tia.token })), 'SAVED_REPLY_NOT_FOUND')
      assert.equal((await s.call('PATCH', `${url()}/${bens}`, { token: ben.token, body: { title: 'Apology', text: 'Sorry, {{customer.name}}!' } })).json().title, 'Apology')
    })

    test('an agent keeps their own but cannot create, change or delete the team’s', async () => {
      assert.equal(code(await create(ben, reply('team', 'refund'))), 'FORBIDDEN')
      assert.equal(code(await s.call('PATCH', `${url()}/${team}`, { token: ben.token, body: { text: 'Open 24/7' } })), 'FORBIDDEN')
      assert.equal(code(await s.call('DELETE', `${url()}/${team}`, { token: ben.token })), 'FORBIDDEN')
      const own = (await create(tia, reply('personal', 'bye'))).json().id
      assert.equal((await s.call('DELETE', `${url()}/${own}`, { token: tia.token })).statusCode, 204)
    })

    test('a viewer keeps none; a stranger finds no brand; a reply of another brand is not found', async () => {
      assert.equal(code(await create(vera, reply('personal', 'hi'))), 'FORBIDDEN')
      assert.equal(code(await s.call('PATCH', `${url()}/${team}`, { token: vera.token, body: { title: 'x' } })), 'FORBIDDEN')
      assert.equal(code(await s.call('GET', url(), { token: chloe.token })), 'ACCOUNT_NOT_FOUND')
      const otherBrand = (await s.call('POST', '/api/v1/brands', { token: chloe.token, body: { handle: 'southwind', displayName: 'Southwind Tea' } })).json().brand.id
      const foreign = (await create(chloe, reply('team', 'tea'), otherBrand)).json().id
      assert.equal(code(await s.call('PATCH', `${url()}/${foreign}`, { token: ada.token, body: { title: 'x' } })), 'SAVED_REPLY_NOT_FOUND')
      assert.equal(code(await s.call('DELETE', `${url()}/${foreign}`, { token: ada.token })), 'SAVED_REPLY_NOT_FOUND')
    })

    test('an owner changes and deletes a team reply; its scope cannot change', async () => {
      const changed = await s.call('PATCH', `${url()}/${team}`, { token: ada.token, body: { shortcut: 'opening', title: 'Opening hours' } })
      assert.equal(changed.statusCode, 200)
      assert.deepEqual([changed.json().shortcut, changed.json().title, changed.json().scope], ['opening', 'Opening hours', 'team'])
      assert.equal(code(await s.call('PATCH', `${url()}/${team}`, { token: ada.token, body: { scope: 'personal' } })), 'VALIDATION_FAILED')
      assert.equal((await s.call('DELETE', `${url()}/${team}`, { token: ada.token })).statusCode, 204)
      assert.equal(code(await s.call('DELETE', `${url()}/${team}`, { token: ada.token })), 'SAVED_REPLY_NOT_FOUND')
    })
  })

  describe('shortcuts', () => {
    test('a shortcut is taken within its scope only: the team’s, or each member’s own', async () => {
      assert.equal((await create(ada, reply('team', 'refund'))).statusCode, 201)
      assert.equal(code(await create(ada, reply('team', 'refund'))), 'SAVED_REPLY_SHORTCUT_TAKEN')
      assert.equal((await create(ben, reply('personal', 'refund'))).statusCode, 201, 'a member may shadow a team shortcut')
      assert.equal((await create(tia, reply('personal', 'refund'))).statusCode, 201)
      assert.equal(code(await create(ben, reply('personal', 'refund'))), 'SAVED_REPLY_SHORTCUT_TAKEN')
    })

    test('renaming onto a taken shortcut is refused; keeping one’s own is not', async () => {
      const other = (await create(ada, reply('team', 'delay'))).json().id
      assert.equal(code(await s.call('PATCH', `${url()}/${other}`, { token: ada.token, body: { shortcut: 'refund' } })), 'SAVED_REPLY_SHORTCUT_TAKEN')
      assert.equal((await s.call('PATCH', `${url()}/${other}`, { token: ada.token, body: { shortcut: 'delay', title: 'Delays' } })).statusCode, 200)
    })

    test(`lower-case letters, digits, _ and - only, up to ${L.savedReplyShortcutChars}`, async () => {
      assert.equal((await create(ada, reply('team', 'a'.repeat(L.savedReplyShortcutChars)))).statusCode, 201)
      assert.equal(code(await create(ada, reply('team', 'b'.repeat(L.savedReplyShortcutChars + 1)))), 'VALIDATION_FAILED')
      assert.equal((await create(ada, reply('team', 'order_status-2'))).statusCode, 201)
      for (const bad of ['Refund', 'ré', 'two words', '/slash', '']) assert.equal(code(await create(ada, reply('team', bad))), 'VALIDATION_FAILED', bad)
    })
  })

  describe('title and text', () => {
    test(`a title of ${L.savedReplyTitleChars} characters is kept, one more is refused, a blank one too`, async () => {
      assert.equal((await create(ada, reply('team', 'title-max', { title: 'é'.repeat(L.savedReplyTitleChars) }))).statusCode, 201)
      const long = await create(ada, reply('team', 'title-over', { title: 'é'.repeat(L.savedReplyTitleChars + 1) }))
      assert.equal(code(long), 'VALIDATION_FAILED')
      const blank = await create(ada, reply('team', 'title-blank', { title: '   ' }))
      assert.equal(blank.json().error?.details?.fields?.[0]?.path, '/title')
    })

    test(`a text of ${L.messageTextChars} characters (the message limit) is kept, one more is refused, a blank one too`, async () => {
      assert.equal((await create(ada, reply('team', 'text-max', { text: 'x'.repeat(L.messageTextChars) }))).statusCode, 201)
      assert.equal(code(await create(ada, reply('team', 'text-over', { text: 'x'.repeat(L.messageTextChars + 1) }))), 'VALIDATION_FAILED')
      assert.equal(code(await create(ada, reply('team', 'text-blank', { text: '\n ' }))), 'VALIDATION_FAILED')
      const made = (await create(ada, reply('team', 'text-patch'))).json().id
      assert.equal(code(await s.call('PATCH', `${url()}/${made}`, { token: ada.token, body: { text: ' ' } })), 'VALIDATION_FAILED')
    })

    test('the text is kept as written: placeholders are filled when inserted, not when saved', async () => {
      const made = (await create(ada, reply('team', 'greet', { text: 'Hi {{customer.name}}, {{agent.name}} from {{brand.name}}: {{custom.order}}' }))).json()
      assert.equal(made.text, 'Hi {{customer.name}}, {{agent.name}} from {{brand.name}}: {{custom.order}}')
    })
  })

  describe('searching', () => {
    test('?q= keeps those whose shortcut or title starts with it, ignoring case and accents, by shortcut', async () => {
      await create(ada, reply('team', 'livraison', { title: 'Délai de livraison' }))
      await create(ben, reply('personal', 'delai-perso', { title: 'Mon délai' }))
      assert.deepEqual((await list(ben, '?q=DEL')).savedReplies.map((r) => r.shortcut), ['delai-perso', 'delay', 'livraison'])
      assert.deepEqual((await list(ada, '?q=liv')).savedReplies.map((r) => r.shortcut), ['livraison'])
      assert.deepEqual((await list(ada, '?q=raison')).savedReplies, [])
    })

    test(`a query of ${L.savedReplyTitleChars} characters is read, one more is refused`, async () => {
      assert.equal((await s.call('GET', `${url()}?q=${'a'.repeat(L.savedReplyTitleChars)}`, { token: ada.token })).statusCode, 200)
      assert.equal(code(await s.call('GET', `${url()}?q=${'a'.repeat(L.savedReplyTitleChars + 1)}`, { token: ada.token })), 'VALIDATION_FAILED')
    })
  })

  describe('limits', () => {
    test(`a brand keeps ${L.teamSavedRepliesPerBrand} team replies and each member ${L.personalSavedRepliesPerMember} of their own; one more is COLLECTION_FULL`, async () => {
      const fresh = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'eastwind', displayName: 'Eastwind Bakery' } })).json().brand.id
      await s.call('PUT', `/api/v1/brands/${fresh}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })
      await s.call('PUT', `/api/v1/brands/${fresh}/members/${tia.id}`, { token: ada.token, body: { role: 'agent' } })
      for (let i = 0; i < L.teamSavedRepliesPerBrand; i++) assert.equal((await create(ada, reply('team', `t${i}`), fresh)).statusCode, 201)
      const full = await create(ada, reply('team', 'one-more'), fresh)
      assert.equal(code(full), 'COLLECTION_FULL')
      for (let i = 0; i < L.personalSavedRepliesPerMember; i++) assert.equal((await create(ben, reply('personal', `p${i}`), fresh)).statusCode, 201)
      assert.equal(code(await create(ben, reply('personal', 'one-more'), fresh)), 'COLLECTION_FULL')
      assert.equal((await create(tia, reply('personal', 'one-more'), fresh)).statusCode, 201, 'each member has their own allowance')
      const all = (await s.call('GET', `/api/v1/brands/${fresh}/saved-replies`, { token: ben.token })).json().savedReplies
      assert.equal(all.length, L.teamSavedRepliesPerBrand + L.personalSavedRepliesPerMember)
    })
  })
})
