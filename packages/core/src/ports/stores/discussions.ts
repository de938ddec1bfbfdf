import type { Entities } from '@parloir/protocol'

export interface DiscussionRecord {
  id: string
  /** The account that started it: a person, or a brand (whose team member acted: `createdBy`). */
  starterId: string
  createdBy: string
  title: string
  indexable: boolean
  /** Set while closed: when, why (public), by whom (the person who acted). */
  closedAtMs: number | null
  closedReason: string | null
  closedBy: string | null
  /** The seq of the last post: posts are numbered 1, 2, … without gaps. */
  postCount: number
  /** Accounts taking part, the starter included (asks to join are not counted). */
  participantCount: number
  createdAtMs: number
  lastPostAtMs: number
}

/** The fields of a discussion that change; its starter and creation stay. */
export type DiscussionChanges = Partial<Pick<DiscussionRecord, 'title' | 'indexable' | 'closedAtMs' | 'closedReason' | 'closedBy' | 'participantCount'>>

/** removed: taken out by a moderator (with `reason`); it neither posts nor may ask to join again until re-added. */
export type DiscussionMemberStatus = 'starter' | 'participant' | 'requested' | 'removed'

/** An account in a discussion: taking part (starter, participant) or asking to (requested). */
export interface DiscussionMemberRecord {
  discussionId: string
  accountId: string
  status: DiscussionMemberStatus
  /** Who let it in or invited it (the person who acted); null for the starter and an ask. */
  addedBy: string | null
  /** When it joined, asked, or was removed. */
  atMs: number
  /** Why it was removed (or re-added), as the moderator wrote it: the person reads it. Null otherwise. */
  reason?: string | null
}

/** A post an agent continued in private: the brand's conversation with its author, the message quoting it, the public reply. */
export interface DiscussionContinuationRecord {
  brandId: string
  postId: string
  discussionId: string
  conversationId: string
  messageId: string
  replyPostId: string
  /** The member who clicked. */
  by: string
  atMs: number
}

export interface DiscussionPostRecord {
  id: string
  discussionId: string
  seq: number
  /** The account the post is from: a person, or a brand. */
  authorId: string
  /** The team member who wrote it as the brand; null when a person wrote as themself. */
  sentBy: string | null
  text: string
  entities: Entities
  quotePostId: string | null
  mediaId: string | null
  createdAtMs: number
  /** Moderation: set while the post is hidden, with the public reason and the account that hid it (the brand, or the person who started it). */
  hiddenAtMs: number | null
  hiddenReason: string | null
  hiddenBy: string | null
  /** When its author asked for a review of the hide (once per hide); null otherwise. */
  reviewRequestedAtMs?: number | null
}

/** Public discussions: the discussions, who takes part or asks to, and the posts. */
export interface DiscussionReads {
  /** The discussion with this id, or undefined. */
  byId(id: string): Promise<DiscussionRecord | undefined>
  /** This account's place in the discussion, or undefined when it neither takes part nor asked. */
  member(discussionId: string, accountId: string): Promise<DiscussionMemberRecord | undefined>
  /** Those taking part (starter and participants), those asking, or those removed, oldest first, at most `limit`. */
  members(discussionId: string, which: 'taking part' | 'requested' | 'removed', limit: number): Promise<DiscussionMemberRecord[]>
  /** How many take part (starter and participants), or how many ask. */
  countMembers(discussionId: string, which: 'taking part' | 'requested'): Promise<number>
  /** The discussions any of these accounts is in (any status), the latest post first, at most `limit`, each with that account's place. */
  ofAccounts(accountIds: readonly string[], limit: number): Promise<Array<{ discussion: DiscussionRecord; member: DiscussionMemberRecord }>>
  /** Posts with seq in (afterSeq, afterSeq + limit], in order: a page is a range of the index. */
  posts(discussionId: string, afterSeq: number, limit: number): Promise<DiscussionPostRecord[]>
  /** Posts by id, in no order; missing ids are left out. */
  postsByIds(ids: readonly string[]): Promise<DiscussionPostRecord[]>
  /** What "continue in private" wrote for this brand, for those of these posts it continued (in no order). */
  continuations(brandId: string, postIds: readonly string[]): Promise<DiscussionContinuationRecord[]>
}

export interface DiscussionWrites extends DiscussionReads {
  /** Inserts a discussion. */
  insert(discussion: DiscussionRecord): Promise<void>
  /** Changes the given fields; the others stay. */
  update(id: string, changes: DiscussionChanges): Promise<void>
  /** The next post's seq (incrementing the count in the transaction, so seqs have no gaps), and the time of the last post. */
  nextSeq(discussionId: string, atMs: number): Promise<number>
  /** Puts an account in the discussion, or changes its place (an ask let in becomes a participant). */
  putMember(member: DiscussionMemberRecord): Promise<void>
  /** Takes an account out (an ask declined or withdrawn). */
  removeMember(discussionId: string, accountId: string): Promise<void>
  /** Inserts a post (its seq from nextSeq). */
  insertPost(post: DiscussionPostRecord): Promise<void>
  /** Hides a post (with when, why, by whom) or shows it again (null); either clears its review request. */
  setPostHidden(postId: string, hidden: { atMs: number; reason: string; by: string } | null): Promise<void>
  /** Marks a hidden post's review as asked for: false when it is not hidden or was already asked. */
  markPostReviewRequested(postId: string, atMs: number): Promise<boolean>
  /** Remembers a continuation: false (and nothing written) when one exists for this brand and post. */
  insertContinuation(record: DiscussionContinuationRecord): Promise<boolean>
}
