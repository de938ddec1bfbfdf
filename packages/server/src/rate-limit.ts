import type { Clock } from '@parloir/core'
import type { RateRule } from './config.ts'

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
