/**
 * Extended tier: scale-out faults (docs/operations/scaling.md; docs/reliability.md, "Test tiers").
 * Run with `npm run test:extended`, or alone:
 *   EXTENDED=1 node --import tsx --test e2e/scale-out/three-processes-survive-faults.extended.test.ts
 *
 * The topology of three-processes-behind-nginx.test.ts, under faults: a process SIGKILLed every
 * 2–4 s under send load (SCALE_OUT_KILLS, default 60 kills; 6 without EXTENDED=1), Redis killed
 * and restarted with streams open, PostgreSQL paused (SIGSTOP) and resumed. SCALE_OUT_TIMELINE=<file>
 * writes the kill test's kills, nginx's log of its sends and nginx's error log, to look into any 502.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { SendLoad, openConversations, signUpPeople, type DirectConversation } from '../support/send-load.ts'
import { checkDurability } from '../support/durability-checker.ts'
import type { JsonClient } from '../support/http-client.ts'
import { assertClean, EXTENDED, listen, print, PROXY_READ_TIMEOUT_MS, send, summary, withTopology } from './checks.ts'
import { sleep, until, type AppNode } from './topology.ts'

describe('three Parloir processes behind nginx survive a killed process, Redis and a paused PostgreSQL', () => {
  // Each sender stays under 10 sends a second per account, so the budget refuses none of the load.
  const setup = withTopology({ sendsPerSecond: 10 })

  test(`b) SIGKILL of one process every 2–4 s under load through nginx: 0 lost, duplicated, phantom, out of order, misrouted`, { timeout: EXTENDED ? 600_000 : 120_000 }, async () => {
    const { topology } = setup
    const kills = EXTENDED ? Number(process.env.SCALE_OUT_KILLS ?? 60) : 6
    const pairs: Array<[number, number]> = [...Array.from({ length: 10 }, (_, k): [number, number] => [2 * k, 2 * k + 1]), [0, 2], [5, 10]]
    const people = await signUpPeople(topology.client, 20, 'kill')
    const conversations = await openConversations(topology.client, people, pairs)

    const started = Date.now()
    const logBefore = topology.nginx.accessLog().length
    const errorsBefore = topology.nginx.errorLog().split('\n').length - 1
    const load = new SendLoad(topology.client, 'kill', conversations, { requestTimeoutMs: 8_000, retryDelayMs: 100, giveUpAfterMs: 90_000 })
    load.start()
    const record: Array<{ node: number; atMs: number; inFlight: number; acknowledged: number; restartMs?: number; upAtMs?: number }> = []
    const restartFailures: unknown[] = []
    try {
      while (record.length < kills) {
        await sleep(2_000 + Math.random() * 2_000)
        // One node always runs: with only two up, wait for a restart, then 2–4 s more. nginx's
        // checks are passive: it takes a restarted node back only after fail_timeout (1 s,
        // counted in whole seconds) since it last refused; a kill of the only other node within
        // that window leaves nginx with no node it believes alive, and it answers 502 (retried by
        // the senders) for up to 2 s.
        const up = topology.nodes.filter((n) => n.process && !n.restarting)
        if (up.length < 2) {
          await Promise.race(topology.nodes.map((n) => n.restarting).filter(Boolean))
          if (restartFailures[0]) throw restartFailures[0]
          continue
        }
        const node = up[Math.floor(Math.random() * up.length)] as AppNode
        const kill = { node: node.index, atMs: Date.now() - started, inFlight: load.inFlight, acknowledged: load.acknowledged } as (typeof record)[number]
        const exit = await topology.killNode(node)
        assert.equal(exit.signal, 'SIGKILL')
        record.push(kill)
        const restartAt = Date.now()
        node.restarting = topology.startNode(node)
          .then(() => { kill.restartMs = Date.now() - restartAt; kill.upAtMs = Date.now() - started }, (error: unknown) => { restartFailures.push(error) })
          .finally(() => { node.restarting = null })
      }
      await Promise.all(topology.nodes.map((n) => n.restarting))
      if (restartFailures[0]) throw restartFailures[0]
      await sleep(1_000) // some load with all three back
      await load.stop()
    } finally {
      load.abort()
    }
    const loadSeconds = (Date.now() - started) / 1_000

    const report = await checkDurability(topology.client, conversations, load)
    const served = [0, 0, 0]
    const statuses: Record<string, number> = {}
    const sends = topology.nginx.accessLog().slice(logBefore).filter((e) => e.method === 'POST' && e.uri.endsWith('/messages'))
    for (const entry of sends) {
      const node = topology.nodeOf(entry)
      if (node !== undefined && entry.status < 300) served[node]!++
      statuses[entry.status] = (statuses[entry.status] ?? 0) + 1
    }
    // Requests nginx had passed to a node when it was killed: it logs each as cut short.
    const cutShort = topology.nginx.errorLog().split('\n').slice(errorsBefore).filter((line) => /upstream prematurely closed connection|recv\(\) failed \(104/.test(line)).length
    if (process.env.SCALE_OUT_TIMELINE) {
      writeFileSync(process.env.SCALE_OUT_TIMELINE, JSON.stringify({ started, kills: record, sends, errors: topology.nginx.errorLog() }))
    }
    print('b) kills under load', {
      ...summary(report),
      kills: record.length,
      killedNodes: record.map((k) => k.node),
      inFlightAtKills: record.map((k) => k.inFlight),
      inFlightOnKilledNodes: cutShort,
      restartMs: record.map((k) => k.restartMs),
      ...load.stats,
      acknowledgedPerSecond: Math.round(report.acknowledged / loadSeconds),
      sendsServedByNode: served,
      nginxStatuses: statuses,
      nginxErrors: topology.nginx.errorSummary(errorsBefore),
      loadSeconds: Math.round(loadSeconds * 10) / 10,
    })
    for (const line of report.problems) console.log(`  ${line}`)
    assertClean(report, load)
    assert.equal(record.length, kills)
    assert.ok(record.some((k) => k.inFlight > 0), 'at least one kill must land while sends are in flight')
    assert.ok(cutShort > 0, 'some kills cut requests short on the killed node')
    assert.ok(report.acknowledged >= 200, `only ${report.acknowledged} messages were acknowledged`)
    assert.ok(served.every((count) => count > 0), `every node served sends: ${served.join(', ')}`)
  })

  test('c) Redis killed and restarted with streams open: clients on other processes catch up within 5 s', { timeout: EXTENDED ? 180_000 : 60_000 }, async () => {
    const { topology, listeners } = setup
    const [carl, dana] = await signUpPeople(topology.client, 2, 'rdis', 2)
    assert.ok(carl && dana)
    const [conversation] = await openConversations(topology.client, [carl, dana], [[0, 1]])
    assert.ok(conversation)
    // Carl sends on node 0 (and some through nginx); Dana listens on nodes 1 and 2 and through nginx.
    const sender = topology.jsonClient(topology.nodes[0]!.url)
    const streams = [
      await listen('node1', topology.nodes[1]!.url, dana, listeners),
      await listen('node2', topology.nodes[2]!.url, dana, listeners),
      await listen('nginx', topology.nginx.url, dana, listeners),
    ]
    const expected: string[] = []
    let n = 0
    const sendOne = async (client: JsonClient, label: string): Promise<{ id: string; sentAt: number }> => {
      const sentAt = Date.now()
      const message = await send(client, carl, conversation.id, `${label} ${++n}`, `rdis-${n}`)
      expected.push(message.id)
      return { id: message.id, sentAt }
    }
    /** When the last of the streams heard it (waits up to `timeoutMs`). */
    const heardBy = async (id: string, what: string, timeoutMs: number): Promise<number> => {
      await until(() => streams.every((s) => s.arrivals.has(id)), what, timeoutMs)
      return Math.max(...streams.map((s) => s.arrivals.get(id) ?? 0))
    }
    const first = await sendOne(sender, 'before')
    assert.ok((await heardBy(first.id, 'live delivery before the outage', 2_000)) - first.sentAt <= 2_000)

    // The promise, for a message sent while Redis was down or after it came back: on every
    // stream by 5 s after Redis returned, or 2 s after it was sent, whichever is later.
    // The gate's outage is long enough for every Redis connection's backoff to reach its cap.
    const outages = EXTENDED ? [2_500, 15_000] : [8_000]
    const results: Array<{ outageMs: number; catchUpMs: number; afterMs: number; late: string[]; closeCodes: number[][]; liveDuringOutage: number[] }> = []
    for (const outageMs of outages) {
      const disconnectsBefore = streams.map((s) => s.disconnects.length)
      await topology.redis.kill()
      const downAt = Date.now()
      await sleep(300)
      // Sends go on without Redis: they are committed, only the live fan-out pauses.
      const meanwhile: Array<{ id: string; sentAt: number }> = []
      for (let k = 0; k < 5; k++) meanwhile.push(await sendOne(k % 2 ? topology.client : sender, 'while redis is down'))
      await sleep(Math.max(0, outageMs - (Date.now() - downAt)))
      const liveDuringOutage = streams.map((s) => meanwhile.filter((m) => s.arrivals.has(m.id)).length)
      await topology.redis.start()
      const backAt = Date.now()

      const arrivals = await Promise.all(meanwhile.map((m) => heardBy(m.id, 'every stream to catch up after Redis returned', 30_000)))
      const catchUpMs = Math.max(...arrivals) - backAt
      // A message sent once they caught up: live again, or repaired once the sender's own
      // publisher is back (each connection of each process reconnects on its own backoff).
      const after = await sendOne(sender, 'after')
      const afterArrival = await heardBy(after.id, 'the message sent after the outage', 30_000)
      const late = [...meanwhile.map((m, i) => ({ ...m, at: arrivals[i]! })), { ...after, at: afterArrival }]
        .filter((m) => m.at > Math.max(m.sentAt + 2_000, backAt + 5_000))
        .map((m) => `${m.id}: sent ${m.sentAt - backAt} ms after Redis returned, on every stream ${m.at - backAt} ms after`)
      await Promise.all(streams.map((s) => s.stream.whenLive(10_000)))
      const closeCodes = streams.map((s, i) => s.disconnects.slice(disconnectsBefore[i]))
      results.push({ outageMs: backAt - downAt, catchUpMs, afterMs: afterArrival - after.sentAt, late, closeCodes, liveDuringOutage })
      assert.ok(closeCodes.every((c) => c.length >= 1 && c.every((code) => code === 4002)), `each stream closed with 4002 to resume: ${JSON.stringify(closeCodes)}`)
    }
    print('c) redis outage', { outages: results })
    for (const s of streams) {
      // Each message once (a replay and a live copy meeting are deduplicated by cursor), in order.
      assert.deepEqual(s.order, expected, `${s.name} heard every message once, in order`)
      await s.stream.close()
    }
    // Each Redis connection retries every 0.5–1 s once its backoff is capped (packages/fanout/src/redis.ts),
    // so every process is back within about 1 s of Redis, however long the outage.
    for (const r of results) assert.deepEqual(r.late, [], `outage of ${r.outageMs} ms`)
  })

  test('d) PostgreSQL paused: sends fail clearly, none is acknowledged meanwhile, and they succeed after SIGCONT', { timeout: EXTENDED ? 240_000 : 90_000 }, async () => {
    const { topology } = setup
    const pauseMs = EXTENDED ? 30_000 : 7_000
    const people = await signUpPeople(topology.client, 8, 'pause')
    const conversations: DirectConversation[] = await openConversations(topology.client, people, [[0, 1], [2, 3], [4, 5], [6, 7], [1, 2]])
    // The client's timeout is above nginx's, so what a sender sees during the pause is nginx's answer.
    const client = topology.recordingClient(topology.nginx.url)
    const load = new SendLoad(client, 'pause', conversations, { requestTimeoutMs: PROXY_READ_TIMEOUT_MS + 3_000, retryDelayMs: 200, giveUpAfterMs: pauseMs + 60_000 })

    // Parloir's own behaviour, without nginx in between: a send and a readiness check on node 1
    // that wait as long as it takes.
    const [probeSender, probeOther] = await signUpPeople(topology.client, 2, 'probe', 2)
    assert.ok(probeSender && probeOther)
    const [probeConversation] = await openConversations(topology.client, [probeSender, probeOther], [[0, 1]])
    assert.ok(probeConversation)
    const nodeClient = topology.recordingClient(topology.nodes[1]!.url)
    const errorsBefore = topology.nginx.errorLog().split('\n').length - 1

    let pausedAt = 0
    let resumedAt = 0
    let firstAckAfterResume = 0
    let pids: { postmaster: number; children: number[] } | undefined
    load.start()
    try {
      await sleep(1_500)
      const acknowledgedBeforePause = load.acknowledged
      pids = await topology.pausePostgres()
      pausedAt = Date.now()
      const probes = Promise.all([
        nodeClient.request('POST', `/api/v1/conversations/${probeConversation.id}/messages`, { token: probeSender.token, body: { text: 'probe', clientMessageId: 'probe-1' }, timeoutMs: pauseMs + 30_000 }).catch(() => undefined),
        nodeClient.request('GET', '/readyz', { timeoutMs: pauseMs + 30_000 }).catch(() => undefined),
      ])
      await sleep(pauseMs)
      const acknowledgedDuringPause = load.acknowledged
      resumedAt = Date.now()
      topology.resumePostgres()
      await until(() => load.acknowledged > acknowledgedDuringPause, 'a send acknowledged after SIGCONT', 30_000)
      firstAckAfterResume = Date.now() - resumedAt
      await sleep(1_500)
      await load.stop()
      await probes

      const report = await checkDurability(topology.client, conversations, load)
      // A send committed just before SIGSTOP may have its answer read a moment later.
      const grace = 300
      const during = client.answers.filter((a) => a.method === 'POST' && a.endedAt > pausedAt + grace && a.endedAt < resumedAt)
      const acknowledgedWhilePaused = during.filter((a) => a.status !== null && a.status >= 200 && a.status < 300)
      const failed = during.filter((a) => a.status === null || a.status >= 500)
      const byAnswer: Record<string, number> = {}
      for (const a of during) {
        const key = a.status === null ? a.error ?? 'error' : `${a.status}${a.code ? ` ${a.code}` : ''}`
        byAnswer[key] = (byAnswer[key] ?? 0) + 1
      }
      const probeSend = nodeClient.answers.find((a) => a.method === 'POST')
      const probeReady = nodeClient.answers.find((a) => a.path === '/readyz')
      const own = (a: typeof probeSend) => a && { status: a.status ?? a.error, code: a.code, answeredAfterMs: a.endedAt - pausedAt, answeredAfterResume: a.endedAt >= resumedAt }
      print('d) postgres pause', {
        ...summary(report),
        pauseMs: resumedAt - pausedAt,
        stoppedProcesses: pids ? 1 + pids.children.length : 0,
        acknowledgedBeforePause,
        answersDuringPause: byAnswer,
        nginxErrors: topology.nginx.errorSummary(errorsBefore),
        acknowledgedWhilePaused: acknowledgedWhilePaused.length,
        firstAckAfterResumeMs: firstAckAfterResume,
        ...load.stats,
        parloirOwnAnswer: { send: own(probeSend), readyz: own(probeReady) },
      })
      for (const line of report.problems) console.log(`  ${line}`)

      assert.ok(acknowledgedBeforePause > 0, 'sends were acknowledged before the pause')
      assert.deepEqual(acknowledgedWhilePaused, [], 'no send is acknowledged while PostgreSQL is stopped')
      assert.ok(failed.length > 0, 'sends made during the pause failed (an error answer or a timeout)')
      assert.ok(failed.every((a) => a.status === null || a.status === 502 || a.status === 503 || a.status === 504), `failures are gateway errors or timeouts: ${JSON.stringify(byAnswer)}`)
      assert.ok(firstAckAfterResume <= 10_000, `sends succeed again within 10 s of SIGCONT (took ${firstAckAfterResume} ms)`)
      // Every send that failed during the pause was retried with its clientMessageId until
      // acknowledged: none is lost, none stored twice, none stored without an acknowledgement.
      assertClean(report, load)

      // Parloir's own answer, without nginx: its statement deadline (4 s + 0.5 s by default) or
      // connect timeout (3 s) turns the pause into STORAGE_UNAVAILABLE, and /readyz gives up after 2 s.
      for (const [name, answer, withinMs] of [['send', probeSend, 6_000], ['readyz', probeReady, 3_000]] as const) {
        assert.ok(answer && answer.status === 503 && answer.endedAt - pausedAt <= withinMs && answer.endedAt < resumedAt, `${name}: ${JSON.stringify(own(answer))}`)
      }
      assert.equal(probeSend?.code, 'STORAGE_UNAVAILABLE')
      // Through nginx as well, a send that failed was Parloir's 503 before nginx's own timeout (or a 502/504 from nginx).
      assert.ok(failed.some((a) => a.status === 503 && a.code === 'STORAGE_UNAVAILABLE'), `Parloir's own answer reached the senders: ${JSON.stringify(byAnswer)}`)
    } finally {
      topology.resumePostgres()
      load.abort()
    }
  })
})
