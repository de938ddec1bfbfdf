import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultLimits, type Limits } from '@parloir/protocol'
import { DEFAULT_PASSWORD_COST } from '@parloir/core'
import { defaultPostgresTimeouts } from '@parloir/storage'
import { twitterLimitsFrom, type TwitterLimits } from './twitter/limits.ts'
import { parseAllowList, type AllowRule } from './webhooks/outbound.ts'
import { defaultRetryScheduleMs } from './webhooks/worker.ts'
import type { BackoffRule, RateRule } from './rate-limit.ts'


export interface RateLimits {
  /** Every request, per client address. */
  perAddress: RateRule
  /**
   * Failed logins per (account, address), or per (account, device) for a browser that logged in
   * to that account before: a stranger's failures elsewhere never hold back the owner.
   */
  loginPerSource: BackoffRule
  /** Failed logins per account from addresses and devices that never logged in to it (guessing from many addresses). */
  loginNewSourcesPerAccount: BackoffRule
  /** Failed logins per address, whatever the account (password spraying); successes never count. */
  loginFailuresPerAddress: RateRule
  signupPerAddress: RateRule
  /** Failed token checks per address; past it the address is refused for `lockoutMs`. */
  invalidTokensPerAddress: RateRule
  invalidTokenLockoutMs: number
  /** Messages sent by one account: `perSecond` sustained with bursts up to `burst`. */
  sendsPerSecond: number
  sendsBurst: number
  /** Frames a client may send on one stream. */
  streamFramesPerConnection: RateRule
  /** New visitor conversations per client address and site (the website button and links). */
  visitorStartsPerAddressAndSite: RateRule
  /** Files one visitor uploads (the widget's attachments): 20 an hour. */
  visitorUploadsPerHour: RateRule
  /** Bytes one visitor uploads: 100 MB a day. */
  visitorUploadBytesPerDay: RateRule
  /** Messages one visitor sends: `perMinute` sustained, bursts up to `burst`. */
  visitorSendsPerMinute: number
  visitorSendsBurst: number
}

export interface MailConfig {
  /** `SMTP_URL`, e.g. smtp://user:pass@mail.example:587 (smtps:// for TLS from the start). */
  smtpUrl: string | null
  /** `PARLOIR_MAIL_FROM`: the sender address. */
  from: string
  /** `PARLOIR_PUBLIC_URL`: where this server is reached, for the link in the email; none without it. */
  publicUrl: string | null
  /** How long after an answer the email waits, so several answers make one email. */
  delayMs: number
  /** How often the mailer looks for due emails. */
  pollMs: number
  /** Attempts before an email is given up, with exponential backoff between them. */
  maxAttempts: number
  /** `PARLOIR_PERSON_EMAIL_WINDOW_MS`: at most one notification email per person in this long. */
  personWindowMs: number
}

export interface Config {
  host: string
  /** 0 picks a free port. */
  port: number
  /** The built web app (packages/web/dist). */
  webDir: string
  /** Where the database file, media and backups live. */
  dataDir: string
  /** PostgreSQL to store in (`DATABASE_URL`, a postgres:// URL); null keeps SQLite at `databasePath`. */
  databaseUrl: string | null
  /** How long PostgreSQL may take before a request fails with STORAGE_UNAVAILABLE (docs/operations.md, "PostgreSQL timeouts"). */
  postgres: PostgresTimeouts
  databasePath: string
  mediaDir: string
  /** `full` is durable; `normal` is labelled non-durable and only for tests and benchmarks. */
  sqliteSynchronous: 'full' | 'normal'
  /** Origins allowed to open a stream with a cookie session; the server's own is always allowed. */
  allowedOrigins: string[]
  trustProxy: boolean
  logLevel: string
  sessionTtlMs: number
  /**
   * scrypt's cost for new password hashes, as log2 N: 15 (OWASP's floor) unless
   * PARLOIR_PASSWORD_COST says otherwise, from 10 to 20. Tests use 10, as what they check is not
   * the hash's strength; lowering it in production weakens every password hashed after.
   */
  passwordCost: number
  /** Interval of stream heartbeats; a client silent for two of them is dropped. */
  heartbeatMs: number
  /** Past this many unsent bytes a slow stream is closed with 1013. */
  streamSendBufferBytes: number
  streamFrameBytes: number
  streamsPerUser: number
  /** How many missed events a resuming stream may replay before it is told to resync. */
  resumeMaxEvents: number
  typingIntervalMs: number
  /** How often snoozes whose time has come are opened again, and ended presence leases handled (team inbox). */
  inboxSweepMs: number
  /** How often the streams open on a process renew their people's presence (a third of `inboxLimits.presenceLeaseMs`). */
  presenceBeatMs: number
  /** Free disk space kept for the database: uploads are refused below it. */
  diskReserveBytes: number
  /** Longest a graceful shutdown waits for open work. */
  shutdownGraceMs: number
  limits: Limits
  /** Twitter's DM quotas and per-endpoint windows for the Twitter-compatible API (twitter/limits.ts). */
  twitterLimits: TwitterLimits
  /** Emails that tell visitors a brand answered; nothing is sent while `smtpUrl` is null. */
  mail: MailConfig
  rateLimits: RateLimits
  /** Redis for fan-out between processes (`REDIS_URL`, a redis:// URL); null keeps it in-process (one process). */
  redisUrl: string | null
  /** Pub/sub channel of this installation (`PARLOIR_REDIS_CHANNEL`): channels ignore Redis's db number. */
  redisChannel: string
  /**
   * The key that seals app secrets (`PARLOIR_SECRET_KEY`, base64 of 32 bytes); null uses
   * `<dataDir>/secret.key`, created once with mode 0600. Every process of one installation needs the same key.
   */
  secretKey: string | null
  /**
   * Private hosts outbound requests (webhooks) may reach anyway (`PARLOIR_OUTBOUND_ALLOW`, e.g.
   * `127.0.0.1:*,hooks.internal:8443,10.0.0.0/8:*`); everything else must be a public address.
   */
  outboundAllow: AllowRule[]
  /** Webhook deliveries (packages/server/src/webhooks/worker.ts). */
  webhooks: WebhookConfig
  /** Web Push to the people of brands' teams (packages/server/src/push/). */
  push: PushConfig
  /**
   * `PARLOIR_METRICS_TOKEN`: a scraper sending `Authorization: Bearer <it>` reads `/metrics` from
   * anywhere; null (unset) leaves `/metrics` to requests from this machine that no proxy forwarded.
   */
  metricsToken: string | null
}

export interface PostgresTimeouts {
  /** `PARLOIR_PG_CONNECT_TIMEOUT_MS`: opening a connection, or waiting for a free one; 0 waits for ever. */
  connectTimeoutMs: number
  /**
   * `PARLOIR_PG_STATEMENT_TIMEOUT_MS`: the server's statement_timeout; reads and transactions give up
   * 500 ms after it on the client side, queueing included. 0 waits for ever. Migrations have none.
   */
  statementTimeoutMs: number
}

export interface PushConfig {
  /**
   * The VAPID key pair, base64url (`PARLOIR_VAPID_PUBLIC_KEY`, `PARLOIR_VAPID_PRIVATE_KEY`, both or
   * neither); null uses `<dataDir>/vapid.json`, made on first start. Changing it ends every subscription.
   */
  vapidPublicKey: string | null
  vapidPrivateKey: string | null
  /** `PARLOIR_VAPID_SUBJECT`: how push services reach the operator, an https: or mailto: URL. */
  subject: string
  /** How often pending pushes are read; 0 stops the worker (tests drive it). */
  pollMs: number
  /** Longest a push service may take to accept one push. */
  timeoutMs: number
  /** How long a push service keeps a push for a browser that is offline (the TTL header). */
  ttlS: number
  /**
   * `PARLOIR_PERSON_PUSH_DELAY_MS`: how long after a message a person is told of it, so a page
   * that is open shows it (and a reader reads it) first; then only people with no stream open anywhere are pushed.
   */
  personDelayMs: number
}

export interface WebhookConfig {
  /** How often the outbox is read besides the wake-up after each commit; 0 stops the worker (tests drive it). */
  pollMs: number
  /** Waits after each failed attempt (`PARLOIR_WEBHOOK_RETRY_SCHEDULE_MS`, comma-separated ms); after the last, the webhook is disabled. */
  retryScheduleMs: number[]
  /** How often Account Activity webhooks are checked by CRC. */
  crcIntervalMs: number
}

function retryScheduleFrom(env: Record<string, string | undefined>): number[] {
  const raw = env.PARLOIR_WEBHOOK_RETRY_SCHEDULE_MS ?? ''
  if (raw.trim() === '') return [...defaultRetryScheduleMs]
  const schedule = raw.split(',').map((s) => Number(s.trim()))
  if (schedule.some((ms) => !Number.isSafeInteger(ms) || ms < 0)) throw new Error('PARLOIR_WEBHOOK_RETRY_SCHEDULE_MS must be whole numbers of ms, comma-separated')
  return schedule
}

export const defaultRateLimits: RateLimits = {
  perAddress: { max: 1_200, windowMs: 60_000 },
  // 5 free, then 1 s, 2 s, 4 s … up to 5 min; a success is remembered 30 days.
  loginPerSource: { freeFailures: 5, firstDelayMs: 1_000, maxDelayMs: 5 * 60_000, forgetAfterMs: 60 * 60_000, rememberSuccessMs: 30 * 24 * 60 * 60_000 },
  // 20 free, then 1 s, 2 s, 4 s … up to 1 min: only addresses and devices new to the account wait.
  loginNewSourcesPerAccount: { freeFailures: 20, firstDelayMs: 1_000, maxDelayMs: 60_000, forgetAfterMs: 60 * 60_000, rememberSuccessMs: 0 },
  // Sized for an office of 50 behind one address at shift start: each may mistype twice (100 failures)
  // before new browsers there wait; browsers that logged in before never count against it. Above 50 is
  // needed for one typo each; 100 leaves room for a second. A guesser there gets 100 tries per 15 min
  // (about 400 an hour) spread over accounts, each account further held to 5 per address before backoff.
  loginFailuresPerAddress: { max: 100, windowMs: 15 * 60_000 },
  signupPerAddress: { max: 5, windowMs: 30 * 60_000 },
  invalidTokensPerAddress: { max: 20, windowMs: 60_000 },
  invalidTokenLockoutMs: 5 * 60_000,
  sendsPerSecond: 10,
  sendsBurst: 30,
  streamFramesPerConnection: { max: 100, windowMs: 60_000 },
  visitorStartsPerAddressAndSite: { max: 30, windowMs: 60_000 },
  visitorUploadsPerHour: { max: 20, windowMs: 60 * 60_000 },
  visitorUploadBytesPerDay: { max: 100 * 1024 * 1024, windowMs: 24 * 60 * 60_000 },
  visitorSendsPerMinute: 60,
  visitorSendsBurst: 10,
}

function int(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, got ${JSON.stringify(raw)}`)
  return value
}

function passwordCostFrom(env: Record<string, string | undefined>): number {
  const cost = int(env, 'PARLOIR_PASSWORD_COST', DEFAULT_PASSWORD_COST)
  if (cost < 10 || cost > 20) throw new Error(`PARLOIR_PASSWORD_COST must be from 10 to 20 (log2 of scrypt's N), got ${cost}`)
  return cost
}

/**
 * Rate limits from the environment; unset keeps the defaults above.
 * - `PARLOIR_RATE_LIMITS=off` lifts every rate limit (requests, login failures, signups, bad tokens, sends,
 *   stream frames): only for load tests and benchmarks on a trusted network, never in production.
 * - `PARLOIR_RATE_LIMIT_PER_ADDRESS`: requests per minute per client address (default 1,200).
 * - `PARLOIR_SENDS_PER_SECOND`, `PARLOIR_SENDS_BURST`: messages per account (default 10/s, burst 30).
 */
function rateLimitsFrom(env: Record<string, string | undefined>): RateLimits {
  const mode = env.PARLOIR_RATE_LIMITS ?? 'on'
  if (mode !== 'on' && mode !== 'off' && mode !== '') throw new Error('PARLOIR_RATE_LIMITS must be on or off')
  const limits = structuredClone(defaultRateLimits)
  if (mode === 'off') {
    const unlimited = Number.MAX_SAFE_INTEGER
    for (const rule of [limits.loginPerSource, limits.loginNewSourcesPerAccount]) rule.freeFailures = unlimited
    for (const rule of [limits.perAddress, limits.loginFailuresPerAddress, limits.signupPerAddress, limits.invalidTokensPerAddress, limits.streamFramesPerConnection, limits.visitorStartsPerAddressAndSite, limits.visitorUploadsPerHour, limits.visitorUploadBytesPerDay]) rule.max = unlimited
    limits.sendsPerSecond = unlimited
    limits.sendsBurst = unlimited
    limits.visitorSendsPerMinute = unlimited
    limits.visitorSendsBurst = unlimited
  }
  limits.perAddress.max = int(env, 'PARLOIR_RATE_LIMIT_PER_ADDRESS', limits.perAddress.max)
  limits.sendsPerSecond = int(env, 'PARLOIR_SENDS_PER_SECOND', limits.sendsPerSecond)
  limits.sendsBurst = int(env, 'PARLOIR_SENDS_BURST', limits.sendsBurst)
  return limits
}

/** `DATABASE_URL`: unset or empty means SQLite; anything but a postgres:// URL is refused. */
function databaseUrlFrom(env: Record<string, string | undefined>): string | null {
  const raw = env.DATABASE_URL ?? ''
  if (raw === '') return null
  let protocol = ''
  try { protocol = new URL(raw).protocol } catch { /* refused below */ }
  // The value itself stays out of the message: it usually carries a password.
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL')
  return raw
}

/** `REDIS_URL`: unset or empty means in-process fan-out; anything but a redis:// or rediss:// URL is refused. */
function redisUrlFrom(env: Record<string, string | undefined>): string | null {
  const raw = env.REDIS_URL ?? ''
  if (raw === '') return null
  let protocol = ''
  try { protocol = new URL(raw).protocol } catch { /* refused below */ }
  // The value itself stays out of the message: it may carry a password.
  if (protocol !== 'redis:' && protocol !== 'rediss:') throw new Error('REDIS_URL must be a redis:// or rediss:// URL')
  return raw
}

/** `PARLOIR_SECRET_KEY`: unset or empty means the key file; else base64 of exactly 32 bytes, checked at start. */
function secretKeyFrom(env: Record<string, string | undefined>): string | null {
  const raw = (env.PARLOIR_SECRET_KEY ?? '').trim()
  if (raw === '') return null
  // The value itself stays out of the message.
  if (Buffer.from(raw, /[-_]/.test(raw) ? 'base64url' : 'base64').length !== 32) throw new Error('PARLOIR_SECRET_KEY must be the base64 of 32 bytes (openssl rand -base64 32)')
  return raw
}

/** The VAPID keys from the environment: both or neither, each base64url of its P-256 key. */
function vapidKeysFrom(env: Record<string, string | undefined>): { vapidPublicKey: string | null; vapidPrivateKey: string | null } {
  const publicKey = (env.PARLOIR_VAPID_PUBLIC_KEY ?? '').trim()
  const privateKey = (env.PARLOIR_VAPID_PRIVATE_KEY ?? '').trim()
  if (publicKey === '' && privateKey === '') return { vapidPublicKey: null, vapidPrivateKey: null }
  // The values themselves stay out of the messages.
  if (publicKey === '' || privateKey === '') throw new Error('PARLOIR_VAPID_PUBLIC_KEY and PARLOIR_VAPID_PRIVATE_KEY go together: set both or neither')
  if (Buffer.from(publicKey, 'base64url').length !== 65) throw new Error('PARLOIR_VAPID_PUBLIC_KEY must be base64url of a 65-byte P-256 public key (npx web-push generate-vapid-keys)')
  if (Buffer.from(privateKey, 'base64url').length !== 32) throw new Error('PARLOIR_VAPID_PRIVATE_KEY must be base64url of a 32-byte P-256 private key (npx web-push generate-vapid-keys)')
  return { vapidPublicKey: publicKey, vapidPrivateKey: privateKey }
}

/** `PARLOIR_VAPID_SUBJECT`, else the public URL when it is https, else the sender address of emails. */
function vapidSubjectFrom(env: Record<string, string | undefined>): string {
  const raw = (env.PARLOIR_VAPID_SUBJECT ?? '').trim()
  if (raw !== '') {
    if (!/^(https:\/\/|mailto:)\S+$/.test(raw)) throw new Error('PARLOIR_VAPID_SUBJECT must be an https: or mailto: URL')
    return raw
  }
  const publicUrl = (env.PARLOIR_PUBLIC_URL ?? '').trim()
  if (publicUrl.startsWith('https://')) return publicUrl.replace(/\/+$/, '')
  const address = /<([^>]+)>/.exec(env.PARLOIR_MAIL_FROM ?? '')?.[1] ?? (env.PARLOIR_MAIL_FROM ?? '').trim()
  return `mailto:${/^\S+@\S+$/.test(address) ? address : 'no-reply@parloir.invalid'}`
}

/** `PARLOIR_METRICS_TOKEN`: unset or empty means none; else at least 16 characters, so it cannot be guessed. */
function metricsTokenFrom(env: Record<string, string | undefined>): string | null {
  const raw = (env.PARLOIR_METRICS_TOKEN ?? '').trim()
  if (raw === '') return null
  // The value itself stays out of the message.
  if (raw.length < 16) throw new Error('PARLOIR_METRICS_TOKEN must be at least 16 characters (openssl rand -hex 24)')
  return raw
}

/** Reads the environment once into a frozen config. Unknown values fail at start, not later. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(overrides.dataDir ?? env.PARLOIR_DATA_DIR ?? './data')
  const synchronous = env.PARLOIR_SQLITE_SYNCHRONOUS ?? 'full'
  if (synchronous !== 'full' && synchronous !== 'normal') throw new Error('PARLOIR_SQLITE_SYNCHRONOUS must be full or normal')
  const config: Config = {
    host: env.HOST ?? '127.0.0.1',
    port: int(env, 'PORT', 3000),
    webDir: resolve(env.PARLOIR_WEB_DIR ?? fileURLToPath(new URL('../../web/dist', import.meta.url))),
    dataDir,
    databaseUrl: databaseUrlFrom(env),
    postgres: {
      connectTimeoutMs: int(env, 'PARLOIR_PG_CONNECT_TIMEOUT_MS', defaultPostgresTimeouts.connectTimeoutMs), // 3 s
      statementTimeoutMs: int(env, 'PARLOIR_PG_STATEMENT_TIMEOUT_MS', defaultPostgresTimeouts.statementTimeoutMs), // 4 s
    },
    databasePath: join(dataDir, 'parloir.sqlite'),
    // Several processes behind a load balancer share one folder (a network mount): PARLOIR_MEDIA_DIR.
    mediaDir: env.PARLOIR_MEDIA_DIR ? resolve(env.PARLOIR_MEDIA_DIR) : join(dataDir, 'media'),
    sqliteSynchronous: synchronous,
    allowedOrigins: (env.PARLOIR_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    trustProxy: env.PARLOIR_TRUST_PROXY === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionTtlMs: int(env, 'PARLOIR_SESSION_TTL_MS', 30 * 24 * 60 * 60 * 1000), // 30 days
    passwordCost: passwordCostFrom(env),
    heartbeatMs: int(env, 'PARLOIR_HEARTBEAT_MS', 25_000),
    streamSendBufferBytes: 1024 * 1024, // 1 MiB
    streamFrameBytes: 64 * 1024, // 64 KiB
    streamsPerUser: 20,
    resumeMaxEvents: 10_000,
    typingIntervalMs: 3_000,
    inboxSweepMs: 10_000,
    presenceBeatMs: 30_000,
    diskReserveBytes: int(env, 'PARLOIR_DISK_RESERVE_BYTES', 512 * 1024 * 1024), // 512 MiB
    shutdownGraceMs: 10_000,
    limits: { ...defaultLimits },
    twitterLimits: twitterLimitsFrom(env),
    mail: {
      smtpUrl: env.SMTP_URL || null,
      from: env.PARLOIR_MAIL_FROM || 'Parloir <no-reply@localhost>',
      publicUrl: env.PARLOIR_PUBLIC_URL ? env.PARLOIR_PUBLIC_URL.replace(/\/+$/, '') : null,
      delayMs: int(env, 'PARLOIR_MAIL_DELAY_MS', 60_000), // 1 minute
      pollMs: 5_000,
      maxAttempts: 8,
      personWindowMs: int(env, 'PARLOIR_PERSON_EMAIL_WINDOW_MS', 15 * 60_000), // 15 minutes
    },
    rateLimits: rateLimitsFrom(env),
    redisUrl: redisUrlFrom(env),
    redisChannel: env.PARLOIR_REDIS_CHANNEL || 'parloir:events',
    secretKey: secretKeyFrom(env),
    outboundAllow: parseAllowList(env.PARLOIR_OUTBOUND_ALLOW ?? ''),
    webhooks: {
      pollMs: int(env, 'PARLOIR_WEBHOOK_POLL_MS', 1_000),
      retryScheduleMs: retryScheduleFrom(env),
      crcIntervalMs: 60 * 60_000, // hourly
    },
    push: {
      ...vapidKeysFrom(env),
      subject: vapidSubjectFrom(env),
      pollMs: int(env, 'PARLOIR_PUSH_POLL_MS', 1_000),
      timeoutMs: 10_000,
      ttlS: 24 * 60 * 60, // 1 day: a push older than that tells nothing the inbox does not
      personDelayMs: int(env, 'PARLOIR_PERSON_PUSH_DELAY_MS', 5_000),
    },
    metricsToken: metricsTokenFrom(env),
    ...overrides,
  }
  if (overrides.dataDir) {
    config.databasePath = overrides.databasePath ?? join(dataDir, 'parloir.sqlite')
    config.mediaDir = overrides.mediaDir ?? (env.PARLOIR_MEDIA_DIR ? resolve(env.PARLOIR_MEDIA_DIR) : join(dataDir, 'media'))
  }
  return Object.freeze(config)
}
