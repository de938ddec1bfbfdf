import { Pool } from 'pg'
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely'
import type { Storage, StorageTx } from '@parloir/core'
import type { Database } from '../schema.ts'
import { Repository } from '../repository.ts'
import { GroupCommitter, type GroupCommitStats } from '../group-commit.ts'
import { migrationProvider } from '../migrations/index.ts'
import { postgresQuirks } from './postgres-quirks.ts'

export interface PostgresStorageOptions {
  /** `postgres://user:password@host:port/database`, as in `DATABASE_URL`. */
  url: string
  /** Most connections reads use at once. */
  readConnections?: number
  /** Most transactions in one commit. */
  maxBatch?: number
}

function pool(url: string, max: number, idleTimeoutMillis: number): Pool {
  const created = new Pool({ connectionString: url, max, idleTimeoutMillis })
  // A connection that dies (server restart, network) must not crash the process: pg reports it
  // as an 'error' event, and the query that needed it fails on its own. The pool then drops it
  // and opens a fresh one for the next query.
  const ignore = () => undefined
  created.on('error', ignore)
  created.on('connect', (client) => { client.on('error', ignore) })
  return created
}

/**
 * PostgreSQL storage: a pool of connections reads, one connection writes through the group
 * committer. Durable with the server's defaults, `fsync` and `synchronous_commit` on: a batch's
 * transactions are answered only after its COMMIT returns, and `open` refuses a server or
 * database where either is off. Several Parloir processes may share one database.
 */
export class PostgresStorage implements Storage {
  readonly reads: Repository
  readonly #reader: Kysely<Database>
  readonly #writer: Kysely<Database>
  readonly #committer: GroupCommitter
  #closing: Promise<void> | null = null

  private constructor(options: PostgresStorageOptions) {
    this.#reader = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool(options.url, options.readConnections ?? 10, 10_000) }) })
    // One batch commits at a time, so one connection writes; it is kept open between batches.
    this.#writer = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool(options.url, 1, 0) }) })
    this.reads = new Repository(this.#reader, postgresQuirks)
    this.#committer = new GroupCommitter(this.#writer, postgresQuirks, { maxBatch: options.maxBatch ?? 512 })
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
    const { rows } = await sql<{ fsync: string; synchronous_commit: string }>`select current_setting('fsync') as fsync, current_setting('synchronous_commit') as synchronous_commit`.execute(this.#writer)
    const settings = rows[0]
    if (settings?.fsync !== 'on') {
      throw new Error('PostgreSQL runs with fsync=off: a crash could lose acknowledged messages. Turn fsync on in postgresql.conf.')
    }
    // on, local, remote_write and remote_apply all wait for the local flush; off does not.
    if (settings.synchronous_commit === 'off') {
      throw new Error('PostgreSQL runs with synchronous_commit=off: a crash could lose acknowledged messages. Turn it on for this server, database or role.')
    }
  }

  /** Applies pending migrations; returns the names applied. Concurrent callers queue on a lock. */
  async migrate(): Promise<string[]> {
    const migrator = new Migrator({ db: this.#writer, provider: migrationProvider })
    const { error, results } = await migrator.migrateToLatest()
    if (error) throw error
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
  }

  get commitStats(): GroupCommitStats { return this.#committer.stats }

  transaction<T>(fn: (tx: StorageTx) => Promise<T>): Promise<T> {
    return this.#committer.run(fn)
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#reader)
  }

  /** Not done from here: a PostgreSQL server is backed up with its own tools. */
  async backup(_destinationPath: string): Promise<void> {
    throw new Error('Parloir does not back up PostgreSQL itself: use pg_dump (e.g. pg_dump --format=custom "$DATABASE_URL" > parloir.dump), see docs/operations.md')
  }

  /** Waits for queued transactions to commit, then closes every connection. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#committer.close()
      await Promise.all([this.#reader.destroy(), this.#writer.destroy()])
    })()
    return this.#closing
  }
}
