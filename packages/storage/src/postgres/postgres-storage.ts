import { Pool, type PoolClient } from 'pg'
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely'
import { AppError } from '@parloir/protocol'
import type { Database } from '../schema.ts'
import { KyselyStorage, migrateToLatest } from '../kysely-storage.ts'
import { postgresQuirks } from './postgres-quirks.ts'

export interface PostgresStorageOptions {
  /** `postgres://user:password@host:port/database`, as in `DATABASE_URL`. */
  url: string
  /** Most connections reads use at once. */
  readConnections?: number
  /** Most transactions in one commit. */
  maxBatch?: number
  /** Longest wait to open a connection, or for a free one of the pool; 0 waits for ever. */
  connectTimeoutMs?: number
  /**
   * The server's `statement_timeout`, and the base of the client's own deadlines (a stopped or
   * unreachable server cannot enforce its own): a read gives up `clientMarginMs` later, a
   * transaction waits no longer than that, queueing included. 0 waits for ever.
   */
  statementTimeoutMs?: number
}

/** Defaults: see `docs/operations.md` ("PostgreSQL timeouts") for why. */
export const defaultPostgresTimeouts = { connectTimeoutMs: 3_000, statementTimeoutMs: 4_000 } as const
/** How much later than the server's statement_timeout the client gives up, so a live server's own cancel comes first. */
const clientMarginMs = 500

/** pg's and Node's ways of saying "the database did not answer", as opposed to "this statement is wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') {
    // query_canceled (statement_timeout), connection_exception, admin/crash shutdown, cannot_connect_now.
    if (code === '57014' || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/.test(code)) return true
  }
  return /^(Query read timeout|timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error)/.test(error.message)
}

/** The catalogue's answer for a database that did not answer; the pg error stays as its cause, for the log. */
function unavailable(error: unknown): unknown {
  if (!isDatabaseUnavailable(error)) return error
  const failure = new AppError('STORAGE_UNAVAILABLE', { retryAfterMs: 1_000 })
  return Object.assign(failure, { cause: error })
}

interface PoolOptions { url: string; max: number; idleTimeoutMillis: number; connectTimeoutMs: number; statementTimeoutMs: number; queryTimeoutMs: number }

/** A pg pool for Kysely whose "database did not answer" failures are STORAGE_UNAVAILABLE. */
function pool(options: PoolOptions): PostgresPool {
  const created = new Pool({
    connectionString: options.url,
    max: options.max,
    idleTimeoutMillis: options.idleTimeoutMillis,
    connectionTimeoutMillis: options.connectTimeoutMs,
    // pg leaves either unset when 0.
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.queryTimeoutMs,
    // A server that vanished without closing the socket is found by TCP keepalive.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  })
  // A connection that dies (server restart, network) must not crash the process: pg reports it
  // as an 'error' event, and the query that needed it fails on its own. The pool then drops it
  // and opens a fresh one for the next query.
  const ignore = () => undefined
  created.on('error', ignore)
  created.on('connect', (client) => { client.on('error', ignore) })
  const wrapped = new WeakMap<PoolClient, PostgresPoolClient>()
  const wrap = (client: PoolClient): PostgresPoolClient => {
    let found = wrapped.get(client)
    if (!found) {
      // A connection whose ROLLBACK failed may still be inside a transaction: closed, not reused.
      let unsure = false
      found = {
        // Kysely reads with (sql, parameters) only: no cursors are configured.
        query: ((text: string, parameters: unknown[]) => client.query(text, parameters).catch((error: unknown) => {
          if (/^\s*rollback\s*$/i.test(text)) unsure = true
          throw unavailable(error)
        })) as unknown as PostgresPoolClient['query'],
        release: () => {
          if (unsure) wrapped.delete(client)
          client.release(unsure)
        },
      }
      wrapped.set(client, found)
    }
    return found
  }
  return {
    connect: async () => wrap(await created.connect().catch((error: unknown) => { throw unavailable(error) })),
    end: () => created.end(),
  }
}

/**
 * PostgreSQL storage: a pool of connections reads, one connection writes through the group
 * committer. Durable with the server's defaults, `fsync` and `synchronous_commit` on: a batch's
 * transactions are answered only after its COMMIT returns, and `open` refuses a server or
 * database where either is off. Several Parloir processes may share one database.
 *
 * Nothing waits for ever on a database that does not answer (stopped, unreachable, overloaded):
 * opening a connection, each statement and each transaction have deadlines, and their failures
 * are STORAGE_UNAVAILABLE (503). A transaction whose deadline passes while its COMMIT is at the
 * server may still commit; it is then as if the answer had been lost on the way, which retries
 * with the same idempotency key (`clientMessageId`) already handle: the original is returned.
 */
export class PostgresStorage extends KyselyStorage {
  readonly #options: PostgresStorageOptions

  private constructor(options: PostgresStorageOptions) {
    const connectTimeoutMs = options.connectTimeoutMs ?? defaultPostgresTimeouts.connectTimeoutMs
    const statementTimeoutMs = options.statementTimeoutMs ?? defaultPostgresTimeouts.statementTimeoutMs
    const deadlineMs = statementTimeoutMs > 0 ? statementTimeoutMs + clientMarginMs : 0
    const common = { url: options.url, connectTimeoutMs, statementTimeoutMs }
    super({
      reader: new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool({ ...common, max: options.readConnections ?? 10, idleTimeoutMillis: 10_000, queryTimeoutMs: deadlineMs }) }) }),
      // One batch commits at a time, so one connection writes; it is kept open between batches.
      // No client-side query timeout here: the batch waits for its real outcome, so that a COMMIT
      // that lands late still runs its after-commit hooks (events), while the transactions'
      // deadline answers their callers in time.
      writer: new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool({ ...common, max: 1, idleTimeoutMillis: 0, queryTimeoutMs: 0 }) }) }),
    }, postgresQuirks, { maxBatch: options.maxBatch ?? 512, transactionTimeoutMs: deadlineMs })
    this.#options = options
  }

  /**
   * On a connection of its own without statement_timeout: a migration may build an index on a big
   * table, and waits for another process's migration lock.
   */
  override async migrate(): Promise<string[]> {
    const connectTimeoutMs = this.#options.connectTimeoutMs ?? defaultPostgresTimeouts.connectTimeoutMs
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool({ url: this.#options.url, max: 1, idleTimeoutMillis: 0, connectTimeoutMs, statementTimeoutMs: 0, queryTimeoutMs: 0 }) }) })
    try {
      return await migrateToLatest(db)
    } finally {
      await db.destroy()
    }
  }

  /** Connects, checks the database is durable and brings its schema up to date. */
  static async open(options: PostgresStorageOptions): Promise<PostgresStorage> {
    const storage = new PostgresStorage(options)
    try {
      await storage.#requireDurable()
      await storage.migrate()
    } catch (error) {
      await storage.close().catch(() => undefined)
      throw error
    }
    return storage
  }

  async #requireDurable(): Promise<void> {
    const { rows } = await sql<{ fsync: string; synchronous_commit: string }>`select current_setting('fsync') as fsync, current_setting('synchronous_commit') as synchronous_commit`.execute(this.writer)
    const settings = rows[0]
    if (settings?.fsync !== 'on') {
      throw new Error('PostgreSQL runs with fsync=off: a crash could lose acknowledged messages. Turn fsync on in postgresql.conf.')
    }
    // on, local, remote_write and remote_apply all wait for the local flush; off does not.
    if (settings.synchronous_commit === 'off') {
      throw new Error('PostgreSQL runs with synchronous_commit=off: a crash could lose acknowledged messages. Turn it on for this server, database or role.')
    }
  }

  /** Not done from here: a PostgreSQL server is backed up with its own tools. */
  async backup(_destinationPath: string): Promise<void> {
    throw new Error('Parloir does not back up PostgreSQL itself: use pg_dump (e.g. pg_dump --format=custom "$DATABASE_URL" > parloir.dump), see docs/operations.md')
  }

}
