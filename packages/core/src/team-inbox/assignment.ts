import { AppError, brandMay, type Availability, type InboxMember } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import type { InboxActivity } from '@parloir/protocol'
import type { StorageTx } from '../ports/storage.ts'
import { appendNote, memberState, saveInboxState } from './inbox-state.ts'
import { inboxSettingsOf } from './settings.ts'

/** Who of the team may be given conversations, with their availability, capacity and load. */
export async function listInboxMembers(deps: CoreDeps, asked: Actor, brandId: string): Promise<{ members: InboxMember[] }> {
  await actAsBrand(deps, asked, brandId, 'inbox.read')
  const reads = deps.storage.reads
  const team = (await reads.brands.members(brandId)).filter((m) => brandMay(m.role, 'messages.send'))
  const known = await reads.inbox.members(brandId)
  const load = await reads.inbox.openAssigned(brandId, team.map((m) => m.accountId))
  return {
    members: team.map((m) => {
      const state = memberState(brandId, m.accountId, known)
      return { memberId: m.accountId, availability: state.availability, capacity: state.capacity, openAssigned: load.get(m.accountId) ?? 0 }
    }),
  }
}

/**
 * A member sets their own availability; owners and admins set anyone's, and capacities. Going
 * offline hands one's open conversations back to the queue when the brand says so.
 */
export async function updateInboxMember(
  deps: CoreDeps, asked: Actor, brandId: string, memberId: string, patch: { availability?: Availability; capacity?: number },
): Promise<InboxMember> {
  const ownOnly = memberId === asked.userId && patch.capacity === undefined
  const actor = await actAsBrand(deps, asked, brandId, ownOnly ? 'inbox.triage' : 'team.manage')
  const role = await deps.storage.reads.brands.role(brandId, memberId)
  if (!role || !brandMay(role, 'messages.send')) throw new AppError('ASSIGNEE_NOT_ALLOWED', { memberId })
  await deps.storage.transaction(async (tx) => {
    const before = memberState(brandId, memberId, await tx.inbox.members(brandId))
    const after = { ...before, ...patch }
    await tx.inbox.setMember(after)
    const { assignment } = await inboxSettingsOf(tx, brandId)
    if (after.availability === 'offline' && before.availability !== 'offline' && assignment.whenMemberOffline === 'unassign') {
      await releaseConversations(deps, tx, brandId, memberId, actor.userId === memberId ? memberId : actor.userId, 'member.offline')
    }
  })
  const { members } = await listInboxMembers(deps, asked, brandId)
  const member = members.find((m) => m.memberId === memberId)
  if (!member) throw new AppError('ASSIGNEE_NOT_ALLOWED', { memberId })
  return member
}

/** What happens to the conversations of a member who leaves the team, as the brand's settings say. */
export async function onMemberLeft(deps: CoreDeps, tx: StorageTx, brandId: string, memberId: string, byId: string): Promise<void> {
  const { assignment } = await inboxSettingsOf(tx, brandId)
  if (assignment.whenMemberLeaves === 'unassign') await releaseConversations(deps, tx, brandId, memberId, byId, 'member.left')
}

/** Hands a member's open, pending and snoozed conversations back to the queue, each with a line in its timeline. */
async function releaseConversations(deps: CoreDeps, tx: StorageTx, brandId: string, memberId: string, byId: string, reason: NonNullable<InboxActivity['reason']>): Promise<void> {
  for (const row of await tx.inbox.assignedTo(brandId, memberId, ['open', 'pending', 'snoozed'])) {
    await appendNote(deps, tx, { brandId, conversationId: row.conversationId, authorId: byId, activity: { action: 'assignee.changed', assigneeId: null, reason } })
    await saveInboxState(deps, tx, row, { assigneeId: null })
  }
}
