import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type SendMessageBody } from '@parloir/protocol'
import { openDirect, pairKey, requireMembership, type Actor, type MessageRecord, type StorageReads } from '@parloir/core'
import type { ServerContext } from '../context.ts'
import type { RateRule } from '../rate-limit.ts'
import type { TwitterLimits } from './limits.ts'
import { requireUserContext, type DmScope, type TwitterAuthenticate } from './caller.ts'
import { versionOf, type TwitterApiVersion } from './errors.ts'
import { admitDmSend, takeWindow, type EndpointWindows } from './quotas.ts'
import type { TwitterAppV1 } from './presenters.ts'
import { sendMessage } from '../routes/send-message.ts'

/** What the v1.1 and v2 DM endpoints share: their context, the caller, sending, the 1:1 lookup. */
export interface TwitterContext {
  server: ServerContext
  authenticate: TwitterAuthenticate
  windows: EndpointWindows
  limits: TwitterLimits
}

/** The user a request acts for, after authentication, the context check and the endpoint's window. */
export async function userFor(
  t: TwitterContext, request: FastifyRequest, reply: FastifyReply, scope: DmScope, window?: { name: string; rule: RateRule },
): Promise<{ actor: Actor; appId: string }> {
  const version: TwitterApiVersion = versionOf(request.url)
  const user = requireUserContext(await t.authenticate(request, reply), version, scope)
  if (window) takeWindow(t.windows, reply, `${user.appId}:${user.actor.accountId}:${window.name}`, window.rule)
  return user
}

/**
 * Sends a DM in a conversation after the daily quotas admit it, through the server's one send path
 * (the per-sender limit, core's checks, the metric); returns the record written (with the app it
 * came through). `recipientId` opens (or finds) the 1:1 first.
 */
export async function sendDm(
  t: TwitterContext, reply: FastifyReply, user: { actor: Actor; appId: string },
  target: { recipientId: string } | { conversationId: string }, body: SendMessageBody,
): Promise<MessageRecord> {
  const { deps } = t.server
  let conversationId: string
  if ('recipientId' in target) {
    const existing = await findDirect(deps.storage.reads, user.actor.accountId, target.recipientId)
    await admitDmSend(deps, t.limits, reply, { senderId: user.actor.accountId, appId: user.appId, conversationId: existing, recipientIds: [target.recipientId] })
    conversationId = existing ?? (await openDirect(deps, user.actor, target.recipientId)).id
  } else {
    conversationId = target.conversationId
    const { participants } = await requireMembership(deps.storage.reads, conversationId, user.actor.accountId)
    const recipientIds = participants.map((p) => p.accountId).filter((id) => id !== user.actor.accountId)
    await admitDmSend(deps, t.limits, reply, { senderId: user.actor.accountId, appId: user.appId, conversationId, recipientIds })
  }
  // An app acts as a person or a brand, never as a visitor.
  const { message } = await sendMessage(t.server, { actor: user.actor, isVisitor: false }, conversationId, body)
  const record = await deps.storage.reads.messages.byId(message.id)
  if (!record) throw new AppError('MESSAGE_NOT_FOUND')
  return record
}

/** The id of the 1:1 between two accounts, if it exists (pair keys sort the ids). */
export async function findDirect(reads: StorageReads, a: string, b: string): Promise<string | null> {
  return (await reads.conversations.byPairKey(pairKey(a, b)))?.id ?? null
}

/** The `apps` map: the apps these messages came through, by id, with their names. */
export async function appsOf(t: TwitterContext, messages: readonly MessageRecord[]): Promise<Record<string, TwitterAppV1> | undefined> {
  const ids = [...new Set(messages.flatMap((m) => {
    const appId = (m as MessageRecord & { appId?: string | null }).appId
    return appId ? [appId] : []
  }))]
  if (ids.length === 0) return undefined
  const apps: Record<string, TwitterAppV1> = {}
  for (const id of ids) {
    const app = await t.server.deps.storage.reads.apps.byId(id)
    apps[id] = { id, name: app?.name ?? id, url: '' }
  }
  return apps
}
