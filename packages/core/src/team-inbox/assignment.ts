import { AppError, brandMay, inboxLimits, type Availability, type InboxMember } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import type { InboxActivity } from '@parloir/protocol'
import type { StorageTx } from '../ports/storage.ts'
import { appendNote, fillCapacity, memberState, saveInboxState } from './inbox-state.ts'
import { inboxSettingsOf } from './settings.ts'

/** Who of the team may be given conversations, with their availability, presence, capacity and load. */
export async function listInboxMembers(deps: CoreDeps, asked: Actor, brandId: string): Promise<{ members: InboxMember[] }> {
  await actAsBrand(deps, asked, brandId, 'inbox.read')
  const reads = deps.storage.reads
  const team = (await reads.brands.members(brandId)).filter((m) => brandMay(m.role, 'messages.send'))
  const known = await reads.inbox.members(brandId)
  const ids = team.map((m) => m.accountId)
  const load = await reads.inbox.openAssigned(brandId, ids)
  const leases = await reads.inbox.presence(ids)
  const now = deps.clock.now()
  return {
    members: team.map((m) => {
      const state = memberState(brandId, m.accountId, known)
      const until = leases.get(m.accountId)
      return {
        memberId: m.accountId, availability: state.availability, present: until !== undefined && until !== null && until > now,
        capacity: state.capacity, openAssigned: load.get(m.accountId) ?? 0,
      }
    }),
  }
}

/**
 * A member sets their own availability; owners and admins set anyone's, and capacities. Going
 * offline hands one's open conversations back to the queue when the brand says so; coming online
 * or more capacity lets round robin give them waiting conversations at once.
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
      await releaseConversations(deps, tx, brandId, memberId, actor.userId, 'member.offline')
    } else {
      await fillCapacity(deps, tx, brandId)
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

/**
 * Hands a member's open, pending and snoozed conversations back to the queue, each with a line in
 * its timeline; with round robin on, the ones waiting go to whoever has room.
 */
async function releaseConversations(deps: CoreDeps, tx: StorageTx, brandId: string, memberId: string, byId: string, reason: NonNullable<InboxActivity['reason']>): Promise<void> {
  for (const row of await tx.inbox.assignedTo(brandId, memberId, ['open', 'pending', 'snoozed'])) {
    await appendNote(deps, tx, { brandId, conversationId: row.conversationId, authorId: byId, activity: { action: 'assignee.changed', assigneeId: null, reason } })
    await saveInboxState(deps, tx, row, { assigneeId: null })
  }
  await fillCapacity(deps, tx, brandId)
}

/**
 * Availability kept from presence. A member of a team is there while an app of theirs holds a
 * stream open or they make requests: the server calls this for each at most every third of
 * `inboxLimits.presenceLeaseMs`, and each call extends their lease to a full one. Coming back
 * (no lease, or an ended one) lets round robin give them waiting conversations at once. Accounts
 * on no team are not recorded.
 */
export async function keepPresent(deps: CoreDeps, accountId: string): Promise<void> {
  const brands = (await deps.storage.reads.brands.of(accountId)).filter((b) => brandMay(b.role, 'messages.send'))
  if (brands.length === 0) return
  const now = deps.clock.now()
  await deps.storage.transaction(async (tx) => {
    const until = (await tx.inbox.presence([accountId])).get(accountId)
    await tx.inbox.setPresence(accountId, now + inboxLimits.presenceLeaseMs)
    if (until !== undefined && until !== null && until > now) return
    for (const b of brands) await fillCapacity(deps, tx, b.brandId)
  })
}

/**
 * Members whose lease ended are gone: for each of their teams whose setting says so, their
 * conversations go back to the queue as if they had set themself offline (unless they already
 * had). Each ended lease is handled once. The server runs this every few seconds; returns how
 * many members it handled.
 */
export async function sweepPresence(deps: CoreDeps): Promise<number> {
  const gone = await deps.storage.reads.inbox.presenceLapsed(deps.clock.now(), inboxLimits.fillBatch)
  for (const accountId of gone) {
    const brands = (await deps.storage.reads.brands.of(accountId)).filter((b) => brandMay(b.role, 'messages.send'))
    await deps.storage.transaction(async (tx) => {
      const until = (await tx.inbox.presence([accountId])).get(accountId)
      // Back meanwhile: nothing to do.
      if (until === undefined || until === null || until >= deps.clock.now()) return
      await tx.inbox.setPresence(accountId, null)
      for (const b of brands) {
        const { assignment } = await inboxSettingsOf(tx, b.brandId)
        const chose = memberState(b.brandId, accountId, await tx.inbox.members(b.brandId)).availability
        if (assignment.whenMemberOffline === 'unassign' && chose !== 'offline') await releaseConversations(deps, tx, b.brandId, accountId, accountId, 'member.offline')
      }
    })
  }
  return gone.length
}
