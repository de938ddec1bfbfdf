import type {
  AwayMessage, BrandRole, Entities, Button, EventName, MediaKind, ParticipantStatus, QuickReply, QuickReplyResponse, ReplyTime,
  Settings, SupportCalendar, SystemAction,
} from '@parloir/protocol'
// Webhooks (packages/core/src/webhooks/records.ts, packages/storage/src/webhooks.ts).
import type { WebhookStorageReads, WebhookStorageTx } from '../webhooks/records.ts'

/** Rows as the domain sees them. Times are milliseconds since the Unix epoch. */
export interface AccountRecord {
  id: string
  kind: 'person' | 'brand' | 'visitor'
  handle: string
  displayName: string
  bio: string
  avatarMediaId: string | null
  passwordHash: string | null
  /** A visitor's address for being told of answers; null for people and brands. */
  email: string | null
  settings: Settings
  createdAtMs: number
}

export interface SessionRecord {
  id: string
  accountId: string
  tokenHash: string
  csrfToken: string
  userAgent: string
  createdAtMs: number
  lastSeenAtMs: number
  expiresAtMs: number
  revokedAtMs: number | null
}

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

export interface ParticipantRecord {
  conversationId: string
  accountId: string
  status: ParticipantStatus
  joinedCursor: number
  leftCursor: number | null
  lastReadSeq: number
  /** Messages up to this seq are not shown to this participant (joined later, or deleted the request). */
  visibleFromSeq: number
  joinedAtMs: number
}

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

export type AutomationKind = 'welcome' | 'away' | 'keyword'

export interface BrandMessagingRecord {
  brandId: string
  supportCalendar: SupportCalendar | null
  replyTime: ReplyTime | null
  awayMessage: AwayMessage
  embedOrigins: string[]
  defaultWelcomeMessageId: string | null
  updatedAtMs: number
}

export interface WelcomeMessageRecord {
  id: string
  brandId: string
  name: string
  text: string
  entities: Entities
  quickReply: QuickReply | null
  buttons: Button[]
  mediaId: string | null
  createdAtMs: number
  updatedAtMs: number
}

export interface KeywordRuleRecord {
  id: string
  brandId: string
  keywords: string[]
  replyText: string
  quickReply: QuickReply | null
  enabled: boolean
  createdAtMs: number
}

export interface CustomProfileRecord {
  id: string
  brandId: string
  name: string
  avatarMediaId: string | null
  createdAtMs: number
}

/** One automated message, kept to enforce the anti-flood rules. */
export interface AutomationLogRecord {
  id: string
  brandId: string
  conversationId: string
  kind: AutomationKind
  /** Whether it counts against the brand's daily quota (free replies do not). */
  counted: boolean
  atMs: number
}

/** An email telling a visitor that a brand answered; an outbox row, sent by the server's mailer. */
export interface EmailNotificationRecord {
  id: string
  accountId: string
  conversationId: string
  brandId: string
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  nextAttemptAtMs: number
  lastError: string | null
  createdAtMs: number
  sentAtMs: number | null
}

export interface MediaRecord {
  id: string
  ownerAccountId: string
  kind: MediaKind
  mimeType: string
  sizeBytes: number
  width: number | null
  height: number | null
  fileName: string
  storageKey: string
  thumbnailKey: string | null
  messageId: string | null
  createdAtMs: number
}

/** A durable event as kept in the event log. */
export interface EventRecord {
  cursor: number
  name: EventName
  conversationId: string | null
  accountId: string | null
  data: unknown
  receipt: ReceiptScope | null
}

/** Read receipts reach others only when reader and viewer both share them. */
export interface ReceiptScope {
  readerId: string
  shared: boolean
}

export interface NewEvent {
  name: EventName
  data: unknown
  /** Conversation-scoped: replayed to its participants. */
  conversationId?: string
  /** Account-scoped: replayed to that account only. */
  accountId?: string
  receipt?: ReceiptScope
}

export interface ConversationListItem {
  conversation: ConversationRecord
  viewer: ParticipantRecord
  unreadCount: number
}

// --- Developer apps (packages/core/src/apps, packages/storage/src/apps.ts) ---

/** A developer app of a person or a brand. Its consumer secret is stored sealed by the `Secrets` port. */
export interface AppRecord {
  id: string
  ownerAccountId: string
  name: string
  /** Public, unique: the OAuth 1.0a consumer key and OAuth 2 client id. */
  consumerKey: string
  consumerSecretSealed: string
  /** Where the OAuth 2 consent may send its code back; compared exactly. */
  redirectUris: string[]
  createdBy: string
  createdAtMs: number
  revokedAtMs: number | null
}

export type AppTokenKind = 'oauth1' | 'app-only' | 'oauth2-user'

/** A token an app holds, found by the SHA-256 of its value. */
export interface AppTokenRecord {
  id: string
  appId: string
  kind: AppTokenKind
  /** The account it acts as (a person, or a brand); null for app-only bearers. */
  accountId: string | null
  /** The person who granted it; for a brand, the admin whose membership it relies on. */
  grantedBy: string | null
  tokenHash: string
  /** OAuth 1.0a token secret, sealed. */
  secretSealed: string | null
  /** OAuth 2 refresh token, hashed. */
  refreshHash: string | null
  scopes: string[]
  createdAtMs: number
  expiresAtMs: number | null
  revokedAtMs: number | null
}

/** An OAuth 2 authorization code, waiting to be exchanged once. */
export interface AppAuthorizationCodeRecord {
  codeHash: string
  appId: string
  accountId: string
  grantedBy: string
  scopes: string[]
  redirectUri: string
  /** PKCE S256 challenge: base64url(SHA-256(verifier)). */
  codeChallenge: string
  createdAtMs: number
  expiresAtMs: number
  usedAtMs: number | null
}

/** Reads of the developer-apps part of the port. */
export interface AppStorageReads {
  appById(id: string): Promise<AppRecord | undefined>
  appByConsumerKey(consumerKey: string): Promise<AppRecord | undefined>
  /** Apps owned by any of these accounts, revoked ones included, oldest first. */
  appsOwnedBy(accountIds: readonly string[]): Promise<AppRecord[]>
  appTokenById(id: string): Promise<AppTokenRecord | undefined>
  /** The token whose value hashes to this, revoked or not. */
  appTokenByHash(tokenHash: string): Promise<AppTokenRecord | undefined>
  appTokenByRefreshHash(refreshHash: string): Promise<AppTokenRecord | undefined>
  /** An app's tokens, revoked ones included, oldest first. */
  appTokens(appId: string): Promise<AppTokenRecord[]>
  authorizationCodeByHash(codeHash: string): Promise<AppAuthorizationCodeRecord | undefined>
  /**
   * How many messages (not system lines) were written after `sinceMs`, by this sender, through
   * this app, in this conversation: each filter given narrows the count. For the DM quotas.
   */
  countMessages(query: { senderId?: string; appId?: string; conversationId?: string; sinceMs: number }): Promise<number>
}

/** Writes of the developer-apps part of the port. */
export interface AppStorageTx {
  insertApp(app: AppRecord): Promise<void>
  updateApp(id: string, patch: Partial<Pick<AppRecord, 'name' | 'redirectUris'>>): Promise<void>
  /** Marks the app and every token of it revoked. */
  revokeApp(id: string, atMs: number): Promise<void>
  insertAppToken(token: AppTokenRecord): Promise<void>
  revokeAppToken(id: string, atMs: number): Promise<void>
  insertAuthorizationCode(code: AppAuthorizationCodeRecord): Promise<void>
  /** Marks a code used; false when it already was (the statement decides, so a code works once). */
  useAuthorizationCode(codeHash: string, atMs: number): Promise<boolean>
}

// --- end of developer apps ---

/** Queries; the same methods run outside a transaction or inside one. */
export interface StorageReads extends AppStorageReads, WebhookStorageReads {
  /** The account with this id, or undefined. */
  accountById(id: string): Promise<AccountRecord | undefined>
  /** The account with this handle, compared without regard to case. */
  accountByHandle(handle: string): Promise<AccountRecord | undefined>
  /** Accounts by id, in no particular order; missing ids are left out. */
  accountsByIds(ids: readonly string[]): Promise<AccountRecord[]>
  /** The session whose token hashes to this value, revoked or not. */
  sessionByTokenHash(tokenHash: string): Promise<SessionRecord | undefined>
  sessionById(id: string): Promise<SessionRecord | undefined>
  /** Open (not revoked, not expired at nowMs) sessions of an account. */
  openSessions(accountId: string, nowMs: number): Promise<SessionRecord[]>
  /** The role of an account in a brand's team, or undefined. */
  brandRole(brandId: string, accountId: string): Promise<BrandRole | undefined>
  /** Brands an account belongs to, with its role. */
  brandsOf(accountId: string): Promise<Array<{ brandId: string; role: BrandRole }>>
  brandMembers(brandId: string): Promise<Array<{ accountId: string; role: BrandRole }>>
  /** Whether `a` blocks `b` or `b` blocks `a` (one query: every 1:1 send asks). */
  eitherBlocks(a: string, b: string): Promise<boolean>
  blockedBy(blockerId: string): Promise<string[]>
  conversationById(id: string): Promise<ConversationRecord | undefined>
  conversationByPairKey(pairKey: string): Promise<ConversationRecord | undefined>
  /** Current participants (not left) of a conversation. */
  participants(conversationId: string): Promise<ParticipantRecord[]>
  /** Current participants of several conversations at once. */
  participantsOf(conversationIds: readonly string[]): Promise<ParticipantRecord[]>
  /** The current participation of an account, or undefined if it never joined or left. */
  participant(conversationId: string, accountId: string): Promise<ParticipantRecord | undefined>
  /**
   * Conversations of an account in one box, by last activity, newest first. `before` is an
   * opaque position returned as `next` by the previous page.
   */
  listConversations(accountId: string, status: ParticipantStatus, limit: number, before: { atMs: number; id: string } | null): Promise<ConversationListItem[]>
  /**
   * A page of messages by seq, ascending: the newest ones before `beforeSeq` (or the newest of
   * all), or the oldest after `afterSeq`. Leaves out seqs up to `visibleFromSeq` and messages
   * the viewer hid for itself.
   */
  listMessages(conversationId: string, viewerId: string, range: { beforeSeq?: number; afterSeq?: number; visibleFromSeq: number; limit: number }): Promise<MessageRecord[]>
  /** Messages from others after what the participant read and can see. */
  unreadCount(conversationId: string, viewer: ParticipantRecord): Promise<number>
  messageById(id: string): Promise<MessageRecord | undefined>
  lastMessages(conversationIds: readonly string[]): Promise<MessageRecord[]>
  messageByClientId(conversationId: string, senderId: string, clientMessageId: string): Promise<MessageRecord | undefined>
  mediaById(id: string): Promise<MediaRecord | undefined>
  mediaByIds(ids: readonly string[]): Promise<MediaRecord[]>
  /**
   * Whether these accounts can see this media: public media (avatars, welcome messages, custom
   * profiles), or a message that carries it in a conversation one of them is in.
   */
  canReadMedia(mediaId: string, accountIds: readonly string[]): Promise<boolean>
  /** The pending email notification of an account in a conversation, if one waits. */
  pendingEmailNotification(accountId: string, conversationId: string): Promise<EmailNotificationRecord | undefined>
  /** Pending notifications whose next attempt is due at `nowMs`, oldest first. */
  dueEmailNotifications(nowMs: number, limit: number): Promise<EmailNotificationRecord[]>
  /** The newest message this sender wrote in a conversation, or undefined. */
  latestMessageBy(conversationId: string, senderId: string): Promise<MessageRecord | undefined>
  /** A brand's messaging settings, or undefined when never set. */
  brandMessaging(brandId: string): Promise<BrandMessagingRecord | undefined>
  /** A brand's welcome messages, oldest first. */
  welcomeMessages(brandId: string): Promise<WelcomeMessageRecord[]>
  welcomeMessageById(id: string): Promise<WelcomeMessageRecord | undefined>
  /** A brand's keyword rules, oldest first: the first that matches answers. */
  keywordRules(brandId: string): Promise<KeywordRuleRecord[]>
  keywordRuleById(id: string): Promise<KeywordRuleRecord | undefined>
  /** A brand's custom profiles, oldest first. */
  customProfiles(brandId: string): Promise<CustomProfileRecord[]>
  customProfileById(id: string): Promise<CustomProfileRecord | undefined>
  /**
   * How many automated messages match: of a brand since a time, optionally only in one
   * conversation, of one kind, or only those counted against the quota.
   */
  automationCount(query: { brandId: string; sinceMs: number; conversationId?: string; kind?: AutomationKind; countedOnly?: boolean }): Promise<number>
  /**
   * Events after a cursor for any of these accounts, oldest first, at most `limit`, each with
   * the accounts among these it is for: conversation events while the account took part
   * (joined at or before, left after), account events for that account.
   */
  eventsAfter(cursor: number, accountIds: readonly string[], limit: number): Promise<Array<EventRecord & { audience: string[] }>>
  /** The newest cursor in the event log, 0 when empty. */
  latestCursor(): Promise<number>
  /** The oldest cursor still kept, or null when the log is empty. */
  oldestCursor(): Promise<number | null>
}

/** Writes; only inside `Storage.transaction`. */
export interface StorageTx extends StorageReads, AppStorageTx, WebhookStorageTx {
  insertAccount(account: AccountRecord): Promise<void>
  updateAccount(id: string, patch: Partial<Pick<AccountRecord, 'displayName' | 'bio' | 'avatarMediaId' | 'settings' | 'email'>>): Promise<void>
  insertSession(session: SessionRecord): Promise<void>
  touchSession(id: string, lastSeenAtMs: number): Promise<void>
  revokeSession(id: string, atMs: number): Promise<void>
  setBrandRole(brandId: string, accountId: string, role: BrandRole, atMs: number): Promise<void>
  removeBrandMember(brandId: string, accountId: string): Promise<void>
  setBlock(blockerId: string, blockedId: string, atMs: number): Promise<void>
  removeBlock(blockerId: string, blockedId: string): Promise<void>
  insertReport(report: { id: string; reporterId: string; targetAccountId: string; conversationId: string | null; messageId: string | null; reason: string; createdAtMs: number }): Promise<void>
  /**
   * Inserts a conversation. For a direct one, when another transaction already created the
   * pair, inserts nothing and returns false: the unique pair key decides, not a prior read.
   */
  insertConversation(conversation: ConversationRecord): Promise<boolean>
  updateConversation(id: string, patch: Partial<Pick<ConversationRecord, 'name' | 'avatarMediaId' | 'updatedAtMs'>>): Promise<void>
  /** Adds or re-adds a participant. */
  upsertParticipant(participant: ParticipantRecord): Promise<void>
  updateParticipant(conversationId: string, accountId: string, patch: Partial<Pick<ParticipantRecord, 'status' | 'leftCursor' | 'lastReadSeq' | 'joinedCursor' | 'visibleFromSeq'>>): Promise<void>
  /** Increments and returns the conversation's last seq, and marks its activity time. */
  nextSeq(conversationId: string, atMs: number): Promise<number>
  /**
   * Inserts a message. Returns false, writing nothing, when (conversation, sender,
   * clientMessageId) already exists: the unique index decides.
   */
  insertMessage(message: MessageRecord): Promise<boolean>
  /** Removes the content of a message for everyone, keeping its place and a trace. */
  unsendMessage(id: string, atMs: number): Promise<void>
  hideMessage(accountId: string, messageId: string): Promise<void>
  insertMedia(media: MediaRecord): Promise<void>
  attachMedia(mediaId: string, messageId: string): Promise<boolean>
  deleteMedia(id: string): Promise<void>
  insertEmailNotification(record: EmailNotificationRecord): Promise<void>
  updateEmailNotification(id: string, patch: Partial<Pick<EmailNotificationRecord, 'status' | 'attempts' | 'nextAttemptAtMs' | 'lastError' | 'sentAtMs'>>): Promise<void>
  upsertBrandMessaging(record: BrandMessagingRecord): Promise<void>
  insertWelcomeMessage(record: WelcomeMessageRecord): Promise<void>
  updateWelcomeMessage(id: string, patch: Partial<Omit<WelcomeMessageRecord, 'id' | 'brandId' | 'createdAtMs'>>): Promise<void>
  deleteWelcomeMessage(id: string): Promise<void>
  insertKeywordRule(record: KeywordRuleRecord): Promise<void>
  updateKeywordRule(id: string, patch: Partial<Omit<KeywordRuleRecord, 'id' | 'brandId' | 'createdAtMs'>>): Promise<void>
  deleteKeywordRule(id: string): Promise<void>
  insertCustomProfile(record: CustomProfileRecord): Promise<void>
  deleteCustomProfile(id: string): Promise<void>
  insertAutomationLog(record: AutomationLogRecord): Promise<void>
  /** Appends a durable event and returns its cursor. */
  appendEvent(event: NewEvent): Promise<number>
  /** Runs after this transaction's commit is durable, in the order registered. */
  afterCommit(fn: () => void): void
}

export interface Storage {
  readonly reads: StorageReads
  /**
   * Runs `fn` in a write transaction and resolves once its commit is durable. Concurrent calls
   * may share one commit (group commit); each runs alone inside it, and when one throws only
   * its own writes are rolled back.
   */
  transaction<T>(fn: (tx: StorageTx) => Promise<T>): Promise<T>
  /** Throws when the database cannot answer. */
  ping(): Promise<void>
  /**
   * Writes a consistent copy of the database to a file while it stays online. An engine backed up
   * with its own tools (PostgreSQL: pg_dump) throws instead, naming them.
   */
  backup(destinationPath: string): Promise<void>
  /** Finishes pending commits, then closes. */
  close(): Promise<void>
}

// ---- Chunked media uploads -----------------------------------------------------------------
// Declared as extra members of StorageReads / StorageTx (interface merging) so this section
// stays apart from the rest of the port.

export type MediaUploadState = 'pending' | 'processing' | 'succeeded' | 'failed'

/** A chunked upload in progress or just finished; its id becomes the media's id. */
export interface MediaUploadRecord {
  id: string
  ownerAccountId: string
  /** The MIME type the uploader declared; the bytes decide in the end. */
  mediaType: string
  kind: 'image' | 'gif' | 'video'
  totalBytes: number
  shared: boolean
  state: MediaUploadState
  /** The error code when `state` is failed. */
  error: string | null
  createdAtMs: number
  expiresAtMs: number
}

export interface MediaUploadSegmentRecord {
  uploadId: string
  index: number
  sizeBytes: number
  /** Where the media store keeps the segment's bytes. */
  segmentKey: string
  createdAtMs: number
}

export interface StorageReads {
  mediaUploadById(id: string): Promise<MediaUploadRecord | undefined>
  /** The segments received so far, by index. */
  mediaUploadSegments(uploadId: string): Promise<MediaUploadSegmentRecord[]>
  /** Uploads of an account not finished and not expired at `nowMs`. */
  openMediaUploadCount(ownerAccountId: string, nowMs: number): Promise<number>
  /** Uploads that expired at or before `nowMs`, oldest first, at most `limit`. */
  expiredMediaUploads(nowMs: number, limit: number): Promise<MediaUploadRecord[]>
}

export interface StorageTx {
  insertMediaUpload(upload: MediaUploadRecord): Promise<void>
  updateMediaUpload(id: string, patch: Partial<Pick<MediaUploadRecord, 'state' | 'error' | 'expiresAtMs'>>): Promise<void>
  /** Adds or replaces the segment at its index. */
  putMediaUploadSegment(segment: MediaUploadSegmentRecord): Promise<void>
  /** Removes an upload and its segment rows (not the media made from it). */
  deleteMediaUpload(id: string): Promise<void>
}

// ---- Twitter-compatible DM events (packages/server/src/twitter) ----------------------------------

export interface StorageReads {
  /**
   * The messages an account can see across its conversations (a current participant, past where
   * it may see, not hidden for it), newest first by id, created at or after `sinceMs`, with ids
   * below `beforeId`; optionally only in one conversation, of one kind, or in 1:1s. At most `limit`.
   */
  accountMessages(accountId: string, query: { sinceMs: number; beforeId?: string; conversationId?: string; kind?: 'text' | 'system'; directOnly?: boolean; limit: number }): Promise<MessageRecord[]>
}
