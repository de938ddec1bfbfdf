import { Pool } from 'pg'
import { Kysely, PostgresDialect, sql } from 'kysely'
import type { Database } from '../schema.ts'
import { KyselyStorage } from '../kysely-storage.ts'
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
export class PostgresStorage extends KyselyStorage {
  private constructor(options: PostgresStorageOptions) {
    super({
      reader: new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool(options.url, options.readConnections ?? 10, 10_000) }) }),
      // One batch commits at a time, so one connection writes; it is kept open between batches.
      writer: new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool(options.url, 1, 0) }) }),
    }, postgresQuirks, options.maxBatch ?? 512)
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
