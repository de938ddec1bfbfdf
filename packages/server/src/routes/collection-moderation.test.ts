import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { moderationLimits, type AuditEntry, type CollectionItem, type InboxItem, type Note, type StreamEvent } from '@parloir/protocol'
import { liveServer, record, until, type LiveServer, type Person } from '@parloir/testing/stream-fixtures'
import { testTwitterAuthenticate } from '@parloir/testing/twitter-caller'

type Reply = Awaited<ReturnType<LiveServer['server']['call']>>
const code = (res: Reply) => (res.statusCode < 300 ? 'ok' : (res.json() as { error?: { code: string } }).error?.code ?? String(res.statusCode))

/**
 * Moderation of collections, with tact: Northwind Coffee (Ada, owner; Ben, agent; Vic, viewer)
 * curates a collection its customers add to; it hides a contribution with a reason; its author
 * asks for a review once per hide, and the ask reaches the team as a case, never the customer as
 * anything of the team's. Dan only reads. And a person's own collection, which has no team.
 */
describe('a hidden collection item: its author asks for a review', () => {
  let live: LiveServer
  let ada: Person, ben: Person, vic: Person, dan: Person
  let brandId: string
  const actAs = () => ({ 'parloir-act-as': brandId })
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: Person, body?: unknown, headers?: Record<string, string>) =>
    live.server.call(method, url, { token: who.token, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) })

  before(async () => {
    live = await liveServer({}, { twitterAuthenticate: testTwitterAuthenticate })
    ;[ada, ben, vic, dan] = [await live.person('ada'), await live.person('ben'), await live.person('vic'), await live.person('dan')]
    brandId = (await call('POST', '/api/v1/brands', ada, { handle: 'northwind', displayName: 'Northwind Coffee' })).json().brand.id
    await call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, ada, { role: 'agent' })
    await call('PUT', `/api/v1/brands/${brandId}/members/${vic.id}`, ada, { role: 'viewer' })
  })
  after(async () => { await live.stop() })

  let n = 0
  /** The brand's open collection, and a fresh customer's contribution to it. */
  const contribution = async (text = 'My cup, with the shop\'s phone number on it') => {
    const chloe = await live.person(`chloe${++n}`)
    const created = await call('POST', '/api/v1/collections', ada, { title: `Your cups ${n}`, contributionMode: 'open' }, actAs())
    assert.equal(created.statusCode, 201, created.body)
    const collectionId = created.json().id as string
    const added = await call('POST', `/api/v1/collections/${collectionId}/items`, chloe, { kind: 'text', text })
    assert.equal(added.statusCode, 201, added.body)
    const itemId = added.json().id as string
    const base = `/api/v1/collections/${collectionId}/items/${itemId}`
    return {
      chloe, collectionId, itemId,
      hide: (reason = 'A phone number in clear.') => call('PUT', `${base}/moderation`, ada, { reason }, actAs()),
      unhide: (reason = 'It is the shop\'s number.') => call('DELETE', `${base}/moderation`, ada, { reason }, actAs()),
      ask: (who: Person, body: object = {}, headers?: Record<string, string>) => call('POST', `${base}/review`, who, body, headers),
      /** The item as this reader gets it from the API (a brand's member, acting as the brand, with `headers`). */
      itemFor: async (who: Person, headers?: Record<string, string>) =>
        ((await call('GET', `/api/v1/collections/${collectionId}`, who, undefined, headers)).json().items as CollectionItem[]).find((i) => i.id === itemId),
    }
  }
  const caseOf = async (person: Person) => (await call('POST', '/api/v1/conversations/direct', person, { accountId: brandId })).json().id as string
  const notes = async (conversationId: string) => (await call('GET', `/api/v1/brands/${brandId}/inbox/${conversationId}/notes`, vic)).json().notes as Note[]
  const audit = async (personId: string) => {
    const res = await call('GET', `/api/v1/brands/${brandId}/moderation/audit?personId=${personId}`, vic)
    assert.equal(res.statusCode, 200, res.body)
    return (res.json() as { entries: AuditEntry[] }).entries
  }

  test('once per hide, by its author only, of a hidden item only; what they add has a limit', async () => {
    const c = await contribution()
    assert.equal(code(await c.ask(c.chloe)), 'POST_NOT_HIDDEN', 'nothing to review yet')
    assert.equal((await c.hide()).statusCode, 200)
    assert.equal(code(await c.ask(dan)), 'NOT_POST_AUTHOR')
    assert.equal((await c.ask(dan)).statusCode, 403)
    assert.equal(code(await c.ask(ben, {}, actAs())), 'NOT_POST_AUTHOR', 'the curator is not its author')
    const tooLong = await c.ask(c.chloe, { text: 'é'.repeat(moderationLimits.reviewChars + 1) })
    assert.deepEqual([tooLong.statusCode, code(tooLong)], [400, 'VALIDATION_FAILED'])
    assert.equal((await c.itemFor(c.chloe))?.reviewRequestedAt, null, 'refused: nothing asked')
    const asked = await c.ask(c.chloe, { text: 'é'.repeat(moderationLimits.reviewChars) })
    assert.equal(asked.statusCode, 204, asked.body)
    const twice = await c.ask(c.chloe, { text: 'Please?' })
    assert.deepEqual([twice.statusCode, code(twice)], [409, 'REVIEW_ALREADY_REQUESTED'])

    assert.ok((await c.itemFor(c.chloe))?.reviewRequestedAt, 'its author sees they asked')
    assert.ok((await c.itemFor(vic, actAs()))?.reviewRequestedAt, 'the curator sees the ask')
    const forDan = await c.itemFor(dan)
    assert.deepEqual([forDan?.text, forDan?.hiddenReason, 'reviewRequestedAt' in (forDan ?? {})], [null, 'A phone number in clear.', false], 'a reader: the reason, nothing else')
    assert.equal('reviewRequestedAt' in ((await c.itemFor(vic)) ?? {}), false, 'a member as themself is a reader')

    assert.equal((await c.unhide()).statusCode, 200)
    assert.equal((await c.itemFor(c.chloe))?.reviewRequestedAt, null, 'shown again: the ask is cleared')
    assert.equal(code(await c.ask(c.chloe)), 'POST_NOT_HIDDEN')
    assert.equal((await c.hide('Still a phone number.')).statusCode, 200)
    assert.equal((await c.ask(c.chloe)).statusCode, 204, 'a new hide, a new ask')
  })

  test("for a brand: audited, and the author's case opens in the team inbox with a private line that links the collection; the customer never reads it", async () => {
    const said = 'It is the number of the shop itself, printed on every cup 4c1e'
    const c = await contribution()
    const conversationId = await caseOf(c.chloe)
    assert.equal((await call('POST', `/api/v1/conversations/${conversationId}/messages`, c.chloe, { text: 'Hello!' })).statusCode, 201)
    assert.equal((await call('POST', `/api/v1/brands/${brandId}/inbox/${conversationId}/status`, ada, { status: 'resolved' })).statusCode, 200)
    const chloeEvents: StreamEvent[] = record(await live.stream(c.chloe.client))
    await c.hide()
    assert.equal((await c.ask(c.chloe, { text: `  ${said}  ` })).statusCode, 204)

    const entries = await audit(c.chloe.id)
    assert.deepEqual(entries.map((e) => [e.action, e.actorId, e.subjectId, e.personId]), [
      ['collectionItem.review.requested', null, c.itemId, c.chloe.id], ['collectionItem.hidden', ada.id, c.itemId, c.chloe.id],
    ])
    assert.equal(entries[0]?.reason, said)
    const item = (await call('GET', `/api/v1/brands/${brandId}/inbox/${conversationId}`, vic)).json() as InboxItem
    assert.equal(item.state.status, 'open', 'the case is open again')
    const line = (await notes(conversationId)).find((x) => x.activity?.action === 'review.requested')
    assert.deepEqual([line?.authorId, line?.activity?.collectionId, line?.activity?.itemId, line?.activity?.moderationReason], [null, c.collectionId, c.itemId, said])

    // Everything the customer can reach: the app's API and stream, the collection, the audit log, the Twitter-compatible API.
    const leaks = (text: string) => text.includes('4c1e') || (line !== undefined && text.includes(line.id))
    const messages = await call('GET', `/api/v1/conversations/${conversationId}/messages`, c.chloe)
    assert.ok(messages.body.includes('Hello!') && !leaks(messages.body), 'her conversation: her message, not the line')
    for (const url of ['/api/v1/conversations', `/api/v1/conversations/${conversationId}`, `/api/v1/collections/${c.collectionId}`]) {
      const res = await call('GET', url, c.chloe)
      assert.ok(res.statusCode === 200 && !leaks(res.body), url)
    }
    assert.equal((await call('GET', `/api/v1/brands/${brandId}/moderation/audit`, c.chloe)).statusCode, 404)
    assert.equal((await call('GET', `/api/v1/brands/${brandId}/inbox/${conversationId}/notes`, c.chloe)).statusCode, 404)
    for (const url of ['/1.1/direct_messages/events/list.json', '/2/dm_events']) {
      const res = await live.server.app.inject({ method: 'GET', url, headers: { 'x-test-account': c.chloe.id } })
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`)
      assert.ok(res.body.includes('Hello!') && !leaks(res.body), url)
    }
    const page = await live.server.app.inject({ method: 'GET', url: `/collections/${c.collectionId}` })
    assert.ok(page.body.includes('A phone number in clear.') && !page.body.includes('phone number on it') && !leaks(page.body), 'the public page: the reason only')
    await until(() => chloeEvents.some((e) => e.name === 'collectionItem.updated' && e.data.item.reviewRequestedAt), 'her stream hears her ask')
    assert.deepEqual(chloeEvents.filter((e) => e.name === 'note.created' || e.name.startsWith('inbox.')), [])
    assert.ok(!leaks(JSON.stringify(chloeEvents)))
    // What the team reads holds both: the checks above could fail.
    assert.ok(JSON.stringify(await notes(conversationId)).includes('4c1e') && JSON.stringify(entries).includes('4c1e'))
  })

  test("hiding, the ask and showing again reach the author and the curator's team live, each time as they read the item", async () => {
    const c = await contribution('Our picnic, with my address in the corner')
    const [chloeEvents, benEvents, danEvents] = [record(await live.stream(c.chloe.client)), record(await live.stream(ben.client)), record(await live.stream(dan.client))]
    const updates = (events: StreamEvent[]) => events.flatMap((e) => (e.name === 'collectionItem.updated' && e.data.item.id === c.itemId ? [e.data.item] : []))
    await c.hide('An address.')
    await until(() => updates(chloeEvents).length === 1 && updates(benEvents).length === 1, 'both hear of the hide')
    for (const events of [chloeEvents, benEvents]) {
      const [hidden] = updates(events)
      assert.deepEqual([hidden?.text, hidden?.hiddenReason, hidden?.reviewRequestedAt], ['Our picnic, with my address in the corner', 'An address.', null])
    }
    await c.chloe.client.requestCollectionItemReview(c.collectionId, c.itemId, 'It is a shop address.')
    await until(() => updates(chloeEvents).length === 2 && updates(benEvents).length === 2, 'both hear of the ask')
    assert.ok(updates(benEvents)[1]?.reviewRequestedAt, 'the team sees the ask')
    await c.unhide('Fine, a shop.')
    await until(() => updates(chloeEvents).length === 3 && updates(benEvents).length === 3, 'both hear it is shown again')
    assert.deepEqual([updates(chloeEvents)[2]?.hiddenAt, updates(chloeEvents)[2]?.reviewRequestedAt], [null, null])
    assert.deepEqual(updates(danEvents), [], 'a reader is not told')
  })

  test("a person's collection: no team, no log; its curator sees the ask on the item", async () => {
    const eve = await live.person('eve')
    const created = await call('POST', '/api/v1/collections', eve, { title: 'Book covers', contributionMode: 'open' })
    const collectionId = created.json().id as string
    const itemId = (await call('POST', `/api/v1/collections/${collectionId}/items`, dan, { kind: 'text', text: 'Spoiler: the butler' })).json().id as string
    const base = `/api/v1/collections/${collectionId}/items/${itemId}`
    assert.equal((await call('PUT', `${base}/moderation`, eve, { reason: 'Spoilers' })).statusCode, 200)
    assert.equal((await call('POST', `${base}/review`, dan, {})).statusCode, 204)
    const view = (await call('GET', `/api/v1/collections/${collectionId}`, eve)).json() as { items: CollectionItem[] }
    assert.ok(view.items.find((i) => i.id === itemId)?.reviewRequestedAt)
  })
})
