import { IdGenerator, silentLogger, systemClock, type Clock, type CoreDeps, type Fanout, type Logger, type MediaStore, type Storage } from '@parloir/core'
import { SqliteStorage } from '@parloir/storage'
import { MemoryFanout } from '@parloir/fanout'
import { DiskMediaStore } from '@parloir/media'
import type { Config } from './config.ts'

export interface AdapterOptions {
  storage?: Storage
  fanout?: Fanout
  mediaStore?: MediaStore
  clock?: Clock
  logger?: Logger
}

/**
 * Wires the adapters the config names into core's deps: SQLite in the data folder, media on
 * disk and in-process fan-out by default. The server and the CLI both start here.
 */
export async function openCoreDeps(config: Config, options: AdapterOptions = {}): Promise<CoreDeps> {
  const clock = options.clock ?? systemClock
  return {
    storage: options.storage ?? (await SqliteStorage.open({ path: config.databasePath, synchronous: config.sqliteSynchronous })),
    fanout: options.fanout ?? new MemoryFanout(),
    mediaStore: options.mediaStore ?? new DiskMediaStore({ root: config.mediaDir, reserveBytes: config.diskReserveBytes }),
    clock,
    logger: options.logger ?? silentLogger,
    ids: new IdGenerator(() => clock.now()),
    limits: config.limits,
    sessionTtlMs: config.sessionTtlMs,
  }
}
