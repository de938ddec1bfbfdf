/**
 * The public discussion page benchmark: `npm run bench:discussion` (and a phase of `npm run bench`).
 *
 * A brand's discussion with BENCH_DISCUSSION_POSTS posts (1,000) by 20 people, every 10th quoting
 * an earlier one, with links and mentions, seeded straight into SQLite with Parloir stopped, then
 * served by `parloir start` on its durable default. A reader without an account asks for the
 * public page `/d/<id>` over real HTTP on loopback, one request at a time (keep-alive, as a
 * browser), for the first page, a middle one and the last; p50, p95 and p99 are printed against
 * the 20 ms the issue sets. The peer in the same run is node:http serving the same bytes as the
 * first page from memory on the same machine: what answering that much HTML costs with no
 * database and no rendering at all.
 *
 * Knobs: BENCH_DISCUSSION_POSTS=1000 BENCH_DISCUSSION_SAMPLES=500 BENCH_DISCUSSION_KEEP=1 keeps
 * the data folder. It stops by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import SqliteDatabase from 'better-sqlite3'
import { defaultLimits } from '@parloir/protocol'
import { extractEntities, IdGenerator } from '@parloir/core'
import { freePort, startParloir, stopParloir } from '../e2e/support/parloir-process.ts'
import { JsonClient } from '../e2e/support/http-client.ts'
import { PASSWORD } from '../e2e/support/send-load.ts'
import { percentile, round } from './stats.ts'

const env = process.env
const POSTS = Number(env.BENCH_DISCUSSION_POSTS ?? 1_000)
const SAMPLES = Number(env.BENCH_DISCUSSION_SAMPLES ?? 500)
const PEOPLE = 20
export const DISCUSSION_TARGET_P99_MS = 20

const WORDS = ('parcel delivery late order tracking refund coffee beans grinder thanks please week monday address courier depot ' +
  'patience answer update tomorrow today morning evening box damaged replaced quickly kind team question email').split(' ')

export interface DiscussionRow { what: string; bytes: number; p50: number; p95: number; p99: number }

const servers: Array<{ process: Awaited<ReturnType<typeof startParloir>>; dataDir: string }> = []

/** Inserts the posts (seq 2 … POSTS) after the first one the API wrote, as the server writes them. */
function seed(databasePath: string, discussionId: string, authors: readonly string[], handles: readonly string[]): void {
  const db = new SqliteDatabase(databasePath)
  db.pragma('journal_mode = WAL')
  const start = Date.now() - 7 * 86_400_000
  const ids = new IdGenerator(() => start)
  const post = db.prepare(`insert into discussion_posts (id, discussion_id, seq, author_id, sent_by, text, entities, quote_post_id, media_id, created_at)
    values (?, ?, ?, ?, null, ?, ?, ?, null, ?)`)
  const member = db.prepare(`insert or ignore into discussion_members (discussion_id, account_id, status, added_by, at) values (?, ?, 'participant', null, ?)`)
  const first = db.prepare('select id from discussion_posts where discussion_id = ? and seq = 1').get(discussionId) as { id: string }
  let random = 42
  const next = () => { random = (random * 1_103_515_245 + 12_345) % 2_147_483_648; return random / 2_147_483_648 }
  const sentence = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ')
  const postIds = [first.id]
  db.transaction(() => {
    for (const author of authors) member.run(discussionId, author, start)
    for (let seq = 2; seq <= POSTS; seq++) {
      const at = start + seq * 60_000
      const text = `${sentence(20 + Math.floor(next() * 40))} @${handles[seq % handles.length]} https://northwind.example/orders/${seq}`
      const id = ids.next()
      post.run(id, discussionId, seq, authors[seq % authors.length], text, JSON.stringify(extractEntities(text)), seq % 10 === 0 ? postIds[Math.floor(next() * postIds.length)] : null, at)
      postIds.push(id)
    }
    db.prepare('update discussions set post_count = ?, participant_count = ?, last_post_at = ? where id = ?').run(POSTS, authors.length + 1, start + POSTS * 60_000, discussionId)
  })()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}

async function prepare(): Promise<{ url: string; discussionId: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-bench-discussion-'))
  const port = await freePort()
  const boot = await startParloir({ port, dataDir, env: { LOG_LEVEL: 'warn' } })
  const http = new JsonClient(boot.url)
  const signup = (handle: string) =>
    http.expect<{ me: { account: { id: string } }; session: { token: string } }>(201, 'POST', '/api/v1/auth/signup', { body: { handle, displayName: `Reader ${handle}`, password: PASSWORD } })
  const ada = await signup('ada')
  const { brand } = await http.expect<{ brand: { id: string } }>(201, 'POST', '/api/v1/brands', { token: ada.session.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })
  const people: string[] = []
  const handles: string[] = []
  for (let i = 0; i < PEOPLE; i++) {
    handles.push(`p${i}`)
    people.push((await signup(`p${i}`)).me.account.id)
  }
  // Started as the brand (JsonClient sends no parloir-act-as).
  const answer = await fetch(`${boot.url}/api/v1/discussions`, {
    method: 'POST', headers: { authorization: `Bearer ${ada.session.token}`, 'parloir-act-as': brand.id, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Late deliveries this week: your questions', text: 'Our courier is behind this week. Ask us anything here; we answer every post.' }),
  })
  if (answer.status !== 201) throw new Error(`start the discussion: ${answer.status} ${await answer.text()}`)
  const started = await answer.json() as { discussion: { id: string } }
  http.close()
  await stopParloir(boot, 'SIGTERM')
  const seededAt = performance.now()
  seed(join(dataDir, 'parloir.sqlite'), started.discussion.id, [brand.id, ...people], handles)
  console.log(`seeded a discussion of ${POSTS.toLocaleString('en')} posts in ${round((performance.now() - seededAt) / 1000)} s`)
  const server = await startParloir({ port, dataDir, startTimeoutMs: 300_000, env: { LOG_LEVEL: 'warn', PARLOIR_SQLITE_SYNCHRONOUS: 'full' } })
  servers.push({ process: server, dataDir })
  return { url: server.url, discussionId: started.discussion.id }
}

/** p50, p95 and p99 of one GET asked `SAMPLES` times one after the other (after 20 warm-up asks), and the answer's size. */
async function measure(url: string): Promise<Omit<DiscussionRow, 'what'>> {
  let bytes = 0
  const ask = async () => {
    const res = await fetch(url)
    bytes = (await res.arrayBuffer()).byteLength
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`)
  }
  for (let i = 0; i < 20; i++) await ask()
  const times: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const began = performance.now()
    await ask()
    times.push(performance.now() - began)
  }
  times.sort((a, b) => a - b)
  return { bytes, p50: round(percentile(times, 0.5), 2), p95: round(percentile(times, 0.95), 2), p99: round(percentile(times, 0.99), 2) }
}

/** The peer: node:http answering the same bytes from memory, with the page's content type. */
async function staticPeer(body: Buffer): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.byteLength })
    response.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { url: `http://127.0.0.1:${address.port}/`, server }
}

export async function runDiscussionBench(): Promise<DiscussionRow[]> {
  const { url, discussionId } = await prepare()
  const pages = Math.ceil(POSTS / defaultLimits.discussionPageSize)
  const rows: DiscussionRow[] = []
  try {
    const page = (n: number) => `${url}/d/${discussionId}${n === 1 ? '' : `?page=${n}`}`
    rows.push({ what: `page 1 of ${pages} (${defaultLimits.discussionPageSize} posts)`, ...(await measure(page(1))) })
    rows.push({ what: `page ${Math.ceil(pages / 2)} of ${pages}`, ...(await measure(page(Math.ceil(pages / 2)))) })
    rows.push({ what: `page ${pages} of ${pages} (the last)`, ...(await measure(page(pages))) })
    const body = Buffer.from(await (await fetch(page(1))).arrayBuffer())
    const peer = await staticPeer(body)
    try {
      rows.push({ what: 'peer: node:http, the same bytes from memory', ...(await measure(peer.url)) })
    } finally {
      await new Promise((resolve) => peer.server.close(resolve))
    }
  } finally {
    await stopDiscussionServers()
  }
  return rows
}

export function printDiscussionTable(rows: readonly DiscussionRow[]): void {
  console.log(`\nPublic discussion page, ${POSTS.toLocaleString('en')} posts stored (SQLite, synchronous=FULL), ${SAMPLES} reads each over HTTP on loopback, one at a time, no account`)
  console.log(`${'request'.padEnd(48)} ${'KiB'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  under ${DISCUSSION_TARGET_P99_MS} ms`)
  for (const row of rows) {
    const judged = row.what.startsWith('peer:') ? '' : row.p99 < DISCUSSION_TARGET_P99_MS ? 'yes' : 'NO'
    console.log(`${row.what.padEnd(48)} ${String(round(row.bytes / 1024)).padStart(6)} ${String(row.p50).padStart(8)} ${String(row.p95).padStart(8)} ${String(row.p99).padStart(8)}  ${judged}`)
  }
}

/** Stops the server the bench started and removes its data (unless BENCH_DISCUSSION_KEEP=1). */
export async function stopDiscussionServers(): Promise<void> {
  for (const server of servers.splice(0)) {
    await stopParloir(server.process, 'SIGTERM')
    if (env.BENCH_DISCUSSION_KEEP !== '1') rmSync(server.dataDir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => { console.error('the discussion bench ran out of its 10 minutes'); void stopDiscussionServers().then(() => process.exit(1)) }, 10 * 60_000)
  deadline.unref()
  const rows = await runDiscussionBench()
  printDiscussionTable(rows)
  if (rows.some((r) => !r.what.startsWith('peer:') && r.p99 >= DISCUSSION_TARGET_P99_MS)) process.exitCode = 1
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
