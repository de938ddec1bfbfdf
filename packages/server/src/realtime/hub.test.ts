import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { WebSocket } from 'ws'
import type { EventEnvelope } from '@parloir/core'
import { createMetrics } from '../metrics.ts'
import { StreamConnection, type Corkable } from './hub.ts'

function connection(transport: Corkable | null = null) {
  const frames: Array<{ name: string; cursor?: number }> = []
  const socket = { OPEN: 1, readyState: 1, bufferedAmount: 0, send: (data: string) => frames.push(JSON.parse(data)), close() {} }
  const stream = new StreamConnection(socket as unknown as WebSocket, '1', 's', { accounts: new Map([['1', true]]) }, 1 << 20, createMetrics(() => undefined), transport)
  const event = (cursor: number): EventEnvelope => ({ name: 'conversation.removed', data: { conversationId: String(cursor) }, cursor, accountIds: ['1'] })
  return { stream, event, sent: () => frames.map((f) => f.cursor) }
}

describe('a stream connection', () => {
  test('holds the writes of one turn of the event loop and sends them together when it ends', async () => {
    const calls: string[] = []
    const { stream, event, sent } = connection({ cork: () => calls.push('cork'), uncork: () => calls.push('uncork') })
    stream.goLive([event(1)], 0)
    stream.deliver(event(2))
    stream.send({ name: 'heartbeat', at: 'now' })
    assert.deepEqual(sent(), [1, 2, undefined], 'the frames are written, in order')
    assert.deepEqual(calls, ['cork'], 'the socket is corked once, and stays corked for the rest of the turn')
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(calls, ['cork', 'uncork'])
    stream.deliver(event(3))
    assert.deepEqual(calls, ['cork', 'uncork', 'cork'], 'the next turn corks again')
    await new Promise((resolve) => setImmediate(resolve))
  })

  test('sends the replay, then the live events that arrived meanwhile, each once', () => {
    const { stream, event, sent } = connection()
    stream.deliver(event(5))
    stream.deliver(event(6))
    assert.deepEqual(sent(), [], 'live events wait for the replay')
    assert.equal(stream.goLive([event(4), event(5)], 3), 6)
    assert.deepEqual(sent(), [4, 5, 6])
  })

  test('never sends what the client already had (at or below its cursor)', () => {
    const { stream, event, sent } = connection()
    stream.goLive([], 10)
    stream.deliver(event(9))
    stream.deliver(event(10))
    stream.deliver(event(11))
    assert.deepEqual(sent(), [11])
  })

  test('sends an event that arrives after a higher one (two processes publishing), once', () => {
    const { stream, event, sent } = connection()
    stream.goLive([], 0)
    for (const cursor of [2, 1, 2, 4, 3, 1]) stream.deliver(event(cursor))
    assert.deepEqual(sent(), [2, 1, 4, 3])
  })

  test('after thousands of events, an old cursor is still not sent again', () => {
    const { stream, event, sent } = connection()
    stream.goLive([], 0)
    for (let cursor = 1; cursor <= 5_000; cursor++) stream.deliver(event(cursor))
    stream.deliver(event(10))
    assert.equal(sent().length, 5_000)
    assert.equal(new Set(sent()).size, 5_000)
  })
})
