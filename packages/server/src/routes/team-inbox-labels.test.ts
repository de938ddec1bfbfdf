import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits as L, type InboxCounts, type InboxItem, type InboxState, type Label, type Note } from '@parloir/protocol'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>
type Reply = Awaited<ReturnType<TestServer['call']>>
const code = (res: Reply) => (res.json() as { error?: { code: string } }).error?.code ?? String(res.statusCode)

/**
 * Labels of Northwind Coffee's team inbox: Ada (owner) keeps the set, Ben (agent) puts them on
 * conversations and filters by them, Vic (viewer) only reads; Olga runs another brand.
 */
describe('labels of the team inbox', () => {
  const clock = new TestClock(Date.UTC(2026, 10, 23, 9, 0, 0))
  let s: TestServer
  let ada: Person, ben: Person, vic: Person, olga: Person
  let brandId: string
  let otherBrandId: string

  before(async () => {
    s = await testServer({ rateLimits: { sendsPerSecond: 1000, sendsBurst: 1000 } as TestServer['config']['rateLimits'] }, { clock })
    ;[ada, ben, vic, olga] = [await s.person('ada'), await s.person('ben'), await s.person('vic'), await s.person('olga')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${vic.id}`, { token: ada.token, body: { role: 'viewer' } })
    otherBrandId = (await s.call('POST', '/api/v1/brands', { token: olga.token, body: { handle: 'southwind', displayName: 'Southwind Tea' } })).json().brand.id
  })
  after(() => s.stop())

  let customers = 0
  const conversationWithCustomer = async (text = 'Where is my order?') => {
    const person = await s.person(`customer${++customers}`)
    const id = (await s.call('POST', '/api/v1/conversations/direct', { token: person.token, body: { accountId: brandId } })).json().id as string
    assert.equal((await s.call('POST', `/api/v1/conversations/${id}/messages`, { token: person.token, body: { text } })).statusCode, 201)
    return id
  }
  const labelsUrl = (brand = brandId) => `/api/v1/brands/${brand}/labels`
  const create = (member: Person, body: object, brand = brandId) => s.call('POST', labelsUrl(brand), { token: member.token, body })
  const made = async (name: string, colour = 'blue') => {
    const res = await create(ada, { name, colour })
    assert.equal(res.statusCode, 201, res.body)
    return res.json() as Label
  }
  const list = async (member: Person, brand = brandId) => (await s.call('GET', labelsUrl(brand), { token: member.token })).json().labels as Label[]
  const put = (member: Person, conversationId: string, labelId: string, brand = brandId) =>
    s.call('PUT', `/api/v1/brands/${brand}/inbox/${conversationId}/labels/${labelId}`, { token: member.token })
  const take = (member: Person, conversationId: string, labelId: string) =>
    s.call('DELETE', `/api/v1/brands/${brandId}/inbox/${conversationId}/labels/${labelId}`, { token: member.token })
  const item = async (member: Person, conversationId: string) => (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${conversationId}`, { token: member.token })).json() as InboxItem
  const view = async (member: Person, query: string) => {
    const res = await s.call('GET', `/api/v1/brands/${brandId}/inbox?${query}`, { token: member.token })
    assert.equal(res.statusCode, 200, res.body)
    return res.json() as { items: InboxItem[]; counts: InboxCounts }
  }
  const timeline = async (conversationId: string) =>
    ((await s.call('GET', `/api/v1/brands/${brandId}/inbox/${conversationId}/notes`, { token: ben.token })).json() as { notes: Note[] }).notes
      .filter((n) => n.activity?.action.startsWith('label.'))

  describe("the brand's set", () => {
    test('owners make, rename and recolour labels; every member reads them, by name', async () => {
      const shipping = await made('Shipping', 'orange')
      const billing = await made('  billing  ', 'green')
      assert.equal(billing.name, 'billing', 'spaces around are dropped')
      const renamed = await s.call('PATCH', `${labelsUrl()}/${shipping.id}`, { token: ada.token, body: { name: 'Delivery', colour: 'purple' } })
      assert.equal(renamed.statusCode, 200, renamed.body)
      assert.deepEqual([renamed.json().name, renamed.json().colour], ['Delivery', 'purple'])
      for (const member of [ben, vic]) {
        const names = (await list(member)).map((l) => l.name)
        assert.ok(names.indexOf('billing') < names.indexOf('Delivery'), `${names.join(', ')}: by name, case aside`)
      }
    })

    test('agents and viewers may not change the set', async () => {
      const label = await made('Wholesale')
      assert.equal(code(await create(ben, { name: 'Mine', colour: 'red' })), 'FORBIDDEN')
      assert.equal(code(await s.call('PATCH', `${labelsUrl()}/${label.id}`, { token: ben.token, body: { colour: 'red' } })), 'FORBIDDEN')
      assert.equal(code(await s.call('DELETE', `${labelsUrl()}/${label.id}`, { token: vic.token })), 'FORBIDDEN')
      assert.equal(code(await s.call('GET', labelsUrl(), { token: olga.token })), 'ACCOUNT_NOT_FOUND', 'to anyone outside the team, the brand is not there')
    })

    test(`a name of ${L.labelNameChars} characters is kept, one more, a blank one or one the brand has (case and accents aside) is refused`, async () => {
      const longest = 'é'.repeat(L.labelNameChars)
      assert.equal((await create(ada, { name: longest, colour: 'grey' })).statusCode, 201)
      assert.equal(code(await create(ada, { name: `${longest}e`, colour: 'grey' })), 'VALIDATION_FAILED')
      assert.equal(code(await create(ada, { name: '   ', colour: 'grey' })), 'VALIDATION_FAILED')
      assert.equal(code(await create(ada, { name: '', colour: 'grey' })), 'VALIDATION_FAILED')
      assert.equal(code(await create(ada, { name: 'Fragile', colour: 'magenta' })), 'VALIDATION_FAILED', 'a colour outside the palette')
      const vip = await made('VIP')
      const taken = await create(ada, { name: 'vïp', colour: 'red' })
      assert.equal(code(taken), 'LABEL_NAME_TAKEN')
      assert.equal(taken.json().error.details.labelId, vip.id)
      const other = await made('Gift')
      assert.equal(code(await s.call('PATCH', `${labelsUrl()}/${other.id}`, { token: ada.token, body: { name: 'VIP ' } })), 'LABEL_NAME_TAKEN')
      assert.equal((await s.call('PATCH', `${labelsUrl()}/${vip.id}`, { token: ada.token, body: { name: 'Vip' } })).statusCode, 200, 'its own name, in another case')
      assert.equal(code(await s.call('PATCH', `${labelsUrl(otherBrandId)}/${vip.id}`, { token: olga.token, body: { colour: 'red' } })), 'LABEL_NOT_FOUND', "another brand's label is not there")
    })

    test(`a brand keeps ${L.labelsPerBrand} labels; one more is COLLECTION_FULL, and deleting one makes room`, async () => {
      for (let i = 0; i < L.labelsPerBrand; i++) assert.equal((await create(olga, { name: `Tea ${i}`, colour: 'teal' }, otherBrandId)).statusCode, 201)
      const full = await create(olga, { name: 'One more', colour: 'teal' }, otherBrandId)
      assert.equal(code(full), 'COLLECTION_FULL')
      assert.equal(full.json().error.details.limit, L.labelsPerBrand)
      const [first] = await list(olga, otherBrandId)
      assert.equal((await s.call('DELETE', `${labelsUrl(otherBrandId)}/${first?.id}`, { token: olga.token })).statusCode, 204)
      assert.equal((await create(olga, { name: 'One more', colour: 'teal' }, otherBrandId)).statusCode, 201)
      assert.equal((await list(olga, otherBrandId)).length, L.labelsPerBrand)
    })
  })

  describe('on conversations', () => {
    test('an agent puts a label on and takes it off; each change is a line of the timeline, doing it twice changes nothing', async () => {
      const conv = await conversationWithCustomer()
      const refund = await made('Refund', 'red')
      const on = await put(ben, conv, refund.id)
      assert.equal(on.statusCode, 200, on.body)
      assert.deepEqual((on.json() as InboxState).labelIds, [refund.id])
      assert.equal((await put(ben, conv, refund.id)).statusCode, 200)
      assert.deepEqual((await item(vic, conv)).state.labelIds, [refund.id], 'every member sees it')
      assert.deepEqual((await s.call('GET', `/api/v1/brands/${brandId}/inbox/${conv}/customer`, { token: vic.token })).json().labelIds, [refund.id], 'in the customer panel too')
      assert.deepEqual((await take(ben, conv, refund.id)).json().labelIds, [])
      assert.equal((await take(ben, conv, refund.id)).statusCode, 200)
      const lines = await timeline(conv)
      assert.deepEqual(lines.map((n) => [n.authorId, n.activity?.action, n.activity?.labelId, n.activity?.label]), [
        [ben.id, 'label.added', refund.id, 'Refund'],
        [ben.id, 'label.removed', refund.id, 'Refund'],
      ])
    })

    test('a viewer may not; a label or conversation of another brand is not found', async () => {
      const conv = await conversationWithCustomer()
      const label = await made('Allergy')
      assert.equal(code(await put(vic, conv, label.id)), 'FORBIDDEN')
      assert.equal(code(await take(vic, conv, label.id)), 'FORBIDDEN')
      const tea = (await create(olga, { name: 'Oolong', colour: 'green' }, otherBrandId)).json() as Label | { error: unknown }
      const teaId = 'id' in tea ? tea.id : (await list(olga, otherBrandId))[0]?.id ?? ''
      assert.equal(code(await put(ben, conv, teaId)), 'LABEL_NOT_FOUND')
      assert.equal(code(await put(olga, conv, teaId, otherBrandId)), 'CONVERSATION_NOT_FOUND')
      assert.equal(code(await put(ben, conv, '999999')), 'LABEL_NOT_FOUND')
      assert.deepEqual((await item(ben, conv)).state.labelIds, [])
    })

    test(`a conversation carries ${L.labelsPerConversation} labels; one more is COLLECTION_FULL and nothing is written`, async () => {
      const conv = await conversationWithCustomer()
      const labels: Label[] = []
      for (let i = 0; i < L.labelsPerConversation + 1; i++) labels.push(await made(`Batch ${i}`, 'yellow'))
      for (const label of labels.slice(0, L.labelsPerConversation)) assert.equal((await put(ben, conv, label.id)).statusCode, 200)
      const full = await put(ben, conv, labels[L.labelsPerConversation]?.id ?? '')
      assert.equal(code(full), 'COLLECTION_FULL')
      assert.equal(full.json().error.details.limit, L.labelsPerConversation)
      assert.deepEqual((await item(ben, conv)).state.labelIds, labels.slice(0, L.labelsPerConversation).map((l) => l.id))
      assert.equal((await timeline(conv)).length, L.labelsPerConversation)
      assert.equal((await put(ben, conv, labels[0]?.id ?? '')).statusCode, 200, 'one it carries already is no more')
    })

    test('the inbox filters by label with exact counts, and search does too', async () => {
      const urgent = await made('Urgent', 'red')
      const [a, b, c] = [await conversationWithCustomer('grinder broken'), await conversationWithCustomer('grinder late'), await conversationWithCustomer('grinder fine')]
      for (const conv of [a, b]) await put(ben, conv, urgent.id)
      await s.call('POST', `/api/v1/brands/${brandId}/inbox/${b}/status`, { token: ben.token, body: { status: 'resolved' } })
      await s.call('POST', `/api/v1/brands/${brandId}/inbox/${a}/assignee`, { token: ben.token, body: { assigneeId: ben.id } })
      const open = await view(ben, `view=open&label=${urgent.id}`)
      assert.deepEqual(open.items.map((i) => i.state.conversationId), [a])
      assert.deepEqual(open.counts, { unassigned: 0, mine: 1, open: 1, pending: 0, snoozed: 0, resolved: 1 })
      assert.deepEqual((await view(ben, `view=resolved&label=${urgent.id}`)).items.map((i) => i.state.conversationId), [b])
      assert.ok((await view(ben, 'view=open')).items.some((i) => i.state.conversationId === c), 'without the filter, the others are there')
      const hits = (await s.call('GET', `/api/v1/brands/${brandId}/inbox/search?q=grinder&label=${urgent.id}`, { token: ben.token })).json().hits as Array<{ conversationId: string }>
      assert.deepEqual(hits.map((h) => h.conversationId).sort(), [a, b].sort())
      assert.deepEqual((await view(ben, 'view=open&label=999999')).counts, { unassigned: 0, mine: 0, open: 0, pending: 0, snoozed: 0, resolved: 0 }, 'a label that is not there filters out everything')
      assert.equal(code(await s.call('GET', `/api/v1/brands/${brandId}/inbox?label=urgent`, { token: ben.token })), 'VALIDATION_FAILED', 'a label is named by its id')
    })

    test('a deleted label comes off every conversation that carried it, and the team hears of each', async () => {
      const fragile = await made('Fragile', 'orange')
      const [a, b] = [await conversationWithCustomer(), await conversationWithCustomer()]
      const keep = await made('Keep', 'grey')
      for (const conv of [a, b]) await put(ben, conv, fragile.id)
      await put(ben, a, keep.id)
      const cursor = await s.deps.storage.reads.events.latestCursor()
      assert.equal((await s.call('DELETE', `${labelsUrl()}/${fragile.id}`, { token: ada.token })).statusCode, 204)
      assert.deepEqual((await item(ben, a)).state.labelIds, [keep.id])
      assert.deepEqual((await item(ben, b)).state.labelIds, [])
      assert.deepEqual((await view(ben, `view=open&label=${fragile.id}`)).counts.open, 0)
      assert.ok(!(await list(ben)).some((l) => l.id === fragile.id))
      const heard = (await s.deps.storage.reads.events.after(cursor, [brandId], 100)).filter((e) => e.name === 'inbox.updated')
      assert.deepEqual(heard.map((e) => (e.data as { state: InboxState }).state.conversationId).sort(), [a, b].sort())
      assert.equal(code(await put(ben, a, fragile.id)), 'LABEL_NOT_FOUND')
      assert.equal(code(await s.call('DELETE', `${labelsUrl()}/${fragile.id}`, { token: ada.token })), 'LABEL_NOT_FOUND')
    })
  })
})
