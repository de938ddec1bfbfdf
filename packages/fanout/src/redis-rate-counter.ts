import { Redis, type Result } from 'ioredis'
import { silentLogger, type Logger } from '@parloir/core'
import { redisConnectionOptions } from './redis.ts'

/**
 * The sliding window of packages/server/src/rate-limit.ts (`RateLimiter.take`), in Redis: two
 * fixed windows, the previous one weighted by how much of it still overlaps. KEYS: the current
 * and the previous window's counters. ARGV: now (ms), windowMs, max, cost. Answers
 * { ms to wait (0: counted), used after }.
 */
const windowScript = `
local now, windowMs, max, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local start = now - (now % windowMs)
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local used = previous * (1 - (now - start) / windowMs) + current
if used + cost > max then
  return { math.max(1, math.ceil(start + windowMs - now)), math.floor(used) }
end
redis.call('INCRBY', KEYS[1], cost)
redis.call('PEXPIRE', KEYS[1], 2 * windowMs)
return { 0, math.floor(used + cost) }
`

/**
 * The token bucket of `TokenBuckets.take`, in Redis. KEYS: the bucket. ARGV: now (ms), tokens per
 * second, burst. Answers the ms to wait (0: taken).
 */
const bucketScript = `
local now, rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate * 1000) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return wait
`

/**
 * The developer API's per-token limit of packages/server/src/api-auth/rate-limit.ts
 * (`ApiRateLimiter.take`), in Redis: a fixed one-minute window of `perMinute` requests and a
 * token bucket of `burst` refilled at `perMinute / 60` a second, both in one hash. KEYS: the
 * token's state. ARGV: now (ms), perMinute, burst. Answers { ms to wait (0: counted), used in
 * this window, tokens left (a string: Lua numbers reach the caller as integers) }.
 */
const windowedBucketScript = `
local now, perMinute, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local rate = perMinute / 60
local windowStart = now - (now % 60000)
local state = redis.call('HMGET', KEYS[1], 'window', 'used', 'tokens', 'at')
local used = tonumber(state[2]) or 0
if tonumber(state[1]) ~= windowStart then used = 0 end
local tokens = tonumber(state[3]) or burst
local at = tonumber(state[4]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local wait = 0
if used >= perMinute then wait = windowStart + 60000 - now
elseif tokens < 1 then wait = math.ceil((1 - tokens) / rate * 1000) end
if wait == 0 then used = used + 1; tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'window', windowStart, 'used', used, 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.max(60000, math.ceil(burst / rate * 1000)) + 1000)
return { wait, used, tostring(tokens) }
`

/**
 * The growing waits of packages/server/src/rate-limit.ts (`Backoffs`), in Redis. KEYS: the key's
 * state (failures, time of the last one, remembered success until). ARGV: what happens (`check`
 * counts nothing, `fail`, `succeed`), now (ms), freeFailures, firstDelayMs, maxDelayMs,
 * forgetAfterMs, rememberSuccessMs. Answers { ms to wait, 1 when a success is remembered }.
 */
const backoffScript = `
local op, now = ARGV[1], tonumber(ARGV[2])
local free, first, maxDelay, forget, remember = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local state = redis.call('HMGET', KEYS[1], 'failures', 'at', 'known')
local failures = tonumber(state[1]) or 0
local at = tonumber(state[2]) or 0
local knownUntil = tonumber(state[3]) or 0
if now - at >= forget then failures = 0 end
if op == 'fail' then failures = failures + 1; at = now
elseif op == 'succeed' then failures = 0; at = now; knownUntil = now + remember end
if op ~= 'check' then
  redis.call('HSET', KEYS[1], 'failures', failures, 'at', string.format('%.0f', at), 'known', string.format('%.0f', knownUntil))
  redis.call('PEXPIRE', KEYS[1], math.max(forget, knownUntil - now))
end
local wait = 0
if failures >= free then
  wait = math.max(0, math.ceil(at + math.min(maxDelay, first * 2 ^ math.min(failures - free, 40)) - now))
end
local known = 0
if knownUntil > now then known = 1 end
return { wait, known }
`

declare module 'ioredis' {
  interface RedisCommander<Context> {
    parloirWindow(current: string, previous: string, now: number, windowMs: number, max: number, cost: number): Result<[number, number], Context>
    parloirBucket(key: string, now: number, ratePerSecond: number, burst: number): Result<number, Context>
    parloirWindowedBucket(key: string, now: number, perMinute: number, burst: number): Result<[number, number, string], Context>
    parloirBackoff(key: string, op: string, now: number, freeFailures: number, firstDelayMs: number, maxDelayMs: number, forgetAfterMs: number, rememberSuccessMs: number): Result<[number, number], Context>
  }
}

export interface RedisRateCounterOptions {
  url: string
  /** Prefix of every key, e.g. `parloir:rate:` (one per installation sharing a Redis). */
  prefix?: string
  /** Longest a count waits for Redis before the caller applies its outage policy. */
  commandTimeoutMs?: number
  logger?: Logger
}

/**
 * Rate-limit counters (and one-time values such as OAuth 1.0a nonces) shared by every process of
 * an installation, one Redis round trip per count (a Lua script: atomic, so concurrent processes
 * never both take the last unit). While Redis is unreachable every count rejects at once, without
 * queueing: the caller decides whether that refuses the action or falls back to counting in its
 * own process.
 */
export class RedisRateCounter {
  readonly #redis: Redis
  readonly #prefix: string
  #closed = false

  constructor(options: RedisRateCounterOptions) {
    this.#prefix = options.prefix ?? 'parloir:rate:'
    const logger = options.logger ?? silentLogger
    this.#redis = new Redis(options.url, {
      ...redisConnectionOptions(() => this.#closed),
      connectionName: 'parloir-rate-limits',
      commandTimeout: options.commandTimeoutMs ?? 500,
    })
    this.#redis.defineCommand('parloirWindow', { numberOfKeys: 2, lua: windowScript })
    this.#redis.defineCommand('parloirBucket', { numberOfKeys: 1, lua: bucketScript })
    this.#redis.defineCommand('parloirWindowedBucket', { numberOfKeys: 1, lua: windowedBucketScript })
    this.#redis.defineCommand('parloirBackoff', { numberOfKeys: 1, lua: backoffScript })
    let down = false
    this.#redis.on('error', () => undefined)
    this.#redis.on('close', () => {
      if (this.#closed || down) return
      down = true
      logger.warn({}, 'rate limits lost Redis: brute-force limits and OAuth 1.0a nonce checks refuse, others count per process until it returns')
    })
    this.#redis.on('ready', () => {
      if (down) logger.info({}, 'rate limits reconnected to Redis; counted across processes again')
      down = false
    })
  }

  /** Whether counts can reach Redis now. */
  get ready(): boolean { return this.#redis.status === 'ready' }

  /** Resolves once connected; rejects after `timeoutMs`. */
  async whenReady(timeoutMs = 5_000): Promise<void> {
    if (this.ready) return
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { this.#redis.off('ready', onReady); reject(new Error(`Redis not ready within ${timeoutMs} ms`)) }, timeoutMs)
      const onReady = () => { clearTimeout(timer); resolve() }
      this.#redis.once('ready', onReady)
    })
  }

  /** Counts `cost` against `key`'s sliding window unless past `max`: { waitMs (0 when counted), used }. */
  async window(key: string, rule: { max: number; windowMs: number }, nowMs: number, cost = 1): Promise<{ waitMs: number; used: number }> {
    if (!this.ready) throw new Error('Redis is not connected')
    const start = nowMs - (nowMs % rule.windowMs)
    const base = `${this.#prefix}w:${key}:`
    const [waitMs, used] = await this.#redis.parloirWindow(`${base}${start}`, `${base}${start - rule.windowMs}`, nowMs, rule.windowMs, rule.max, cost)
    return { waitMs, used }
  }

  /** Takes a token from `key`'s bucket: the ms to wait, 0 when taken. */
  async bucket(key: string, ratePerSecond: number, burst: number, nowMs: number): Promise<number> {
    if (!this.ready) throw new Error('Redis is not connected')
    return this.#redis.parloirBucket(`${this.#prefix}b:${key}`, nowMs, ratePerSecond, burst)
  }

  /**
   * Counts a request against `key`'s one-minute window of `perMinute` and its bucket of `burst`
   * unless either refuses: { waitMs (0 when counted), used in this window, tokens left }.
   */
  async windowedBucket(key: string, perMinute: number, burst: number, nowMs: number): Promise<{ waitMs: number; used: number; tokens: number }> {
    if (!this.ready) throw new Error('Redis is not connected')
    const [waitMs, used, tokens] = await this.#redis.parloirWindowedBucket(`${this.#prefix}wb:${key}`, nowMs, perMinute, burst)
    return { waitMs, used, tokens: Number(tokens) }
  }

  /**
   * Growing waits after failures on `key`: `check` answers without counting, `fail` counts one,
   * `succeed` clears the failures and remembers the success. { waitMs (0: go ahead), known (a success remembered) }.
   */
  async backoff(
    key: string, op: 'check' | 'fail' | 'succeed',
    rule: { freeFailures: number; firstDelayMs: number; maxDelayMs: number; forgetAfterMs: number; rememberSuccessMs: number }, nowMs: number,
  ): Promise<{ waitMs: number; known: boolean }> {
    if (!this.ready) throw new Error('Redis is not connected')
    const [waitMs, known] = await this.#redis.parloirBackoff(`${this.#prefix}bo:${key}`, op, nowMs, rule.freeFailures, rule.firstDelayMs, rule.maxDelayMs, rule.forgetAfterMs, rule.rememberSuccessMs)
    return { waitMs, known: known === 1 }
  }

  /**
   * Records `key` for `ttlMs` unless it is recorded already (`SET NX PX`): true the first time,
   * false while it is remembered. For one-time values such as OAuth 1.0a nonces.
   */
  async claim(key: string, ttlMs: number): Promise<boolean> {
    if (!this.ready) throw new Error('Redis is not connected')
    return (await this.#redis.set(`${this.#prefix}once:${key}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK'
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    if (this.#redis.status === 'ready') await this.#redis.quit().catch(() => undefined)
    this.#redis.disconnect()
  }
}
