import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirApiError, type ParloirStream } from '@parloir/client'
import { brandMay, type BrandAction, type BrandRole, type ClientFrame } from '@parloir/protocol'
import { defaultRateLimits } from '../config.ts'
import { liveServer, type LiveServer, type Person } from '@parloir/testing/stream-fixtures'

/**
 * The stream's ops in the role × action matrix: each op acting as the brand is checked against
 * `brandPolicy` for every role, and with the role the member holds when the frame arrives, not
 * when the stream opened. A new op without a line here does not compile.
 */
const ops: Record<ClientFrame['op'], { action: BrandAction; run: (stream: ParloirStream, conversationId: string) => Promise<unknown> } | { personal: string }> = {
  ping: { personal: 'asks nothing of the brand' },
  typing: { action: 'conversations.type', run: (s, c) => s.typing(c) },
  read: { action: 'conversations.markRead', run: (s, c) => s.read(c, 1) },
  send: { action: 'messages.send', run: (s, c) => s.send(c, 'Yes, we open at 8.') },
  watchDiscussion: { personal: 'reads a public discussion, which anyone may read' },
  unwatchDiscussion: { personal: 'stops reading a public discussion' },
}

/** 'ok', or the code the server refused with. */
async function verdict(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
    return 'ok'
  } catch (error) {
    assert.ok(error instanceof ParloirApiError, String(error))
    return error.code
  }
}

describe("a brand team member's stream ops", () => {
  let live: LiveServer
  let ada: Person, chloe: Person
  let brandId: string
  let care: string
  before(async () => {
    // Typing is throttled per brand and conversation, whoever types: no throttle here.
    live = await liveServer({ typingIntervalMs: 0, rateLimits: { ...defaultRateLimits, sendsPerSecond: 1_000, sendsBurst: 1_000 } })
    ada = await live.person('ada')
    chloe = await live.person('chloe')
    brandId = (await ada.client.createBrand({ handle: 'northwind', displayName: 'Northwind Coffee' })).brand.id
    care = (await chloe.client.openDirect(brandId)).id
    await chloe.client.sendMessage(care, 'Are you open on Sunday?')
  })
  after(async () => { await live.stop() })

  for (const role of ['owner', 'admin', 'agent', 'viewer'] as BrandRole[]) {
    test(`for a brand ${role}, answer as the policy says`, async () => {
      const member = await live.person(`member_${role}`)
      await ada.client.setBrandMember(brandId, member.id, role)
      const stream = await live.stream(member.client)
      const mismatches: string[] = []
      for (const [op, entry] of Object.entries(ops)) {
        if (!('action' in entry)) continue
        const allowed = brandMay(role, entry.action)
        const got = await verdict(() => entry.run(stream, care))
        if (got !== (allowed ? 'ok' : 'FORBIDDEN')) mismatches.push(`${op} (${entry.action}): ${allowed ? 'allowed' : 'refused'} by the policy, answered ${got}`)
      }
      assert.deepEqual(mismatches, [])
    })
  }

  test('an agent demoted to viewer stops writing as the brand at once, on a stream opened before', async () => {
    const ben = await live.person('ben')
    await ada.client.setBrandMember(brandId, ben.id, 'agent')
    const stream = await live.stream(ben.client)
    assert.equal(await verdict(() => stream.send(care, 'On it.')), 'ok')

    await ada.client.setBrandMember(brandId, ben.id, 'viewer')
    assert.equal(await verdict(() => stream.send(care, 'Still here.')), 'FORBIDDEN')
    assert.equal(await verdict(() => stream.send(care, { text: 'As the brand.' }, { actAs: brandId })), 'FORBIDDEN')
    assert.equal(await verdict(() => stream.read(care, 2)), 'FORBIDDEN')
    assert.equal(await verdict(() => stream.typing(care)), 'FORBIDDEN')
    const texts = (await chloe.client.listMessages(care)).messages.map((m) => m.text)
    assert.deepEqual(texts.filter((t) => t.startsWith('Still') || t.startsWith('As the')), [], 'nothing was written')

    await ada.client.setBrandMember(brandId, ben.id, 'agent')
    assert.equal(await verdict(() => stream.send(care, 'Back on it.')), 'ok', 'and a promotion takes effect as fast')
  })
})
