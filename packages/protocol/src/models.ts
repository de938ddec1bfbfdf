import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { defaultLimits as L } from './limits.ts'

/** Ids are 64-bit, time-ordered, random-suffixed decimal strings, as Twitter clients expect. */
export const Id = Type.String({ pattern: '^[0-9]{1,20}$', maxLength: 20, description: '64-bit id as a decimal string' })
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 time in UTC' })
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const Handle = Type.String({
  minLength: 1, maxLength: L.handleChars, pattern: '^[A-Za-z0-9_]+$',
  description: 'Letters, digits and underscore; unique without regard to case',
})
export const AccountKind = Type.Union([Type.Literal('person'), Type.Literal('brand'), Type.Literal('visitor')], {
  description: 'A visitor has no password: the server issued its token when it first wrote to a brand',
})
/** The source a link or button names (`ref`): a conversation opened from it is attributed to it. */
export const Ref = Type.String({ minLength: 1, maxLength: L.refChars, pattern: '^[A-Za-z0-9._:~-]+$' })
export const Email = Type.String({ maxLength: L.emailChars, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' })
export const BrandRole = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('agent'), Type.Literal('viewer')])
export type BrandRole = Static<typeof BrandRole>

export const Account = Type.Object({
  id: Id,
  kind: AccountKind,
  handle: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  avatarUrl: Nullable(Type.String()),
  createdAt: Timestamp,
})
export type Account = Static<typeof Account>

export const Settings = Type.Object({
  receiveMessagesFromAnyone: Type.Boolean(),
  sendReadReceipts: Type.Boolean(),
  discoverable: Type.Boolean({
    description: 'Others find this account by the words of its name and the start of its handle in people search. ' +
      'Off by default for people (an exact, complete handle still finds them); always on for brands, which have public profiles',
  }),
})
export type Settings = Static<typeof Settings>

export const BrandMembership = Type.Object({ brand: Account, role: BrandRole })
export type BrandMembership = Static<typeof BrandMembership>

export const Me = Type.Object({
  account: Account, settings: Settings, brands: Type.Array(BrandMembership),
  email: Nullable(Type.String({ description: 'Where a visitor is told of answers; null for people' })),
})
export type Me = Static<typeof Me>

export const Session = Type.Object({
  id: Id,
  token: Type.String({ description: 'Bearer token; shown once' }),
  csrfToken: Type.String({ description: 'Send as x-csrf-token with cookie-authenticated changes' }),
  expiresAt: Timestamp,
})
export type Session = Static<typeof Session>

export const SessionInfo = Type.Object({
  id: Id, createdAt: Timestamp, lastSeenAt: Timestamp, expiresAt: Timestamp, current: Type.Boolean(), userAgent: Type.String(),
})
export type SessionInfo = Static<typeof SessionInfo>

export const TextRange = { start: Type.Integer({ minimum: 0 }), end: Type.Integer({ minimum: 0 }) }
export const Entities = Type.Object({
  urls: Type.Array(Type.Object({ url: Type.String(), ...TextRange })),
  mentions: Type.Array(Type.Object({ handle: Type.String(), ...TextRange })),
  hashtags: Type.Array(Type.Object({ tag: Type.String(), ...TextRange })),
}, { description: 'Ranges count Unicode code points, end exclusive' })
export type Entities = Static<typeof Entities>

export const QuickReplyOption = Type.Object({
  label: Type.String({ minLength: 1, maxLength: L.quickReplyLabelChars }),
  description: Type.Optional(Type.String({ maxLength: L.quickReplyDescriptionChars })),
  metadata: Type.Optional(Type.String({ maxLength: L.quickReplyMetadataChars })),
}, { additionalProperties: false })
export type QuickReplyOption = Static<typeof QuickReplyOption>

export const QuickReply = Type.Object({
  type: Type.Literal('options'),
  options: Type.Array(QuickReplyOption, { minItems: 1, maxItems: L.quickReplyOptions }),
}, { additionalProperties: false })
export type QuickReply = Static<typeof QuickReply>

export const QuickReplyResponse = Type.Object({
  type: Type.Literal('options'),
  messageId: Id,
  metadata: Type.String({ maxLength: L.quickReplyMetadataChars }),
}, { additionalProperties: false, description: 'The option chosen in answer to a quick reply' })
export type QuickReplyResponse = Static<typeof QuickReplyResponse>

const ButtonLabel = Type.String({ minLength: 1, maxLength: L.buttonLabelChars })
export const Button = Type.Union([
  Type.Object({ type: Type.Literal('web_url'), label: ButtonLabel, url: Type.String({ minLength: 1, maxLength: L.urlChars }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('phone_number'), label: ButtonLabel, phoneNumber: Type.String({ pattern: '^\\+?[0-9][0-9 ().-]{2,30}$' }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('conversation'), label: ButtonLabel, accountId: Id }, { additionalProperties: false }),
])
export type Button = Static<typeof Button>

export const MediaKind = Type.Union([Type.Literal('image'), Type.Literal('gif'), Type.Literal('video'), Type.Literal('file')])
export type MediaKind = Static<typeof MediaKind>
export const Media = Type.Object({
  id: Id,
  kind: MediaKind,
  mimeType: Type.String(),
  sizeBytes: Type.Integer(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  fileName: Type.String(),
  url: Type.String(),
  thumbnailUrl: Nullable(Type.String()),
  createdAt: Timestamp,
})
export type Media = Static<typeof Media>

export const SystemAction = Type.Object({
  action: Type.Union([
    Type.Literal('group.created'), Type.Literal('participants.added'), Type.Literal('participant.left'),
    Type.Literal('group.renamed'), Type.Literal('group.avatar_changed'),
    // Moderation: the brand blocked or unblocked the person; the message's text is the reason they are told.
    Type.Literal('account.blocked'), Type.Literal('account.unblocked'),
    // A brand removed the person from one of its public discussions, or added them again: `name` is its title, the text the reason.
    Type.Literal('discussion.removed'), Type.Literal('discussion.readded'),
  ]),
  actorId: Id,
  accountIds: Type.Array(Id),
  name: Type.Optional(Type.String()),
})
export type SystemAction = Static<typeof SystemAction>

/** How a message hidden by a brand's team reads (moderation.ts): its author and the team see the text with this; anyone else sees it empty. */
export const MessageModeration = Type.Object({
  hiddenBy: Id,
  reason: Type.String(),
  hiddenAt: Timestamp,
  reviewRequestedAt: Nullable(Timestamp),
}, { description: "Set while the brand's team hides the message, with the reason everyone in the conversation is shown" })
export type MessageModeration = Static<typeof MessageModeration>

export const Message = Type.Object({
  id: Id,
  conversationId: Id,
  seq: Type.Integer({ minimum: 1, description: 'Gapless position in the conversation' }),
  senderId: Id,
  kind: Type.Union([Type.Literal('text'), Type.Literal('system')]),
  text: Type.String(),
  entities: Entities,
  quickReply: Nullable(QuickReply),
  quickReplyResponse: Nullable(QuickReplyResponse),
  buttons: Type.Array(Button),
  attachment: Nullable(Media),
  system: Nullable(SystemAction),
  customProfile: Nullable(Type.Object({ id: Id, name: Type.String(), avatarUrl: Nullable(Type.String()) }, {
    description: 'The name and avatar a brand message is shown under, instead of the brand\'s',
  })),
  automation: Nullable(Type.Union([Type.Literal('welcome'), Type.Literal('away'), Type.Literal('keyword'), Type.Literal('survey')], {
    description: 'Written by the brand\'s automation, not by a person',
  })),
  clientMessageId: Nullable(Type.String()),
  createdAt: Timestamp,
  unsentAt: Nullable(Timestamp),
  author: Type.Optional(Type.String({
    pattern: '^[0-9]{1,20}$', maxLength: 20,
    description: 'The member of the brand\'s team who wrote a brand message. Only in what the brand\'s own team reads; a customer sees the brand (or the custom profile)',
  })),
  moderation: Type.Optional(MessageModeration),
})
export type Message = Static<typeof Message>

export const ParticipantStatus = Type.Union([Type.Literal('accepted'), Type.Literal('request')])
export type ParticipantStatus = Static<typeof ParticipantStatus>
export const Participant = Type.Object({ account: Account, status: ParticipantStatus, joinedAt: Timestamp })
export type Participant = Static<typeof Participant>

/** What every participant sees alike; events carry this part. */
export const ConversationCore = Type.Object({
  id: Id,
  kind: Type.Union([Type.Literal('direct'), Type.Literal('group')]),
  name: Nullable(Type.String()),
  avatarUrl: Nullable(Type.String()),
  participants: Type.Array(Participant),
  source: Nullable(Type.String({ description: 'The ref of the link or button the conversation was opened from' })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type ConversationCore = Static<typeof ConversationCore>

export const ReadMark = Type.Object({ accountId: Id, seq: Type.Integer({ minimum: 0 }) })
export type ReadMark = Static<typeof ReadMark>

export const Conversation = Type.Object({
  ...ConversationCore.properties,
  lastSeq: Type.Integer({ minimum: 0 }),
  lastMessage: Nullable(Message),
  viewer: Type.Object({
    accountId: Id,
    status: ParticipantStatus,
    lastReadSeq: Type.Integer({ minimum: 0 }),
    unreadCount: Type.Integer({ minimum: 0 }),
  }, { description: "The state of the account that asked: its box, what it read, what it has not" }),
  readMarks: Type.Array(ReadMark, {
    description: "How far the other participants have read, for \"Seen\": only those who share read receipts, and none when the account that asked does not",
  }),
})
export type Conversation = Static<typeof Conversation>
