import { createHash } from 'node:crypto'
import { AppError, type Button, type Message, type SendMessageBody } from '@parloir/protocol'
import { emit, requireWriter, type Actor, type CoreDeps } from '../context.ts'
import type { MediaRecord, MessageRecord, ParticipantRecord, StorageTx } from '../ports/storage.ts'
import { presentMessage, presentMessages, loadConversationCore } from '../presenters.ts'
import { codePointLength, extractEntities } from '../text/entities.ts'
import { otherOf, requireMembership } from '../conversations/access.ts'
import { eitherBlocks } from '../safety/safety.ts'
import { requireAttachable } from '../media/attach.ts'
import { appendMessage, DuplicateClientMessage } from './append.ts'

const SAFE_URL = /^https?:\/\//i

/** Business limits beyond the schema: configured sizes, link schemes, referenced accounts. */
async function checkBody(deps: CoreDeps, body: SendMessageBody): Promise<void> {
  const limits = deps.limits
  const text = body.text ?? ''
  if (codePointLength(text) > limits.messageTextChars) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/text', message: `must be at most ${limits.messageTextChars} characters` }] })
  }
  const problems: Array<{ path: string; message: string }> = []
  body.buttons?.forEach((button: Button, i) => {
    if (button.type === 'web_url' && !SAFE_URL.test(button.url)) problems.push({ path: `/buttons/${i}/url`, message: 'must be an http or https URL' })
  })
  if (body.quickReply && body.quickReply.options.length > limits.quickReplyOptions) {
    problems.push({ path: '/quickReply/options', message: `must have at most ${limits.quickReplyOptions} options` })
  }
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems })
  for (const button of body.buttons ?? []) {
    if (button.type === 'conversation' && !(await deps.storage.reads.accountById(button.accountId))) {
      throw new AppError('ACCOUNT_NOT_FOUND', { accountId: button.accountId })
    }
  }
}

/** What the client sent, hashed, so a retry can be told from a reuse of its client id. */
function bodyHash(body: SendMessageBody): string {
  const { clientMessageId: _, ...rest } = body
  return createHash('sha256').update(JSON.stringify(rest, Object.keys(rest).sort())).digest('base64url')
}

async function replayOrConflict(deps: CoreDeps, existing: MessageRecord, hash: string): Promise<Message> {
  if (existing.bodyHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', { messageId: existing.id })
  const [message] = await presentMessages(deps.storage.reads, [existing])
  if (!message) throw new AppError('MESSAGE_NOT_FOUND')
  return message
}

/** The quick-reply answer must name an option of a message in the same conversation. */
async function checkQuickReplyResponse(deps: CoreDeps, conversationId: string, body: SendMessageBody): Promise<void> {
  const response = body.quickReplyResponse
  if (!response) return
  const asked = await deps.storage.reads.messageById(response.messageId)
  const ok = asked?.conversationId === conversationId && asked.quickReply?.options.some((o) => (o.metadata ?? o.label) === response.metadata)
  if (!ok) throw new AppError('QUICK_REPLY_INVALID', { messageId: response.messageId })
}

/**
 * Sends a message. Acknowledged (resolved) only once it, its seq and its event are committed.
 * A retry with the same clientMessageId and body returns the original; with another body it is
 * an IDEMPOTENCY_CONFLICT. The unique index decides, so concurrent retries make one message.
 */
export async function sendMessage(deps: CoreDeps, actor: Actor, conversationId: string, body: SendMessageBody): Promise<{ message: Message; created: boolean }> {
  requireWriter(actor)
  const reads = deps.storage.reads
  const { conversation, participants, me } = await requireMembership(reads, conversationId, actor.accountId)
  const hash = body.clientMessageId === undefined ? null : bodyHash(body)
  if (body.clientMessageId !== undefined && hash !== null) {
    const existing = await reads.messageByClientId(conversationId, actor.accountId, body.clientMessageId)
    if (existing) return { message: await replayOrConflict(deps, existing, hash), created: false }
  }
  const text = body.text ?? ''
  if (text.trim() === '' && body.attachmentMediaId === undefined) throw new AppError('MESSAGE_EMPTY')
  await checkBody(deps, body)
  await checkQuickReplyResponse(deps, conversationId, body)
  let otherId: string | null = null
  if (conversation.kind === 'direct') {
    otherId = otherOf(conversation, actor.accountId)
    if (await eitherBlocks(deps, actor.accountId, otherId)) throw new AppError('RECIPIENT_UNAVAILABLE')
  }
  const attachment: MediaRecord | null = body.attachmentMediaId === undefined ? null : await requireAttachable(deps, actor, body.attachmentMediaId)

  try {
    const message = await deps.storage.transaction(async (tx) => {
      const audience = participants.map((p) => p.accountId)
      // A 1:1 whose other side deleted the request: this message brings it back, as a request.
      if (otherId !== null && !participants.some((p) => p.accountId === otherId)) {
        await rejoinAsRequest(deps, tx, conversationId, otherId)
        audience.push(otherId)
      }
      const record = await appendMessage(deps, tx, {
        conversationId,
        senderId: actor.accountId,
        sentBy: actor.accountId === actor.userId ? null : actor.userId,
        kind: 'text',
        text,
        entities: extractEntities(text),
        quickReply: body.quickReply ?? null,
        quickReplyResponse: body.quickReplyResponse ?? null,
        buttons: body.buttons ?? [],
        attachmentMediaId: attachment?.id ?? null,
        system: null,
        clientMessageId: body.clientMessageId ?? null,
        bodyHash: hash,
      }, audience, attachment)
      if (attachment && !(await tx.attachMedia(attachment.id, record.id))) throw new AppError('MEDIA_ALREADY_ATTACHED')
      // Answering a request accepts it.
      if (me.status === 'request') await acceptInTx(deps, tx, conversationId, me)
      return record
    })
    return { message: presentMessage(message, new Map(attachment ? [[attachment.id, attachment]] : [])), created: true }
  } catch (error) {
    if (!(error instanceof DuplicateClientMessage) || body.clientMessageId === undefined || hash === null) throw error
    const existing = await reads.messageByClientId(conversationId, actor.accountId, body.clientMessageId)
    if (!existing) throw error
    return { message: await replayOrConflict(deps, existing, hash), created: false }
  }
}

async function rejoinAsRequest(deps: CoreDeps, tx: StorageTx, conversationId: string, accountId: string): Promise<void> {
  const conversation = await tx.conversationById(conversationId)
  if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND')
  await tx.updateParticipant(conversationId, accountId, { status: 'request', leftCursor: null, joinedCursor: Number.MAX_SAFE_INTEGER })
  const { core, participants } = await loadConversationCore(tx, conversation)
  const cursor = await emit(deps, tx, { name: 'conversation.updated', data: { conversation: core }, conversationId }, participants.map((p) => p.accountId))
  await tx.updateParticipant(conversationId, accountId, { joinedCursor: cursor })
}

async function acceptInTx(deps: CoreDeps, tx: StorageTx, conversationId: string, me: ParticipantRecord): Promise<void> {
  await tx.updateParticipant(conversationId, me.accountId, { status: 'accepted' })
  const conversation = await tx.conversationById(conversationId)
  if (!conversation) return
  const { core, participants } = await loadConversationCore(tx, conversation)
  await emit(deps, tx, { name: 'conversation.updated', data: { conversation: core }, conversationId }, participants.map((p) => p.accountId))
}
