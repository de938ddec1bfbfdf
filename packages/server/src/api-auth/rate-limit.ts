import type { FastifyReply } from 'fastify'
import type { Clock } from '@parloir/core'
import type { RedisRateCounter } from '@parloir/fanout'

/** The app API limit per token: 600 requests a minute, bursts of at most 60. */
export interface ApiRateRule { perMinute: number; burst: number }
export const defaultApiRateRule: ApiRateRule = { perMinute: 600, burst: 60 }

/** What the `x-rate-limit-*` headers say: the window's limit, what is left, when it resets (epoch seconds). */
export interface RateLimitStatus { limit: number; remaining: number; resetS: number; retryAfterMs: number }

/**
 * What the headers say after a count: `used` requests in the minute holding `nowMs` and `tokens`
 * in the bucket (after counting this one, when allowed). Shared by the in-process and the Redis
 * limiter, so both answer alike.
 */
function statusOf(rule: ApiRateRule, nowMs: number, used: number, tokens: number, retryAfterMs: number): RateLimitStatus {
  const resetS = Math.ceil((nowMs - (nowMs % 60_000) + 60_000) / 1000)
  const remaining = Math.max(0, Math.min(rule.perMinute - used, Math.floor(tokens)))
  return { limit: rule.perMinute, remaining, resetS: retryAfterMs > 0 ? Math.max(resetS, Math.ceil((nowMs + retryAfterMs) / 1000)) : resetS, retryAfterMs }
}

/**
 * Per-token limiter, in this process: a fixed one-minute window of `perMinute` requests, and a
 * token bucket of `burst` refilled at `perMinute / 60` a second so the minute's requests cannot
 * all come at once. `remaining` is what both still allow. `RedisRateCounter.windowedBucket` is
 * the same algorithm in Redis.
 */
export class ApiRateLimiter {
  readonly #state = new Map<string, { windowStartMs: number; used: number; tokens: number; atMs: number }>()

  constructor(private readonly clock: Clock, readonly rule: ApiRateRule = defaultApiRateRule) {}

  /** Counts a request of `key` when allowed; `retryAfterMs` > 0 means refused. */
  take(key: string): RateLimitStatus {
    const now = this.clock.now()
    const { perMinute, burst } = this.rule
    const windowStartMs = now - (now % 60_000)
    let s = this.#state.get(key)
    if (!s) {
      if (this.#state.size > 100_000) this.#prune(now)
      s = { windowStartMs, used: 0, tokens: burst, atMs: now }
      this.#state.set(key, s)
    }
    if (s.windowStartMs !== windowStartMs) { s.windowStartMs = windowStartMs; s.used = 0 }
    s.tokens = Math.min(burst, s.tokens + ((now - s.atMs) / 1000) * (perMinute / 60))
    s.atMs = now
    let retryAfterMs = 0
    if (s.used >= perMinute) retryAfterMs = windowStartMs + 60_000 - now
    else if (s.tokens < 1) retryAfterMs = Math.ceil(((1 - s.tokens) / (perMinute / 60)) * 1000)
    if (retryAfterMs === 0) { s.used += 1; s.tokens -= 1 }
    return statusOf(this.rule, now, s.used, s.tokens, retryAfterMs)
  }

  #prune(now: number): void {
    for (const [key, s] of this.#state) if (now - s.atMs > 120_000) this.#state.delete(key)
  }
}

/**
 * The per-token limit of every process: counted in Redis when `shared` is given (REDIS_URL), one
 * round trip per request, so N processes give a token one budget and consistent headers. While
 * Redis is unreachable it counts in this process (docs/reliability.md: a request limit, not a
 * brute-force one, so it falls back to per-node budgets rather than refusing).
 */
export class SharedApiRateLimiter {
  readonly local: ApiRateLimiter

  constructor(private readonly clock: Clock, rule: ApiRateRule = defaultApiRateRule, private readonly shared: RedisRateCounter | null = null) {
    this.local = new ApiRateLimiter(clock, rule)
  }

  /** `ApiRateLimiter.take` across processes. */
  async take(key: string): Promise<RateLimitStatus> {
    if (!this.shared) return this.local.take(key)
    const now = this.clock.now()
    const { perMinute, burst } = this.local.rule
    try {
      const { waitMs, used, tokens } = await this.shared.windowedBucket(key, perMinute, burst, now)
      return statusOf(this.local.rule, now, used, tokens, waitMs)
    } catch {
      return this.local.take(key)
    }
  }
}

/** Sets `x-rate-limit-limit/remaining/reset` (and `retry-after` when refused) on an API answer. */
export function setRateLimitHeaders(reply: FastifyReply, status: RateLimitStatus): void {
  reply.header('x-rate-limit-limit', String(status.limit))
  reply.header('x-rate-limit-remaining', String(status.remaining))
  reply.header('x-rate-limit-reset', String(status.resetS))
  if (status.retryAfterMs > 0) reply.header('retry-after', String(Math.max(1, Math.ceil(status.retryAfterMs / 1000))))
}
