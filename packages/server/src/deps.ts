import { IdGenerator, silentLogger, systemClock, type Clock, type CoreDeps, type Fanout, type Logger, type MediaStore, type Storage } from '@parloir/core'
import { PostgresStorage, SqliteStorage } from '@parloir/storage'
import { MemoryFanout, RedisFanout } from '@parloir/fanout'
import { DiskMediaStore } from '@parloir/media'
import type { Config } from './config.ts'
import { loadSecretKey, SecretBox } from './api-auth/secret-box.ts'
import { OutboundGuard } from './webhooks/outbound.ts'
import { GuardedLinkPreviews } from './link-previews.ts'

export interface AdapterOptions {
  storage?: Storage
  fanout?: Fanout
  mediaStore?: MediaStore
  clock?: Clock
  logger?: Logger
}

/** How long start-up waits for Redis before going on without it (it reconnects by itself). */
const redisStartWaitMs = 5_000

/** The storage the config names: PostgreSQL with `DATABASE_URL`, else SQLite in the data folder. */
export async function openStorage(config: Config): Promise<SqliteStorage | PostgresStorage> {
  if (config.databaseUrl !== null) return PostgresStorage.open({ url: config.databaseUrl, ...config.postgres })
  return SqliteStorage.open({ path: config.databasePath, synchronous: config.sqliteSynchronous, checkpoint: 'worker' })
}

/**
 * Wires the adapters the config names into core's deps: SQLite in the data folder, media on
 * disk and in-process fan-out by default, PostgreSQL with `DATABASE_URL`, Redis fan-out with
 * `REDIS_URL`. The server and the CLI both start here.
 */
export async function openCoreDeps(config: Config, options: AdapterOptions = {}): Promise<CoreDeps> {
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? silentLogger
  return {
    storage: options.storage ?? (await openStorage(config)),
    fanout: options.fanout ?? (config.redisUrl ? await openRedisFanout(config.redisUrl, config.redisChannel, logger) : new MemoryFanout()),
    mediaStore: options.mediaStore ?? new DiskMediaStore({ root: config.mediaDir, reserveBytes: config.diskReserveBytes }),
    clock,
    logger,
    ids: new IdGenerator(() => clock.now()),
    limits: config.limits,
    sessionTtlMs: config.sessionTtlMs,
    passwordCost: config.passwordCost,
    secrets: new SecretBox(loadSecretKey(config)),
    // Collections' links: through the outbound guard, with the administrator's allow-list as webhooks have it.
    linkPreviews: new GuardedLinkPreviews(new OutboundGuard({ allow: config.outboundAllow }), config.limits),
  }
}

/**
 * Redis being down does not stop the start: events are then repaired from the event log when it
 * returns. Waiting a little spares the first messages of a start (or a CLI command) that race it.
 */
async function openRedisFanout(url: string, channel: string, logger: Logger): Promise<Fanout> {
  const fanout = new RedisFanout({ url, channel, logger: logger.child({ component: 'fanout' }) })
  await fanout.whenConnected(redisStartWaitMs).catch(() => {
    logger.warn({ channel, waitedMs: redisStartWaitMs }, 'Redis is not reachable; starting without it, streams resume once it is')
  })
  return fanout
}
