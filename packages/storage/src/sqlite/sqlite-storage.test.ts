import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import SqliteDatabase from 'better-sqlite3'
import { reusingStatements, SqliteStorage } from './sqlite-storage.ts'
import { storageContract } from '../storage.contract.ts'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { migrations } from '../migrations/index.ts'

storageContract('sqlite', {
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'parloir-storage-'))
    const path = join(dir, 'db.sqlite')
    let current = await SqliteStorage.open({ path })
    return {
      storage: current,
      reopen: async () => (current = await SqliteStorage.open({ path })),
      cleanup: async () => { await current.close().catch(() => undefined); rmSync(dir, { recursive: true, force: true }) },
    }
  },
})

test('sqlite runs in WAL mode with synchronous=FULL by default (durable)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parloir-storage-'))
  const path = join(dir, 'db.sqlite')
  const storage = await SqliteStorage.open({ path })
  const probe = new SqliteDatabase(path)
  assert.equal(probe.pragma('journal_mode', { simple: true }), 'wal')
  probe.close()
  await storage.close()
  rmSync(dir, { recursive: true, force: true })
})

test('an online backup is a database that opens with the same data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parloir-storage-'))
  const storage = await SqliteStorage.open({ path: join(dir, 'db.sqlite') })
  await storage.transaction((tx) => tx.accounts.insert({
    id: '1234567890123456789', kind: 'person', handle: 'chloe', displayName: 'Chloe', bio: '', avatarMediaId: null, passwordHash: null, email: null,
    settings: { receiveMessagesFromAnyone: false, sendReadReceipts: true, discoverable: false }, createdAtMs: 1,
  }))
  await storage.backup(join(dir, 'copy.sqlite'))
  await storage.close()
  const copy = await SqliteStorage.open({ path: join(dir, 'copy.sqlite') })
  assert.equal((await copy.reads.accounts.byHandle('CHLOE'))?.id, '1234567890123456789')
  await copy.close()
  rmSync(dir, { recursive: true, force: true })
})

test('migrations are recorded once: opening twice applies nothing the second time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parloir-storage-'))
  const path = join(dir, 'db.sqlite')
  const first = await SqliteStorage.open({ path })
  assert.deepEqual(await first.migrate(), [])
  await first.close()
  const probe = new SqliteDatabase(path)
  const names = probe.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>
  assert.deepEqual(names.map((r) => r.name), Object.keys(migrations))
  probe.close()
  rmSync(dir, { recursive: true, force: true })
})

test('a statement is compiled once per SQL text, a busy one is not handed out, and the oldest is dropped past the cap', () => {
  const db = new SqliteDatabase(':memory:')
  db.exec('create table t (n integer)')
  db.prepare('insert into t values (1), (2), (3)').run()
  const statements = reusingStatements(db, 2)
  const first = statements.prepare('select n from t')
  assert.equal(statements.prepare('select n from t'), first)
  const rows = first.iterate([])
  rows.next() // `first` is now busy until the iteration ends
  const meanwhile = statements.prepare('select n from t')
  assert.notEqual(meanwhile, first)
  assert.deepEqual(meanwhile.all([]), [{ n: 1 }, { n: 2 }, { n: 3 }])
  rows.return?.()
  assert.equal(statements.prepare('select n from t'), first)
  statements.prepare('select 1')
  statements.prepare('select 2') // the cap is 2: `select n from t`, the oldest, goes
  assert.notEqual(statements.prepare('select n from t'), first)
  statements.close()
})

/** A database file that the migrations before `name` made, as an older Parloir left it. */
async function migratedBefore(name: string): Promise<{ dir: string; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'parloir-storage-'))
  const path = join(dir, 'db.sqlite')
  const before = Object.fromEntries(Object.entries(migrations).filter(([migration]) => migration < name))
  const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(path) }) })
  assert.equal((await new Migrator({ db: old, provider: { getMigrations: async () => before } }).migrateToLatest()).error, undefined)
  await old.destroy()
  return { dir, path }
}

test('a migration that lands after a later-numbered one already ran still runs (features merge in any order)', async () => {
  const names = Object.keys(migrations)
  const skipped = names.at(-2)
  assert.ok(skipped)
  const dir = mkdtempSync(join(tmpdir(), 'parloir-storage-'))
  const path = join(dir, 'db.sqlite')
  const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(path) }) })
  const without = Object.fromEntries(Object.entries(migrations).filter(([name]) => name !== skipped))
  assert.equal((await new Migrator({ db: old, provider: { getMigrations: async () => without } }).migrateToLatest()).error, undefined)
  await old.destroy()
  const storage = await SqliteStorage.open({ path })
  try {
    assert.deepEqual(await storage.migrate(), [], 'opening ran it')
    const raw = new SqliteDatabase(path, { readonly: true })
    const applied = (raw.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>).map((r) => r.name)
    raw.close()
    assert.deepEqual(applied, names)
  } finally {
    await storage.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('0009 gives each visitor started before it the brand of its first conversation', async () => {
  // A database as 0008 left it: a brand, a visitor with its conversation, and a person.
  const { dir, path } = await migratedBefore('0009')
  const raw = new SqliteDatabase(path)
  const account = raw.prepare('insert into accounts (id, kind, handle, handle_key, display_name, receive_from_anyone, send_read_receipts, created_at) values (?, ?, ?, ?, ?, 1, 1, 1)')
  account.run('1', 'brand', 'northwind', 'northwind', 'Northwind Coffee')
  account.run('2', 'visitor', 'visitor:2', 'visitor:2', 'Visitor')
  account.run('3', 'person', 'chloe', 'chloe', 'Chloe')
  raw.prepare("insert into conversations (id, kind, pair_key, created_by, created_at, updated_at, last_message_at) values ('10', 'direct', '1:2', '2', 1, 1, 1)").run()
  const participant = raw.prepare("insert into participants (conversation_id, account_id, status, joined_cursor, joined_at) values ('10', ?, 'accepted', 0, 1)")
  participant.run('1')
  participant.run('2')
  raw.close()
  const storage = await SqliteStorage.open({ path })
  try {
    assert.equal((await storage.reads.accounts.byId('2'))?.issuedByBrandId, '1')
    assert.equal((await storage.reads.accounts.byId('3'))?.issuedByBrandId, undefined, 'people have none')
  } finally {
    await storage.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('0010 gives brand conversations that exist their team inbox row: open when the customer waits, pending when answered', async () => {
  const { dir, path } = await migratedBefore('0010')
  const raw = new SqliteDatabase(path)
  const account = raw.prepare('insert into accounts (id, kind, handle, handle_key, display_name, receive_from_anyone, send_read_receipts, created_at) values (?, ?, ?, ?, ?, 1, 1, 1)')
  account.run('1', 'brand', 'northwind', 'northwind', 'Northwind Coffee')
  account.run('2', 'visitor', 'visitor:2', 'visitor:2', 'Visitor')
  account.run('3', 'person', 'dan', 'dan', 'Dan')
  account.run('4', 'person', 'eve', 'eve', 'Eve')
  const conversation = raw.prepare("insert into conversations (id, kind, pair_key, created_by, created_at, updated_at, last_message_at, last_seq, source) values (?, 'direct', ?, ?, 5, 5, 5, ?, ?)")
  conversation.run('10', '1:2', '2', 3, 'spring')
  conversation.run('11', '1:3', '3', 2, null)
  conversation.run('12', '1:4', '4', 0, null)
  const participant = raw.prepare("insert into participants (conversation_id, account_id, status, joined_cursor, joined_at, last_read_seq) values (?, ?, 'accepted', 0, 1, ?)")
  for (const [c, customer] of [['10', '2'], ['11', '3'], ['12', '4']] as const) {
    participant.run(c, '1', c === '10' ? 1 : 0)
    participant.run(c, customer, 0)
  }
  const message = raw.prepare("insert into messages (id, conversation_id, seq, sender_id, kind, text, entities, buttons, created_at, automation, sent_by) values (?, ?, ?, ?, 'text', 'hi', '{}', '[]', ?, ?, ?)")
  // The visitor asked at 100, a keyword rule answered at 110 (no answer), they asked again at 120.
  message.run('100', '10', 1, '2', 100, null, null)
  message.run('101', '10', 2, '1', 110, 'keyword', null)
  message.run('102', '10', 3, '2', 120, null, null)
  // Dan asked at 100, Ada (account 5) answered at 200.
  message.run('110', '11', 1, '3', 100, null, null)
  message.run('111', '11', 2, '1', 200, null, '5')
  raw.close()
  const storage = await SqliteStorage.open({ path })
  try {
    const waiting = await storage.reads.inbox.get('1', '10')
    assert.deepEqual(waiting && { ...waiting, updatedAtMs: 0 }, {
      brandId: '1', conversationId: '10', customerId: '2', customerKind: 'visitor', source: 'spring', status: 'open', snoozedUntilMs: null,
      assigneeId: null, waitingSinceMs: 100, lastCustomerSeq: 3, lastCustomerAtMs: 120, lastAnsweredAtMs: null, lastAnsweredBy: null, customerActiveAtMs: 120,
      readBaselineSeq: 1, labelIds: [], createdAtMs: 5, updatedAtMs: 0,
    })
    const answered = await storage.reads.inbox.get('1', '11')
    assert.equal(answered?.status, 'pending')
    assert.equal(answered?.waitingSinceMs, null)
    assert.equal(answered?.lastAnsweredAtMs, 200)
    assert.equal(answered?.lastAnsweredBy, '5')
    assert.equal(answered?.customerKind, 'person')
    assert.equal((await storage.reads.inbox.get('1', '12'))?.customerActiveAtMs, 0, 'nobody wrote: in no view')
    assert.deepEqual(await storage.reads.inbox.forConversation('10').then((rows) => rows.map((r) => r.brandId)), ['1'], 'people get no row')
  } finally {
    await storage.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
