import { Type, type Static } from '@sinclair/typebox'
import { Account, Id, Message, Nullable, Timestamp } from './models.ts'
import type { RouteDef } from './route-def.ts'

/**
 * Moderation with tact: what a brand's team does to a customer (block, hide a message) needs a
 * reason, can be undone, tells the person concerned and is written to the brand's audit log; a
 * block waits for a second member's approval unless the brand turned that off. The audit log and
 * the approvals are the team's own: never shown to the customer (docs/moderation.md).
 */

const def = <const R extends RouteDef>(route: R): R => route
const strict = { additionalProperties: false } as const

export const moderationLimits = {
  /** A reason (for an action, an undo or a decline), in Unicode code points. */
  reasonChars: 1_000,
  /** What the author of a hidden message adds when asking for a review. */
  reviewChars: 1_000,
  /** Audit entries and approvals per page, by default and at most. */
  auditPage: 50,
  auditPageMax: 200,
  /** A pending approval nobody decided on lapses after this long: the requester asks again. */
  approvalTtlMs: 7 * 24 * 60 * 60 * 1000,
} as const

/** The reason every moderation step takes; one schema for messages, posts and collection items. */
export const ModerationReason = Type.String({
  maxLength: moderationLimits.reasonChars,
  description: 'Why, in a few words: required (MODERATION_REASON_REQUIRED when missing or blank). The person concerned is told it',
})
const Reason = ModerationReason
/** The body of a hide, a show-again or a decision: its reason. */
export const ReasonBody = Type.Object({ reason: Type.Optional(ModerationReason) }, strict)
/** The body of a review request: what the author adds, for the moderators. */
export const ReviewBody = Type.Object({ text: Type.Optional(Type.String({ maxLength: moderationLimits.reviewChars, description: 'What the author adds, for the moderators (optional)' })) }, strict)

/**
 * What an audit entry is about: an account, a message, an approval, a setting; discussions and
 * collections add their own kinds (post, participant, item).
 */
const Name = (description: string) => Type.String({ pattern: '^[a-z][a-zA-Z]*(\\.[a-z][a-zA-Z]*)*$', maxLength: 64, description })

export const AuditEntry = Type.Object({
  id: Id,
  brandId: Id,
  actorId: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'The member of the team who acted as the brand; null when Parloir did' })),
  action: Name("What was done, `noun.pastVerb` ('customer.blocked', 'customer.block.requested', 'message.hidden')"),
  subjectKind: Name("What it was done to ('account', 'message', 'approval', 'settings')"),
  subjectId: Type.String({ maxLength: 64 }),
  personId: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'The person concerned (the customer), when there is one' })),
  reason: Type.String({ description: 'Why, as the member wrote it (empty for entries that need none, e.g. an approval)' }),
  approvalId: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'The approval the action went through, when it needed one' })),
  reverses: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'The entry this one undoes (an unblock undoes a block)' })),
  reversedBy: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'The entry that undid this one, if any' })),
  at: Timestamp,
})
export type AuditEntry = Static<typeof AuditEntry>

export const ApprovalStatus = Type.Union([
  Type.Literal('pending'), Type.Literal('approved'), Type.Literal('declined'), Type.Literal('cancelled'), Type.Literal('expired'),
], { description: 'pending until a second member approves or declines it, the requester cancels it, or it lapses (expired)' })
export type ApprovalStatus = Static<typeof ApprovalStatus>

export const Approval = Type.Object({
  id: Id,
  brandId: Id,
  kind: Name("What waits for approval ('customer.block'; later 'participant.remove')"),
  subjectKind: Name("What it would be done to ('account')"),
  subjectId: Type.String({ maxLength: 64 }),
  personId: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'The person concerned' })),
  reason: Type.String({ description: "The requester's reason" }),
  requestedBy: Id,
  requestedAt: Timestamp,
  expiresAt: Timestamp,
  status: ApprovalStatus,
  decidedBy: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'Who approved, declined or cancelled it' })),
  decidedAt: Nullable(Timestamp),
  decisionReason: Nullable(Type.String({ description: "A decline's reason (or a cancel's, when given)" })),
})
export type Approval = Static<typeof Approval>

export const ModerationSettings = Type.Object({
  secondApproval: Type.Boolean({ description: "Blocking a customer waits for a second member's approval (on unless the brand turns it off)" }),
}, strict)
export type ModerationSettings = Static<typeof ModerationSettings>

const BrandParams = Type.Object({ brandId: Id })
const ApprovalParams = Type.Object({ brandId: Id, approvalId: Id })
const MessageParams = Type.Object({ conversationId: Id, messageId: Id })
const Page = {
  before: Type.Optional(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'The id of the last item of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: moderationLimits.auditPageMax, default: moderationLimits.auditPage })),
}

export const moderationRoutes = {
  getModerationSettings: def({
    method: 'GET', url: '/api/v1/brands/:brandId/moderation/settings', summary: "The brand's moderation settings", tags: ['moderation'], auth: true,
    params: BrandParams, reply: ModerationSettings,
  }),
  updateModerationSettings: def({
    method: 'PATCH', url: '/api/v1/brands/:brandId/moderation/settings', summary: 'Turn the second approval on or off (written to the audit log)', tags: ['moderation'], auth: true,
    params: BrandParams, body: Type.Object({ secondApproval: Type.Boolean(), reason: Type.Optional(Reason) }, strict), reply: ModerationSettings,
  }),
  requestBlock: def({
    method: 'POST', url: '/api/v1/brands/:brandId/moderation/blocks', tags: ['moderation'], auth: true, status: 201,
    summary: "Block a customer as the brand, with a reason. With the second approval on (the default) this asks for it and returns the pending approval; " +
      'otherwise the block is done at once (approval null). Either way, once done, the customer is told and their case opens in the team inbox',
    params: BrandParams, body: Type.Object({ accountId: Id, reason: Type.Optional(Reason) }, strict),
    reply: Type.Object({ approval: Nullable(Approval), entry: Nullable(AuditEntry) }),
  }),
  unblockCustomer: def({
    method: 'POST', url: '/api/v1/brands/:brandId/moderation/unblocks', tags: ['moderation'], auth: true, status: 201,
    summary: 'Undo a block, with a reason: at once (no approval needed to be kinder); the customer is told',
    params: BrandParams, body: Type.Object({ accountId: Id, reason: Type.Optional(Reason) }, strict), reply: AuditEntry,
  }),
  listApprovals: def({
    method: 'GET', url: '/api/v1/brands/:brandId/moderation/approvals', summary: 'Approvals, newest first (pending ones by default)', tags: ['moderation'], auth: true,
    params: BrandParams,
    querystring: Type.Object({ status: Type.Optional(ApprovalStatus), ...Page }, strict),
    reply: Type.Object({ approvals: Type.Array(Approval), accounts: Type.Array(Account, { description: 'Everyone the page names (requesters, deciders, the people concerned)' }), nextCursor: Nullable(Id) }),
  }),
  approveRequest: def({
    method: 'POST', url: '/api/v1/brands/:brandId/moderation/approvals/:approvalId/approve', tags: ['moderation'], auth: true,
    summary: 'Approve a pending request: a member other than the requester; the action runs now',
    params: ApprovalParams, reply: Approval,
  }),
  declineRequest: def({
    method: 'POST', url: '/api/v1/brands/:brandId/moderation/approvals/:approvalId/decline', summary: 'Decline a pending request, with a reason: nothing is done', tags: ['moderation'], auth: true,
    params: ApprovalParams, body: ReasonBody, reply: Approval,
  }),
  cancelRequest: def({
    method: 'POST', url: '/api/v1/brands/:brandId/moderation/approvals/:approvalId/cancel', summary: 'Withdraw one\'s own pending request (an owner or admin may withdraw anyone\'s)', tags: ['moderation'], auth: true,
    params: ApprovalParams, reply: Approval,
  }),
  listAuditLog: def({
    method: 'GET', url: '/api/v1/brands/:brandId/moderation/audit', summary: "The brand's audit log, newest first", tags: ['moderation'], auth: true,
    params: BrandParams,
    querystring: Type.Object({
      action: Type.Optional(Name('Only entries of this action')),
      personId: Type.Optional(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'Only entries about this person' })),
      ...Page,
    }, strict),
    reply: Type.Object({ entries: Type.Array(AuditEntry), accounts: Type.Array(Account, { description: 'Everyone the page names (members who acted, the people concerned)' }), nextCursor: Nullable(Id) }),
  }),
  hideCustomerMessage: def({
    method: 'PUT', url: '/api/v1/conversations/:conversationId/messages/:messageId/moderation', tags: ['moderation'], auth: true,
    summary: "As the brand (parloir-act-as): hide a customer's message, with a reason. Its author still sees it, with the reason, and may ask for a review; others see it hidden",
    params: MessageParams, body: ReasonBody, reply: Message,
  }),
  unhideCustomerMessage: def({
    method: 'DELETE', url: '/api/v1/conversations/:conversationId/messages/:messageId/moderation', tags: ['moderation'], auth: true,
    summary: 'As the brand: show a hidden message again, with a reason; its author is told',
    params: MessageParams, body: ReasonBody, reply: Message,
  }),
  requestMessageReview: def({
    method: 'POST', url: '/api/v1/conversations/:conversationId/messages/:messageId/review', tags: ['moderation'], auth: true, status: 204,
    summary: "The author of a message the brand hid asks the team to look again: the conversation opens in the team inbox with the request. Once per hide",
    params: MessageParams, body: ReviewBody, reply: null,
  }),
}
