import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { moderationLimits, type Approval, type AuditEntry, type InboxItem, type Message, type Note } from '@parloir/protocol'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>
type Reply = Awaited<ReturnType<TestServer['call']>>
const code = (res: Reply) => (res.json() as { error?: { code: string } }).error?.code ?? String(res.statusCode)

/**
 * Moderation with tact at Northwind Coffee: Ben (agent) asks to block a customer, Ada (owner)
 * approves or declines, Cid (admin) changes the setting, Vic (viewer) reads; customers are
 * Chloe and friends. A block needs a reason and a second member; the customer is told; the case
 * opens in the team inbox with a private line; every step is in the audit log.
 */
describe('moderation', () => {
  const clock = new TestClock(Date.UTC(2026, 11, 7, 9, 0, 0))
  let s: TestServer
  let ada: Person, ben: Person, cid: Person, vic: Person
  let brandId: string

  before(async () => {
    s = await testServer({ rateLimits: { sendsPerSecond: 1000, sendsBurst: 1000 } as TestServer['config']['rateLimits'] }, { clock })
    ;[ada, ben, cid, vic] = [await s.person('ada'), await s.person('ben'), await s.person('cid'), await s.person('vic')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${cid.id}`, { token: ada.token, body: { role: 'admin' } })
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${vic.id}`, { token: ada.token, body: { role: 'viewer' } })
  })
  after(() => s.stop())

  let customers = 0
  /** A customer who wrote to the brand once; the conversation is resolved, as a case the team closed. */
  const customer = async (text = 'My parcel is two weeks late!') => {
    const person = await s.person(`chloe${++customers}`)
    const conversationId = (await s.call('POST', '/api/v1/conversations/direct', { token: person.token, body: { accountId: brandId } })).json().id as string
    const sent = await s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: person.token, body: { text } })
    assert.equal(sent.statusCode, 201, sent.body)
    await s.call('POST', `/api/v1/brands/${brandId}/inbox/${conversationId}/status`, { token: ada.token, body: { status: 'resolved' } })
    return { ...person, conversationId, messageId: sent.json().id as string }
  }
  const base = `/api/v1/brands/${'{brand}'}/moderation`
  const url = (path: string) => base.replace('{brand}', brandId) + path
  const ask = (member: Person, body: object) => s.call('POST', url('/blocks'), { token: member.token, body })
  const approve = (member: Person, id: string) => s.call('POST', url(`/approvals/${id}/approve`), { token: member.token })
  const decline = (member: Person, id: string, body: object) => s.call('POST', url(`/approvals/${id}/decline`), { token: member.token, body })
  const cancel = (member: Person, id: string) => s.call('POST', url(`/approvals/${id}/cancel`), { token: member.token })
  const audit = async (query = '') => {
    const res = await s.call('GET', url(`/audit${query}`), { token: vic.token })
    assert.equal(res.statusCode, 200, res.body)
    return res.json() as { entries: AuditEntry[]; nextCursor: string | null }
  }
  const blocked = async () => ((await s.call('GET', '/api/v1/blocks', { token: ada.token, headers: { 'parloir-act-as': brandId } })).json() as { accounts: Array<{ id: string }> }).accounts.map((a) => a.id)
  const asked = async (person: { id: string }, member = ben) => {
    const res = await ask(member, { accountId: person.id, reason: 'Insults the baristas in every message.' })
    assert.equal(res.statusCode, 201, res.body)
    const approval = (res.json() as { approval: Approval | null }).approval
    assert.ok(approval)
    return approval
  }

  describe('asking to block a customer', () => {
    test('needs a reason: missing, empty or blank answers MODERATION_REASON_REQUIRED and writes nothing', async () => {
      const chloe = await customer()
      for (const body of [{ accountId: chloe.id }, { accountId: chloe.id, reason: '' }, { accountId: chloe.id, reason: ' \n\t ' }]) {
        const res = await ask(ben, body)
        assert.equal(res.statusCode, 422)
        assert.equal(code(res), 'MODERATION_REASON_REQUIRED')
      }
      assert.deepEqual((await audit(`?personId=${chloe.id}`)).entries, [])
      assert.deepEqual((await s.call('GET', url('/approvals'), { token: vic.token })).json().approvals.filter((a: Approval) => a.personId === chloe.id), [])
    })

    test(`takes a reason of ${moderationLimits.reasonChars} characters and refuses one more`, async () => {
      const chloe = await customer()
      const tooLong = await ask(ben, { accountId: chloe.id, reason: 'é'.repeat(moderationLimits.reasonChars + 1) })
      assert.equal(tooLong.statusCode, 400)
      assert.equal(code(tooLong), 'VALIDATION_FAILED')
      const atLimit = await ask(ben, { accountId: chloe.id, reason: 'é'.repeat(moderationLimits.reasonChars) })
      assert.equal(atLimit.statusCode, 201, atLimit.body)
    })

    test('waits for a second member: nothing is blocked, the request is pending and in the audit log', async () => {
      const chloe = await customer()
      const approval = await asked(chloe)
      assert.equal(approval.status, 'pending')
      assert.equal(approval.requestedBy, ben.id)
      assert.equal(approval.reason, 'Insults the baristas in every message.')
      assert.ok(!(await blocked()).includes(chloe.id))
      const { entries } = await audit(`?personId=${chloe.id}`)
      assert.deepEqual(entries.map((e) => [e.action, e.actorId, e.approvalId]), [['customer.block.requested', ben.id, approval.id]])
      const again = await ask(cid, { accountId: chloe.id, reason: 'Same customer.' })
      assert.equal(code(again), 'APPROVAL_ALREADY_PENDING')
    })

    test('the old block route, acting as the brand, carries no reason: it names the route to use and blocks nothing', async () => {
      const chloe = await customer()
      const res = await s.call('POST', `/api/v1/accounts/${chloe.id}/block`, { token: ada.token, headers: { 'parloir-act-as': brandId } })
      assert.equal(code(res), 'MODERATION_REASON_REQUIRED')
      assert.equal(res.json().error.details.use, 'requestBlock')
      assert.ok(!(await blocked()).includes(chloe.id))
    })

    test('a report that blocks, acting as the brand, asks for the block with the report\'s reason', async () => {
      const chloe = await customer()
      const res = await s.call('POST', `/api/v1/accounts/${chloe.id}/report`, { token: ben.token, headers: { 'parloir-act-as': brandId }, body: { reason: 'Threats in a message.', block: true } })
      assert.equal(res.statusCode, 204, res.body)
      assert.ok(!(await blocked()).includes(chloe.id))
      const pending = (await s.call('GET', url('/approvals'), { token: vic.token })).json().approvals as Approval[]
      assert.equal(pending.find((a) => a.personId === chloe.id)?.reason, 'Threats in a message.')
    })
  })

  describe('approving', () => {
    test('the requester cannot approve, nor decline, their own request', async () => {
      const chloe = await customer()
      const approval = await asked(chloe)
      assert.equal(code(await approve(ben, approval.id)), 'APPROVAL_OWN_REQUEST')
      assert.equal(code(await decline(ben, approval.id, { reason: 'Changed my mind' })), 'APPROVAL_OWN_REQUEST')
      assert.ok(!(await blocked()).includes(chloe.id))
    })

    test('a viewer cannot approve', async () => {
      const approval = await asked(await customer())
      assert.equal(code(await approve(vic, approval.id)), 'FORBIDDEN')
    })

    test('a second member approves: the customer is blocked, told, and their case opens in the inbox with a private line', async () => {
      const chloe = await customer()
      const approval = await asked(chloe)
      const res = await approve(ada, approval.id)
      assert.equal(res.statusCode, 200, res.body)
      assert.equal((res.json() as Approval).status, 'approved')
      assert.equal((res.json() as Approval).decidedBy, ada.id)
      assert.ok((await blocked()).includes(chloe.id))

      // Told: a notice with the reason in their conversation with the brand; never who asked or approved.
      const messages = (await s.call('GET', `/api/v1/conversations/${chloe.conversationId}/messages`, { token: chloe.token })).json().messages as Message[]
      const notice = messages.at(-1)
      assert.equal(notice?.kind, 'system')
      assert.equal(notice?.system?.action, 'account.blocked')
      assert.equal(notice?.text, 'Insults the baristas in every message.')
      assert.ok(!JSON.stringify(messages).includes(ben.id) && !JSON.stringify(messages).includes(ada.id))

      // Handed to customer service: the resolved conversation is open again, with who asked, who approved and why.
      const item = (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${chloe.conversationId}`, { token: vic.token })).json() as InboxItem
      assert.equal(item.state.status, 'open')
      const notes = (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${chloe.conversationId}/notes`, { token: vic.token })).json().notes as Note[]
      const line = notes.find((n) => n.activity?.action === 'customer.blocked')
      assert.deepEqual(line?.activity, { action: 'customer.blocked', requestedBy: ben.id, approvedBy: ada.id, moderationReason: 'Insults the baristas in every message.' })

      // The audit log: request, approval, block, newest first.
      const { entries } = await audit(`?personId=${chloe.id}`)
      assert.deepEqual(entries.map((e) => [e.action, e.actorId]), [['customer.blocked', ada.id], ['customer.block.approved', ada.id], ['customer.block.requested', ben.id]])
      assert.ok(entries.every((e) => e.approvalId === approval.id))
    })

    test('a second approval of the same request is refused, and blocks nothing twice', async () => {
      const chloe = await customer()
      const approval = await asked(chloe)
      assert.equal((await approve(ada, approval.id)).statusCode, 200)
      const twice = await approve(cid, approval.id)
      assert.equal(twice.statusCode, 409)
      assert.equal(code(twice), 'APPROVAL_NOT_PENDING')
      assert.equal((await audit(`?personId=${chloe.id}&action=customer.blocked`)).entries.length, 1)
    })

    test('two members approving at once: one blocks, the other is told it was decided', async () => {
      const chloe = await customer()
      const approval = await asked(chloe)
      const answers = await Promise.all([approve(ada, approval.id), approve(cid, approval.id)])
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 409])
      assert.equal((await audit(`?personId=${chloe.id}&action=customer.blocked`)).entries.length, 1)
    })

    test('a withdrawn request cannot be approved', async () => {
      const chloe = await customer()
      const approval = await asked(chloe)
      const withdrawn = await cancel(ben, approval.id)
      assert.equal((withdrawn.json() as Approval).status, 'cancelled')
      assert.equal(code(await approve(ada, approval.id)), 'APPROVAL_NOT_PENDING')
      assert.ok(!(await blocked()).includes(chloe.id))
      assert.deepEqual((await audit(`?personId=${chloe.id}`)).entries.map((e) => e.action), ['customer.block.cancelled', 'customer.block.requested'])
    })

    test("an agent cannot withdraw a colleague's request; an admin can", async () => {
      const approval = await asked(await customer(), cid)
      assert.equal(code(await cancel(ben, approval.id)), 'FORBIDDEN')
      assert.equal((await cancel(ada, approval.id)).statusCode, 200)
    })

    test('a request left waiting lapses after 7 days: approving it then is refused as expired', async () => {
      const chloe = await customer()
      const approval = await asked(chloe)
      clock.advance(moderationLimits.approvalTtlMs)
      const res = await approve(ada, approval.id)
      assert.equal(code(res), 'APPROVAL_EXPIRED')
      assert.ok(!(await blocked()).includes(chloe.id))
      const expired = (await s.call('GET', url('/approvals?status=expired'), { token: vic.token })).json().approvals as Approval[]
      assert.ok(expired.some((a) => a.id === approval.id && a.status === 'expired'))
      // A new request may be made once the old one lapsed.
      assert.equal((await asked(chloe)).status, 'pending')
    })

    test('a pending request stands in the way of another block, setting or not; asking about someone blocked meanwhile is refused as ALREADY_BLOCKED', async () => {
      const chloe = await customer()
      const first = await asked(chloe)
      // With the setting off, Cid would block at once, but Ben's request waits: it must be withdrawn first.
      await s.call('PATCH', url('/settings'), { token: cid.token, body: { secondApproval: false } })
      const direct = await s.call('POST', url('/blocks'), { token: cid.token, body: { accountId: chloe.id, reason: 'Urgent.' } })
      assert.equal(code(direct), 'APPROVAL_ALREADY_PENDING', 'a pending request stands in the way, setting or not')
      await cancel(ben, first.id)
      assert.equal((await s.call('POST', url('/blocks'), { token: cid.token, body: { accountId: chloe.id, reason: 'Urgent.' } })).statusCode, 201)
      await s.call('PATCH', url('/settings'), { token: cid.token, body: { secondApproval: true } })
      const stale = await ask(ben, { accountId: chloe.id, reason: 'Again' })
      assert.equal(code(stale), 'ALREADY_BLOCKED')
    })

    test('declining needs a reason and does nothing but record it', async () => {
      const chloe = await customer()
      const approval = await asked(chloe)
      assert.equal(code(await decline(ada, approval.id, {})), 'MODERATION_REASON_REQUIRED')
      const res = await decline(ada, approval.id, { reason: 'Her parcel is late: call her first.' })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal((res.json() as Approval).status, 'declined')
      assert.equal((res.json() as Approval).decisionReason, 'Her parcel is late: call her first.')
      assert.ok(!(await blocked()).includes(chloe.id))
      assert.equal(code(await approve(cid, approval.id)), 'APPROVAL_NOT_PENDING')
      assert.deepEqual((await audit(`?personId=${chloe.id}`)).entries.map((e) => [e.action, e.reason]), [
        ['customer.block.declined', 'Her parcel is late: call her first.'], ['customer.block.requested', 'Insults the baristas in every message.'],
      ])
    })

    test('an approval of another brand looks missing', async () => {
      const olga = await s.person('olga')
      const south = (await s.call('POST', '/api/v1/brands', { token: olga.token, body: { handle: 'southwind', displayName: 'Southwind Tea' } })).json().brand.id as string
      const approval = await asked(await customer())
      const res = await s.call('POST', `/api/v1/brands/${south}/moderation/approvals/${approval.id}/approve`, { token: olga.token })
      assert.equal(code(res), 'APPROVAL_NOT_FOUND')
    })
  })

  describe('with the second approval off', () => {
    test('only an owner or admin turns it off; the change is in the audit log', async () => {
      assert.equal(code(await s.call('PATCH', url('/settings'), { token: ben.token, body: { secondApproval: false } })), 'FORBIDDEN')
      const res = await s.call('PATCH', url('/settings'), { token: cid.token, body: { secondApproval: false, reason: 'Weekend cover is one person.' } })
      assert.deepEqual(res.json(), { secondApproval: false })
      assert.deepEqual((await s.call('GET', url('/settings'), { token: vic.token })).json(), { secondApproval: false })
      const [entry] = (await audit('?action=secondApproval.disabled')).entries
      assert.equal(entry?.actorId, cid.id)
      assert.equal(entry?.reason, 'Weekend cover is one person.')
    })

    test('a block is done at once, still with a reason, the customer told and the case opened', async () => {
      await s.call('PATCH', url('/settings'), { token: cid.token, body: { secondApproval: false } })
      const chloe = await customer()
      assert.equal(code(await ask(ben, { accountId: chloe.id })), 'MODERATION_REASON_REQUIRED')
      const res = await ask(ben, { accountId: chloe.id, reason: 'Spam, forty times.' })
      assert.equal(res.statusCode, 201, res.body)
      const answer = res.json() as { approval: Approval | null; entry: AuditEntry | null }
      assert.equal(answer.approval, null)
      assert.equal(answer.entry?.action, 'customer.blocked')
      assert.ok((await blocked()).includes(chloe.id))
      const notes = (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${chloe.conversationId}/notes`, { token: vic.token })).json().notes as Note[]
      assert.deepEqual(notes.find((n) => n.activity?.action === 'customer.blocked')?.activity, { action: 'customer.blocked', requestedBy: ben.id, approvedBy: null, moderationReason: 'Spam, forty times.' })
      await s.call('PATCH', url('/settings'), { token: cid.token, body: { secondApproval: true } })
    })
  })

  describe('a customer the brand never talked with', () => {
    test('blocking them opens a conversation for the case, and tells them there', async () => {
      const dan = await s.person('dan')
      await approve(ada, (await asked(dan)).id)
      // Dan hears from people he knows only: it waits in his requests.
      const list = (await s.call('GET', '/api/v1/conversations?box=requests', { token: dan.token })).json() as { conversations: Array<{ id: string; lastMessage: Message | null }> }
      const withBrand = list.conversations.find((c) => c.lastMessage?.system?.action === 'account.blocked')
      assert.ok(withBrand, JSON.stringify(list).slice(0, 400))
      const item = (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${withBrand.id}`, { token: vic.token })).json() as InboxItem
      assert.equal(item.state.status, 'open')
      assert.equal(item.state.customerId, dan.id)
    })
  })

  describe('unblocking', () => {
    test('needs a reason, is done at once, tells the customer, and undoes the block in the audit log', async () => {
      const chloe = await customer()
      await approve(ada, (await asked(chloe)).id)
      assert.equal(code(await s.call('POST', url('/unblocks'), { token: cid.token, body: { accountId: chloe.id } })), 'MODERATION_REASON_REQUIRED')
      const res = await s.call('POST', url('/unblocks'), { token: cid.token, body: { accountId: chloe.id, reason: 'We spoke on the phone; all is well.' } })
      assert.equal(res.statusCode, 201, res.body)
      assert.ok(!(await blocked()).includes(chloe.id))
      const messages = (await s.call('GET', `/api/v1/conversations/${chloe.conversationId}/messages`, { token: chloe.token })).json().messages as Message[]
      assert.equal(messages.at(-1)?.system?.action, 'account.unblocked')
      assert.equal(messages.at(-1)?.text, 'We spoke on the phone; all is well.')
      const { entries } = await audit(`?personId=${chloe.id}`)
      const [unblock, block] = entries
      assert.equal(unblock?.action, 'customer.unblocked')
      assert.equal(block?.action, 'customer.blocked')
      assert.equal(unblock?.reverses, block?.id)
      assert.equal(block?.reversedBy, unblock?.id)
      // She may write again.
      assert.equal((await s.call('POST', `/api/v1/conversations/${chloe.conversationId}/messages`, { token: chloe.token, body: { text: 'Thank you.' } })).statusCode, 201)
      assert.equal(code(await s.call('POST', url('/unblocks'), { token: cid.token, body: { accountId: chloe.id, reason: 'Twice' } })), 'NOT_BLOCKED')
    })
  })

  describe('the audit log', () => {
    test('pages newest first and filters by action', async () => {
      const first = await audit('?limit=2')
      assert.equal(first.entries.length, 2)
      assert.ok(first.nextCursor)
      const second = await audit(`?limit=2&before=${first.nextCursor}`)
      assert.ok(second.entries.every((e) => e.id < (first.entries.at(-1)?.id ?? '')))
      const all = (await audit(`?limit=${moderationLimits.auditPageMax}`)).entries
      assert.deepEqual(all.map((e) => e.id), [...all.map((e) => e.id)].sort().reverse())
      assert.ok((await audit('?action=customer.block.declined')).entries.every((e) => e.action === 'customer.block.declined'))
      assert.equal((await s.call('GET', url(`/audit?limit=${moderationLimits.auditPageMax + 1}`), { token: vic.token })).statusCode, 400)
    })

    test('is the team\'s: another brand\'s member, or a customer, is answered as if the brand did not exist', async () => {
      const chloe = await customer()
      assert.equal(code(await s.call('GET', url('/audit'), { token: chloe.token })), 'ACCOUNT_NOT_FOUND')
    })
  })

  describe("hiding a customer's message", () => {
    const moderation = (conversationId: string, messageId: string) => `/api/v1/conversations/${conversationId}/messages/${messageId}/moderation`
    const as = { 'parloir-act-as': '' }
    const hide = (member: Person, c: { conversationId: string; messageId: string }, body: object) =>
      s.call('PUT', moderation(c.conversationId, c.messageId), { token: member.token, headers: { ...as, 'parloir-act-as': brandId }, body })
    const unhide = (member: Person, c: { conversationId: string; messageId: string }, body: object) =>
      s.call('DELETE', moderation(c.conversationId, c.messageId), { token: member.token, headers: { 'parloir-act-as': brandId }, body })

    test('needs a reason; the author still reads it with the reason; the team too; it is in the audit log', async () => {
      const chloe = await customer('Call me at +33 6 12 34 56 78, you useless lot')
      assert.equal(code(await hide(ben, chloe, {})), 'MODERATION_REASON_REQUIRED')
      const res = await hide(ben, chloe, { reason: 'A phone number in clear: we hid it to protect you.' })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal((res.json() as Message).moderation?.reason, 'A phone number in clear: we hid it to protect you.')
      assert.equal(code(await hide(ada, chloe, { reason: 'Again' })), 'MESSAGE_ALREADY_HIDDEN')
      const hers = (await s.call('GET', `/api/v1/conversations/${chloe.conversationId}/messages`, { token: chloe.token })).json().messages as Message[]
      const mine = hers.find((m) => m.id === chloe.messageId)
      assert.equal(mine?.text, 'Call me at +33 6 12 34 56 78, you useless lot')
      assert.deepEqual(mine?.moderation, { hiddenBy: brandId, reason: 'A phone number in clear: we hid it to protect you.', hiddenAt: mine?.moderation?.hiddenAt, reviewRequestedAt: null })
      const [entry] = (await audit(`?personId=${chloe.id}&action=message.hidden`)).entries
      assert.equal(entry?.actorId, ben.id)
      assert.equal(entry?.subjectId, chloe.messageId)
    })

    test("only a customer's message, never the brand's own", async () => {
      const chloe = await customer()
      const answer = await s.call('POST', `/api/v1/conversations/${chloe.conversationId}/messages`, { token: ben.token, headers: { 'parloir-act-as': brandId }, body: { text: 'Sorry to hear that.' } })
      assert.equal(code(await hide(ben, { conversationId: chloe.conversationId, messageId: answer.json().id }, { reason: 'Oops' })), 'NOT_A_CUSTOMER_MESSAGE')
    })

    test('in a group, the other participants see it emptied, with the reason', async () => {
      const [chloe, dora] = [await s.person('chloeg'), await s.person('dorag')]
      const group = (await s.call('POST', '/api/v1/conversations/group', { token: ben.token, headers: { 'parloir-act-as': brandId }, body: { accountIds: [chloe.id, dora.id] } })).json().id as string
      await s.call('POST', `/api/v1/conversations/${group}/accept`, { token: chloe.token })
      await s.call('POST', `/api/v1/conversations/${group}/accept`, { token: dora.token })
      const sent = await s.call('POST', `/api/v1/conversations/${group}/messages`, { token: chloe.token, body: { text: 'Dora is a liar' } })
      assert.equal(sent.statusCode, 201, sent.body)
      assert.equal((await hide(ben, { conversationId: group, messageId: sent.json().id }, { reason: 'A personal attack.' })).statusCode, 200)
      const doras = (await s.call('GET', `/api/v1/conversations/${group}/messages`, { token: dora.token })).json().messages as Message[]
      const seen = doras.find((m) => m.id === sent.json().id)
      assert.equal(seen?.text, '')
      assert.equal(seen?.moderation?.reason, 'A personal attack.')
      assert.ok(!JSON.stringify(doras).includes('liar'))
      // Nor in her list of conversations, where it is the last message.
      const list = await s.call('GET', '/api/v1/conversations', { token: dora.token })
      assert.ok(list.body.includes('A personal attack.') && !list.body.includes('liar'), list.body.slice(0, 300))
      assert.ok((await s.call('GET', `/api/v1/conversations/${group}`, { token: dora.token })).body.includes('A personal attack.'))
      assert.ok(!(await s.call('GET', `/api/v1/conversations/${group}`, { token: dora.token })).body.includes('liar'))
      // Chloé, its author, still reads it there.
      assert.ok((await s.call('GET', '/api/v1/conversations', { token: chloe.token })).body.includes('Dora is a liar'))
    })

    test('the author asks for a review once: the conversation opens in the inbox with the request', async () => {
      const chloe = await customer('You are thieves')
      await hide(ben, chloe, { reason: 'Name-calling.' })
      const review = (who: Person, body: object = { text: 'I was angry, but my parcel is still missing.' }) =>
        s.call('POST', `/api/v1/conversations/${chloe.conversationId}/messages/${chloe.messageId}/review`, { token: who.token, body })
      assert.equal(code(await review(ben)), 'CONVERSATION_NOT_FOUND', 'Ben, as himself, is not in the conversation')
      assert.equal((await review(chloe)).statusCode, 204)
      assert.equal(code(await review(chloe)), 'REVIEW_ALREADY_REQUESTED')
      const item = (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${chloe.conversationId}`, { token: vic.token })).json() as InboxItem
      assert.equal(item.state.status, 'open')
      const notes = (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${chloe.conversationId}/notes`, { token: vic.token })).json().notes as Note[]
      assert.deepEqual(notes.find((n) => n.activity?.action === 'review.requested')?.activity, { action: 'review.requested', messageId: chloe.messageId, moderationReason: 'I was angry, but my parcel is still missing.' })
      assert.equal((await audit(`?personId=${chloe.id}&action=message.review.requested`)).entries.length, 1)
    })

    test('showing it again needs a reason, undoes the hide in the audit log, and a review is no longer possible', async () => {
      const chloe = await customer('Refund me now')
      await hide(ben, chloe, { reason: 'Too curt? (test)' })
      assert.equal(code(await unhide(ada, chloe, {})), 'MODERATION_REASON_REQUIRED')
      const res = await unhide(ada, chloe, { reason: 'It is a fair request.' })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal((res.json() as Message).moderation, undefined)
      assert.equal(code(await unhide(ada, chloe, { reason: 'Twice' })), 'MESSAGE_NOT_HIDDEN')
      const [shown, hidden] = (await audit(`?personId=${chloe.id}`)).entries
      assert.equal(shown?.reverses, hidden?.id)
      const review = await s.call('POST', `/api/v1/conversations/${chloe.conversationId}/messages/${chloe.messageId}/review`, { token: chloe.token, body: {} })
      assert.equal(code(review), 'MESSAGE_NOT_HIDDEN')
    })
  })
})
