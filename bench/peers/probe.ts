/**
 * A quick closed-loop throughput probe of one XMPP peer through this folder's driver alone
 * (not the comparison, which is bench/compare.ts):
 *
 *   node --import tsx bench/peers/probe.ts [prosody|ejabberd|ejabberd-mnesia]
 *
 * 200 accounts in 100 pairs; each pair keeps PROBE_OUTSTANDING messages (default 1) in flight
 * from one member to the other for PROBE_SECONDS (default 10); with PROBE_GROUP=50, groups of
 * 50 instead, each with one sender (a message is done when all 49 others have it). Prints deliveries/s,
 * latency percentiles and the CPU the server and this process used, to tell which one was the
 * limit on the shared cores. Stops the server on the way out; gives up after 3 minutes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Account, Conversation, Session, Target } from './target.ts'

const which = process.argv[2] ?? 'prosody'
const PAIRS = Number(process.env.PROBE_PAIRS ?? 100)
const SECONDS = Number(process.env.PROBE_SECONDS ?? 10)
const OUTSTANDING = Number(process.env.PROBE_OUTSTANDING ?? 1)
/** 0: pairs; otherwise groups of this size, the first member sending, every other one receiving. */
const GROUP_SIZE = Number(process.env.PROBE_GROUP ?? 0)
const BODY_BYTES = 100
const TICKS_PER_SECOND = 100 // USER_HZ on Linux

async function loadTarget(name: string): Promise<Target> {
  if (name === 'prosody') return new (await import('./prosody.ts')).ProsodyTarget()
  if (name === 'ejabberd') return new (await import('./ejabberd.ts')).EjabberdTarget()
  if (name === 'ejabberd-mnesia') return new (await import('./ejabberd.ts')).EjabberdTarget({ storage: 'mnesia' })
  throw new Error(`unknown target ${name}: prosody, ejabberd or ejabberd-mnesia`)
}

/** CPU seconds (user + system) the processes have used. */
function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch { /* gone */ }
  }
  return ticks / TICKS_PER_SECOND
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN

async function probe(target: Target, dir: string): Promise<void> {
  await target.start(dir)
  const names = Array.from({ length: PAIRS * 2 }, (_, i) => `p${i}`)
  let t = performance.now()
  const accounts = await target.createAccounts(names)
  console.log(`${target.name}: ${accounts.length} accounts in ${Math.round(performance.now() - t)} ms`)
  // [sender, conversation, deliveries each message makes]
  const flows: [Account, Conversation, number][] = []
  if (GROUP_SIZE > 0) {
    for (let i = 0; i + GROUP_SIZE <= accounts.length; i += GROUP_SIZE) {
      const members = accounts.slice(i, i + GROUP_SIZE)
      flows.push([members[0]!, await target.group(members), GROUP_SIZE - 1])
    }
  } else {
    for (let i = 0; i < PAIRS; i++) {
      const a = accounts[2 * i]!, b = accounts[2 * i + 1]!
      flows.push([a, await target.direct(a, b), 1])
    }
  }

  const sentAt = new Map<string, { t0: number; left: number }>()
  const latencies: number[] = []
  let deliveries = 0
  let running = true
  let next = 0
  const sessions = new Map<string, Session>()
  const pending = new Map<string, () => void>() // tag → send the next one
  const onDelivery = (_recipient: Account, tag: string) => {
    const entry = sentAt.get(tag)
    if (entry === undefined) return
    if (running) deliveries++
    if (--entry.left > 0) return
    sentAt.delete(tag)
    latencies.push(performance.now() - entry.t0)
    const again = pending.get(tag)
    pending.delete(tag)
    if (running && again) again()
  }
  t = performance.now()
  await Promise.all(accounts.map(async (account) => { sessions.set(account.name, await target.connect(account, onDelivery)) }))
  console.log(`${sessions.size} sessions in ${Math.round(performance.now() - t)} ms`)

  const padding = 'x'.repeat(BODY_BYTES)
  const sendFrom = (from: Account, conversation: Conversation, fanOut: number) => {
    const tag = `t${(++next).toString(36)}`
    sentAt.set(tag, { t0: performance.now(), left: fanOut })
    pending.set(tag, () => sendFrom(from, conversation, fanOut))
    void sessions.get(from.name)!.send(conversation, `${tag} ${padding}`.slice(0, BODY_BYTES))
  }

  const pids = target.pids()
  const serverCpu0 = cpuSeconds(pids)
  const selfCpu0 = process.cpuUsage()
  const t0 = performance.now()
  for (const [from, conversation, fanOut] of flows) for (let k = 0; k < OUTSTANDING; k++) sendFrom(from, conversation, fanOut)
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000))
  running = false
  const elapsed = (performance.now() - t0) / 1000
  const serverCpu = cpuSeconds(pids) - serverCpu0
  const self = process.cpuUsage(selfCpu0)
  const selfCpu = (self.user + self.system) / 1e6
  const delivered = deliveries
  await new Promise((resolve) => setTimeout(resolve, 1000))
  latencies.sort((x, y) => x - y)
  const shape = GROUP_SIZE > 0 ? `${flows.length} groups of ${GROUP_SIZE}` : `${PAIRS} pairs`
  console.log(`${shape} × ${OUTSTANDING} in flight, ${SECONDS} s: ${Math.round(delivered / elapsed)} deliveries/s; ` +
    `latency p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms`)
  console.log(`CPU: server ${(100 * serverCpu / elapsed).toFixed(0)} % of a core (${(1e6 * serverCpu / delivered).toFixed(0)} µs/delivery), ` +
    `this driver ${(100 * selfCpu / elapsed).toFixed(0)} % of a core (${(1e6 * selfCpu / delivered).toFixed(0)} µs/delivery); ` +
    `${sentAt.size} still in flight at the end`)
  for (const session of sessions.values()) await session.close()
}

const dir = mkdtempSync(join(tmpdir(), `probe-${which}-`))
let target: Target | null = null
let failed = false
const deadline = setTimeout(() => { console.error('deadline of 3 minutes passed'); void (target?.stop() ?? Promise.resolve()).finally(() => process.exit(1)) }, 180_000)
deadline.unref()
try {
  target = await loadTarget(which)
  await probe(target, dir)
} catch (error) {
  failed = true
  console.error(error)
} finally {
  await target?.stop()
  clearTimeout(deadline)
  rmSync(dir, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
