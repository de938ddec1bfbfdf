import { AppError, compareLabels, labelNameKey, type InboxState, type Label, type LabelInput, type LabelPatch } from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import type { LabelRecord, StorageTx } from '../ports/storage.ts'
import { appendNote, presentInboxState, saveInboxState } from './inbox-state.ts'

/**
 * Labels of the team inbox. Owners and admins keep the brand's set (`labels.manage`); whoever
 * triages puts them on conversations and takes them off (`inbox.triage`), each change a line of
 * the team's timeline and an `inbox.updated` to the team. Every member reads them. None of it is
 * ever shown to the customer: labels live in the inbox's own tables and travel in team events.
 */

const present = (r: LabelRecord): Label => ({
  id: r.id, brandId: r.brandId, name: r.name, colour: r.colour, createdAt: iso(r.createdAtMs), updatedAt: iso(r.updatedAtMs),
})

/** The schema caps the length; a name of spaces only, or one the brand already has (case and accents aside), is refused. */
async function checkedName(tx: StorageTx, brandId: string, name: string, except?: string): Promise<string> {
  const trimmed = name.trim()
  if (trimmed === '') throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/name', message: 'must not be blank', reason: 'blank' }] })
  const key = labelNameKey(trimmed)
  const taken = (await tx.labels.ofBrand(brandId)).find((l) => l.id !== except && labelNameKey(l.name) === key)
  if (taken) throw new AppError('LABEL_NAME_TAKEN', { name: trimmed, labelId: taken.id })
  return trimmed
}

async function requireLabel(tx: Pick<StorageTx, 'labels'>, brandId: string, labelId: string): Promise<LabelRecord> {
  const label = await tx.labels.byId(labelId)
  if (!label || label.brandId !== brandId) throw new AppError('LABEL_NOT_FOUND', { labelId })
  return label
}

/** The brand's labels, by name. Every member of the team reads them. */
export async function listLabels(deps: CoreDeps, actor: Actor, brandId: string): Promise<Label[]> {
  await actAsBrand(deps, actor, brandId, 'inbox.read')
  return (await deps.storage.reads.labels.ofBrand(brandId)).map(present).sort(compareLabels)
}

/** Makes a label, up to `labelsPerBrand` of them. */
export async function createLabel(deps: CoreDeps, actor: Actor, brandId: string, input: LabelInput): Promise<Label> {
  await actAsBrand(deps, actor, brandId, 'labels.manage')
  const limit = deps.limits.labelsPerBrand
  const record = await deps.storage.transaction(async (tx) => {
    if (await tx.labels.count(brandId) >= limit) throw new AppError('COLLECTION_FULL', { limit, of: 'labels' })
    const now = deps.clock.now()
    const created: LabelRecord = { id: deps.ids.next(), brandId, name: await checkedName(tx, brandId, input.name), colour: input.colour, createdAtMs: now, updatedAtMs: now }
    await tx.labels.insert(created)
    return created
  })
  return present(record)
}

/** Renames or recolours a label; conversations carry its id, so they show the change at once. */
export async function updateLabel(deps: CoreDeps, actor: Actor, brandId: string, labelId: string, patch: LabelPatch): Promise<Label> {
  await actAsBrand(deps, actor, brandId, 'labels.manage')
  const record = await deps.storage.transaction(async (tx) => {
    const current = await requireLabel(tx, brandId, labelId)
    const changes = {
      ...(patch.name === undefined ? {} : { name: await checkedName(tx, brandId, patch.name, labelId) }),
      ...(patch.colour === undefined ? {} : { colour: patch.colour }),
      updatedAtMs: deps.clock.now(),
    }
    await tx.labels.update(labelId, changes)
    return { ...current, ...changes }
  })
  return present(record)
}

/**
 * Deletes a label and takes it off every conversation that carries it, in one transaction: each
 * of them is an `inbox.updated` to the team (the lists and filters stay true), without a timeline
 * line (nobody took it off that conversation in particular).
 */
export async function deleteLabel(deps: CoreDeps, actor: Actor, brandId: string, labelId: string): Promise<void> {
  await actAsBrand(deps, actor, brandId, 'labels.manage')
  await deps.storage.transaction(async (tx) => {
    await requireLabel(tx, brandId, labelId)
    for (const conversationId of await tx.labels.conversationsWith(brandId, labelId)) {
      const row = await tx.inbox.get(brandId, conversationId)
      if (!row) continue
      const labelIds = row.labelIds.filter((id) => id !== labelId)
      await tx.labels.setOnConversation(brandId, conversationId, labelIds)
      await saveInboxState(deps, tx, { ...row, labelIds }, {})
    }
    await tx.labels.delete(labelId)
  })
}

/**
 * Puts a label on a conversation or takes it off; doing what is already done changes nothing and
 * writes no line. A conversation carries at most `labelsPerConversation`.
 */
export async function setInboxLabel(deps: CoreDeps, asked: Actor, brandId: string, conversationId: string, labelId: string, on: boolean): Promise<InboxState> {
  const actor = await actAsBrand(deps, asked, brandId, 'inbox.triage')
  const state = await deps.storage.transaction(async (tx) => {
    const row = await tx.inbox.get(brandId, conversationId)
    if (!row) throw new AppError('CONVERSATION_NOT_FOUND')
    const label = await requireLabel(tx, brandId, labelId)
    if (row.labelIds.includes(labelId) === on) return row
    const limit = deps.limits.labelsPerConversation
    if (on && row.labelIds.length >= limit) throw new AppError('COLLECTION_FULL', { limit, of: 'labels on a conversation' })
    const labelIds = on ? [...row.labelIds, labelId] : row.labelIds.filter((id) => id !== labelId)
    await tx.labels.setOnConversation(brandId, conversationId, labelIds)
    await appendNote(deps, tx, { brandId, conversationId, authorId: actor.userId, activity: { action: on ? 'label.added' : 'label.removed', labelId, label: label.name } })
    return saveInboxState(deps, tx, { ...row, labelIds }, {})
  })
  return presentInboxState(state)
}
