import * as core from '@parloir/core'
import type { CoreDeps, WebhookDeliveryRecord, WebhookRecord } from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { OutboundGuard } from './outbound.ts'
import { vetWebhookUrl } from './webhook-url.ts'
import { WebhookOutboxWriter } from './outbox-writer.ts'
import { newWebhookSecret } from './signing.ts'
import { WebhookWorker } from './worker.ts'
import { accountActivityRoutes } from './account-activity-routes.ts'
import type { TwitterAuthenticate } from '../twitter/caller.ts'

const workers = new WeakMap<CoreDeps, WebhookWorker>()

/** The delivery worker of a built server (tests drive it with `tick()` and a controllable clock). */
export function webhookWorkerOf(deps: CoreDeps): WebhookWorker {
  const worker = workers.get(deps)
  if (!worker) throw new Error('webhooks are not registered on this server')
  return worker
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function presentWebhook(w: WebhookRecord) {
  return {
    id: w.id, kind: w.kind, appId: w.appId, url: w.url, valid: w.valid, environment: w.envName, eventTypes: w.eventTypes,
    createdAt: iso(w.createdAtMs), crcCheckedAt: iso(w.crcCheckedAtMs), crcResult: w.crcResult,
    disabledAt: iso(w.disabledAtMs), disabledReason: w.disabledReason,
  }
}

/** Status and timing only: a receiver's answer body is never kept nor shown. */
export function presentDelivery(d: WebhookDeliveryRecord) {
  return {
    id: d.id, webhookId: d.webhookId, eventName: d.eventName, forAccountId: d.forAccountId, status: d.status, attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAtMs) : null, lastAttemptAt: iso(d.lastAttemptAtMs),
    lastStatusCode: d.lastStatusCode, lastError: d.lastError, lastDurationMs: d.lastDurationMs,
    createdAt: iso(d.createdAtMs), deliveredAt: iso(d.deliveredAtMs),
  }
}

const idParam = { type: 'string', pattern: '^[0-9]{1,20}$' }

/**
 * Webhooks: wires the outbox writer into core, starts the delivery worker with the server and
 * stops it before storage closes, and registers the native routes (the Account Activity routes
 * are in account-activity-routes.ts).
 */
export async function webhookRoutes(ctx: ServerContext, options: { authenticate: TwitterAuthenticate }): Promise<{ guard: OutboundGuard; worker: WebhookWorker; writer: WebhookOutboxWriter }> {
  const { app, deps, auth, config } = ctx
  const guard = new OutboundGuard({ allow: config.outboundAllow })
  const origin = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`
  const writer = new WebhookOutboxWriter({ ids: deps.ids, clock: deps.clock, origin: () => origin })
  deps.outboxWriters = [...(deps.outboxWriters ?? []), writer]
  const worker = new WebhookWorker({
    deps, guard, logger: deps.logger.child({ component: 'webhooks' }),
    retryScheduleMs: config.webhooks.retryScheduleMs, pollMs: config.webhooks.pollMs, crcIntervalMs: config.webhooks.crcIntervalMs,
  })
  workers.set(deps, worker)
  writer.onCommitted(() => worker.kick())
  app.addHook('onReady', async () => worker.start())
  app.addHook('onClose', async () => worker.stop())

  const appParams = { type: 'object', properties: { appId: idParam }, required: ['appId'] }
  const hookParams = { type: 'object', properties: { appId: idParam, webhookId: idParam }, required: ['appId', 'webhookId'] }

  app.get<{ Params: { appId: string } }>('/api/v1/apps/:appId/webhooks', { schema: { params: appParams, tags: ['webhooks'] } }, async (request) => {
    const actor = await auth.requireActor(request)
    const owned = await core.requireManagedApp(deps, actor, request.params.appId)
    return { webhooks: (await deps.storage.reads.webhooks.ofApp(owned.id)).map(presentWebhook) }
  })

  app.post<{ Params: { appId: string }; Body: { url: string; eventTypes?: string[] } }>('/api/v1/apps/:appId/webhooks', {
    schema: {
      params: appParams, tags: ['webhooks'],
      body: {
        type: 'object', additionalProperties: false, required: ['url'],
        properties: { url: { type: 'string', minLength: 1, maxLength: core.webhookLimits.urlChars }, eventTypes: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 64 } } },
      },
    },
  }, async (request, reply) => {
    const actor = await auth.requireActor(request)
    const owned = await core.requireManagedApp(deps, actor, request.params.appId)
    const url = await vetWebhookUrl(guard, request.body.url)
    const eventTypes = core.checkEventTypes(request.body.eventTypes ?? [])
    const secret = newWebhookSecret()
    const webhook = await core.registerWebhook(deps, {
      kind: 'native', app: owned, ownerAccountId: owned.ownerAccountId, envName: null, url, secretSealed: deps.secrets.seal(secret), eventTypes,
      createdBy: actor.userId, crcResult: null,
    })
    reply.code(201)
    // The signing secret is in this answer only.
    return { webhook: presentWebhook(webhook), secret }
  })

  app.delete<{ Params: { appId: string; webhookId: string } }>('/api/v1/apps/:appId/webhooks/:webhookId', { schema: { params: hookParams, tags: ['webhooks'] } }, async (request, reply) => {
    const actor = await auth.requireActor(request)
    const { webhook } = await core.requireManagedWebhook(deps, actor, request.params.appId, request.params.webhookId)
    await core.deleteWebhook(deps, webhook)
    return reply.code(204).send()
  })

  app.get<{ Params: { appId: string; webhookId: string }; Querystring: { before?: string; limit?: number } }>('/api/v1/apps/:appId/webhooks/:webhookId/deliveries', {
    schema: {
      params: hookParams, tags: ['webhooks'],
      querystring: { type: 'object', additionalProperties: false, properties: { before: idParam, limit: { type: 'integer', minimum: 1, maximum: 100 } } },
    },
  }, async (request) => {
    const actor = await auth.requireActor(request)
    const { webhook } = await core.requireManagedWebhook(deps, actor, request.params.appId, request.params.webhookId)
    const limit = request.query.limit ?? 50
    const deliveries = await deps.storage.reads.webhooks.deliveries(webhook.id, limit + 1, request.query.before)
    const page = deliveries.slice(0, limit)
    return { webhook: presentWebhook(webhook), deliveries: page.map(presentDelivery), next: deliveries.length > limit ? page.at(-1)!.id : null }
  })

  await app.register(async (scope) => {
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)))
      })
    }
    accountActivityRoutes(scope, { deps, guard, worker, authenticate: options.authenticate })
  })

  return { guard, worker, writer }
}
