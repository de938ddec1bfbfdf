import type { Account } from '@parloir/protocol'

/** The audit log's actions the console puts in words (and filters by); others show as written. */
export const auditActions = [
  'customer.block.requested', 'customer.block.approved', 'customer.block.declined', 'customer.block.cancelled',
  'customer.blocked', 'customer.unblocked', 'message.hidden', 'message.unhidden', 'message.review.requested',
  'secondApproval.enabled', 'secondApproval.disabled',
  // Public discussions (discussion-moderation.ts).
  'discussion.participant.remove.requested', 'discussion.participant.remove.approved', 'discussion.participant.remove.declined', 'discussion.participant.remove.cancelled',
  'discussion.participant.removed', 'discussion.participant.readded', 'discussionPost.hidden', 'discussionPost.unhidden', 'discussionPost.review.requested',
  'discussionPost.continuedInPrivate', 'discussion.closed', 'discussion.reopened', 'collectionItem.hidden', 'collectionItem.unhidden',
  'collectionItem.review.requested',
] as const

export type AccountsById = ReadonlyMap<string, Account>

export function accountsById(accounts: readonly Account[]): Map<string, Account> {
  return new Map(accounts.map((a) => [a.id, a]))
}

/** "Ada Lovelace (@ada)", a visitor's name alone, `nobody` for a null id (Parloir acted), the id when unknown. */
export function accountLabel(accounts: AccountsById | undefined, id: string | null, nobody: string): string {
  if (id === null) return nobody
  const account = accounts?.get(id)
  if (!account) return id
  return account.handle ? `${account.displayName} (@${account.handle})` : account.displayName
}
