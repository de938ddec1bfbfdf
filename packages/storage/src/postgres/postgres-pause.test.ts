import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { Client } from 'pg'
import { isAppError } from '@parloir/protocol'
import type { AccountRecord, ConversationRecord } from '@parloir/core'
import { PostgresStorage } from './postgres-storage.ts'
import { createTestDatabase, pauseTestPostgres, type PausedPostgres } from '@parloir/testing/postgres-server'

// Stops this process's own PostgreSQL with SIGSTOP (a server shared with other test processes
// must not be stopped under them).
const shared = process.env.PARLOIR_TEST_POSTGRES_URL ? 'stops the server: needs one of its own, not PARLOIR_TEST_POSTGRES_URL' : false

const at = 1_767_225_600_000
const ada: AccountRecord = {
  id: '1000000000000000001', kind: 'person', handle: 'ada', displayName: 'Ada', bio: '', avatarMediaId: null, passwordHash: null, email: null,
  settings: { receiveMessagesFromAnyone: false, sendReadReceipts: true, discoverable: false }, createdAtMs: at,
}
const northwind: ConversationRecord = {
  id: '2000000000000000001', kind: 'group', pairKey: null, name: 'Northwind Coffee', avatarMediaId: null, createdBy: ada.id,
  createdAtMs: at, updatedAtMs: at, lastSeq: 0, lastMessageAtMs: at, source: null,
}

const connectTimeoutMs = 1_000
const statementTimeoutMs = 1_000
/** The client's deadline: the statement timeout plus its 500 ms margin. */
const deadlineMs = statementTimeoutMs + 500

/** Two writes that belong together, as a send's (its seq and its event); `label` marks the event. */
function write(storage: PostgresStorage, label: string, published: string[] = []): Promise<number> {
  return storage.transaction(async (tx) => {
    const seq = await tx.conversations.nextSeq(northwind.id, at)
    await tx.events.append({ name: 'message.hidden', data: { label, seq }, accountId: ada.id })
    tx.afterCommit(() => published.push(label))
    return seq
  })
}

async function failure(promise: Promise<unknown>): Promise<{ code: string | undefined; ms: number }> {
  const started = Date.now()
  try {
    await promise
  } catch (error) {
    return { code: isAppError(error) ? error.code : String(error), ms: Date.now() - started }
  }
  throw new Error('it succeeded')
}

describe('when PostgreSQL is stopped (SIGSTOP) and resumed', { skip: shared }, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>
  let storage: PostgresStorage
  let paused: PausedPostgres | undefined
  const published: string[] = []
  before(async () => {
    db = await createTestDatabase()
    storage = await PostgresStorage.open({ url: db.url, connectTimeoutMs, statementTimeoutMs })
    await storage.transaction(async (tx) => {
      await tx.accounts.insert(ada)
      await tx.conversations.insert(northwind)
    })
    assert.equal(await write(storage, 'before', published), 1)
    // One reader connection open before the pause; a second read will need a new one.
    assert.ok(await storage.reads.conversations.byId(northwind.id))
  })
  after(async () => {
    paused?.resume()
    await storage?.close()
    await db?.drop()
  })

  test('reads, transactions and new connections fail with STORAGE_UNAVAILABLE within the deadline; nothing is half written', async (t) => {
    paused = await pauseTestPostgres()
    const pausedAt = Date.now()
    // Two reads at once: one on the open connection, one needing a new connection.
    const [read, otherRead, send, queued] = await Promise.all([
      failure(storage.reads.conversations.byId(northwind.id)),
      failure(storage.reads.conversations.byId(northwind.id)),
      failure(write(storage, 'during', published)),
      // Queued behind the first one's batch, which is stuck at the server.
      sleep(50).then(() => failure(write(storage, 'queued', published))),
    ])
    for (const [what, answer] of Object.entries({ read, otherRead, send, queued })) {
      assert.equal(answer.code, 'STORAGE_UNAVAILABLE', what)
      // At the connect timeout (a new connection) or at the deadline (an open one), never later.
      assert.ok(answer.ms >= connectTimeoutMs - 100 && answer.ms <= deadlineMs + 700, `${what} failed after ${answer.ms} ms (deadline ${deadlineMs} ms)`)
    }
    // A storage opened now cannot even connect.
    const opening = await failure(PostgresStorage.open({ url: db.url, connectTimeoutMs, statementTimeoutMs }))
    assert.equal(opening.code, 'STORAGE_UNAVAILABLE')
    assert.ok(opening.ms <= connectTimeoutMs + 700, `open failed after ${opening.ms} ms`)
    assert.ok(Date.now() - pausedAt < 5_000)
    t.diagnostic(`postgres pause: read ${read.ms} ms, send ${send.ms} ms, queued send ${queued.ms} ms, open ${opening.ms} ms → STORAGE_UNAVAILABLE`)
  })

  test('after SIGCONT everything works again, and each transaction was written once or not at all', async (t) => {
    paused?.resume()
    const resumedAt = Date.now()
    assert.equal(await write(storage, 'after', published), 3)
    const recoveredMs = Date.now() - resumedAt
    assert.ok(recoveredMs < 2_000, `first transaction after SIGCONT took ${recoveredMs} ms`)
    assert.ok((await storage.reads.conversations.byId(northwind.id)) !== null)

    // The transaction whose COMMIT was at the server when it stopped went through once the server
    // ran again (its caller was told STORAGE_UNAVAILABLE: the idempotency key makes a retry safe),
    // and its after-commit hook ran; the one still queued was never sent.
    const events = await storage.reads.events.after(0, [ada.id], 100)
    const labels = events.map((e) => (e.data as { label: string; seq: number }))
    assert.deepEqual(labels, [{ label: 'before', seq: 1 }, { label: 'during', seq: 2 }, { label: 'after', seq: 3 }])
    assert.equal((await storage.reads.conversations.byId(northwind.id))?.lastSeq, 3, 'seq and events agree: nothing half written')
    assert.deepEqual(published, ['before', 'during', 'after'])
    t.diagnostic(`postgres pause: first transaction ${recoveredMs} ms after SIGCONT`)
  })
})

describe('when another process holds the write lock past the statement timeout', () => {
  test('the batch fails with STORAGE_UNAVAILABLE, rolls back, and the next one commits', async () => {
    const db = await createTestDatabase()
    // The lock is held until the blocked batch gives up, whatever the timeout; 3 s leaves the writes
    // after it room to commit on a loaded machine (two gate runs side by side) within their deadline.
    const storage = await PostgresStorage.open({ url: db.url, connectTimeoutMs, statementTimeoutMs: 3_000 })
    const holder = new Client({ connectionString: db.url })
    try {
      await storage.transaction(async (tx) => {
        await tx.accounts.insert(ada)
        await tx.conversations.insert(northwind)
      })
      // As another process's batch would: the event counter row, locked (postgres-quirks.ts, beginBatch).
      await holder.connect()
      await holder.query('begin')
      await holder.query('select value from event_cursor where id = 1 for update')
      const blocked = await failure(write(storage, 'blocked'))
      assert.equal(blocked.code, 'STORAGE_UNAVAILABLE')
      await holder.query('rollback')
      // The writer's connection is not left inside an aborted transaction.
      assert.equal(await write(storage, 'next'), 1)
      assert.equal(await write(storage, 'and the one after'), 2)
    } finally {
      await holder.end().catch(() => undefined)
      await storage.close()
      await db.drop()
    }
  })
})
