import type { Availability, CustomerKind, InboxActivity, InboxCounts, InboxSettings, InboxStatus, InboxView } from '@parloir/protocol'
import type { ConversationRecord } from './conversations.ts'

/** A brand's team state of one of its conversations (one row per brand side of a conversation). */
export interface InboxRecord {
  brandId: string
  conversationId: string
  /** The other side of a 1:1; null in a group. */
  customerId: string | null
  customerKind: CustomerKind
  source: string | null
  status: InboxStatus
  /** When a snooze ends by itself; null while snoozed means when the customer writes. */
  snoozedUntilMs: number | null
  /** The member of the team on it (their own account id). */
  assigneeId: string | null
  /** The customer's oldest message no person of the team answered; null when nothing waits. */
  waitingSinceMs: number | null
  /** Seq of the customer's last message, 0 before they write. */
  lastCustomerSeq: number
  lastCustomerAtMs: number | null
  /** When a person of the team last wrote (automation does not count). */
  lastAnsweredAtMs: number | null
  /** The member who wrote it; null for an app without one, or automation. */
  lastAnsweredBy: string | null
  /**
   * The order of the "newest" views: when the customer last wrote, or before they did, when the
   * first message was written; 0 while nobody wrote, and then the conversation is in no view.
   */
  customerActiveAtMs: number
  /** Reads of members with no read row of their own start here (what the brand had read when the inbox began). */
  readBaselineSeq: number
  /** The brand's labels on it, in the order they were put on (written by the labels store only). */
  labelIds: string[]
  createdAtMs: number
  updatedAtMs: number
}

/** One member's own read position in one brand conversation. */
export interface InboxReaderRecord {
  brandId: string
  conversationId: string
  memberId: string
  lastReadSeq: number
  markedUnread: boolean
}

/** A line of the team's private timeline: a note a member wrote, or a change of status or assignee. */
export interface NoteRecord {
  id: string
  brandId: string
  conversationId: string
  kind: 'note' | 'activity'
  authorId: string | null
  text: string
  mentions: string[]
  activity: InboxActivity | null
  createdAtMs: number
}

/** A satisfaction survey sent in a conversation, and the customer's answer. */
export interface SurveyRecord {
  id: string
  brandId: string
  conversationId: string
  /** The survey message, which the customer answers with a quick reply. */
  messageId: string
  sentAtMs: number
  rating: number | null
  ratedAtMs: number | null
  comment: string | null
}

/** A member's availability and capacity for the team inbox. */
export interface InboxMemberRecord {
  brandId: string
  memberId: string
  availability: Availability
  capacity: number
  lastAssignedAtMs: number | null
}

/** What a view lists, as one member sees it. */
export interface InboxQuery {
  brandId: string
  /** The member asking: "mine" and each row's read state are theirs. */
  memberId: string
  assigneeId?: string
  source?: string
  kind?: CustomerKind
  /** Only conversations carrying this label. */
  label?: string
}

export type InboxOrder = 'newest' | 'waiting'

/** A full-text search of a brand's conversations and notes, with the inbox filters. */
export interface InboxSearchQuery {
  brandId: string
  assigneeId?: string
  source?: string
  kind?: CustomerKind
  label?: string
  /** Of each kind (messages, notes). */
  limit: number
}

/** A message or a note that matched, with a snippet whose matches are marked. */
export interface InboxSearchHit {
  kind: 'message' | 'note'
  id: string
  conversationId: string
  /** A message's seq; null for a note. */
  seq: number | null
  /** Who of the team wrote it (a brand message's member, a note's author); null for the customer's. */
  authorId: string | null
  createdAtMs: number
  /** A few words around the matches, each match between U+0002 and U+0003. */
  snippet: string
}

/** A row of a view: the team's state, the conversation, and the asking member's reads. */
export interface InboxListRow {
  state: InboxRecord
  conversation: ConversationRecord
  reader: { lastReadSeq: number; markedUnread: boolean }
  /** The customer's messages after the member's read position. */
  unreadCount: number
}

/** The team inbox of brands: its rows, members' reads, and the team's private notes. */
export interface InboxReads {
  /** The brand sides of a conversation (none when no brand takes part). */
  forConversation(conversationId: string): Promise<InboxRecord[]>
  /** The brand's row of a conversation, or undefined. */
  get(brandId: string, conversationId: string): Promise<InboxRecord | undefined>
  /**
   * A page of one view. `after` is the position of the last row of the previous page:
   * newest order is (customerActiveAtMs desc, conversationId desc); waiting order is
   * (waitingSinceMs asc with the answered ones last, conversationId asc). `expectedRows`, when
   * known, is how many rows the view holds with these filters (its count): the engine may pick
   * its plan by it.
   */
  list(query: InboxQuery & { view: InboxView; order: InboxOrder; after: { atMs: number; id: string } | null; limit: number; expectedRows?: number }): Promise<InboxListRow[]>
  /** How many conversations each view holds with the query's filters: counted, not estimated. */
  counts(query: InboxQuery): Promise<InboxCounts>
  /** A member's own read row, or undefined before they read anything there. */
  reader(brandId: string, conversationId: string, memberId: string): Promise<InboxReaderRecord | undefined>
  /** The customer's messages after `afterSeq` in a conversation where `brandId` is a side. */
  customerMessagesAfter(brandId: string, conversationId: string, afterSeq: number): Promise<number>
  /** A page of the team's timeline, newest `limit` before `beforeId` (or the newest), returned oldest first. */
  notes(brandId: string, conversationId: string, page: { beforeId?: string; limit: number }): Promise<NoteRecord[]>
  /**
   * The brand's messages (those it may see, not hidden or unsent) and notes holding every word,
   * the last one as a prefix, accents and case aside where the engine can: newest first, at most
   * `limit` of each kind. `words` are letters and digits only.
   */
  search(query: InboxSearchQuery & { words: readonly string[] }): Promise<InboxSearchHit[]>
  /** The brand's inbox settings, or undefined while it never changed them. */
  settings(brandId: string): Promise<InboxSettings | undefined>
  /** The surveys sent in a conversation by this brand, oldest first. */
  surveys(brandId: string, conversationId: string): Promise<SurveyRecord[]>
  /** The members of a brand who set an availability or were given a capacity or a conversation (others have the defaults). */
  members(brandId: string): Promise<InboxMemberRecord[]>
  /** How many open conversations of the brand each of these members is assigned. */
  openAssigned(brandId: string, memberIds: readonly string[]): Promise<Map<string, number>>
  /** The brand's conversations assigned to a member that are not resolved. */
  assignedTo(brandId: string, memberId: string, statuses: readonly InboxStatus[]): Promise<InboxRecord[]>
  /** How many notes (not activity lines) the team wrote in a conversation. */
  noteCount(brandId: string, conversationId: string): Promise<number>
  /** The brand's group conversations this account currently takes part in, latest activity first, at most `limit`. */
  groupsWith(brandId: string, accountId: string, limit: number): Promise<InboxRecord[]>
  /** Snoozed rows whose time has come, oldest first. */
  snoozesDue(nowMs: number, limit: number): Promise<InboxRecord[]>
  /** The brand's open, unassigned conversations whose customer waits, who waited longest first. */
  unassignedWaiting(brandId: string, limit: number): Promise<InboxRecord[]>
  /** Until when each of these accounts is there (their presence lease); absent from the map when never, null once handled as gone. */
  presence(accountIds: readonly string[]): Promise<Map<string, number | null>>
  /** Accounts whose lease ended before `nowMs` and was not yet handled, oldest first. */
  presenceLapsed(nowMs: number, limit: number): Promise<string[]>
}

export interface InboxWrites extends InboxReads {
  /** Adds a brand side of a conversation; nothing when it is already there. */
  insert(record: InboxRecord): Promise<void>
  /** Changes the given fields of a row; the others stay. */
  update(brandId: string, conversationId: string, patch: Partial<Omit<InboxRecord, 'brandId' | 'conversationId' | 'createdAtMs' | 'labelIds'>>): Promise<void>
  /** Removes a brand side (the brand left the conversation), with its labels. */
  remove(brandId: string, conversationId: string): Promise<void>
  /** Writes a member's read row. */
  setReader(record: InboxReaderRecord): Promise<void>
  /** Writes the brand's inbox settings. */
  setSettings(brandId: string, settings: InboxSettings, atMs: number): Promise<void>
  /** Writes a member's availability, capacity and when they were last given a conversation. */
  setMember(member: InboxMemberRecord): Promise<void>
  /** Records a survey sent. */
  insertSurvey(survey: SurveyRecord): Promise<void>
  /** Records the customer's rating or comment. */
  updateSurvey(id: string, patch: Partial<Pick<SurveyRecord, 'rating' | 'ratedAtMs' | 'comment'>>): Promise<void>
  /** Appends a line to the team's timeline. */
  insertNote(note: NoteRecord): Promise<void>
  /** Sets an account's presence lease; null records that its end was handled. */
  setPresence(accountId: string, untilMs: number | null): Promise<void>
}
