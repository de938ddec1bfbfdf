import * as core from '@parloir/core'
import { AppError } from '@parloir/protocol'
import type { CoreDeps } from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'
import { OutboundError, OutboundGuard } from '../webhooks/outbound.ts'
import { loadVapidKeys } from './vapid-keys.ts'
import { PushWorker } from './worker.ts'

const workers = new WeakMap<CoreDeps, PushWorker>()

/** The push worker of a built server (tests drive it with `tick()`). */
export function pushWorkerOf(deps: CoreDeps): PushWorker {
  const worker = workers.get(deps)
  if (!worker) throw new Error('push is not registered on this server')
  return worker
}

/**
 * Web Push: loads (or makes) the VAPID keys, starts the push worker with the server and stops it
 * before storage closes, and registers the routes of a person's own subscription.
 */
export async function pushRoutes(ctx: ServerContext): Promise<void> {
  const { app, deps, auth, config } = ctx
  const keys = loadVapidKeys(config)
  const guard = new OutboundGuard({ allow: config.outboundAllow })
  const worker = new PushWorker({ deps, guard, keys, config: config.push, logger: deps.logger.child({ component: 'push' }) })
  workers.set(deps, worker)
  app.addHook('onReady', async () => worker.start())
  app.addHook('onClose', async () => worker.stop())

  addRoute(app, auth, 'getPushKey', async () => ({ publicKey: keys.publicKey }))
  addRoute(app, auth, 'savePushSubscription', async ({ actor, body }) => {
    // Vetted now, so a subscription Parloir could never reach is refused at once (and again at each push).
    try {
      await guard.vet(body.endpoint)
    } catch (error) {
      if (error instanceof OutboundError) throw new AppError('PUSH_SUBSCRIPTION_INVALID', { field: 'endpoint', reason: error.message })
      throw error
    }
    await core.savePushSubscription(deps, actor, body)
  })
  addRoute(app, auth, 'deletePushSubscription', ({ actor }) => core.deletePushSubscription(deps, actor))
}
