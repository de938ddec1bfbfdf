import type { InboxSettings } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import type { StorageReads } from '../ports/storage.ts'

/** A brand's inbox settings before it changes them: no survey, no round robin, a leaver's conversations go back to the queue. */
export const defaultInboxSettings: InboxSettings = {
  survey: { enabled: false, question: 'How did we do? Tap a rating; you can add a comment after.' },
  assignment: { roundRobin: false, whenMemberLeaves: 'unassign', whenMemberOffline: 'keep' },
}

/** The settings in force for a brand (what it chose, or the defaults). */
export async function inboxSettingsOf(reads: StorageReads, brandId: string): Promise<InboxSettings> {
  return (await reads.inbox.settings(brandId)) ?? defaultInboxSettings
}

export async function getInboxSettings(deps: CoreDeps, asked: Actor, brandId: string): Promise<InboxSettings> {
  await actAsBrand(deps, asked, brandId, 'messaging.read')
  return inboxSettingsOf(deps.storage.reads, brandId)
}

/** Changes the parts given (the survey, the assignment rules); the others stay. */
export async function updateInboxSettings(deps: CoreDeps, asked: Actor, brandId: string, patch: Partial<InboxSettings>): Promise<InboxSettings> {
  await actAsBrand(deps, asked, brandId, 'messaging.manage')
  return deps.storage.transaction(async (tx) => {
    const settings = { ...(await inboxSettingsOf(tx, brandId)), ...patch }
    await tx.inbox.setSettings(brandId, settings, deps.clock.now())
    return settings
  })
}
