import { AppError, type Conversation, type ParticipantStatus } from '@parloir/protocol'
import { emit, type Actor, type CoreDeps } from '../context.ts'
import { authorize } from '../authorization/authorize.ts'
import type { AccountRecord, ConversationRecord, ParticipantRecord, StorageTx } from '../ports/storage.ts'
import { loadConversation, loadConversationCore, presentConversationCore, presentMessages, presentReadMarks, withModeration } from '../presenters.ts'
import { appendSystemMessage } from '../messages/append.ts'
import { eitherBlocks } from '../safety/safety.ts'
import { requireOwnImage } from '../media/attach.ts'
import { initialStatus, pairKey, requireMembership } from './access.ts'
import { joinInbox } from '../team-inbox/inbox-state.ts'

async function requireAccounts(deps: CoreDeps, ids: readonly string[]): Promise<AccountRecord[]> {
  const found = await deps.storage.reads.accounts.byIds(ids)
  const missing = ids.filter((id) => !found.some((a) => a.id === id))
  if (missing.length) throw new AppError('ACCOUNT_NOT_FOUND', { accountIds: missing })
  return found
}

/**
 * Visitors exist only to talk to the brand that started them (its link or website chat): a
 * visitor opens a 1:1 with that brand and nothing else, and only that brand reaches it (to anyone
 * else a visitor looks missing), so one visitor cannot be followed across brands. Neither joins groups.
 */
async function checkVisitorRules(deps: CoreDeps, actor: Actor, targets: readonly AccountRecord[], kind: 'direct' | 'group'): Promise<void> {
  const me = await deps.storage.reads.accounts.byId(actor.accountId)
  if (me?.kind === 'visitor') {
    if (kind === 'group' || targets.some((t) => t.kind !== 'brand')) throw new AppError('VISITOR_NOT_ALLOWED')
    if (targets.some((t) => t.id !== me.issuedByBrandId)) throw new AppError('VISITOR_OTHER_BRAND')
  }
  const visitor = targets.find((t) => t.kind === 'visitor')
  if (!visitor) return
  if (kind === 'group') throw new AppError('VISITOR_NOT_ALLOWED', { accountId: visitor.id })
  if (me?.kind !== 'brand' || visitor.issuedByBrandId !== me.id) throw new AppError('ACCOUNT_NOT_FOUND', { accountId: visitor.id })
}

/** Announces the neutral state of a conversation to its current participants. */
async function emitUpdated(deps: CoreDeps, tx: StorageTx, conversation: ConversationRecord): Promise<number> {
  const { core, participants } = await loadConversationCore(tx, conversation)
  return emit(deps, tx, { name: 'conversation.updated', data: { conversation: core }, conversationId: conversation.id }, participants.map((p) => p.accountId))
}

function newParticipant(conversationId: string, accountId: string, status: ParticipantStatus, nowMs: number, visibleFromSeq: number): ParticipantRecord {
  return { conversationId, accountId, status, joinedCursor: Number.MAX_SAFE_INTEGER, leftCursor: null, lastReadSeq: visibleFromSeq, visibleFromSeq, joinedAtMs: nowMs }
}

/** Marks where participants joined in the event log: they replay events from there on. */
async function markJoined(tx: StorageTx, conversationId: string, accountIds: string[], cursor: number): Promise<void> {
  for (const accountId of accountIds) await tx.participants.update(conversationId, accountId, { joinedCursor: cursor })
}

export async function getConversation(deps: CoreDeps, actor: Actor, conversationId: string): Promise<Conversation> {
  await authorize(deps, actor, 'conversations.read')
  const { conversation, me } = await requireMembership(deps.storage.reads, conversationId, actor.accountId)
  return viewerConversation(deps, conversation, me)
}

async function viewerConversation(deps: CoreDeps, conversation: ConversationRecord, me: ParticipantRecord): Promise<Conversation> {
  const unread = await deps.storage.reads.messages.unreadCount(conversation.id, me)
  return loadConversation(deps.storage.reads, conversation, me, unread)
}

/**
 * The one 1:1 conversation of a pair; two concurrent calls get the same one. `ref` names the
 * link or button it was opened from; only the call that creates the conversation records it.
 */
export async function openDirect(deps: CoreDeps, actor: Actor, accountId: string, ref?: string): Promise<Conversation> {
  await authorize(deps, actor, 'conversations.open')
  if (accountId === actor.accountId) throw new AppError('CANNOT_MESSAGE_SELF')
  const key = pairKey(actor.accountId, accountId)
  const existing = await deps.storage.reads.conversations.byPairKey(key)
  if (existing) return getConversation(deps, actor, existing.id)
  const found = await requireAccounts(deps, [accountId, actor.accountId])
  const recipient = found.find((a) => a.id === accountId)
  const opener = found.find((a) => a.id === actor.accountId)
  if (!recipient || !opener) throw new AppError('ACCOUNT_NOT_FOUND')
  await checkVisitorRules(deps, actor, [recipient], 'direct')
  if (await eitherBlocks(deps, actor.accountId, accountId)) throw new AppError('RECIPIENT_UNAVAILABLE')
  const status = await initialStatus(deps, recipient, actor.accountId)
  const id = await deps.storage.transaction(async (tx) => (await directConversationIn(deps, tx, opener, recipient, status, ref)).id)
  return getConversation(deps, actor, id)
}

/**
 * The pair's 1:1, made in the caller's transaction when there is none (the opener accepted, the
 * recipient with `recipientStatus`): openDirect's, and what moderation hands a blocked customer's
 * case over in. No permission or block checks: the caller made them.
 */
export async function directConversationIn(
  deps: CoreDeps, tx: StorageTx, opener: AccountRecord, recipient: AccountRecord, recipientStatus: ParticipantStatus, ref?: string,
): Promise<ConversationRecord> {
  const key = pairKey(opener.id, recipient.id)
  const now = deps.clock.now()
  const conversation: ConversationRecord = {
    id: deps.ids.next(), kind: 'direct', pairKey: key, name: null, avatarMediaId: null, createdBy: opener.id,
    createdAtMs: now, updatedAtMs: now, lastSeq: 0, lastMessageAtMs: now, source: ref ?? null,
  }
  if (!(await tx.conversations.insert(conversation))) return (await tx.conversations.byPairKey(key)) ?? conversation
  await tx.participants.upsert(newParticipant(conversation.id, opener.id, 'accepted', now, 0))
  await tx.participants.upsert(newParticipant(conversation.id, recipient.id, recipientStatus, now, 0))
  await joinInbox(deps, tx, conversation, [opener, recipient])
  const cursor = await emitUpdated(deps, tx, conversation)
  await markJoined(tx, conversation.id, [opener.id, recipient.id], cursor)
  return conversation
}

export async function createGroup(deps: CoreDeps, actor: Actor, input: { name?: string; accountIds: string[] }): Promise<Conversation> {
  await authorize(deps, actor, 'conversations.open')
  const others = [...new Set(input.accountIds)].filter((id) => id !== actor.accountId)
  if (others.length === 0) throw new AppError('CANNOT_MESSAGE_SELF')
  if (others.length + 1 > deps.limits.groupParticipants) throw new AppError('GROUP_FULL', { limit: deps.limits.groupParticipants })
  const accounts = await requireAccounts(deps, others)
  await checkVisitorRules(deps, actor, accounts, 'group')
  for (const account of accounts) {
    if (await eitherBlocks(deps, actor.accountId, account.id)) throw new AppError('RECIPIENT_UNAVAILABLE', { accountId: account.id })
  }
  const statuses = await Promise.all(accounts.map((a) => initialStatus(deps, a, actor.accountId)))
  const [creator] = await requireAccounts(deps, [actor.accountId])
  const now = deps.clock.now()
  const conversation: ConversationRecord = {
    id: deps.ids.next(), kind: 'group', pairKey: null, name: input.name ?? null, avatarMediaId: null, createdBy: actor.accountId,
    createdAtMs: now, updatedAtMs: now, lastSeq: 0, lastMessageAtMs: now, source: null,
  }
  const everyone = [actor.accountId, ...accounts.map((a) => a.id)]
  await deps.storage.transaction(async (tx) => {
    await tx.conversations.insert(conversation)
    await tx.participants.upsert(newParticipant(conversation.id, actor.accountId, 'accepted', now, 0))
    for (const [i, account] of accounts.entries()) {
      await tx.participants.upsert(newParticipant(conversation.id, account.id, statuses[i] ?? 'request', now, 0))
    }
    await joinInbox(deps, tx, conversation, creator ? [creator, ...accounts] : accounts)
    const cursor = await emitUpdated(deps, tx, conversation)
    await markJoined(tx, conversation.id, everyone, cursor)
    await appendSystemMessage(deps, tx, conversation.id, { action: 'group.created', actorId: actor.accountId, accountIds: everyone.slice(1), ...(input.name ? { name: input.name } : {}) }, everyone)
  })
  return getConversation(deps, actor, conversation.id)
}

async function requireGroupMembership(deps: CoreDeps, actor: Actor, conversationId: string) {
  await authorize(deps, actor, 'conversations.manage')
  const membership = await requireMembership(deps.storage.reads, conversationId, actor.accountId)
  if (membership.conversation.kind !== 'group') throw new AppError('NOT_A_GROUP')
  return membership
}

/** Adds people to a group; they see messages from now on, not the history before. */
export async function addParticipants(deps: CoreDeps, actor: Actor, conversationId: string, accountIds: string[]): Promise<Conversation> {
  const { participants } = await requireGroupMembership(deps, actor, conversationId)
  const current = new Set(participants.map((p) => p.accountId))
  const added = [...new Set(accountIds)].filter((id) => !current.has(id))
  if (added.length === 0) return getConversation(deps, actor, conversationId)
  if (current.size + added.length > deps.limits.groupParticipants) throw new AppError('GROUP_FULL', { limit: deps.limits.groupParticipants })
  const accounts = await requireAccounts(deps, added)
  await checkVisitorRules(deps, actor, accounts, 'group')
  for (const account of accounts) {
    if (await eitherBlocks(deps, actor.accountId, account.id)) throw new AppError('RECIPIENT_UNAVAILABLE', { accountId: account.id })
  }
  const statuses = await Promise.all(accounts.map((a) => initialStatus(deps, a, actor.accountId)))
  const now = deps.clock.now()
  await deps.storage.transaction(async (tx) => {
    const fresh = await tx.conversations.byId(conversationId)
    if (!fresh) throw new AppError('CONVERSATION_NOT_FOUND')
    const present = await tx.participants.of(conversationId)
    if (present.length + added.length > deps.limits.groupParticipants) throw new AppError('GROUP_FULL', { limit: deps.limits.groupParticipants })
    for (const [i, account] of accounts.entries()) {
      await tx.participants.upsert(newParticipant(conversationId, account.id, statuses[i] ?? 'request', now, fresh.lastSeq))
    }
    await joinInbox(deps, tx, fresh, accounts)
    await tx.conversations.update(conversationId, { updatedAtMs: now })
    const cursor = await emitUpdated(deps, tx, { ...fresh, updatedAtMs: now })
    await markJoined(tx, conversationId, added, cursor)
    await appendSystemMessage(deps, tx, conversationId, { action: 'participants.added', actorId: actor.accountId, accountIds: added }, [...present.map((p) => p.accountId), ...added])
  })
  return getConversation(deps, actor, conversationId)
}

/**
 * Takes an account out of a conversation's audience: the others get `conversation.updated`,
 * the account gets `conversation.removed` and no event of it after that.
 */
async function removeParticipant(deps: CoreDeps, tx: StorageTx, conversation: ConversationRecord, accountId: string): Promise<void> {
  const now = deps.clock.now()
  await tx.participants.update(conversation.id, accountId, { leftCursor: 0 })
  await tx.conversations.update(conversation.id, { updatedAtMs: now })
  const cursor = await emitUpdated(deps, tx, { ...conversation, updatedAtMs: now })
  await tx.participants.update(conversation.id, accountId, { leftCursor: cursor })
  await emit(deps, tx, { name: 'conversation.removed', data: { conversationId: conversation.id }, accountId }, [accountId])
}

export async function leaveGroup(deps: CoreDeps, actor: Actor, conversationId: string): Promise<void> {
  const { conversation, participants } = await requireGroupMembership(deps, actor, conversationId)
  await deps.storage.transaction(async (tx) => {
    await appendSystemMessage(deps, tx, conversationId, { action: 'participant.left', actorId: actor.accountId, accountIds: [actor.accountId] }, participants.map((p) => p.accountId))
    await removeParticipant(deps, tx, conversation, actor.accountId)
    await tx.inbox.remove(actor.accountId, conversationId)
  })
}

export async function updateGroup(deps: CoreDeps, actor: Actor, conversationId: string, patch: { name?: string | null; avatarMediaId?: string | null }): Promise<Conversation> {
  const { participants } = await requireGroupMembership(deps, actor, conversationId)
  if (patch.avatarMediaId) await requireOwnImage(deps, actor, patch.avatarMediaId)
  const now = deps.clock.now()
  await deps.storage.transaction(async (tx) => {
    await tx.conversations.update(conversationId, { ...patch, updatedAtMs: now })
    const fresh = await tx.conversations.byId(conversationId)
    if (!fresh) throw new AppError('CONVERSATION_NOT_FOUND')
    const audience = participants.map((p) => p.accountId)
    if (patch.name !== undefined) {
      await appendSystemMessage(deps, tx, conversationId, { action: 'group.renamed', actorId: actor.accountId, accountIds: [], ...(patch.name ? { name: patch.name } : {}) }, audience)
    }
    if (patch.avatarMediaId !== undefined) {
      await appendSystemMessage(deps, tx, conversationId, { action: 'group.avatar_changed', actorId: actor.accountId, accountIds: [] }, audience)
    }
    await emitUpdated(deps, tx, fresh)
  })
  return getConversation(deps, actor, conversationId)
}

async function requireRequest(deps: CoreDeps, actor: Actor, conversationId: string) {
  await authorize(deps, actor, 'conversations.manage')
  const membership = await requireMembership(deps.storage.reads, conversationId, actor.accountId)
  return membership
}

export async function acceptRequest(deps: CoreDeps, actor: Actor, conversationId: string): Promise<Conversation> {
  const { conversation, me } = await requireRequest(deps, actor, conversationId)
  if (me.status === 'request') {
    await deps.storage.transaction(async (tx) => {
      await tx.participants.update(conversationId, actor.accountId, { status: 'accepted' })
      await emitUpdated(deps, tx, conversation)
    })
  }
  return getConversation(deps, actor, conversationId)
}

/**
 * Deletes a message request: it leaves the requests box and its messages are no longer shown.
 * In a 1:1, a later message from the same account brings a new request.
 */
export async function deleteRequest(deps: CoreDeps, actor: Actor, conversationId: string): Promise<void> {
  const { conversation, me } = await requireRequest(deps, actor, conversationId)
  if (me.status !== 'request') throw new AppError('CONVERSATION_NOT_FOUND', { reason: 'not a request' })
  await deps.storage.transaction(async (tx) => {
    const fresh = (await tx.conversations.byId(conversationId)) ?? conversation
    await tx.participants.update(conversationId, actor.accountId, { visibleFromSeq: fresh.lastSeq, lastReadSeq: fresh.lastSeq })
    await removeParticipant(deps, tx, fresh, actor.accountId)
  })
}

/** Parses the opaque list cursor `<ms>.<id>` (conversation lists and the team inbox). */
export function parseListCursor(before: string | undefined): { atMs: number; id: string } | null {
  if (!before) return null
  const match = /^([0-9]{1,16})\.([0-9]{1,20})$/.exec(before)
  if (!match) throw new AppError('INVALID_CURSOR')
  return { atMs: Number(match[1]), id: match[2] ?? '' }
}

export async function listConversations(
  deps: CoreDeps,
  actor: Actor,
  query: { box?: 'inbox' | 'requests'; before?: string; limit?: number },
): Promise<{ conversations: Conversation[]; nextCursor: string | null }> {
  await authorize(deps, actor, 'conversations.read')
  const reads = deps.storage.reads
  const limit = query.limit ?? deps.limits.pageSize
  const status = query.box === 'requests' ? 'request' : 'accepted'
  const items = await reads.conversations.list(actor.accountId, status, limit + 1, parseListCursor(query.before))
  const page = items.slice(0, limit)
  const ids = page.map((i) => i.conversation.id)
  const participants = ids.length ? await reads.participants.ofMany(ids) : []
  const accounts = new Map((await reads.accounts.byIds([...new Set(participants.map((p) => p.accountId))])).map((a) => [a.id, a]))
  const lastRecords = ids.length ? await reads.messages.lastOf(ids) : []
  const lastMessages = await withModeration(reads, actor.accountId, lastRecords, await presentMessages(reads, lastRecords))
  const lastById = new Map(lastMessages.map((m) => [m.conversationId, m]))
  const conversations = page.map(({ conversation, viewer, unreadCount }) => {
    const theirs = participants.filter((p) => p.conversationId === conversation.id)
    const core = presentConversationCore(conversation, theirs, accounts)
    const lastMessage = lastById.get(conversation.id) ?? null
    return {
      ...core, lastSeq: conversation.lastSeq,
      lastMessage: lastMessage && lastMessage.seq > viewer.visibleFromSeq ? lastMessage : null,
      viewer: { accountId: viewer.accountId, status: viewer.status, lastReadSeq: viewer.lastReadSeq, unreadCount },
      readMarks: presentReadMarks(theirs, accounts, actor.accountId),
    }
  })
  const last = page.at(-1)
  return {
    conversations,
    nextCursor: items.length > limit && last ? `${last.conversation.lastMessageAtMs}.${last.conversation.id}` : null,
  }
}
