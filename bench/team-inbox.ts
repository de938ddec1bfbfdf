/**
 * The team inbox benchmark: `npm run bench:inbox` (and the last phase of `npm run bench`).
 *
 * A brand with BENCH_INBOX_CONVERSATIONS conversations (100,000) and BENCH_INBOX_MESSAGES
 * messages (1,000,000) stored, seeded straight into SQLite with Parloir stopped (its triggers
 * fill the search index as the server's own writes do), then served by `parloir start` on its
 * durable default. An agent asks, over HTTP, for the first page of each view with the counts of
 * every view (one request, as the console does), and searches; p50 and p99 are printed, against
 * the 50 ms the issue sets. The peer in the same run is what the console used before the team
 * inbox: the brand's conversation list (`GET /api/v1/conversations` acting as the brand).
 *
 * Knobs: BENCH_INBOX_CONVERSATIONS=100000 BENCH_INBOX_MESSAGES=1000000 BENCH_INBOX_SAMPLES=200
 * BENCH_INBOX_KEEP=1 keeps the data folder. It stops by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import SqliteDatabase from 'better-sqlite3'
import { extractEntities, IdGenerator } from '@parloir/core'
import { freePort, startParloir, stopParloir } from '../e2e/support/parloir-process.ts'
import { JsonClient } from '../e2e/support/http-client.ts'
import { PASSWORD } from '../e2e/support/send-load.ts'
import { percentile, round } from './stats.ts'

const env = process.env
const CONVERSATIONS = Number(env.BENCH_INBOX_CONVERSATIONS ?? 100_000)
const MESSAGES = Number(env.BENCH_INBOX_MESSAGES ?? 1_000_000)
const SAMPLES = Number(env.BENCH_INBOX_SAMPLES ?? 200)
const TARGET_P99_MS = 50

/** Words customers and agents write, so searches find what a support team would look for. */
const WORDS = ('order delivery refund coffee grinder beans parcel address invoice espresso filter tracking broken late ' +
  'package return exchange subscription discount voucher payment card account password shop lyon paris weekend monday ' +
  'hello thanks please help question answer today tomorrow week morning evening store machine milk cup mug kettle').split(' ')

interface Seeded { url: string; adaToken: string; brandId: string; benId: string; dataDir: string; labels: BenchLabels }

/** The brand's labels: "Billing" on every 10th conversation, "VIP" on every 100th (which also carry "Billing"). */
interface BenchLabels { billing: string; vip: string }

/** Inserts the brand's conversations, messages and inbox rows, as the server writes them. */
function seed(databasePath: string, brandId: string, members: readonly string[], labels: BenchLabels): void {
  const db = new SqliteDatabase(databasePath)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  const now = Date.now()
  const start = now - 90 * 86_400_000
  const ids = new IdGenerator(() => start)
  const account = db.prepare(`insert into accounts (id, kind, handle, handle_key, display_name, receive_from_anyone, send_read_receipts, created_at)
    values (?, ?, ?, ?, ?, 1, 1, ?)`)
  const conversation = db.prepare(`insert into conversations (id, kind, pair_key, created_by, created_at, updated_at, last_message_at, last_seq, source)
    values (?, 'direct', ?, ?, ?, ?, ?, ?, ?)`)
  const participant = db.prepare(`insert into participants (conversation_id, account_id, status, joined_cursor, joined_at, last_read_seq) values (?, ?, 'accepted', 0, ?, ?)`)
  const inbox = db.prepare(`insert into inbox_conversations (brand_id, conversation_id, customer_id, customer_kind, source, status, snoozed_until,
    assignee_id, waiting_since, last_customer_seq, last_customer_at, last_answered_at, last_answered_by, customer_active_at, read_baseline_seq, label_ids, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`)
  const labelled = db.prepare('insert into inbox_labels (brand_id, conversation_id, label_id) values (?, ?, ?)')
  const message = db.prepare(`insert into messages (id, conversation_id, seq, sender_id, sent_by, kind, text, entities, buttons, created_at)
    values (?, ?, ?, ?, ?, 'text', ?, ?, '[]', ?)`)
  const noEntities = JSON.stringify(extractEntities('x'))
  const perConversation = Math.max(1, Math.floor(MESSAGES / CONVERSATIONS))
  let random = 42
  const next = () => { random = (random * 1_103_515_245 + 12_345) % 2_147_483_648; return random / 2_147_483_648 }
  const sentence = () => Array.from({ length: 6 + Math.floor(next() * 10) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ')
  const chunk = 2_000
  for (let from = 0; from < CONVERSATIONS; from += chunk) {
    db.transaction(() => {
      for (let c = from; c < Math.min(CONVERSATIONS, from + chunk); c++) {
        const customerId = ids.next()
        const visitor = c % 4 === 0
        const handle = visitor ? `visitor:${customerId}` : `customer${c}`
        const createdAt = start + Math.floor((c / CONVERSATIONS) * 89 * 86_400_000)
        account.run(customerId, visitor ? 'visitor' : 'person', handle, handle, `Customer ${c}`, createdAt)
        const conversationId = ids.next()
        const lastAt = createdAt + perConversation * 60_000
        const source = c % 3 === 0 ? 'spring' : null
        conversation.run(conversationId, customerId < brandId ? `${customerId}:${brandId}` : `${brandId}:${customerId}`, customerId, createdAt, lastAt, lastAt, perConversation, source)
        participant.run(conversationId, brandId, createdAt, perConversation)
        participant.run(conversationId, customerId, createdAt, perConversation)
        // 10% open (half unassigned, the rest shared by the members), 5% pending, 5% snoozed, 80% resolved.
        const bucket = c % 20
        const status = bucket < 2 ? 'open' : bucket === 2 ? 'pending' : bucket === 3 ? 'snoozed' : 'resolved'
        const assignee = status === 'open' && c % 2 === 0 ? null : members[(c >> 1) % members.length] ?? null
        const waiting = status === 'open' && assignee === null
        const lastCustomerSeq = waiting ? perConversation : perConversation - 1
        // "Billing" on every 10th, half of them open (c % 20 === 1) and half resolved (11); "VIP" on every 100th, all resolved.
        const labelIds = c % 10 === 1 ? (c % 100 === 11 ? [labels.billing, labels.vip] : [labels.billing]) : []
        inbox.run(brandId, conversationId, customerId, visitor ? 'visitor' : 'person', source, status, status === 'snoozed' && c % 2 === 0 ? now + 86_400_000 : null,
          assignee, waiting ? lastAt : null, lastCustomerSeq, lastAt - (waiting ? 0 : 60_000), waiting ? lastAt - 60_000 : lastAt, members[0] ?? null,
          lastAt - (waiting ? 0 : 60_000), JSON.stringify(labelIds), createdAt, lastAt)
        for (const labelId of labelIds) labelled.run(brandId, conversationId, labelId)
        for (let seq = 1; seq <= perConversation; seq++) {
          const fromCustomer = seq % 2 === 1 || (waiting && seq === perConversation)
          message.run(ids.next(), conversationId, seq, fromCustomer ? customerId : brandId, fromCustomer ? null : members[seq % members.length] ?? null,
            sentence(), noEntities, createdAt + seq * 60_000)
        }
      }
    })()
  }
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}

async function prepare(): Promise<Seeded> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-bench-inbox-'))
  const port = await freePort()
  const boot = await startParloir({ port, dataDir, env: { LOG_LEVEL: 'warn' } })
  const http = new JsonClient(boot.url)
  const ada = await http.expect<{ me: { account: { id: string } }; session: { token: string } }>(201, 'POST', '/api/v1/auth/signup', { body: { handle: 'ada', displayName: 'Ada', password: PASSWORD } })
  const ben = await http.expect<{ me: { account: { id: string } } }>(201, 'POST', '/api/v1/auth/signup', { body: { handle: 'ben', displayName: 'Ben', password: PASSWORD } })
  const adaToken = ada.session.token
  const { brand } = await http.expect<{ brand: { id: string } }>(201, 'POST', '/api/v1/brands', { token: adaToken, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })
  await http.expect(200, 'PUT', `/api/v1/brands/${brand.id}/members/${ben.me.account.id}`, { token: adaToken, body: { role: 'agent' } })
  const label = async (name: string, colour: string) =>
    (await http.expect<{ id: string }>(201, 'POST', `/api/v1/brands/${brand.id}/labels`, { token: adaToken, body: { name, colour } })).id
  const labels: BenchLabels = { billing: await label('Billing', 'blue'), vip: await label('VIP', 'purple') }
  http.close()
  await stopParloir(boot, 'SIGTERM')
  const seededAt = performance.now()
  seed(join(dataDir, 'parloir.sqlite'), brand.id, [ada.me.account.id, ben.me.account.id], labels)
  console.log(`seeded ${CONVERSATIONS.toLocaleString('en')} conversations and ${MESSAGES.toLocaleString('en')} messages in ${round((performance.now() - seededAt) / 1000)} s`)
  const server = await startParloir({ port, dataDir, startTimeoutMs: 300_000, env: { LOG_LEVEL: 'warn', PARLOIR_SQLITE_SYNCHRONOUS: 'full' } })
  servers.push({ process: server, dataDir })
  return { url: server.url, adaToken, brandId: brand.id, benId: ben.me.account.id, dataDir, labels }
}

const servers: Array<{ process: Awaited<ReturnType<typeof startParloir>>; dataDir: string }> = []

/** p50 and p99 of one GET, asked `SAMPLES` times one after the other (after 5 warm-up asks). */
async function measure(url: string, token: string, path: () => string, headers: Record<string, string> = {}): Promise<{ p50: number; p99: number }> {
  const ask = async () => {
    const res = await fetch(`${url}${path()}`, { headers: { authorization: `Bearer ${token}`, ...headers } })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`GET ${path()} answered ${res.status}`)
  }
  for (let i = 0; i < 5; i++) await ask()
  const times: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const began = performance.now()
    await ask()
    times.push(performance.now() - began)
  }
  times.sort((a, b) => a - b)
  return { p50: round(percentile(times, 0.5), 2), p99: round(percentile(times, 0.99), 2) }
}

export async function runInboxBench(): Promise<Array<{ what: string; p50: number; p99: number }>> {
  const seeded = await prepare()
  const http = new JsonClient(seeded.url, { timeoutMs: 60_000 })
  const rows: Array<{ what: string; p50: number; p99: number }> = []
  const inbox = `/api/v1/brands/${seeded.brandId}/inbox`
  try {
    const counts = (await http.expect<{ counts: Record<string, number> }>(200, 'GET', inbox, { token: seeded.adaToken })).counts
    console.log(`counts: ${JSON.stringify(counts)}`)
    const cases: Array<[string, string | (() => string)]> = [
      ...['unassigned', 'mine', 'open', 'pending', 'snoozed', 'resolved'].map((view): [string, string] => [`view ${view}: first page + all counts`, `${inbox}?view=${view}`]),
      ['view open, waiting longest first', `${inbox}?view=open&order=waiting`],
      ['view open, filtered: visitors from "spring"', `${inbox}?view=open&kind=visitor&source=spring`],
      [`view open, assigned to Ben`, `${inbox}?view=open&assigneeId=${seeded.benId}`],
      ['view open, label "Billing" (10% of conversations)', `${inbox}?view=open&label=${seeded.labels.billing}`],
      ['view resolved, label "VIP" (1%), waiting longest first', `${inbox}?view=resolved&order=waiting&label=${seeded.labels.vip}`],
      ['view pending, label "VIP" (none of them pending)', `${inbox}?view=pending&label=${seeded.labels.vip}`],
      ['search: one common word, label "Billing"', `${inbox}/search?q=refund&label=${seeded.labels.billing}`],
      ['search: one common word', `${inbox}/search?q=refund`],
      ['search: two words, the last a prefix', `${inbox}/search?q=coffee%20grin`],
      ['search: a word of every 4th message, varied', () => `${inbox}/search?q=${WORDS[Math.floor(Math.random() * WORDS.length)] ?? 'coffee'}`],
      ['search: no match', `${inbox}/search?q=zanzibar`],
    ]
    for (const [what, path] of cases) {
      rows.push({ what, ...(await measure(seeded.url, seeded.adaToken, typeof path === 'string' ? () => path : path)) })
    }
    // The peer: the conversation list the console used before (newest 50, with unread counts).
    const before = await measure(seeded.url, seeded.adaToken, () => '/api/v1/conversations', { 'parloir-act-as': seeded.brandId })
    rows.push({ what: 'before: GET /conversations as the brand (no views, no counts)', ...before })
  } finally {
    http.close()
    await stopInboxServers()
  }
  return rows
}

export function printInboxTable(rows: ReadonlyArray<{ what: string; p50: number; p99: number }>): void {
  console.log(`\nTeam inbox, ${CONVERSATIONS.toLocaleString('en')} conversations and ${MESSAGES.toLocaleString('en')} messages stored (SQLite, synchronous=FULL), ${SAMPLES} asks each, one at a time`)
  console.log(`${'request'.padEnd(64)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  under ${TARGET_P99_MS} ms`)
  for (const row of rows) {
    const judged = row.what.startsWith('before:') ? '' : row.p99 < TARGET_P99_MS ? 'yes' : 'NO'
    console.log(`${row.what.padEnd(64)} ${String(row.p50).padStart(8)} ${String(row.p99).padStart(8)}  ${judged}`)
  }
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => { console.error('the inbox bench ran out of its 30 minutes'); void stopInboxServers().then(() => process.exit(1)) }, 30 * 60_000)
  deadline.unref()
  printInboxTable(await runInboxBench())
}

/** Stops the servers the inbox bench started and removes their data (unless BENCH_INBOX_KEEP=1). */
export async function stopInboxServers(): Promise<void> {
  for (const server of servers.splice(0)) {
    await stopParloir(server.process, 'SIGTERM')
    if (env.BENCH_INBOX_KEEP !== '1') rmSync(server.dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
