import { AppError, type InboxActivity, type SystemAction } from '@parloir/protocol'
import type { CoreDeps } from '../context.ts'
import type { StorageTx } from '../ports/storage.ts'
import { directConversationIn } from '../conversations/conversations.ts'
import { initialStatus } from '../conversations/access.ts'
import { appendSystemMessage } from '../messages/append.ts'
import { appendNote, saveInboxState } from '../team-inbox/inbox-state.ts'

/**
 * A customer's case, handed to customer service, never into silence: their 1:1 with the brand
 * (made when there is none), optionally a notice to them (a system line whose text is the reason
 * they are told: never who asked), the team's private line saying what happened, and the
 * conversation opened in the team inbox. Blocks, removals from a discussion, review requests and
 * "continue in private" all come here. Returns the conversation's id.
 */
export async function handOverCase(
  deps: CoreDeps, tx: StorageTx, brandId: string, customerId: string,
  line: {
    notice?: { action: SystemAction['action']; name?: string; text: string }
    activity: InboxActivity
    authorId: string | null
    /** 'member': a member acted (the line says so); 'customer.wrote': the customer asked; false: leave the status alone. */
    open: 'member' | 'customer.wrote' | false
  },
): Promise<string> {
  const [brand, customer] = [await tx.accounts.byId(brandId), await tx.accounts.byId(customerId)]
  if (!brand || !customer) throw new AppError('ACCOUNT_NOT_FOUND')
  const conversation = await directConversationIn(deps, tx, brand, customer, await initialStatus(deps, customer, brandId))
  if (line.notice) {
    const system: SystemAction = { action: line.notice.action, actorId: brandId, accountIds: [customerId], ...(line.notice.name === undefined ? {} : { name: line.notice.name }) }
    await appendSystemMessage(deps, tx, conversation.id, system, [brandId, customerId], line.notice.text)
  }
  await appendNote(deps, tx, { brandId, conversationId: conversation.id, authorId: line.authorId, activity: line.activity })
  const row = await tx.inbox.get(brandId, conversation.id)
  if (row && line.open && row.status !== 'open') {
    const byCustomer = line.open === 'customer.wrote'
    await appendNote(deps, tx, {
      brandId, conversationId: conversation.id, authorId: byCustomer ? null : line.authorId,
      activity: { action: 'status.changed', status: 'open', ...(byCustomer ? { reason: 'customer.wrote' as const } : {}) },
    })
    await saveInboxState(deps, tx, row, { status: 'open', snoozedUntilMs: null, ...(byCustomer ? { waitingSinceMs: row.waitingSinceMs ?? deps.clock.now() } : {}) })
  }
  return conversation.id
}
