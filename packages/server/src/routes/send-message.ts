import { AppError, type ClientFrameReplyData, type SendMessageBody } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'

/**
 * The server's one way to write a message. Native REST, the stream's `send` op, the
 * Twitter-compatible API (v1.1 and v2), the compose form and the visitor's start (link, widget)
 * all come here, so every message meets the same per-sender limit, the same core action (its
 * permission check at the time of the send, idempotency, events) and the same metric. Core's
 * `sendMessage` has no other caller in the server (a test checks it).
 */

type SendContext = Pick<ServerContext, 'deps' | 'rates' | 'config' | 'metrics'>

/** Who sends: the actor, and whether the person behind it is a visitor (who has a narrower limit). */
export interface Sender {
  actor: core.Actor
  isVisitor: boolean
}

/**
 * Takes one message from the sender's budget: one bucket per person, whichever way the message
 * comes and whichever account it is sent as; RATE_LIMITED with the wait when it is empty.
 */
async function takeSendToken({ rates, config }: SendContext, { actor, isVisitor }: Sender): Promise<void> {
  const limits = config.rateLimits
  const waitMs = isVisitor
    ? await rates.takeToken(`send:${actor.userId}`, limits.visitorSendsPerMinute / 60, limits.visitorSendsBurst)
    : await rates.takeToken(`send:${actor.userId}`, limits.sendsPerSecond, limits.sendsBurst)
  if (waitMs > 0) throw new AppError('RATE_LIMITED', { retryAfterMs: waitMs })
}

async function commit(ctx: SendContext, sender: Sender, conversationId: string, body: SendMessageBody): Promise<ClientFrameReplyData['send']> {
  const sent = await core.sendMessage(ctx.deps, sender.actor, conversationId, body)
  if (sent.created) ctx.metrics.messagesSent.inc()
  return sent
}

/** Sends in a conversation. Resolves once the message is committed. */
export async function sendMessage(ctx: SendContext, sender: Sender, conversationId: string, body: SendMessageBody): Promise<ClientFrameReplyData['send']> {
  await takeSendToken(ctx, sender)
  return commit(ctx, sender, conversationId, body)
}

/** Sends to an account: opens (or finds) the 1:1 first, attributed to `ref` when it is new. */
export async function sendToAccount(
  ctx: SendContext, sender: Sender, recipientId: string, body: SendMessageBody, ref?: string,
): Promise<ClientFrameReplyData['send'] & { conversationId: string }> {
  await takeSendToken(ctx, sender)
  const conversation = await core.openDirect(ctx.deps, sender.actor, recipientId, ref)
  return { ...(await commit(ctx, sender, conversation.id, body)), conversationId: conversation.id }
}

/**
 * A visitor without an account writes to a brand: core admits it (checks, visitor, session,
 * conversation), its first message goes the way every message goes, then the start's answer.
 */
export async function startVisitorConversation(ctx: SendContext, input: core.StartVisitorInput, meta: { userAgent: string }) {
  const admitted = await core.admitVisitor(ctx.deps, input, meta)
  const { message } = await sendMessage(ctx, { actor: admitted.actor, isVisitor: true }, admitted.conversationId, admitted.firstMessage)
  return core.visitorStarted(ctx.deps, admitted, message)
}
