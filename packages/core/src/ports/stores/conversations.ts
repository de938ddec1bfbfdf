import type { ParticipantStatus } from '@parloir/protocol'
import type { ParticipantRecord } from './participants.ts'

export interface ConversationRecord {
  id: string
  kind: 'direct' | 'group'
  /** For direct conversations, the two account ids sorted and joined by ':'; unique. */
  pairKey: string | null
  name: string | null
  avatarMediaId: string | null
  createdBy: string
  createdAtMs: number
  updatedAtMs: number
  lastSeq: number
  lastMessageAtMs: number
  /** The `ref` of the link or button it was opened from. */
  source: string | null
}

/** A conversation as one of its participants sees it in a box. */
export interface ConversationListItem {
  conversation: ConversationRecord
  viewer: ParticipantRecord
  unreadCount: number
}

/** Conversations, 1:1 and group, and their message sequence. */
export interface ConversationReads {
  /** The conversation with this id, or undefined. */
  byId(id: string): Promise<ConversationRecord | undefined>
  /** The direct conversation with this pair key (see `ConversationRecord.pairKey`), or undefined. */
  byPairKey(pairKey: string): Promise<ConversationRecord | undefined>
  /**
   * Conversations of an account in one box, by last activity, newest first. `before` is an
   * opaque position returned as `next` by the previous page.
   */
  list(accountId: string, status: ParticipantStatus, limit: number, before: { atMs: number; id: string } | null): Promise<ConversationListItem[]>
}

export interface ConversationWrites extends ConversationReads {
  /**
   * Inserts a conversation. For a direct one, when another transaction already created the
   * pair, inserts nothing and returns false: the unique pair key decides, not a prior read.
   */
  insert(conversation: ConversationRecord): Promise<boolean>
  /** Changes the given fields of a conversation; the others stay. */
  update(id: string, patch: Partial<Pick<ConversationRecord, 'name' | 'avatarMediaId' | 'updatedAtMs'>>): Promise<void>
  /** Increments and returns the conversation's last seq, and marks its activity time. */
  nextSeq(conversationId: string, atMs: number): Promise<number>
}
