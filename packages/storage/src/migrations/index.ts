import type { Migration, MigrationProvider } from 'kysely'
import * as m0001 from './0001_create_core_tables.ts'
import * as m0002 from './0002_event_cursor_counter.ts'
import * as m0003 from './0003_brand_messaging.ts'
import * as m0004 from './0004_apps.ts'
import * as m0005 from './0005_webhooks.ts'
import * as m0006 from './0006_media_uploads.ts'
import * as m0007 from './0007_visitor_emails.ts'
import * as m0008 from './0008_lean_message_indexes.ts'
import * as m0009 from './0009_visitor_issuing_brand.ts'
import * as m0010 from './0010_team_inbox.ts'
import * as m0011 from './0011_saved_replies.ts'
import * as m0012 from './0012_inbox_search.ts'
import * as m0013 from './0013_push_subscriptions.ts'
import * as m0014 from './0014_inbox_surveys.ts'
import * as m0015 from './0015_inbox_labels.ts'
import * as m0016 from './0016_custom_fields.ts'
import * as m0017 from './0017_people_search.ts'
import * as m0018 from './0018_team_presence.ts'
import * as m0019 from './0019_visitor_links.ts'
import * as m0020 from './0020_person_notifications.ts'
import * as m0022 from './0022_visitor_identities.ts'
import * as m0023 from './0023_reply_times.ts'
import * as m0024 from './0024_discussions.ts'
import * as m0025 from './0025_collections.ts'
import * as m0026 from './0026_moderation.ts'
import * as m0027 from './0027_public_moderation.ts'
import * as m0028 from './0028_collection_item_reviews.ts'

/** Every migration, in order of number (one that lands late still runs: kysely-storage.ts). Never edit a shipped one. */
export const migrations: Record<string, Migration> = {
  '0001_create_core_tables': m0001,
  '0002_event_cursor_counter': m0002,
  '0003_brand_messaging': m0003,
  '0004_apps': m0004,
  '0005_webhooks': m0005,
  '0006_media_uploads': m0006,
  '0007_visitor_emails': m0007,
  '0008_lean_message_indexes': m0008,
  '0009_visitor_issuing_brand': m0009,
  '0010_team_inbox': m0010,
  '0011_saved_replies': m0011,
  '0012_inbox_search': m0012,
  '0013_push_subscriptions': m0013,
  '0014_inbox_surveys': m0014,
  '0015_inbox_labels': m0015,
  '0016_custom_fields': m0016,
  '0017_people_search': m0017,
  '0018_team_presence': m0018,
  '0019_visitor_links': m0019,
  '0020_person_notifications': m0020,
  '0022_visitor_identities': m0022,
  '0023_reply_times': m0023,
  '0024_discussions': m0024,
  '0025_collections': m0025,
  '0026_moderation': m0026,
  '0027_public_moderation': m0027,
  '0028_collection_item_reviews': m0028,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
