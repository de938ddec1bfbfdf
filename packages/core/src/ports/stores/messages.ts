import type { Button, Entities, QuickReply, QuickReplyResponse, SystemAction } from '@parloir/protocol'
import type { ParticipantRecord } from './participants.ts'
import type { AutomationKind } from './automation-log.ts'

export interface MessageRecord {
  id: string
  conversationId: string
  seq: number
  senderId: string
  /** The team member who wrote it when the sender is a brand; never shown to customers. */
  sentBy: string | null
  kind: 'text' | 'system'
  text: string
  entities: Entities
  quickReply: QuickReply | null
  quickReplyResponse: QuickReplyResponse | null
  buttons: Button[]
  attachmentMediaId: string | null
  system: SystemAction | null
  /** The custom profile a brand message was written under, as it was then. */
  customProfile: { id: string; name: string; avatarMediaId: string | null } | null
  automation: AutomationKind | null
  clientMessageId: string | null
  /** A hash of what the client sent, to tell a retry from a conflicting reuse of its id. */
  bodyHash: string | null
  createdAtMs: number
  unsentAtMs: number | null
  /** The developer app it was sent through; null or absent for the web app and automation. Not presented natively. */
  appId?: string | null
}

/** Messages and system lines of conversations, and who hid which for themself. */
export interface MessageReads {
  /** The message with this id, or undefined. */
  byId(id: string): Promise<MessageRecord | undefined>
  /** The message a sender wrote with this client id in a conversation (the retry of a send), or undefined. */
  byClientId(conversationId: string, senderId: string, clientMessageId: string): Promise<MessageRecord | undefined>
  /**
   * A page of messages by seq, ascending: the newest ones before `beforeSeq` (or the newest of
   * all), or the oldest after `afterSeq`. Leaves out seqs up to `visibleFromSeq` and messages
   * the viewer hid for itself.
   */
  list(conversationId: string, viewerId: string, range: { beforeSeq?: number; afterSeq?: number; visibleFromSeq: number; limit: number }): Promise<MessageRecord[]>
  /** The last message (the one at the conversation's last seq) of each of these conversations that has one. */
  lastOf(conversationIds: readonly string[]): Promise<MessageRecord[]>
  /** The messages at these (conversation, seq) positions that exist. */
  atSeqs(positions: ReadonlyArray<{ conversationId: string; seq: number }>): Promise<MessageRecord[]>
  /** The oldest message this sender wrote in a conversation, or undefined. */
  firstBy(conversationId: string, senderId: string): Promise<MessageRecord | undefined>
  /** The newest message this sender wrote in a conversation, or undefined. */
  latestBy(conversationId: string, senderId: string): Promise<MessageRecord | undefined>
  /** Text messages from others after what the participant read and can see. */
  unreadCount(conversationId: string, viewer: ParticipantRecord): Promise<number>
  /**
   * The messages an account can see across its conversations (a current participant, past where
   * it may see, not hidden for it), newest first by id, created at or after `sinceMs`, with ids
   * below `beforeId`; optionally only in one conversation, of one kind, or in 1:1s. At most `limit`.
   */
  visibleTo(accountId: string, query: { sinceMs: number; beforeId?: string; conversationId?: string; kind?: 'text' | 'system'; directOnly?: boolean; limit: number }): Promise<MessageRecord[]>
  /**
   * How many messages (not system lines) were written after `sinceMs`, by this sender, through
   * this app, in this conversation: each filter given narrows the count. For the DM quotas.
   */
  count(query: { senderId?: string; appId?: string; conversationId?: string; sinceMs: number }): Promise<number>
}

export interface MessageWrites extends MessageReads {
  /**
   * Inserts a message. Returns false, writing nothing, when (conversation, sender,
   * clientMessageId) already exists: the unique index decides.
   */
  insert(message: MessageRecord): Promise<boolean>
  /** Removes the content of a message for everyone, keeping its place and a trace. */
  unsend(id: string, atMs: number): Promise<void>
  /** Hides a message for one account only; nothing when it already was. */
  hide(accountId: string, messageId: string): Promise<void>
}
