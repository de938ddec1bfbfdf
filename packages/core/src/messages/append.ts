import type { SystemAction } from '@parloir/protocol'
import { emit, type CoreDeps } from '../context.ts'
import type { MediaRecord, MessageRecord, StorageTx } from '../ports/storage.ts'
import { presentMessage } from '../presenters.ts'
import { recordInInbox } from '../team-inbox/inbox-state.ts'

/** Thrown inside a transaction when the unique (conversation, sender, client id) index refuses a retry. */
export class DuplicateClientMessage extends Error {
  constructor() { super('duplicate client message id') }
}

/**
 * Gives a message the next seq of its conversation, writes it and its `message.created` event,
 * and brings the brand sides' team inbox in step (team-inbox/inbox-state.ts): all in the caller's
 * transaction, so seq stays gapless and nothing is acknowledged early.
 */
export async function appendMessage(
  deps: CoreDeps,
  tx: StorageTx,
  draft: Omit<MessageRecord, 'seq' | 'id' | 'createdAtMs' | 'unsentAtMs'>,
  audience: string[],
  attachment: MediaRecord | null = null,
): Promise<MessageRecord> {
  const now = deps.clock.now()
  const seq = await tx.conversations.nextSeq(draft.conversationId, now)
  const message: MessageRecord = { ...draft, id: deps.ids.next(), seq, createdAtMs: now, unsentAtMs: null }
  if (!(await tx.messages.insert(message))) throw new DuplicateClientMessage()
  const media = new Map(attachment ? [[attachment.id, attachment]] : [])
  await emit(deps, tx, { name: 'message.created', data: { message: presentMessage(message, media) }, conversationId: message.conversationId }, audience)
  await recordInInbox(deps, tx, message)
  return message
}

/** A line in the timeline that says what changed ("Ada added Ben"); `text` is what it adds for all to read (a block's reason). */
export function appendSystemMessage(deps: CoreDeps, tx: StorageTx, conversationId: string, system: SystemAction, audience: string[], text = ''): Promise<MessageRecord> {
  return appendMessage(deps, tx, {
    conversationId,
    senderId: system.actorId,
    sentBy: null,
    kind: 'system',
    text,
    entities: { urls: [], mentions: [], hashtags: [] },
    quickReply: null,
    quickReplyResponse: null,
    buttons: [],
    attachmentMediaId: null,
    system,
    customProfile: null,
    automation: null,
    clientMessageId: null,
    bodyHash: null,
  }, audience)
}
