import { sql, type Kysely } from 'kysely'
import type { StorageTx } from '@parloir/core'
import type { Database } from './schema.ts'
import { Repository } from './repository.ts'
import type { DialectQuirks } from './quirks.ts'

interface Job {
  fn: (tx: StorageTx) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

export interface GroupCommitStats {
  commits: number
  transactions: number
}

/**
 * Runs write transactions in batches: every transaction that arrives while the previous batch
 * commits joins the next one, so one commit (one fsync) makes many durable. Each transaction
 * runs alone inside a savepoint, so one that throws rolls back only its own writes. Nobody is
 * answered before the batch's COMMIT returns.
 */
export class GroupCommitter {
  readonly stats: GroupCommitStats = { commits: 0, transactions: 0 }
  #queue: Job[] = []
  #scheduled = false
  #running: Promise<void> | null = null
  #closed = false

  constructor(
    private readonly db: Kysely<Database>,
    private readonly quirks: DialectQuirks,
    private readonly options: { maxBatch: number },
  ) {}

  run<T>(fn: (tx: StorageTx) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('storage is closed'))
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (value: unknown) => void, reject })
      this.#schedule()
    })
  }

  #schedule(): void {
    if (this.#scheduled || this.#running || this.#queue.length === 0) return
    this.#scheduled = true
    // setImmediate lets every request already read from the sockets join this batch.
    setImmediate(() => {
      this.#scheduled = false
      this.#running = this.#flush().finally(() => {
        this.#running = null
        this.#schedule()
      })
    })
  }

  async #flush(): Promise<void> {
    const batch = this.#queue.splice(0, this.options.maxBatch)
    const outcomes: Array<{ ok: true; value: unknown; hooks: ReadonlyArray<() => void> } | { ok: false; error: unknown }> = []
    try {
      await this.db.connection().execute(async (conn) => {
        for (const statement of this.quirks.beginBatch) await sql.raw(statement).execute(conn)
        try {
          for (const job of batch) {
            const tx = new Repository(conn, this.quirks)
            await sql.raw('savepoint job').execute(conn)
            try {
              const value = await job.fn(tx)
              await sql.raw('release savepoint job').execute(conn)
              outcomes.push({ ok: true, value, hooks: tx.hooks })
            } catch (error) {
              await sql.raw('rollback to savepoint job').execute(conn)
              await sql.raw('release savepoint job').execute(conn)
              outcomes.push({ ok: false, error })
            }
          }
          await sql.raw('commit').execute(conn)
        } catch (error) {
          await sql.raw('rollback').execute(conn).catch(() => undefined)
          throw error
        }
      })
    } catch (error) {
      for (const job of batch) job.reject(error)
      return
    }
    this.stats.commits++
    this.stats.transactions += batch.length
    for (const [i, job] of batch.entries()) {
      const outcome = outcomes[i]
      if (!outcome) continue
      if (!outcome.ok) { job.reject(outcome.error); continue }
      for (const hook of outcome.hooks) hook()
      job.resolve(outcome.value)
    }
  }

  /** Refuses new work, then waits for what was queued to commit. */
  async close(): Promise<void> {
    this.#closed = true
    while (this.#running || this.#scheduled || this.#queue.length) {
      if (this.#running) await this.#running
      else await new Promise((resolve) => setImmediate(resolve))
    }
  }
}
