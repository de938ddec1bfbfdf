import { Type, type Static } from '@sinclair/typebox'
import { defaultLimits as L } from './limits.ts'
import { Account, Entities, Id, Media, Nullable, Timestamp } from './models.ts'
import type { RouteDef } from './route-def.ts'
import { Approval, ModerationReason, ReasonBody, ReviewBody } from './moderation.ts'

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
/** Where post `seq` is on the public page, `pageSize` posts a page. */
export const discussionPostPath = (discussionId: string, seq: number, pageSize: number) => {
  const page = Math.ceil(seq / pageSize)
  return `${discussionPath(discussionId)}${page === 1 ? '' : `?page=${page}`}#p${seq}`
}

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

export const DiscussionMyStatus = Type.Union([Type.Literal('starter'), Type.Literal('participant'), Type.Literal('requested'), Type.Literal('removed'), Type.Literal('none')], {
  description: 'Where the account asking stands: starter and participant post; requested waits for a participant to let it in; removed was taken out by the moderators (with removedReason)',
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
  hidden: Nullable(Type.Object({
    at: Timestamp,
    reason: Type.String(),
    reviewRequestedAt: Type.Optional(Nullable(Timestamp)),
  }, { description: 'Hidden by the moderators: shown as such, with the reason. Its text stays only for its author and the moderators (the starter; a brand\'s team), who also get reviewRequestedAt' })),
  continuedInPrivate: Type.Optional(Type.Object({
    conversationId: Id,
    at: Timestamp,
  }, { description: "Only to the brand's team that continued this post in private: the conversation it wrote in, so a second agent opens it rather than asking again" })),
})
export type DiscussionPost = Static<typeof DiscussionPost>

export const DiscussionParticipant = Type.Object({
  account: Account,
  role: Type.Union([Type.Literal('starter'), Type.Literal('participant'), Type.Literal('removed')], { description: 'removed: listed only to the moderators, with the reason' }),
  joinedAt: Timestamp,
  reason: Type.Optional(Type.String({ description: 'removed: why, as the moderators wrote it' })),
})
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
const PostParams = Type.Object({ discussionId: Id, postId: Id })
const WithReason = ReasonBody
const Participant = Type.Object({ accountId: Id, reason: Type.Optional(ModerationReason) }, strict)
const WithMe = Type.Object({ discussion: Discussion, me: DiscussionMyStatus, removedReason: Type.Optional(Type.String({ description: 'When me is removed: why, as the moderators wrote it' })) })
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
    method: 'POST', url: '/api/v1/discussions/:discussionId/reopen', summary: 'Reopen a closed discussion, with a reason (told to those taking part; in the audit log for a brand)', tags: ['discussions'], auth: true,
    params: DiscussionParams, body: WithReason, reply: Discussion,
  }),
  hideDiscussionPost: def({
    method: 'PUT', url: '/api/v1/discussions/:discussionId/posts/:postId/moderation', tags: ['discussions'], auth: true,
    summary: 'Hide a post, with a reason (the starter; a brand\'s team with parloir-act-as): shown to everyone as hidden, with the reason; its author still reads it and may ask for a review',
    params: PostParams, body: WithReason, reply: DiscussionPost,
  }),
  unhideDiscussionPost: def({
    method: 'DELETE', url: '/api/v1/discussions/:discussionId/posts/:postId/moderation', tags: ['discussions'], auth: true,
    summary: 'Show a hidden post again, with a reason; its author is told', params: PostParams, body: WithReason, reply: DiscussionPost,
  }),
  requestDiscussionPostReview: def({
    method: 'POST', url: '/api/v1/discussions/:discussionId/posts/:postId/review', tags: ['discussions'], auth: true, status: 204,
    summary: "The author of a hidden post asks the moderators to look again, once per hide (a brand's: in its team inbox)",
    params: PostParams, body: ReviewBody, reply: null,
  }),
  removeDiscussionParticipant: def({
    method: 'POST', url: '/api/v1/discussions/:discussionId/removals', tags: ['discussions'], auth: true, status: 201,
    summary: "Remove a participant, with a reason. A brand's customer needs a second member's approval (unless the brand turned it off): the answer is then the pending approval; " +
      'once done, the person is told and, for a brand, their case opens in the team inbox',
    params: DiscussionParams, body: Participant, reply: Type.Object({ approval: Nullable(Approval), discussion: Discussion }),
  }),
  readdDiscussionParticipant: def({
    method: 'POST', url: '/api/v1/discussions/:discussionId/readmissions', tags: ['discussions'], auth: true,
    summary: 'Add a removed participant again, with a reason, at once; they are told', params: DiscussionParams, body: Participant, reply: Discussion,
  }),
  continueDiscussionInPrivate: def({
    method: 'POST', url: '/api/v1/discussions/:discussionId/posts/:postId/continue-in-private', tags: ['discussions'], auth: true,
    summary: "As a brand taking part: write to the post's author in the brand's conversation with them (quoting the post), reply publicly that the brand wrote to them, " +
      'and open the case in the team inbox with a link to the post. A second call answers the same (created false) and writes nothing',
    params: PostParams,
    reply: Type.Object({ conversationId: Id, messageId: Id, replyPost: DiscussionPost, created: Type.Boolean() }),
  }),
} as const
