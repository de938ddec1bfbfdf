/**
 * Standalone check of one XMPP peer target, not part of `npm test`:
 *
 *   node --import tsx bench/peers/smoke.ts [prosody|ejabberd|ejabberd-mnesia]
 *
 * On a temporary folder: start, 4 accounts, a direct pair and a 3-member group, 20 messages each
 * way and 10 into the group, each delivered exactly once and found in the archive; a history
 * page; stop, seed 10,000 archived messages, cold start (timed), history again (must be 50).
 * Prints timings; exits 1 on any failure; always stops the server; gives up after 3 minutes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Account, Conversation, Target } from './target.ts'

const DEADLINE_MS = 3 * 60_000
const DELIVERY_TIMEOUT_MS = 10_000
const SEED_ROWS = 10_000
const BODY_BYTES = 100

const which = process.argv[2] ?? 'prosody'
const failures: string[] = []
const check = (ok: boolean, what: string) => { if (!ok) failures.push(what); console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`) }
const ms = (since: number) => `${Math.round(performance.now() - since)} ms`
const sleep = (n: number) => new Promise((resolve) => setTimeout(resolve, n))

async function loadTarget(name: string): Promise<Target> {
  if (name === 'prosody') return new (await import('./prosody.ts')).ProsodyTarget()
  if (name === 'ejabberd') return new (await import('./ejabberd.ts')).EjabberdTarget()
  if (name === 'ejabberd-mnesia') return new (await import('./ejabberd.ts')).EjabberdTarget({ storage: 'mnesia' })
  throw new Error(`unknown target ${name}: prosody, ejabberd or ejabberd-mnesia`)
}

const body = (tag: string) => `${tag} ${'x'.repeat(BODY_BYTES)}`.slice(0, BODY_BYTES)

async function run(target: Target, dir: string): Promise<void> {
  let t = performance.now()
  await target.start(dir)
  console.log(`${target.name} started in ${ms(t)}; archive: ${target.archive}; pids ${target.pids().join(',')}`)

  t = performance.now()
  const accounts = await target.createAccounts(['s1', 's2', 's3', 's4'])
  const [a, b, c, d] = accounts as [Account, Account, Account, Account]
  const pair = await target.direct(a, b)
  const group = await target.group([b, c, d])
  console.log(`4 accounts, a pair and a group in ${ms(t)}`)

  const received = new Map<string, number>() // `${recipient}:${tag}` → times
  const onDelivery = (recipient: Account, tag: string) => {
    const key = `${recipient.name}:${tag}`
    received.set(key, (received.get(key) ?? 0) + 1)
  }
  t = performance.now()
  const sessions = new Map(await Promise.all(accounts.map(async (account) => [account.name, await target.connect(account, onDelivery)] as const)))
  console.log(`4 sessions in ${ms(t)}`)
  const session = (account: Account) => sessions.get(account.name)!

  const expected: string[] = [] // `${recipient}:${tag}`
  const sent = new Map<Conversation, string[]>([[pair, []], [group, []]])
  t = performance.now()
  for (let i = 0; i < 20; i++) {
    await session(a).send(pair, body(`a${i}`)); expected.push(`${b.name}:a${i}`); sent.get(pair)!.push(`a${i}`)
    await session(b).send(pair, body(`b${i}`)); expected.push(`${a.name}:b${i}`); sent.get(pair)!.push(`b${i}`)
  }
  for (let i = 0; i < 10; i++) {
    const from = group.members[i % 3]!
    await session(from).send(group, body(`g${i}`)); sent.get(group)!.push(`g${i}`)
    for (const member of group.members) if (member !== from) expected.push(`${member.name}:g${i}`)
  }
  const deadline = performance.now() + DELIVERY_TIMEOUT_MS
  while (performance.now() < deadline && !expected.every((key) => received.has(key))) await sleep(20)
  await sleep(300) // room for a duplicate to show up
  console.log(`${expected.length} deliveries awaited for ${ms(t)}`)
  const missing = expected.filter((key) => !received.has(key))
  const twice = [...received].filter(([, n]) => n > 1).map(([key]) => key)
  const unexpected = [...received.keys()].filter((key) => !expected.includes(key))
  check(missing.length === 0, `every message delivered (missing: ${missing.slice(0, 5).join(' ') || 'none'})`)
  check(twice.length === 0, `each delivered once (twice: ${twice.slice(0, 5).join(' ') || 'none'})`)
  check(unexpected.length === 0, `no echo or stray delivery (${unexpected.slice(0, 5).join(' ') || 'none'})`)

  for (const [conversation, tags] of sent) {
    t = performance.now()
    const archived = await target.archivedTags(conversation)
    const absent = tags.filter((tag) => !archived.has(tag))
    check(absent.length === 0 && archived.size === tags.length,
      `${conversation.kind} archive holds the ${tags.length} tags (${archived.size} found, absent: ${absent.slice(0, 5).join(' ') || 'none'}) in ${ms(t)}`)
  }
  t = performance.now()
  const pairPage = await target.historyPage(session(a), a, pair)
  check(pairPage === 40, `direct history page: ${pairPage} of 40 in ${ms(t)}`)
  t = performance.now()
  const groupPage = await target.historyPage(session(c), c, group)
  check(groupPage === 10, `group history page: ${groupPage} of 10 in ${ms(t)}`)
  console.log(`storage: ${(target.storageBytes() / 1024).toFixed(0)} KiB`)

  for (const s of sessions.values()) await s.close()
  t = performance.now()
  await target.stop()
  console.log(`stopped in ${ms(t)}`)

  t = performance.now()
  await target.seedArchive(pair, SEED_ROWS, BODY_BYTES)
  await target.seedArchive(group, SEED_ROWS, BODY_BYTES)
  console.log(`seeded ${SEED_ROWS} messages into the pair and into the group in ${ms(t)}; storage ${(target.storageBytes() / 1024 / 1024).toFixed(1)} MiB`)

  t = performance.now()
  await target.start(dir)
  console.log(`cold start on the seeded archive: ${ms(t)}`)
  const again = await target.connect(a, onDelivery)
  t = performance.now()
  const seededPage = await target.historyPage(again, a, pair)
  check(seededPage === 50, `direct history page after seeding: ${seededPage} of 50 in ${ms(t)}`)
  const member = await target.connect(c, onDelivery)
  t = performance.now()
  const seededGroupPage = await target.historyPage(member, c, group)
  check(seededGroupPage === 50, `group history page after seeding: ${seededGroupPage} of 50 in ${ms(t)}`)
  await again.close()
  await member.close()
}

const dir = mkdtempSync(join(tmpdir(), `smoke-${which}-`))
let target: Target | null = null
const deadline = setTimeout(() => {
  console.error(`deadline of ${DEADLINE_MS / 1000} s passed`)
  void (target?.stop() ?? Promise.resolve()).catch(() => undefined).finally(() => process.exit(1)) // exits either way
  setTimeout(() => process.exit(1), 12_000).unref()
}, DEADLINE_MS)
deadline.unref()

try {
  target = await loadTarget(which)
  await run(target, dir)
} catch (error) {
  failures.push(String(error))
  console.error(error)
} finally {
  await target?.stop()
  clearTimeout(deadline)
}
if (failures.length === 0) rmSync(dir, { recursive: true, force: true })
else console.error(`kept ${dir} for a look`)
console.log(failures.length === 0 ? `${which}: smoke passed` : `${which}: ${failures.length} failure(s)`)
process.exit(failures.length === 0 ? 0 : 1)
