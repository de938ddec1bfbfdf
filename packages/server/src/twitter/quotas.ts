import type { FastifyReply } from 'fastify'
import type { Clock, CoreDeps, MessageReads } from '@parloir/core'
import type { RateRule } from '../rate-limit.ts'
import type { TwitterLimits } from './limits.ts'
import { TwitterCode, TwitterError } from './errors.ts'

/**
 * Twitter's rate limits on the DM endpoints, with the headers `twitter-api-v2` reads:
 * - per-endpoint windows (`x-rate-limit-limit/remaining/reset`, reset in epoch seconds), counted per
 *   user and app in this process, as Twitter's 15-minute windows are per user token;
 * - the daily DM quotas (`x-user-limit-24hour-*`, `x-app-limit-24hour-*`), counted from the
 *   messages themselves, so they hold across restarts and processes.
 * Past a limit: 429 with Twitter code 88, which the library flags as `rateLimitError`.
 */

export interface WindowState { limit: number; remaining: number; resetSec: number }

/** Fixed windows that start at the first request, as Twitter's do. */
export class EndpointWindows {
  readonly #windows = new Map<string, { start: number; used: number }>()

  constructor(private readonly clock: Clock) {}

  /** Counts one request; `allowed` false when the window is already full (then nothing is counted). */
  take(key: string, rule: RateRule): WindowState & { allowed: boolean } {
    const now = this.clock.now()
    let w = this.#windows.get(key)
    if (!w || now - w.start >= rule.windowMs) {
      if (this.#windows.size > 100_000) this.#prune(now, rule.windowMs)
      w = { start: now, used: 0 }
      this.#windows.set(key, w)
    }
    const allowed = w.used < rule.max
    if (allowed) w.used++
    return { allowed, limit: rule.max, remaining: Math.max(0, rule.max - w.used), resetSec: Math.ceil((w.start + rule.windowMs) / 1000) }
  }

  #prune(now: number, windowMs: number): void {
    for (const [key, w] of this.#windows) if (now - w.start >= windowMs) this.#windows.delete(key)
  }
}

const unlimited = (n: number) => n >= Number.MAX_SAFE_INTEGER

export function setWindowHeaders(reply: FastifyReply, state: WindowState): void {
  if (unlimited(state.limit)) return
  reply.header('x-rate-limit-limit', String(state.limit))
  reply.header('x-rate-limit-remaining', String(state.remaining))
  reply.header('x-rate-limit-reset', String(state.resetSec))
}

export function rateLimitExceeded(headers: Record<string, string> = {}, detail = 'Rate limit exceeded'): TwitterError {
  return new TwitterError(429, TwitterCode.rateLimitExceeded, detail, { type: 'about:blank', title: 'Too Many Requests' }, headers)
}

/** Counts the request against its endpoint's window, sets the headers, refuses past the limit. */
export function takeWindow(windows: EndpointWindows, reply: FastifyReply, key: string, rule: RateRule): void {
  const state = windows.take(key, rule)
  setWindowHeaders(reply, state)
  if (!state.allowed) {
    const now = Date.now() / 1000
    throw rateLimitExceeded({
      'x-rate-limit-limit': String(state.limit), 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(state.resetSec),
      'retry-after': String(Math.max(1, Math.ceil(state.resetSec - now))),
    })
  }
}

/** The storage read the daily quotas count with. */
type MessageCounter = MessageReads['count']

export interface DmSend {
  senderId: string
  appId: string
  /** The conversation the message goes to, when it exists already (a new 1:1 has had no inbound message). */
  conversationId: string | null
  /** The other participants: a message from one of them in the window makes replies free. */
  recipientIds: readonly string[]
}

/**
 * Admits one DM send under Twitter's daily quotas: per user (and app) 1,000 and per app 15,000 in
 * 24 h, except that the first five replies within 24 h of a message received from the recipient
 * are free (each new message received opens a new window). Sets the 24-hour headers; throws 429
 * code 88 when over. Counted from the messages written, so a refused send never counts.
 *
 * Free replies are judged when sent; the 24-hour counts then count every message written through
 * the app, free ones included (stricter than Twitter, which leaves free replies out of the count).
 */
export async function admitDmSend(deps: CoreDeps, limits: TwitterLimits, reply: FastifyReply, send: DmSend): Promise<void> {
  const countMessages: MessageCounter = (query) => deps.storage.reads.messages.count(query)
  const now = deps.clock.now()
  const dayAgo = now - 24 * 60 * 60_000
  const reset = String(Math.ceil((now + 24 * 60 * 60_000) / 1000))
  const [userUsed, appUsed] = await Promise.all([
    countMessages({ senderId: send.senderId, appId: send.appId, sinceMs: dayAgo }),
    countMessages({ appId: send.appId, sinceMs: dayAgo }),
  ])
  const headers: Record<string, string> = {}
  if (!unlimited(limits.dmSendsPerUserPerDay)) {
    headers['x-user-limit-24hour-limit'] = String(limits.dmSendsPerUserPerDay)
    headers['x-user-limit-24hour-remaining'] = String(Math.max(0, limits.dmSendsPerUserPerDay - userUsed))
    headers['x-user-limit-24hour-reset'] = reset
  }
  if (!unlimited(limits.dmSendsPerAppPerDay)) {
    headers['x-app-limit-24hour-limit'] = String(limits.dmSendsPerAppPerDay)
    headers['x-app-limit-24hour-remaining'] = String(Math.max(0, limits.dmSendsPerAppPerDay - appUsed))
    headers['x-app-limit-24hour-reset'] = reset
  }
  for (const [name, value] of Object.entries(headers)) reply.header(name, value)
  const overUser = userUsed >= limits.dmSendsPerUserPerDay
  const overApp = appUsed >= limits.dmSendsPerAppPerDay
  if (!overUser && !overApp) {
    // This send will count: say so in the remaining counts the caller sees.
    if (headers['x-user-limit-24hour-remaining']) reply.header('x-user-limit-24hour-remaining', String(Math.max(0, limits.dmSendsPerUserPerDay - userUsed - 1)))
    if (headers['x-app-limit-24hour-remaining']) reply.header('x-app-limit-24hour-remaining', String(Math.max(0, limits.dmSendsPerAppPerDay - appUsed - 1)))
    return
  }
  if (await isFreeReply(deps, limits, countMessages, send, now)) return
  throw rateLimitExceeded(headers, overUser
    ? `You have sent ${limits.dmSendsPerUserPerDay} direct messages through this app in 24 hours.`
    : `This app has sent ${limits.dmSendsPerAppPerDay} direct messages in 24 hours.`)
}

/** One of the first replies after a message received from a recipient within the free window. */
async function isFreeReply(deps: CoreDeps, limits: TwitterLimits, countMessages: MessageCounter, send: DmSend, now: number): Promise<boolean> {
  if (!send.conversationId) return false
  let latestInbound = -1
  for (const recipientId of send.recipientIds) {
    const inbound = await deps.storage.reads.messages.latestBy(send.conversationId, recipientId)
    if (inbound && inbound.kind === 'text' && inbound.automation === null) latestInbound = Math.max(latestInbound, inbound.createdAtMs)
  }
  if (latestInbound < 0 || now - latestInbound >= limits.freeReplyWindowMs) return false
  const repliesSince = await countMessages({ senderId: send.senderId, conversationId: send.conversationId, sinceMs: latestInbound })
  return repliesSince < limits.freeRepliesPerInbound
}
