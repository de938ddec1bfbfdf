import { AppError } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { AppRecord, CoreDeps, WebhookRecord } from '@parloir/core'
import type { OutboundGuard } from './outbound.ts'
import { vetWebhookUrl } from './webhook-url.ts'
import type { WebhookWorker } from './worker.ts'

/**
 * Registers an Account Activity webhook the way Twitter does: the URL must pass the SSRF guard,
 * then answer a CRC signed with the app's consumer secret within 3 s, or nothing is recorded.
 */
export async function registerAccountActivityWebhook(
  ctx: { deps: CoreDeps; guard: OutboundGuard; worker: WebhookWorker },
  app: AppRecord,
  input: { envName: string | null; url: unknown; createdBy: string },
): Promise<WebhookRecord> {
  const url = await vetWebhookUrl(ctx.guard, input.url)
  const outcome = await ctx.worker.crc({ url } as WebhookRecord, ctx.deps.secrets.open(app.consumerSecretSealed))
  if (!outcome.ok) throw new AppError('WEBHOOK_CRC_FAILED', { reason: outcome.reason })
  return core.registerWebhook(ctx.deps, {
    kind: 'account_activity', app, ownerAccountId: app.ownerAccountId, envName: input.envName, url, secretSealed: null, eventTypes: [],
    createdBy: input.createdBy, crcResult: 'ok',
  })
}
