import { Type, type Static } from '@sinclair/typebox'
import { defaultLimits as L } from './limits.ts'
import { Account, Entities, Id, Media, Nullable, Timestamp } from './models.ts'
import type { RouteDef } from './route-def.ts'

/**
 * Public discussions: a person or a brand starts one (a title and a first post) and invites
 * accounts; those taking part post, others ask to join and anyone taking part lets them in.
 * Anyone with the link reads it, with or without an account (the page `/d/<id>`). The starter
 * closes it (read-only, with a public reason) and reopens it, and chooses whether search engines
 * may index its page. Their routes are here; their limits are in limits.ts (`discussion…`).
 */

const def = <const R extends RouteDef>(route: R): R => route
const strict = { additionalProperties: false } as const

/** The public page of a discussion, on this server. */
export const discussionPath = (discussionId: string) => `/d/${discussionId}`

export const DiscussionStatus = Type.Union([Type.Literal('open'), Type.Literal('closed')], {
  description: 'closed: read-only, with a public reason; the starter can reopen it',
})
export type DiscussionStatus = Static<typeof DiscussionStatus>

export const Discussion = Type.Object({
  id: Id,
  title: Type.String(),
  starter: Account,
  status: DiscussionStatus,
  closedReason: Nullable(Type.String()),
  closedAt: Nullable(Timestamp),
  indexable: Type.Boolean({ description: 'Whether search engines may index its public page (noindex when not)' }),
  postCount: Type.Integer({ minimum: 0 }),
  participantCount: Type.Integer({ minimum: 0 }),
  createdAt: Timestamp,
  lastPostAt: Timestamp,
  path: Type.String({ description: 'The public page, on this server, that anyone with the link reads' }),
})
export type Discussion = Static<typeof Discussion>

export const DiscussionMyStatus = Type.Union([Type.Literal('starter'), Type.Literal('participant'), Type.Literal('requested'), Type.Literal('none')], {
  description: 'Where the account asking stands: starter and participant post; requested waits for a participant to let it in',
})
export type DiscussionMyStatus = Static<typeof DiscussionMyStatus>

export const DiscussionQuote = Type.Object({
  postId: Id,
  seq: Type.Integer({ minimum: 1 }),
  author: Account,
  excerpt: Type.String({ description: 'The start of the quoted post; empty when it is hidden' }),
  hidden: Type.Boolean(),
})
export type DiscussionQuote = Static<typeof DiscussionQuote>

export const DiscussionPost = Type.Object({
  id: Id,
  discussionId: Id,
  seq: Type.Integer({ minimum: 1, description: 'Its place in the discussion: 1 is the first post, without gaps' }),
  author: Account,
  text: Type.String({ description: 'Empty when the moderators hid it' }),
  entities: Entities,
  quote: Nullable(DiscussionQuote),
  attachment: Nullable(Media),
  createdAt: Timestamp,
  hidden: Nullable(Type.Object({ at: Timestamp, reason: Type.String() }, { description: 'Hidden by the moderators: shown as such, with the reason' })),
})
export type DiscussionPost = Static<typeof DiscussionPost>

export const DiscussionParticipant = Type.Object({ account: Account, role: Type.Union([Type.Literal('starter'), Type.Literal('participant')]), joinedAt: Timestamp })
export type DiscussionParticipant = Static<typeof DiscussionParticipant>

export const DiscussionJoinRequest = Type.Object({ account: Account, requestedAt: Timestamp })
export type DiscussionJoinRequest = Static<typeof DiscussionJoinRequest>

const Title = Type.String({ minLength: 1, maxLength: L.discussionTitleChars, description: `At most ${L.discussionTitleChars} characters; not blank` })
const PostText = Type.String({ maxLength: L.messageTextChars, description: 'Links, @mentions and #hashtags are found as in messages' })
const Reason = Type.String({ minLength: 1, maxLength: L.discussionReasonChars, description: 'Shown on the public page' })
const Invitees = Type.Array(Id, { maxItems: L.discussionInvitesPerCall, uniqueItems: true })

export const DiscussionPostInput = Type.Object({
  text: Type.Optional(PostText),
  attachmentMediaId: Type.Optional(Id),
  quotePostId: Type.Optional(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'An earlier post of the same discussion' })),
}, strict)
export type DiscussionPostInput = Static<typeof DiscussionPostInput>

export const StartDiscussionBody = Type.Object({
  title: Title,
  text: PostText,
  attachmentMediaId: Type.Optional(Id),
  invite: Type.Optional(Invitees),
  indexable: Type.Optional(Type.Boolean({ default: false, description: 'Let search engines index the public page (off by default)' })),
}, strict)
export type StartDiscussionBody = Static<typeof StartDiscussionBody>

const DiscussionParams = Type.Object({ discussionId: Id })
const RequestParams = Type.Object({ discussionId: Id, accountId: Id })
const WithMe = Type.Object({ discussion: Discussion, me: DiscussionMyStatus })
export type DiscussionWithMe = Static<typeof WithMe>

export const discussionRoutes = {
  startDiscussion: def({
    method: 'POST', url: '/api/v1/discussions', summary: 'Start a public discussion with its first post, inviting accounts (as a brand with parloir-act-as)', tags: ['discussions'], auth: true, status: 201,
    body: StartDiscussionBody, reply: Type.Object({ discussion: Discussion, post: DiscussionPost }),
  }),
  listDiscussions: def({
    method: 'GET', url: '/api/v1/discussions', summary: 'The discussions I take part in or asked to join, the latest post first', tags: ['discussions'], auth: true,
    reply: Type.Object({ discussions: Type.Array(WithMe) }),
  }),
  getDiscussion: def({
    method: 'GET', url: '/api/v1/discussions/:discussionId', summary: 'A discussion, for anyone with its link (with my standing when logged in)', tags: ['discussions'], auth: false,
    params: DiscussionParams, reply: WithMe,
  }),
  updateDiscussion: def({
    method: 'PATCH', url: '/api/v1/discussions/:discussionId', summary: 'The starter chooses whether search engines may index the page', tags: ['discussions'], auth: true,
    params: DiscussionParams, body: Type.Object({ indexable: Type.Boolean() }, strict), reply: Discussion,
  }),
  listDiscussionPosts: def({
    method: 'GET', url: '/api/v1/discussions/:discussionId/posts', summary: 'Posts in order, after a seq (anyone with the link)', tags: ['discussions'], auth: false,
    params: DiscussionParams,
    querystring: Type.Object({
      after: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: L.pageSizeMax, default: L.discussionPageSize })),
    }, strict),
    reply: Type.Object({ posts: Type.Array(DiscussionPost), nextAfter: Nullable(Type.Integer({ description: 'Pass as after for the next page; null at the end' })) }),
  }),
  addDiscussionPost: def({
    method: 'POST', url: '/api/v1/discussions/:discussionId/posts', summary: 'Post in a discussion I take part in (text, an attachment, a quote of an earlier post)', tags: ['discussions'], auth: true, status: 201,
    params: DiscussionParams, body: DiscussionPostInput, reply: DiscussionPost,
  }),
  listDiscussionParticipants: def({
    method: 'GET', url: '/api/v1/discussions/:discussionId/participants', summary: 'Who takes part (anyone with the link)', tags: ['discussions'], auth: false,
    params: DiscussionParams, reply: Type.Object({ participants: Type.Array(DiscussionParticipant) }),
  }),
  inviteToDiscussion: def({
    method: 'POST', url: '/api/v1/discussions/:discussionId/participants', summary: 'Invite accounts: they take part at once (those already in are skipped)', tags: ['discussions'], auth: true,
    params: DiscussionParams, body: Type.Object({ accountIds: Type.Array(Id, { minItems: 1, maxItems: L.discussionInvitesPerCall, uniqueItems: true }) }, strict), reply: Discussion,
  }),
  requestToJoinDiscussion: def({
    method: 'POST', url: '/api/v1/discussions/:discussionId/join-requests', summary: 'Ask to take part; a participant lets me in', tags: ['discussions'], auth: true, status: 204,
    params: DiscussionParams, reply: null,
  }),
  listDiscussionJoinRequests: def({
    method: 'GET', url: '/api/v1/discussions/:discussionId/join-requests', summary: 'Who asks to take part, oldest first (participants only)', tags: ['discussions'], auth: true,
    params: DiscussionParams, reply: Type.Object({ joinRequests: Type.Array(DiscussionJoinRequest) }),
  }),
  acceptDiscussionJoinRequest: def({
    method: 'POST', url: '/api/v1/discussions/:discussionId/join-requests/:accountId/accept', summary: 'Let someone who asked take part', tags: ['discussions'], auth: true,
    params: RequestParams, reply: Discussion,
  }),
  declineDiscussionJoinRequest: def({
    method: 'DELETE', url: '/api/v1/discussions/:discussionId/join-requests/:accountId', summary: 'Decline an ask to take part (or withdraw my own)', tags: ['discussions'], auth: true, status: 204,
    params: RequestParams, reply: null,
  }),
  closeDiscussion: def({
    method: 'POST', url: '/api/v1/discussions/:discussionId/close', summary: 'Close a discussion: read-only, the reason shown on its page', tags: ['discussions'], auth: true,
    params: DiscussionParams, body: Type.Object({ reason: Reason }, strict), reply: Discussion,
  }),
  reopenDiscussion: def({
    method: 'POST', url: '/api/v1/discussions/:discussionId/reopen', summary: 'Reopen a closed discussion', tags: ['discussions'], auth: true,
    params: DiscussionParams, reply: Discussion,
  }),
} as const
