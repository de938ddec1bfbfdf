/**
 * The peer benchmark: `npm run bench` (node --import tsx bench/compare.ts).
 *
 * Runs the same workload against Parloir, Prosody and ejabberd on this machine, one after the
 * other (each alone on the machine with the load generator), and prints a table with ratios.
 * Every target gets the same accounts, pairs, groups and 100-byte bodies; a message counts as
 * done when it reached its recipient's live connection (every recipient, for a group), so the
 * figures mean the same for a server that acknowledges after an fsync (Parloir) and for one
 * that does not acknowledge at all (XMPP).
 *
 * Workloads, per target:
 *   1. 1:1 open loop at ascending BENCH_RATES (latency from the scheduled send time: no
 *      coordinated omission), stopping after the first rate the server does not keep up with;
 *   2. 1:1 closed loop: every person keeps BENCH_IN_FLIGHT messages outstanding (peak);
 *   3. group fan-out: 50-member groups, each keeping BENCH_GROUP_IN_FLIGHT messages outstanding;
 *   4. BENCH_IDLE idle connections: server memory per connection;
 *   5. every delivered message checked in the server's own archive;
 *   6. BENCH_HISTORY_ROWS stored in one conversation (seeded with the server stopped): cold
 *      start, history page of 50 (p50/p99), and the 1:1 closed loop again on the large archive;
 *   7. storage grown to BENCH_COLD_GB: cold start (spawn to the first history page served).
 * Then, for Parloir, the team inbox (bench/team-inbox.ts; BENCH_INBOX_CONVERSATIONS=0 skips it) and the
 * public page of a 1,000-post discussion against node:http serving the same bytes (bench/public-discussion.ts;
 * BENCH_DISCUSSION_POSTS=0 skips it).
 *
 * Knobs: BENCH_TARGETS=parloir,prosody,ejabberd,ejabberd-mnesia  BENCH_SECONDS=10  BENCH_RATES=250,500,1000,2000
 * BENCH_PEOPLE=200  BENCH_IN_FLIGHT=2  BENCH_GROUP_IN_FLIGHT=2  BENCH_IDLE=10000
 * BENCH_HISTORY_ROWS=1000000  BENCH_HISTORY_SAMPLES=1000 (or BENCH_HISTORY_SECONDS=60, whichever ends first)  BENCH_COLD_GB=1 (0 skips)
 * BENCH_JSON=path (also write the figures as JSON)  BENCH_NODE_ARGS (Parloir's Node options).
 * Before every phase the disk is flushed (`sync`) and the server left alone for a second.
 * It stops by itself: a hard deadline stops every server and exits 1.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ParloirTarget } from './peers/parloir.ts'
import type { Account, Conversation, IdleConnection, Session, Target } from './peers/target.ts'
import { percentile, round, sleep } from './stats.ts'
import { printInboxTable, runInboxBench, stopInboxServers } from './team-inbox.ts'
import { printDiscussionTable, runDiscussionBench, stopDiscussionServers } from './public-discussion.ts'

const env = process.env
const list = (raw: string | undefined, fallback: string) => (raw ?? fallback).split(',').map((s) => s.trim()).filter(Boolean)
const TARGETS = list(env.BENCH_TARGETS, 'parloir,prosody,ejabberd,ejabberd-mnesia')
const SECONDS = Number(env.BENCH_SECONDS ?? 10)
const RATES = list(env.BENCH_RATES, '250,500,1000,1500,2000,3000').map(Number)
const PEOPLE = Number(env.BENCH_PEOPLE ?? 200)
const IN_FLIGHT = Number(env.BENCH_IN_FLIGHT ?? 2)
const GROUP_SIZE = 50
const GROUP_IN_FLIGHT = Number(env.BENCH_GROUP_IN_FLIGHT ?? 2)
const IDLE = Number(env.BENCH_IDLE ?? 10_000)
const IDLE_PER_ACCOUNT = 20
const HISTORY_ROWS = Number(env.BENCH_HISTORY_ROWS ?? 1_000_000)
const HISTORY_SAMPLES = Number(env.BENCH_HISTORY_SAMPLES ?? 1_000)
/** History sampling stops after this long even if fewer samples were taken (a page may take seconds). */
const HISTORY_SECONDS = Number(env.BENCH_HISTORY_SECONDS ?? 60)
const COLD_GB = Number(env.BENCH_COLD_GB ?? 1)
const BODY_BYTES = 100
const DRAIN_MS = 20_000
const DEADLINE_MS = Number(env.BENCH_DEADLINE_MINUTES ?? 90) * 60_000
const TICKS_PER_SECOND = 100 // Linux USER_HZ, the unit of /proc/PID/stat times


// ---------------------------------------------------------------------------------------------
// The server's processes, from /proc

/** CPU seconds (user + system) used so far by every process of the target. */
function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(fields[11]) + Number(fields[12]) // utime, stime (fields 14 and 15)
    } catch { /* gone */ }
  }
  return ticks / TICKS_PER_SECOND
}

/** Resident memory (`VmRSS`) or its peak (`VmHWM`) of every process of the target, in bytes. */
function memoryBytes(pids: readonly number[], field: 'VmRSS' | 'VmHWM'): number {
  let kib = 0
  for (const pid of pids) {
    try {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      kib += Number(match?.[1] ?? 0)
    } catch { /* gone */ }
  }
  return kib * 1024
}

/** A server counts as idle once it uses less than this share of a core over half a second. */
const IDLE_CPU_SHARE = 0.1
const SETTLE_MAX_MS = 120_000

/**
 * Before each phase: wait until the server has finished what earlier phases left it (an XMPP
 * server may deliver a message before it has archived it, and keep archiving afterwards), flush
 * what the kernel still has to write back, and wait a second. Every phase of every server then
 * starts from the same state instead of paying for the previous one's work.
 */
async function settle(target: Target): Promise<void> {
  const until = performance.now() + SETTLE_MAX_MS
  for (let used = Infinity; used > IDLE_CPU_SHARE * 0.5 && performance.now() < until;) {
    const before = cpuSeconds(target.pids())
    await sleep(500)
    used = cpuSeconds(target.pids()) - before
  }
  execFileSync('sync')
  await sleep(1_000)
}

// ---------------------------------------------------------------------------------------------
// Deliveries

/** One measured phase: sends, deliveries, latencies from send (or its scheduled time) to delivery. */
class Phase {
  readonly latencies: number[] = []
  sent = 0
  failed = 0
  delivered = 0
  startedAt = 0
  endedAt = 0
  lastDeliveryAt = 0
  cpuSeconds = 0
  constructor(readonly name: string, readonly offered: number | null) {}

  figures() {
    const sorted = [...this.latencies].sort((a, b) => a - b)
    const seconds = Math.max(this.endedAt, this.lastDeliveryAt) / 1000 - this.startedAt / 1000
    return {
      phase: this.name, offered: this.offered, sent: this.sent, failed: this.failed, delivered: this.delivered,
      perSecond: round(this.delivered / Math.max(seconds, 1e-3), 0),
      p50: round(percentile(sorted, 0.5), 2), p99: round(percentile(sorted, 0.99), 2), p999: round(percentile(sorted, 0.999), 2),
      cpuMsPerDelivery: round((this.cpuSeconds * 1000) / Math.max(1, this.delivered), 3),
    }
  }
}
type Figures = ReturnType<Phase['figures']>

interface Outstanding { phase: Phase; t0: number; left: number; conversationId: string; done: () => void }

/** Matches deliveries to sends by tag; counts what arrived twice or unasked. */
class Ledger {
  readonly outstanding = new Map<string, Outstanding>()
  /** Conversation of every tag delivered at least once, for the archive check. */
  readonly delivered = new Map<string, string>()
  duplicates = 0
  unexpected = 0
  #next = 0

  tag(): string { return `t${(++this.#next).toString(36)}` }

  expect(tag: string, phase: Phase, t0: number, conversation: Conversation, done: () => void): void {
    this.outstanding.set(tag, { phase, t0, left: conversation.members.length - 1, conversationId: conversation.id, done })
  }

  onDelivery = (_recipient: Account, tag: string): void => {
    const entry = this.outstanding.get(tag)
    if (!entry) {
      if (this.delivered.has(tag)) this.duplicates++
      else if (!tag.startsWith('old')) this.unexpected++
      return
    }
    const now = performance.now()
    entry.phase.latencies.push(now - entry.t0)
    entry.phase.delivered++
    entry.phase.lastDeliveryAt = now
    this.delivered.set(tag, entry.conversationId)
    if (--entry.left === 0) { this.outstanding.delete(tag); entry.done() }
  }

  pendingIn(phase: Phase): boolean {
    for (const entry of this.outstanding.values()) if (entry.phase === phase) return true
    return false
  }
}

const body = (tag: string) => `${tag} ${'x'.repeat(BODY_BYTES)}`.slice(0, BODY_BYTES)

// ---------------------------------------------------------------------------------------------
// One target

interface World {
  people: Account[]
  pairs: Conversation[]
  groups: Conversation[]
  sessions: Map<string, Session>
}

interface TargetResult {
  name: string
  archive: string
  phases: Figures[]
  idle: { connections: number; kibPerConnection: number; rssMiBBefore: number; rssMiBAfter: number; openSeconds: number } | null
  archiveCheck: { delivered: number; missing: number; duplicates: number; unexpected: number }
  history: { rows: number; samples: number; p50: number; p99: number; returned: number; coldStartSeconds: number; storageMiB: number } | null
  coldStart: { storageGiB: number; seconds: number; gaveUpAfterS: number; note: string } | null
  peakMemoryMiB: number
  error?: string
}

async function runTarget(target: Target, ledger: Ledger): Promise<TargetResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-${target.name.split(' ')[0]?.toLowerCase()}-`))
  const result: TargetResult = {
    name: target.name, archive: target.archive, phases: [], idle: null, history: null, coldStart: null, peakMemoryMiB: 0,
    archiveCheck: { delivered: 0, missing: 0, duplicates: 0, unexpected: 0 },
  }
  const log = (line: string) => console.log(`[${target.name}] ${line}`)
  const world: World = { people: [], pairs: [], groups: [], sessions: new Map() }
  try {
    let t = performance.now()
    await target.start(dataDir)
    result.name = target.name // with the version, known once installed
    log(`started in ${round((performance.now() - t) / 1000)} s`)
    t = performance.now()
    world.people = await target.createAccounts(Array.from({ length: PEOPLE }, (_, i) => `u${i}`))
    for (let k = 0; k + 1 < PEOPLE; k += 2) world.pairs.push(await target.direct(world.people[k] as Account, world.people[k + 1] as Account))
    for (let g = 0; (g + 1) * GROUP_SIZE <= PEOPLE; g++) world.groups.push(await target.group(world.people.slice(g * GROUP_SIZE, (g + 1) * GROUP_SIZE)))
    log(`${world.people.length} accounts, ${world.pairs.length} pairs, ${world.groups.length} groups of ${GROUP_SIZE} in ${round((performance.now() - t) / 1000)} s`)
    await connectAll(target, world, ledger)

    const measure = async (phase: Phase, drive: () => Promise<void>): Promise<Figures> => {
      await settle(target)
      const cpu = cpuSeconds(target.pids())
      phase.startedAt = performance.now()
      await drive()
      phase.endedAt = performance.now()
      const until = performance.now() + DRAIN_MS
      while (ledger.pendingIn(phase) && performance.now() < until) await sleep(10)
      phase.cpuSeconds = cpuSeconds(target.pids()) - cpu
      const figures = phase.figures()
      log(`${phase.name}: ${JSON.stringify(figures)}`)
      return figures
    }

    const send = (phase: Phase, from: Account, conversation: Conversation, t0: number): Promise<void> => new Promise((resolve) => {
      const tag = ledger.tag()
      ledger.expect(tag, phase, t0, conversation, resolve)
      phase.sent++
      world.sessions.get(from.name)?.send(conversation, body(tag)).catch((error: Error) => {
        phase.failed++
        ledger.outstanding.delete(tag)
        if (phase.failed <= 3) log(`${phase.name}: ${error.message}`)
        resolve()
      })
    })

    /** Every member of every conversation keeps `inFlight` messages outstanding until delivered everywhere. */
    const closedLoop = (phase: Phase, conversations: Conversation[], inFlight: number, senders: 'all' | 'one') => measure(phase, async () => {
      const end = performance.now() + SECONDS * 1000
      await Promise.all(conversations.flatMap((conversation) => (senders === 'all' ? conversation.members : conversation.members.slice(0, inFlight)).flatMap((from) =>
        Array.from({ length: senders === 'all' ? inFlight : 1 }, async () => {
          while (performance.now() < end) await send(phase, from, conversation, performance.now())
        }))))
    })

    /** Offers `rate` sends per second over the pairs, whatever the server does. */
    const openLoop = (phase: Phase, rate: number) => measure(phase, async () => {
      const total = Math.round(rate * SECONDS)
      const start = performance.now()
      let i = 0
      const all: Array<Promise<void>> = []
      await new Promise<void>((resolve) => {
        const tick = () => {
          const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1)
          for (; i < due; i++) {
            const pair = world.pairs[i % world.pairs.length] as Conversation
            const from = pair.members[Math.floor(i / world.pairs.length) % 2] as Account
            all.push(send(phase, from, pair, start + (i * 1000) / rate))
          }
          if (i >= total) resolve()
          else setTimeout(tick, 1)
        }
        tick()
      })
      await Promise.race([Promise.all(all), sleep(DRAIN_MS)])
    })

    await openLoop(new Phase('warm-up', null), 200) // not reported
    // Ascending offered rates, stopping past the first one the server could not keep up with.
    for (const rate of RATES) {
      const figures = await openLoop(new Phase(`1:1 open loop ${rate}/s`, rate), rate)
      result.phases.push(figures)
      if (figures.perSecond < 0.95 * rate) { log(`higher rates skipped: ${rate}/s was not kept up with`); break }
    }
    result.phases.push(await closedLoop(new Phase(`1:1 closed loop, ${IN_FLIGHT * PEOPLE} in flight`, null), world.pairs, IN_FLIGHT, 'all'))
    if (world.groups.length) {
      result.phases.push(await closedLoop(new Phase(`group of ${GROUP_SIZE}, ${GROUP_IN_FLIGHT * world.groups.length} messages in flight`, null), world.groups, GROUP_IN_FLIGHT, 'one'))
    }
    result.idle = await idleConnections(target, log)

    // Every delivered message must be in the server's archive.
    const check = result.archiveCheck
    for (const conversation of [...world.pairs, ...world.groups]) {
      const archived = await target.archivedTags(conversation)
      for (const [tag, conversationId] of ledger.delivered) if (conversationId === conversation.id) { check.delivered++; if (!archived.has(tag)) check.missing++ }
    }
    check.duplicates = ledger.duplicates
    check.unexpected = ledger.unexpected
    log(`archive: ${JSON.stringify(check)}`)
    result.peakMemoryMiB = round(memoryBytes(target.pids(), 'VmHWM') / 1024 ** 2, 0)

    if (HISTORY_ROWS > 0) {
      await closeAll(world)
      await target.stop()
      const big = world.pairs[0] as Conversation
      t = performance.now()
      await target.seedArchive(big, HISTORY_ROWS, BODY_BYTES)
      log(`seeded ${HISTORY_ROWS} messages in ${round((performance.now() - t) / 1000)} s; storage ${round(target.storageBytes() / 1024 ** 2, 0)} MiB`)
      const coldStartSeconds = await coldStart(target, dataDir, big)
      await connectAll(target, world, ledger)
      const reader = big.members[0] as Account
      const session = world.sessions.get(reader.name) as Session
      const samples: number[] = []
      let returned = 0
      const historyUntil = performance.now() + HISTORY_SECONDS * 1000
      for (let i = 0; i < HISTORY_SAMPLES && performance.now() < historyUntil; i++) {
        const s = performance.now()
        returned = await target.historyPage(session, reader, big)
        samples.push(performance.now() - s)
      }
      samples.sort((a, b) => a - b)
      result.history = {
        rows: HISTORY_ROWS, samples: samples.length, p50: round(percentile(samples, 0.5), 2), p99: round(percentile(samples, 0.99), 2), returned,
        coldStartSeconds, storageMiB: round(target.storageBytes() / 1024 ** 2, 0),
      }
      log(`history: ${JSON.stringify(result.history)}`)
      result.phases.push(await closedLoop(new Phase(`1:1 closed loop, ${HISTORY_ROWS.toLocaleString('en')} stored`, null), world.pairs, IN_FLIGHT, 'all'))

      if (COLD_GB > 0) {
        await closeAll(world)
        await target.stop()
        const others = world.pairs.slice(1)
        for (let i = 0; target.storageBytes() < COLD_GB * 1024 ** 3 && i < others.length; i++) {
          await target.seedArchive(others[i] as Conversation, HISTORY_ROWS, BODY_BYTES)
          log(`storage ${round(target.storageBytes() / 1024 ** 2, 0)} MiB`)
        }
        // A server that does not come back is a figure of this workload, not a failure of the run.
        const storageGiB = round(target.storageBytes() / 1024 ** 3, 2)
        const started = performance.now()
        result.coldStart = await coldStart(target, dataDir, big)
          .then((seconds) => ({ storageGiB, seconds, gaveUpAfterS: 0, note: '' }))
          .catch((error: Error) => {
            const gaveUpAfterS = round((performance.now() - started) / 1000, 0)
            return { storageGiB, seconds: NaN, gaveUpAfterS, note: `not serving after ${gaveUpAfterS} s (${error.message.split('\n')[0]})` }
          })
        log(`cold start: ${JSON.stringify(result.coldStart)}`)
      }
    }
  } catch (error) {
    result.error = (error as Error).stack ?? String(error)
    log(`FAILED: ${result.error}`)
  } finally {
    await closeAll(world).catch(() => undefined)
    await target.stop().catch(() => undefined)
    rmSync(dataDir, { recursive: true, force: true })
  }
  return result

  async function coldStart(t: Target, dir: string, conversation: Conversation): Promise<number> {
    const s = performance.now()
    await t.start(dir)
    const reader = conversation.members[0] as Account
    const session = await t.connect(reader, ledger.onDelivery)
    await t.historyPage(session, reader, conversation)
    const seconds = round((performance.now() - s) / 1000, 2)
    await session.close()
    log(`cold start (spawn to first history page): ${seconds} s with ${round(t.storageBytes() / 1024 ** 2, 0)} MiB stored`)
    return seconds
  }
}

async function connectAll(target: Target, world: World, ledger: Ledger): Promise<void> {
  const t = performance.now()
  for (const person of world.people) world.sessions.set(person.name, await target.connect(person, ledger.onDelivery))
  console.log(`[${target.name}] ${world.sessions.size} sessions connected in ${round(performance.now() - t, 0)} ms`)
}

async function closeAll(world: World): Promise<void> {
  await Promise.all([...world.sessions.values()].map((session) => session.close()))
  world.sessions.clear()
}

async function idleConnections(target: Target, log: (line: string) => void): Promise<TargetResult['idle']> {
  if (IDLE <= 0) return null
  await settle(target)
  const accounts = await target.createAccounts(Array.from({ length: Math.ceil(IDLE / IDLE_PER_ACCOUNT) }, (_, i) => `idle${i}`))
  await settle(target)
  const before = memoryBytes(target.pids(), 'VmRSS')
  const t = performance.now()
  const connections: IdleConnection[] = []
  for (let i = 0; i < IDLE; i += 100) {
    connections.push(...await Promise.all(Array.from({ length: Math.min(100, IDLE - i) }, (_, k) => target.connectIdle(accounts[Math.floor((i + k) / IDLE_PER_ACCOUNT)] as Account))))
  }
  const openSeconds = round((performance.now() - t) / 1000, 1)
  await sleep(3_000)
  const after = memoryBytes(target.pids(), 'VmRSS')
  for (const connection of connections) connection.close()
  const idle = {
    connections: connections.length, openSeconds,
    kibPerConnection: round((after - before) / connections.length / 1024, 1),
    rssMiBBefore: round(before / 1024 ** 2, 0), rssMiBAfter: round(after / 1024 ** 2, 0),
  }
  log(`idle: ${JSON.stringify(idle)}`)
  await sleep(1_000)
  return idle
}

// ---------------------------------------------------------------------------------------------
// The table

async function makeTarget(name: string): Promise<Target> {
  if (name === 'parloir') return new ParloirTarget(env.BENCH_NODE_ARGS ? { nodeArgs: env.BENCH_NODE_ARGS.split(' ').filter(Boolean) } : {})
  if (name === 'prosody') return new (await import('./peers/prosody.ts')).ProsodyTarget()
  if (name === 'ejabberd') return new (await import('./peers/ejabberd.ts')).EjabberdTarget()
  if (name === 'ejabberd-mnesia') return new (await import('./peers/ejabberd.ts')).EjabberdTarget({ storage: 'mnesia' })
  throw new Error(`unknown target ${name}: parloir, prosody, ejabberd or ejabberd-mnesia`)
}

function printTable(results: TargetResult[]): void {
  const parloir = results.find((r) => r.name === 'Parloir')
  const phaseNames = [...new Set(results.flatMap((r) => r.phases.map((p) => p.phase)))]
  const cell = (r: TargetResult, phase: string, pick: (f: Figures) => number) => {
    const f = r.phases.find((p) => p.phase === phase)
    return f ? pick(f) : NaN
  }
  const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${round(a / b, 1)}×` : '—')
  const peers = results.filter((r) => r !== parloir)
  const head = ['workload', 'figure', ...results.map((r) => r.name), ...(parloir ? peers.map((p) => `× vs ${p.name}`) : [])]
  const rows: string[][] = []
  const add = (workload: string, figure: string, values: number[], higherIsBetter: boolean) => {
    const p = parloir ? values[results.indexOf(parloir)] ?? NaN : NaN
    rows.push([workload, figure, ...values.map((v) => (Number.isFinite(v) ? String(v) : '—')),
      ...(parloir ? peers.map((peer) => { const v = values[results.indexOf(peer)] ?? NaN; return higherIsBetter ? ratio(p, v) : ratio(v, p) }) : [])])
  }
  for (const phase of phaseNames) {
    add(phase, 'delivered/s', results.map((r) => cell(r, phase, (f) => f.perSecond)), true)
    add(phase, 'p50 / p99 / p999 ms', [], false)
    rows[rows.length - 1] = [phase, 'p50 / p99 / p999 ms', ...results.map((r) => {
      const f = r.phases.find((x) => x.phase === phase)
      return f ? `${f.p50} / ${f.p99} / ${f.p999}` : '—'
    }), ...(parloir ? peers.map((peer) => ratio(cell(peer, phase, (f) => f.p99), cell(parloir, phase, (f) => f.p99)) + ' (p99)') : [])]
    add(phase, 'server CPU ms per delivery', results.map((r) => cell(r, phase, (f) => f.cpuMsPerDelivery)), false)
  }
  add(`${IDLE.toLocaleString('en')} idle connections`, 'KiB per connection', results.map((r) => r.idle?.kibPerConnection ?? NaN), false)
  add(`history, ${HISTORY_ROWS.toLocaleString('en')} stored`, 'page of 50, p99 ms', results.map((r) => r.history?.p99 ?? NaN), false)
  add(`history, ${HISTORY_ROWS.toLocaleString('en')} stored`, 'page of 50, p50 ms', results.map((r) => r.history?.p50 ?? NaN), false)
  add(`cold start, ${COLD_GB} GB`, 'seconds to first page', results.map((r) => r.coldStart?.seconds ?? NaN), false)
  rows[rows.length - 1] = rows[rows.length - 1]!.map((cell, i) => {
    const r = results[i - 2]
    return i >= 2 && r?.coldStart?.gaveUpAfterS ? `> ${r.coldStart.gaveUpAfterS} (did not serve)` : cell
  })
  add('whole run', 'peak server memory MiB', results.map((r) => r.peakMemoryMiB || NaN), false)
  add('archive check', 'delivered messages checked in the archive', results.map((r) => r.archiveCheck.delivered || NaN), true)
  add('archive check', 'of them missing from the archive', results.map((r) => (r.archiveCheck.delivered ? r.archiveCheck.missing : NaN)), false)
  const lines = [
    '',
    `Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${round(totalmem() / 1024 ** 3, 1)} GiB, Node ${process.version}; the load generator shares the cores.`,
    `${PEOPLE} people, ${PEOPLE / 2} pairs, groups of ${GROUP_SIZE}, ${BODY_BYTES}-byte bodies, ${SECONDS} s per phase; a message is done when every recipient's live connection has it.`,
    ...results.map((r) => `- ${r.name}: ${r.archive}${r.error ? ` — FAILED: ${r.error.split('\n')[0]}` : ''}${r.coldStart?.note ? ` — cold start: ${r.coldStart.note}` : ''}`),
    '× columns: how many times better Parloir does than that server (throughput: Parloir ÷ it; latency, CPU, memory, time: it ÷ Parloir); under 1× it does better.',
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ]
  console.log(lines.join('\n'))
}

async function main(): Promise<void> {
  const targets: Target[] = []
  const deadline = setTimeout(() => {
    console.error(`bench: still running after ${DEADLINE_MS / 60_000} min, giving up`)
    // Every stop's failure is caught, and the process exits in `finally` anyway.
    void Promise.all([...targets.map((t) => t.stop().catch(() => undefined)), stopInboxServers().catch(() => undefined), stopDiscussionServers().catch(() => undefined)]).finally(() => process.exit(1))
  }, DEADLINE_MS)
  deadline.unref()
  const results: TargetResult[] = []
  for (const name of TARGETS) {
    const target = await makeTarget(name)
    targets.push(target)
    results.push(await runTarget(target, new Ledger()))
  }
  // The team inbox (Parloir only: no XMPP server has one; its peer is the list the console used before).
  const inbox = TARGETS.includes('parloir') && Number(env.BENCH_INBOX_CONVERSATIONS ?? 100_000) > 0 ? await runInboxBench() : []
  const discussion = TARGETS.includes('parloir') && Number(env.BENCH_DISCUSSION_POSTS ?? 1_000) > 0 ? await runDiscussionBench() : []
  clearTimeout(deadline)
  printTable(results)
  if (inbox.length) printInboxTable(inbox)
  if (discussion.length) printDiscussionTable(discussion)
  if (env.BENCH_JSON) writeFileSync(env.BENCH_JSON, JSON.stringify({ targets: results, teamInbox: inbox, publicDiscussion: discussion }, null, 2))
  const bad = results.filter((r) => r.error || r.archiveCheck.missing || r.archiveCheck.duplicates || r.archiveCheck.unexpected)
  if (bad.length) {
    console.error(`bench: FAILED for ${bad.map((r) => r.name).join(', ')}: an error, or a delivered message missing from the archive, delivered twice or unasked`)
    process.exitCode = 1
  }
}

await main()
