import { AppError, webhookLimits } from '@parloir/protocol'
import { OutboundError, type OutboundGuard } from './outbound.ts'

/** Vets a webhook URL at registration, so an unreachable or private one is refused at once. */
export async function vetWebhookUrl(guard: OutboundGuard, url: unknown): Promise<string> {
  if (typeof url !== 'string' || url.length === 0 || url.length > webhookLimits.urlChars) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/url', message: `an http(s) URL of at most ${webhookLimits.urlChars} characters` }] })
  }
  try {
    await guard.vet(url)
  } catch (err) {
    if (err instanceof OutboundError) throw new AppError('WEBHOOK_URL_REFUSED', { reason: err.failure })
    throw err
  }
  return url
}
