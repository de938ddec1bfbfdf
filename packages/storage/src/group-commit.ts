import { sql, type Kysely } from 'kysely'
import { AppError } from '@parloir/protocol'
import type { StorageTx } from '@parloir/core'
import type { Database } from './schema.ts'
import { transactionStores } from './stores.ts'
import type { DialectQuirks } from './quirks.ts'

interface Job {
  fn: (tx: StorageTx) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  /** Rejects the job at its deadline; cleared once it is settled. */
  timer?: NodeJS.Timeout
}

export interface GroupCommitOptions {
  /** Most transactions in one commit. */
  maxBatch: number
  /**
   * Longest a caller waits for its transaction, queueing included; 0 waits for ever. Past it the
   * caller gets STORAGE_UNAVAILABLE: a transaction still queued is dropped (never written), one
   * whose batch is already at the database may yet commit, and its after-commit hooks (events)
   * then run as usual, so a retry with the same idempotency key finds it.
   */
  transactionTimeoutMs?: number
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
    private readonly options: GroupCommitOptions,
  ) {}

  run<T>(fn: (tx: StorageTx) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('storage is closed'))
    return new Promise<T>((resolve, reject) => {
      const timeoutMs = this.options.transactionTimeoutMs ?? 0
      const job: Job = { fn, resolve: resolve as (value: unknown) => void, reject }
      if (timeoutMs > 0) {
        const settle = (fn: (value: unknown) => void) => (value: unknown) => { clearTimeout(job.timer); fn(value) }
        job.resolve = settle(job.resolve)
        job.reject = settle(job.reject)
        job.timer = setTimeout(() => {
          const queued = this.#queue.indexOf(job)
          if (queued >= 0) this.#queue.splice(queued, 1)
          reject(new AppError('STORAGE_UNAVAILABLE', { retryAfterMs: 1_000, waitedMs: timeoutMs, reason: queued >= 0 ? 'queued' : 'committing' }))
        }, timeoutMs)
      }
      this.#queue.push(job)
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
        try {
          // Inside the try: a statement of it that fails (PostgreSQL's lock on the event counter
          // past statement_timeout) must roll back too, or the connection stays in an aborted
          // transaction and every later batch fails.
          for (const statement of this.quirks.beginBatch) await sql.raw(statement).execute(conn)
          for (const job of batch) {
            const tx = transactionStores(conn, this.quirks)
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
