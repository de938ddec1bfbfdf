/**
 * People search with many accounts: `node --import tsx bench/people-search.ts [--postgres]`.
 *
 * BENCH_PEOPLE_ACCOUNTS accounts (100,000) are written through the storage's own
 * `tx.accounts.insert` (so the people_search index is filled as the server fills it): names from
 * a cast of first and last names, accents included, 60% of people discoverable, 1% brands. Then
 * one searcher, who blocks 50 of them, asks `reads.people.search` for a set of queries, from one
 * letter (the broadest) to two words and an exact handle; p50 and p99 are printed per query,
 * with how many accounts each answer holds (20 at most). It measures the store, not HTTP.
 * `--postgres` runs it on a PostgreSQL started for the run (as the contract tests do).
 *
 * Knobs: BENCH_PEOPLE_ACCOUNTS=100000 BENCH_PEOPLE_SAMPLES=200.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { searchWords } from '@parloir/protocol'
import { IdGenerator, exactHandleOf, type AccountRecord, type Storage } from '@parloir/core'
import { PostgresStorage, SqliteStorage } from '@parloir/storage'
import { createTestDatabase } from '@parloir/testing/postgres-server'
import { percentile, round } from './stats.ts'

const ACCOUNTS = Number(process.env.BENCH_PEOPLE_ACCOUNTS ?? 100_000)
const SAMPLES = Number(process.env.BENCH_PEOPLE_SAMPLES ?? 200)
const postgres = process.argv.includes('--postgres')

const FIRST = ('Ada Ben Chloé Dan Eve Fay Gus Héloïse Ines Jules Karim Léa Marc Noé Olga Paul Quentin Rosa Sami Téa Ugo Véra Will Xavier ' +
  'Yasmine Zoé Amélie Bruno Céline Denis Émile François Gaëlle Hugo Irène Jean-Pierre Kevin Louise Mathis Nadia').split(' ')
const LAST = ('Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel García David Bertrand ' +
  'Roux Vincent Fournier Morel Girard André Lefebvre Mercier Dupont Lambert Bonnet François Martínez Okafor Silva Lovelace Nguyen ' +
  'Kowalski Müller Rossi Jensen Novak Haddad Costa Ferreira Schmidt Tanaka Öztürk Ivanova Papadopoulos Murphy Walsh Byrne').split(' ')

let random = 7
const next = () => { random = (random * 1_103_515_245 + 12_345) % 2_147_483_648; return random / 2_147_483_648 }
const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T

async function open(): Promise<{ storage: Storage; close(): Promise<void> }> {
  if (postgres) {
    const db = await createTestDatabase()
    const storage = await PostgresStorage.open({ url: db.url, statementTimeoutMs: 120_000 })
    return { storage, close: async () => { await storage.close(); await db.drop() } }
  }
  const dir = mkdtempSync(join(tmpdir(), 'parloir-people-bench-'))
  const storage = await SqliteStorage.open({ path: join(dir, 'parloir.db'), synchronous: 'normal' })
  return { storage, close: async () => { await storage.close(); rmSync(dir, { recursive: true, force: true }) } }
}

async function main(): Promise<void> {
  const { storage, close } = await open()
  const ids = new IdGenerator(() => Date.now())
  const accounts: AccountRecord[] = []
  const seedStart = performance.now()
  const chunk = 1_000
  for (let from = 0; from < ACCOUNTS; from += chunk) {
    const batch: AccountRecord[] = []
    for (let i = from; i < Math.min(ACCOUNTS, from + chunk); i++) {
      const brand = i % 100 === 0
      const first = pick(FIRST); const last = pick(LAST)
      const handleStem = searchWords(first)[0]?.replace(/[^a-z0-9_]/g, '').slice(0, 8) ?? 'p'
      batch.push({
        id: ids.next(), kind: brand ? 'brand' : 'person', handle: `${handleStem}${i}`,
        displayName: brand ? `${last} ${pick(['Coffee', 'Bakery', 'Books', 'Cycles', 'Telecom'])}` : `${first} ${last}`,
        bio: '', avatarMediaId: null, passwordHash: null, email: null, createdAtMs: Date.now(),
        settings: { receiveMessagesFromAnyone: brand, sendReadReceipts: true, discoverable: brand || next() < 0.6 },
      })
    }
    await storage.transaction(async (tx) => { for (const a of batch) await tx.accounts.insert(a) })
    accounts.push(...batch)
  }
  const seedMs = performance.now() - seedStart
  const searcher = accounts[1]!
  await storage.transaction(async (tx) => { for (let i = 0; i < 50; i++) await tx.safety.block(searcher.id, accounts[100 + i * 37]!.id, 1) })
  const hidden = accounts.find((a) => a.kind === 'person' && !a.settings.discoverable)!

  // The last two are the worst cases: words that are common alone but never meet, so every row of the
  // driving range is read and answered by its EXISTS lookup.
  const queries = ['a', 'm', 'ch', 'mart', 'martin', 'chloé martin', 'jean pierre', 'okafor ada', 'coffee', 'zzz', hidden.handle, 'martin okafor', 's z']
  console.log(`people search, ${postgres ? 'PostgreSQL' : 'SQLite'}: ${ACCOUNTS.toLocaleString('en')} accounts seeded in ${round(seedMs / 1000)} s; ${SAMPLES} samples per query`)
  console.log('| query | found | p50 ms | p99 ms |')
  console.log('| --- | ---: | ---: | ---: |')
  for (const q of queries) {
    const query = { words: [...new Set(searchWords(q))], exactHandle: exactHandleOf(q), searcherId: searcher.id, limit: 20 }
    let found = 0
    const times: number[] = []
    for (let s = 0; s < SAMPLES; s++) {
      const t = performance.now()
      found = (await storage.reads.people.search(query)).length
      times.push(performance.now() - t)
    }
    times.sort((a, b) => a - b)
    console.log(`| \`${q}\` | ${found} | ${round(percentile(times, 0.5), 2)} | ${round(percentile(times, 0.99), 2)} |`)
  }
  await close()
}

await main()
