import { Kysely, Migrator, sql } from 'kysely'
import type { Storage, StorageReads, StorageTx } from '@parloir/core'
import type { Database } from './schema.ts'
import { readStores } from './stores.ts'
import { GroupCommitter, type GroupCommitOptions, type GroupCommitStats } from './group-commit.ts'
import { migrationProvider } from './migrations/index.ts'
import type { DialectQuirks } from './quirks.ts'

/**
 * Applies pending migrations on `db`; returns the names applied. Features are built side by side
 * and land in any order, so a migration numbered before one already applied still runs (each
 * touches its own tables; none depends on a later number).
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/**
 * What every engine shares: one Kysely instance reads, another writes through the group
 * committer, and migrations, pings and closing work alike. An engine opens its connections
 * and supplies its quirks and backup.
 */
export abstract class KyselyStorage implements Storage {
  readonly reads: StorageReads
  protected readonly reader: Kysely<Database>
  protected readonly writer: Kysely<Database>
  readonly #committer: GroupCommitter
  #closing: Promise<void> | null = null

  protected constructor(connections: { reader: Kysely<Database>; writer: Kysely<Database> }, quirks: DialectQuirks, commit: number | GroupCommitOptions) {
    this.reader = connections.reader
    this.writer = connections.writer
    this.reads = readStores(this.reader, quirks)
    this.#committer = new GroupCommitter(this.writer, quirks, typeof commit === 'number' ? { maxBatch: commit } : commit)
  }

  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]> {
    return migrateToLatest(this.writer)
  }

  get commitStats(): GroupCommitStats { return this.#committer.stats }

  transaction<T>(fn: (tx: StorageTx) => Promise<T>): Promise<T> {
    return this.#committer.run(fn)
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.reader)
  }

  abstract backup(destinationPath: string): Promise<void>

  /** Waits for queued transactions to commit, then closes every connection. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#committer.close()
      await Promise.all([this.reader.destroy(), this.writer.destroy()])
    })()
    return this.#closing
  }
}
