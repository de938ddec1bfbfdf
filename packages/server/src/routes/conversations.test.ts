import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>

describe('1:1 conversations', () => {
  let s: TestServer
  let ada: Person, ben: Person, chloe: Person
  before(async () => {
    s = await testServer()
    ;[ada, ben, chloe] = [await s.person('ada'), await s.person('ben'), await s.person('chloe')]
  })
  after(() => s.stop())

  test('there is exactly one per pair, even when both open it at once', async () => {
    const opened = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      s.call('POST', '/api/v1/conversations/direct', i % 2 ? { token: ada.token, body: { accountId: ben.id } } : { token: ben.token, body: { accountId: ada.id } })))
    const ids = new Set(opened.map((r) => { assert.equal(r.statusCode, 200); return r.json().id }))
    assert.equal(ids.size, 1)
  })

  test('one cannot open a conversation with oneself or with nobody', async () => {
    assert.equal((await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: ada.id } })).json().error.code, 'CANNOT_MESSAGE_SELF')
    assert.equal((await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: '1234567890123456789' } })).statusCode, 404)
  })

  test("a stranger's first message lands in Requests; accepting moves it to the inbox", async () => {
    const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: ada.id } })).json()
    assert.equal((await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: chloe.token, body: { text: 'Hi Ada' } })).statusCode, 201)
    const requests = (await s.call('GET', '/api/v1/conversations?box=requests', { token: ada.token })).json().conversations
    assert.deepEqual(requests.map((c: { id: string }) => c.id), [conv.id])
    assert.equal(requests[0].viewer.unreadCount, 1)
    assert.equal(requests[0].lastMessage.text, 'Hi Ada')
    const inboxBefore = (await s.call('GET', '/api/v1/conversations', { token: ada.token })).json().conversations
    assert.ok(!inboxBefore.some((c: { id: string }) => c.id === conv.id))
    const accepted = await s.call('POST', `/api/v1/conversations/${conv.id}/accept`, { token: ada.token })
    assert.equal(accepted.json().viewer.status, 'accepted')
    const inbox = (await s.call('GET', '/api/v1/conversations', { token: ada.token })).json().conversations
    assert.ok(inbox.some((c: { id: string }) => c.id === conv.id))
  })

  test('deleting a request hides its messages; a later message brings a new request with only that message', async () => {
    const dan = await s.person('dan')
    const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: dan.token, body: { accountId: ben.id } })).json()
    await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: dan.token, body: { text: 'first' } })
    assert.equal((await s.call('POST', `/api/v1/conversations/${conv.id}/decline`, { token: ben.token })).statusCode, 204)
    assert.equal((await s.call('GET', '/api/v1/conversations?box=requests', { token: ben.token })).json().conversations.length, 0)
    assert.equal((await s.call('GET', `/api/v1/conversations/${conv.id}/messages`, { token: ben.token })).statusCode, 404)
    await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: dan.token, body: { text: 'second' } })
    const messages = (await s.call('GET', `/api/v1/conversations/${conv.id}/messages`, { token: ben.token })).json().messages
    assert.deepEqual(messages.map((m: { text: string }) => m.text), ['second'])
  })

  test('replying to a request accepts it', async () => {
    const eve = await s.person('eve')
    const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: eve.token, body: { accountId: chloe.id } })).json()
    await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: eve.token, body: { text: 'hello' } })
    await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: chloe.token, body: { text: 'hi!' } })
    assert.equal((await s.call('GET', `/api/v1/conversations/${conv.id}`, { token: chloe.token })).json().viewer.status, 'accepted')
  })

  test('someone who receives messages from anyone gets them in the inbox', async () => {
    const fay = await s.person('fay')
    await s.call('PATCH', '/api/v1/me/settings', { token: fay.token, body: { receiveMessagesFromAnyone: true } })
    const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: fay.id } })).json()
    await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: chloe.token, body: { text: 'hey' } })
    assert.equal((await s.call('GET', `/api/v1/conversations/${conv.id}`, { token: fay.token })).json().viewer.status, 'accepted')
  })

  test('a block stops messages both ways until it is lifted', async () => {
    const gus = await s.person('gus'); const hal = await s.person('hal')
    const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: gus.token, body: { accountId: hal.id } })).json()
    assert.equal((await s.call('POST', `/api/v1/accounts/${gus.id}/block`, { token: hal.token })).statusCode, 204)
    const refused = await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: gus.token, body: { text: 'hello?' } })
    assert.equal(refused.statusCode, 403)
    assert.equal(refused.json().error.code, 'RECIPIENT_UNAVAILABLE')
    assert.equal((await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: hal.token, body: { text: 'x' } })).statusCode, 403)
    assert.deepEqual((await s.call('GET', '/api/v1/blocks', { token: hal.token })).json().accounts.map((a: { id: string }) => a.id), [gus.id])
    await s.call('DELETE', `/api/v1/accounts/${gus.id}/block`, { token: hal.token })
    assert.equal((await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: gus.token, body: { text: 'hello' } })).statusCode, 201)
  })

  test('reporting with block files a report and blocks', async () => {
    const ivy = await s.person('ivy'); const jon = await s.person('jon')
    const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: jon.token, body: { accountId: ivy.id } })).json()
    const msg = (await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: jon.token, body: { text: 'spam' } })).json()
    const res = await s.call('POST', `/api/v1/accounts/${jon.id}/report`, { token: ivy.token, body: { reason: 'spam', conversationId: conv.id, messageId: msg.id, block: true } })
    assert.equal(res.statusCode, 204)
    assert.equal((await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: jon.token, body: { text: 'more spam' } })).statusCode, 403)
  })

  test('a conversation tells how far the others read, only when both share read receipts', async () => {
    const fay = await s.person('seen_fay')
    const gus = await s.person('seen_gus')
    const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: fay.token, body: { accountId: gus.id } })).json()
    await s.call('POST', `/api/v1/conversations/${conv.id}/accept`, { token: gus.token })
    const sent = (await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: fay.token, body: { text: 'seen?' } })).json()
    const marksFor = async (token: string) => (await s.call('GET', `/api/v1/conversations/${conv.id}`, { token })).json().readMarks
    assert.deepEqual(await marksFor(fay.token), [], 'no mark before a read')
    await s.call('POST', `/api/v1/conversations/${conv.id}/read`, { token: gus.token, body: { seq: sent.seq } })
    assert.deepEqual(await marksFor(fay.token), [{ accountId: gus.id, seq: sent.seq }])
    const listed = (await s.call('GET', '/api/v1/conversations', { token: fay.token })).json().conversations.find((c: { id: string }) => c.id === conv.id)
    assert.deepEqual(listed.readMarks, [{ accountId: gus.id, seq: sent.seq }])
    assert.deepEqual(await marksFor(gus.token), [], "one's own read is in viewer, not readMarks")
    await s.call('PATCH', '/api/v1/me/settings', { token: fay.token, body: { sendReadReceipts: false } })
    assert.deepEqual(await marksFor(fay.token), [], 'who shares none sees none')
    await s.call('PATCH', '/api/v1/me/settings', { token: fay.token, body: { sendReadReceipts: true } })
    await s.call('PATCH', '/api/v1/me/settings', { token: gus.token, body: { sendReadReceipts: false } })
    assert.deepEqual(await marksFor(fay.token), [], 'a reader who shares none shows none')
  })

  test("other people's conversations answer 404 like missing ones", async () => {
    const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: ben.id } })).json()
    for (const [method, url, body] of [
      ['GET', `/api/v1/conversations/${conv.id}`, undefined],
      ['GET', `/api/v1/conversations/${conv.id}/messages`, undefined],
      ['POST', `/api/v1/conversations/${conv.id}/messages`, { text: 'intrusion' }],
      ['POST', `/api/v1/conversations/${conv.id}/read`, { seq: 1 }],
    ] as const) {
      const res = await s.call(method, url, { token: chloe.token, ...(body ? { body } : {}) })
      assert.equal(res.statusCode, 404, `${method} ${url}`)
      assert.equal(res.json().error.code, 'CONVERSATION_NOT_FOUND')
    }
    const missing = await s.call('GET', '/api/v1/conversations/1234567890123456789', { token: chloe.token })
    assert.deepEqual(missing.json(), (await s.call('GET', `/api/v1/conversations/${conv.id}`, { token: chloe.token })).json())
  })
})

describe('groups', () => {
  let s: TestServer
  let people: Person[]
  before(async () => {
    s = await testServer()
    people = []
    for (let i = 0; i < 52; i++) people.push(await s.person(`p${i}`))
  })
  after(() => s.stop())
  const ids = (from: number, to: number) => people.slice(from, to).map((p) => p.id)

  test('a group holds 50 participants and refuses a 51st', async () => {
    const [owner] = people as [Person]
    const created = await s.call('POST', '/api/v1/conversations/group', { token: owner.token, body: { name: 'Fifty', accountIds: ids(1, 50) } })
    assert.equal(created.statusCode, 201)
    assert.equal(created.json().participants.length, 50)
    const tooMany = await s.call('POST', '/api/v1/conversations/group', { token: owner.token, body: { accountIds: ids(1, 51) } })
    assert.equal(tooMany.statusCode, 400)
    const add = await s.call('POST', `/api/v1/conversations/${created.json().id}/participants`, { token: owner.token, body: { accountIds: ids(50, 51) } })
    assert.equal(add.statusCode, 409)
    assert.equal(add.json().error.code, 'GROUP_FULL')
  })

  test('members add people, rename, leave; the timeline says so; newcomers do not see older messages', async () => {
    const [a, b, c, d] = people as [Person, Person, Person, Person]
    const group = (await s.call('POST', '/api/v1/conversations/group', { token: a.token, body: { name: 'Roastery', accountIds: [b.id] } })).json()
    await s.call('POST', `/api/v1/conversations/${group.id}/messages`, { token: a.token, body: { text: 'before Chloe' } })
    const added = await s.call('POST', `/api/v1/conversations/${group.id}/participants`, { token: b.token, body: { accountIds: [c.id] } })
    assert.equal(added.json().participants.length, 3)
    const renamed = await s.call('PATCH', `/api/v1/conversations/${group.id}`, { token: c.token, body: { name: 'Roastery team' } })
    assert.equal(renamed.json().name, 'Roastery team')
    const seenByC = (await s.call('GET', `/api/v1/conversations/${group.id}/messages`, { token: c.token })).json().messages
    assert.ok(!seenByC.some((m: { text: string }) => m.text === 'before Chloe'))
    assert.deepEqual(seenByC.map((m: { system: { action: string } | null }) => m.system?.action), ['participants.added', 'group.renamed'], 'the newcomer sees that it was added')
    const seenByA = (await s.call('GET', `/api/v1/conversations/${group.id}/messages`, { token: a.token })).json().messages
    assert.deepEqual(seenByA.map((m: { seq: number }) => m.seq), [1, 2, 3, 4])
    assert.deepEqual(seenByA.map((m: { kind: string; system: { action: string } | null }) => m.system?.action ?? m.kind), ['group.created', 'text', 'participants.added', 'group.renamed'])
    assert.equal((await s.call('POST', `/api/v1/conversations/${group.id}/leave`, { token: c.token })).statusCode, 204)
    assert.equal((await s.call('GET', `/api/v1/conversations/${group.id}`, { token: c.token })).statusCode, 404)
    assert.equal((await s.call('GET', `/api/v1/conversations/${group.id}`, { token: a.token })).json().participants.length, 2)
    assert.equal((await s.call('PATCH', `/api/v1/conversations/${group.id}`, { token: d.token, body: { name: 'hijack' } })).statusCode, 404)
  })

  test('a 1:1 cannot be renamed or left', async () => {
    const [a, b] = people as [Person, Person]
    const direct = (await s.call('POST', '/api/v1/conversations/direct', { token: a.token, body: { accountId: b.id } })).json()
    assert.equal((await s.call('PATCH', `/api/v1/conversations/${direct.id}`, { token: a.token, body: { name: 'x' } })).json().error.code, 'NOT_A_GROUP')
    assert.equal((await s.call('POST', `/api/v1/conversations/${direct.id}/leave`, { token: a.token })).json().error.code, 'NOT_A_GROUP')
  })

  test('the conversation list pages by last activity with an opaque cursor', async () => {
    const [a] = people as [Person]
    const first = (await s.call('GET', '/api/v1/conversations?limit=2', { token: a.token })).json()
    assert.equal(first.conversations.length, 2)
    assert.ok(first.nextCursor)
    const second = (await s.call('GET', `/api/v1/conversations?limit=2&before=${first.nextCursor}`, { token: a.token })).json()
    const seen = [...first.conversations, ...second.conversations].map((c: { id: string }) => c.id)
    assert.equal(new Set(seen).size, seen.length)
    assert.equal((await s.call('GET', '/api/v1/conversations?before=garbage', { token: a.token })).json().error.code, 'INVALID_CURSOR')
  })
})

describe('brands', () => {
  let s: TestServer
  let ada: Person, ben: Person, vic: Person, chloe: Person, brandId: string
  before(async () => {
    s = await testServer()
    ;[ada, ben, vic, chloe] = [await s.person('ada'), await s.person('ben'), await s.person('vic'), await s.person('chloe')]
    const brand = await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })
    assert.equal(brand.statusCode, 201)
    brandId = brand.json().brand.id
    assert.equal((await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })).statusCode, 200)
    assert.equal((await s.call('PUT', `/api/v1/brands/${brandId}/members/${vic.id}`, { token: ada.token, body: { role: 'viewer' } })).statusCode, 200)
  })
  after(() => s.stop())

  test('a brand hears from anyone: a customer lands in its inbox', async () => {
    const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: brandId } })).json()
    await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: chloe.token, body: { text: 'Where is my order?' } })
    const inbox = (await s.call('GET', '/api/v1/conversations', { token: ben.token, headers: { 'parloir-act-as': brandId } })).json().conversations
    assert.deepEqual(inbox.map((c: { id: string }) => c.id), [conv.id])
  })

  test('an agent answers as the brand; a viewer reads but cannot write; a stranger cannot act as it', async () => {
    const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: brandId } })).json()
    const reply = await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: ben.token, headers: { 'parloir-act-as': brandId }, body: { text: 'On its way!' } })
    assert.equal(reply.statusCode, 201)
    assert.equal(reply.json().senderId, brandId)
    assert.ok(!('sentBy' in reply.json()), 'the agent behind the brand is not shown to the customer')
    assert.equal((await s.call('GET', `/api/v1/conversations/${conv.id}/messages`, { token: vic.token, headers: { 'parloir-act-as': brandId } })).statusCode, 200)
    const viewer = await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: vic.token, headers: { 'parloir-act-as': brandId }, body: { text: 'x' } })
    assert.equal(viewer.statusCode, 403)
    assert.equal(viewer.json().error.code, 'FORBIDDEN')
    const stranger = await s.call('GET', '/api/v1/conversations', { token: chloe.token, headers: { 'parloir-act-as': brandId } })
    assert.equal(stranger.statusCode, 404)
  })

  test('admins manage agents, only owners manage admins, and the last owner stays', async () => {
    const members = (await s.call('GET', `/api/v1/brands/${brandId}/members`, { token: vic.token })).json().members
    assert.deepEqual(members.map((m: { role: string }) => m.role).sort(), ['agent', 'owner', 'viewer'])
    assert.equal((await s.call('PUT', `/api/v1/brands/${brandId}/members/${chloe.id}`, { token: ben.token, body: { role: 'viewer' } })).statusCode, 403)
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'admin' } })
    assert.equal((await s.call('PUT', `/api/v1/brands/${brandId}/members/${chloe.id}`, { token: ben.token, body: { role: 'agent' } })).statusCode, 200)
    assert.equal((await s.call('PUT', `/api/v1/brands/${brandId}/members/${chloe.id}`, { token: ben.token, body: { role: 'admin' } })).statusCode, 403)
    const lastOwner = await s.call('DELETE', `/api/v1/brands/${brandId}/members/${ada.id}`, { token: ada.token })
    assert.equal(lastOwner.json().error.code, 'LAST_OWNER')
    assert.equal((await s.call('DELETE', `/api/v1/brands/${brandId}/members/${chloe.id}`, { token: chloe.token })).statusCode, 204, 'anyone may leave')
  })
})
