import type { Message } from '@parloir/protocol'
import type { AccountRecord, OutboxEvent, StorageReads } from '@parloir/core'

/**
 * What a webhook delivery carries, built inside the transaction of its event and stored as the
 * exact bytes sent (and re-sent) to the receiver.
 *
 * Account Activity payloads follow TWITTER-COMPAT.md §3 (X's AAA data objects). The v1 DM event
 * and user objects are mapped here; when the Twitter presenters of packages/server/src/twitter/
 * land, the two must agree field for field (the DM event of a delivery is the one `events/show`
 * returns).
 */

type Json = Record<string, unknown>

const tweetEntities = (message: Message) => ({
  hashtags: message.entities.hashtags.map((h) => ({ text: h.tag, indices: [h.start, h.end] })),
  symbols: [],
  user_mentions: message.entities.mentions.map((m) => ({ screen_name: m.handle, indices: [m.start, m.end] })),
  urls: message.entities.urls.map((u) => ({ url: u.url, expanded_url: u.url, display_url: u.url.replace(/^https?:\/\//, ''), indices: [u.start, u.end] })),
})

const mediaType = (kind: string) => (kind === 'gif' ? 'animated_gif' : kind === 'video' ? 'video' : 'photo')

/** A Parloir message as a v1.1 `message_create` event (DirectMessageCreateV1). */
export function dmEventV1(message: Message, recipientId: string, origin: string, sourceAppId: string | null): Json {
  const messageData: Json = { text: message.text, entities: tweetEntities(message) }
  if (message.quickReply) messageData.quick_reply = message.quickReply
  if (message.quickReplyResponse) messageData.quick_reply_response = { type: 'options', metadata: message.quickReplyResponse.metadata }
  if (message.attachment) {
    messageData.attachment = {
      type: 'media',
      media: { id: Number(message.attachment.id), id_str: message.attachment.id, media_url_https: `${origin}${message.attachment.url}`, type: mediaType(message.attachment.kind), sizes: {} },
    }
  }
  const ctas = message.buttons.flatMap((b) => (b.type === 'web_url' ? [{ type: 'web_url', label: b.label, url: b.url }] : []))
  if (ctas.length) messageData.ctas = ctas
  const messageCreate: Json = { target: { recipient_id: recipientId }, sender_id: message.senderId }
  if (sourceAppId) messageCreate.source_app_id = sourceAppId
  if (message.customProfile) messageCreate.custom_profile_id = message.customProfile.id
  messageCreate.message_data = messageData
  return { type: 'message_create', id: message.id, created_timestamp: String(Date.parse(message.createdAt)), message_create: messageCreate }
}

/** A Parloir account as a v1.1 user object, as the `users` map of a delivery holds them. */
export function userV1(account: AccountRecord, origin: string): Json {
  const avatar = account.avatarMediaId ? `${origin}/api/v1/media/${account.avatarMediaId}` : null
  return {
    id: account.id, id_str: account.id, created_timestamp: String(account.createdAtMs), name: account.displayName, screen_name: account.handle,
    location: '', description: account.bio, url: null, protected: false, verified: false,
    followers_count: 0, friends_count: 0, statuses_count: 0, profile_image_url: avatar, profile_image_url_https: avatar,
  }
}

async function usersById(reads: StorageReads, ids: string[], origin: string): Promise<Json> {
  const accounts = await reads.accountsByIds([...new Set(ids)])
  return Object.fromEntries(accounts.sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => [a.id, userV1(a, origin)]))
}

/** The other side of a one-to-one conversation, or null for a group (Account Activity has no group DMs). */
async function otherParticipant(reads: StorageReads, conversationId: string, accountId: string): Promise<string | null> {
  const conversation = await reads.conversationById(conversationId)
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
    const { message } = event.data as { message: Message }
    if (message.kind !== 'text' || message.unsentAt !== null) return null
    const recipientId = await otherParticipant(reads, message.conversationId, message.senderId)
    if (recipientId === null) return null
    const record = await reads.messageById(message.id)
    const appId = record?.appId ?? null
    const payload: Json = { for_user_id: forUserId, direct_message_events: [dmEventV1(message, recipientId, origin, appId)] }
    if (appId) {
      const app = await reads.appById(appId)
      if (app) payload.apps = { [app.id]: { id: app.id, name: app.name, url: '' } }
    }
    payload.users = await usersById(reads, [message.senderId, recipientId], origin)
    return JSON.stringify(payload)
  }
  if (event.name === 'typing.started') {
    const { conversationId, accountId } = event.data as { conversationId: string; accountId: string }
    const recipientId = await otherParticipant(reads, conversationId, accountId)
    if (recipientId === null) return null
    return JSON.stringify({
      for_user_id: forUserId,
      direct_message_indicate_typing_events: [{ created_timestamp: String(event.atMs), sender_id: accountId, target: { recipient_id: recipientId } }],
      users: await usersById(reads, [accountId, recipientId], origin),
    })
  }
  if (event.name === 'conversation.read') {
    const { conversationId, accountId, seq } = event.data as { conversationId: string; accountId: string; seq: number }
    const recipientId = await otherParticipant(reads, conversationId, accountId)
    if (recipientId === null) return null
    const [last] = await reads.listMessages(conversationId, accountId, { beforeSeq: seq + 1, visibleFromSeq: 0, limit: 1 })
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
