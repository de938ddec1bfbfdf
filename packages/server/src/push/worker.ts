import webpush from 'web-push'
import { noticeFor, pushesFor, type CoreDeps, type Logger, type PendingPersonNotificationRecord, type PendingPushRecord, type PushSubscriptionRecord } from '@parloir/core'
import type { PersonPushPayload, PushPayload } from '@parloir/protocol'
import type { PushConfig } from '../config.ts'
import { OutboundError, type OutboundGuard } from '../webhooks/outbound.ts'
import type { VapidKeys } from './vapid-keys.ts'
import { Poller } from '../poller.ts'

export interface PushWorkerOptions {
  deps: CoreDeps
  guard: OutboundGuard
  keys: VapidKeys
  config: PushConfig
  logger: Logger
}

/**
 * Sends the pushes core queued (pending_pushes) to the browsers of the members they are for,
 * and tells people of messages (pending_person_notifications, once `personDelayMs` old: pushed
 * to their browsers when they have no stream open anywhere, and marked for their next email),
 * encrypted for each (aes128gcm) and signed with the server's VAPID key, through the outbound
 * guard like every request Parloir makes. A push is taken off the queue before it is sent, so
 * two processes never send it twice; one that fails is not retried: it is a nudge, and the
 * inbox (title count, views) holds the same news. A push service that answers 404 or 410 says
 * the browser unsubscribed: the subscription is removed.
 */
export class PushWorker {
  readonly #poller: Poller<number>

  constructor(private readonly options: PushWorkerOptions) {
    this.#poller = new Poller(() => this.#sendPending(), options.config.pollMs, (err) => options.logger.error({ err }, 'push round failed'))
  }

  start(): void { this.#poller.start() }

  /** Sends what is pending; one run at a time. Resolves with how many pushes it took. */
  tick(): Promise<number> { return this.#poller.tick() }

  stop(): Promise<void> { return this.#poller.stop() }

  async #sendPending(): Promise<number> {
    const { storage } = this.options.deps
    const pending = await storage.reads.push.pending(50)
    let taken = 0
    for (const push of pending) {
      if (!(await storage.transaction((tx) => tx.push.take(push.id)))) continue
      taken++
      await this.#deliver(push)
    }
    const notices = await storage.reads.personNotifications.due(this.options.deps.clock.now() - this.options.config.personDelayMs, 50)
    for (const notice of notices) {
      if (!(await storage.transaction((tx) => tx.personNotifications.take(notice.id)))) continue
      taken++
      await this.#tell(notice)
    }
    return taken
  }

  async #tell(notice: PendingPersonNotificationRecord): Promise<void> {
    const { deps } = this.options
    const { push, email } = await noticeFor(deps, notice)
    if (email) await deps.storage.transaction((tx) => tx.personNotifications.awaitEmail(notice.recipientId, notice.createdAtMs))
    if (!push) return
    const subscriptions = await deps.storage.reads.push.subscriptionsOf([notice.recipientId], deps.clock.now())
    await Promise.all(subscriptions.map((subscription) => this.#send(subscription, push)))
  }

  async #deliver(push: PendingPushRecord): Promise<void> {
    const { deps } = this.options
    const recipients = await pushesFor(deps, push)
    if (recipients.length === 0) return
    const payloads = new Map(recipients.map((r) => [r.accountId, r.payload]))
    const subscriptions = await deps.storage.reads.push.subscriptionsOf([...payloads.keys()], deps.clock.now())
    await Promise.all(subscriptions.map((subscription) => this.#send(subscription, payloads.get(subscription.accountId)!)))
  }

  async #send(subscription: PushSubscriptionRecord, payload: PushPayload | PersonPushPayload): Promise<void> {
    const { deps, guard, keys, config, logger } = this.options
    try {
      const details = webpush.generateRequestDetails(
        { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
        JSON.stringify(payload),
        { vapidDetails: { subject: config.subject, publicKey: keys.publicKey, privateKey: keys.privateKey }, TTL: config.ttlS, contentEncoding: 'aes128gcm', urgency: 'high' },
      )
      const headers = Object.fromEntries(Object.entries(details.headers).map(([name, value]) => [name, String(value)]))
      const response = await guard.request({ url: details.endpoint, method: 'POST', headers, body: details.body, timeoutMs: config.timeoutMs, maxResponseBytes: 4 * 1024 })
      if (response.status === 404 || response.status === 410) {
        await deps.storage.transaction((tx) => tx.push.removeSubscription(subscription.id))
        logger.info({ subscriptionId: subscription.id, status: response.status }, 'push subscription gone: removed')
      } else if (response.status >= 300) {
        logger.warn({ subscriptionId: subscription.id, status: response.status }, 'push refused by the push service')
      }
    } catch (error) {
      // An endpoint the guard refuses, or a network failure: the push is dropped, the subscription kept.
      logger.warn({ subscriptionId: subscription.id, failure: error instanceof OutboundError ? error.failure : 'error', err: error instanceof OutboundError ? undefined : error }, 'push not sent')
    }
  }
}
