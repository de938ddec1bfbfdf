import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely'
import type { Storage, StorageTx } from '@parloir/core'
import type { Database } from '../schema.ts'
import { Repository } from '../repository.ts'
import { GroupCommitter, type GroupCommitStats } from '../group-commit.ts'
import { sqliteQuirks } from './sqlite-quirks.ts'
import { migrationProvider } from '../migrations/index.ts'

export interface SqliteStorageOptions {
  /** Path of the database file; its folder is created if missing. */
  path: string
  /**
   * `full` (the default) is durable: WAL with synchronous=FULL, every commit is on disk before
   * anyone is answered. `normal` may lose the last commits on power loss: non-durable, for tests
   * and benchmarks that say so.
   */
  synchronous?: 'full' | 'normal'
  /** Most transactions in one commit. */
  maxBatch?: number
}

function open(path: string, synchronous: 'full' | 'normal', readonly: boolean): SqliteDatabase.Database {
  const db = new SqliteDatabase(path, { readonly: false })
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${synchronous.toUpperCase()}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  if (readonly) db.pragma('query_only = ON')
  return db
}

/** SQLite storage: one connection writes (through the group committer), another reads. */
export class SqliteStorage implements Storage {
  readonly reads: Repository
  readonly #writerDb: SqliteDatabase.Database
  readonly #readerDb: SqliteDatabase.Database
  readonly #writer: Kysely<Database>
  readonly #reader: Kysely<Database>
  readonly #committer: GroupCommitter

  private constructor(options: SqliteStorageOptions) {
    mkdirSync(dirname(options.path), { recursive: true })
    const synchronous = options.synchronous ?? 'full'
    this.#writerDb = open(options.path, synchronous, false)
    this.#readerDb = open(options.path, synchronous, true)
    this.#writer = new Kysely<Database>({ dialect: new SqliteDialect({ database: this.#writerDb }) })
    this.#reader = new Kysely<Database>({ dialect: new SqliteDialect({ database: this.#readerDb }) })
    this.reads = new Repository(this.#reader, sqliteQuirks)
    this.#committer = new GroupCommitter(this.#writer, sqliteQuirks, { maxBatch: options.maxBatch ?? 512 })
  }

  /** Opens the database and brings its schema up to date. */
  static async open(options: SqliteStorageOptions): Promise<SqliteStorage> {
    const storage = new SqliteStorage(options)
    await storage.migrate()
    return storage
  }

  /** Applies pending migrations; returns the names applied. */
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

  async backup(destinationPath: string): Promise<void> {
    mkdirSync(dirname(destinationPath), { recursive: true })
    await this.#writerDb.backup(destinationPath)
  }

  async close(): Promise<void> {
    await this.#committer.close()
    await this.#reader.destroy()
    await this.#writer.destroy()
  }
}
