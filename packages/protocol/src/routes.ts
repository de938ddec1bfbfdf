import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { defaultLimits as L } from './limits.ts'
import {
  Account, Button, BrandMembership, BrandRole, Conversation, Email, Handle, Id, Me, Media, Message, QuickReply,
  QuickReplyResponse, Ref, Session, SessionInfo, Settings, Nullable, Timestamp,
} from './models.ts'
import {
  BrandCard, BrandMessaging, CustomProfile, KeywordRule, KeywordRuleInput, Origin, WelcomeMessage, WelcomeMessageInput,
} from './brand-messaging.ts'
import { SavedReply, SavedReplyInput, SavedReplyPatch } from './saved-replies.ts'
import { appRoutes } from './apps.ts'
import { webhookRoutes } from './webhooks.ts'
import { teamInboxRoutes } from './team-inbox.ts'
import { moderationRoutes } from './moderation.ts'
import { customFieldRoutes } from './custom-fields.ts'
import { labelRoutes } from './labels.ts'
import { pushRoutes } from './push.ts'
import { personNotificationRoutes } from './people-notifications.ts'
import { toneCheckRoutes } from './tone-check.ts'
import { collectionRoutes } from './collections.ts'
import { discussionRoutes } from './discussions.ts'
import type { RouteDef } from './route-def.ts'

const def = <const R extends RouteDef>(route: R): R => route

const ConversationParams = Type.Object({ conversationId: Id })
const MessageParams = Type.Object({ conversationId: Id, messageId: Id })
const AccountParams = Type.Object({ accountId: Id })
const BrandParams = Type.Object({ brandId: Id })
const WelcomeMessageParams = Type.Object({ brandId: Id, welcomeMessageId: Id })
const KeywordRuleParams = Type.Object({ brandId: Id, ruleId: Id })
const SavedReplyParams = Type.Object({ brandId: Id, replyId: Id })
const Password = Type.String({ minLength: L.passwordMinChars, maxLength: L.passwordBytes, description: `At most ${L.passwordBytes} bytes in UTF-8` })
const DisplayName = Type.String({ minLength: 1, maxLength: L.displayNameChars })
const strict = { additionalProperties: false } as const
const idPattern = { pattern: Id.pattern, maxLength: Id.maxLength } as const

export const SendMessageBody = Type.Object({
  text: Type.Optional(Type.String({ maxLength: L.messageTextChars })),
  clientMessageId: Type.Optional(Type.String({ minLength: 1, maxLength: L.clientMessageIdChars, pattern: '^[A-Za-z0-9._:-]+$' })),
  quickReply: Type.Optional(QuickReply),
  quickReplyResponse: Type.Optional(QuickReplyResponse),
  buttons: Type.Optional(Type.Array(Button, { minItems: L.buttonsMin, maxItems: L.buttonsMax })),
  attachmentMediaId: Type.Optional(Id),
  welcomeMessageId: Type.Optional(Type.String({
    ...idPattern,
    description: 'The welcome message the person saw: written before this message when the brand has not written yet. ' +
      'A quickReplyResponse whose messageId is this id answers that welcome message.',
  })),
  customProfileId: Type.Optional(Type.String({ ...idPattern, description: 'Brand senders only: the custom profile to answer under' })),
  seenSeq: Type.Optional(Type.Integer({
    minimum: 0,
    description: 'Brand senders only: the last seq the writer saw. When another member of the team answered after it, the send is refused ' +
      'with ANSWERED_MEANWHILE, so two agents do not answer at once; send again without it to send anyway',
  })),
}, strict)
export type SendMessageBody = Static<typeof SendMessageBody>

/** A brand's identity verification, as the console shows it: whether a secret exists, since when. */
export const IdentityVerification = Type.Object({ enabled: Type.Boolean(), createdAt: Nullable(Timestamp) })
export type IdentityVerification = Static<typeof IdentityVerification>

export const routes = {
  ...appRoutes,
  ...toneCheckRoutes,
  ...webhookRoutes,
  ...teamInboxRoutes,
  ...moderationRoutes,
  ...customFieldRoutes,
  ...labelRoutes,
  ...pushRoutes,
  ...personNotificationRoutes,
  ...collectionRoutes,
  ...discussionRoutes,
  signup: def({
    method: 'POST', url: '/api/v1/auth/signup', summary: 'Create a person account and log in', tags: ['auth'], auth: false, status: 201,
    body: Type.Object({ handle: Handle, displayName: DisplayName, password: Password }, strict),
    reply: Type.Object({ me: Me, session: Session }),
  }),
  login: def({
    method: 'POST', url: '/api/v1/auth/login', summary: 'Log in with handle and password', tags: ['auth'], auth: false,
    body: Type.Object({ handle: Type.String({ minLength: 1, maxLength: L.handleChars }), password: Type.String({ minLength: 1, maxLength: L.passwordBytes }) }, strict),
    reply: Type.Object({ me: Me, session: Session }),
  }),
  logout: def({
    method: 'POST', url: '/api/v1/auth/logout', summary: 'End this session and close its streams', tags: ['auth'], auth: true, status: 204, reply: null,
  }),
  getSession: def({
    method: 'GET', url: '/api/v1/auth/session', summary: 'The session of this request, with its CSRF token (for cookie sessions after a reload)', tags: ['auth'], auth: true,
    reply: Type.Object({ me: Me, session: Type.Object({ id: Id, csrfToken: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }) }),
  }),
  listSessions: def({
    method: 'GET', url: '/api/v1/auth/sessions', summary: 'List my open sessions', tags: ['auth'], auth: true,
    reply: Type.Object({ sessions: Type.Array(SessionInfo) }),
  }),
  revokeSession: def({
    method: 'DELETE', url: '/api/v1/auth/sessions/:sessionId', summary: 'Revoke a session; its streams close at once', tags: ['auth'], auth: true, status: 204,
    params: Type.Object({ sessionId: Id }), reply: null,
  }),
  getMe: def({ method: 'GET', url: '/api/v1/me', summary: 'My account, settings and brands', tags: ['accounts'], auth: true, reply: Me }),
  updateProfile: def({
    method: 'PATCH', url: '/api/v1/me', summary: 'Change my profile', tags: ['accounts'], auth: true,
    body: Type.Object({
      displayName: Type.Optional(DisplayName),
      bio: Type.Optional(Type.String({ maxLength: L.bioChars })),
      avatarMediaId: Type.Optional(Type.Union([Id, Type.Null()])),
    }, strict),
    reply: Me,
  }),
  updateSettings: def({
    method: 'PATCH', url: '/api/v1/me/settings', summary: 'Change my privacy settings', tags: ['accounts'], auth: true,
    body: Type.Partial(Settings, strict), reply: Settings,
  }),
  getAccount: def({
    method: 'GET', url: '/api/v1/accounts/:accountId', summary: 'A public profile by id', tags: ['accounts'], auth: false,
    params: AccountParams, reply: Account,
  }),
  getAccountByHandle: def({
    method: 'GET', url: '/api/v1/accounts/by-handle/:handle', summary: 'A public profile by handle', tags: ['accounts'], auth: false,
    params: Type.Object({ handle: Handle }), reply: Account,
  }),
  searchPeople: def({
    method: 'GET', url: '/api/v1/people/search', tags: ['accounts'], auth: true,
    summary: 'Find people and brands to write to: each word of q begins a word of the name or the handle, without regard to case or accents. ' +
      'Brands and discoverable people only, plus the account whose handle is exactly q; never the searcher, nor an account either side blocks',
    querystring: Type.Object({
      q: Type.String({ minLength: 1, maxLength: L.peopleSearchChars }),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: L.peopleSearchResults, default: L.peopleSearchResults })),
    }, strict),
    reply: Type.Object({ accounts: Type.Array(Account) }),
  }),
  block: def({
    method: 'POST', url: '/api/v1/accounts/:accountId/block', summary: 'Block an account: it can no longer message me', tags: ['safety'], auth: true, status: 204,
    params: AccountParams, reply: null,
  }),
  unblock: def({
    method: 'DELETE', url: '/api/v1/accounts/:accountId/block', summary: 'Unblock an account', tags: ['safety'], auth: true, status: 204,
    params: AccountParams, reply: null,
  }),
  listBlocks: def({
    method: 'GET', url: '/api/v1/blocks', summary: 'Accounts I block', tags: ['safety'], auth: true,
    reply: Type.Object({ accounts: Type.Array(Account) }),
  }),
  report: def({
    method: 'POST', url: '/api/v1/accounts/:accountId/report', summary: 'Report an account, optionally blocking it', tags: ['safety'], auth: true, status: 204,
    params: AccountParams,
    body: Type.Object({
      reason: Type.String({ minLength: 1, maxLength: L.reportReasonChars }),
      conversationId: Type.Optional(Id), messageId: Type.Optional(Id), block: Type.Optional(Type.Boolean()),
    }, strict),
    reply: null,
  }),
  createBrand: def({
    method: 'POST', url: '/api/v1/brands', summary: 'Create a brand; I become its owner', tags: ['brands'], auth: true, status: 201,
    body: Type.Object({ handle: Handle, displayName: DisplayName, bio: Type.Optional(Type.String({ maxLength: L.bioChars })) }, strict),
    reply: BrandMembership,
  }),
  listBrandMembers: def({
    method: 'GET', url: '/api/v1/brands/:brandId/members', summary: "The brand's team", tags: ['brands'], auth: true,
    params: BrandParams, reply: Type.Object({ members: Type.Array(Type.Object({ account: Account, role: BrandRole })) }),
  }),
  setBrandMember: def({
    method: 'PUT', url: '/api/v1/brands/:brandId/members/:accountId', summary: 'Add a team member or change its role', tags: ['brands'], auth: true,
    params: Type.Object({ brandId: Id, accountId: Id }), body: Type.Object({ role: BrandRole }, strict),
    reply: Type.Object({ account: Account, role: BrandRole }),
  }),
  removeBrandMember: def({
    method: 'DELETE', url: '/api/v1/brands/:brandId/members/:accountId', summary: 'Remove a team member', tags: ['brands'], auth: true, status: 204,
    params: Type.Object({ brandId: Id, accountId: Id }), reply: null,
  }),
  updateBrandProfile: def({
    method: 'PATCH', url: '/api/v1/brands/:brandId', summary: "Change the brand's public profile", tags: ['brands'], auth: true,
    params: BrandParams,
    body: Type.Object({
      displayName: Type.Optional(DisplayName),
      bio: Type.Optional(Type.String({ maxLength: L.bioChars })),
      avatarMediaId: Type.Optional(Type.Union([Id, Type.Null()])),
    }, strict),
    reply: Account,
  }),
  getBrandCard: def({
    method: 'GET', url: '/api/v1/brands/:brandId/card', summary: "A brand's public profile, support status and welcome message", tags: ['brand messaging'], auth: false,
    params: BrandParams,
    querystring: Type.Object({ welcomeMessageId: Type.Optional(Id) }, strict),
    reply: BrandCard,
  }),
  getBrandMessaging: def({
    method: 'GET', url: '/api/v1/brands/:brandId/messaging', summary: 'Support calendar, answer time, away message and embedding sites', tags: ['brand messaging'], auth: true,
    params: BrandParams, reply: BrandMessaging,
  }),
  updateBrandMessaging: def({
    method: 'PATCH', url: '/api/v1/brands/:brandId/messaging', summary: 'Change support calendar, answer time, away message or embedding sites', tags: ['brand messaging'], auth: true,
    params: BrandParams, body: Type.Partial(BrandMessaging, strict), reply: BrandMessaging,
  }),
  listWelcomeMessages: def({
    method: 'GET', url: '/api/v1/brands/:brandId/welcome-messages', summary: "The brand's welcome messages", tags: ['brand messaging'], auth: true,
    params: BrandParams, reply: Type.Object({ welcomeMessages: Type.Array(WelcomeMessage) }),
  }),
  createWelcomeMessage: def({
    method: 'POST', url: '/api/v1/brands/:brandId/welcome-messages', summary: 'Create a welcome message', tags: ['brand messaging'], auth: true, status: 201,
    params: BrandParams, body: WelcomeMessageInput, reply: WelcomeMessage,
  }),
  updateWelcomeMessage: def({
    method: 'PATCH', url: '/api/v1/brands/:brandId/welcome-messages/:welcomeMessageId', summary: 'Change a welcome message', tags: ['brand messaging'], auth: true,
    params: WelcomeMessageParams, body: Type.Partial(WelcomeMessageInput, strict), reply: WelcomeMessage,
  }),
  deleteWelcomeMessage: def({
    method: 'DELETE', url: '/api/v1/brands/:brandId/welcome-messages/:welcomeMessageId', summary: 'Delete a welcome message', tags: ['brand messaging'], auth: true, status: 204,
    params: WelcomeMessageParams, reply: null,
  }),
  listKeywordRules: def({
    method: 'GET', url: '/api/v1/brands/:brandId/keyword-rules', summary: 'Automatic replies to keywords', tags: ['brand messaging'], auth: true,
    params: BrandParams, reply: Type.Object({ rules: Type.Array(KeywordRule) }),
  }),
  createKeywordRule: def({
    method: 'POST', url: '/api/v1/brands/:brandId/keyword-rules', summary: 'Create a keyword rule', tags: ['brand messaging'], auth: true, status: 201,
    params: BrandParams, body: KeywordRuleInput, reply: KeywordRule,
  }),
  updateKeywordRule: def({
    method: 'PATCH', url: '/api/v1/brands/:brandId/keyword-rules/:ruleId', summary: 'Change a keyword rule', tags: ['brand messaging'], auth: true,
    params: KeywordRuleParams, body: Type.Partial(KeywordRuleInput, strict), reply: KeywordRule,
  }),
  deleteKeywordRule: def({
    method: 'DELETE', url: '/api/v1/brands/:brandId/keyword-rules/:ruleId', summary: 'Delete a keyword rule', tags: ['brand messaging'], auth: true, status: 204,
    params: KeywordRuleParams, reply: null,
  }),
  listCustomProfiles: def({
    method: 'GET', url: '/api/v1/brands/:brandId/custom-profiles', summary: 'Names and avatars the team can answer under', tags: ['brand messaging'], auth: true,
    params: BrandParams, reply: Type.Object({ customProfiles: Type.Array(CustomProfile) }),
  }),
  createCustomProfile: def({
    method: 'POST', url: '/api/v1/brands/:brandId/custom-profiles', summary: 'Create a custom profile', tags: ['brand messaging'], auth: true, status: 201,
    params: BrandParams,
    body: Type.Object({ name: Type.String({ minLength: 1, maxLength: L.customProfileNameChars }), avatarMediaId: Type.Optional(Type.Union([Id, Type.Null()])) }, strict),
    reply: CustomProfile,
  }),
  deleteCustomProfile: def({
    method: 'DELETE', url: '/api/v1/brands/:brandId/custom-profiles/:profileId', summary: 'Delete a custom profile (messages keep its name)', tags: ['brand messaging'], auth: true, status: 204,
    params: Type.Object({ brandId: Id, profileId: Id }), reply: null,
  }),
  listSavedReplies: def({
    method: 'GET', url: '/api/v1/brands/:brandId/saved-replies', summary: "The team's saved replies and my own, by shortcut", tags: ['saved replies'], auth: true,
    params: BrandParams,
    querystring: Type.Object({
      q: Type.Optional(Type.String({ maxLength: L.savedReplyTitleChars, description: 'Only those whose shortcut or title starts with it, ignoring case and accents' })),
    }, strict),
    reply: Type.Object({ savedReplies: Type.Array(SavedReply) }),
  }),
  createSavedReply: def({
    method: 'POST', url: '/api/v1/brands/:brandId/saved-replies', summary: 'Save a reply for the team, or for myself', tags: ['saved replies'], auth: true, status: 201,
    params: BrandParams, body: SavedReplyInput, reply: SavedReply,
  }),
  updateSavedReply: def({
    method: 'PATCH', url: '/api/v1/brands/:brandId/saved-replies/:replyId', summary: 'Change a saved reply', tags: ['saved replies'], auth: true,
    params: SavedReplyParams, body: SavedReplyPatch, reply: SavedReply,
  }),
  deleteSavedReply: def({
    method: 'DELETE', url: '/api/v1/brands/:brandId/saved-replies/:replyId', summary: 'Delete a saved reply', tags: ['saved replies'], auth: true, status: 204,
    params: SavedReplyParams, reply: null,
  }),
  startVisitorConversation: def({
    method: 'POST', url: '/api/v1/visitors', summary: 'A visitor without an account writes to a brand: issues its token, opens the conversation, sends the message', tags: ['visitors'], auth: false, status: 201,
    body: Type.Object({
      brandId: Id,
      text: Type.Optional(Type.String({ maxLength: L.messageTextChars })),
      welcomeMessageId: Type.Optional(Id),
      quickReplyResponse: Type.Optional(QuickReplyResponse),
      clientMessageId: Type.Optional(Type.String({ minLength: 1, maxLength: L.clientMessageIdChars, pattern: '^[A-Za-z0-9._:-]+$' })),
      displayName: Type.Optional(DisplayName),
      email: Type.Optional(Email),
      ref: Type.Optional(Ref),
      site: Type.Optional(Origin),
    }, strict),
    reply: Type.Object({ me: Me, session: Session, conversation: Conversation, message: Message }),
  }),
  updateVisitor: def({
    method: 'PATCH', url: '/api/v1/visitor', summary: 'A visitor gives a name or an email address to be told of answers', tags: ['visitors'], auth: true,
    body: Type.Object({ displayName: Type.Optional(DisplayName), email: Type.Optional(Type.Union([Email, Type.Null()])) }, strict),
    reply: Me,
  }),
  identifyVisitor: def({
    method: 'POST', url: '/api/v1/visitors/identify', tags: ['visitors'], auth: false,
    summary: 'The widget passes the brand\'s signature of its logged-in customer: that customer\'s visitor session, or this visitor linked to them',
    body: Type.Object({
      brandId: Id,
      userId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$', description: 'The customer\'s id on the brand\'s site (printable ASCII, no spaces)' }),
      timestamp: Type.Integer({ minimum: 0, description: 'Unix time in seconds when the brand signed' }),
      signature: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'hex HMAC-SHA256 of `${userId}:${timestamp}` under the brand\'s identity secret' }),
    }, strict),
    reply: Type.Union([
      Type.Object({ status: Type.Literal('signed-in'), me: Me, session: Session, conversationId: Id }, { description: 'Another visitor than the caller is this customer: its session' }),
      Type.Object({ status: Type.Union([Type.Literal('current'), Type.Literal('linked'), Type.Literal('unknown')]) }, {
        description: 'current: the caller is this customer; linked: the caller (a visitor of the brand) now is; unknown: no visitor is this customer yet (write first, then identify again)',
      }),
    ]),
  }),
  getIdentityVerification: def({
    method: 'GET', url: '/api/v1/brands/:brandId/identity-verification', summary: 'Whether the brand has an identity-verification secret (never the secret)', tags: ['visitors'], auth: true,
    params: BrandParams, reply: IdentityVerification,
  }),
  regenerateIdentitySecret: def({
    method: 'POST', url: '/api/v1/brands/:brandId/identity-verification/secret', summary: 'Make a new identity-verification secret, shown this once; the old one stops working', tags: ['visitors'], auth: true,
    params: BrandParams, reply: Type.Object({ secret: Type.String(), verification: IdentityVerification }),
  }),
  listConversations: def({
    method: 'GET', url: '/api/v1/conversations', summary: 'My conversations, newest activity first', tags: ['conversations'], auth: true,
    querystring: Type.Object({
      box: Type.Optional(Type.Union([Type.Literal('inbox'), Type.Literal('requests')], { default: 'inbox' })),
      before: Type.Optional(Type.String({ maxLength: 64, description: 'nextCursor of the previous page' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: L.pageSizeMax, default: L.pageSize })),
    }, strict),
    reply: Type.Object({ conversations: Type.Array(Conversation), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
  }),
  openDirect: def({
    method: 'POST', url: '/api/v1/conversations/direct', summary: 'Open the one 1:1 conversation with an account', tags: ['conversations'], auth: true,
    body: Type.Object({ accountId: Id, ref: Type.Optional(Ref) }, strict), reply: Conversation,
  }),
  createGroup: def({
    method: 'POST', url: '/api/v1/conversations/group', summary: 'Create a group conversation', tags: ['conversations'], auth: true, status: 201,
    body: Type.Object({
      name: Type.Optional(Type.String({ minLength: 1, maxLength: L.groupNameChars })),
      accountIds: Type.Array(Id, { minItems: 1, maxItems: L.groupParticipants - 1, uniqueItems: true }),
    }, strict),
    reply: Conversation,
  }),
  getConversation: def({
    method: 'GET', url: '/api/v1/conversations/:conversationId', summary: 'One conversation', tags: ['conversations'], auth: true,
    params: ConversationParams, reply: Conversation,
  }),
  updateGroup: def({
    method: 'PATCH', url: '/api/v1/conversations/:conversationId', summary: 'Rename a group or change its avatar', tags: ['conversations'], auth: true,
    params: ConversationParams,
    body: Type.Object({
      name: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: L.groupNameChars }), Type.Null()])),
      avatarMediaId: Type.Optional(Type.Union([Id, Type.Null()])),
    }, strict),
    reply: Conversation,
  }),
  addParticipants: def({
    method: 'POST', url: '/api/v1/conversations/:conversationId/participants', summary: 'Add people to a group', tags: ['conversations'], auth: true,
    params: ConversationParams,
    body: Type.Object({ accountIds: Type.Array(Id, { minItems: 1, maxItems: L.groupParticipants - 1, uniqueItems: true }) }, strict),
    reply: Conversation,
  }),
  leave: def({
    method: 'POST', url: '/api/v1/conversations/:conversationId/leave', summary: 'Leave a group', tags: ['conversations'], auth: true, status: 204,
    params: ConversationParams, reply: null,
  }),
  acceptRequest: def({
    method: 'POST', url: '/api/v1/conversations/:conversationId/accept', summary: 'Accept a message request', tags: ['requests'], auth: true,
    params: ConversationParams, reply: Conversation,
  }),
  deleteRequest: def({
    method: 'POST', url: '/api/v1/conversations/:conversationId/decline', summary: 'Delete a message request', tags: ['requests'], auth: true, status: 204,
    params: ConversationParams, reply: null,
  }),
  listMessages: def({
    method: 'GET', url: '/api/v1/conversations/:conversationId/messages', summary: 'Messages by seq, a page at a time', tags: ['messages'], auth: true,
    params: ConversationParams,
    querystring: Type.Object({
      beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
      afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: L.pageSizeMax, default: L.pageSize })),
    }, strict),
    reply: Type.Object({ messages: Type.Array(Message), hasMore: Type.Boolean() }),
  }),
  sendMessage: def({
    method: 'POST', url: '/api/v1/conversations/:conversationId/messages', summary: 'Send a message; acknowledged once durable', tags: ['messages'], auth: true, status: 201,
    params: ConversationParams, body: SendMessageBody, reply: Message,
  }),
  unsendMessage: def({
    method: 'POST', url: '/api/v1/conversations/:conversationId/messages/:messageId/unsend', summary: 'Unsend my message for everyone, within the window', tags: ['messages'], auth: true,
    params: MessageParams, reply: Message,
  }),
  hideMessage: def({
    method: 'POST', url: '/api/v1/conversations/:conversationId/messages/:messageId/hide', summary: 'Delete a message for me only', tags: ['messages'], auth: true, status: 204,
    params: MessageParams, reply: null,
  }),
  markRead: def({
    method: 'POST', url: '/api/v1/conversations/:conversationId/read', summary: 'Mark messages read up to seq', tags: ['messages'], auth: true, status: 204,
    params: ConversationParams, body: Type.Object({ seq: Type.Integer({ minimum: 0 }) }, strict), reply: null,
  }),
  typing: def({
    method: 'POST', url: '/api/v1/conversations/:conversationId/typing', summary: 'Say I am typing (expires by itself)', tags: ['messages'], auth: true, status: 204,
    params: ConversationParams, reply: null,
  }),
  uploadMedia: def({
    method: 'POST', url: '/api/v1/media', summary: 'Upload one attachment as the raw request body', tags: ['media'], auth: true, status: 201,
    querystring: Type.Object({ name: Type.Optional(Type.String({ maxLength: 255 })) }, strict),
    reply: Media,
  }),
} as const

export type Routes = typeof routes
export type RouteName = keyof Routes
type StaticOr<T, F> = T extends TSchema ? Static<T> : F
export type RouteParams<N extends RouteName> = StaticOr<Routes[N] extends { params: infer P } ? P : undefined, undefined>
export type RouteQuery<N extends RouteName> = StaticOr<Routes[N] extends { querystring: infer Q } ? Q : undefined, undefined>
export type RouteBody<N extends RouteName> = StaticOr<Routes[N] extends { body: infer B } ? B : undefined, undefined>
export type RouteReply<N extends RouteName> = StaticOr<Routes[N]['reply'], void>
