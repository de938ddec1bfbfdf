import { randomBytes } from 'node:crypto'
import { recordCrc, type CoreDeps, type Logger, type WebhookDeliveryRecord, type WebhookRecord } from '@parloir/core'
import { OutboundError, type OutboundGuard, type OutboundResponse } from './outbound.ts'
import { crcResponseToken, standardWebhookHeaders, twitterSignature } from './signing.ts'

/**
 * Works off the webhook outbox: at least once (a delivery is marked delivered only after a 2xx;
 * a crash mid-attempt leaves it pending, to be sent again when its lease ends), in order per
 * webhook (only the oldest pending delivery of a webhook is attempted), with exponential backoff
 * and jitter, `Retry-After` honoured, and the webhook disabled on 410 Gone or once the schedule
 * is exhausted. Pending rows are read from the database, so a restart picks up where it stopped.
 */

/** Waits after failed attempts 1, 2, …; after the last one the webhook is disabled (about 3 days in all). */
export const defaultRetryScheduleMs = [
  5_000, 30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000, 60 * 60_000, 2 * 3_600_000, 4 * 3_600_000, 8 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000, 24 * 3_600_000,
]

export const webhookTimeouts = {
  /** Account Activity: a CRC is answered within 3 s, an event within 10 s (docs/api/twitter-compatibility.md). */
  crcMs: 3_000,
  accountActivityMs: 10_000,
  /** Native webhooks: 15 s, as Standard Webhooks senders commonly allow. */
  nativeMs: 15_000,
}
/** Longest a `Retry-After` may push the next attempt. */
const maxRetryAfterMs = 24 * 3_600_000
/** How long a claimed delivery stays out of other workers' sight beyond its timeout. */
const leaseMarginMs = 30_000
const maxResponseBytes = 64 * 1024
const userAgent = 'Parloir-Webhooks/1'

export interface WebhookWorkerOptions {
  deps: CoreDeps
  guard: OutboundGuard
  logger: Logger
  retryScheduleMs?: readonly number[]
  /** How often the outbox is read when nothing woke the worker; 0 leaves it to `tick()` (tests). */
  pollMs?: number
  /** How often Account Activity webhooks are checked by CRC (hourly). */
  crcIntervalMs?: number
  /** 0 ≤ r < 1, for jitter; tests pin it. */
  random?: () => number
  /** Deliveries attempted at once (each for a different webhook). */
  batch?: number
}

export type CrcOutcome = { ok: true } | { ok: false; reason: string }

/** When a failed attempt is retried: the schedule's wait ±20 %, or later if the receiver asked. */
export function nextAttemptDelayMs(schedule: readonly number[], attempts: number, retryAfterMs: number | null, random: () => number): number | null {
  const base = schedule[attempts - 1]
  if (base === undefined) return null
  const jittered = Math.round(base * (0.8 + 0.4 * random()))
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, maxRetryAfterMs))
}

/** `Retry-After` in seconds or as an HTTP date, as milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | null {
  const raw = Array.isArray(value) ? value[0] : value
  if (raw === undefined || raw.trim() === '') return null
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000
  const at = Date.parse(raw)
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs)
}

export class WebhookWorker {
  readonly #deps: CoreDeps
  readonly #guard: OutboundGuard
  readonly #log: Logger
  readonly #schedule: readonly number[]
  readonly #random: () => number
  readonly #batch: number
  readonly #pollMs: number
  readonly #crcIntervalMs: number
  #timer: NodeJS.Timeout | undefined
  #crcTimer: NodeJS.Timeout | undefined
  #running: Promise<void> | null = null
  #again = false
  #stopped = false

  constructor(options: WebhookWorkerOptions) {
    this.#deps = options.deps
    this.#guard = options.guard
    this.#log = options.logger
    this.#schedule = options.retryScheduleMs ?? defaultRetryScheduleMs
    this.#random = options.random ?? Math.random
    this.#batch = options.batch ?? 16
    this.#pollMs = options.pollMs ?? 1_000
    this.#crcIntervalMs = options.crcIntervalMs ?? 3_600_000
  }

  /** Starts polling (and the hourly CRC); the first pass runs at once, so a restart resumes pending deliveries. */
  start(): void {
    if (this.#pollMs > 0) {
      const loop = () => { this.kick(); this.#timer = setTimeout(loop, this.#pollMs); this.#timer.unref() }
      loop()
    }
    if (this.#crcIntervalMs > 0) {
      this.#crcTimer = setInterval(() => { this.checkDueCrcs().catch((err: unknown) => this.#log.error({ err }, 'webhook CRC round failed')) }, Math.min(this.#crcIntervalMs, 60_000))
      this.#crcTimer.unref()
    }
  }

  /** Stops timers and waits for attempts in flight. */
  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    clearInterval(this.#crcTimer)
    await this.#running
  }

  /** Runs a pass now (or right after the one in progress). */
  kick(): void {
    if (this.#stopped) return
    if (this.#running) { this.#again = true; return }
    this.#running = (async () => {
      try {
        do {
          this.#again = false
          while ((await this.tick()) > 0 && !this.#stopped) { /* drain what is due */ }
        } while (this.#again && !this.#stopped)
      } catch (err) {
        this.#log.error({ err }, 'webhook delivery pass failed')
      } finally {
        this.#running = null
      }
    })()
  }

  /** Resolves once no pass is running. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running
  }

  /** One pass: attempts every due delivery at the head of its webhook's queue. Returns how many. */
  async tick(): Promise<number> {
    const { storage, clock } = this.#deps
    const due = await storage.reads.webhooks.dueDeliveries(clock.now(), this.#batch)
    const attempts = await Promise.all(due.map(async (delivery) => {
      const webhook = await storage.reads.webhooks.byId(delivery.webhookId)
      if (!webhook) return false
      const leaseUntil = clock.now() + this.#timeoutFor(webhook) + leaseMarginMs
      if (!(await storage.transaction((tx) => tx.webhooks.claimDelivery(delivery.id, delivery.nextAttemptAtMs, leaseUntil)))) return false
      await this.#attempt(webhook, delivery)
      return true
    }))
    return attempts.filter(Boolean).length
  }

  #timeoutFor(webhook: WebhookRecord): number {
    return webhook.kind === 'account_activity' ? webhookTimeouts.accountActivityMs : webhookTimeouts.nativeMs
  }

  async #headersFor(webhook: WebhookRecord, delivery: WebhookDeliveryRecord): Promise<Record<string, string>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': userAgent }
    if (webhook.kind === 'account_activity') {
      headers['x-twitter-webhooks-signature'] = twitterSignature(await this.#consumerSecret(webhook), delivery.payload)
    } else {
      const secret = this.#deps.secrets.open(webhook.secretSealed ?? '')
      Object.assign(headers, standardWebhookHeaders(secret, delivery.id, Math.floor(this.#deps.clock.now() / 1000), delivery.payload))
    }
    return headers
  }

  async #consumerSecret(webhook: WebhookRecord): Promise<string> {
    const app = webhook.appId ? await this.#deps.storage.reads.apps.byId(webhook.appId) : undefined
    if (!app) throw new Error('the webhook has no app')
    return this.#deps.secrets.open(app.consumerSecretSealed)
  }

  async #attempt(webhook: WebhookRecord, delivery: WebhookDeliveryRecord): Promise<void> {
    const { storage, clock } = this.#deps
    const startedAt = clock.now()
    const attempts = delivery.attempts + 1
    let response: OutboundResponse | null = null
    let error: string | null = null
    let durationMs: number | null = null
    try {
      response = await this.#guard.request({
        url: webhook.url, method: 'POST', headers: await this.#headersFor(webhook, delivery), body: delivery.payload,
        timeoutMs: this.#timeoutFor(webhook), maxResponseBytes, maxRedirects: 0,
      })
      durationMs = response.durationMs
    } catch (err) {
      error = err instanceof OutboundError ? `${err.failure}: ${err.message}` : `error: ${(err as Error).message}`
    }
    const status = response?.status ?? null
    const now = clock.now()
    const base = { attempts, lastAttemptAtMs: startedAt, lastStatusCode: status, lastDurationMs: durationMs }
    if (status !== null && status >= 200 && status < 300) {
      await storage.transaction((tx) => tx.webhooks.updateDelivery(delivery.id, { ...base, status: 'delivered', lastError: null, deliveredAtMs: now }))
      return
    }
    if (status !== null) error = status >= 300 && status < 400 ? `status ${status}: redirects are not followed` : `status ${status}`
    if (status === 410) {
      await this.#disable(webhook, delivery, base, error ?? 'status 410', 'gone')
      return
    }
    const retryAfter = response ? parseRetryAfter(response.headers['retry-after'], now) : null
    const delay = nextAttemptDelayMs(this.#schedule, attempts, retryAfter, this.#random)
    if (delay === null) {
      await this.#disable(webhook, delivery, base, error ?? 'failed', 'retries exhausted')
      return
    }
    await storage.transaction((tx) => tx.webhooks.updateDelivery(delivery.id, { ...base, status: 'pending', lastError: error, nextAttemptAtMs: now + delay }))
  }

  async #disable(webhook: WebhookRecord, delivery: WebhookDeliveryRecord, base: Partial<WebhookDeliveryRecord>, error: string, reason: string): Promise<void> {
    const now = this.#deps.clock.now()
    await this.#deps.storage.transaction(async (tx) => {
      await tx.webhooks.updateDelivery(delivery.id, { ...base, status: 'failed', lastError: error })
      await tx.webhooks.update(webhook.id, { disabledAtMs: now, disabledReason: reason })
      await tx.webhooks.failPendingDeliveries(webhook.id, `webhook disabled: ${reason}`)
    })
    // The administrator's notice: a disabled webhook stays disabled until its owner registers it again.
    this.#log.warn({ webhookId: webhook.id, appId: webhook.appId, ownerAccountId: webhook.ownerAccountId, reason }, 'webhook disabled')
  }

  /**
   * Challenge-response check of an Account Activity webhook: `GET url?crc_token=…&nonce=…` signed
   * over the raw query string; the answer must be 200 with the right `response_token` within 3 s.
   */
  async crc(webhook: WebhookRecord, consumerSecret?: string): Promise<CrcOutcome> {
    const secret = consumerSecret ?? (await this.#consumerSecret(webhook))
    const url = new URL(webhook.url)
    const crcToken = randomBytes(24).toString('base64url')
    const nonce = randomBytes(16).toString('hex')
    const extra = `crc_token=${encodeURIComponent(crcToken)}&nonce=${nonce}`
    url.search = url.search.length > 1 ? `${url.search.slice(1)}&${extra}` : extra
    const rawQuery = url.search.slice(1)
    let response: OutboundResponse
    try {
      response = await this.#guard.request({
        url: url.toString(), method: 'GET', timeoutMs: webhookTimeouts.crcMs, maxResponseBytes: 4_096, maxRedirects: 0,
        headers: { 'x-twitter-webhooks-signature': twitterSignature(secret, rawQuery), 'user-agent': userAgent },
      })
    } catch (err) {
      return { ok: false, reason: err instanceof OutboundError ? err.failure : 'error' }
    }
    if (response.status !== 200) return { ok: false, reason: `status ${response.status}` }
    let token: unknown
    try { token = (JSON.parse(response.body.toString('utf8')) as { response_token?: unknown }).response_token } catch { return { ok: false, reason: 'answer is not JSON' } }
    return token === crcResponseToken(secret, crcToken) ? { ok: true } : { ok: false, reason: 'wrong response_token' }
  }

  /** Runs a CRC and records it: a failure makes the webhook invalid, a success valid again. */
  async recheck(webhook: WebhookRecord): Promise<{ webhook: WebhookRecord; outcome: CrcOutcome }> {
    const outcome = await this.crc(webhook)
    const updated = await recordCrc(this.#deps, webhook, outcome.ok ? 'ok' : outcome.reason)
    if (outcome.ok && !webhook.valid) this.kick()
    return { webhook: updated, outcome }
  }

  /** The hourly CRC of every enabled Account Activity webhook whose last check is an interval old. */
  async checkDueCrcs(): Promise<number> {
    const now = this.#deps.clock.now()
    const due = (await this.#deps.storage.reads.webhooks.active())
      .filter((w) => w.kind === 'account_activity' && (w.crcCheckedAtMs === null || now - w.crcCheckedAtMs >= this.#crcIntervalMs))
    for (const webhook of due) await this.recheck(webhook)
    return due.length
  }
}
