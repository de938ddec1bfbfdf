import { AppError, webhookLimits, type Webhook, type WebhookDeliveries, type WebhookDelivery } from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import type { AppRecord } from '../ports/storage.ts'
import { requireManagedApp } from '../apps/apps.ts'
import type { WebhookDeliveryRecord, WebhookKind, WebhookRecord } from '../ports/storage.ts'
import { webhookEventNames } from './outbox.ts'

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

export function presentWebhook(w: WebhookRecord): Webhook {
  return {
    id: w.id, kind: w.kind, appId: w.appId, url: w.url, valid: w.valid, environment: w.envName, eventTypes: w.eventTypes,
    createdAt: iso(w.createdAtMs), crcCheckedAt: isoOrNull(w.crcCheckedAtMs), crcResult: w.crcResult,
    disabledAt: isoOrNull(w.disabledAtMs), disabledReason: w.disabledReason,
  }
}

/** Status and timing only: a receiver's answer body is never kept nor shown, nor is the payload. */
export function presentDelivery(d: WebhookDeliveryRecord): WebhookDelivery {
  return {
    id: d.id, webhookId: d.webhookId, eventName: d.eventName, forAccountId: d.forAccountId, status: d.status, attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAtMs) : null, lastAttemptAt: isoOrNull(d.lastAttemptAtMs),
    lastStatusCode: d.lastStatusCode, lastError: d.lastError, lastDurationMs: d.lastDurationMs,
    createdAt: iso(d.createdAtMs), deliveredAt: isoOrNull(d.deliveredAtMs),
  }
}

/** The app's webhooks, of both kinds, for a person who manages the app. */
export async function listWebhooks(deps: CoreDeps, actor: Actor, appId: string): Promise<Webhook[]> {
  const app = await requireManagedApp(deps, actor, appId)
  return (await deps.storage.reads.webhooks.ofApp(app.id)).map(presentWebhook)
}

/** A page of a webhook's delivery log, newest first; `next` is the `before` of the following page. */
export async function listWebhookDeliveries(deps: CoreDeps, actor: Actor, appId: string, webhookId: string, page: { before?: string; limit?: number }): Promise<WebhookDeliveries> {
  const { webhook } = await requireManagedWebhook(deps, actor, appId, webhookId)
  const limit = page.limit ?? webhookLimits.deliveriesPage
  const deliveries = await deps.storage.reads.webhooks.deliveries(webhook.id, limit + 1, page.before)
  const shown = deliveries.slice(0, limit)
  return { webhook: presentWebhook(webhook), deliveries: shown.map(presentDelivery), next: deliveries.length > limit ? shown.at(-1)!.id : null }
}

/** The app's webhook, or WEBHOOK_NOT_FOUND (another app's look missing too). */
export async function requireAppWebhook(deps: CoreDeps, app: AppRecord, webhookId: string, kind?: WebhookKind): Promise<WebhookRecord> {
  const webhook = await deps.storage.reads.webhooks.byId(webhookId)
  if (!webhook || webhook.appId !== app.id || (kind && webhook.kind !== kind) || webhook.disabledReason === 'deleted') throw new AppError('WEBHOOK_NOT_FOUND', { webhookId })
  return webhook
}

/** For the console and native routes: an app this person manages, and its webhook. */
export async function requireManagedWebhook(deps: CoreDeps, actor: Actor, appId: string, webhookId: string): Promise<{ app: AppRecord; webhook: WebhookRecord }> {
  const app = await requireManagedApp(deps, actor, appId)
  return { app, webhook: await requireAppWebhook(deps, app, webhookId) }
}

export function checkEventTypes(eventTypes: readonly string[]): string[] {
  for (const [i, name] of eventTypes.entries()) {
    if (!webhookEventNames.has(name as never)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: `/eventTypes/${i}`, message: `one of ${[...webhookEventNames].join(', ')}` }] })
  }
  return [...new Set(eventTypes)]
}

/**
 * Records a webhook whose URL the server already vetted (and, for Account Activity, checked by
 * CRC). Native webhooks receive their owner's events from the start.
 */
export async function registerWebhook(deps: CoreDeps, input: {
  kind: WebhookKind
  app: AppRecord | null
  ownerAccountId: string
  envName: string | null
  url: string
  secretSealed: string | null
  eventTypes: string[]
  createdBy: string
  crcResult: string | null
}): Promise<WebhookRecord> {
  const now = deps.clock.now()
  return deps.storage.transaction(async (tx) => {
    const siblings = (input.app ? await tx.webhooks.ofApp(input.app.id) : await tx.webhooks.ofOwner(input.ownerAccountId))
      .filter((w) => w.kind === input.kind && w.disabledReason !== 'deleted')
    if (input.kind === 'account_activity' && input.envName !== null && siblings.filter((w) => w.envName === input.envName).length >= webhookLimits.perEnvironment) {
      throw new AppError('COLLECTION_FULL', { what: 'webhooks', environment: input.envName, max: webhookLimits.perEnvironment })
    }
    if (siblings.length >= webhookLimits.perOwner) throw new AppError('COLLECTION_FULL', { what: 'webhooks', max: webhookLimits.perOwner })
    const webhook: WebhookRecord = {
      id: deps.ids.next(), kind: input.kind, appId: input.app?.id ?? null, ownerAccountId: input.ownerAccountId, envName: input.envName,
      url: input.url, valid: input.kind === 'native' || input.crcResult === 'ok', secretSealed: input.secretSealed, eventTypes: input.eventTypes,
      createdBy: input.createdBy, createdAtMs: now, crcCheckedAtMs: input.crcResult === null ? null : now, crcResult: input.crcResult,
      disabledAtMs: null, disabledReason: null,
    }
    await tx.webhooks.insert(webhook)
    if (input.kind === 'native') await tx.webhooks.insertSubscription({ webhookId: webhook.id, accountId: input.ownerAccountId, createdBy: input.createdBy, createdAtMs: now })
    return webhook
  })
}

/** Deletes a webhook with its subscriptions and delivery log. */
export async function deleteWebhook(deps: CoreDeps, webhook: WebhookRecord): Promise<void> {
  await deps.storage.transaction((tx) => tx.webhooks.delete(webhook.id))
}

/**
 * Subscribes an account to a webhook. The caller proved the app may act for it (a user-context
 * token of that account); a subscription never widens what the app could read itself.
 */
export async function subscribeAccount(deps: CoreDeps, webhook: WebhookRecord, accountId: string, createdBy: string): Promise<boolean> {
  return deps.storage.transaction((tx) => tx.webhooks.insertSubscription({ webhookId: webhook.id, accountId, createdBy, createdAtMs: deps.clock.now() }))
}

export async function unsubscribeAccount(deps: CoreDeps, webhook: WebhookRecord, accountId: string): Promise<boolean> {
  return deps.storage.transaction((tx) => tx.webhooks.deleteSubscription(webhook.id, accountId))
}

/** Records a CRC: a failed one makes an Account Activity webhook invalid, which stops its deliveries. */
export async function recordCrc(deps: CoreDeps, webhook: WebhookRecord, result: string): Promise<WebhookRecord> {
  const patch = { valid: result === 'ok', crcCheckedAtMs: deps.clock.now(), crcResult: result }
  await deps.storage.transaction((tx) => tx.webhooks.update(webhook.id, patch))
  return { ...webhook, ...patch }
}
