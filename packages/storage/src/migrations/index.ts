import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001_create_core_tables.ts'

/** Every migration, in order. Add new ones at the end; never edit a shipped one. */
export const migrations: Record<string, Migration> = {
  '0001_create_core_tables': m0001,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
