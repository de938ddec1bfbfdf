import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import SqliteDatabase from 'better-sqlite3'
import { Checkpointer } from './checkpointer.ts'

test('the worker copies committed pages from the WAL into the database while the writer never checkpoints', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parloir-checkpoint-'))
  const path = join(dir, 'db.sqlite')
  const writer = new SqliteDatabase(path)
  writer.pragma('journal_mode = WAL')
  writer.pragma('wal_autocheckpoint = 0')
  writer.exec('create table t (n integer, body text)')
  const insert = writer.prepare('insert into t values (?, ?)')
  writer.transaction(() => { for (let n = 0; n < 5_000; n++) insert.run(n, 'x'.repeat(200)) })()
  const before = statSync(path).size
  assert.ok(statSync(`${path}-wal`).size > 1_000_000, 'the rows are in the WAL')
  assert.ok(before < 100_000, `nothing was checkpointed yet (${before} bytes)`)

  const checkpointer = new Checkpointer(path, 20)
  const deadline = Date.now() + 5_000
  // The file grows page by page while a checkpoint runs, so wait for the whole of it, not its first pages.
  while (statSync(path).size <= 1_000_000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
  assert.ok(statSync(path).size > 1_000_000, 'the worker checkpointed the rows into the database file')
  // The writer keeps committing while the worker runs.
  writer.transaction(() => { for (let n = 0; n < 100; n++) insert.run(n, 'y') })()
  await checkpointer.close()
  assert.equal(checkpointer.lastError, null)
  assert.equal(writer.prepare('select count(*) from t').pluck().get(), 5_100)
  writer.close()
  rmSync(dir, { recursive: true, force: true })
})
