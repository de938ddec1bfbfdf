import {
  AppError, discussionPath, type Discussion, type DiscussionJoinRequest, type DiscussionMyStatus, type DiscussionParticipant, type DiscussionPost,
  type DiscussionPostInput, type EventName, type EventPayload, type StartDiscussionBody,
} from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import type { EventEnvelope } from '../ports/fanout.ts'
import { authorize } from '../authorization/authorize.ts'
import { presentAccount, presentMedia } from '../presenters.ts'
import { codePointLength, extractEntities } from '../text/entities.ts'
import { checkRichContent } from '../messages/rich-content.ts'
import { requireAttachable } from '../media/attach.ts'
import { eitherBlocks } from '../safety/safety.ts'
import { latestUnreversed, recordAudit, requireReason } from '../moderation/audit-log.ts'
import type {
  AccountRecord, DiscussionContinuationRecord, DiscussionMemberRecord, DiscussionPostRecord, DiscussionRecord, MediaRecord, StorageReads, StorageTx,
} from '../ports/storage.ts'

/**
 * Public discussions. A person acts as themself; a brand's team member acts as the brand
 * (`discussions.write` to start, post, invite and let in; `discussions.manage` to close, reopen
 * and choose indexing). What anyone may read (the discussion, its posts, who takes part) needs
 * no account: these reads take no actor. Every change is one transaction; its live events
 * (`discussion.updated`, `discussionPost.created`) go, after the commit, to those taking part,
 * those asking to, and the streams watching the discussion (`discussionWatchKey`).
 */

/** The key a stream listens on to follow a discussion it does not take part in (the stream's `watchDiscussion`). */
export const discussionWatchKey = (discussionId: string) => `discussion:${discussionId}`

/** How much of a quoted post a quote shows. */
const QUOTE_EXCERPT_CHARS = 280
/** The most discussions "my discussions" lists. */
const MY_DISCUSSIONS = 200

export const takingPart = (m: DiscussionMemberRecord | undefined) => m?.status === 'starter' || m?.status === 'participant'

export async function requireDiscussion(reads: StorageReads, discussionId: string): Promise<DiscussionRecord> {
  const discussion = await reads.discussions.byId(discussionId)
  if (!discussion) throw new AppError('DISCUSSION_NOT_FOUND', { discussionId })
  return discussion
}

function requireOpen(discussion: DiscussionRecord): void {
  if (discussion.closedAtMs !== null) throw new AppError('DISCUSSION_CLOSED', { discussionId: discussion.id, reason: discussion.closedReason })
}

/** The actor allowed to write as itself or as the brand; a visitor (a brand's website chat) writes in no discussion. */
async function writer(deps: CoreDeps, actor: Actor): Promise<Actor> {
  const allowed = await authorize(deps, actor, 'discussions.write')
  if (allowed.role === 'self') {
    const account = await deps.storage.reads.accounts.byId(allowed.accountId)
    if (account?.kind === 'visitor') throw new AppError('VISITOR_NOT_ALLOWED')
  }
  return allowed
}

async function requireTakingPart(reads: StorageReads, discussion: DiscussionRecord, accountId: string): Promise<DiscussionMemberRecord> {
  const member = await reads.discussions.member(discussion.id, accountId)
  if (!member || !takingPart(member)) throw new AppError('DISCUSSION_NOT_PARTICIPANT', { discussionId: discussion.id })
  return member
}

/** Only the starter changes the discussion itself; for a brand, a member who may manage its discussions. */
async function requireStarter(deps: CoreDeps, actor: Actor, discussionId: string): Promise<{ actor: Actor; discussion: DiscussionRecord }> {
  const allowed = await authorize(deps, actor, 'discussions.manage')
  const discussion = await requireDiscussion(deps.storage.reads, discussionId)
  if (discussion.starterId !== allowed.accountId) throw new AppError('DISCUSSION_NOT_STARTER', { discussionId })
  return { actor: allowed, discussion }
}

function refuseBlank(path: string, value: string): void {
  if (value.trim() === '') throw new AppError('VALIDATION_FAILED', { fields: [{ path, message: 'must not be blank', reason: 'blank' }] })
}

/** The title's cap is counted in code points, as every text limit (the schema counts UTF-16 units). */
function checkTitle(deps: CoreDeps, title: string): string {
  refuseBlank('/title', title)
  const limit = deps.limits.discussionTitleChars
  if (codePointLength(title) > limit) throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/title', message: `must be at most ${limit} characters`, reason: 'maxLength', limit }] })
  return title.trim()
}

// ---------------------------------------------------------------------------------------------
// Presenting

async function accountsById(reads: StorageReads, ids: Iterable<string>): Promise<Map<string, AccountRecord>> {
  const unique = [...new Set(ids)]
  return new Map((await reads.accounts.byIds(unique)).map((a) => [a.id, a]))
}

function presentDiscussionWith(record: DiscussionRecord, starter: AccountRecord | undefined): Discussion {
  if (!starter) throw new Error(`discussion ${record.id}: no starter ${record.starterId}`)
  return {
    id: record.id, title: record.title, starter: presentAccount(starter), status: record.closedAtMs === null ? 'open' : 'closed',
    closedReason: record.closedAtMs === null ? null : record.closedReason, closedAt: record.closedAtMs === null ? null : iso(record.closedAtMs),
    indexable: record.indexable, postCount: record.postCount, participantCount: record.participantCount,
    createdAt: iso(record.createdAtMs), lastPostAt: iso(record.lastPostAtMs), path: discussionPath(record.id),
  }
}

/** A discussion as anyone may read it. */
export async function presentDiscussion(reads: StorageReads, record: DiscussionRecord): Promise<Discussion> {
  return presentDiscussionWith(record, await reads.accounts.byId(record.starterId))
}

const noEntities = () => ({ urls: [], mentions: [], hashtags: [] })

/** The start of a post's text for a quote, cut on a code point. */
function excerpt(text: string): string {
  const points = Array.from(text)
  return points.length <= QUOTE_EXCERPT_CHARS ? text : `${points.slice(0, QUOTE_EXCERPT_CHARS).join('')}…`
}

/**
 * Who reads posts: `readerId` the account reading (null: anyone, without an account), and
 * `moderatorId` the discussion's starter (a person, or a brand whose team reads as it).
 */
export interface PostReader { readerId: string | null; moderatorId: string | null }
const anyone: PostReader = { readerId: null, moderatorId: null }

/**
 * Posts as `reader` may read them: the one read path of hiding. A hidden post keeps its place,
 * author and reason for everyone; its text, attachment and quote (and whether a review was asked
 * for) stay only for its author and the moderators. A brand reading sees which posts it continued
 * in private, and where.
 */
export async function presentPosts(
  reads: StorageReads, records: readonly DiscussionPostRecord[], alsoAccounts: readonly string[] = [], reader: PostReader = anyone,
): Promise<{ posts: DiscussionPost[]; accounts: Map<string, AccountRecord> }> {
  const quoteIds = records.map((p) => p.quotePostId).filter((id): id is string => id !== null)
  const quoted = new Map((await reads.discussions.postsByIds(quoteIds)).map((p) => [p.id, p]))
  const accounts = await accountsById(reads, [...alsoAccounts, ...records.map((p) => p.authorId), ...[...quoted.values()].map((p) => p.authorId)])
  const mediaIds = records.map((p) => p.mediaId).filter((id): id is string => id !== null)
  const media = new Map<string, MediaRecord>((await reads.media.byIds(mediaIds)).map((m) => [m.id, m]))
  // Only a signed-in reader can have continued a post (the public page reads as no one).
  const continued = reader.readerId === null ? new Map<string, DiscussionContinuationRecord>()
    : new Map((await reads.discussions.continuations(reader.readerId, records.map((p) => p.id))).map((c) => [c.postId, c]))
  const author = (id: string) => {
    const account = accounts.get(id)
    if (!account) throw new Error(`discussion post author ${id} missing`)
    return presentAccount(account)
  }
  const posts = records.map((p): DiscussionPost => {
    const mayRead = reader.readerId !== null && (reader.readerId === p.authorId || reader.readerId === reader.moderatorId)
    const hidden = p.hiddenAtMs === null ? null : {
      at: iso(p.hiddenAtMs), reason: p.hiddenReason ?? '',
      ...(mayRead ? { reviewRequestedAt: (p.reviewRequestedAtMs ?? null) === null ? null : iso(p.reviewRequestedAtMs ?? 0) } : {}),
    }
    const withheld = hidden !== null && !mayRead
    const q = p.quotePostId === null ? undefined : quoted.get(p.quotePostId)
    const attachment = p.mediaId === null ? undefined : media.get(p.mediaId)
    const continuation = continued.get(p.id)
    return {
      id: p.id, discussionId: p.discussionId, seq: p.seq, author: author(p.authorId),
      text: withheld ? '' : p.text, entities: withheld ? noEntities() : p.entities,
      quote: withheld || !q ? null : { postId: q.id, seq: q.seq, author: author(q.authorId), excerpt: q.hiddenAtMs === null ? excerpt(q.text) : '', hidden: q.hiddenAtMs !== null },
      attachment: withheld || !attachment ? null : presentMedia(attachment),
      createdAt: iso(p.createdAtMs), hidden,
      ...(continuation ? { continuedInPrivate: { conversationId: continuation.conversationId, at: iso(continuation.atMs) } } : {}),
    }
  })
  return { posts, accounts }
}

// ---------------------------------------------------------------------------------------------
// Live events

/** Who hears of a change: those taking part or asking, and the streams watching the discussion. */
export async function audienceOf(deps: CoreDeps, tx: StorageTx, discussionId: string, also: readonly string[] = []): Promise<string[]> {
  const members = [
    ...await tx.discussions.members(discussionId, 'taking part', deps.limits.discussionParticipants),
    ...await tx.discussions.members(discussionId, 'requested', deps.limits.discussionJoinRequests),
  ]
  return [...new Set([...members.map((m) => m.accountId), ...also, discussionWatchKey(discussionId)])]
}

/** Live only (not in the event log): published once the commit is durable. */
export function publishAfterCommit<N extends EventName>(deps: CoreDeps, tx: StorageTx, name: N, data: EventPayload<N>, accountIds: string[]): void {
  // A name and its payload, as the signature pairs them (TypeScript cannot follow N into the union).
  const event = { name, data, accountIds } as EventEnvelope
  tx.afterCommit(() => deps.fanout.publish({ type: 'event', event }))
}

export async function changed(deps: CoreDeps, tx: StorageTx, discussionId: string, also: readonly string[] = []): Promise<Discussion> {
  const record = await tx.discussions.byId(discussionId)
  if (!record) throw new AppError('DISCUSSION_NOT_FOUND', { discussionId })
  const discussion = await presentDiscussion(tx, record)
  publishAfterCommit(deps, tx, 'discussion.updated', { discussion }, await audienceOf(deps, tx, discussionId, also))
  return discussion
}

// ---------------------------------------------------------------------------------------------
// Posts

/** A post about to be written, checked. */
export interface NewPost { text: string; attachment: MediaRecord | null; quotePostId: string | null }

/** Checks a post's content before any write: the message limit, blank, the quote, the attachment. */
async function checkPost(deps: CoreDeps, actor: Actor, discussionId: string, input: DiscussionPostInput): Promise<NewPost> {
  const text = input.text ?? ''
  if (text.trim() === '' && input.attachmentMediaId === undefined) throw new AppError('MESSAGE_EMPTY')
  await checkRichContent(deps, { text })
  if (input.quotePostId !== undefined) {
    const [quoted] = await deps.storage.reads.discussions.postsByIds([input.quotePostId])
    if (quoted?.discussionId !== discussionId) throw new AppError('DISCUSSION_POST_NOT_FOUND', { postId: input.quotePostId })
  }
  const attachment = input.attachmentMediaId === undefined ? null : await requireAttachable(deps, actor, input.attachmentMediaId)
  return { text, attachment, quotePostId: input.quotePostId ?? null }
}

export async function writePost(deps: CoreDeps, tx: StorageTx, actor: Actor, discussionId: string, post: NewPost): Promise<DiscussionPostRecord> {
  const now = deps.clock.now()
  const record: DiscussionPostRecord = {
    id: deps.ids.next(), discussionId, seq: await tx.discussions.nextSeq(discussionId, now), authorId: actor.accountId,
    sentBy: actor.accountId === actor.userId ? null : actor.userId, text: post.text, entities: extractEntities(post.text),
    quotePostId: post.quotePostId, mediaId: post.attachment?.id ?? null, createdAtMs: now, hiddenAtMs: null, hiddenReason: null, hiddenBy: null,
  }
  await tx.discussions.insertPost(record)
  // The same machinery as a message's attachment: media belongs to one message or post, once.
  if (post.attachment && !(await tx.media.attach(post.attachment.id, record.id))) throw new AppError('MEDIA_ALREADY_ATTACHED', { mediaId: post.attachment.id })
  return record
}

export async function announcePost(deps: CoreDeps, tx: StorageTx, record: DiscussionPostRecord): Promise<DiscussionPost> {
  const [post] = (await presentPosts(tx, [record])).posts
  if (!post) throw new Error('post not presented')
  const audience = await audienceOf(deps, tx, record.discussionId)
  publishAfterCommit(deps, tx, 'discussionPost.created', { post }, audience)
  const discussion = await tx.discussions.byId(record.discussionId)
  if (discussion) publishAfterCommit(deps, tx, 'discussion.updated', { discussion: await presentDiscussion(tx, discussion) }, audience)
  return post
}

/** Accounts one may invite: persons and brands that exist, that neither block the inviting account. */
async function requireInvitable(deps: CoreDeps, actor: Actor, accountIds: readonly string[]): Promise<void> {
  const found = await accountsById(deps.storage.reads, accountIds)
  for (const id of accountIds) {
    const account = found.get(id)
    if (!account || account.kind === 'visitor') throw new AppError('ACCOUNT_NOT_FOUND', { accountId: id })
    if (await eitherBlocks(deps, actor.accountId, id)) throw new AppError('RECIPIENT_UNAVAILABLE', { accountId: id })
  }
}

/** Adds accounts as participants in the transaction, refusing past the participant limit. Returns those added. */
async function addParticipants(deps: CoreDeps, tx: StorageTx, actor: Actor, discussionId: string, accountIds: readonly string[]): Promise<string[]> {
  const now = deps.clock.now()
  const added: string[] = []
  for (const accountId of accountIds) {
    const member = await tx.discussions.member(discussionId, accountId)
    if (takingPart(member)) continue
    // Only a moderator adds a removed account again (readdDiscussionParticipant), with a reason.
    if (member?.status === 'removed') throw new AppError('DISCUSSION_REMOVED', { discussionId, accountId })
    await tx.discussions.putMember({ discussionId, accountId, status: 'participant', addedBy: actor.userId, atMs: now })
    added.push(accountId)
  }
  const count = await tx.discussions.countMembers(discussionId, 'taking part')
  const limit = deps.limits.discussionParticipants
  if (count > limit) throw new AppError('DISCUSSION_FULL', { limit })
  await tx.discussions.update(discussionId, { participantCount: count })
  return added
}

// ---------------------------------------------------------------------------------------------
// Actions

/** Starts a discussion: its title, its first post, the accounts invited (who take part at once). */
export async function startDiscussion(deps: CoreDeps, asked: Actor, body: StartDiscussionBody): Promise<{ discussion: Discussion; post: DiscussionPost }> {
  const actor = await writer(deps, asked)
  const title = checkTitle(deps, body.title)
  const invite = (body.invite ?? []).filter((id) => id !== actor.accountId)
  await requireInvitable(deps, actor, invite)
  const now = deps.clock.now()
  const record: DiscussionRecord = {
    id: deps.ids.next(), starterId: actor.accountId, createdBy: actor.userId, title, indexable: body.indexable ?? false,
    closedAtMs: null, closedReason: null, closedBy: null, postCount: 0, participantCount: 1, createdAtMs: now, lastPostAtMs: now,
  }
  const first = await checkPost(deps, actor, record.id, { text: body.text, ...(body.attachmentMediaId === undefined ? {} : { attachmentMediaId: body.attachmentMediaId }) })
  return deps.storage.transaction(async (tx) => {
    await tx.discussions.insert(record)
    await tx.discussions.putMember({ discussionId: record.id, accountId: actor.accountId, status: 'starter', addedBy: null, atMs: now })
    await addParticipants(deps, tx, actor, record.id, invite)
    const postRecord = await writePost(deps, tx, actor, record.id, first)
    const post = await announcePost(deps, tx, postRecord)
    const stored = await tx.discussions.byId(record.id)
    return { discussion: await presentDiscussion(tx, stored ?? record), post }
  })
}

/** Where an account stands in a discussion. */
function standing(member: DiscussionMemberRecord | undefined): DiscussionMyStatus {
  return member?.status ?? 'none'
}

/** A discussion anyone may read, with the standing of the account asking (none without one; a removed one reads why). */
export async function getDiscussion(deps: CoreDeps, actor: Actor | null, discussionId: string): Promise<{ discussion: Discussion; me: DiscussionMyStatus; removedReason?: string }> {
  const reads = deps.storage.reads
  const record = await requireDiscussion(reads, discussionId)
  const member = actor ? await reads.discussions.member(discussionId, actor.accountId) : undefined
  const me = standing(member)
  return { discussion: await presentDiscussion(reads, record), me, ...(me === 'removed' ? { removedReason: member?.reason ?? '' } : {}) }
}

/** The discussions the actor's account is in (taking part, or asking to), the latest post first. */
export async function listDiscussions(deps: CoreDeps, asked: Actor): Promise<Array<{ discussion: Discussion; me: DiscussionMyStatus }>> {
  const actor = await writer(deps, asked)
  const reads = deps.storage.reads
  const rows = await reads.discussions.ofAccounts([actor.accountId], MY_DISCUSSIONS)
  const starters = await accountsById(reads, rows.map((r) => r.discussion.starterId))
  return rows.map((r) => ({ discussion: presentDiscussionWith(r.discussion, starters.get(r.discussion.starterId)), me: r.member.status }))
}

/**
 * A page of posts in order, after `afterSeq`, with the discussion; anyone may read them. The
 * public page's one read: the discussion, a range of posts, the posts they quote, and the
 * accounts of all of them (the starter's included) in one query.
 */
export async function listDiscussionPosts(
  deps: CoreDeps, discussionId: string, afterSeq: number, limit: number, readerId: string | null = null,
): Promise<{ posts: DiscussionPost[]; nextAfter: number | null; discussion: Discussion }> {
  const reads = deps.storage.reads
  const record = await requireDiscussion(reads, discussionId)
  const records = await reads.discussions.posts(discussionId, afterSeq, limit)
  const { posts, accounts } = await presentPosts(reads, records, [record.starterId], { readerId, moderatorId: record.starterId })
  const last = afterSeq + limit
  return { posts, nextAfter: last < record.postCount ? last : null, discussion: presentDiscussionWith(record, accounts.get(record.starterId)) }
}

/** Posts in a discussion the actor's account takes part in, while it is open. */
export async function addDiscussionPost(deps: CoreDeps, asked: Actor, discussionId: string, input: DiscussionPostInput): Promise<DiscussionPost> {
  const actor = await writer(deps, asked)
  const discussion = await requireDiscussion(deps.storage.reads, discussionId)
  await requireTakingPart(deps.storage.reads, discussion, actor.accountId)
  requireOpen(discussion)
  const post = await checkPost(deps, actor, discussionId, input)
  return deps.storage.transaction(async (tx) => {
    // Read again in the transaction: a close committed meanwhile wins.
    const now = await tx.discussions.byId(discussionId)
    if (!now) throw new AppError('DISCUSSION_NOT_FOUND', { discussionId })
    requireOpen(now)
    return announcePost(deps, tx, await writePost(deps, tx, actor, discussionId, post))
  })
}

/** Who takes part, the starter first; anyone may read it. The moderators (`readerId` the starter) also see who they removed, and why. */
export async function listDiscussionParticipants(deps: CoreDeps, discussionId: string, readerId: string | null = null): Promise<DiscussionParticipant[]> {
  const reads = deps.storage.reads
  const discussion = await requireDiscussion(reads, discussionId)
  const members = [
    ...await reads.discussions.members(discussionId, 'taking part', deps.limits.discussionParticipants),
    ...(readerId !== null && readerId === discussion.starterId ? await reads.discussions.members(discussionId, 'removed', deps.limits.discussionParticipants) : []),
  ]
  const accounts = await accountsById(reads, members.map((m) => m.accountId))
  return members.flatMap((m): DiscussionParticipant[] => {
    const account = accounts.get(m.accountId)
    if (!account) return []
    if (m.status === 'removed') return [{ account: presentAccount(account), role: 'removed' as const, joinedAt: iso(m.atMs), reason: m.reason ?? '' }]
    return [{ account: presentAccount(account), role: m.status === 'starter' ? 'starter' as const : 'participant' as const, joinedAt: iso(m.atMs) }]
  })
}

/** Invites accounts into an open discussion the actor takes part in; they take part at once (asks they had made are answered). */
export async function inviteToDiscussion(deps: CoreDeps, asked: Actor, discussionId: string, accountIds: readonly string[]): Promise<Discussion> {
  const actor = await writer(deps, asked)
  const discussion = await requireDiscussion(deps.storage.reads, discussionId)
  await requireTakingPart(deps.storage.reads, discussion, actor.accountId)
  requireOpen(discussion)
  await requireInvitable(deps, actor, accountIds)
  return deps.storage.transaction(async (tx) => {
    const added = await addParticipants(deps, tx, actor, discussionId, accountIds)
    return changed(deps, tx, discussionId, added)
  })
}

/** Asks to take part in an open discussion; a participant lets the account in. */
export async function requestToJoinDiscussion(deps: CoreDeps, asked: Actor, discussionId: string): Promise<void> {
  const actor = await writer(deps, asked)
  const discussion = await requireDiscussion(deps.storage.reads, discussionId)
  requireOpen(discussion)
  if (await eitherBlocks(deps, actor.accountId, discussion.starterId)) throw new AppError('RECIPIENT_UNAVAILABLE', { accountId: discussion.starterId })
  await deps.storage.transaction(async (tx) => {
    const member = await tx.discussions.member(discussionId, actor.accountId)
    if (takingPart(member)) throw new AppError('DISCUSSION_ALREADY_PARTICIPANT', { discussionId })
    if (member?.status === 'removed') throw new AppError('DISCUSSION_REMOVED', { discussionId })
    if (member?.status === 'requested') return
    const limit = deps.limits.discussionJoinRequests
    if (await tx.discussions.countMembers(discussionId, 'requested') >= limit) throw new AppError('DISCUSSION_JOIN_REQUESTS_FULL', { limit })
    await tx.discussions.putMember({ discussionId, accountId: actor.accountId, status: 'requested', addedBy: null, atMs: deps.clock.now() })
    await changed(deps, tx, discussionId)
  })
}

/** Those asking to take part, oldest first: for those taking part. */
export async function listDiscussionJoinRequests(deps: CoreDeps, asked: Actor, discussionId: string): Promise<DiscussionJoinRequest[]> {
  const actor = await writer(deps, asked)
  const reads = deps.storage.reads
  const discussion = await requireDiscussion(reads, discussionId)
  await requireTakingPart(reads, discussion, actor.accountId)
  const members = await reads.discussions.members(discussionId, 'requested', deps.limits.discussionJoinRequests)
  const accounts = await accountsById(reads, members.map((m) => m.accountId))
  return members.flatMap((m) => {
    const account = accounts.get(m.accountId)
    return account ? [{ account: presentAccount(account), requestedAt: iso(m.atMs) }] : []
  })
}

async function requireRequest(tx: StorageReads, discussionId: string, accountId: string): Promise<void> {
  const member = await tx.discussions.member(discussionId, accountId)
  if (member?.status !== 'requested') throw new AppError('DISCUSSION_JOIN_REQUEST_NOT_FOUND', { discussionId, accountId })
}

/** Lets in an account that asked; any participant may, while the discussion is open. */
export async function acceptDiscussionJoinRequest(deps: CoreDeps, asked: Actor, discussionId: string, accountId: string): Promise<Discussion> {
  const actor = await writer(deps, asked)
  const discussion = await requireDiscussion(deps.storage.reads, discussionId)
  await requireTakingPart(deps.storage.reads, discussion, actor.accountId)
  requireOpen(discussion)
  return deps.storage.transaction(async (tx) => {
    await requireRequest(tx, discussionId, accountId)
    await addParticipants(deps, tx, actor, discussionId, [accountId])
    return changed(deps, tx, discussionId)
  })
}

/** Declines an ask to take part (a participant), or withdraws one's own ask. */
export async function declineDiscussionJoinRequest(deps: CoreDeps, asked: Actor, discussionId: string, accountId: string): Promise<void> {
  const actor = await writer(deps, asked)
  const discussion = await requireDiscussion(deps.storage.reads, discussionId)
  if (accountId !== actor.accountId) await requireTakingPart(deps.storage.reads, discussion, actor.accountId)
  await deps.storage.transaction(async (tx) => {
    await requireRequest(tx, discussionId, accountId)
    await tx.discussions.removeMember(discussionId, accountId)
    // The one declined hears of it too.
    await changed(deps, tx, discussionId, [accountId])
  })
}

/** Closes a discussion (read-only), with a reason shown on its public page: its starter only. */
export async function closeDiscussion(deps: CoreDeps, asked: Actor, discussionId: string, reason: string): Promise<Discussion> {
  const { actor } = await requireStarter(deps, asked, discussionId)
  refuseBlank('/reason', reason)
  return deps.storage.transaction(async (tx) => {
    await tx.discussions.update(discussionId, { closedAtMs: deps.clock.now(), closedReason: reason.trim(), closedBy: actor.userId })
    if (actor.role !== 'self') {
      await recordAudit(deps, tx, { brandId: actor.accountId, actorId: actor.userId, action: 'discussion.closed', subject: { kind: 'discussion', id: discussionId }, reason: reason.trim() })
    }
    return changed(deps, tx, discussionId)
  })
}

/**
 * Reopens a closed discussion, with a reason (an undo needs one, as every moderation undo): its
 * starter only. For a brand it is a line in the audit log naming the close it undoes. Reopening
 * an open one changes nothing.
 */
export async function reopenDiscussion(deps: CoreDeps, asked: Actor, discussionId: string, reasonGiven?: string): Promise<Discussion> {
  const { actor, discussion } = await requireStarter(deps, asked, discussionId)
  const reason = requireReason(reasonGiven)
  if (discussion.closedAtMs === null) return presentDiscussion(deps.storage.reads, discussion)
  return deps.storage.transaction(async (tx) => {
    await tx.discussions.update(discussionId, { closedAtMs: null, closedReason: null, closedBy: null })
    if (actor.role !== 'self') {
      const subject = { kind: 'discussion', id: discussionId }
      const closed = await latestUnreversed(tx, actor.accountId, 'discussion.closed', subject)
      await recordAudit(deps, tx, { brandId: actor.accountId, actorId: actor.userId, action: 'discussion.reopened', subject, reason, reverses: closed?.id ?? null })
    }
    return changed(deps, tx, discussionId)
  })
}

/** Whether search engines may index the public page: its starter chooses. */
export async function updateDiscussion(deps: CoreDeps, asked: Actor, discussionId: string, patch: { indexable: boolean }): Promise<Discussion> {
  await requireStarter(deps, asked, discussionId)
  return deps.storage.transaction(async (tx) => {
    await tx.discussions.update(discussionId, { indexable: patch.indexable })
    return changed(deps, tx, discussionId)
  })
}
