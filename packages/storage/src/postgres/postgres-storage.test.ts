import { test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { Client, Pool } from 'pg'
import { Kysely, Migrator, PostgresDialect } from 'kysely'
import type { AccountRecord, ConversationRecord } from '@parloir/core'
import { PostgresStorage } from './postgres-storage.ts'
import { createTestDatabase } from '@parloir/testing/postgres-server'
import { storageContract } from '../storage.contract.ts'
import { migrations } from '../migrations/index.ts'

// A real PostgreSQL on loopback: PARLOIR_TEST_POSTGRES_URL's, or one started for this process.
// The contract is about what is stored, not about timeouts (postgres-pause.test.ts covers those):
// a 30 s statement timeout keeps a batch of 200 transactions from missing its deadline on a loaded
// machine (several gate runs at once), where the 4 s default once did.
const contractTimeouts = { statementTimeoutMs: 30_000 }

storageContract('postgres', {
  async open() {
    const db = await createTestDatabase()
    let current = await PostgresStorage.open({ url: db.url, ...contractTimeouts })
    return {
      storage: current,
      reopen: async () => (current = await PostgresStorage.open({ url: db.url, ...contractTimeouts })),
      cleanup: async () => { await current.close().catch(() => undefined); await db.drop() },
    }
  },
})

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try { return (await client.query(text)).rows as T[] } finally { await client.end() }
}

const at = 1_767_225_600_000
const ada: AccountRecord = {
  id: '1000000000000000001', kind: 'person', handle: 'ada', displayName: 'Ada', bio: '', avatarMediaId: null, passwordHash: null, email: null,
  settings: { receiveMessagesFromAnyone: false, sendReadReceipts: true, discoverable: false }, createdAtMs: at,
}
const group = (i: number): ConversationRecord => ({
  id: `200000000000000000${i}`, kind: 'group', pairKey: null, name: `Northwind Coffee ${i}`, avatarMediaId: null, createdBy: ada.id,
  createdAtMs: at, updatedAtMs: at, lastSeq: 0, lastMessageAtMs: at, source: null,
})

test('cursor order is commit order with two processes writing at once: a resuming reader misses nothing', async () => {
  const db = await createTestDatabase()
  // Three instances, as three Parloir processes: two write, one reads.
  const [one, two, reader] = [await PostgresStorage.open({ url: db.url }), await PostgresStorage.open({ url: db.url }), await PostgresStorage.open({ url: db.url })]
  try {
    const conversations = [0, 1, 2, 3].map(group)
    await one.transaction(async (tx) => {
      await tx.accounts.insert(ada)
      for (const c of conversations) await tx.conversations.insert(c)
    })

    // Each transaction bumps two conversations in a random order (batches from both processes lock
    // the same rows in different orders: no deadlock may follow), appends an event, then dawdles
    // before committing, so a cursor taken early has every chance to commit late.
    const committed: number[] = []
    const writer = async (storage: PostgresStorage) => {
      for (let i = 0; i < 40; i++) {
        const cursor = await storage.transaction(async (tx) => {
          const picked = [...conversations].sort(() => Math.random() - 0.5).slice(0, 2)
          for (const c of picked) await tx.conversations.nextSeq(c.id, at)
          const cursor = await tx.events.append({ name: 'message.hidden', data: { i }, accountId: ada.id })
          await sleep(Math.random() * 2)
          return cursor
        })
        committed.push(cursor)
      }
    }
    let writing = true
    const writers = Promise.all([one, two].flatMap((storage) => [1, 2, 3, 4].map(() => writer(storage)))).finally(() => { writing = false })

    // The reader resumes from the last cursor it saw, as a reconnecting stream does.
    const seen: number[] = []
    let last = 0
    const poll = async () => {
      const page = await reader.reads.events.after(last, [ada.id], 10_000)
      for (const e of page) {
        assert.ok(e.cursor > last, `cursor ${e.cursor} after ${last}`)
        seen.push(e.cursor)
        last = e.cursor
      }
    }
    while (writing) { await poll(); await sleep(1) }
    await writers
    await poll()

    const total = 2 * 4 * 40
    assert.deepEqual([...committed].sort((a, b) => a - b), Array.from({ length: total }, (_, i) => i + 1), 'cursors are gapless')
    assert.deepEqual(seen, Array.from({ length: total }, (_, i) => i + 1), 'the resuming reader saw every cursor, in order')
    const seqs = await Promise.all(conversations.map(async (c) => (await reader.reads.conversations.byId(c.id))?.lastSeq ?? 0))
    assert.equal(seqs.reduce((a, b) => a + b, 0), total * 2)
  } finally {
    await Promise.all([one.close(), two.close(), reader.close()])
    await db.drop()
  }
})

test('the counter carries on from the events a database already holds', async () => {
  const db = await createTestDatabase()
  // A database that only knows 0001, with events numbered by its sequence.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const old = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: db.url, max: 1 }) }) })
  const only0001 = { '0001_create_core_tables': migrations['0001_create_core_tables']! }
  const { error } = await new Migrator({ db: old, provider: { getMigrations: async () => only0001 } }).migrateToLatest()
  assert.equal(error, undefined)
  await old.insertInto('events').values([1, 2, 3].map(() => ({ name: 'message.hidden', data: '{}', created_at: at }))).execute()
  await old.destroy()

  const storage = await PostgresStorage.open({ url: db.url })
  try {
    assert.equal(await storage.transaction((tx) => tx.events.append({ name: 'message.hidden', data: {}, accountId: ada.id })), 4)
    assert.deepEqual(await storage.migrate(), [], 'migrations are recorded once')
    const names = await query<{ name: string }>(db.url, 'select name from kysely_migration order by name')
    assert.deepEqual(names.map((r) => r.name), Object.keys(migrations))
  } finally {
    await storage.close()
    await db.drop()
  }
})

test('runs with the durable defaults, and refuses a database where commits are not flushed', async () => {
  const db = await createTestDatabase()
  try {
    const [settings] = await query<{ fsync: string; synchronous_commit: string }>(db.url, 'select current_setting(\'fsync\') as fsync, current_setting(\'synchronous_commit\') as synchronous_commit')
    assert.deepEqual(settings, { fsync: 'on', synchronous_commit: 'on' })
    await query(db.url, `alter database ${db.name} set synchronous_commit = off`)
    await assert.rejects(PostgresStorage.open({ url: db.url }), /synchronous_commit=off/)
  } finally {
    await db.drop()
  }
})

test('backup points to pg_dump instead of pretending', async () => {
  const db = await createTestDatabase()
  const storage = await PostgresStorage.open({ url: db.url })
  try {
    await assert.rejects(storage.backup('/tmp/parloir.dump'), /pg_dump/)
    await storage.ping()
  } finally {
    await storage.close()
    await db.drop()
  }
})
