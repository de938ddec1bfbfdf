import type { BrandRole } from './models.ts'

/**
 * What a member of a brand's team may do as the brand, by role: the one role × action table.
 * Core checks it inside each action when the action runs (reading the member's role then, so
 * a demotion takes effect on open streams at once); the console reads it to hide what a role
 * cannot do; the matrix test enumerates every brand route and stream op against it.
 *
 * A person acting as themself is not a brand member: these rules do not apply to them.
 */
export const brandPolicy = {
  /** List the brand's conversations, read their messages. */
  'conversations.read': ['owner', 'admin', 'agent', 'viewer'],
  /** Open a 1:1 or a group as the brand, and search people to open it with. */
  'conversations.open': ['owner', 'admin', 'agent'],
  /** Rename a group, add people, leave, accept or delete a request. */
  'conversations.manage': ['owner', 'admin', 'agent'],
  /** Mark read: the customer sees "Seen" in the brand's name. */
  'conversations.markRead': ['owner', 'admin', 'agent'],
  /** Say the brand is typing. */
  'conversations.type': ['owner', 'admin', 'agent'],
  /** Write a message as the brand (REST, stream, Twitter-compatible API). */
  'messages.send': ['owner', 'admin', 'agent'],
  /** Unsend one of the brand's messages. */
  'messages.unsend': ['owner', 'admin', 'agent'],
  /** Hide a message for the brand, that is for the whole team. */
  'messages.hide': ['owner', 'admin', 'agent'],
  /** Upload an attachment as the brand. */
  'media.upload': ['owner', 'admin', 'agent'],
  /** Block, unblock or report an account as the brand. */
  'safety.block': ['owner', 'admin', 'agent'],
  /** See whom the brand blocks. */
  'safety.read': ['owner', 'admin', 'agent', 'viewer'],
  /** The team inbox: views, counts, the team's timeline of a conversation, one's own read state. */
  'inbox.read': ['owner', 'admin', 'agent', 'viewer'],
  /** Change a conversation's status (open, pending, snoozed, resolved), who is on it, and its labels. */
  'inbox.triage': ['owner', 'admin', 'agent'],
  /** Create, rename, recolour and delete the brand's labels (deleting one takes it off every conversation). */
  'labels.manage': ['owner', 'admin'],
  /** Write a private note. */
  'notes.write': ['owner', 'admin', 'agent'],
  /** See the team. */
  'team.read': ['owner', 'admin', 'agent', 'viewer'],
  /** Add members and change roles (an admin cannot touch owners or admins: see core/brands). */
  'team.manage': ['owner', 'admin'],
  /** Read support hours, away message, welcome messages, keyword rules, custom profiles. */
  'messaging.read': ['owner', 'admin', 'agent', 'viewer'],
  /** Change them, and the brand's public profile and privacy settings. */
  'messaging.manage': ['owner', 'admin'],
  /**
   * Keep one's own saved replies (create, edit, delete them; no one else sees them) and insert
   * saved replies in the composer. Listing the team's saved replies is `messaging.read`: a viewer
   * reads them, as it reads welcome messages and keyword rules, but keeps none of its own.
   */
  'savedReplies.use': ['owner', 'admin', 'agent'],
  /** Create, edit and delete the team's saved replies, which every member sees. */
  'savedReplies.manage': ['owner', 'admin'],
  /**
   * Set and clear a customer's custom fields (in the customer panel). Reading them, and the
   * brand's list of fields, is `inbox.read`: viewers see them.
   */
  'customFields.write': ['owner', 'admin', 'agent'],
  /** Define the brand's custom fields: create, rename and delete them. */
  'customFields.manage': ['owner', 'admin'],
  /**
   * Collections (a brand's images, files, links and texts, in sections, with others' contributions):
   * see the brand's collections with their waiting contributions, and the brand's own contributions.
   */
  'collections.read': ['owner', 'admin', 'agent', 'viewer'],
  /**
   * Add items as the brand: to its own collections (published at once, the brand is the curator) and
   * to others' (as a contribution); take back the brand's own contributions while they wait.
   */
  'collections.contribute': ['owner', 'admin', 'agent'],
  /**
   * Curate the brand's collections: create, change and delete them, their sections and order, approve
   * and decline contributions, remove any item. What the brand shows the public: owners and admins.
   */
  'collections.manage': ['owner', 'admin'],
  /** Create and revoke the brand's developer apps, tokens and webhooks. */
  'apps.manage': ['owner', 'admin'],
  /**
   * Public discussions as the brand: start one, post, invite, let in those who ask. Listing the
   * brand's discussions is this too (what anyone reads on the public page needs no role).
   */
  'discussions.write': ['owner', 'admin', 'agent'],
  /** Close and reopen the brand's discussions (the reason is public) and choose whether search engines index them. */
  'discussions.manage': ['owner', 'admin'],
  /** Moderate the brand's discussions: hide a post and show it again, remove a participant (a customer after a second approval) and add them again. */
  'discussions.moderate': ['owner', 'admin', 'agent'],
  /** See whether the brand verifies its customers' identity in the widget, and make (or remake) its secret. */
  'identity.manage': ['owner', 'admin'],
  /** Moderation: read the audit log, the pending approvals and the moderation settings. */
  'audit.read': ['owner', 'admin', 'agent', 'viewer'],
  /** Approve or decline another member's request to block a customer (never one's own). */
  'moderation.approve': ['owner', 'admin', 'agent'],
  /** Turn the second approval on or off. */
  'moderation.manage': ['owner', 'admin'],
  /** Hide a customer's message with a reason, and show it again. */
  'messages.moderate': ['owner', 'admin', 'agent'],
} as const satisfies Record<string, readonly BrandRole[]>

export type BrandAction = keyof typeof brandPolicy

export const brandActions = Object.keys(brandPolicy) as BrandAction[]

/** Whether a team member with this role may take this action as the brand. */
export function brandMay(role: BrandRole, action: BrandAction): boolean {
  return (brandPolicy[action] as readonly BrandRole[]).includes(role)
}
