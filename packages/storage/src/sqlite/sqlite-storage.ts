import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect, type SqliteDatabase as KyselySqliteDatabase } from 'kysely'
import type { Database } from '../schema.ts'
import { KyselyStorage } from '../kysely-storage.ts'
import { sqliteQuirks } from './sqlite-quirks.ts'
import { Checkpointer } from './checkpointer.ts'

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
  /**
   * `worker` (what `parloir start` uses) checkpoints the WAL from a worker thread, so no commit
   * on the main thread ever copies pages into the database file; `inline` (the default, and what
   * tests use: no thread per test database) leaves it to SQLite's automatic checkpoint.
   */
  checkpoint?: 'worker' | 'inline'
}

/** Pages of cache per connection (negative: KiB): 64 MiB keeps a large archive's index pages in memory. */
const CACHE_KIB = 65_536


function open(path: string, synchronous: 'full' | 'normal', readonly: boolean): SqliteDatabase.Database {
  const db = new SqliteDatabase(path, { readonly: false })
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${synchronous.toUpperCase()}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  db.pragma(`cache_size = -${CACHE_KIB}`)
  // Savepoints (one per transaction in a group commit) keep their undo journal in memory.
  db.pragma('temp_store = MEMORY')
  if (readonly) db.pragma('query_only = ON')
  return db
}

/** Statements kept compiled per connection; past this many distinct SQL texts, the oldest is dropped. */
const STATEMENT_CACHE_SIZE = 1_000

/**
 * Kysely asks for a new prepared statement on every query, and compiling one costs more than
 * running a small insert: the bench's profile showed `prepare` at 17 % of the server's busy
 * time. This keeps each SQL text's statement and hands it out again, unless it is still busy
 * (an unfinished `iterate`), in which case a fresh one serves that call.
 */
export function reusingStatements(db: SqliteDatabase.Database, size = STATEMENT_CACHE_SIZE): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => db.close(),
    prepare(sql) {
      const kept = statements.get(sql)
      if (kept && !kept.busy) return kept
      const statement = db.prepare(sql)
      if (!kept) {
        if (statements.size >= size) statements.delete(statements.keys().next().value as string)
        statements.set(sql, statement)
      }
      return statement
    },
  }
}

/** SQLite storage: one connection writes (through the group committer), another reads. */
export class SqliteStorage extends KyselyStorage {
  readonly #writerDb: SqliteDatabase.Database
  readonly #checkpointer: Checkpointer | null

  private constructor(options: SqliteStorageOptions, writerDb: SqliteDatabase.Database, readerDb: SqliteDatabase.Database) {
    super({
      writer: new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(writerDb) }) }),
      reader: new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(readerDb) }) }),
    }, sqliteQuirks, options.maxBatch ?? 512)
    this.#writerDb = writerDb
    this.#checkpointer = null
    if (options.checkpoint === 'worker') {
      writerDb.pragma('wal_autocheckpoint = 0')
      this.#checkpointer = new Checkpointer(options.path)
    }
  }

  /** Opens the database (creating its folder) and brings its schema up to date. */
  static async open(options: SqliteStorageOptions): Promise<SqliteStorage> {
    mkdirSync(dirname(options.path), { recursive: true })
    const synchronous = options.synchronous ?? 'full'
    const storage = new SqliteStorage(options, open(options.path, synchronous, false), open(options.path, synchronous, true))
    await storage.migrate()
    return storage
  }

  override async close(): Promise<void> {
    await super.close()
    await this.#checkpointer?.close()
  }

  async backup(destinationPath: string): Promise<void> {
    mkdirSync(dirname(destinationPath), { recursive: true })
    await this.#writerDb.backup(destinationPath)
  }
}
