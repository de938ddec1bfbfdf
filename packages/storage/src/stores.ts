import type { Kysely } from 'kysely'
import type { StorageReads, StorageTx } from '@parloir/core'
import type { Database } from './schema.ts'
import type { DialectQuirks } from './quirks.ts'
import { AccountsRepository } from './accounts.ts'
import { AppsRepository } from './apps.ts'
import { AutomationLogRepository } from './automation-log.ts'
import { ReplyTimesRepository } from './reply-times.ts'
import { BrandMessagingRepository } from './brand-messaging.ts'
import { BrandsRepository } from './brands.ts'
import { CollectionsRepository } from './collections.ts'
import { ConversationsRepository } from './conversations.ts'
import { CustomProfilesRepository } from './custom-profiles.ts'
import { EmailNotificationsRepository } from './email-notifications.ts'
import { EventsRepository } from './events.ts'
import { KeywordRulesRepository } from './keyword-rules.ts'
import { LabelsRepository } from './labels.ts'
import { MediaRepository } from './media.ts'
import { MediaUploadsRepository } from './media-uploads.ts'
import { MessagesRepository } from './messages.ts'
import { ParticipantsRepository } from './participants.ts'
import { PeopleRepository } from './people.ts'
import { PushRepository } from './push.ts'
import { PersonNotificationsRepository } from './person-notifications.ts'
import { VisitorIdentitiesRepository } from './visitor-identities.ts'
import { SafetyRepository } from './safety.ts'
import { ModerationRepository } from './moderation.ts'
import { SavedRepliesRepository } from './saved-replies.ts'
import { DiscussionsRepository } from './discussions.ts'
import { CustomFieldsRepository } from './custom-fields.ts'
import { SessionsRepository } from './sessions.ts'
import { TeamInboxRepository } from './team-inbox.ts'
import { VisitorLinksRepository } from './visitor-links.ts'
import { WebhooksRepository } from './webhooks.ts'
import { WelcomeMessagesRepository } from './welcome-messages.ts'

/**
 * Every feature's repository, bound to one connection: the reader's, or the batch connection a
 * transaction runs on. Each is written once in Kysely; what differs between engines comes from
 * `quirks`, which also keys the statements compiled once (compiled-once.ts).
 *
 * One object literal of the same shape for reads and transactions, built per transaction: about
 * 20 small objects, well under a microsecond. Adding `hooks` to it afterwards (Object.assign), or
 * spreading it into another object, cost 1 to 20 µs a transaction on the bench machine.
 */
function composeStores(db: Kysely<Database>, quirks: DialectQuirks): TransactionStores {
  const hooks: Array<() => void> = []
  return {
    accounts: new AccountsRepository(db, quirks),
    sessions: new SessionsRepository(db),
    brands: new BrandsRepository(db),
    safety: new SafetyRepository(db, quirks),
    conversations: new ConversationsRepository(db, quirks),
    participants: new ParticipantsRepository(db, quirks),
    messages: new MessagesRepository(db, quirks),
    media: new MediaRepository(db),
    mediaUploads: new MediaUploadsRepository(db),
    events: new EventsRepository(db, quirks),
    emailNotifications: new EmailNotificationsRepository(db),
    visitorLinks: new VisitorLinksRepository(db),
    brandMessaging: new BrandMessagingRepository(db),
    welcomeMessages: new WelcomeMessagesRepository(db),
    keywordRules: new KeywordRulesRepository(db),
    customProfiles: new CustomProfilesRepository(db),
    savedReplies: new SavedRepliesRepository(db),
    customFields: new CustomFieldsRepository(db),
    automationLog: new AutomationLogRepository(db),
    replyTimes: new ReplyTimesRepository(db),
    apps: new AppsRepository(db),
    webhooks: new WebhooksRepository(db),
    inbox: new TeamInboxRepository(db, quirks),
    labels: new LabelsRepository(db),
    push: new PushRepository(db),
    personNotifications: new PersonNotificationsRepository(db),
    visitorIdentities: new VisitorIdentitiesRepository(db),
    people: new PeopleRepository(db),
    collections: new CollectionsRepository(db),
    moderation: new ModerationRepository(db),
    discussions: new DiscussionsRepository(db, quirks),
    hooks,
    afterCommit: (fn) => { hooks.push(fn) },
  }
}

/** The stores reads go through, outside any transaction. */
export function readStores(db: Kysely<Database>, quirks: DialectQuirks): StorageReads {
  return composeStores(db, quirks)
}

/** One transaction's stores, and the after-commit hooks it registered, in order. */
export interface TransactionStores extends StorageTx {
  readonly hooks: ReadonlyArray<() => void>
}

/** The stores of one transaction of a group commit, on the batch's connection. */
export function transactionStores(db: Kysely<Database>, quirks: DialectQuirks): TransactionStores {
  return composeStores(db, quirks)
}
