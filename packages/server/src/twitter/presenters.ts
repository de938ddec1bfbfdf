import type { Button, Entities, QuickReply } from '@parloir/protocol'
import { mediaUrl, type AccountRecord, type ConversationRecord, type CoreDeps, type MediaRecord, type MessageRecord, type WelcomeMessageRecord } from '@parloir/core'

/**
 * Twitter's shapes of Parloir's records, for the v1.1 and v2 DM endpoints and the Account
 * Activity webhooks: a translation, never a second source of truth. Ids stay as they are (64-bit
 * decimal strings, like Twitter's); times become Twitter's (epoch milliseconds as a string in
 * v1.1, ISO 8601 in v2).
 */

// ---- v1.1 -------------------------------------------------------------------------------------

export interface TwitterEntitiesV1 {
  hashtags: Array<{ text: string; indices: [number, number] }>
  symbols: Array<{ text: string; indices: [number, number] }>
  user_mentions: Array<{ screen_name: string; name?: string; id?: number; id_str?: string; indices: [number, number] }>
  urls: Array<{ url: string; expanded_url: string; display_url: string; indices: [number, number] }>
}

export interface MediaEntityV1 {
  id: number
  id_str: string
  media_url: string
  media_url_https: string
  url: string
  display_url: string
  expanded_url: string
  type: 'photo' | 'animated_gif' | 'video'
  sizes: Record<string, { w: number; h: number; resize: 'fit' | 'crop' }>
  indices: [number, number]
}

export interface MessageDataV1 {
  text: string
  entities: TwitterEntitiesV1
  quick_reply?: { type: 'options'; options: Array<{ label: string; description?: string; metadata?: string }> }
  quick_reply_response?: { type: 'options'; metadata: string }
  attachment?: { type: 'media'; media: MediaEntityV1 }
  ctas?: Array<{ type: 'web_url'; label: string; url: string; tco_url: string }>
}

export interface DirectMessageCreateV1 {
  type: 'message_create'
  id: string
  created_timestamp: string
  initiated_via?: { welcome_message_id: string }
  message_create: {
    target: { recipient_id: string }
    sender_id: string
    source_app_id?: string
    custom_profile_id?: string
    message_data: MessageDataV1
  }
}

export interface TwitterAppV1 { id: string; name: string; url: string }

/** The v1.1 user object, as Account Activity payloads carry it in `users` (keyed by id). */
export interface TwitterUserV1 {
  id: string
  id_str: string
  created_timestamp: string
  name: string
  screen_name: string
  location: string
  description: string
  url: string | null
  protected: boolean
  verified: boolean
  followers_count: number
  friends_count: number
  statuses_count: number
  profile_image_url_https: string | null
}

/** Where a DM's media is downloaded, Twitter's `ton` path (served by media-upload.ts). */
export function dmMediaPath(origin: string, eventId: string, mediaId: string, fileName: string): string {
  return `${origin}/1.1/ton/data/dm/${eventId}/${mediaId}/${encodeURIComponent(fileName)}`
}

const range = (start: number, end: number): [number, number] => [start, end]

export function presentEntitiesV1(entities: Entities, mentioned: ReadonlyMap<string, AccountRecord> = new Map()): TwitterEntitiesV1 {
  return {
    hashtags: entities.hashtags.map((h) => ({ text: h.tag, indices: range(h.start, h.end) })),
    symbols: [],
    user_mentions: entities.mentions.map((m) => {
      const account = mentioned.get(m.handle.toLowerCase())
      return {
        screen_name: m.handle,
        ...(account ? { name: account.displayName, id: Number(account.id), id_str: account.id } : {}),
        indices: range(m.start, m.end),
      }
    }),
    urls: entities.urls.map((u) => {
      const expanded = /^https?:\/\//i.test(u.url) ? u.url : `http://${u.url}`
      const display = expanded.replace(/^https?:\/\//i, '')
      return { url: u.url, expanded_url: expanded, display_url: display.length > 26 ? `${display.slice(0, 25)}…` : display, indices: range(u.start, u.end) }
    }),
  }
}

const mediaTypes = { image: 'photo', gif: 'animated_gif', video: 'video' } as const

/** Twitter's media types; a plain file has none, so it is not presented as an attachment. */
export function twitterMediaType(media: MediaRecord): 'photo' | 'animated_gif' | 'video' | null {
  return media.kind === 'file' ? null : mediaTypes[media.kind]
}

export function presentMediaV1(origin: string, eventId: string, media: MediaRecord): MediaEntityV1 | null {
  const type = twitterMediaType(media)
  if (!type) return null
  const url = dmMediaPath(origin, eventId, media.id, media.fileName || media.id)
  const w = media.width ?? 0
  const h = media.height ?? 0
  return {
    id: Number(media.id), id_str: media.id, media_url: url, media_url_https: url, url, display_url: url.replace(/^https?:\/\//, ''), expanded_url: url,
    type, sizes: w && h ? { large: { w, h, resize: 'fit' }, medium: { w, h, resize: 'fit' }, small: { w, h, resize: 'fit' }, thumb: { w: Math.min(w, 150), h: Math.min(h, 150), resize: 'crop' } } : {},
    indices: [0, 0],
  }
}

export function presentQuickReplyV1(quickReply: QuickReply): NonNullable<MessageDataV1['quick_reply']> {
  return {
    type: 'options',
    options: quickReply.options.map((o) => ({
      label: o.label, ...(o.description !== undefined ? { description: o.description } : {}), ...(o.metadata !== undefined ? { metadata: o.metadata } : {}),
    })),
  }
}

/** Only web links are Twitter buttons; phone and conversation buttons have no Twitter form. */
export function presentCtasV1(buttons: readonly Button[]): NonNullable<MessageDataV1['ctas']> {
  return buttons.flatMap((b) => (b.type === 'web_url' ? [{ type: 'web_url' as const, label: b.label, url: b.url, tco_url: b.url }] : []))
}

export function presentMessageDataV1(
  content: { text: string; entities: Entities; quickReply: QuickReply | null; buttons: readonly Button[] },
  extra: { mentioned?: ReadonlyMap<string, AccountRecord>; media?: MediaEntityV1 | null; quickReplyResponse?: string | null } = {},
): MessageDataV1 {
  const data: MessageDataV1 = { text: content.text, entities: presentEntitiesV1(content.entities, extra.mentioned) }
  if (content.quickReply) data.quick_reply = presentQuickReplyV1(content.quickReply)
  if (extra.quickReplyResponse != null) data.quick_reply_response = { type: 'options', metadata: extra.quickReplyResponse }
  if (extra.media) data.attachment = { type: 'media', media: extra.media }
  const ctas = presentCtasV1(content.buttons)
  if (ctas.length) data.ctas = ctas
  return data
}

/** The id of the welcome message a written one came from (its client id is `welcome:<id>`). */
export function welcomeMessageIdOf(message: MessageRecord): string | null {
  if (message.automation !== 'welcome' || !message.clientMessageId?.startsWith('welcome:')) return null
  return message.clientMessageId.slice('welcome:'.length)
}

/** Everything a page of messages needs to be presented, loaded once. */
export interface PresentationContext {
  origin: string
  conversations: ReadonlyMap<string, ConversationRecord>
  media: ReadonlyMap<string, MediaRecord>
  /** Mentioned accounts by lower-cased handle. */
  mentioned: ReadonlyMap<string, AccountRecord>
}

/** The other account of a 1:1; for a group (which v1.1 does not know), the conversation id. */
export function recipientOf(conversation: ConversationRecord | undefined, senderId: string): string {
  if (!conversation || conversation.kind !== 'direct' || !conversation.pairKey) return conversation?.id ?? ''
  const [a, b] = conversation.pairKey.split(':')
  return a === senderId ? (b ?? '') : (a ?? '')
}

/** A text message as a v1.1 `message_create` event. */
export function presentDmEventV1(message: MessageRecord, ctx: PresentationContext): DirectMessageCreateV1 {
  const media = message.attachmentMediaId ? ctx.media.get(message.attachmentMediaId) : undefined
  const welcomeId = welcomeMessageIdOf(message)
  const event: DirectMessageCreateV1 = {
    type: 'message_create',
    id: message.id,
    created_timestamp: String(message.createdAtMs),
    message_create: {
      target: { recipient_id: recipientOf(ctx.conversations.get(message.conversationId), message.senderId) },
      sender_id: message.senderId,
      message_data: presentMessageDataV1(message, {
        mentioned: ctx.mentioned,
        media: media ? presentMediaV1(ctx.origin, message.id, media) : null,
        quickReplyResponse: message.quickReplyResponse?.metadata ?? null,
      }),
    },
  }
  if (welcomeId) event.initiated_via = { welcome_message_id: welcomeId }
  // Recorded by the API authentication on what an app sends (MessageRecord.appId).
  const appId = (message as MessageRecord & { appId?: string | null }).appId
  if (appId) event.message_create.source_app_id = appId
  if (message.customProfile) event.message_create.custom_profile_id = message.customProfile.id
  return event
}

/** The `apps` map of v1.1 answers and webhook payloads. */
export function presentAppsV1(apps: Iterable<TwitterAppV1>): Record<string, TwitterAppV1> {
  const map: Record<string, TwitterAppV1> = {}
  for (const app of apps) map[app.id] = app
  return map
}

export function presentUserV1(account: AccountRecord, origin: string): TwitterUserV1 {
  return {
    id: account.id,
    id_str: account.id,
    created_timestamp: String(account.createdAtMs),
    name: account.displayName,
    screen_name: account.kind === 'visitor' ? '' : account.handle,
    location: '',
    description: account.bio,
    url: null,
    protected: false,
    verified: false,
    followers_count: 0,
    friends_count: 0,
    statuses_count: 0,
    profile_image_url_https: account.avatarMediaId ? `${origin}${mediaUrl(account.avatarMediaId)}` : null,
  }
}

export interface WelcomeMessageV1 {
  id: string
  created_timestamp: string
  name?: string
  message_data: MessageDataV1
}

export function presentWelcomeMessageV1(record: WelcomeMessageRecord, media: MediaRecord | undefined, origin: string): WelcomeMessageV1 {
  return {
    id: record.id,
    created_timestamp: String(record.createdAtMs),
    ...(record.name ? { name: record.name } : {}),
    message_data: presentMessageDataV1(record, { media: media ? presentMediaV1(origin, record.id, media) : null }),
  }
}

// ---- v2 ---------------------------------------------------------------------------------------

export type DmEventTypeV2 = 'MessageCreate' | 'ParticipantsJoin' | 'ParticipantsLeave'
export const dmEventTypesV2: readonly DmEventTypeV2[] = ['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave']
export const dmEventFieldsV2 = ['attachments', 'created_at', 'dm_conversation_id', 'entities', 'event_type', 'id', 'participant_ids', 'referenced_tweets', 'sender_id', 'text'] as const
export type DmEventFieldV2 = typeof dmEventFieldsV2[number]
export const userFieldsV2 = ['created_at', 'description', 'entities', 'id', 'location', 'name', 'pinned_tweet_id', 'profile_image_url', 'protected', 'public_metrics', 'url', 'username', 'verified', 'withheld'] as const
export type UserFieldV2 = typeof userFieldsV2[number]
export const mediaFieldsV2 = ['duration_ms', 'height', 'media_key', 'preview_image_url', 'type', 'url', 'width', 'public_metrics', 'alt_text', 'variants'] as const
export type MediaFieldV2 = typeof mediaFieldsV2[number]

export interface DMEventV2 {
  id: string
  event_type: DmEventTypeV2
  text?: string
  sender_id?: string
  dm_conversation_id?: string
  created_at?: string
  participant_ids?: string[]
  attachments?: { media_keys: string[] }
  entities?: Record<string, unknown>
}

/** Twitter's one-to-one conversation id `{smaller}-{larger}`; a group keeps its own id. */
export function dmConversationIdOf(conversation: ConversationRecord): string {
  if (conversation.kind !== 'direct' || !conversation.pairKey) return conversation.id
  const [a = '', b = ''] = conversation.pairKey.split(':')
  return BigInt(a) <= BigInt(b) ? `${a}-${b}` : `${b}-${a}`
}

const mediaKeyPrefix = { photo: '3', animated_gif: '16', video: '7' } as const

/** Twitter's media key: `<type number>_<id>`. */
export function mediaKeyOf(media: MediaRecord): string | null {
  const type = twitterMediaType(media)
  return type ? `${mediaKeyPrefix[type]}_${media.id}` : null
}

/** The v2 type of a message, or null for what v2 has no event for (renames, avatar changes). */
export function eventTypeOf(message: MessageRecord): DmEventTypeV2 | null {
  if (message.kind === 'text') return 'MessageCreate'
  switch (message.system?.action) {
    case 'group.created':
    case 'participants.added': return 'ParticipantsJoin'
    case 'participant.left': return 'ParticipantsLeave'
    default: return null
  }
}

/**
 * A message as a v2 DM event with the fields asked for (`dm_event.fields`) on top of Twitter's
 * defaults (`id, event_type, text` for messages, `id, event_type, participant_ids` for joins and leaves).
 */
export function presentDmEventV2(message: MessageRecord, ctx: PresentationContext, fields: ReadonlySet<DmEventFieldV2>): DMEventV2 | null {
  const type = eventTypeOf(message)
  if (!type) return null
  const event: DMEventV2 = { id: message.id, event_type: type }
  const isMessage = type === 'MessageCreate'
  if (isMessage) event.text = message.text
  if (!isMessage) event.participant_ids = message.system?.accountIds ?? []
  if (fields.has('sender_id')) event.sender_id = message.senderId
  if (fields.has('created_at')) event.created_at = new Date(message.createdAtMs).toISOString()
  const conversation = ctx.conversations.get(message.conversationId)
  if (fields.has('dm_conversation_id') && conversation) event.dm_conversation_id = dmConversationIdOf(conversation)
  const media = message.attachmentMediaId ? ctx.media.get(message.attachmentMediaId) : undefined
  const key = media ? mediaKeyOf(media) : null
  if (fields.has('attachments') && key) event.attachments = { media_keys: [key] }
  if (fields.has('entities') && isMessage) {
    const v1 = presentEntitiesV1(message.entities, ctx.mentioned)
    event.entities = {
      ...(v1.hashtags.length ? { hashtags: v1.hashtags.map((h) => ({ start: h.indices[0], end: h.indices[1], tag: h.text })) } : {}),
      ...(v1.user_mentions.length ? { mentions: v1.user_mentions.map((m) => ({ start: m.indices[0], end: m.indices[1], username: m.screen_name, ...(m.id_str ? { id: m.id_str } : {}) })) } : {}),
      ...(v1.urls.length ? { urls: v1.urls.map((u) => ({ start: u.indices[0], end: u.indices[1], url: u.url, expanded_url: u.expanded_url, display_url: u.display_url })) } : {}),
    }
  }
  return event
}

export interface UserV2 {
  id: string
  name: string
  username: string
  created_at?: string
  description?: string
  profile_image_url?: string
  protected?: boolean
  verified?: boolean
  location?: string
  url?: string
  public_metrics?: { followers_count: number; following_count: number; tweet_count: number; listed_count: number }
}

/** A v2 user object: `id, name, username` plus the `user.fields` asked for. */
export function presentUserV2(account: AccountRecord, origin: string, fields: ReadonlySet<UserFieldV2> = new Set()): UserV2 {
  const user: UserV2 = { id: account.id, name: account.displayName, username: account.kind === 'visitor' ? '' : account.handle }
  if (fields.has('created_at')) user.created_at = new Date(account.createdAtMs).toISOString()
  if (fields.has('description')) user.description = account.bio
  if (fields.has('profile_image_url') && account.avatarMediaId) user.profile_image_url = `${origin}${mediaUrl(account.avatarMediaId)}`
  if (fields.has('protected')) user.protected = false
  if (fields.has('verified')) user.verified = false
  if (fields.has('location')) user.location = ''
  if (fields.has('url')) user.url = ''
  if (fields.has('public_metrics')) user.public_metrics = { followers_count: 0, following_count: 0, tweet_count: 0, listed_count: 0 }
  return user
}

export interface MediaV2 { media_key: string; type: 'photo' | 'animated_gif' | 'video'; url?: string; width?: number; height?: number; preview_image_url?: string }

export function presentMediaV2(media: MediaRecord, eventId: string, origin: string, fields: ReadonlySet<MediaFieldV2>): MediaV2 | null {
  const key = mediaKeyOf(media)
  const type = twitterMediaType(media)
  if (!key || !type) return null
  const out: MediaV2 = { media_key: key, type }
  const url = dmMediaPath(origin, eventId, media.id, media.fileName || media.id)
  if (fields.has('url') && type === 'photo') out.url = url
  if (fields.has('preview_image_url') && type !== 'photo') out.preview_image_url = url
  if (fields.has('width') && media.width !== null) out.width = media.width
  if (fields.has('height') && media.height !== null) out.height = media.height
  return out
}

/** Loads what a page of messages needs: their conversations, media and mentioned accounts. */
export async function loadPresentationContext(deps: CoreDeps, messages: readonly MessageRecord[], origin: string): Promise<PresentationContext> {
  const reads = deps.storage.reads
  const conversationIds = [...new Set(messages.map((m) => m.conversationId))]
  const conversations = new Map<string, ConversationRecord>()
  for (const id of conversationIds) {
    const c = await reads.conversations.byId(id)
    if (c) conversations.set(id, c)
  }
  const mediaIds = messages.flatMap((m) => (m.attachmentMediaId ? [m.attachmentMediaId] : []))
  const media = new Map((mediaIds.length ? await reads.media.byIds(mediaIds) : []).map((m) => [m.id, m]))
  const handles = [...new Set(messages.flatMap((m) => m.entities.mentions.map((x) => x.handle.toLowerCase())))]
  const mentioned = new Map<string, AccountRecord>()
  for (const handle of handles.slice(0, 200)) {
    const account = await reads.accounts.byHandle(handle)
    if (account) mentioned.set(handle, account)
  }
  return { origin, conversations, media, mentioned }
}
