import type { AccountReads, AccountWrites } from './stores/accounts.ts'
import type { AppReads, AppWrites } from './stores/apps.ts'
import type { AutomationLogReads, AutomationLogWrites } from './stores/automation-log.ts'
import type { ReplyTimeReads, ReplyTimeWrites } from './stores/reply-times.ts'
import type { BrandMessagingReads, BrandMessagingWrites } from './stores/brand-messaging.ts'
import type { BrandReads, BrandWrites } from './stores/brands.ts'
import type { CollectionReads, CollectionWrites } from './stores/collections.ts'
import type { ConversationReads, ConversationWrites } from './stores/conversations.ts'
import type { CustomFieldReads, CustomFieldWrites } from './stores/custom-fields.ts'
import type { CustomProfileReads, CustomProfileWrites } from './stores/custom-profiles.ts'
import type { EmailNotificationReads, EmailNotificationWrites } from './stores/email-notifications.ts'
import type { EventReads, EventWrites } from './stores/events.ts'
import type { KeywordRuleReads, KeywordRuleWrites } from './stores/keyword-rules.ts'
import type { LabelReads, LabelWrites } from './stores/labels.ts'
import type { MediaReads, MediaWrites } from './stores/media.ts'
import type { MediaUploadReads, MediaUploadWrites } from './stores/media-uploads.ts'
import type { MessageReads, MessageWrites } from './stores/messages.ts'
import type { ParticipantReads, ParticipantWrites } from './stores/participants.ts'
import type { PushReads, PushWrites } from './stores/push.ts'
import type { PersonNotificationReads, PersonNotificationWrites } from './stores/person-notifications.ts'
import type { VisitorIdentityReads, VisitorIdentityWrites } from './stores/visitor-identities.ts'
import type { PeopleReads } from './stores/people.ts'
import type { SafetyReads, SafetyWrites } from './stores/safety.ts'
import type { ModerationReads, ModerationWrites } from './stores/moderation.ts'
import type { SavedReplyReads, SavedReplyWrites } from './stores/saved-replies.ts'
import type { SessionReads, SessionWrites } from './stores/sessions.ts'
import type { InboxReads, InboxWrites } from './stores/team-inbox.ts'
import type { VisitorLinkReads, VisitorLinkWrites } from './stores/visitor-links.ts'
import type { WebhookReads, WebhookWrites } from './stores/webhooks.ts'
import type { WelcomeMessageReads, WelcomeMessageWrites } from './stores/welcome-messages.ts'
import type { DiscussionReads, DiscussionWrites } from './stores/discussions.ts'

// One store port per feature, each in stores/<feature>.ts beside its records: reads, and writes
// that extend them. Storage composes them (`reads.messages.byId`, `tx.messages.insert`), as
// Mattermost's `Store.Reaction()`; a new feature adds a store here rather than methods to a
// shared interface.
export type * from './stores/accounts.ts'
export type * from './stores/apps.ts'
export type * from './stores/automation-log.ts'
export type * from './stores/brand-messaging.ts'
export type * from './stores/brands.ts'
export type * from './stores/collections.ts'
export type * from './stores/conversations.ts'
export type * from './stores/custom-fields.ts'
export type * from './stores/custom-profiles.ts'
export type * from './stores/email-notifications.ts'
export type * from './stores/events.ts'
export type * from './stores/keyword-rules.ts'
export type * from './stores/labels.ts'
export type * from './stores/media.ts'
export type * from './stores/media-uploads.ts'
export type * from './stores/messages.ts'
export type * from './stores/participants.ts'
export type * from './stores/people.ts'
export type * from './stores/push.ts'
export type * from './stores/person-notifications.ts'
export type * from './stores/visitor-identities.ts'
export type * from './stores/safety.ts'
export type * from './stores/moderation.ts'
export type * from './stores/saved-replies.ts'
export type * from './stores/sessions.ts'
export type * from './stores/team-inbox.ts'
export type * from './stores/visitor-links.ts'
export type * from './stores/webhooks.ts'
export type * from './stores/reply-times.ts'
export type * from './stores/welcome-messages.ts'
export type * from './stores/discussions.ts'

/** Queries, store by store; the same stores run outside a transaction or inside one (`StorageTx`). */
export interface StorageReads {
  readonly accounts: AccountReads
  readonly sessions: SessionReads
  readonly brands: BrandReads
  readonly safety: SafetyReads
  readonly conversations: ConversationReads
  readonly participants: ParticipantReads
  readonly messages: MessageReads
  readonly media: MediaReads
  readonly mediaUploads: MediaUploadReads
  readonly events: EventReads
  readonly emailNotifications: EmailNotificationReads
  readonly visitorLinks: VisitorLinkReads
  readonly brandMessaging: BrandMessagingReads
  readonly welcomeMessages: WelcomeMessageReads
  readonly keywordRules: KeywordRuleReads
  readonly customProfiles: CustomProfileReads
  readonly savedReplies: SavedReplyReads
  readonly customFields: CustomFieldReads
  readonly automationLog: AutomationLogReads
  readonly replyTimes: ReplyTimeReads
  readonly apps: AppReads
  readonly webhooks: WebhookReads
  readonly inbox: InboxReads
  readonly labels: LabelReads
  readonly push: PushReads
  readonly personNotifications: PersonNotificationReads
  readonly visitorIdentities: VisitorIdentityReads
  readonly people: PeopleReads
  readonly collections: CollectionReads
  readonly moderation: ModerationReads
  readonly discussions: DiscussionReads
}

/** Writes (and reads, on the transaction's connection); only inside `Storage.transaction`. */
export interface StorageTx extends StorageReads {
  readonly accounts: AccountWrites
  readonly sessions: SessionWrites
  readonly brands: BrandWrites
  readonly safety: SafetyWrites
  readonly conversations: ConversationWrites
  readonly participants: ParticipantWrites
  readonly messages: MessageWrites
  readonly media: MediaWrites
  readonly mediaUploads: MediaUploadWrites
  readonly events: EventWrites
  readonly emailNotifications: EmailNotificationWrites
  readonly visitorLinks: VisitorLinkWrites
  readonly brandMessaging: BrandMessagingWrites
  readonly welcomeMessages: WelcomeMessageWrites
  readonly keywordRules: KeywordRuleWrites
  readonly customProfiles: CustomProfileWrites
  readonly savedReplies: SavedReplyWrites
  readonly customFields: CustomFieldWrites
  readonly automationLog: AutomationLogWrites
  readonly replyTimes: ReplyTimeWrites
  readonly apps: AppWrites
  readonly webhooks: WebhookWrites
  readonly inbox: InboxWrites
  readonly labels: LabelWrites
  readonly push: PushWrites
  readonly personNotifications: PersonNotificationWrites
  readonly visitorIdentities: VisitorIdentityWrites
  readonly collections: CollectionWrites
  readonly moderation: ModerationWrites
  readonly discussions: DiscussionWrites
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
