import type { AccountRecord, MessageRecord, OutboxEvent, StorageReads } from '@parloir/core'
import { presentAppsV1, presentDmEventV1, presentUserV1, type PresentationContext } from '../twitter/presenters.ts'

/**
 * What a webhook delivery carries, built inside the transaction of its event and stored as the
 * exact bytes sent (and re-sent) to the receiver.
 *
 * Account Activity payloads follow X's Account Activity data objects (docs/api/twitter-compatibility.md), built with the
 * Twitter presenters of packages/server/src/twitter/: the DM event of a delivery is the one
 * `events/show` returns, and users are the v1.1 user objects.
 */

type Json = Record<string, unknown>

/**
 * What the presenters of packages/server/src/twitter/ need, read through the transaction's own
 * reads (the message was written in this transaction: the read connection cannot see it yet).
 */
async function presentationContext(reads: StorageReads, message: MessageRecord, origin: string): Promise<PresentationContext> {
  const conversation = await reads.conversations.byId(message.conversationId)
  const media = message.attachmentMediaId ? await reads.media.byIds([message.attachmentMediaId]) : []
  const mentioned = new Map<string, AccountRecord>()
  for (const handle of [...new Set(message.entities.mentions.map((m) => m.handle.toLowerCase()))].slice(0, 50)) {
    const account = await reads.accounts.byHandle(handle)
    if (account) mentioned.set(handle, account)
  }
  return { origin, conversations: new Map(conversation ? [[conversation.id, conversation]] : []), media: new Map(media.map((m) => [m.id, m])), mentioned }
}

async function usersById(reads: StorageReads, ids: string[], origin: string): Promise<Json> {
  const accounts = await reads.accounts.byIds([...new Set(ids)])
  return Object.fromEntries(accounts.sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => [a.id, presentUserV1(a, origin)]))
}

/** The other side of a one-to-one conversation, or null for a group (Account Activity has no group DMs). */
async function otherParticipant(reads: StorageReads, conversationId: string, accountId: string): Promise<string | null> {
  const conversation = await reads.conversations.byId(conversationId)
  if (!conversation || conversation.kind !== 'direct' || !conversation.pairKey) return null
  const [a, b] = conversation.pairKey.split(':')
  return a === accountId ? b ?? null : a ?? null
}

/**
 * The Account Activity payload of an event for one subscribed account, or null when this event
 * has no Account Activity form (a group message, a system line).
 */
export async function accountActivityPayload(reads: StorageReads, event: OutboxEvent, forUserId: string, origin: string): Promise<string | null> {
  if (event.name === 'message.created') {
    const { message } = event.data
    if (message.kind !== 'text' || message.unsentAt !== null) return null
    const recipientId = await otherParticipant(reads, message.conversationId, message.senderId)
    const record = await reads.messages.byId(message.id)
    if (recipientId === null || !record) return null
    // The same event object `GET events/show` answers (B's presenter), so a bot sees one shape.
    const payload: Json = { for_user_id: forUserId, direct_message_events: [presentDmEventV1(record, await presentationContext(reads, record, origin))] }
    if (record.appId) {
      const app = await reads.apps.byId(record.appId)
      if (app) payload.apps = presentAppsV1([{ id: app.id, name: app.name, url: '' }])
    }
    payload.users = await usersById(reads, [message.senderId, recipientId], origin)
    return JSON.stringify(payload)
  }
  if (event.name === 'typing.started') {
    const { conversationId, accountId } = event.data
    const recipientId = await otherParticipant(reads, conversationId, accountId)
    if (recipientId === null) return null
    return JSON.stringify({
      for_user_id: forUserId,
      direct_message_indicate_typing_events: [{ created_timestamp: String(event.atMs), sender_id: accountId, target: { recipient_id: recipientId } }],
      users: await usersById(reads, [accountId, recipientId], origin),
    })
  }
  if (event.name === 'conversation.read') {
    const { conversationId, accountId, seq } = event.data
    const recipientId = await otherParticipant(reads, conversationId, accountId)
    if (recipientId === null) return null
    const [last] = await reads.messages.list(conversationId, accountId, { beforeSeq: seq + 1, visibleFromSeq: 0, limit: 1 })
    if (!last) return null
    return JSON.stringify({
      for_user_id: forUserId,
      direct_message_mark_read_events: [{ created_timestamp: String(event.atMs), sender_id: accountId, target: { recipient_id: recipientId }, last_read_event_id: last.id }],
      users: await usersById(reads, [accountId, recipientId], origin),
    })
  }
  return null
}

/**
 * A native webhook payload (Standard Webhooks' recommended shape): the event's name and data as
 * the realtime stream carries them, the account it is delivered for, and its cursor.
 */
export function nativePayload(event: OutboxEvent, forAccountId: string): string {
  return JSON.stringify({
    type: event.name,
    timestamp: new Date(event.atMs).toISOString(),
    forAccountId,
    ...(event.cursor !== null ? { cursor: event.cursor } : {}),
    data: event.data,
  })
}
