import { AppError, inboxLimits, type InboxCustomer } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import { presentAccount } from '../presenters.ts'
import { customerFieldValues } from '../custom-fields/custom-fields.ts'

/**
 * Who the team is talking with in a conversation, for the side panel beside it: the customer's
 * account (a visitor's email only when they left one for this brand), where the conversation
 * came from, when the customer first wrote, the brand's groups they are in, how many notes the
 * team wrote, whether the brand blocks them, and the values of the brand's custom fields the team
 * set for them. For the brand's team only, like the notes.
 */
export async function getInboxCustomer(deps: CoreDeps, asked: Actor, brandId: string, conversationId: string): Promise<InboxCustomer> {
  await actAsBrand(deps, asked, brandId, 'inbox.read')
  const reads = deps.storage.reads
  const state = await reads.inbox.get(brandId, conversationId)
  if (!state) throw new AppError('CONVERSATION_NOT_FOUND')
  const customerId = state.customerId
  const [account, first, noteCount, groupRows, blocked, fields] = await Promise.all([
    customerId === null ? undefined : reads.accounts.byId(customerId),
    customerId === null ? undefined : reads.messages.firstBy(conversationId, customerId),
    reads.inbox.noteCount(brandId, conversationId),
    customerId === null ? [] : reads.inbox.groupsWith(brandId, customerId, inboxLimits.customerGroups),
    customerId === null ? false : reads.safety.blockedBy(brandId).then((ids) => ids.includes(customerId)),
    customerId === null ? {} : customerFieldValues(reads, brandId, customerId),
  ])
  const groups = await Promise.all(groupRows.map(async (row) => ({
    conversationId: row.conversationId,
    name: (await reads.conversations.byId(row.conversationId))?.name ?? null,
    status: row.status,
  })))
  // A visitor's address is theirs to give to the brand that issued them; nobody else's.
  const email = account?.kind === 'visitor' && account.issuedByBrandId === brandId ? account.email : null
  return {
    account: account ? presentAccount(account) : null,
    email,
    customerKind: state.customerKind,
    source: state.source,
    firstWroteAt: first ? new Date(first.createdAtMs).toISOString() : null,
    groups,
    noteCount,
    labelIds: state.labelIds,
    blocked,
    fields,
  }
}
