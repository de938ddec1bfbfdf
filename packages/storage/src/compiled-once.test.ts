import { test } from 'node:test'
import assert from 'node:assert/strict'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from './schema.ts'
import { compiledOnce } from './compiled-once.ts'

test('a query compiled once binds each run\'s values in their places and keeps its own constants', async () => {
  const raw = new SqliteDatabase(':memory:')
  raw.exec(`create table blocks (blocker_id text, blocked_id text, created_at integer)`)
  raw.exec(`insert into blocks values ('a', 'b', 1), ('c', 'a', 2), ('c', 'd', 3)`)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) })
  let builds = 0
  const either = compiledOnce((k, $) => {
    builds++
    return k.selectFrom('blocks').select('blocker_id').where((eb) => eb.or([
      eb.and([eb('blocker_id', '=', $(0)), eb('blocked_id', '=', $(1))]),
      eb.and([eb('blocker_id', '=', $(1)), eb('blocked_id', '=', $(0))]),
    ])).where('created_at', '<', 3)
  })
  const engine = {}
  assert.deepEqual((await either(db, engine, ['a', 'b'])).rows, [{ blocker_id: 'a' }])
  assert.deepEqual((await either(db, engine, ['a', 'c'])).rows, [{ blocker_id: 'c' }], 'the values swap places in the second pair')
  assert.deepEqual((await either(db, engine, ['d', 'c'])).rows, [], 'the constant 3 of the query still applies')
  assert.equal(builds, 1, 'built and compiled once for the engine')
  await either(db, {}, ['a', 'b'])
  assert.equal(builds, 2, 'another engine compiles its own')
  const unused = compiledOnce((k, $) => k.selectFrom('blocks').select('blocker_id').where('blocker_id', '=', $(0)))
  await assert.rejects(unused(db, engine, ['a', 'b']), /value 1 has no place/)
  await db.destroy()
})
