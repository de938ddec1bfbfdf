import { AppError, type Account } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { authorize } from '../authorization/authorize.ts'
import { presentAccount } from '../presenters.ts'
import { requestModeration } from '../moderation/approvals.ts'

async function requireOther(deps: CoreDeps, actor: Actor, accountId: string): Promise<void> {
  if (accountId === actor.accountId) throw new AppError('CANNOT_MESSAGE_SELF')
  if (!(await deps.storage.reads.accounts.byId(accountId))) throw new AppError('ACCOUNT_NOT_FOUND', { accountId })
}

/**
 * A brand blocks and unblocks with a reason, through its moderation (moderation/customer-block.ts:
 * a second approval, the customer told, the case handed to customer service); these routes carry
 * no reason, so acting as a brand they answer MODERATION_REASON_REQUIRED and name the one to use.
 */
function brandNeedsReason(actor: Actor, use: 'requestBlock' | 'unblockCustomer'): void {
  if (actor.role !== 'self') throw new AppError('MODERATION_REASON_REQUIRED', { use })
}

/** A blocked account can no longer open a conversation with, or write to, the blocker. */
export async function block(deps: CoreDeps, actor: Actor, accountId: string): Promise<void> {
  await authorize(deps, actor, 'safety.block')
  brandNeedsReason(actor, 'requestBlock')
  await requireOther(deps, actor, accountId)
  await deps.storage.transaction((tx) => tx.safety.block(actor.accountId, accountId, deps.clock.now()))
}

export async function unblock(deps: CoreDeps, actor: Actor, accountId: string): Promise<void> {
  await authorize(deps, actor, 'safety.block')
  brandNeedsReason(actor, 'unblockCustomer')
  await deps.storage.transaction((tx) => tx.safety.unblock(actor.accountId, accountId))
}

export async function listBlocks(deps: CoreDeps, actor: Actor): Promise<Account[]> {
  await authorize(deps, actor, 'safety.read')
  const ids = await deps.storage.reads.safety.blockedBy(actor.accountId)
  return (await deps.storage.reads.accounts.byIds(ids)).map(presentAccount)
}

/** True when either account blocks the other: then neither writes to the other. */
export async function eitherBlocks(deps: CoreDeps, a: string, b: string): Promise<boolean> {
  return deps.storage.reads.safety.eitherBlocks(a, b)
}

export async function report(
  deps: CoreDeps,
  actor: Actor,
  accountId: string,
  input: { reason: string; conversationId?: string; messageId?: string; block?: boolean },
): Promise<void> {
  await authorize(deps, actor, 'safety.block')
  await requireOther(deps, actor, accountId)
  if (input.conversationId !== undefined) {
    const participant = await deps.storage.reads.participants.get(input.conversationId, actor.accountId)
    if (!participant) throw new AppError('CONVERSATION_NOT_FOUND')
  }
  if (input.messageId !== undefined) {
    const message = await deps.storage.reads.messages.byId(input.messageId)
    if (!message || message.conversationId !== input.conversationId) throw new AppError('MESSAGE_NOT_FOUND')
  }
  // A brand's block goes through its moderation, with the report's reason (and a second approval); asked first, so a refusal writes nothing.
  const brandBlock = input.block === true && actor.role !== 'self'
  if (brandBlock) {
    // The 'customer.block' kind (moderation/customer-block.ts, registered when core loads).
    await requestModeration(deps, actor, actor.accountId, { kind: 'customer.block', subject: { kind: 'account', id: accountId }, personId: accountId, reason: input.reason })
  }
  const now = deps.clock.now()
  await deps.storage.transaction(async (tx) => {
    await tx.safety.insertReport({
      id: deps.ids.next(), reporterId: actor.accountId, targetAccountId: accountId,
      conversationId: input.conversationId ?? null, messageId: input.messageId ?? null, reason: input.reason, createdAtMs: now,
    })
    if (input.block && !brandBlock) await tx.safety.block(actor.accountId, accountId, now)
  })
}
