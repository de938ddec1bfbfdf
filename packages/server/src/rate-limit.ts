import { AppError } from '@parloir/protocol'
import type { Clock } from '@parloir/core'
import type { RedisRateCounter } from '@parloir/fanout'

/** A limit of `max` events per `windowMs`. */
export interface RateRule { max: number; windowMs: number }

/**
 * Counts events per key in a sliding window (two fixed windows, weighted), in this process.
 * `take` answers 0 when the event may happen (and counts it), else the ms to wait.
 */
export class RateLimiter {
  readonly #windows = new Map<string, { start: number; current: number; previous: number }>()

  constructor(private readonly clock: Clock) {}

  take(key: string, rule: RateRule, cost = 1): number {
    const now = this.clock.now()
    const start = now - (now % rule.windowMs)
    let w = this.#windows.get(key)
    if (!w || start - w.start >= 2 * rule.windowMs) w = { start, current: 0, previous: 0 }
    else if (start !== w.start) w = { start, current: 0, previous: w.current }
    this.#windows.set(key, w)
    const weight = 1 - (now - start) / rule.windowMs
    const used = w.previous * weight + w.current
    if (used + cost > rule.max) {
      if (this.#windows.size > 200_000) this.#prune(now, rule.windowMs)
      return Math.max(1, Math.ceil(start + rule.windowMs - now))
    }
    w.current += cost
    return 0
  }

  /** Counts without checking, for failures that only count toward a later refusal. */
  count(key: string, rule: RateRule): number {
    return this.take(key, { ...rule, max: Number.MAX_SAFE_INTEGER })
  }

  /** Whether the key is at or past the rule's maximum, without counting. */
  exceeded(key: string, rule: RateRule): boolean {
    const w = this.#windows.get(key)
    if (!w) return false
    const now = this.clock.now()
    const start = now - (now % rule.windowMs)
    if (start - w.start >= 2 * rule.windowMs) return false
    const current = start === w.start ? w.current : 0
    const previous = start === w.start ? w.previous : w.current
    return previous * (1 - (now - start) / rule.windowMs) + current >= rule.max
  }

  #prune(now: number, windowMs: number): void {
    for (const [key, w] of this.#windows) if (now - w.start >= 2 * windowMs) this.#windows.delete(key)
  }
}

/** A token bucket: `ratePerSecond` sustained, up to `burst` at once. */
export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>()

  constructor(private readonly clock: Clock) {}

  take(key: string, ratePerSecond: number, burst: number): number {
    const now = this.clock.now()
    const b = this.#buckets.get(key) ?? { tokens: burst, at: now }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * ratePerSecond)
    b.at = now
    this.#buckets.set(key, b)
    if (b.tokens >= 1) {
      b.tokens -= 1
      return 0
    }
    return Math.ceil(((1 - b.tokens) / ratePerSecond) * 1000)
  }
}

/**
 * What a limit does while Redis is unreachable (docs/reliability.md, "Rate limits while Redis is down"): brute-force
 * limits (login, signup, bad tokens) refuse with RATE_LIMITER_UNAVAILABLE, since counting them
 * per process would multiply an attacker's budget by the number of processes; message and
 * request limits count in this process, so sending goes on with a per-process budget.
 */
export type OutagePolicy = 'fail-closed' | 'per-node'

/** Unlimited (PARLOIR_RATE_LIMITS=off): no count at all, in this process or in Redis. */
const unlimited = (max: number) => max >= Number.MAX_SAFE_INTEGER

/**
 * The rate limits of one process: counted in Redis when `shared` is given (REDIS_URL), so that
 * every process of an installation spends one budget, with the same algorithms as in-process;
 * otherwise, or per `OutagePolicy` while Redis is down, in this process.
 */
export class RateLimits {
  readonly local: RateLimiter
  readonly buckets: TokenBuckets

  /**
   * @param shared the Redis counters (REDIS_URL), also used directly by what has its own algorithm
   *   (the developer API's per-token limit and OAuth 1.0a nonces, api-auth/).
   */
  constructor(private readonly clock: Clock, readonly shared: RedisRateCounter | null = null) {
    this.local = new RateLimiter(clock)
    this.buckets = new TokenBuckets(clock)
  }

  /** `RateLimiter.take` across processes: 0 when counted, else the ms to wait. */
  async take(key: string, rule: RateRule, policy: OutagePolicy): Promise<number> {
    if (unlimited(rule.max)) return 0
    if (!this.shared) return this.local.take(key, rule)
    try {
      return (await this.shared.window(key, rule, this.clock.now())).waitMs
    } catch {
      return this.#outage(policy, () => this.local.take(key, rule))
    }
  }

  /** Throws RATE_LIMITED (with Retry-After) when `take` refuses. */
  async require(key: string, rule: RateRule, policy: OutagePolicy): Promise<void> {
    const waitMs = await this.take(key, rule, policy)
    if (waitMs > 0) throw new AppError('RATE_LIMITED', { retryAfterMs: waitMs })
  }

  /** Counts a failure without refusing it; true once the key is at or past the rule's maximum. */
  async countFailure(key: string, rule: RateRule, policy: OutagePolicy): Promise<boolean> {
    if (unlimited(rule.max)) return false
    const countHere = () => { this.local.count(key, rule); return this.local.exceeded(key, rule) }
    if (!this.shared) return countHere()
    try {
      return (await this.shared.window(key, { ...rule, max: Number.MAX_SAFE_INTEGER }, this.clock.now())).used >= rule.max
    } catch {
      return this.#outage(policy, countHere)
    }
  }

  /** `TokenBuckets.take` across processes (messages: per process while Redis is down). */
  async takeToken(key: string, ratePerSecond: number, burst: number): Promise<number> {
    if (unlimited(burst)) return 0
    if (!this.shared) return this.buckets.take(key, ratePerSecond, burst)
    try {
      return await this.shared.bucket(key, ratePerSecond, burst, this.clock.now())
    } catch {
      return this.buckets.take(key, ratePerSecond, burst)
    }
  }

  /** Fail closed: refuse (still counting here, so this process's own limit holds too); per node: count here. */
  #outage<T>(policy: OutagePolicy, here: () => T): T {
    const result = here()
    if (policy === 'fail-closed') throw new AppError('RATE_LIMITER_UNAVAILABLE', { retryAfterMs: 1_000 })
    return result
  }
}
