import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import SqliteDatabase from 'better-sqlite3'
import { reusingStatements, SqliteStorage } from './sqlite-storage.ts'
import { storageContract } from '../storage.contract.ts'
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
    settings: { receiveMessagesFromAnyone: false, sendReadReceipts: true }, createdAtMs: 1,
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
