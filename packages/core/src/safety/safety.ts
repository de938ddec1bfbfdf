import { AppError, type Account } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { authorize } from '../authorization/authorize.ts'
import { presentAccount } from '../presenters.ts'

async function requireOther(deps: CoreDeps, actor: Actor, accountId: string): Promise<void> {
  if (accountId === actor.accountId) throw new AppError('CANNOT_MESSAGE_SELF')
  if (!(await deps.storage.reads.accounts.byId(accountId))) throw new AppError('ACCOUNT_NOT_FOUND', { accountId })
}

/** A blocked account can no longer open a conversation with, or write to, the blocker. */
export async function block(deps: CoreDeps, actor: Actor, accountId: string): Promise<void> {
  await authorize(deps, actor, 'safety.block')
  await requireOther(deps, actor, accountId)
  await deps.storage.transaction((tx) => tx.safety.block(actor.accountId, accountId, deps.clock.now()))
}

export async function unblock(deps: CoreDeps, actor: Actor, accountId: string): Promise<void> {
  await authorize(deps, actor, 'safety.block')
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
  const now = deps.clock.now()
  await deps.storage.transaction(async (tx) => {
    await tx.safety.insertReport({
      id: deps.ids.next(), reporterId: actor.accountId, targetAccountId: accountId,
      conversationId: input.conversationId ?? null, messageId: input.messageId ?? null, reason: input.reason, createdAtMs: now,
    })
    if (input.block) await tx.safety.block(actor.accountId, accountId, now)
  })
}
