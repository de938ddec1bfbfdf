import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Fanout, FanoutMessage } from '@parloir/core'

/** Waits until `check` holds: a delivery over Redis takes as long as the machine's load says. */
async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** The behaviour every fan-out passes; run once per implementation. */
export function fanoutContract(name: string, make: () => Promise<Fanout>): void {
  test(`${name}: a subscriber receives published messages in order, as plain data`, async () => {
    const fanout = await make()
    const got: FanoutMessage[] = []
    fanout.subscribe((m) => got.push(m))
    for (let i = 1; i <= 3; i++) {
      fanout.publish({ type: 'event', event: { name: 'conversation.removed', data: { conversationId: String(i) }, cursor: i, accountIds: ['1'] } })
    }
    await until(() => got.length >= 3, 'three messages')
    assert.deepEqual(got.map((m) => m.type === 'event' && m.event.cursor), [1, 2, 3])
    await fanout.close()
  })

  test(`${name}: an unsubscribed handler receives nothing more`, async () => {
    const fanout = await make()
    let count = 0
    const stop = fanout.subscribe(() => count++)
    // A second handler that stays, to know when the last message has been delivered.
    const seen: FanoutMessage[] = []
    fanout.subscribe((m) => seen.push(m))
    fanout.publish({ type: 'session.revoked', sessionId: '1' })
    await until(() => count === 1, 'the first message')
    stop()
    fanout.publish({ type: 'session.revoked', sessionId: '2' })
    await until(() => seen.length === 2, 'the second message, to the handler that stayed')
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
    await until(() => got.length >= 1, 'the message')
    assert.deepEqual(got[0]?.type === 'event' && got[0].event.accountIds, ['1'])
    await fanout.close()
  })
}
