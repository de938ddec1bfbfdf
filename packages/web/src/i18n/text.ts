import { en as common } from './en.ts'
import { fr as commonFr } from './fr.ts'
import { messengerText } from '../pages/messenger/text.ts'
import { consoleText } from '../pages/console/text.ts'
import { publishText } from '../pages/console/publish-text.ts'
import { identityText } from '../pages/console/identity-text.ts'
import { profileText } from '../pages/profile-text.ts'
import { appsText } from '../pages/apps-text.ts'
import { savedRepliesText } from '../pages/console/saved-replies-text.ts'
import { customFieldsText } from '../pages/console/custom-fields-text.ts'
import { inboxText } from '../pages/console/inbox-text.ts'
import { labelsText } from '../pages/console/labels-text.ts'
import { fieldText } from '../pages/field-text.ts'
import { notificationsText } from '../pages/notifications-text.ts'
import { toneText } from '../tone/text.ts'
import { collectionsText } from '../pages/collections/collections-text.ts'
import { moderationText } from '../pages/console/moderation-text.ts'
import { discussionsText } from '../pages/discussions/text.ts'
import { discussionModerationText } from '../pages/discussions/moderation-text.ts'

/**
 * Every screen's text, merged. Each feature keeps its own `text.ts` with `en` and `fr` (the
 * French must have every English key: the type says so), so features never edit one shared file.
 */
export const en = {
  ...common,
  ...messengerText.en,
  ...consoleText.en,
  ...publishText.en,
  ...identityText.en,
  ...profileText.en,
  ...appsText.en,
  ...savedRepliesText.en,
  ...customFieldsText.en,
  ...inboxText.en,
  ...labelsText.en,
  ...fieldText.en,
  ...notificationsText.en,
  ...toneText.en,
  ...collectionsText.en,
  ...moderationText.en,
  ...discussionsText.en,
  ...discussionModerationText.en,
}
export type MessageKey = keyof typeof en
export const fr: Record<MessageKey, string> = {
  ...commonFr,
  ...messengerText.fr,
  ...consoleText.fr,
  ...publishText.fr,
  ...identityText.fr,
  ...profileText.fr,
  ...appsText.fr,
  ...savedRepliesText.fr,
  ...customFieldsText.fr,
  ...inboxText.fr,
  ...labelsText.fr,
  ...fieldText.fr,
  ...notificationsText.fr,
  ...toneText.fr,
  ...collectionsText.fr,
  ...moderationText.fr,
  ...discussionsText.fr,
  ...discussionModerationText.fr,
}
