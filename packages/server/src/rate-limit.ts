import { AppError } from '@parloir/protocol'
import type { Clock } from '@parloir/core'
import type { RedisRateCounter } from '@parloir/fanout'

/** A limit of `max` events per `windowMs`. */
export interface RateRule { max: number; windowMs: number }

/**
 * Growing waits after failures: `freeFailures` cost nothing, then each failure makes the next
 * attempt wait `firstDelayMs`, doubling, up to `maxDelayMs`. Failures are forgotten `forgetAfterMs`
 * after the last one; a success clears them and is remembered for `rememberSuccessMs`.
 */
export interface BackoffRule { freeFailures: number; firstDelayMs: number; maxDelayMs: number; forgetAfterMs: number; rememberSuccessMs: number }

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

/** The wait `failures` failures impose on the next attempt under `rule`. */
export function backoffDelayMs(rule: BackoffRule, failures: number): number {
  if (failures < rule.freeFailures) return 0
  return Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** Math.min(failures - rule.freeFailures, 40))
}

export type BackoffOp = 'check' | 'fail' | 'succeed'

/**
 * Growing waits after failures, per key, in this process (`RedisRateCounter.backoff` is the same
 * in Redis): `check` answers without counting, `fail` counts one, `succeed` clears the failures
 * and remembers the success for `rememberSuccessMs`.
 */
export class Backoffs {
  readonly #states = new Map<string, { failures: number; atMs: number; knownUntilMs: number }>()

  constructor(private readonly clock: Clock) {}

  apply(key: string, op: BackoffOp, rule: BackoffRule): { waitMs: number; known: boolean } {
    const now = this.clock.now()
    const state = { ...(this.#states.get(key) ?? { failures: 0, atMs: 0, knownUntilMs: 0 }) }
    if (now - state.atMs >= rule.forgetAfterMs) state.failures = 0
    if (op === 'fail') Object.assign(state, { failures: state.failures + 1, atMs: now })
    if (op === 'succeed') Object.assign(state, { failures: 0, atMs: now, knownUntilMs: now + rule.rememberSuccessMs })
    if (op !== 'check') {
      if (this.#states.size > 200_000) this.#prune(now, rule.forgetAfterMs)
      this.#states.set(key, state)
    }
    const waitMs = state.failures === 0 ? 0 : Math.max(0, Math.ceil(state.atMs + backoffDelayMs(rule, state.failures) - now))
    return { waitMs, known: state.knownUntilMs > now }
  }

  #prune(now: number, forgetAfterMs: number): void {
    for (const [key, s] of this.#states) if (now - s.atMs >= forgetAfterMs && s.knownUntilMs <= now) this.#states.delete(key)
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
  readonly backoffs: Backoffs

  /**
   * @param shared the Redis counters (REDIS_URL), also used directly by what has its own algorithm
   *   (the developer API's per-token limit and OAuth 1.0a nonces, api-auth/).
   */
  constructor(private readonly clock: Clock, readonly shared: RedisRateCounter | null = null) {
    this.local = new RateLimiter(clock)
    this.buckets = new TokenBuckets(clock)
    this.backoffs = new Backoffs(clock)
  }

  /** `RateLimiter.take` across processes: 0 when counted, else the ms to wait. */
  async take(key: string, rule: RateRule, policy: OutagePolicy, cost = 1): Promise<number> {
    if (unlimited(rule.max)) return 0
    if (!this.shared) return this.local.take(key, rule, cost)
    try {
      return (await this.shared.window(key, rule, this.clock.now(), cost)).waitMs
    } catch {
      return this.#outage(policy, () => this.local.take(key, rule, cost))
    }
  }

  /** Without counting: 0 while `key` is under the rule's maximum, else the ms until its window moves on. */
  async waitFor(key: string, rule: RateRule, policy: OutagePolicy): Promise<number> {
    if (unlimited(rule.max)) return 0
    // A take of nothing is refused exactly when `used > max - 1`, i.e. when the key is at its maximum.
    return this.take(key, { ...rule, max: rule.max - 1 }, policy, 0)
  }

  /** `Backoffs.apply` across processes. */
  async backoff(key: string, op: BackoffOp, rule: BackoffRule, policy: OutagePolicy): Promise<{ waitMs: number; known: boolean }> {
    if (unlimited(rule.freeFailures)) return { waitMs: 0, known: false }
    if (!this.shared) return this.backoffs.apply(key, op, rule)
    try {
      return await this.shared.backoff(key, op, rule, this.clock.now())
    } catch {
      return this.#outage(policy, () => this.backoffs.apply(key, op, rule))
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
