/**
 * Gate: scale-out (docs/operations/scaling.md; docs/reliability.md, "Test tiers").
 *
 * Three `parloir start` processes on one PostgreSQL database and one Redis, behind nginx (round
 * robin), all on loopback: a message crosses processes live, media uploaded on one is served by
 * the others, and the send budget is shared. The faults (a process SIGKILLed under load, Redis
 * killed, PostgreSQL paused) are in three-processes-survive-faults.extended.test.ts, the extended
 * tier (`npm run test:extended`).
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { openConversations, signUpPeople } from '../support/send-load.ts'
import type { JsonClient } from '../support/http-client.ts'
import type { AccessEntry } from '../support/nginx.ts'
import { listen, print, send, SEND_BURST, withTopology, type Listener } from './checks.ts'
import { until } from './topology.ts'

/**
 * One a second: the bucket refills slowly enough that however slowly a loaded machine sends test
 * f's attempts (31 s once, beside other work), the shared budget refuses some of them on every node.
 */
const SENDS_PER_SECOND = 1

describe('three Parloir processes behind nginx, on one PostgreSQL and one Redis', () => {
  const setup = withTopology({ sendsPerSecond: SENDS_PER_SECOND })

  test('a) a message sent on one process reaches streams on the others within 2 s', { timeout: 60_000 }, async () => {
    const { topology, listeners } = setup
    const [ada, ben] = await signUpPeople(topology.client, 2, 'live', 2)
    assert.ok(ada && ben)
    const [conversation] = await openConversations(topology.client, [ada, ben], [[0, 1]])
    assert.ok(conversation)

    // Ben has a stream on each node (its URL, directly) and one through nginx.
    const direct = await Promise.all(topology.nodes.map((node) => listen(`node${node.index}`, node.url, ben, listeners)))
    const viaNginx = await listen('nginx', topology.nginx.url, ben, listeners)
    const all = [...direct, viaNginx]

    // Each delivery: on which node the send was and the stream was (through nginx: learnt below).
    const deliveries: Array<{ send: number; sentOn: number | 'nginx'; stream: Listener; ms: number }> = []
    let sends = 0
    const deliver = async (client: JsonClient, sentOn: number | 'nginx'): Promise<void> => {
      const n = ++sends
      const startedAt = Date.now()
      const message = await send(client, ada, conversation.id, `live ${n} on ${sentOn}`, `live-${n}`)
      await until(() => all.every((l) => l.arrivals.has(message.id)), `message ${n} (sent on ${sentOn}) on every stream`, 2_000 - (Date.now() - startedAt))
      for (const stream of all) deliveries.push({ send: n, sentOn, stream, ms: (stream.arrivals.get(message.id) ?? 0) - startedAt })
    }

    // Forced: each send on one node's URL; the streams on the two other nodes are cross-process.
    for (const node of topology.nodes) await deliver(topology.jsonClient(node.url), node.index)
    // Through nginx: round robin spreads the sends over the three nodes.
    const logBefore = topology.nginx.accessLog().length
    for (let k = 0; k < 6; k++) await deliver(topology.client, 'nginx')

    // nginx logs a WebSocket when it ends: close the stream to learn which node it was on.
    await viaNginx.stream.close()
    const isStream = (e: AccessEntry) => e.uri === '/api/v1/stream' && e.status === 101
    await until(() => topology.nginx.accessLog().some(isStream), 'the stream in the access log', 5_000)
    const log = topology.nginx.accessLog()
    const streamEntry = log.find(isStream)
    const nginxStreamNode = streamEntry && topology.nodeOf(streamEntry)
    const nginxSendNodes = log.slice(logBefore).filter((e) => e.method === 'POST' && e.uri === `/api/v1/conversations/${conversation.id}/messages`).map((e) => topology.nodeOf(e))
    assert.notEqual(nginxStreamNode, undefined, "the nginx stream's node")
    assert.equal(nginxSendNodes.length, 6, JSON.stringify(log))
    assert.deepEqual(new Set(nginxSendNodes), new Set([0, 1, 2]), 'round robin reached all three nodes')

    const nodeOfSend = (d: (typeof deliveries)[number]) => (d.sentOn === 'nginx' ? nginxSendNodes[d.send - 4] : d.sentOn)
    const nodeOfStream = (l: Listener) => (l === viaNginx ? nginxStreamNode : direct.indexOf(l))
    const cross = deliveries.filter((d) => nodeOfSend(d) !== nodeOfStream(d.stream))
    // Through nginx too, sends landed on other nodes than the stream's.
    const nginxCross = nginxSendNodes.filter((node) => node !== nginxStreamNode).length
    assert.ok(nginxCross >= 2, `sends on ${JSON.stringify(nginxSendNodes)}, stream on ${nginxStreamNode}`)
    // 3 forced sends × 2 other nodes' streams + the nginx stream for 2 of them; 6 sends through nginx × 2 direct streams + the nginx stream for nginxCross of them.
    assert.equal(cross.length, 3 * 2 + 2 + 6 * 2 + nginxCross)
    const ms = cross.map((d) => d.ms).sort((x, y) => x - y)
    print('a) cross-process delivery', {
      crossProcessDeliveries: cross.length,
      medianMs: ms[Math.floor(ms.length / 2)],
      maxMs: ms.at(-1),
      nginxStreamOnNode: nginxStreamNode,
      nginxSendsOnNodes: nginxSendNodes,
    })
    for (const d of deliveries) assert.ok(d.ms <= 2_000, `send ${d.send} on ${d.sentOn} → stream ${d.stream.name}: ${d.ms} ms`)
    for (const l of direct) await l.stream.close()
  })

  // The processes share one media folder (PARLOIR_MEDIA_DIR), as a network mount would be.
  test('e) an attachment uploaded through one process can be downloaded through the others', { timeout: 30_000 }, async () => {
    const { topology } = setup
    const [erin] = await signUpPeople(topology.client, 1, 'media', 1)
    assert.ok(erin)
    const upload = await fetch(`${topology.nodes[0]!.url}/api/v1/media?name=hello.txt`, {
      method: 'POST', headers: { authorization: `Bearer ${erin.token}`, 'content-type': 'application/octet-stream' }, body: 'hello from node 0\n',
    })
    assert.equal(upload.status, 201)
    const media = (await upload.json()) as { id: string }
    const answers = await Promise.all(topology.nodes.map(async (node) => {
      const res = await fetch(`${node.url}/api/v1/media/${media.id}`, { headers: { authorization: `Bearer ${erin.token}` } })
      await res.arrayBuffer()
      return res.status
    }))
    print('e) media across nodes', { uploadedOn: 0, downloadStatusByNode: answers })
    assert.deepEqual(answers, [200, 200, 200])
  })

  test('f) one send budget across the three processes: an account spends its burst once, not once per process', { timeout: 60_000 }, async () => {
    const { topology } = setup
    const [fay, gus] = await signUpPeople(topology.client, 2, 'rate', 2)
    assert.ok(fay && gus)
    const [conversation] = await openConversations(topology.client, [fay, gus], [[0, 1]])
    assert.ok(conversation)
    const path = `/api/v1/conversations/${conversation.id}/messages`
    // Per-process budgets would take 3 × SEND_BURST at once: more than this many attempts.
    const attempts = 2 * SEND_BURST + 50
    const logBefore = topology.nginx.accessLog().length
    const started = Date.now()
    const answers: Array<{ status: number; code?: string }> = []
    let next = 0
    const worker = async () => {
      while (next < attempts) {
        const n = ++next
        const res = await topology.client.request<{ error?: { code: string } }>('POST', path, { token: fay.token, body: { text: `rate ${n}`, clientMessageId: `rate-${n}` }, timeoutMs: 10_000 })
        answers.push({ status: res.status, ...(res.body?.error ? { code: res.body.error.code } : {}) })
      }
    }
    await Promise.all(Array.from({ length: 16 }, worker))
    const seconds = (Date.now() - started) / 1_000
    const accepted = answers.filter((a) => a.status === 201).length
    const refused = answers.filter((a) => a.status === 429 && a.code === 'RATE_LIMITED').length
    const byNode = [0, 1, 2].map(() => ({ accepted: 0, refused: 0 }))
    for (const entry of topology.nginx.accessLog().slice(logBefore).filter((e) => e.method === 'POST' && e.uri === path)) {
      const node = topology.nodeOf(entry)
      if (node === undefined) continue
      if (entry.status === 201) byNode[node]!.accepted++
      if (entry.status === 429) byNode[node]!.refused++
    }
    // The burst, plus what the bucket refilled while the test sent (10/s), plus one for rounding.
    const allowed = SEND_BURST + Math.ceil(SENDS_PER_SECOND * seconds) + 1
    print('f) shared send limit', { attempts, accepted, refused, allowedAtMost: allowed, perProcessWouldAllow: 3 * SEND_BURST, seconds: Math.round(seconds * 10) / 10, byNode })
    assert.equal(accepted + refused, attempts, JSON.stringify(answers.filter((a) => a.status !== 201 && a.status !== 429)))
    assert.ok(accepted >= SEND_BURST, `the whole burst is allowed: ${accepted}`)
    assert.ok(accepted <= allowed, `one budget for the three processes: ${accepted} accepted, at most ${allowed}`)
    assert.ok(byNode.every((n) => n.accepted > 0 && n.refused > 0), `every node took sends and refused some: ${JSON.stringify(byNode)}`)
  })
})
