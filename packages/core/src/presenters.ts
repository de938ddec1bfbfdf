import type { Account, Conversation, ConversationCore, Media, Message, MessageModeration, Participant, ReadMark } from '@parloir/protocol'
import type { AccountRecord, ConversationRecord, MediaRecord, MessageModerationRecord, MessageRecord, ParticipantRecord, StorageReads } from './ports/storage.ts'
import { iso } from './context.ts'

export const mediaUrl = (mediaId: string) => `/api/v1/media/${mediaId}`

export function presentAccount(account: AccountRecord): Account {
  return {
    id: account.id,
    kind: account.kind,
    // A visitor's handle is internal (`visitor:<id>`): it has none to show or look up.
    handle: account.kind === 'visitor' ? '' : account.handle,
    displayName: account.displayName,
    bio: account.bio,
    avatarUrl: account.avatarMediaId ? mediaUrl(account.avatarMediaId) : null,
    createdAt: iso(account.createdAtMs),
  }
}

export function presentMedia(media: MediaRecord): Media {
  return {
    id: media.id,
    kind: media.kind,
    mimeType: media.mimeType,
    sizeBytes: media.sizeBytes,
    width: media.width,
    height: media.height,
    fileName: media.fileName,
    url: mediaUrl(media.id),
    thumbnailUrl: media.thumbnailKey ? `${mediaUrl(media.id)}/thumbnail` : null,
    createdAt: iso(media.createdAtMs),
  }
}

export function presentMessage(message: MessageRecord, media: ReadonlyMap<string, MediaRecord>): Message {
  const attachment = message.attachmentMediaId ? media.get(message.attachmentMediaId) : undefined
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    senderId: message.senderId,
    kind: message.kind,
    text: message.text,
    entities: message.entities,
    quickReply: message.quickReply,
    quickReplyResponse: message.quickReplyResponse,
    buttons: message.buttons,
    attachment: attachment ? presentMedia(attachment) : null,
    system: message.system,
    customProfile: message.customProfile && {
      id: message.customProfile.id,
      name: message.customProfile.name,
      avatarUrl: message.customProfile.avatarMediaId ? mediaUrl(message.customProfile.avatarMediaId) : null,
    },
    automation: message.automation,
    clientMessageId: message.clientMessageId,
    createdAt: iso(message.createdAtMs),
    unsentAt: message.unsentAtMs === null ? null : iso(message.unsentAtMs),
  }
}

/** Loads the media of these messages and presents them. */
export async function presentMessages(reads: StorageReads, messages: MessageRecord[]): Promise<Message[]> {
  const mediaIds = messages.flatMap((m) => (m.attachmentMediaId ? [m.attachmentMediaId] : []))
  const media = new Map((mediaIds.length ? await reads.media.byIds(mediaIds) : []).map((m) => [m.id, m]))
  return messages.map((m) => presentMessage(m, media))
}

export function presentConversationCore(
  conversation: ConversationRecord,
  participants: ParticipantRecord[],
  accounts: ReadonlyMap<string, AccountRecord>,
): ConversationCore {
  const people: Participant[] = []
  for (const p of participants) {
    const account = accounts.get(p.accountId)
    if (account) people.push({ account: presentAccount(account), status: p.status, joinedAt: iso(p.joinedAtMs) })
  }
  return {
    id: conversation.id,
    kind: conversation.kind,
    name: conversation.name,
    avatarUrl: conversation.avatarMediaId ? mediaUrl(conversation.avatarMediaId) : null,
    participants: people,
    source: conversation.source,
    createdAt: iso(conversation.createdAtMs),
    updatedAt: iso(conversation.updatedAtMs),
  }
}

/**
 * How far the others have read, as `viewerId` may see it: the rule of live read receipts (the
 * reader and the viewer both share them; turning them off hides others' as well). Only real
 * reads count (past where the participant joined), so a mark here is one a `conversation.read`
 * event announced.
 */
export function presentReadMarks(participants: ParticipantRecord[], accounts: ReadonlyMap<string, AccountRecord>, viewerId: string): ReadMark[] {
  if (!accounts.get(viewerId)?.settings.sendReadReceipts) return []
  return participants
    .filter((p) => p.accountId !== viewerId && p.lastReadSeq > p.visibleFromSeq && accounts.get(p.accountId)?.settings.sendReadReceipts)
    .map((p) => ({ accountId: p.accountId, seq: p.lastReadSeq }))
}

/** The neutral part of a conversation, loaded: what `conversation.updated` events carry. */
export async function loadConversationCore(reads: StorageReads, conversation: ConversationRecord): Promise<{ core: ConversationCore; participants: ParticipantRecord[]; accounts: Map<string, AccountRecord> }> {
  const participants = await reads.participants.of(conversation.id)
  const accounts = new Map((await reads.accounts.byIds(participants.map((p) => p.accountId))).map((a) => [a.id, a]))
  return { core: presentConversationCore(conversation, participants, accounts), participants, accounts }
}

/** A conversation as one account sees it. */
export async function loadConversation(
  reads: StorageReads,
  conversation: ConversationRecord,
  viewer: ParticipantRecord,
  unreadCount: number,
): Promise<Conversation> {
  const { core, participants, accounts } = await loadConversationCore(reads, conversation)
  const [last] = await reads.messages.lastOf([conversation.id])
  const lastMessage = last ? (await withModeration(reads, viewer.accountId, [last], await presentMessages(reads, [last])))[0] ?? null : null
  return {
    ...core,
    lastSeq: conversation.lastSeq,
    lastMessage,
    viewer: { accountId: viewer.accountId, status: viewer.status, lastReadSeq: viewer.lastReadSeq, unreadCount },
    readMarks: presentReadMarks(participants, accounts, viewer.accountId),
  }
}

// A customer's message the brand's team hid (moderation/message-hide.ts), as each reader may see it.

const noEntities = { urls: [], mentions: [], hashtags: [] }

export function presentModeration(hide: MessageModerationRecord): MessageModeration {
  return { hiddenBy: hide.brandId, reason: hide.reason, hiddenAt: iso(hide.hiddenAtMs), reviewRequestedAt: hide.reviewRequestedAtMs === null ? null : iso(hide.reviewRequestedAtMs) }
}

/** A message as `viewerId` may read it under its hide: whole for its author and the brand that hid it, emptied for anyone else. */
export function moderatedFor(viewerId: string, record: Pick<MessageRecord, 'senderId'>, message: Message, hide: MessageModerationRecord): Message {
  const moderation = presentModeration(hide)
  if (viewerId === record.senderId || viewerId === hide.brandId) return { ...message, moderation }
  return { ...message, text: '', entities: noEntities, attachment: null, buttons: [], quickReply: null, moderation }
}

/** `moderatedFor` over a page (`records[i]` is what `messages[i]` presents): one query, none when nothing on it was hidden. */
export async function withModeration(reads: StorageReads, viewerId: string, records: readonly MessageRecord[], messages: Message[]): Promise<Message[]> {
  const ids = records.filter((r) => r.kind === 'text').map((r) => r.id)
  if (ids.length === 0) return messages
  const hides = new Map((await reads.moderation.hiddenMessages(ids)).map((h) => [h.messageId, h]))
  if (hides.size === 0) return messages
  return messages.map((message, i) => {
    const hide = hides.get(message.id)
    const record = records[i]
    return hide && record ? moderatedFor(viewerId, record, message, hide) : message
  })
}
