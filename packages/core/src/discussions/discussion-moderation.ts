import { AppError, discussionPostPath, type Approval, type Discussion, type DiscussionPost } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { authorize } from '../authorization/authorize.ts'
import type { DiscussionContinuationRecord, DiscussionPostRecord, DiscussionRecord, StorageReads, StorageTx } from '../ports/storage.ts'
import { latestUnreversed, recordAudit, requireReason } from '../moderation/audit-log.ts'
import { presentApproval, registerApprovalKind, requestModeration } from '../moderation/approvals.ts'
import { handOverCase } from '../moderation/hand-over.ts'
import { askForReview } from '../moderation/review-request.ts'
import {
  announcePost, audienceOf, changed, presentDiscussion, presentPosts, publishAfterCommit, requireDiscussion, takingPart, writePost,
} from './discussions.ts'

/**
 * Moderation of public discussions, with tact. The moderator is the discussion's starter: a
 * person acting as themself, or a brand (a member of its team with `discussions.moderate`).
 *
 * - Hide a post with a reason, never destroy it; show it again with a reason. Everyone sees
 *   "hidden by the moderators: <reason>"; its author (and the moderators) still read it, and
 *   the author may ask for a review once per hide.
 * - Remove a participant with a reason; add them again with a reason. For a brand, removing a
 *   customer (anyone not in its team) needs a second member's approval (the brand's setting, on
 *   by default), and once done the customer's case goes to customer service as a block does:
 *   told in their conversation with the brand, opened in the team inbox with a private line.
 * - For a brand, each step is a line in its audit log; a person's discussion has no team and no
 *   log: the post or the removed place keeps the reason, which the person concerned reads.
 *
 * And "continue in private": a brand taking part writes to a post's author in its conversation
 * with them (the message goes through the server's one send path: see prepare/finish below).
 */

const postSubject = (postId: string) => ({ kind: 'post', id: postId })
const participantSubject = (discussionId: string, accountId: string) => ({ kind: 'participant', id: `${discussionId}:${accountId}` })
const REMOVE = 'discussion.participant.remove'

interface Moderation { actor: Actor; discussion: DiscussionRecord; brandId: string | null }

/** The starter, as themself or as the brand: the one who moderates a discussion. */
async function requireModerator(deps: CoreDeps, asked: Actor, discussionId: string): Promise<Moderation> {
  const actor = await authorize(deps, asked, 'discussions.moderate')
  const discussion = await requireDiscussion(deps.storage.reads, discussionId)
  if (discussion.starterId !== actor.accountId) throw new AppError('DISCUSSION_NOT_STARTER', { discussionId })
  return { actor, discussion, brandId: actor.role === 'self' ? null : actor.accountId }
}

async function requirePost(reads: StorageReads, discussionId: string, postId: string): Promise<DiscussionPostRecord> {
  const [post] = await reads.discussions.postsByIds([postId])
  if (post?.discussionId !== discussionId) throw new AppError('DISCUSSION_POST_NOT_FOUND', { postId })
  return post
}

/**
 * Tells everyone a post changed, each as they may read it: the readers (and the streams watching)
 * get it withheld when hidden; its author and the moderators get it whole. Returns the moderators' view.
 */
async function announceModerated(deps: CoreDeps, tx: StorageTx, discussion: DiscussionRecord, postId: string): Promise<DiscussionPost> {
  const [record] = await tx.discussions.postsByIds([postId])
  if (!record) throw new AppError('DISCUSSION_POST_NOT_FOUND', { postId })
  const moderatorId = discussion.starterId
  const as = async (readerId: string | null) => {
    const [post] = (await presentPosts(tx, [record], [], { readerId, moderatorId })).posts
    if (!post) throw new Error('post not presented')
    return post
  }
  const insiders = [...new Set([record.authorId, moderatorId])]
  const readers = (await audienceOf(deps, tx, discussion.id)).filter((id) => !insiders.includes(id))
  // Readers first: a stream that is both a watcher and an insider ends on the whole post.
  publishAfterCommit(deps, tx, 'discussionPost.updated', { post: await as(null) }, readers)
  publishAfterCommit(deps, tx, 'discussionPost.updated', { post: await as(record.authorId) }, [record.authorId])
  const forModerators = await as(moderatorId)
  if (moderatorId !== record.authorId) publishAfterCommit(deps, tx, 'discussionPost.updated', { post: forModerators }, [moderatorId])
  return forModerators
}

// ---------------------------------------------------------------------------------------------
// Hiding

export async function hideDiscussionPost(deps: CoreDeps, asked: Actor, discussionId: string, postId: string, reasonGiven: string | undefined): Promise<DiscussionPost> {
  const { actor, discussion, brandId } = await requireModerator(deps, asked, discussionId)
  const reason = requireReason(reasonGiven)
  const post = await requirePost(deps.storage.reads, discussionId, postId)
  if (post.authorId === discussion.starterId) throw new AppError('DISCUSSION_STARTER_PROTECTED', { postId })
  return deps.storage.transaction(async (tx) => {
    const [now] = await tx.discussions.postsByIds([postId])
    if (now?.hiddenAtMs !== null) throw new AppError('POST_ALREADY_HIDDEN', { postId })
    await tx.discussions.setPostHidden(postId, { atMs: deps.clock.now(), reason, by: discussion.starterId })
    if (brandId) {
      await recordAudit(deps, tx, { brandId, actorId: actor.userId, action: 'discussionPost.hidden', subject: postSubject(postId), personId: post.authorId, reason })
    }
    return announceModerated(deps, tx, discussion, postId)
  })
}

export async function unhideDiscussionPost(deps: CoreDeps, asked: Actor, discussionId: string, postId: string, reasonGiven: string | undefined): Promise<DiscussionPost> {
  const { actor, discussion, brandId } = await requireModerator(deps, asked, discussionId)
  const reason = requireReason(reasonGiven)
  const post = await requirePost(deps.storage.reads, discussionId, postId)
  return deps.storage.transaction(async (tx) => {
    const [now] = await tx.discussions.postsByIds([postId])
    if (now?.hiddenAtMs === null) throw new AppError('POST_NOT_HIDDEN', { postId })
    await tx.discussions.setPostHidden(postId, null)
    if (brandId) {
      const hidden = await latestUnreversed(tx, brandId, 'discussionPost.hidden', postSubject(postId))
      await recordAudit(deps, tx, {
        brandId, actorId: actor.userId, action: 'discussionPost.unhidden', subject: postSubject(postId), personId: post.authorId, reason, reverses: hidden?.id ?? null,
      })
    }
    return announceModerated(deps, tx, discussion, postId)
  })
}

/**
 * The author of a hidden post asks the moderators to look again, once per hide. For a brand's
 * discussion the request is in its audit log and the author's case opens in the team inbox, with
 * a link to the post; for a person's, the starter sees it on the post.
 */
export async function requestDiscussionPostReview(deps: CoreDeps, asked: Actor, discussionId: string, postId: string, text: string | undefined): Promise<void> {
  const actor = await authorize(deps, asked, 'discussions.write')
  const discussion = await requireDiscussion(deps.storage.reads, discussionId)
  const post = await requirePost(deps.storage.reads, discussionId, postId)
  if (post.authorId !== actor.accountId) throw new AppError('NOT_POST_AUTHOR', { postId })
  const starter = await deps.storage.reads.accounts.byId(discussion.starterId)
  const added = text?.trim() ?? ''
  await deps.storage.transaction(async (tx) => {
    await askForReview(deps, tx, {
      mark: () => tx.discussions.markPostReviewRequested(postId, deps.clock.now()),
      hidden: async () => ((await tx.discussions.postsByIds([postId]))[0]?.hiddenAtMs ?? null) !== null,
      moderator: starter, authorId: post.authorId, text: added, details: { postId },
      audit: { action: 'discussionPost.review.requested', subject: postSubject(postId) },
      activity: { action: 'review.requested', discussionId, postId, postSeq: post.seq, moderationReason: added },
    })
    await announceModerated(deps, tx, discussion, postId)
  })
}

// ---------------------------------------------------------------------------------------------
// Removing a participant

interface Removal {
  brandId: string | null; discussionId: string; accountId: string; reason: string
  requestedBy: string; approvedBy: string | null; approvalId: string | null; customer: boolean
}

async function requireParticipant(reads: StorageReads, discussion: DiscussionRecord, accountId: string): Promise<void> {
  if (accountId === discussion.starterId) throw new AppError('DISCUSSION_STARTER_PROTECTED', { accountId })
  if (!takingPart(await reads.discussions.member(discussion.id, accountId))) throw new AppError('DISCUSSION_NOT_PARTICIPANT', { discussionId: discussion.id, accountId })
}

/** Takes the participant out, in the transaction: their place keeps the reason they read; for a brand, the audit line and the customer's case. */
async function removeNow(deps: CoreDeps, tx: StorageTx, removal: Removal) {
  const { discussionId, accountId, reason, brandId } = removal
  const discussion = await requireDiscussion(tx, discussionId)
  await requireParticipant(tx, discussion, accountId)
  const actorId = removal.approvedBy ?? removal.requestedBy
  await tx.discussions.putMember({ discussionId, accountId, status: 'removed', addedBy: actorId, atMs: deps.clock.now(), reason })
  await tx.discussions.update(discussionId, { participantCount: await tx.discussions.countMembers(discussionId, 'taking part') })
  const entry = brandId === null ? null : await recordAudit(deps, tx, {
    brandId, actorId, action: 'discussion.participant.removed', subject: participantSubject(discussionId, accountId), personId: accountId, reason, approvalId: removal.approvalId,
  })
  if (brandId !== null && removal.customer) {
    await handOverCase(deps, tx, brandId, accountId, {
      notice: { action: 'discussion.removed', name: discussion.title, text: reason },
      activity: { action: 'participant.removed', requestedBy: removal.requestedBy, approvedBy: removal.approvedBy, moderationReason: reason, discussionId },
      authorId: actorId, open: 'member',
    })
  }
  await changed(deps, tx, discussionId, [accountId])
  return entry
}

registerApprovalKind(REMOVE, {
  requestAction: 'discussions.moderate',
  async check(_deps, reads, request) {
    const discussion = await requireDiscussion(reads, String(request.payload.discussionId))
    if (discussion.starterId !== request.brandId) throw new AppError('DISCUSSION_NOT_STARTER', { discussionId: discussion.id })
    await requireParticipant(reads, discussion, request.personId ?? '')
  },
  async run(deps, tx, request, by) {
    const entry = await removeNow(deps, tx, {
      brandId: request.brandId, discussionId: String(request.payload.discussionId), accountId: request.personId ?? '', reason: request.reason,
      ...by, approvalId: by.approvedBy === null ? null : request.id, customer: true,
    })
    if (!entry) throw new Error('a brand removal writes its audit line')
    return entry
  },
})

/**
 * Removes a participant, with a reason. A brand's customer waits for a second member's approval
 * (unless the brand turned it off): the answer is the pending approval. A member of the brand's
 * own team, and anyone in a person's discussion, is removed at once.
 */
export async function removeDiscussionParticipant(
  deps: CoreDeps, asked: Actor, discussionId: string, input: { accountId: string; reason?: string },
): Promise<{ approval: Approval | null; discussion: Discussion }> {
  const { actor, discussion, brandId } = await requireModerator(deps, asked, discussionId)
  const reason = requireReason(input.reason)
  await requireParticipant(deps.storage.reads, discussion, input.accountId)
  const customer = brandId !== null && (await deps.storage.reads.brands.role(brandId, input.accountId)) === undefined
  let approval: Approval | null = null
  if (brandId !== null && customer) {
    const requested = await requestModeration(deps, actor, brandId, {
      kind: REMOVE, subject: participantSubject(discussionId, input.accountId), personId: input.accountId, reason, payload: { discussionId },
    })
    approval = requested.approval && presentApproval(requested.approval, deps.clock.now())
  } else {
    await deps.storage.transaction((tx) => removeNow(deps, tx, {
      brandId, discussionId, accountId: input.accountId, reason, requestedBy: actor.userId, approvedBy: null, approvalId: null, customer: false,
    }))
  }
  return { approval, discussion: await presentDiscussion(deps.storage.reads, await requireDiscussion(deps.storage.reads, discussionId)) }
}

/** Adds a removed participant again, with a reason, at once (kindness waits for no approval); a brand's customer is told. */
export async function readdDiscussionParticipant(deps: CoreDeps, asked: Actor, discussionId: string, input: { accountId: string; reason?: string }): Promise<Discussion> {
  const { actor, discussion, brandId } = await requireModerator(deps, asked, discussionId)
  const reason = requireReason(input.reason)
  const customer = brandId !== null && (await deps.storage.reads.brands.role(brandId, input.accountId)) === undefined
  return deps.storage.transaction(async (tx) => {
    const member = await tx.discussions.member(discussionId, input.accountId)
    if (member?.status !== 'removed') throw new AppError('DISCUSSION_NOT_REMOVED', { discussionId, accountId: input.accountId })
    await tx.discussions.putMember({ discussionId, accountId: input.accountId, status: 'participant', addedBy: actor.userId, atMs: deps.clock.now(), reason })
    const count = await tx.discussions.countMembers(discussionId, 'taking part')
    if (count > deps.limits.discussionParticipants) throw new AppError('DISCUSSION_FULL', { limit: deps.limits.discussionParticipants })
    await tx.discussions.update(discussionId, { participantCount: count })
    if (brandId !== null) {
      const subject = participantSubject(discussionId, input.accountId)
      const removed = await latestUnreversed(tx, brandId, 'discussion.participant.removed', subject)
      await recordAudit(deps, tx, {
        brandId, actorId: actor.userId, action: 'discussion.participant.readded', subject, personId: input.accountId, reason, reverses: removed?.id ?? null,
      })
      if (customer) {
        await handOverCase(deps, tx, brandId, input.accountId, {
          notice: { action: 'discussion.readded', name: discussion.title, text: reason },
          activity: { action: 'participant.readded', requestedBy: actor.userId, approvedBy: null, moderationReason: reason, discussionId },
          authorId: actor.userId, open: false,
        })
      }
    }
    return changed(deps, tx, discussionId, [input.accountId])
  })
}

// ---------------------------------------------------------------------------------------------
// Continue in private

/** What the public reply says: the author's handle, and that the brand wrote to them. */
const defaultReply = (handle: string) => `@${handle} We have written to you privately so we can sort this out together.`
/** How much of the post the private message quotes. */
const QUOTE_CHARS = 1_000

class LostRace extends Error {}

export type ContinuePlan =
  | { done: DiscussionContinuationRecord }
  | { authorId: string; text: string; clientMessageId: string }

async function continuing(deps: CoreDeps, asked: Actor, discussionId: string, postId: string) {
  const actor = await authorize(deps, asked, 'discussions.write')
  if (actor.role === 'self') throw new AppError('CONTINUE_IN_PRIVATE_REFUSED', { postId })
  const discussion = await requireDiscussion(deps.storage.reads, discussionId)
  if (!takingPart(await deps.storage.reads.discussions.member(discussionId, actor.accountId))) throw new AppError('DISCUSSION_NOT_PARTICIPANT', { discussionId })
  const post = await requirePost(deps.storage.reads, discussionId, postId)
  if (post.authorId === actor.accountId) throw new AppError('CONTINUE_IN_PRIVATE_REFUSED', { postId })
  return { actor, discussion, post }
}

/**
 * The first half of "continue in private", before the message is sent: what was done already
 * (a second click), or the message quoting the post that the server sends through its one send
 * path (to `authorId`, with `clientMessageId`, so two clicks at once still send it once).
 */
export async function planContinueInPrivate(
  deps: CoreDeps, asked: Actor, discussionId: string, postId: string, links: { publicUrl: string | null; pageSize: number },
): Promise<ContinuePlan> {
  const { actor, discussion, post } = await continuing(deps, asked, discussionId, postId)
  const [done] = await deps.storage.reads.discussions.continuations(actor.accountId, [postId])
  if (done) return { done }
  // Nothing is sent when the public reply could not follow.
  if (discussion.closedAtMs !== null) throw new AppError('DISCUSSION_CLOSED', { discussionId, reason: discussion.closedReason })
  const points = Array.from(post.hiddenAtMs === null ? post.text : '')
  const quote = points.length > QUOTE_CHARS ? `${points.slice(0, QUOTE_CHARS).join('')}…` : points.join('')
  const link = `${links.publicUrl ?? ''}${discussionPostPath(discussionId, post.seq, links.pageSize)}`
  const text = `${quote === '' ? '' : `“${quote}”\n`}— ${discussion.title} ${link}`
  return { authorId: post.authorId, text, clientMessageId: `continue:${postId}` }
}

/**
 * The second half, once the message is stored: remembers it (once per brand and post: a click
 * that lost the race answers what the winner wrote), replies publicly that the brand wrote to the
 * author, and opens the case in the team inbox with a link back to the post.
 */
export async function finishContinueInPrivate(
  deps: CoreDeps, asked: Actor, discussionId: string, postId: string, sent: { conversationId: string; messageId: string },
): Promise<{ conversationId: string; messageId: string; replyPost: DiscussionPost; created: boolean }> {
  const { actor, post } = await continuing(deps, asked, discussionId, postId)
  const author = await deps.storage.reads.accounts.byId(post.authorId)
  const text = defaultReply(author?.handle ?? '')
  const result = await deps.storage.transaction(async (tx) => {
    const record: DiscussionContinuationRecord = {
      brandId: actor.accountId, postId, discussionId, conversationId: sent.conversationId, messageId: sent.messageId,
      replyPostId: deps.ids.next(), by: actor.userId, atMs: deps.clock.now(),
    }
    const [existing] = await tx.discussions.continuations(actor.accountId, [postId])
    if (existing) return { record: existing, created: false }
    const discussion = await requireDiscussion(tx, discussionId)
    if (discussion.closedAtMs !== null) throw new AppError('DISCUSSION_CLOSED', { discussionId, reason: discussion.closedReason })
    const reply = await writePost(deps, tx, actor, discussionId, { text, attachment: null, quotePostId: postId })
    if (!(await tx.discussions.insertContinuation({ ...record, replyPostId: reply.id }))) {
      // Another click committed meanwhile: this transaction rolls back, and this one answers what that one wrote.
      throw new LostRace()
    }
    // The brand's other agents see at once that this post was taken in private, and where (before
    // the reply is announced, so whoever hears the reply has heard all there was to hear).
    const [continued] = (await presentPosts(tx, [post], [], { readerId: actor.accountId, moderatorId: discussion.starterId })).posts
    if (continued) publishAfterCommit(deps, tx, 'discussionPost.updated', { post: continued }, [actor.accountId])
    await announcePost(deps, tx, reply)
    await recordAudit(deps, tx, { brandId: actor.accountId, actorId: actor.userId, action: 'discussionPost.continuedInPrivate', subject: postSubject(postId), personId: post.authorId })
    await handOverCase(deps, tx, actor.accountId, post.authorId, {
      activity: { action: 'discussion.continued', discussionId, postId, postSeq: post.seq }, authorId: actor.userId, open: 'member',
    })
    return { record: { ...record, replyPostId: reply.id }, created: true }
  }).catch(async (error: unknown) => {
    const [existing] = error instanceof LostRace ? await deps.storage.reads.discussions.continuations(actor.accountId, [postId]) : []
    if (!existing) throw error
    return { record: existing, created: false }
  })
  return presentContinuation(deps, result.record, result.created)
}

/** What a continuation answers: the conversation, the message, the public reply as the brand reads it. */
export async function presentContinuation(deps: CoreDeps, record: DiscussionContinuationRecord, created: boolean) {
  const reply = await requirePost(deps.storage.reads, record.discussionId, record.replyPostId)
  const discussion = await requireDiscussion(deps.storage.reads, record.discussionId)
  const [replyPost] = (await presentPosts(deps.storage.reads, [reply], [], { readerId: record.brandId, moderatorId: discussion.starterId })).posts
  if (!replyPost) throw new Error('reply not presented')
  return { conversationId: record.conversationId, messageId: record.messageId, replyPost, created }
}
