import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { liveServer, type LiveServer } from '@parloir/testing/stream-fixtures'

describe("a brand team member's stream", () => {
  let live: LiveServer
  before(async () => { live = await liveServer({ rateLimits: { sendsPerSecond: 1000, sendsBurst: 1000 } as never }) })
  after(async () => { await live.stop() })

  test("hears the brand's conversations, and stops hearing them at once when removed from the team", async () => {
    const ada = await live.person('ada')
    const ben = await live.person('ben')
    const chloe = await live.person('chloe')
    const { brand } = await ada.client.createBrand({ handle: 'northwind', displayName: 'Northwind Coffee' })
    await ada.client.setBrandMember(brand.id, ben.id, 'agent')
    const care = await chloe.client.openDirect(brand.id)

    const stream = await live.stream(ben.client)
    const heard = stream.waitFor('message.created', { timeoutMs: 3_000 })
    await chloe.client.sendMessage(care.id, 'Is the shop open on Sunday?')
    assert.equal((await heard).message.text, 'Is the shop open on Sunday?')

    const dropped = stream.waitFor('disconnect', { timeoutMs: 3_000 })
    await ada.client.removeBrandMember(brand.id, ben.id)
    const disconnect = await dropped
    assert.equal(disconnect.code, 4002, 'closed with "access changed"')
    assert.equal(disconnect.willReconnect, true)
    await stream.whenLive(5_000)

    const other: string[] = []
    stream.on('message.created', (e) => other.push(e.message.text))
    const meanwhile = await chloe.client.sendMessage(care.id, 'Hello?')
    // A later message of Ben's own proves the stream is live and ordered after Chloe's.
    const dan = await live.person('dan')
    const own = await dan.client.openDirect(ben.id)
    const mine = stream.waitFor('message.created', { timeoutMs: 3_000, filter: (e) => e.message.conversationId === own.id })
    await dan.client.sendMessage(own.id, 'ping')
    await mine
    assert.ok(meanwhile.id)
    assert.deepEqual(other, ['ping'], "no brand message reaches a former agent's stream")
  })
})
