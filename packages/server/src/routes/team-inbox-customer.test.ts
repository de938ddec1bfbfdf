import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { InboxCustomer } from '@parloir/protocol'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>

/**
 * The customer panel beside a conversation the team works: Northwind Coffee's agents Ada and Ben,
 * viewer Vic, customer Chloe (who also writes in a group with the brand), a visitor, and Olga of
 * another brand.
 */
describe("the team inbox's customer panel", () => {
  const clock = new TestClock(Date.UTC(2026, 10, 23, 9, 0, 0))
  let s: TestServer
  let ada: Person, ben: Person, vic: Person, chloe: Person, olga: Person
  let brandId: string
  let otherBrandId: string
  let chloeConversation: string

  before(async () => {
    s = await testServer({}, { clock })
    ;[ada, ben, vic, chloe, olga] = [await s.person('ada'), await s.person('ben'), await s.person('vic'), await s.person('chloe', 'Chloe Martin'), await s.person('olga')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${vic.id}`, { token: ada.token, body: { role: 'viewer' } })
    otherBrandId = (await s.call('POST', '/api/v1/brands', { token: olga.token, body: { handle: 'southwind', displayName: 'Southwind Tea' } })).json().brand.id
    chloeConversation = (await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: brandId, ref: 'spring-sale' } })).json().id
  })
  after(() => s.stop())

  const panel = (member: Person, conversationId: string, brand = brandId) =>
    s.call('GET', `/api/v1/brands/${brand}/inbox/${conversationId}/customer`, { token: member.token })
  const customerOf = async (member: Person, conversationId: string) => {
    const res = await panel(member, conversationId)
    assert.equal(res.statusCode, 200, res.body)
    return res.json() as InboxCustomer
  }

  describe('for a person who came from a link', () => {
    test('says who they are, where they came from, when they first wrote, their groups with the brand, the notes and the block', async () => {
      const before = await customerOf(vic, chloeConversation)
      assert.equal(before.account?.displayName, 'Chloe Martin')
      assert.equal(before.account?.handle, 'chloe')
      assert.equal(before.customerKind, 'person')
      assert.equal(before.source, 'spring-sale')
      assert.equal(before.firstWroteAt, null, 'she has not written yet')
      assert.deepEqual([before.groups, before.noteCount, before.blocked, before.email], [[], 0, false, null])

      clock.advance(60_000)
      const first = (await s.call('POST', `/api/v1/conversations/${chloeConversation}/messages`, { token: chloe.token, body: { text: 'My beans have not arrived' } })).json()
      clock.advance(60_000)
      await s.call('POST', `/api/v1/conversations/${chloeConversation}/messages`, { token: chloe.token, body: { text: 'Any news?' } })
      for (const text of ['She ordered twice', 'Refund approved']) {
        assert.equal((await s.call('POST', `/api/v1/brands/${brandId}/inbox/${chloeConversation}/notes`, { token: ben.token, body: { text } })).statusCode, 201)
      }
      await s.call('POST', `/api/v1/brands/${brandId}/inbox/${chloeConversation}/status`, { token: ada.token, body: { status: 'pending' } }) // an activity line, not a note
      const group = (await s.call('POST', '/api/v1/conversations/group', { token: chloe.token, body: { name: 'Office coffee club', accountIds: [brandId, ada.id] } })).json()
      await s.call('POST', `/api/v1/conversations/${group.id}/messages`, { token: chloe.token, body: { text: 'Hello all' } })
      const left = (await s.call('POST', '/api/v1/conversations/group', { token: chloe.token, body: { name: 'Old club', accountIds: [brandId, ada.id] } })).json()
      await s.call('POST', `/api/v1/conversations/${left.id}/leave`, { token: chloe.token })
      // A brand blocks with a reason and a second member's approval (moderation.test.ts).
      const asked = await s.call('POST', `/api/v1/brands/${brandId}/moderation/blocks`, { token: ben.token, body: { accountId: chloe.id, reason: 'Abusive messages.' } })
      assert.equal((await s.call('POST', `/api/v1/brands/${brandId}/moderation/approvals/${asked.json().approval.id}/approve`, { token: ada.token })).statusCode, 200)

      const after = await customerOf(ben, chloeConversation)
      assert.equal(after.firstWroteAt, first.createdAt)
      assert.equal(after.noteCount, 2, 'notes, not the status change')
      assert.deepEqual(after.groups, [{ conversationId: group.id, name: 'Office coffee club', status: 'open' }], 'the groups she is still in')
      assert.equal(after.blocked, true)
    })
  })

  describe('for a visitor', () => {
    test('shows the email they left, and none when they left none', async () => {
      const withEmail = (await s.call('POST', '/api/v1/visitors', { body: { brandId, text: 'Where is my order?', email: 'visitor@example.com', ref: 'footer' } })).json()
      const got = await customerOf(ada, withEmail.conversation.id)
      assert.deepEqual([got.customerKind, got.account?.kind, got.email, got.source], ['visitor', 'visitor', 'visitor@example.com', 'footer'])
      const without = (await s.call('POST', '/api/v1/visitors', { body: { brandId, text: 'Hello?' } })).json()
      assert.equal((await customerOf(ada, without.conversation.id)).email, null)
    })
  })

  describe('outside the team', () => {
    test("another brand's team, the customer and people outside get a 404", async () => {
      const otherBrand = await panel(olga, chloeConversation, otherBrandId)
      assert.equal(otherBrand.statusCode, 404)
      assert.equal(otherBrand.json().error.code, 'CONVERSATION_NOT_FOUND', 'not a conversation of that brand')
      assert.equal((await panel(olga, chloeConversation)).statusCode, 404, 'not on the team')
      const asCustomer = await panel(chloe, chloeConversation)
      assert.equal(asCustomer.statusCode, 404)
      assert.ok(!asCustomer.body.includes('spring-sale'))
    })
  })
})
