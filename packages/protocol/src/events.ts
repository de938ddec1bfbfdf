import { Type, type Static } from '@sinclair/typebox'
import { ConversationCore, Id, Message, MessageModeration, Nullable, Settings, Timestamp } from './models.ts'
import { SendMessageBody } from './routes.ts'
import { InboxState, Note } from './team-inbox.ts'
import { CustomerFieldValues } from './custom-fields.ts'
import { Discussion, DiscussionPost } from './discussions.ts'
import { CollectionItem } from './collections.ts'

/**
 * The realtime event catalogue: name → payload. Server, client and frame checks share it.
 * Names are `noun.pastVerb`. Events with a cursor are durable (kept in the event log and
 * replayed on resume); `typing.started` is ephemeral and carries none.
 */
export const eventPayloads = {
  'message.created': Type.Object({ message: Message }),
  'message.unsent': Type.Object({ conversationId: Id, messageId: Id, seq: Type.Integer(), unsentAt: Timestamp }),
  'message.hidden': Type.Object({ conversationId: Id, messageId: Id }),
  /** The brand's team hid a customer's message (moderation set) or showed it again (null), or its author asked for a review: to everyone in the conversation. */
  'message.moderated': Type.Object({ conversationId: Id, messageId: Id, moderation: Nullable(MessageModeration) }),
  'conversation.updated': Type.Object({ conversation: ConversationCore }),
  'conversation.removed': Type.Object({ conversationId: Id }),
  'conversation.read': Type.Object({ conversationId: Id, accountId: Id, seq: Type.Integer({ minimum: 0 }) }),
  'typing.started': Type.Object({ conversationId: Id, accountId: Id, expiresInMs: Type.Integer() }),
  'settings.updated': Type.Object({ accountId: Id, settings: Settings }),
  /** The team's state of a conversation changed (status, assignee, waiting): to the brand's team only. */
  'inbox.updated': Type.Object({ state: InboxState }),
  /** A member's own read position in a brand conversation: to that member's sessions only. */
  'inbox.read': Type.Object({ brandId: Id, conversationId: Id, memberId: Id, lastReadSeq: Type.Integer({ minimum: 0 }), markedUnread: Type.Boolean() }),
  /** A private note or a change in the team's timeline of a conversation: to the brand's team only. */
  'note.created': Type.Object({ note: Note }),
  /** A member of the team changed a customer's custom fields (all of them as they now are): to the brand's team only. */
  'customerFields.updated': Type.Object({ brandId: Id, customerId: Id, fields: CustomerFieldValues, updatedBy: Id }),
  /** Someone added an item to a collection they do not curate: to the curator (a brand's team), waiting or published. */
  'contribution.submitted': Type.Object({ collectionId: Id, itemId: Id, authorId: Id, status: Type.Union([Type.Literal('pending'), Type.Literal('published')]) }),
  /** The curator approved or declined a waiting contribution: to its author. */
  'contribution.decided': Type.Object({ collectionId: Id, itemId: Id, decision: Type.Union([Type.Literal('approved'), Type.Literal('declined')]) }),
  /** The curator hid an item or showed it again, or its author asked for a review: to its author and the curator (a brand's team), the item as they read it (whole, with reviewRequestedAt). */
  'collectionItem.updated': Type.Object({ item: CollectionItem }),
  /** A member of the team has the conversation open (ephemeral, renewed while they stay): to the brand's team only. */
  'inbox.viewing': Type.Object({ brandId: Id, conversationId: Id, memberId: Id, expiresInMs: Type.Integer() }),
  /** A member of the team is typing as the brand (ephemeral): to the brand's team only, who see who it is. */
  'inbox.typing': Type.Object({ brandId: Id, conversationId: Id, memberId: Id, expiresInMs: Type.Integer() }),
  /**
   * Public discussions, live only (no cursor, not replayed: a client reads the discussion again when
   * its stream is back): to those taking part, and to streams that watch the discussion (`watchDiscussion`).
   */
  'discussion.updated': Type.Object({ discussion: Discussion }),
  'discussionPost.created': Type.Object({ post: DiscussionPost }),
  /** A post was hidden or shown again, or its author asked for a review: each reader gets it as they may read it (the text only to its author and the moderators). */
  'discussionPost.updated': Type.Object({ post: DiscussionPost }),
} as const

export type EventName = keyof typeof eventPayloads
export type EventPayload<N extends EventName> = Static<(typeof eventPayloads)[N]>
export const ephemeralEvents: ReadonlySet<EventName> = new Set(['typing.started', 'inbox.viewing', 'inbox.typing', 'discussion.updated', 'discussionPost.created', 'discussionPost.updated'])

/** An event as it travels: `cursor` is the position in the event log, absent for ephemeral ones. */
export type StreamEvent = { [N in EventName]: { name: N; cursor?: number; data: EventPayload<N> } }[EventName]

/** Frames the server sends on the stream besides events. */
export type ServerFrame =
  | StreamEvent
  | { name: 'stream.ready'; cursor: number; heartbeatMs: number }
  | { name: 'stream.resync'; cursor: number; reason: 'cursor_too_old' | 'gap_too_large' }
  | { name: 'reply'; id: string; ok: true; data?: unknown }
  | { name: 'reply'; id: string; ok: false; error: { code: string; message: string; details?: Record<string, unknown> } }
  | { name: 'heartbeat'; at: string }

const FrameId = Type.String({ maxLength: 64 })

/**
 * `send`: the REST send's body (`SendMessageBody`, the same schema, so the same limits) plus the
 * conversation, and `actAs` where REST takes the `parloir-act-as` header. Its `id` is required:
 * the reply carries the message.
 */
export const SendFrame = Type.Object({
  op: Type.Literal('send'),
  id: Type.String({ minLength: 1, maxLength: 64 }),
  conversationId: Id,
  actAs: Type.Optional(Type.String({
    pattern: Id.pattern, maxLength: Id.maxLength,
    description: 'Send as this brand (as the parloir-act-as header does over REST); without it, as the stream\'s other ops act',
  })),
  ...SendMessageBody.properties,
}, { additionalProperties: false })
export type SendFrame = Static<typeof SendFrame>

/** Frames a client sends. `id` is echoed in the reply. */
export const ClientFrame = Type.Union([
  Type.Object({ op: Type.Literal('typing'), id: Type.Optional(FrameId), conversationId: Id }, { additionalProperties: false }),
  Type.Object({ op: Type.Literal('read'), id: Type.Optional(FrameId), conversationId: Id, seq: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
  Type.Object({ op: Type.Literal('ping'), id: Type.Optional(FrameId) }, { additionalProperties: false }),
  // Live updates of a public discussion one reads without taking part (those taking part get them anyway).
  Type.Object({ op: Type.Literal('watchDiscussion'), id: Type.Optional(FrameId), discussionId: Id }, { additionalProperties: false }),
  Type.Object({ op: Type.Literal('unwatchDiscussion'), id: Type.Optional(FrameId), discussionId: Id }, { additionalProperties: false }),
  SendFrame,
])
export type ClientFrame = Static<typeof ClientFrame>

/** The `data` of an ok reply, by op; ops not listed answer without data. */
export interface ClientFrameReplyData {
  /** `created` is false when the clientMessageId found the original (REST answers 200 then, not 201). */
  send: { message: Message; created: boolean }
}
