/**
 * What the scale-out tests share (docs/operations/scaling.md): the topology they start, the
 * streams they listen on, and the durability checks they make. The gate's file checks the
 * topology works (live delivery across processes, media, one send budget); the extended tier's
 * file (`*.extended.test.ts`, `npm run test:extended`) kills processes, Redis and PostgreSQL
 * under load. Each test prints its figures on a `scale-out …:` line.
 */
import { after, before } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirClient, type ParloirStream } from '@parloir/client'
import type { Message } from '@parloir/protocol'
import type { SendLoad, Person } from '../support/send-load.ts'
import type { DurabilityReport } from '../support/durability-checker.ts'
import type { JsonClient } from '../support/http-client.ts'
import { Topology } from './topology.ts'

export const EXTENDED = process.env.EXTENDED === '1'
/** nginx's answer timeout: a request a node holds longer gets a 504. */
export const PROXY_READ_TIMEOUT_MS = 5_000
/**
 * The one rate limit on in these tests (PARLOIR_RATE_LIMITS stays off for the rest): messages per
 * account, in bursts of this many, counted in Redis by all three nodes (the gate's test f).
 */
export const SEND_BURST = 100

const figures: Record<string, unknown> = {}
export function print(title: string, values: Record<string, unknown>): void {
  figures[title] = values
  console.log(`scale-out ${title}: ${JSON.stringify(values)}`)
}

export function assertClean(report: DurabilityReport, load: SendLoad): void {
  assert.deepEqual(load.refused, [], 'no send may be refused')
  assert.deepEqual(report.counts, { lost: 0, duplicated: 0, phantom: 0, outOfOrder: 0, crossConversation: 0 }, report.problems.join('\n'))
  // Every sender drained its last message, so everything stored was acknowledged.
  assert.equal(report.storedUnacknowledged, 0)
  assert.equal(report.stored, report.acknowledged)
}

export const summary = (report: DurabilityReport) => ({ ...report.counts, acknowledged: report.acknowledged, stored: report.stored, storedUnacknowledged: report.storedUnacknowledged })

/** A stream as `person`, on `baseUrl` (a node, or nginx), that records what it hears. */
export interface Listener {
  name: string
  stream: ParloirStream
  /** message id → when it arrived (first time). */
  arrivals: Map<string, number>
  /** message ids in arrival order, duplicates included. */
  order: string[]
  disconnects: number[]
}

export async function listen(name: string, baseUrl: string, person: Person, listeners: Listener[]): Promise<Listener> {
  const stream = new ParloirClient({ baseUrl, token: person.token }).stream()
  const listener: Listener = { name, stream, arrivals: new Map(), order: [], disconnects: [] }
  listeners.push(listener)
  stream.on('message.created', (data) => {
    listener.order.push(data.message.id)
    if (!listener.arrivals.has(data.message.id)) listener.arrivals.set(data.message.id, Date.now())
  })
  stream.on('disconnect', (drop) => listener.disconnects.push(drop.code))
  await stream.whenLive(15_000)
  return listener
}

export async function send(client: JsonClient, person: Person, conversationId: string, text: string, clientMessageId: string): Promise<Message> {
  return client.expect<Message>(201, 'POST', `/api/v1/conversations/${conversationId}/messages`, { token: person.token, body: { text, clientMessageId }, timeoutMs: 10_000 })
}

/**
 * Starts the three processes, nginx, PostgreSQL and Redis before the suite's tests and stops them
 * after (call it inside the suite's `describe`); the streams the tests open are closed first.
 */
export function withTopology(options: {
  /** The send budget's refill per account: the load tests' senders must stay under it. */
  sendsPerSecond: number
}): { readonly topology: Topology; listeners: Listener[] } {
  const listeners: Listener[] = []
  let topology: Topology | undefined
  before(async () => {
    const started = Date.now()
    topology = await Topology.start({
      proxyReadTimeoutMs: PROXY_READ_TIMEOUT_MS,
      env: { PARLOIR_SENDS_PER_SECOND: String(options.sendsPerSecond), PARLOIR_SENDS_BURST: String(SEND_BURST) },
    })
    print('setup', { seconds: Math.round((Date.now() - started) / 100) / 10, nodes: topology.nodes.map((n) => n.port), nginx: topology.nginx.port })
  }, { timeout: 150_000 })
  after(async () => {
    for (const listener of listeners) await listener.stream.close().catch(() => undefined)
    await topology?.stop()
  })
  return {
    listeners,
    get topology(): Topology {
      assert.ok(topology, 'the topology started')
      return topology
    },
  }
}
