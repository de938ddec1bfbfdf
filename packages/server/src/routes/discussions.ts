import { AppError } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'
import { sendToAccount } from './send-message.ts'

/**
 * Public discussions (core/src/discussions). What anyone may read answers without a session;
 * the rest acts as the person, or as the brand named by `parloir-act-as`. A post, the first one
 * included, is taken from the writer's discussion budget: one bucket per person, whichever
 * account they write as (`discussionPostsPerMinute`), like the message budget.
 */
export function discussionRoutes(ctx: ServerContext): void {
  const { app, deps, auth, rates, config } = ctx

  const takePostToken = async (actor: core.Actor) => {
    const perMinute = config.limits.discussionPostsPerMinute
    const waitMs = await rates.takeToken(`discussion-post:${actor.userId}`, perMinute / 60, perMinute)
    if (waitMs > 0) throw new AppError('RATE_LIMITED', { limit: perMinute, retryAfterMs: waitMs })
  }

  addRoute(app, auth, 'startDiscussion', async ({ actor, body }) => {
    await takePostToken(actor)
    return core.startDiscussion(deps, actor, body)
  })
  addRoute(app, auth, 'listDiscussions', async ({ actor }) => ({ discussions: await core.listDiscussions(deps, actor) }))
  // Public: the route's actor is null without a session.
  addRoute(app, auth, 'getDiscussion', ({ actor, params }) => core.getDiscussion(deps, (actor as core.Actor | null) ?? null, params.discussionId))
  addRoute(app, auth, 'updateDiscussion', ({ actor, params, body }) => core.updateDiscussion(deps, actor, params.discussionId, body))
  addRoute(app, auth, 'listDiscussionPosts', async ({ actor, params, query }) => {
    // A hidden post's text only for its author and the moderators: the reader, when logged in.
    const readerId = (actor as core.Actor | null)?.accountId ?? null
    const { posts, nextAfter } = await core.listDiscussionPosts(deps, params.discussionId, query.after ?? 0, query.limit ?? config.limits.discussionPageSize, readerId)
    return { posts, nextAfter }
  })
  addRoute(app, auth, 'addDiscussionPost', async ({ actor, params, body }) => {
    await takePostToken(actor)
    return core.addDiscussionPost(deps, actor, params.discussionId, body)
  })
  addRoute(app, auth, 'listDiscussionParticipants', async ({ actor, params }) => ({
    participants: await core.listDiscussionParticipants(deps, params.discussionId, (actor as core.Actor | null)?.accountId ?? null),
  }))
  addRoute(app, auth, 'inviteToDiscussion', ({ actor, params, body }) => core.inviteToDiscussion(deps, actor, params.discussionId, body.accountIds))
  addRoute(app, auth, 'requestToJoinDiscussion', ({ actor, params }) => core.requestToJoinDiscussion(deps, actor, params.discussionId))
  addRoute(app, auth, 'listDiscussionJoinRequests', async ({ actor, params }) => ({ joinRequests: await core.listDiscussionJoinRequests(deps, actor, params.discussionId) }))
  addRoute(app, auth, 'acceptDiscussionJoinRequest', ({ actor, params }) => core.acceptDiscussionJoinRequest(deps, actor, params.discussionId, params.accountId))
  addRoute(app, auth, 'declineDiscussionJoinRequest', ({ actor, params }) => core.declineDiscussionJoinRequest(deps, actor, params.discussionId, params.accountId))
  addRoute(app, auth, 'closeDiscussion', ({ actor, params, body }) => core.closeDiscussion(deps, actor, params.discussionId, body.reason))
  addRoute(app, auth, 'reopenDiscussion', ({ actor, params, body }) => core.reopenDiscussion(deps, actor, params.discussionId, body.reason))

  // Moderation (core/src/discussions/discussion-moderation.ts).
  addRoute(app, auth, 'hideDiscussionPost', ({ actor, params, body }) => core.hideDiscussionPost(deps, actor, params.discussionId, params.postId, body.reason))
  addRoute(app, auth, 'unhideDiscussionPost', ({ actor, params, body }) => core.unhideDiscussionPost(deps, actor, params.discussionId, params.postId, body.reason))
  addRoute(app, auth, 'requestDiscussionPostReview', ({ actor, params, body }) => core.requestDiscussionPostReview(deps, actor, params.discussionId, params.postId, body.text))
  addRoute(app, auth, 'removeDiscussionParticipant', ({ actor, params, body }) => core.removeDiscussionParticipant(deps, actor, params.discussionId, body))
  addRoute(app, auth, 'readdDiscussionParticipant', ({ actor, params, body }) => core.readdDiscussionParticipant(deps, actor, params.discussionId, body))
  // Continue in private: the message quoting the post is written by the server's one send path, then core replies publicly and opens the case.
  addRoute(app, auth, 'continueDiscussionInPrivate', async ({ actor, params }) => {
    const links = { publicUrl: config.mail.publicUrl, pageSize: config.limits.discussionPageSize }
    const plan = await core.planContinueInPrivate(deps, actor, params.discussionId, params.postId, links)
    if ('done' in plan) return core.presentContinuation(deps, plan.done, false)
    const sent = await sendToAccount(ctx, { actor, isVisitor: false }, plan.authorId, { text: plan.text, clientMessageId: plan.clientMessageId })
    return core.finishContinueInPrivate(deps, actor, params.discussionId, params.postId, { conversationId: sent.conversationId, messageId: sent.message.id })
  })
}
