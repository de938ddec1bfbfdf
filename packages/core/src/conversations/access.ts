import { AppError } from '@parloir/protocol'
import type { CoreDeps } from '../context.ts'
import type { AccountRecord, ConversationRecord, ParticipantRecord, StorageReads } from '../ports/storage.ts'

export interface Membership {
  conversation: ConversationRecord
  participants: ParticipantRecord[]
  me: ParticipantRecord
}

/**
 * The conversation with its current participants, if `accountId` is one of them. A
 * conversation one is not in answers exactly like a missing one.
 */
export async function requireMembership(reads: StorageReads, conversationId: string, accountId: string): Promise<Membership> {
  const conversation = await reads.conversations.byId(conversationId)
  if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND')
  const participants = await reads.participants.of(conversationId)
  const me = participants.find((p) => p.accountId === accountId)
  if (!me) throw new AppError('CONVERSATION_NOT_FOUND')
  return { conversation, participants, me }
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`
}

/** The other account of a direct conversation. */
export function otherOf(conversation: ConversationRecord, accountId: string): string {
  const [a, b] = (conversation.pairKey ?? '').split(':')
  return a === accountId ? (b ?? '') : (a ?? '')
}

/**
 * Where a conversation started by `initiatorId` lands for `recipient`: the inbox when the
 * recipient hears from anyone or already accepted a 1:1 with the initiator, else Requests.
 */
export async function initialStatus(deps: CoreDeps, recipient: AccountRecord, initiatorId: string): Promise<'accepted' | 'request'> {
  if (recipient.id === initiatorId || recipient.settings.receiveMessagesFromAnyone) return 'accepted'
  const direct = await deps.storage.reads.conversations.byPairKey(pairKey(recipient.id, initiatorId))
  if (!direct) return 'request'
  const theirs = await deps.storage.reads.participants.get(direct.id, recipient.id)
  return theirs?.status === 'accepted' ? 'accepted' : 'request'
}
