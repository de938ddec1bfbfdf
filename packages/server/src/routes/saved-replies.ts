import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'

/** A brand team's saved replies: the team's and each member's own, inserted by the composer. */
export function savedReplyRoutes(ctx: ServerContext): void {
  const { app, deps, auth } = ctx
  addRoute(app, auth, 'listSavedReplies', async ({ actor, params, query }) => ({ savedReplies: await core.listSavedReplies(deps, actor, params.brandId, query.q) }))
  addRoute(app, auth, 'createSavedReply', ({ actor, params, body }) => core.createSavedReply(deps, actor, params.brandId, body))
  addRoute(app, auth, 'updateSavedReply', ({ actor, params, body }) => core.updateSavedReply(deps, actor, params.brandId, params.replyId, body))
  addRoute(app, auth, 'deleteSavedReply', ({ actor, params }) => core.deleteSavedReply(deps, actor, params.brandId, params.replyId))
}
