import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Fanout, FanoutMessage } from '@parloir/core'

/** The behaviour every fan-out passes; run once per implementation. */
export function fanoutContract(name: string, make: () => Promise<Fanout>): void {
  test(`${name}: a subscriber receives published messages in order, as plain data`, async () => {
    const fanout = await make()
    const got: FanoutMessage[] = []
    fanout.subscribe((m) => got.push(m))
    for (let i = 1; i <= 3; i++) {
      fanout.publish({ type: 'event', event: { name: 'conversation.removed', data: { conversationId: String(i) }, cursor: i, accountIds: ['1'] } })
    }
    await new Promise((r) => setTimeout(r, 20))
    assert.deepEqual(got.map((m) => m.type === 'event' && m.event.cursor), [1, 2, 3])
    await fanout.close()
  })

  test(`${name}: an unsubscribed handler receives nothing more`, async () => {
    const fanout = await make()
    let count = 0
    const stop = fanout.subscribe(() => count++)
    fanout.publish({ type: 'session.revoked', sessionId: '1' })
    await new Promise((r) => setTimeout(r, 20))
    stop()
    fanout.publish({ type: 'session.revoked', sessionId: '2' })
    await new Promise((r) => setTimeout(r, 20))
    assert.equal(count, 1)
    await fanout.close()
  })

  test(`${name}: a message mutated after publishing reaches subscribers unchanged`, async () => {
    const fanout = await make()
    const got: FanoutMessage[] = []
    fanout.subscribe((m) => got.push(m))
    const message: FanoutMessage = { type: 'event', event: { name: 'conversation.removed', data: { conversationId: '7' }, accountIds: ['1'] } }
    fanout.publish(message)
    message.event.accountIds.push('2')
    await new Promise((r) => setTimeout(r, 20))
    assert.deepEqual(got[0]?.type === 'event' && got[0].event.accountIds, ['1'])
    await fanout.close()
  })
}
