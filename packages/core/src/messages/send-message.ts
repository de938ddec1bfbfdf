import { createHash } from 'node:crypto'
import { AppError, type Message, type QuickReply, type SendMessageBody } from '@parloir/protocol'
import { emit, type Actor, type CoreDeps } from '../context.ts'
import { authorize } from '../authorization/authorize.ts'
import type { AccountRecord, MediaRecord, MessageRecord, ParticipantRecord, StorageTx, WelcomeMessageRecord } from '../ports/storage.ts'
import { writeWelcomeMessage } from '../welcome-messages/welcome-messages.ts'
import { requireCustomProfile } from '../custom-profiles/custom-profiles.ts'
import { answerAutomatically } from '../automation/automatic-replies.ts'
import { queueAnswerEmail } from '../visitors/answer-emails.ts'
import { queuePersonNotifications } from '../person-notifications/person-notifications.ts'
import { presentMessage, presentMessages, loadConversationCore } from '../presenters.ts'
import { extractEntities } from '../text/entities.ts'
import { checkRichContent } from './rich-content.ts'
import { otherOf, requireMembership } from '../conversations/access.ts'
import { eitherBlocks } from '../safety/safety.ts'
import { requireAttachable } from '../media/attach.ts'
import { appendMessage, DuplicateClientMessage } from './append.ts'
import { authored } from './messages.ts'

/** What the client sent, hashed, so a retry can be told from a reuse of its client id. */
function bodyHash(body: SendMessageBody): string {
  // What the writer saw is not what they sent: a retry after a refresh is still the same message.
  const { clientMessageId: _, seenSeq: __, ...rest } = body
  return createHash('sha256').update(JSON.stringify(rest, Object.keys(rest).sort())).digest('base64url')
}

async function replayOrConflict(deps: CoreDeps, existing: MessageRecord, hash: string): Promise<Message> {
  if (existing.bodyHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', { messageId: existing.id })
  const [message] = await presentMessages(deps.storage.reads, [existing])
  if (!message) throw new AppError('MESSAGE_NOT_FOUND')
  return message
}

const answers = (quickReply: QuickReply | null | undefined, metadata: string) => quickReply?.options.some((o) => (o.metadata ?? o.label) === metadata) === true

/**
 * The quick-reply answer must name an option of a message in the same conversation, or of the
 * welcome message this send writes first.
 */
async function checkQuickReplyResponse(deps: CoreDeps, conversationId: string, body: SendMessageBody, welcome: WelcomeMessageRecord | null): Promise<void> {
  const response = body.quickReplyResponse
  if (!response) return
  if (welcome && response.messageId === welcome.id) {
    if (!answers(welcome.quickReply, response.metadata)) throw new AppError('QUICK_REPLY_INVALID', { messageId: response.messageId })
    return
  }
  const asked = await deps.storage.reads.messages.byId(response.messageId)
  if (asked?.conversationId !== conversationId || !answers(asked.quickReply, response.metadata)) {
    throw new AppError('QUICK_REPLY_INVALID', { messageId: response.messageId })
  }
}

/** Who the other side of a 1:1 is, when the sender writes to a brand as a person or visitor. */
async function brandAddressed(deps: CoreDeps, actor: Actor, otherId: string | null): Promise<AccountRecord | null> {
  if (otherId === null || actor.role !== 'self') return null
  const other = await deps.storage.reads.accounts.byId(otherId)
  return other?.kind === 'brand' ? other : null
}

/**
 * Sends a message. Acknowledged (resolved) only once it, its seq and its event are committed.
 * A retry with the same clientMessageId and body returns the original; with another body it is
 * an IDEMPOTENCY_CONFLICT. The unique index decides, so concurrent retries make one message.
 */
export async function sendMessage(deps: CoreDeps, asked: Actor, conversationId: string, body: SendMessageBody): Promise<{ message: Message; created: boolean }> {
  // Checked at the time of the send, with the role the member holds now.
  const actor = await authorize(deps, asked, 'messages.send')
  const reads = deps.storage.reads
  const { conversation, participants, me } = await requireMembership(reads, conversationId, actor.accountId)
  const hash = body.clientMessageId === undefined ? null : bodyHash(body)
  if (body.clientMessageId !== undefined && hash !== null) {
    const existing = await reads.messages.byClientId(conversationId, actor.accountId, body.clientMessageId)
    if (existing) return { message: await replayOrConflict(deps, existing, hash), created: false }
  }
  const text = body.text ?? ''
  if (text.trim() === '' && body.attachmentMediaId === undefined && body.quickReplyResponse === undefined) throw new AppError('MESSAGE_EMPTY')
  await checkRichContent(deps, body)
  let otherId: string | null = null
  if (conversation.kind === 'direct') {
    otherId = otherOf(conversation, actor.accountId)
    if (await eitherBlocks(deps, actor.accountId, otherId)) throw new AppError('RECIPIENT_UNAVAILABLE')
  }
  const brand = await brandAddressed(deps, actor, otherId)
  if (brand) {
    // A visitor talks only with the brand that started it, also in a 1:1 an older server let it open.
    const sender = await reads.accounts.byId(actor.accountId)
    if (sender?.kind === 'visitor' && sender.issuedByBrandId !== brand.id) throw new AppError('VISITOR_OTHER_BRAND')
  }
  const answered = otherId
  // A welcome message of another brand, or sent where no brand is addressed, is ignored: a stale link still sends.
  const welcome = brand && body.welcomeMessageId !== undefined ? await deps.storage.reads.welcomeMessages.byId(body.welcomeMessageId) : undefined
  const shownWelcome = welcome?.brandId === brand?.id && welcome ? welcome : null
  await checkQuickReplyResponse(deps, conversationId, body, shownWelcome)
  if (body.seenSeq !== undefined && actor.role !== 'self') await refuseIfAnsweredMeanwhile(deps, actor, conversationId, body.seenSeq, me.visibleFromSeq)
  const customProfile = body.customProfileId === undefined ? null : await customProfileFor(deps, actor, body.customProfileId)
  const attachment: MediaRecord | null = body.attachmentMediaId === undefined ? null : await requireAttachable(deps, actor, body.attachmentMediaId)

  try {
    const message = await deps.storage.transaction(async (tx) => {
      const audience = participants.map((p) => p.accountId)
      // A 1:1 whose other side deleted the request: this message brings it back, as a request.
      if (otherId !== null && !participants.some((p) => p.accountId === otherId)) {
        await rejoinAsRequest(deps, tx, conversationId, otherId)
        audience.push(otherId)
      }
      let quickReplyResponse = body.quickReplyResponse ?? null
      if (shownWelcome) {
        const written = await writeWelcomeMessage(deps, tx, shownWelcome, conversationId, audience)
        if (quickReplyResponse?.messageId === shownWelcome.id) quickReplyResponse = { ...quickReplyResponse, messageId: written.id }
      }
      const record = await appendMessage(deps, tx, {
        conversationId,
        senderId: actor.accountId,
        sentBy: actor.accountId === actor.userId ? null : actor.userId,
        kind: 'text',
        text,
        entities: extractEntities(text),
        quickReply: body.quickReply ?? null,
        quickReplyResponse,
        buttons: body.buttons ?? [],
        attachmentMediaId: attachment?.id ?? null,
        system: null,
        customProfile,
        automation: null,
        clientMessageId: body.clientMessageId ?? null,
        bodyHash: hash,
        appId: actor.appId ?? null,
      }, audience, attachment)
      if (attachment && !(await tx.media.attach(attachment.id, record.id))) throw new AppError('MEDIA_ALREADY_ATTACHED')
      // Answering a request accepts it.
      if (me.status === 'request') await acceptInTx(deps, tx, conversationId, me)
      if (brand) await answerAutomatically(deps, tx, { brandId: brand.id, personId: actor.accountId, conversationId, text, audience })
      // A team member answering as the brand: a visitor who left an address is told.
      if (actor.role !== 'self' && answered !== null) await queueAnswerEmail(deps, tx, { brandId: actor.accountId, visitorId: answered, conversationId, answeredAtMs: record.createdAtMs })
      // People who may not have the app open are told later, if they still have not read it (person-notifications).
      const accepted = participants.filter((p) => p.status === 'accepted').map((p) => p.accountId)
      await queuePersonNotifications(deps, tx, { conversationId, messageId: record.id, recipients: accepted, exclude: [actor.accountId, actor.userId, ...(brand ? [brand.id] : [])] })
      return record
    })
    return { message: authored(actor, message, presentMessage(message, new Map(attachment ? [[attachment.id, attachment]] : []))), created: true }
  } catch (error) {
    if (!(error instanceof DuplicateClientMessage) || body.clientMessageId === undefined || hash === null) throw error
    const existing = await reads.messages.byClientId(conversationId, actor.accountId, body.clientMessageId)
    if (!existing) throw error
    return { message: await replayOrConflict(deps, existing, hash), created: false }
  }
}

/**
 * Two agents must not answer one customer at once: when another member of the team wrote as the
 * brand after `seenSeq` (what the writer saw), the send is refused, naming who, so the writer
 * reads it first. Automatic messages do not count.
 */
async function refuseIfAnsweredMeanwhile(deps: CoreDeps, actor: Actor, conversationId: string, seenSeq: number, visibleFromSeq: number): Promise<void> {
  const since = await deps.storage.reads.messages.list(conversationId, actor.accountId, { afterSeq: seenSeq, visibleFromSeq, limit: 100 })
  const other = since.find((m) => m.senderId === actor.accountId && m.kind === 'text' && m.automation === null && m.sentBy !== actor.userId)
  if (other) throw new AppError('ANSWERED_MEANWHILE', { messageId: other.id, seq: other.seq, author: other.sentBy })
}

/** A custom profile of the brand the actor writes as; people have none. */
async function customProfileFor(deps: CoreDeps, actor: Actor, profileId: string): Promise<MessageRecord['customProfile']> {
  if (actor.role === 'self') throw new AppError('CUSTOM_PROFILE_NOT_FOUND', { profileId })
  const profile = await requireCustomProfile(deps, actor.accountId, profileId)
  return { id: profile.id, name: profile.name, avatarMediaId: profile.avatarMediaId }
}

async function rejoinAsRequest(deps: CoreDeps, tx: StorageTx, conversationId: string, accountId: string): Promise<void> {
  const conversation = await tx.conversations.byId(conversationId)
  if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND')
  await tx.participants.update(conversationId, accountId, { status: 'request', leftCursor: null, joinedCursor: Number.MAX_SAFE_INTEGER })
  const { core, participants } = await loadConversationCore(tx, conversation)
  const cursor = await emit(deps, tx, { name: 'conversation.updated', data: { conversation: core }, conversationId }, participants.map((p) => p.accountId))
  await tx.participants.update(conversationId, accountId, { joinedCursor: cursor })
}

async function acceptInTx(deps: CoreDeps, tx: StorageTx, conversationId: string, me: ParticipantRecord): Promise<void> {
  await tx.participants.update(conversationId, me.accountId, { status: 'accepted' })
  const conversation = await tx.conversations.byId(conversationId)
  if (!conversation) return
  const { core, participants } = await loadConversationCore(tx, conversation)
  await emit(deps, tx, { name: 'conversation.updated', data: { conversation: core }, conversationId }, participants.map((p) => p.accountId))
}
