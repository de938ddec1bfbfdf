import { Type, type Static } from '@sinclair/typebox'
import { Account, ConversationCore, Id, Message, Nullable, Ref, Timestamp } from './models.ts'
import type { RouteDef } from './route-def.ts'
import { CustomerFieldValues } from './custom-fields.ts'

/**
 * The team inbox: a brand's team works its conversations together. Models and native routes
 * (spread into `routes` in routes.ts). Everything here is the team's own: none of it is ever
 * shown to the customer, by any channel (docs/team-inbox.md).
 */

const def = <const R extends RouteDef>(route: R): R => route
const strict = { additionalProperties: false } as const

export const inboxLimits = {
  /** A private note, in Unicode code points: as long as a message. */
  noteChars: 10_000,
  /** Notes per page of a conversation's team timeline, by default and at most. */
  notesPage: 50,
  notesPageMax: 200,
  /** Inbox rows per page, by default and at most. */
  inboxPage: 50,
  inboxPageMax: 200,
  /** A snooze ends at most this far ahead. */
  snoozeMaxMs: 365 * 24 * 60 * 60 * 1000,
  /** A search: its text, the words of it that count, and hits per answer by default and at most. */
  searchChars: 200,
  searchWords: 10,
  searchHits: 20,
  searchHitsMax: 50,
  /** The satisfaction survey: its question, and how long after rating a customer's next message is taken as their comment. */
  surveyQuestionChars: 280,
  surveyCommentWindowMs: 24 * 60 * 60 * 1000,
  /** The customer's group conversations with the brand that the customer panel lists, at most. */
  customerGroups: 20,
  /** How long "viewing" lasts without being renewed. */
  viewingExpiresMs: 30_000,
  /** Open conversations round robin gives one member at most, by default and at most. */
  capacityDefault: 10,
  capacityMax: 1_000,
  /** How long a member counts as there after their last open stream or request (the server renews it a third of the way). */
  presenceLeaseMs: 90_000,
  /** Waiting conversations given out at once when someone has room again (the next change gives out more). */
  fillBatch: 20,
} as const

export const InboxStatus = Type.Union([
  Type.Literal('open'), Type.Literal('pending'), Type.Literal('snoozed'), Type.Literal('resolved'),
], { description: 'open: the team has work to do. pending: waiting on the customer. snoozed: set aside until a time or the customer\'s next message. resolved: done' })
export type InboxStatus = Static<typeof InboxStatus>

export const CustomerKind = Type.Union([
  Type.Literal('person'), Type.Literal('visitor'), Type.Literal('brand'), Type.Literal('group'),
], { description: 'Who the brand talks with: a person, a visitor from the website or a link, another brand, or a group' })
export type CustomerKind = Static<typeof CustomerKind>

/** The team's state of one conversation; the same for every member of the team. */
export const InboxState = Type.Object({
  brandId: Id,
  conversationId: Id,
  status: InboxStatus,
  snoozedUntil: Nullable(Type.String({ format: 'date-time', description: 'When a snooze ends by itself; null while snoozed means until the customer writes' })),
  assigneeId: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'The member of the team on it' })),
  customerId: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'The other side of a 1:1; null in a group' })),
  customerKind: CustomerKind,
  source: Nullable(Type.String({ description: 'The ref of the link or button the conversation was opened from' })),
  waitingSince: Nullable(Type.String({
    format: 'date-time',
    description: 'When the customer\'s oldest message that no person of the team has answered was written; null when nothing waits. Automatic messages (welcome, away, keyword) never count as an answer',
  })),
  lastCustomerMessageAt: Nullable(Timestamp),
  lastAnsweredAt: Nullable(Type.String({ format: 'date-time', description: 'When a person of the team last wrote (automation not counted)' })),
  lastAnsweredBy: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'Who of the team wrote it (null for an app or before Parloir recorded it)' })),
  labelIds: Type.Array(Id, { description: "The brand's labels on it, in the order they were put on (names and colours: listLabels)" }),
  updatedAt: Timestamp,
})
export type InboxState = Static<typeof InboxState>

/** One member's own view of a conversation: what they read. */
export const InboxReader = Type.Object({
  lastReadSeq: Type.Integer({ minimum: 0 }),
  unreadCount: Type.Integer({ minimum: 0, description: 'The customer\'s messages after lastReadSeq' }),
  markedUnread: Type.Boolean({ description: 'The member marked it unread after reading it' }),
})
export type InboxReader = Static<typeof InboxReader>

export const InboxItem = Type.Object({
  conversation: Type.Object({ ...ConversationCore.properties, lastSeq: Type.Integer({ minimum: 0 }) }),
  state: InboxState,
  customerMessage: Nullable(Message),
  you: InboxReader,
})
export type InboxItem = Static<typeof InboxItem>

export const InboxView = Type.Union([
  Type.Literal('unassigned'), Type.Literal('mine'), Type.Literal('open'), Type.Literal('pending'), Type.Literal('snoozed'), Type.Literal('resolved'),
], { description: 'unassigned, mine and open hold open conversations (a snooze that ended counts as open)' })
export type InboxView = Static<typeof InboxView>
export const inboxViews: readonly InboxView[] = ['unassigned', 'mine', 'open', 'pending', 'snoozed', 'resolved']

export const InboxCounts = Type.Object({
  unassigned: Type.Integer({ minimum: 0 }),
  mine: Type.Integer({ minimum: 0 }),
  open: Type.Integer({ minimum: 0 }),
  pending: Type.Integer({ minimum: 0 }),
  snoozed: Type.Integer({ minimum: 0 }),
  resolved: Type.Integer({ minimum: 0 }),
}, { description: 'Conversations in each view, with the same filters: counted, not estimated' })
export type InboxCounts = Static<typeof InboxCounts>

export const InboxFilters = {
  assigneeId: Type.Optional(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'Only conversations this member is on' })),
  source: Type.Optional(Ref),
  kind: Type.Optional(CustomerKind),
  label: Type.Optional(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'Only conversations with this label (its id)' })),
}

/** A line of the team's own timeline of a conversation: a note, or a change of status or assignee. */
export const InboxActivity = Type.Object({
  action: Type.Union([Type.Literal('status.changed'), Type.Literal('assignee.changed'), Type.Literal('survey.answered'), Type.Literal('label.added'), Type.Literal('label.removed'),
    // Moderation (moderation.ts): the case of a customer the team blocked or unblocked, and a hidden message's author asking for a review.
    Type.Literal('customer.blocked'), Type.Literal('customer.unblocked'), Type.Literal('review.requested'),
    // Public discussions: an agent continued a public post in private; a participant removed (a case for customer service) or added again.
    Type.Literal('discussion.continued'), Type.Literal('participant.removed'), Type.Literal('participant.readded')]),
  discussionId: Type.Optional(Id),
  postId: Type.Optional(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'discussion.continued, review.requested of a post: the public post (its link: `/d/<discussionId>#p<seq>`)' })),
  postSeq: Type.Optional(Type.Integer({ minimum: 1 })),
  collectionId: Type.Optional(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'review.requested of a collection item: its collection (the public page: `/collections/<collectionId>#item-<itemId>`)' })),
  itemId: Type.Optional(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'review.requested of a collection item: the item' })),
  requestedBy: Type.Optional(Nullable(Id)),
  approvedBy: Type.Optional(Nullable(Id)),
  moderationReason: Type.Optional(Type.String({ description: 'customer.blocked, customer.unblocked: why, as the member wrote it; review.requested: what the author added' })),
  messageId: Type.Optional(Id),
  labelId: Type.Optional(Id),
  label: Type.Optional(Type.String({ description: "label.added, label.removed: the label's name then" })),
  rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'survey.answered: the customer\'s rating' })),
  comment: Type.Optional(Type.String({ description: 'survey.answered: what the customer added after rating' })),
  status: Type.Optional(InboxStatus),
  snoozedUntil: Type.Optional(Nullable(Timestamp)),
  assigneeId: Type.Optional(Nullable(Id)),
  reason: Type.Optional(Type.Union([
    Type.Literal('customer.wrote'), Type.Literal('snooze.ended'), Type.Literal('answered'), Type.Literal('round.robin'), Type.Literal('member.left'), Type.Literal('member.offline'),
  ], {
    description: 'Why Parloir made the change itself; absent when a member did',
  })),
})
export type InboxActivity = Static<typeof InboxActivity>

export const Note = Type.Object({
  id: Id,
  brandId: Id,
  conversationId: Id,
  kind: Type.Union([Type.Literal('note'), Type.Literal('activity')]),
  authorId: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'The member who wrote it or made the change; null when Parloir did' })),
  text: Type.String(),
  mentions: Type.Array(Id, { description: 'Members of the team named with @handle' }),
  activity: Nullable(InboxActivity),
  createdAt: Timestamp,
})
export type Note = Static<typeof Note>

export const SearchHit = Type.Object({
  kind: Type.Union([Type.Literal('message'), Type.Literal('note')]),
  id: Id,
  conversationId: Id,
  seq: Nullable(Type.Integer({ minimum: 1, description: "A message's place in its conversation; null for a note" })),
  authorId: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'Who of the team wrote it; null for the customer' })),
  createdAt: Timestamp,
  snippet: Type.String({ description: 'A few words around the matches' }),
  highlights: Type.Array(Type.Object({ start: Type.Integer({ minimum: 0 }), end: Type.Integer({ minimum: 0 }) }), {
    description: 'Where the matches are in the snippet, in code points (end exclusive)',
  }),
})
export type SearchHit = Static<typeof SearchHit>

/** What a brand's team inbox does by itself. */
export const InboxSettings = Type.Object({
  survey: Type.Object({
    enabled: Type.Boolean({ description: 'When a member resolves a conversation with a person or a visitor, ask them to rate it (1 to 5), then take their next message as a comment' }),
    question: Type.String({ minLength: 1, maxLength: inboxLimits.surveyQuestionChars }),
  }, { additionalProperties: false }),
  assignment: Type.Object({
    roundRobin: Type.Boolean({ description: 'Give each new waiting conversation to the available member (online, under their capacity) who was given one longest ago' }),
    whenMemberLeaves: Type.Union([Type.Literal('unassign'), Type.Literal('keep')], { description: 'What happens to the conversations of a member who leaves the team' }),
    whenMemberOffline: Type.Union([Type.Literal('keep'), Type.Literal('unassign')], { description: 'What happens to the open conversations of a member who sets themself offline, or whose presence ends (no open app or request for 90 s)' }),
  }, { additionalProperties: false }),
}, { additionalProperties: false })
export type InboxSettings = Static<typeof InboxSettings>

export const Availability = Type.Union([Type.Literal('online'), Type.Literal('away'), Type.Literal('offline')], {
  description: 'Set by the member; only online members who are present are given conversations automatically',
})
export type Availability = Static<typeof Availability>

export const InboxMember = Type.Object({
  memberId: Id,
  availability: Availability,
  present: Type.Boolean({ description: 'Whether they are there now: an app of theirs is open, or they made a request, within the presence lease (90 s)' }),
  capacity: Type.Integer({ minimum: 0, maximum: inboxLimits.capacityMax, description: 'Open conversations round robin gives them at most' }),
  openAssigned: Type.Integer({ minimum: 0, description: 'Open conversations assigned to them now' }),
})
export type InboxMember = Static<typeof InboxMember>

/** One satisfaction survey sent in a conversation, and the customer's answer. */
export const SurveyAnswer = Type.Object({
  id: Id,
  conversationId: Id,
  messageId: Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'The survey message the customer answers with a quick reply' }),
  sentAt: Timestamp,
  rating: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
  ratedAt: Nullable(Timestamp),
  comment: Nullable(Type.String()),
})
export type SurveyAnswer = Static<typeof SurveyAnswer>
/** Who the team is talking with in a conversation, for the side panel: never shown to the customer. */
export const InboxCustomer = Type.Object({
  account: Nullable(Account),
  email: Nullable(Type.String({ description: 'The address a visitor left to be told of answers; null when they left none, and for people' })),
  customerKind: CustomerKind,
  source: Nullable(Type.String({ description: 'The ref of the link or button the conversation was opened from' })),
  firstWroteAt: Nullable(Type.String({ format: 'date-time', description: "The customer's first message in this conversation; null before they write" })),
  groups: Type.Array(Type.Object({
    conversationId: Id,
    name: Nullable(Type.String()),
    status: InboxStatus,
  }), { description: "The brand's group conversations the customer takes part in, latest activity first" }),
  noteCount: Type.Integer({ minimum: 0, description: 'Private notes the team wrote in this conversation' }),
  labelIds: Type.Array(Id, { description: "The brand's labels on this conversation" }),
  blocked: Type.Boolean({ description: 'The brand blocks the customer' }),
  fields: CustomerFieldValues,
})
export type InboxCustomer = Static<typeof InboxCustomer>

const InboxParams = Type.Object({ brandId: Id, conversationId: Id })

export const teamInboxRoutes = {
  listInbox: def({
    method: 'GET', url: '/api/v1/brands/:brandId/inbox', summary: 'The team inbox: one view, a page of it, and the counts of every view', tags: ['team inbox'], auth: true,
    params: Type.Object({ brandId: Id }),
    querystring: Type.Object({
      view: Type.Optional(Type.Union(InboxView.anyOf, { default: 'open' })),
      order: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('waiting')], {
        default: 'newest', description: 'newest: the customer\'s latest message first. waiting: who has waited longest first, then the answered ones',
      })),
      ...InboxFilters,
      cursor: Type.Optional(Type.String({ maxLength: 64, description: 'nextCursor of the previous page' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: inboxLimits.inboxPageMax, default: inboxLimits.inboxPage })),
    }, strict),
    reply: Type.Object({ items: Type.Array(InboxItem), counts: InboxCounts, nextCursor: Nullable(Type.String()) }),
  }),
  searchInbox: def({
    method: 'GET', url: '/api/v1/brands/:brandId/inbox/search', summary: "Search the brand's conversations and private notes: every word, the last as a prefix; newest first", tags: ['team inbox'], auth: true,
    params: Type.Object({ brandId: Id }),
    querystring: Type.Object({
      q: Type.String({ minLength: 1, maxLength: inboxLimits.searchChars }),
      ...InboxFilters,
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: inboxLimits.searchHitsMax, default: inboxLimits.searchHits })),
    }, strict),
    reply: Type.Object({ hits: Type.Array(SearchHit) }),
  }),
  getInboxItem: def({
    method: 'GET', url: '/api/v1/brands/:brandId/inbox/:conversationId', summary: 'One conversation of the team inbox', tags: ['team inbox'], auth: true,
    params: InboxParams, reply: InboxItem,
  }),
  setInboxStatus: def({
    method: 'POST', url: '/api/v1/brands/:brandId/inbox/:conversationId/status', summary: 'Open, set pending, snooze or resolve a conversation', tags: ['team inbox'], auth: true,
    params: InboxParams,
    body: Type.Object({
      status: InboxStatus,
      snoozedUntil: Type.Optional(Type.String({ format: 'date-time', description: 'With snoozed: when it comes back by itself (in the future, within a year); without it, when the customer writes' })),
    }, strict),
    reply: InboxState,
  }),
  assignConversation: def({
    method: 'POST', url: '/api/v1/brands/:brandId/inbox/:conversationId/assignee', summary: 'Take, assign, reassign or unassign a conversation', tags: ['team inbox'], auth: true,
    params: InboxParams,
    body: Type.Object({ assigneeId: Nullable(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'A member of the team who may answer; null unassigns' })) }, strict),
    reply: InboxState,
  }),
  getInboxCustomer: def({
    method: 'GET', url: '/api/v1/brands/:brandId/inbox/:conversationId/customer', summary: "Who the customer is: account, source, first message, the brand's groups they are in, notes, block", tags: ['team inbox'], auth: true,
    params: InboxParams, reply: InboxCustomer,
  }),
  markInboxRead: def({
    method: 'POST', url: '/api/v1/brands/:brandId/inbox/:conversationId/read', summary: "Move my own read position only: the customer sees no \"Seen\" (what a viewer's reading does; others' reads move both)", tags: ['team inbox'], auth: true, status: 204,
    params: InboxParams, body: Type.Object({ seq: Type.Integer({ minimum: 0, description: 'Read up to this message' }) }, strict), reply: null,
  }),
  markUnread: def({
    method: 'POST', url: '/api/v1/brands/:brandId/inbox/:conversationId/unread', summary: 'Mark a conversation unread for me only', tags: ['team inbox'], auth: true, status: 204,
    params: InboxParams, reply: null,
  }),
  listNotes: def({
    method: 'GET', url: '/api/v1/brands/:brandId/inbox/:conversationId/notes', summary: 'The team\'s private timeline of a conversation: notes and changes, oldest first', tags: ['team inbox'], auth: true,
    params: InboxParams,
    querystring: Type.Object({
      before: Type.Optional(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'Only notes older than this one' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: inboxLimits.notesPageMax, default: inboxLimits.notesPage })),
    }, strict),
    reply: Type.Object({ notes: Type.Array(Note), hasMore: Type.Boolean() }),
  }),
  getInboxSettings: def({
    method: 'GET', url: '/api/v1/brands/:brandId/inbox-settings', summary: "What the brand's team inbox does by itself (the satisfaction survey)", tags: ['team inbox'], auth: true,
    params: Type.Object({ brandId: Id }), reply: InboxSettings,
  }),
  updateInboxSettings: def({
    method: 'PUT', url: '/api/v1/brands/:brandId/inbox-settings', summary: "Change what the brand's team inbox does by itself", tags: ['team inbox'], auth: true,
    params: Type.Object({ brandId: Id }), body: Type.Partial(InboxSettings, { additionalProperties: false }), reply: InboxSettings,
  }),
  listInboxMembers: def({
    method: 'GET', url: '/api/v1/brands/:brandId/inbox-members', summary: 'Who of the team may be given conversations: availability, capacity, load', tags: ['team inbox'], auth: true,
    params: Type.Object({ brandId: Id }), reply: Type.Object({ members: Type.Array(InboxMember) }),
  }),
  updateInboxMember: def({
    method: 'PATCH', url: '/api/v1/brands/:brandId/inbox-members/:memberId', summary: 'Set one\'s own availability; owners and admins set anyone\'s, and capacities', tags: ['team inbox'], auth: true,
    params: Type.Object({ brandId: Id, memberId: Id }),
    body: Type.Object({ availability: Type.Optional(Availability), capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: inboxLimits.capacityMax })) }, strict),
    reply: InboxMember,
  }),
  listSurveys: def({
    method: 'GET', url: '/api/v1/brands/:brandId/inbox/:conversationId/surveys', summary: 'The satisfaction surveys sent in a conversation and their answers, oldest first', tags: ['team inbox'], auth: true,
    params: InboxParams, reply: Type.Object({ surveys: Type.Array(SurveyAnswer) }),
  }),
  markViewing: def({
    method: 'POST', url: '/api/v1/brands/:brandId/inbox/:conversationId/viewing', summary: 'Say I have the conversation open (renew every 15 s; it lapses after 30 s)', tags: ['team inbox'], auth: true, status: 204,
    params: InboxParams, reply: null,
  }),
  addNote: def({
    method: 'POST', url: '/api/v1/brands/:brandId/inbox/:conversationId/notes', summary: 'Write a private note: only the team ever sees it', tags: ['team inbox'], auth: true, status: 201,
    params: InboxParams,
    body: Type.Object({ text: Type.String({ minLength: 1, maxLength: inboxLimits.noteChars }) }, strict),
    reply: Note,
  }),
} as const
