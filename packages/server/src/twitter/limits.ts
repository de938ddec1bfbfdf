import type { RateRule } from '../rate-limit.ts'

/**
 * Twitter's documented DM limits (docs/api/twitter-compatibility.md, "Errors, limits and headers"),
 * each configurable.
 * Where the sources disagree (v2 lookup and manage: the migration guide against the 2026 table),
 * the migration guide's numbers are used: they are what existing bots were written against.
 */
export interface TwitterLimits {
  /** DMs one user sends through one app (v1.1 events/new and the v2 sends) per 24 h. */
  dmSendsPerUserPerDay: number
  /** DMs one app sends per 24 h, all its users together. */
  dmSendsPerAppPerDay: number
  /** After a person writes, this many replies to them within `freeReplyWindowMs` do not count. */
  freeRepliesPerInbound: number
  freeReplyWindowMs: number
  /** How far back events/list and v2 dm_events reach. */
  historyMs: number
  /** Per-user 15-minute windows of single endpoints. */
  windows: {
    eventsList: RateRule
    eventsShow: RateRule
    eventsNew: RateRule
    markRead: RateRule
    indicateTyping: RateRule
    v2Lookup: RateRule
    v2Manage: RateRule
    v2Delete: RateRule
  }
}

const fifteenMinutes = 15 * 60_000

export const defaultTwitterLimits: TwitterLimits = {
  dmSendsPerUserPerDay: 1_000,
  dmSendsPerAppPerDay: 15_000,
  freeRepliesPerInbound: 5,
  freeReplyWindowMs: 24 * 60 * 60_000, // 24 h
  historyMs: 30 * 24 * 60 * 60_000, // 30 days
  windows: {
    eventsList: { max: 15, windowMs: fifteenMinutes },
    eventsShow: { max: 15, windowMs: fifteenMinutes },
    // Not documented per window; the daily quotas above are what limit sends.
    eventsNew: { max: 1_000, windowMs: fifteenMinutes },
    markRead: { max: 1_000, windowMs: fifteenMinutes },
    indicateTyping: { max: 1_000, windowMs: fifteenMinutes },
    v2Lookup: { max: 300, windowMs: fifteenMinutes },
    v2Manage: { max: 200, windowMs: fifteenMinutes },
    v2Delete: { max: 300, windowMs: fifteenMinutes },
  },
}

function count(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, got ${JSON.stringify(raw)}`)
  return value
}

/**
 * From the environment: `PARLOIR_RATE_LIMITS=off` lifts them all (load tests only);
 * `PARLOIR_TWITTER_DM_SENDS_PER_USER_PER_DAY` and `PARLOIR_TWITTER_DM_SENDS_PER_APP_PER_DAY`
 * set the daily quotas (applied after `off`, so a test can lift the rest and keep these).
 */
export function twitterLimitsFrom(env: Record<string, string | undefined>): TwitterLimits {
  const limits = structuredClone(defaultTwitterLimits)
  if (env.PARLOIR_RATE_LIMITS === 'off') {
    limits.dmSendsPerUserPerDay = Number.MAX_SAFE_INTEGER
    limits.dmSendsPerAppPerDay = Number.MAX_SAFE_INTEGER
    for (const rule of Object.values(limits.windows)) rule.max = Number.MAX_SAFE_INTEGER
  }
  limits.dmSendsPerUserPerDay = count(env, 'PARLOIR_TWITTER_DM_SENDS_PER_USER_PER_DAY', limits.dmSendsPerUserPerDay)
  limits.dmSendsPerAppPerDay = count(env, 'PARLOIR_TWITTER_DM_SENDS_PER_APP_PER_DAY', limits.dmSendsPerAppPerDay)
  return limits
}
