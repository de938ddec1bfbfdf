import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirApiError } from './errors.ts'
import { newClientMessageId, Outbox, type OutboxEntry } from './outbox.ts'

interface Item { clientMessageId: string; text: string }

/** A delivery the test answers by hand, one call at a time. */
function deliveries() {
  const calls: Array<{ item: Item; resolve: () => void; reject: (error: unknown) => void }> = []
  const deliver = (item: Item) => new Promise<void>((resolve, reject) => { calls.push({ item, resolve, reject }) })
  return { calls, deliver }
}

function outboxWith(options: Partial<ConstructorParameters<typeof Outbox<Item>>[0]> = {}) {
  const { calls, deliver } = deliveries()
  const changes: string[] = []
  const failures: Array<{ entry: OutboxEntry<Item>; error: unknown }> = []
  const outbox = new Outbox<Item>({
    deliver, changed: (item) => changes.push(item.clientMessageId), failed: (entry, error) => failures.push({ entry, error }), ...options,
  })
  const states = () => outbox.entries.map((e) => `${e.text} ${e.status}`)
  return { outbox, calls, changes, failures, states }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))
const refused = new ParloirApiError({ status: 409, code: 'CONVERSATION_CLOSED', message: 'closed' })

describe('an outbox', () => {
  test('a message shows at once as sending and leaves when the server has it', async () => {
    const { outbox, calls, changes, states } = outboxWith()
    outbox.add({ clientMessageId: 'a', text: 'Coffee at 10?' })
    assert.deepEqual(states(), ['Coffee at 10? sending'])
    assert.equal(calls.length, 1)
    assert.equal(calls[0]?.item.clientMessageId, 'a')
    calls[0]?.resolve()
    await settle()
    assert.deepEqual(states(), [])
    assert.deepEqual(changes, ['a', 'a'], 'told when added and when gone')
  })

  test('a refusal keeps it, failed with the reason, until retried or discarded', async () => {
    const { outbox, calls, failures } = outboxWith()
    outbox.add({ clientMessageId: 'a', text: 'Hello' })
    calls[0]?.reject(refused)
    await settle()
    assert.equal(outbox.entries[0]?.status, 'failed')
    assert.equal(outbox.entries[0]?.error, refused)
    assert.equal(failures[0]?.error, refused)
    outbox.retry('a')
    assert.equal(outbox.entries[0]?.status, 'sending')
    assert.equal(outbox.entries[0]?.error, null)
    assert.equal(calls[1]?.item.clientMessageId, 'a', 'sent again with the same client id')
    calls[1]?.reject(refused)
    await settle()
    outbox.discard('a')
    assert.deepEqual(outbox.entries, [])
  })

  describe('when the network fails', () => {
    test('it fails with no reason, and is sent again with the same client id when asked to resend', async () => {
      const { outbox, calls, failures } = outboxWith()
      outbox.add({ clientMessageId: 'a', text: 'Offline' })
      outbox.add({ clientMessageId: 'b', text: 'Refused' })
      const network = new TypeError('fetch failed')
      calls[0]?.reject(network)
      calls[1]?.reject(refused)
      await settle()
      assert.deepEqual(outbox.entries.map((e) => [e.status, e.error]), [['failed', null], ['failed', refused]])
      assert.equal(failures[0]?.error, network, 'the app still hears what it failed with')
      const resent = outbox.resendFailed()
      assert.deepEqual(calls.slice(2).map((c) => c.item.clientMessageId), ['a'], 'only what the network lost')
      calls[2]?.resolve()
      await resent
      assert.deepEqual(outbox.entries.map((e) => e.clientMessageId), ['b'])
    })
  })

  describe('when messages kept from an earlier run are restored', () => {
    test('they wait, unsent, and go with their own client ids at the next resend, each once', async () => {
      const { outbox, calls, changes, states } = outboxWith()
      outbox.add({ clientMessageId: 'live', text: 'Written now' })
      outbox.restore([
        { clientMessageId: 'kept-1', text: 'Written offline' },
        { clientMessageId: 'live', text: 'Written now' },
        { clientMessageId: 'kept-2', text: 'Also offline' },
        { clientMessageId: 'kept-1', text: 'Written offline' },
      ])
      assert.deepEqual(states(), ['Written now sending', 'Written offline failed', 'Also offline failed'], 'once each, not sent yet')
      assert.equal(calls.length, 1, 'restoring sends nothing')
      assert.deepEqual(changes, ['live', 'kept-1', 'kept-2'])
      const resent = outbox.resendFailed()
      assert.deepEqual(calls.slice(1).map((c) => c.item.clientMessageId), ['kept-1', 'kept-2'])
      for (const call of calls) call.resolve()
      await resent
      await settle()
      assert.deepEqual(states(), [])
    })
  })

  test('the server’s copy arriving first (by the stream) settles it; the late reply changes nothing', async () => {
    const { outbox, calls, changes } = outboxWith()
    outbox.add({ clientMessageId: 'a', text: 'Hi' })
    outbox.settle('a')
    assert.deepEqual(outbox.entries, [])
    calls[0]?.resolve()
    await settle()
    assert.deepEqual(changes, ['a', 'a'])
  })

  describe('when the server says RATE_LIMITED', () => {
    test('it waits as long as the server says, still sending, then sends again', async (t) => {
      t.mock.timers.enable({ apis: ['setTimeout'] })
      const { outbox, calls } = outboxWith({ waitWhenRateLimited: true })
      outbox.add({ clientMessageId: 'a', text: 'Quick' })
      calls[0]?.reject(new ParloirApiError({ status: 429, code: 'RATE_LIMITED', message: 'slow down', retryAfterMs: 2_000 }))
      await settle()
      assert.equal(outbox.entries[0]?.status, 'sending')
      t.mock.timers.tick(1_999)
      assert.equal(calls.length, 1)
      t.mock.timers.tick(1)
      assert.equal(calls.length, 2)
      assert.equal(calls[1]?.item.clientMessageId, 'a')
    })

    test('without waiting it fails like any refusal', async () => {
      const { outbox, calls } = outboxWith()
      outbox.add({ clientMessageId: 'a', text: 'Quick' })
      calls[0]?.reject(new ParloirApiError({ status: 429, code: 'RATE_LIMITED', message: 'slow down', retryAfterMs: 2_000 }))
      await settle()
      assert.equal(outbox.entries[0]?.status, 'failed')
    })

    test('disposing stops the wait', async (t) => {
      t.mock.timers.enable({ apis: ['setTimeout'] })
      const { outbox, calls } = outboxWith({ waitWhenRateLimited: true })
      outbox.add({ clientMessageId: 'a', text: 'Quick' })
      calls[0]?.reject(new ParloirApiError({ status: 429, code: 'RATE_LIMITED', message: 'slow down' }))
      await settle()
      outbox.dispose()
      t.mock.timers.tick(60_000)
      assert.equal(calls.length, 1)
    })
  })

  describe('one at a time', () => {
    test('each is sent after the one before settles, in order, also after a failure', async () => {
      const { outbox, calls, states } = outboxWith({ oneAtATime: true })
      outbox.add({ clientMessageId: 'a', text: 'First' })
      outbox.add({ clientMessageId: 'b', text: 'Second' })
      await settle()
      assert.deepEqual(states(), ['First sending', 'Second sending'], 'both show at once')
      assert.deepEqual(calls.map((c) => c.item.clientMessageId), ['a'])
      calls[0]?.reject(refused)
      await settle()
      assert.deepEqual(calls.map((c) => c.item.clientMessageId), ['a', 'b'])
      calls[1]?.resolve()
      await settle()
      assert.deepEqual(states(), ['First failed'])
    })
  })
})

test('client message ids are unique, carry their prefix and fit the server’s pattern', () => {
  const ids = new Set(Array.from({ length: 100 }, () => newClientMessageId('web')))
  assert.equal(ids.size, 100)
  for (const id of ids) assert.match(id, /^web-[A-Za-z0-9._:-]{1,60}$/)
})
