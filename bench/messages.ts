/**
 * Message benchmark: `npm run bench` (node --import tsx bench/messages.ts).
 *
 * Starts Parloir as a child process on a temporary data folder in durable mode (SQLite WAL,
 * synchronous=FULL), connects 100 people in 50 direct conversations, each with an open
 * WebSocket stream, and measures, from the HTTP POST of a send to the recipient's stream
 * receiving `message.created`:
 *   - open-loop phases at fixed offered rates (latency counted from the scheduled send time,
 *     so a slow server cannot hide its queue: no coordinated omission);
 *   - a closed-loop peak (every person keeps one, then two, sends outstanding);
 *   - server CPU per message (process_cpu_seconds_total) and memory per idle stream
 *     (process_resident_memory_bytes before and after opening idle streams).
 * Every acknowledged message must reach its recipient's stream exactly once, and the database
 * must hold exactly the acknowledged messages; otherwise the run fails.
 *
 * Knobs (environment): BENCH_RATES=250,500,1000,2000  BENCH_SECONDS=10  BENCH_PAIRS=50
 * BENCH_IDLE_STREAMS=2000  BENCH_CLOSED_SECONDS=10  BENCH_CLOSED_PER_SENDER=1,2 (sends each person keeps
 * outstanding in the closed-loop phases)  BENCH_LOG_LEVEL=warn (the server's)  BENCH_JSON=path (also write
 * the figures as JSON).
 * It stops by itself: a hard deadline kills the server and exits 1.
 */
import { execFileSync } from 'node:child_process'
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { cpus, platform, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import type { Message } from '@parloir/protocol'
import { freePort, startParloir, stopParloir, type ParloirProcess } from '../e2e/support/parloir-process.ts'
import { JsonClient } from '../e2e/support/http-client.ts'
import { openConversations, signUpPeople, type DirectConversation, type Person } from '../e2e/support/send-load.ts'
import { percentile, round, sleep } from './stats.ts'

const env = process.env
const RATES = (env.BENCH_RATES ?? '250,500,1000,1500,2000').split(',').map(Number).filter((n) => n > 0)
const SECONDS = Number(env.BENCH_SECONDS ?? 10)
const PAIRS = Number(env.BENCH_PAIRS ?? 50)
const IDLE_STREAMS = Number(env.BENCH_IDLE_STREAMS ?? 2000)
const CLOSED_SECONDS = Number(env.BENCH_CLOSED_SECONDS ?? SECONDS)
const CLOSED_PER_SENDER = (env.BENCH_CLOSED_PER_SENDER ?? '1,2').split(',').map(Number).filter((n) => n > 0)
/** The server's log level: `warn` logs nothing per request; the default `info` logs two lines per request. */
const LOG_LEVEL = env.BENCH_LOG_LEVEL ?? 'warn'
const STREAMS_PER_USER = 20 // the server's default cap per person
const DRAIN_MS = 20_000
/** Keep-alive connections the load generator keeps open to the server (its most sends in flight). */
const HTTP_CONNECTIONS = 256
const DEADLINE_MS = 10 * 60_000


// ---------------------------------------------------------------------------------------------
// The machine

function sh(command: string, args: string[]): string {
  try { return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() } catch { return '' }
}

/** 4 KiB write + fsync, 200 times, in the data folder: what one durable commit costs at least. */
function fsyncLatencyMs(dir: string): { p50: number; p99: number } {
  const path = join(dir, 'fsync-probe')
  const fd = openSync(path, 'w')
  const block = Buffer.alloc(4096, 1)
  const samples: number[] = []
  for (let i = 0; i < 200; i++) {
    const t = performance.now()
    writeSync(fd, block, 0, block.length, (i % 16) * 4096)
    fsyncSync(fd)
    samples.push(performance.now() - t)
  }
  closeSync(fd)
  rmSync(path)
  samples.sort((a, b) => a - b)
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) }
}

function describeMachine(dataDir: string) {
  const df = sh('df', ['-PTh', dataDir]).split('\n')[1]?.split(/\s+/) ?? []
  const fsync = fsyncLatencyMs(dataDir)
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    os: `${platform()} ${release()}`,
    disk: df.length >= 3 ? `${df[0]} (${df[1]}, ${df[2]})` : 'unknown',
    fsyncMs: `${round(fsync.p50, 2)} p50, ${round(fsync.p99, 2)} p99`,
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Scrape {
  values: Record<string, number>
  /** The server's own timing of 201 sends: cumulative count per bucket upper bound (seconds). */
  sendBuckets: Map<number, number>
  /** Time spent in garbage collection, all kinds. */
  gcSeconds: number
}

async function scrape(client: JsonClient): Promise<Scrape> {
  const res = await client.request<string>('GET', '/metrics')
  const values: Record<string, number> = {}
  const sendBuckets = new Map<number, number>()
  let gcSeconds = 0
  for (const line of String(res.body).split('\n')) {
    const match = /^([a-z_]+) ([0-9.e+-]+)$/.exec(line)
    if (match?.[1] && match[2]) values[match[1]] = Number(match[2])
    if (line.startsWith('nodejs_gc_duration_seconds_sum{')) gcSeconds += Number(line.slice(line.lastIndexOf(' ') + 1))
    if (line.startsWith('parloir_http_request_duration_seconds_bucket{') && line.includes('route="/api/v1/conversations/:conversationId/messages"') &&
      line.includes('method="POST"') && line.includes('status="201"')) {
      const le = /le="([^"]+)"/.exec(line)?.[1]
      if (le !== undefined) sendBuckets.set(le === '+Inf' ? Infinity : Number(le), Number(line.slice(line.lastIndexOf(' ') + 1)))
    }
  }
  return { values, sendBuckets, gcSeconds }
}

/** The smallest bucket bound under which `q` of the sends between two scrapes were handled, in ms. */
function serverQuantileMs(before: Scrape, after: Scrape, q: number): number {
  const bounds = [...after.sendBuckets.keys()].sort((a, b) => a - b)
  const total = (after.sendBuckets.get(Infinity) ?? 0) - (before.sendBuckets.get(Infinity) ?? 0)
  for (const le of bounds) {
    if ((after.sendBuckets.get(le) ?? 0) - (before.sendBuckets.get(le) ?? 0) >= q * total) return le * 1000
  }
  return NaN
}

interface Pending { phase: Phase; t0: number; recipientId: string }

/** One measured phase: what was offered, acknowledged and delivered, and how long it took. */
class Phase {
  readonly deliveryMs: number[] = []
  readonly ackMs: number[] = []
  sent = 0
  acked = 0
  failed = 0
  delivered = 0
  startedAt = 0
  lastDeliveryAt = 0
  cpuMs = 0
  benchCpuMs = 0
  /** Upper bounds from the server's histogram, which counts from request to reply on the server. */
  serverP50Ms = NaN
  serverP99Ms = NaN
  /** The longest the server's event loop was blocked (nodejs_eventloop_lag_max_seconds), in ms. */
  eventLoopMaxMs = NaN
  gcMs = NaN
  commits = 0
  transactions = 0
  constructor(readonly name: string, readonly offeredPerSecond: number | null, readonly seconds: number) {}

  summary() {
    const delivery = [...this.deliveryMs].sort((a, b) => a - b)
    const ack = [...this.ackMs].sort((a, b) => a - b)
    const elapsedS = Math.max(this.seconds, (this.lastDeliveryAt - this.startedAt) / 1000)
    return {
      phase: this.name,
      offered: this.offeredPerSecond,
      achieved: round(this.delivered / elapsedS, 0),
      sent: this.sent, acked: this.acked, delivered: this.delivered, failed: this.failed,
      p50: round(percentile(delivery, 0.5), 1), p99: round(percentile(delivery, 0.99), 1), p999: round(percentile(delivery, 0.999), 1),
      max: round(delivery.at(-1) ?? NaN, 1),
      ackP50: round(percentile(ack, 0.5), 1), ackP99: round(percentile(ack, 0.99), 1),
      serverP50: this.serverP50Ms, serverP99: this.serverP99Ms,
      eventLoopMaxMs: round(this.eventLoopMaxMs, 0), gcMs: round(this.gcMs, 0),
      cpuMsPerMessage: round(this.cpuMs / Math.max(1, this.delivered), 3),
      benchCpuMsPerMessage: round(this.benchCpuMs / Math.max(1, this.delivered), 3),
      messagesPerCommit: round(this.transactions / Math.max(1, this.commits), 1),
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Streams

function openStream(url: string, token: string, onFrame: (frame: { name: string; data?: unknown }) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false })
    const timer = setTimeout(() => { socket.terminate(); reject(new Error('stream not ready in 15 s')) }, 15_000)
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { name: string; data?: unknown }
      if (frame.name === 'stream.ready') { clearTimeout(timer); resolve(socket) }
      onFrame(frame)
    })
    socket.once('error', (error) => { clearTimeout(timer); reject(error) })
    socket.once('close', (code) => { clearTimeout(timer); reject(new Error(`stream closed with ${code} before it was ready`)) })
  })
}

async function inBatches<T>(count: number, batch: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < count; i += batch) out.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, k) => fn(i + k)))))
  return out
}

// ---------------------------------------------------------------------------------------------
// The run

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-bench-'))
  let server: ParloirProcess | null = null
  let client: JsonClient | null = null
  const sockets: WebSocket[] = []
  const deadline = setTimeout(() => {
    console.error(`bench: still running after ${DEADLINE_MS / 1000} s, giving up`)
    server?.child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
    process.exit(1)
  }, DEADLINE_MS)
  deadline.unref()
  try {
    const machine = describeMachine(dataDir)
    console.log(`machine: ${JSON.stringify(machine)}`)
    const port = await freePort()
    server = await startParloir({ port, dataDir, env: { PARLOIR_RATE_LIMITS: 'off', LOG_LEVEL: LOG_LEVEL, PARLOIR_SQLITE_SYNCHRONOUS: 'full' }, nodeArgs: env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) })
    const http = (client = new JsonClient(server.url, { maxSockets: HTTP_CONNECTIONS, timeoutMs: 30_000 }))
    const url = server.url

    const idleUsers = Math.ceil(IDLE_STREAMS / STREAMS_PER_USER)
    let t = performance.now()
    const people = await signUpPeople(client, 2 * PAIRS + idleUsers, 'b', 8)
    const active = people.slice(0, 2 * PAIRS)
    const idle = people.slice(2 * PAIRS)
    const conversations = await openConversations(client, active, Array.from({ length: PAIRS }, (_, k): [number, number] => [2 * k, 2 * k + 1]))
    console.log(`setup: ${people.length} people and ${conversations.length} conversations in ${round((performance.now() - t) / 1000)} s`)

    // Deliveries: the recipient's stream resolves the pending send.
    const pending = new Map<string, Pending>()
    const ackedPerConversation = new Map<string, number>()
    let unexpected = 0
    let streamsLost = 0
    const onDelivery = (person: Person) => (frame: { name: string; data?: unknown }) => {
      if (frame.name !== 'message.created') return
      const message = (frame.data as { message: Message }).message
      if (message.senderId === person.id) return // the sender's own echo
      const entry = message.clientMessageId === null ? undefined : pending.get(message.clientMessageId)
      if (!entry || entry.recipientId !== person.id) { unexpected++; return }
      pending.delete(message.clientMessageId as string)
      const now = performance.now()
      entry.phase.deliveryMs.push(now - entry.t0)
      entry.phase.delivered++
      entry.phase.lastDeliveryAt = now
    }
    t = performance.now()
    for (const person of active) {
      const socket = await openStream(url, person.token, onDelivery(person))
      socket.on('close', () => { streamsLost++ })
      sockets.push(socket)
    }
    console.log(`streams: ${active.length} open in ${round(performance.now() - t, 0)} ms`)

    let sequence = 0
    /** Sends one message from `from` to the other member; resolves on the HTTP answer. */
    const send = async (phase: Phase, conversation: DirectConversation, from: 0 | 1, t0: number): Promise<void> => {
      const sender = conversation.members[from]
      const recipient = conversation.members[from === 0 ? 1 : 0]
      const clientMessageId = `b${++sequence}`
      pending.set(clientMessageId, { phase, t0, recipientId: recipient.id })
      phase.sent++
      try {
        const res = await http.request('POST', `/api/v1/conversations/${conversation.id}/messages`, {
          token: sender.token, body: { text: `bench ${phase.name} ${sequence}`, clientMessageId },
        })
        if (res.status !== 201) throw new Error(`send answered ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`)
        phase.acked++
        phase.ackMs.push(performance.now() - t0)
        ackedPerConversation.set(conversation.id, (ackedPerConversation.get(conversation.id) ?? 0) + 1)
      } catch (error) {
        phase.failed++
        pending.delete(clientMessageId)
        if (phase.failed <= 5) console.error(`bench: ${phase.name}: ${(error as Error).message}`)
      }
    }

    /**
     * Opens the HTTP agent's connections before a phase: under load, Node accepts a burst of new
     * connections slowly (seconds), which would be measured as message latency.
     */
    const warmConnections = () => Promise.all(Array.from({ length: HTTP_CONNECTIONS }, () => http.expect(200, 'GET', '/healthz')))

    const measure = async (phase: Phase, drive: () => Promise<void>) => {
      await warmConnections()
      await sleep(200)
      const before = await scrape(http)
      const benchCpu = process.cpuUsage()
      phase.startedAt = performance.now()
      await drive()
      const drainUntil = performance.now() + DRAIN_MS
      while ([...pending.values()].some((p) => p.phase === phase) && performance.now() < drainUntil) await sleep(20)
      const used = process.cpuUsage(benchCpu)
      const after = await scrape(http)
      phase.cpuMs = ((after.values.process_cpu_seconds_total ?? 0) - (before.values.process_cpu_seconds_total ?? 0)) * 1000
      phase.benchCpuMs = (used.user + used.system) / 1000
      phase.commits = (after.values.parloir_commits_total ?? 0) - (before.values.parloir_commits_total ?? 0)
      phase.transactions = (after.values.parloir_committed_transactions_total ?? 0) - (before.values.parloir_committed_transactions_total ?? 0)
      phase.serverP50Ms = serverQuantileMs(before, after, 0.5)
      phase.serverP99Ms = serverQuantileMs(before, after, 0.99)
      phase.eventLoopMaxMs = (after.values.nodejs_eventloop_lag_max_seconds ?? NaN) * 1000
      phase.gcMs = (after.gcSeconds - before.gcSeconds) * 1000
      const s = phase.summary()
      console.log(`${phase.name}: ${JSON.stringify(s)}`)
      return s
    }

    /** Offers `rate` sends per second for `seconds`, whatever the answers, round-robin over conversations. */
    const openLoop = (phase: Phase, rate: number, seconds: number) => measure(phase, async () => {
      const total = Math.round(rate * seconds)
      const start = performance.now()
      const inFlight: Array<Promise<void>> = []
      let i = 0
      await new Promise<void>((resolve) => {
        const tick = () => {
          const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1)
          for (; i < due; i++) {
            const conversation = conversations[i % conversations.length]!
            inFlight.push(send(phase, conversation, (Math.floor(i / conversations.length) % 2) as 0 | 1, start + (i * 1000) / rate))
          }
          if (i >= total) resolve()
          else setTimeout(tick, 1)
        }
        tick()
      })
      await Promise.all(inFlight)
    })

    /** Every active person keeps `perSender` sends outstanding for `seconds`. */
    const closedLoop = (phase: Phase, seconds: number, perSender: number) => measure(phase, async () => {
      const end = performance.now() + seconds * 1000
      await Promise.all(conversations.flatMap((conversation) => ([0, 1] as const).flatMap((from) => Array.from({ length: perSender }, async () => {
        while (performance.now() < end) await send(phase, conversation, from, performance.now())
      }))))
    })

    // Warm up the JIT and the page cache; not reported.
    const warmUp = new Phase('warm-up', 200, 3)
    await openLoop(warmUp, 200, 3)

    // Memory per idle stream.
    await sleep(1_000)
    const memBefore = await scrape(client)
    t = performance.now()
    const idleSockets = await inBatches(IDLE_STREAMS, 50, (i) => openStream(url, idle[Math.floor(i / STREAMS_PER_USER)]!.token, () => undefined))
    const openMs = performance.now() - t
    await sleep(2_000)
    const memAfter = await scrape(client)
    const idleMemory = {
      streams: idleSockets.length,
      openSeconds: round(openMs / 1000, 1),
      rssKiBPerStream: round(((memAfter.values.process_resident_memory_bytes ?? 0) - (memBefore.values.process_resident_memory_bytes ?? 0)) / idleSockets.length / 1024, 1),
      heapKiBPerStream: round(((memAfter.values.nodejs_heap_size_used_bytes ?? 0) - (memBefore.values.nodejs_heap_size_used_bytes ?? 0)) / idleSockets.length / 1024, 1),
      rssMiBBefore: round((memBefore.values.process_resident_memory_bytes ?? 0) / 1024 ** 2, 0),
      rssMiBAfter: round((memAfter.values.process_resident_memory_bytes ?? 0) / 1024 ** 2, 0),
      streamsOpenOnServer: memAfter.values.parloir_streams_open,
    }
    console.log(`idle streams: ${JSON.stringify(idleMemory)}`)
    for (const socket of idleSockets) socket.terminate()
    await sleep(500)

    const results = []
    for (const rate of RATES) results.push(await openLoop(new Phase(`open ${rate}/s`, rate, SECONDS), rate, SECONDS))
    for (const perSender of CLOSED_PER_SENDER) {
      results.push(await closedLoop(new Phase(`closed, ${2 * PAIRS * perSender} in flight`, null, CLOSED_SECONDS), CLOSED_SECONDS, perSender))
    }

    // Verify: each acknowledged message reached its recipient's stream once, and the database
    // holds exactly the acknowledged messages.
    let inDatabase = 0
    for (const conversation of conversations) {
      const { lastSeq } = await client.expect<{ lastSeq: number }>(200, 'GET', `/api/v1/conversations/${conversation.id}`, { token: conversation.members[0].token })
      inDatabase += lastSeq
    }
    const acked = [...ackedPerConversation.values()].reduce((a, b) => a + b, 0)
    const failed = results.reduce((a, r) => a + r.failed, warmUp.failed)
    const delivered = results.reduce((a, r) => a + r.delivered, warmUp.delivered)
    const verification = { acked, delivered, inDatabase, undelivered: pending.size, unexpected, failed, activeStreamsLost: streamsLost }
    console.log(`verification: ${JSON.stringify(verification)}`)

    const stopAt = performance.now()
    const exit = await stopParloir(server, 'SIGTERM')
    server = null
    console.log(`server stopped with code ${exit.code} in ${round(performance.now() - stopAt, 0)} ms`)

    printTable(machine, results, idleMemory, verification)
    if (env.BENCH_JSON) writeFileSync(env.BENCH_JSON, JSON.stringify({ machine, results, idleMemory, verification }, null, 2))
    const ok = acked === delivered && acked === inDatabase && pending.size === 0 && unexpected === 0 && failed === 0 && verification.activeStreamsLost === 0
    if (!ok) {
      console.error('bench: FAILED verification: not every acknowledged message was delivered exactly once and stored')
      process.exitCode = 1
    }
  } finally {
    clearTimeout(deadline)
    for (const socket of sockets) socket.terminate()
    client?.close()
    if (server) await stopParloir(server, 'SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const SUSTAINED_P99_MS = 500

function sustained(results: Array<ReturnType<Phase['summary']>>): number | undefined {
  const kept = results.filter((r) => r.offered !== null && r.achieved >= 0.98 * r.offered && r.p99 < SUSTAINED_P99_MS)
  return kept.length ? Math.max(...kept.map((r) => r.offered ?? 0)) : undefined
}

function printTable(
  machine: ReturnType<typeof describeMachine>,
  results: Array<ReturnType<Phase['summary']>>,
  idle: { streams: number; rssKiBPerStream: number; heapKiBPerStream: number },
  verification: { acked: number; delivered: number; inDatabase: number },
): void {
  const lines = [
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`,
    `Disk: ${machine.disk}; 4 KiB write+fsync ${machine.fsyncMs} ms`,
    `Durable mode (SQLite WAL, synchronous=FULL), ${2 * PAIRS} people in ${PAIRS} direct conversations, each with an open stream.`,
    '',
    '| load | offered msg/s | delivered msg/s | send→delivered p50 ms | p99 ms | p999 ms | max ms | HTTP ack p50 ms | ack p99 ms | server CPU ms/msg | load generator CPU ms/msg | msgs per commit | longest event-loop block ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.phase} | ${r.offered ?? '—'} | ${r.achieved} | ${r.p50} | ${r.p99} | ${r.p999} | ${r.max} | ${r.ackP50} | ${r.ackP99} | ${r.cpuMsPerMessage} | ${r.benchCpuMsPerMessage} | ${r.messagesPerCommit} | ${r.eventLoopMaxMs} |`),
    '',
    `Sustained (highest offered rate delivered in full, p99 under ${SUSTAINED_P99_MS} ms): ${sustained(results) ?? 'none'} msg/s; closed-loop peak: ${Math.max(...results.filter((r) => r.offered === null).map((r) => r.achieved))} msg/s.`,
    `Idle streams: ${idle.streams} open, ${idle.rssKiBPerStream} KiB RSS each (${idle.heapKiBPerStream} KiB of JS heap).`,
    `Verified: ${verification.acked} messages acknowledged, ${verification.delivered} delivered to the recipient's stream, ${verification.inDatabase} in the database.`,
  ]
  console.log(lines.join('\n'))
}

await main()
