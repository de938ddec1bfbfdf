import * as core from '@parloir/core'
import type { CoreDeps } from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'
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

  addRoute(app, auth, 'listWebhooks', async ({ actor, params }) => ({ webhooks: await core.listWebhooks(deps, actor, params.appId) }))
  addRoute(app, auth, 'createWebhook', async ({ actor, params, body }) => {
    const owned = await core.requireManagedApp(deps, actor, params.appId)
    const url = await vetWebhookUrl(guard, body.url)
    const eventTypes = core.checkEventTypes(body.eventTypes ?? [])
    const secret = newWebhookSecret()
    const webhook = await core.registerWebhook(deps, {
      kind: 'native', app: owned, ownerAccountId: owned.ownerAccountId, envName: null, url, secretSealed: deps.secrets.seal(secret), eventTypes,
      createdBy: actor.userId, crcResult: null,
    })
    // The signing secret is in this answer only.
    return { webhook: core.presentWebhook(webhook), secret }
  })
  addRoute(app, auth, 'deleteWebhook', async ({ actor, params }) => {
    const { webhook } = await core.requireManagedWebhook(deps, actor, params.appId, params.webhookId)
    await core.deleteWebhook(deps, webhook)
  })
  addRoute(app, auth, 'listWebhookDeliveries', ({ actor, params, query }) => core.listWebhookDeliveries(deps, actor, params.appId, params.webhookId, query))

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
