import { AppError, type ClientFrameReplyData, type SendMessageBody } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'

/** Who sends: the actor, and whether the person behind it is a visitor (who has a narrower limit). */
export interface Sender {
  actor: core.Actor
  isVisitor: boolean
}

/**
 * The native send, over REST or the stream alike: the sender's message rate limit (one bucket per
 * person, whichever way the message comes and whichever account it is sent as), then core's
 * action. Resolves once the message is committed.
 */
export async function sendWithinLimits(
  { deps, rates, config, metrics }: Pick<ServerContext, 'deps' | 'rates' | 'config' | 'metrics'>,
  { actor, isVisitor }: Sender, conversationId: string, body: SendMessageBody,
): Promise<ClientFrameReplyData['send']> {
  const limits = config.rateLimits
  const waitMs = isVisitor
    ? await rates.takeToken(`send:${actor.userId}`, limits.visitorSendsPerMinute / 60, limits.visitorSendsBurst)
    : await rates.takeToken(`send:${actor.userId}`, limits.sendsPerSecond, limits.sendsBurst)
  if (waitMs > 0) throw new AppError('RATE_LIMITED', { retryAfterMs: waitMs })
  const sent = await core.sendMessage(deps, actor, conversationId, body)
  if (sent.created) metrics.messagesSent.inc()
  return sent
}
