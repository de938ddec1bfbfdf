import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { inboxLimits } from '@parloir/protocol'
import { TestClock } from '@parloir/testing/server'
import { liveServer, until, type LiveServer, type Person } from '@parloir/testing/stream-fixtures'

/**
 * Presence from an open app: an agent whose stream stays open is there however long they do
 * nothing, and is not there a lease after they close it. The beat runs every 20 ms here; the
 * test's clock says when a renewal is due, and the test waits for the lease it should write.
 */
const clock = new TestClock()
let live: LiveServer
let ada: Person, ben: Person
let brandId: string

before(async () => {
  live = await liveServer({ presenceBeatMs: 20 }, { clock })
  ada = await live.person('ada')
  ben = await live.person('ben')
  brandId = (await live.server.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
  await live.server.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })
})
after(() => live.stop())

const bensPresence = async () => {
  const members = (await live.server.call('GET', `/api/v1/brands/${brandId}/inbox-members`, { token: ada.token })).json().members as Array<{ memberId: string; present: boolean }>
  return members.find((m) => m.memberId === ben.id)?.present
}
/** Waits until the beat renewed Ben's lease at the clock's time (however long the machine takes). */
async function renewedNow(): Promise<void> {
  const want = clock.ms + inboxLimits.presenceLeaseMs
  const deadline = Date.now() + 10_000
  while ((await live.server.deps.storage.reads.inbox.presence([ben.id])).get(ben.id) !== want) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the beat to renew Ben's lease")
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

test("an agent's open app keeps them there while they do nothing; closed, they are gone a lease later", async () => {
  clock.advance(inboxLimits.presenceLeaseMs) // past the throttle of Ben's sign-up, when he was on no team
  assert.equal(await bensPresence(), false, 'Ben never came')
  const stream = await live.stream(ben.client)
  assert.equal(await bensPresence(), true, 'opening the app is coming')
  for (let i = 0; i < 4; i++) {
    clock.advance(inboxLimits.presenceLeaseMs / 3)
    await renewedNow()
  }
  assert.equal(await bensPresence(), true, 'four thirds of a lease later, doing nothing, his open app renewed it')
  await stream.close()
  // Once the server has let go of the stream, no beat renews Ben any more.
  await until(() => live.server.hub.streamsOf(ben.id) === 0, "the server closing Ben's stream", 10_000)
  clock.advance(inboxLimits.presenceLeaseMs - 1)
  assert.equal(await bensPresence(), true, 'closed: there until the lease ends')
  clock.advance(inboxLimits.presenceLeaseMs)
  assert.equal(await bensPresence(), false, 'and gone after')
})
