import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { inboxLimits, type InboxCounts, type InboxItem, type InboxState, type Note } from '@parloir/protocol'
import { sweepPresence, wakeSnoozes } from '@parloir/core'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>
const HOUR = 3_600_000
const DAY = 24 * HOUR

/**
 * The team inbox as Northwind Coffee's team lives it: agents Ada and Ben, viewer Vic, customers
 * of their own. One server for the file; each test opens conversations of its own.
 */
describe('the team inbox', () => {
  const clock = new TestClock(Date.UTC(2026, 10, 23, 9, 0, 0)) // a Monday, the brand has no calendar: no away message
  let s: TestServer
  let ada: Person, ben: Person, vic: Person, chloe: Person, olga: Person
  let brandId: string
  let otherBrandId: string

  before(async () => {
    s = await testServer({ rateLimits: { sendsPerSecond: 1000, sendsBurst: 1000 } as TestServer['config']['rateLimits'] }, { clock })
    ;[ada, ben, vic, chloe, olga] = [await s.person('ada'), await s.person('ben'), await s.person('vic'), await s.person('chloe'), await s.person('olga')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${vic.id}`, { token: ada.token, body: { role: 'viewer' } })
    otherBrandId = (await s.call('POST', '/api/v1/brands', { token: olga.token, body: { handle: 'southwind', displayName: 'Southwind Tea' } })).json().brand.id
  })
  after(() => s.stop())

  let customers = 0
  /** A customer of their own for each test: a 1:1 is one per pair. */
  const customer = () => s.person(`customer${++customers}`)
  const asBrand = { 'parloir-act-as': '' }
  const open = async (person: Person) => (await s.call('POST', '/api/v1/conversations/direct', { token: person.token, body: { accountId: brandId } })).json().id as string
  const say = async (person: Person, conversationId: string, text: string) => {
    const res = await s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: person.token, body: { text } })
    assert.equal(res.statusCode, 201, res.body)
    return res.json() as { id: string; seq: number }
  }
  const answer = async (agent: Person, conversationId: string, text: string) => {
    const res = await s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: agent.token, body: { text }, headers: { ...asBrand, 'parloir-act-as': brandId } })
    assert.equal(res.statusCode, 201, res.body)
    return res.json() as { id: string; seq: number }
  }
  const item = async (member: Person, conversationId: string) => {
    const res = await s.call('GET', `/api/v1/brands/${brandId}/inbox/${conversationId}`, { token: member.token })
    assert.equal(res.statusCode, 200, res.body)
    return res.json() as InboxItem
  }
  const view = async (member: Person, query: string) => {
    const res = await s.call('GET', `/api/v1/brands/${brandId}/inbox?${query}`, { token: member.token })
    assert.equal(res.statusCode, 200, res.body)
    return res.json() as { items: InboxItem[]; counts: InboxCounts; nextCursor: string | null }
  }
  const setStatus = (member: Person, conversationId: string, body: object) =>
    s.call('POST', `/api/v1/brands/${brandId}/inbox/${conversationId}/status`, { token: member.token, body })
  const assign = (member: Person, conversationId: string, assigneeId: string | null) =>
    s.call('POST', `/api/v1/brands/${brandId}/inbox/${conversationId}/assignee`, { token: member.token, body: { assigneeId } })
  const notes = async (member: Person, conversationId: string) =>
    (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${conversationId}/notes`, { token: member.token })).json() as { notes: Note[]; hasMore: boolean }

  describe('each member has their own read state', () => {
    test("Ada's peek clears nothing for Ben; the customer sees Seen; Ada can mark it unread again for herself", async () => {
      const chloe = await customer()
      const conv = await open(chloe)
      const asked = await say(chloe, conv, 'Is my order on its way?')
      assert.equal((await item(ada, conv)).you.unreadCount, 1)
      const read = await s.call('POST', `/api/v1/conversations/${conv}/read`, { token: ada.token, body: { seq: asked.seq }, headers: { 'parloir-act-as': brandId } })
      assert.equal(read.statusCode, 204)
      assert.equal((await item(ada, conv)).you.unreadCount, 0, 'read for Ada')
      assert.equal((await item(ben, conv)).you.unreadCount, 1, 'still unread for Ben')
      const seen = (await s.call('GET', `/api/v1/conversations/${conv}`, { token: chloe.token })).json() as { readMarks: Array<{ accountId: string; seq: number }> }
      assert.deepEqual(seen.readMarks, [{ accountId: brandId, seq: asked.seq }], 'Chloe sees the brand has seen it')

      assert.equal((await s.call('POST', `/api/v1/brands/${brandId}/inbox/${conv}/unread`, { token: ada.token })).statusCode, 204)
      const again = await item(ada, conv)
      assert.equal(again.you.markedUnread, true)
      assert.equal((await item(ben, conv)).you.markedUnread, false, "Ben's state does not move")
      await s.call('POST', `/api/v1/conversations/${conv}/read`, { token: ada.token, body: { seq: asked.seq }, headers: { 'parloir-act-as': brandId } })
      assert.equal((await item(ada, conv)).you.markedUnread, false, 'reading it again clears the mark')
    })

    test("a viewer's reading clears their own unread count, and never says Seen to the customer", async () => {
      const dora = await customer()
      const conv = await open(dora)
      const asked = await say(dora, conv, 'Do you sell gift cards?')
      assert.equal((await item(vic, conv)).you.unreadCount, 1)
      const asBrand = await s.call('POST', `/api/v1/conversations/${conv}/read`, { token: vic.token, body: { seq: asked.seq }, headers: { 'parloir-act-as': brandId } })
      assert.equal(asBrand.statusCode, 403, 'a viewer may not say Seen in the brand\'s name')
      const own = await s.call('POST', `/api/v1/brands/${brandId}/inbox/${conv}/read`, { token: vic.token, body: { seq: asked.seq + 100 } })
      assert.equal(own.statusCode, 204, own.body)
      const vics = await item(vic, conv)
      assert.deepEqual([vics.you.unreadCount, vics.you.lastReadSeq], [0, asked.seq], 'read for Vic, up to the last message at most')
      assert.equal((await item(ada, conv)).you.unreadCount, 1, 'still unread for Ada')
      const seen = (await s.call('GET', `/api/v1/conversations/${conv}`, { token: dora.token })).json() as { readMarks: Array<{ accountId: string; seq: number }> }
      assert.deepEqual(seen.readMarks.filter((m) => m.accountId === brandId && m.seq >= asked.seq), [], 'Dora sees no Seen')
      const stranger = await s.call('POST', `/api/v1/brands/${brandId}/inbox/${conv}/read`, { token: olga.token, body: { seq: 1 } })
      assert.equal(stranger.statusCode, 404, 'not on the team: no such inbox for her')
      const bad = await s.call('POST', `/api/v1/brands/${brandId}/inbox/${conv}/read`, { token: vic.token, body: { seq: -1 } })
      assert.equal(bad.json().error.code, 'VALIDATION_FAILED')
    })
  })

  describe('status and waiting', () => {
    test('the customer waits from their first unanswered message; automatic replies are no answer; a person of the team is', async () => {
      await s.call('POST', `/api/v1/brands/${brandId}/keyword-rules`, { token: ada.token, body: { keywords: ['refund'], replyText: 'Refunds take 5 days.' } })
      const dan = await customer()
      const conv = await open(dan)
      await say(dan, conv, 'I want a refund')
      const firstAt = new Date(clock.ms).toISOString()
      clock.advance(60_000)
      await say(dan, conv, 'Hello?')
      const waiting = await item(ada, conv)
      assert.equal(waiting.state.status, 'open')
      assert.equal(waiting.state.waitingSince, firstAt, 'the keyword reply did not count as an answer')
      assert.equal(waiting.customerMessage?.text, 'Hello?', 'the row shows the customer\'s last message, not the bot\'s')
      assert.equal(waiting.state.assigneeId, null)

      clock.advance(60_000)
      await answer(ben, conv, 'Sorry for the wait, Dan: your refund is on its way.')
      const answered = await item(ada, conv)
      assert.equal(answered.state.waitingSince, null)
      assert.equal(answered.state.lastAnsweredAt, new Date(clock.ms).toISOString())
      assert.equal(answered.state.assigneeId, ben.id, 'an unassigned conversation becomes the replier\'s')
    })

    test('pending, snoozed and resolved conversations open again when the customer writes', async () => {
      const eve = await customer()
      const conv = await open(eve)
      await say(eve, conv, 'Do you ship to Belgium?')
      for (const status of ['pending', 'resolved'] as const) {
        const res = await setStatus(ada, conv, { status })
        assert.equal(res.statusCode, 200, res.body)
        assert.equal((res.json() as InboxState).status, status)
        await say(eve, conv, `And now? (${status})`)
        assert.equal((await item(ada, conv)).state.status, 'open')
      }
      assert.equal((await setStatus(ada, conv, { status: 'snoozed' })).statusCode, 200)
      assert.equal((await item(ada, conv)).state.snoozedUntil, null, 'until the customer writes')
      await say(eve, conv, 'Still there?')
      assert.equal((await item(ada, conv)).state.status, 'open')
      const timeline = (await notes(ada, conv)).notes.filter((n) => n.kind === 'activity').map((n) => `${n.activity?.status}:${n.activity?.reason ?? n.authorId}`)
      assert.deepEqual(timeline, [
        `pending:${ada.id}`, 'open:customer.wrote', `resolved:${ada.id}`, 'open:customer.wrote', `snoozed:${ada.id}`, 'open:customer.wrote',
      ])
    })

    test('a snooze with a time ends by itself: the sweeper opens it, with a line in the timeline', async () => {
      const olga = await customer()
      const conv = await open(olga)
      await say(olga, conv, 'Call me back tomorrow')
      const until = new Date(clock.ms + DAY).toISOString()
      assert.equal((await setStatus(ben, conv, { status: 'snoozed', snoozedUntil: until })).statusCode, 200)
      const before = await view(ben, 'view=snoozed')
      assert.ok(before.items.some((i) => i.conversation.id === conv))
      clock.advance(DAY - 1)
      assert.equal(await wakeSnoozes(s.deps), 0, 'not before its time')
      clock.advance(1)
      assert.ok((await wakeSnoozes(s.deps)) >= 1)
      assert.equal((await item(ben, conv)).state.status, 'open')
      assert.ok((await view(ben, 'view=open')).items.some((i) => i.conversation.id === conv))
      assert.ok(!(await view(ben, 'view=snoozed')).items.some((i) => i.conversation.id === conv))
      assert.equal((await notes(ben, conv)).notes.at(-1)?.activity?.reason, 'snooze.ended')
    })

    test('a snooze ends in the future, within a year; only a snooze takes a time', async () => {
      const conv = await open(await customer())
      const code = async (body: object) => {
        const res = await setStatus(ada, conv, body)
        return res.statusCode === 200 ? 'ok' : `${res.statusCode} ${res.json().error.code}`
      }
      assert.equal(await code({ status: 'snoozed', snoozedUntil: new Date(clock.ms + inboxLimits.snoozeMaxMs).toISOString() }), 'ok')
      assert.equal(await code({ status: 'snoozed', snoozedUntil: new Date(clock.ms + inboxLimits.snoozeMaxMs + 1).toISOString() }), '400 SNOOZE_INVALID')
      assert.equal(await code({ status: 'snoozed', snoozedUntil: new Date(clock.ms).toISOString() }), '400 SNOOZE_INVALID')
      assert.equal(await code({ status: 'open', snoozedUntil: new Date(clock.ms + HOUR).toISOString() }), '400 SNOOZE_INVALID')
      assert.equal(await code({ status: 'closed' }), '400 VALIDATION_FAILED')
    })
  })

  describe('assignment', () => {
    test('take, reassign and unassign, each a line in the timeline; only members who may answer can be assigned', async () => {
      const dan = await customer()
      const conv = await open(dan)
      await say(dan, conv, 'My grinder is broken')
      assert.equal((await assign(ada, conv, ada.id)).json().assigneeId, ada.id, 'Ada takes it')
      assert.equal((await assign(ada, conv, ben.id)).json().assigneeId, ben.id, 'and hands it to Ben')
      const refused = async (id: string) => { const r = await assign(ada, conv, id); return `${r.statusCode} ${r.json().error.code}` }
      assert.equal(await refused(vic.id), '409 ASSIGNEE_NOT_ALLOWED', 'a viewer cannot answer')
      assert.equal(await refused(chloe.id), '409 ASSIGNEE_NOT_ALLOWED', 'not a member')
      assert.equal((await assign(ben, conv, null)).json().assigneeId, null)
      const lines = (await notes(vic, conv)).notes.filter((n) => n.activity?.action === 'assignee.changed').map((n) => n.activity?.assigneeId)
      assert.deepEqual(lines, [ada.id, ben.id, null])
      const forbidden = await assign(vic, conv, ada.id)
      assert.equal(forbidden.statusCode, 403, 'a viewer cannot assign')
    })
  })

  describe('round robin', () => {
    test('each new waiting conversation goes in turn to an online member under capacity; going offline or leaving hands them back, as the brand chose', async () => {
      const t = await testServer({ rateLimits: { sendsPerSecond: 1000, sendsBurst: 1000 } as TestServer['config']['rateLimits'] }, { clock })
      try {
        const [owner, agent, viewer] = [await t.person('ada'), await t.person('ben'), await t.person('vic')]
        const b = (await t.call('POST', '/api/v1/brands', { token: owner.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id as string
        await t.call('PUT', `/api/v1/brands/${b}/members/${agent.id}`, { token: owner.token, body: { role: 'agent' } })
        await t.call('PUT', `/api/v1/brands/${b}/members/${viewer.id}`, { token: owner.token, body: { role: 'viewer' } })
        const settings = await t.call('PUT', `/api/v1/brands/${b}/inbox-settings`, { token: owner.token, body: { assignment: { roundRobin: true, whenMemberLeaves: 'unassign', whenMemberOffline: 'unassign' } } })
        assert.equal(settings.statusCode, 200, settings.body)
        assert.equal(settings.json().survey.enabled, false, 'the parts not given stay')
        let n = 0
        const incoming = async () => {
          const who = await t.person(`c${++n}`)
          const id = (await t.call('POST', '/api/v1/conversations/direct', { token: who.token, body: { accountId: b } })).json().id as string
          clock.advance(1_000)
          await t.call('POST', `/api/v1/conversations/${id}/messages`, { token: who.token, body: { text: 'Hello?' } })
          return (await t.call('GET', `/api/v1/brands/${b}/inbox/${id}`, { token: owner.token })).json().state.assigneeId as string | null
        }
        const member = (id: string, body: object, token = owner.token) => t.call('PATCH', `/api/v1/brands/${b}/inbox-members/${id}`, { token, body })
        // Presence: any request (or open stream) of a member says they are there; this process
        // looks again at most a third of a lease after it last did, so a new member is seen then.
        clock.advance(inboxLimits.presenceLeaseMs / 3)
        for (const who of [owner, agent, viewer]) await t.call('GET', `/api/v1/brands/${b}/inbox-members`, { token: who.token })
        const first = await incoming()
        const second = await incoming()
        assert.deepEqual(new Set([first, second]), new Set([owner.id, agent.id]), 'in turn, never the viewer')
        assert.equal(await incoming(), first, 'then the first again')

        assert.equal((await member(agent.id, { capacity: 1 })).json().capacity, 1)
        assert.equal((await member(agent.id, { capacity: 1 }, agent.token)).statusCode, 403, 'capacities are set by owners and admins')
        assert.equal(await incoming(), owner.id, 'Ben is full: Ada')
        assert.equal((await member(agent.id, { availability: 'away' }, agent.token)).json().availability, 'away', 'Ben sets himself away')
        assert.equal((await member(owner.id, { capacity: inboxLimits.capacityMax + 1 })).statusCode, 400)
        const members = (await t.call('GET', `/api/v1/brands/${b}/inbox-members`, { token: viewer.token })).json().members as Array<{ memberId: string; openAssigned: number }>
        assert.deepEqual(members.map((m) => m.memberId).sort(), [owner.id, agent.id].sort())
        assert.equal(members.find((m) => m.memberId === owner.id)?.openAssigned, 3)

        const adas = async () => (await t.call('GET', `/api/v1/brands/${b}/inbox?view=open&assigneeId=${owner.id}`, { token: owner.token })).json().counts.open as number
        assert.equal((await member(owner.id, { availability: 'offline' }, owner.token)).json().openAssigned, 0, 'offline: her conversations go back to the queue')
        assert.equal(await adas(), 0)
        assert.equal(await incoming(), null, 'nobody online under capacity: it waits unassigned')
        const back = await member(owner.id, { availability: 'online' }, owner.token)
        assert.equal(back.json().openAssigned, 4, 'back online, she is given the four that waited meanwhile')
        assert.equal(await incoming(), owner.id)
        await t.call('DELETE', `/api/v1/brands/${b}/members/${agent.id}`, { token: owner.token })
        const bens = (await t.call('GET', `/api/v1/brands/${b}/inbox?view=open`, { token: owner.token })).json().items as Array<{ state: { assigneeId: string | null } }>
        assert.ok(!bens.some((i) => i.state.assigneeId === agent.id), 'a member who left has nothing assigned')
      } finally {
        await t.stop()
      }
    })
  })

  describe('availability kept from presence', () => {
    test('a member nobody has seen for a lease is not given conversations; when the sweep sees them gone their conversations go to who is there; back, they take their turn and the waiting ones', async () => {
      const t = await testServer({ rateLimits: { sendsPerSecond: 1000, sendsBurst: 1000 } as TestServer['config']['rateLimits'] }, { clock })
      try {
        const [owner, agent] = [await t.person('ada'), await t.person('ben')]
        const b = (await t.call('POST', '/api/v1/brands', { token: owner.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id as string
        await t.call('PUT', `/api/v1/brands/${b}/members/${agent.id}`, { token: owner.token, body: { role: 'agent' } })
        await t.call('PUT', `/api/v1/brands/${b}/inbox-settings`, { token: owner.token, body: { assignment: { roundRobin: true, whenMemberLeaves: 'unassign', whenMemberOffline: 'unassign' } } })
        const seen = (who: Person) => t.call('GET', `/api/v1/brands/${b}/inbox-members`, { token: who.token })
        const members = async () => new Map(((await seen(owner)).json().members as Array<{ memberId: string; present: boolean; availability: string; openAssigned: number }>).map((m) => [m.memberId, m]))
        let n = 0
        const incoming = async () => {
          const who = await t.person(`c${++n}`)
          const id = (await t.call('POST', '/api/v1/conversations/direct', { token: who.token, body: { accountId: b } })).json().id as string
          await t.call('POST', `/api/v1/conversations/${id}/messages`, { token: who.token, body: { text: 'Hello?' } })
          return { id, assigneeId: (await t.call('GET', `/api/v1/brands/${b}/inbox/${id}`, { token: owner.token })).json().state.assigneeId as string | null }
        }
        clock.advance(inboxLimits.presenceLeaseMs / 3)
        await seen(owner)
        await seen(agent)
        assert.equal((await members()).get(agent.id)?.present, true, 'Ben made a request: he is there')
        const bens = [await incoming(), await incoming()].filter((c) => c.assigneeId === agent.id)
        assert.equal(bens.length, 1, 'in turn: one each')

        // Ben closes his laptop. Ada keeps working; the lease runs out.
        clock.advance(inboxLimits.presenceLeaseMs / 2)
        await seen(owner)
        clock.advance(inboxLimits.presenceLeaseMs / 2 + 1)
        const gone = (await members()).get(agent.id)
        assert.deepEqual([gone?.present, gone?.availability], [false, 'online'], 'still online as he set it, but not there')
        assert.equal((await incoming()).assigneeId, owner.id, 'not given to Ben while he is not there')
        assert.equal((await incoming()).assigneeId, owner.id, 'nor the next one')
        assert.equal((await members()).get(agent.id)?.openAssigned, 1, 'his conversation stays his until the sweep')

        assert.equal(await sweepPresence(t.deps), 1, 'the sweep handles Ben, once')
        assert.equal(await sweepPresence(t.deps), 0)
        assert.equal((await members()).get(agent.id)?.openAssigned, 0, 'gone: his conversation left him, as the brand chose')
        const moved = await t.call('GET', `/api/v1/brands/${b}/inbox/${bens[0]?.id}`, { token: owner.token })
        assert.equal(moved.json().state.assigneeId, owner.id, 'and went to Ada, who is there and has room')
        const timeline = (await t.call('GET', `/api/v1/brands/${b}/inbox/${bens[0]?.id}/notes`, { token: owner.token })).json().notes as Note[]
        assert.deepEqual(timeline.slice(-2).map((line) => [line.activity?.assigneeId, line.activity?.reason]), [[null, 'member.offline'], [owner.id, 'round.robin']])

        // Ada is full: what comes waits. Ben opens the app again and takes the oldest waiting one.
        await t.call('PATCH', `/api/v1/brands/${b}/inbox-members/${owner.id}`, { token: owner.token, body: { capacity: 4 } })
        const waiting = await incoming()
        assert.equal(waiting.assigneeId, null, 'nobody there has room')
        await seen(agent)
        assert.equal((await t.call('GET', `/api/v1/brands/${b}/inbox/${waiting.id}`, { token: owner.token })).json().state.assigneeId, agent.id, 'back, Ben is given what waited')
        assert.equal((await incoming()).assigneeId, agent.id, 'and the next one, as Ada is full')
      } finally {
        await t.stop()
      }
    })

    test('resolving makes room: round robin gives the member the customer who waited longest', async () => {
      const t = await testServer({ rateLimits: { sendsPerSecond: 1000, sendsBurst: 1000 } as TestServer['config']['rateLimits'] }, { clock })
      try {
        const owner = await t.person('ada')
        const b = (await t.call('POST', '/api/v1/brands', { token: owner.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id as string
        await t.call('PUT', `/api/v1/brands/${b}/inbox-settings`, { token: owner.token, body: { assignment: { roundRobin: true, whenMemberLeaves: 'unassign', whenMemberOffline: 'keep' } } })
        await t.call('PATCH', `/api/v1/brands/${b}/inbox-members/${owner.id}`, { token: owner.token, body: { capacity: 1 } })
        const convs: string[] = []
        for (let i = 0; i < 3; i++) {
          const who = await t.person(`c${i}`)
          const id = (await t.call('POST', '/api/v1/conversations/direct', { token: who.token, body: { accountId: b } })).json().id as string
          clock.advance(60_000)
          await t.call('POST', `/api/v1/conversations/${id}/messages`, { token: who.token, body: { text: `question ${i}` } })
          convs.push(id)
        }
        const assignee = async (id: string | undefined) => (await t.call('GET', `/api/v1/brands/${b}/inbox/${id}`, { token: owner.token })).json().state.assigneeId as string | null
        assert.deepEqual([await assignee(convs[0]), await assignee(convs[1]), await assignee(convs[2])], [owner.id, null, null], 'capacity 1')
        await t.call('POST', `/api/v1/brands/${b}/inbox/${convs[0]}/status`, { token: owner.token, body: { status: 'resolved' } })
        assert.deepEqual([await assignee(convs[1]), await assignee(convs[2])], [owner.id, null], 'the one who waited longest comes next')
        await t.call('POST', `/api/v1/brands/${b}/inbox/${convs[1]}/status`, { token: owner.token, body: { status: 'pending' } })
        assert.equal(await assignee(convs[2]), owner.id, 'pending makes room too')
        const unassign = await t.call('POST', `/api/v1/brands/${b}/inbox/${convs[2]}/assignee`, { token: owner.token, body: { assigneeId: null } })
        assert.equal(unassign.json().assigneeId, null, 'an unassign stays one: it waits in Unassigned for someone to take')
      } finally {
        await t.stop()
      }
    })
  })

  describe('views and counts', () => {
    test('counts are exact for every view and follow filters; "waiting" puts who waited longest first; pages do not overlap', async () => {
      // A server of its own, so the counts are this test's alone.
      const t = await testServer({ rateLimits: { sendsPerSecond: 1000, sendsBurst: 1000 } as TestServer['config']['rateLimits'] }, { clock })
      try {
        const owner = await t.person('ada')
        const agent = await t.person('ben')
        const b = (await t.call('POST', '/api/v1/brands', { token: owner.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id as string
        await t.call('PUT', `/api/v1/brands/${b}/members/${agent.id}`, { token: owner.token, body: { role: 'agent' } })
        const convs: string[] = []
        for (let i = 0; i < 7; i++) {
          const customer = await t.person(`c${i}`)
          const ref = i % 2 === 0 ? '&ref=spring' : ''
          const id = (await t.call('POST', '/api/v1/conversations/direct', { token: customer.token, body: { accountId: b, ...(ref ? { ref: 'spring' } : {}) } })).json().id as string
          clock.advance(60_000)
          await t.call('POST', `/api/v1/conversations/${id}/messages`, { token: customer.token, body: { text: `question ${i}` } })
          convs.push(id)
        }
        const call = (path: string, body: object) => t.call('POST', `/api/v1/brands/${b}/inbox/${path}`, { token: owner.token, body })
        await call(`${convs[0]}/assignee`, { assigneeId: owner.id })
        await call(`${convs[1]}/assignee`, { assigneeId: agent.id })
        await call(`${convs[2]}/status`, { status: 'pending' })
        await call(`${convs[3]}/status`, { status: 'resolved' })
        await call(`${convs[4]}/status`, { status: 'snoozed' })
        // An empty conversation (opened, nothing written) is in no view.
        const quiet = await t.person('quiet')
        await t.call('POST', '/api/v1/conversations/direct', { token: quiet.token, body: { accountId: b } })

        const list = async (query: string) => (await t.call('GET', `/api/v1/brands/${b}/inbox?${query}`, { token: owner.token })).json() as { items: InboxItem[]; counts: InboxCounts; nextCursor: string | null }
        const all = await list('view=open')
        assert.deepEqual(all.counts, { open: 4, unassigned: 2, mine: 1, pending: 1, snoozed: 1, resolved: 1 })
        assert.deepEqual(all.items.map((i) => i.conversation.id), [convs[6], convs[5], convs[1], convs[0]], 'newest customer message first')
        for (const v of ['unassigned', 'mine', 'pending', 'snoozed', 'resolved'] as const) {
          const page = await list(`view=${v}`)
          assert.equal(page.items.length, page.counts[v], `${v}: the count is the number of rows`)
        }
        const spring = await list('view=open&source=spring')
        assert.deepEqual(spring.counts, { open: 2, unassigned: 1, mine: 1, pending: 1, snoozed: 1, resolved: 0 }, 'counts follow the filters')
        assert.deepEqual((await list(`view=open&assigneeId=${agent.id}`)).items.map((i) => i.conversation.id), [convs[1]])
        assert.equal((await list('view=open&kind=visitor')).counts.open, 0)

        // Waiting longest first; an answered one goes last.
        await t.call('POST', `/api/v1/conversations/${convs[0]}/messages`, { token: owner.token, body: { text: 'On it' }, headers: { 'parloir-act-as': b } })
        const waiting = await list('view=open&order=waiting')
        assert.deepEqual(waiting.items.map((i) => i.conversation.id), [convs[1], convs[5], convs[6], convs[0]])

        const first = await list('view=open&order=waiting&limit=2')
        assert.ok(first.nextCursor)
        const second = await list(`view=open&order=waiting&limit=2&cursor=${first.nextCursor}`)
        assert.deepEqual([...first.items, ...second.items].map((i) => i.conversation.id), waiting.items.map((i) => i.conversation.id))
        assert.equal(second.nextCursor, null)
        const newest = await list('view=open&limit=3')
        const rest = await list(`view=open&limit=3&cursor=${newest.nextCursor}`)
        assert.deepEqual([...newest.items, ...rest.items].map((i) => i.conversation.id), all.items.map((i) => i.conversation.id))
        const bad = await t.call('GET', `/api/v1/brands/${b}/inbox?cursor=yesterday`, { token: owner.token })
        assert.equal(bad.json().error.code, 'INVALID_CURSOR')
        const limit = await t.call('GET', `/api/v1/brands/${b}/inbox?limit=${inboxLimits.inboxPageMax + 1}`, { token: owner.token })
        assert.equal(limit.statusCode, 400)
        assert.equal((await t.call('GET', `/api/v1/brands/${b}/inbox?limit=${inboxLimits.inboxPageMax}`, { token: owner.token })).statusCode, 200)
      } finally {
        await t.stop()
      }
    })

    test("another brand's team, and people outside the team, see none of it", async () => {
      const conv = await open(chloe)
      await say(chloe, conv, 'Hi')
      const outsider = await s.call('GET', `/api/v1/brands/${brandId}/inbox`, { token: olga.token })
      assert.equal(outsider.statusCode, 404)
      const otherBrand = await s.call('GET', `/api/v1/brands/${otherBrandId}/inbox/${conv}`, { token: olga.token })
      assert.equal(otherBrand.json().error.code, 'CONVERSATION_NOT_FOUND', 'not a conversation of that brand')
      const asCustomer = await s.call('GET', `/api/v1/brands/${brandId}/inbox/${conv}/notes`, { token: chloe.token })
      assert.equal(asCustomer.statusCode, 404)
    })
  })

  describe('no collisions', () => {
    test('a send after another member answered since what the writer saw is refused, naming who; the team sees who wrote what, the customer does not', async () => {
      const dan = await customer()
      const conv = await open(dan)
      const asked = await say(dan, conv, 'Can I change my delivery address?')
      const send = (agent: Person, text: string, seenSeq?: number) => s.call('POST', `/api/v1/conversations/${conv}/messages`, {
        token: agent.token, headers: { 'parloir-act-as': brandId }, body: { text, ...(seenSeq === undefined ? {} : { seenSeq }) },
      })
      // Ada and Ben both opened it at the customer's question; Ben answers first.
      const bens = await send(ben, 'Yes, reply with the new one.', asked.seq)
      assert.equal(bens.statusCode, 201)
      const late = await send(ada, 'Sure, what is it?', asked.seq)
      assert.equal(late.statusCode, 409)
      assert.equal(late.json().error.code, 'ANSWERED_MEANWHILE')
      assert.equal(late.json().error.details.author, ben.id)
      assert.equal((await send(ada, 'Sure, what is it?', bens.json().seq)).statusCode, 201, 'after reading it')
      const mine = await send(ada, 'And the flat number too.', bens.json().seq)
      assert.equal(mine.statusCode, 201, 'her own message after what she saw does not stop her')
      assert.equal((await send(ada, 'Sent anyway.')).statusCode, 201, 'without seenSeq: sent anyway')

      const forTeam = (await s.call('GET', `/api/v1/conversations/${conv}/messages`, { token: vic.token, headers: { 'parloir-act-as': brandId } })).json().messages as Array<{ text: string; author?: string }>
      assert.deepEqual(forTeam.map((m) => m.author ?? null), [null, ben.id, ada.id, ada.id, ada.id])
      const forCustomer = (await s.call('GET', `/api/v1/conversations/${conv}/messages`, { token: dan.token })).body
      assert.ok(!forCustomer.includes('"author"') && !forCustomer.includes(ben.id), 'the customer sees the brand, not who')
      assert.equal(mine.json().author, ada.id, 'the sender reads their own authorship back')
      assert.equal((await item(ada, conv)).state.lastAnsweredBy, ada.id)
    })
  })

  describe('private notes', () => {
    test('a note records the members it mentions; a note of 10,000 characters is taken and one of 10,001 refused', async () => {
      const dan = await customer()
      const conv = await open(dan)
      await say(dan, conv, 'Where is my parcel?')
      const res = await s.call('POST', `/api/v1/brands/${brandId}/inbox/${conv}/notes`, { token: ada.token, body: { text: '@ben he wrote twice last week, @chloe is a customer' } })
      assert.equal(res.statusCode, 201, res.body)
      const note = res.json() as Note
      assert.deepEqual(note.mentions, [ben.id], 'only members of the team are mentioned')
      assert.equal(note.authorId, ada.id)
      const write = (text: string) => s.call('POST', `/api/v1/brands/${brandId}/inbox/${conv}/notes`, { token: ben.token, body: { text } })
      assert.equal((await write('x'.repeat(inboxLimits.noteChars))).statusCode, 201)
      assert.equal((await write('x'.repeat(inboxLimits.noteChars + 1))).statusCode, 400)
      assert.equal((await write('   ')).json().error.code, 'MESSAGE_EMPTY')
      assert.equal((await s.call('POST', `/api/v1/brands/${brandId}/inbox/${conv}/notes`, { token: vic.token, body: { text: 'hm' } })).statusCode, 403, 'a viewer reads notes, does not write them')
      const listed = await notes(vic, conv)
      assert.equal(listed.notes.filter((n) => n.kind === 'note').length, 2)
    })
  })

  describe('search', () => {
    test("finds the brand's messages and notes, accents and case aside, the last word as a prefix; never another brand's or people's own", async () => {
      const zoe = await customer()
      const conv = await open(zoe)
      await say(zoe, conv, 'Le CAFÉ moulu est arrivé froissé, je veux un remboursement')
      await s.call('POST', `/api/v1/brands/${brandId}/inbox/${conv}/notes`, { token: ada.token, body: { text: 'Remboursement accordé, voir le café' } })
      // Zoe also writes to Southwind, and to Chloe: none of that is Northwind's.
      const other = (await s.call('POST', '/api/v1/conversations/direct', { token: zoe.token, body: { accountId: otherBrandId } })).json().id
      await say(zoe, other, 'cafe remboursement chez vous aussi ?')
      const search = async (q: string, extra = '', member: Person = ben) => {
        const res = await s.call('GET', `/api/v1/brands/${brandId}/inbox/search?q=${encodeURIComponent(q)}${extra}`, { token: member.token })
        assert.equal(res.statusCode, 200, res.body)
        return res.json().hits as Array<{ kind: string; conversationId: string; snippet: string; highlights: Array<{ start: number; end: number }>; authorId: string | null }>
      }
      const hits = await search('cafe rembours')
      assert.deepEqual(hits.map((h) => [h.kind, h.conversationId, h.authorId]), [['note', conv, ada.id], ['message', conv, null]])
      const message = hits[1]
      assert.ok(message)
      assert.deepEqual(message.highlights.map((r) => [...message.snippet].slice(r.start, r.end).join('')), ['CAFÉ', 'remboursement'])
      assert.equal((await search('rembours', '&kind=visitor')).length, 0, 'filters apply')
      assert.deepEqual(await search('"OR" NOT *'), [], 'what is typed is never an operator')
      assert.deepEqual(await search('***'), [])
      const southwind = (await s.call('GET', `/api/v1/brands/${otherBrandId}/inbox/search?q=rembours`, { token: olga.token })).json().hits as Array<{ conversationId: string }>
      assert.deepEqual(southwind.map((h) => h.conversationId), [other], 'each brand finds its own only')
      const refused = await s.call('GET', `/api/v1/brands/${brandId}/inbox/search?q=cafe`, { token: zoe.token })
      assert.equal(refused.statusCode, 404, 'a customer cannot search a brand')
      const status = async (extra: string) => (await s.call('GET', `/api/v1/brands/${brandId}/inbox/search?${extra}`, { token: ben.token })).statusCode
      assert.equal(await status(`q=${'a'.repeat(inboxLimits.searchChars)}`), 200)
      assert.equal(await status(`q=${'a'.repeat(inboxLimits.searchChars + 1)}`), 400)
      assert.equal(await status(`q=a&limit=${inboxLimits.searchHitsMax}`), 200)
      assert.equal(await status(`q=a&limit=${inboxLimits.searchHitsMax + 1}`), 400)
      assert.equal(await status('q='), 400)
    })
  })

  describe('satisfaction survey', () => {
    test('resolving asks the customer to rate; the rating and then a comment are stored, told to the team, and leave it resolved', async () => {
      const settingsUrl = `/api/v1/brands/${brandId}/inbox-settings`
      assert.equal((await s.call('GET', settingsUrl, { token: vic.token })).json().survey.enabled, false, 'off until the brand turns it on')
      const question = 'How did we do, from 1 to 5?'
      assert.equal((await s.call('PUT', settingsUrl, { token: ben.token, body: { survey: { enabled: true, question } } })).statusCode, 403, 'agents do not change it')
      const put = (q: string) => s.call('PUT', settingsUrl, { token: ada.token, body: { survey: { enabled: true, question: q } } })
      assert.equal((await put('x'.repeat(inboxLimits.surveyQuestionChars + 1))).statusCode, 400)
      assert.equal((await put('x'.repeat(inboxLimits.surveyQuestionChars))).statusCode, 200)
      assert.equal((await put(question)).statusCode, 200)

      const zoe = await customer()
      const conv = await open(zoe)
      await say(zoe, conv, 'My order never came')
      await answer(ada, conv, 'Sent again today, sorry!')
      assert.equal((await setStatus(ada, conv, { status: 'resolved' })).statusCode, 200)
      const messages = async () => (await s.call('GET', `/api/v1/conversations/${conv}/messages`, { token: zoe.token })).json().messages as Array<{ id: string; text: string; automation: string | null; quickReply: { options: Array<{ label: string; metadata?: string }> } | null }>
      const survey = (await messages()).at(-1)
      assert.equal(survey?.automation, 'survey')
      assert.equal(survey?.text, question)
      assert.deepEqual(survey?.quickReply?.options.map((o) => o.metadata), ['survey:1', 'survey:2', 'survey:3', 'survey:4', 'survey:5'])
      assert.equal((await item(ada, conv)).state.waitingSince, null, 'the survey is not an answer and asks nothing of the team')

      const rated = await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: zoe.token, body: { text: '★★★★☆', quickReplyResponse: { type: 'options', messageId: survey?.id, metadata: 'survey:4' } } })
      assert.equal(rated.statusCode, 201, rated.body)
      await say(zoe, conv, 'Quick answer, thanks')
      const stored = (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${conv}/surveys`, { token: vic.token })).json().surveys as Array<{ rating: number; comment: string }>
      assert.deepEqual(stored.map((x) => [x.rating, x.comment]), [[4, 'Quick answer, thanks']])
      const after = await item(ada, conv)
      assert.equal(after.state.status, 'resolved', 'rating and comment leave it resolved')
      assert.equal(after.state.waitingSince, null)
      const lines = (await notes(ada, conv)).notes.filter((n) => n.activity?.action === 'survey.answered').map((n) => [n.activity?.rating, n.activity?.comment ?? null])
      assert.deepEqual(lines, [[4, null], [4, 'Quick answer, thanks']])
      await say(zoe, conv, 'Actually, one more thing')
      assert.equal((await item(ada, conv)).state.status, 'open', 'anything after that is a new message')
      assert.equal((await s.call('GET', `/api/v1/brands/${brandId}/inbox/${conv}/surveys`, { token: zoe.token })).statusCode, 404, 'the customer does not read the team\'s surveys')
      // Off again, for the tests that follow.
      await s.call('PUT', settingsUrl, { token: ada.token, body: { survey: { enabled: false, question } } })
    })
  })

  describe('automatic replies when a person of the team is there', () => {
    test('keyword replies keep quiet for 4 hours after a person answered, and while the conversation is assigned', async () => {
      await s.call('POST', `/api/v1/brands/${brandId}/keyword-rules`, { token: ada.token, body: { keywords: ['menu'], replyText: 'Here is our menu.' } })
      const eve = await customer()
      const conv = await open(eve)
      const bots = async () => ((await s.call('GET', `/api/v1/conversations/${conv}/messages`, { token: eve.token })).json().messages as Array<{ automation: string | null }>)
        .filter((m) => m.automation === 'keyword').length
      await say(eve, conv, 'menu please')
      assert.equal(await bots(), 1, 'nobody of the team is there: the rule answers')
      await answer(ada, conv, 'Hi Eve, what would you like?')
      await assign(ada, conv, null)
      await say(eve, conv, 'the menu again?')
      assert.equal(await bots(), 1, 'a person answered just now: quiet')
      clock.advance(4 * HOUR + 1)
      await say(eve, conv, 'menu?')
      assert.equal(await bots(), 2, 'four hours later, unassigned: the rule answers again')
      await assign(ada, conv, ben.id)
      clock.advance(4 * HOUR + 1)
      await say(eve, conv, 'menu!')
      assert.equal(await bots(), 3, 'assigned to Ben, but Ben is not there (no app open, no request for hours): the rule answers')
      await s.call('GET', `/api/v1/brands/${brandId}/inbox-members`, { token: ben.token })
      await say(eve, conv, 'menu!!')
      assert.equal(await bots(), 3, 'assigned to Ben, who is there: quiet')
    })
  })
})
