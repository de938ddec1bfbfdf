import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'

/** Moderation: blocks with a reason and a second approval, hidden messages, the audit log (core/src/moderation). */
export function moderationRoutes(ctx: ServerContext): void {
  const { app, deps, auth } = ctx
  addRoute(app, auth, 'getModerationSettings', ({ actor, params }) => core.getModerationSettings(deps, actor, params.brandId))
  addRoute(app, auth, 'updateModerationSettings', ({ actor, params, body }) => core.updateModerationSettings(deps, actor, params.brandId, body))
  addRoute(app, auth, 'requestBlock', ({ actor, params, body }) => core.requestBlock(deps, actor, params.brandId, body))
  addRoute(app, auth, 'unblockCustomer', ({ actor, params, body }) => core.unblockCustomer(deps, actor, params.brandId, body))
  addRoute(app, auth, 'listApprovals', ({ actor, params, query }) => core.listApprovals(deps, actor, params.brandId, query))
  addRoute(app, auth, 'approveRequest', ({ actor, params }) => core.approveRequest(deps, actor, params.brandId, params.approvalId))
  addRoute(app, auth, 'declineRequest', ({ actor, params, body }) => core.declineRequest(deps, actor, params.brandId, params.approvalId, body.reason))
  addRoute(app, auth, 'cancelRequest', ({ actor, params }) => core.cancelRequest(deps, actor, params.brandId, params.approvalId))
  addRoute(app, auth, 'listAuditLog', ({ actor, params, query }) => core.listAuditLog(deps, actor, params.brandId, query))
  addRoute(app, auth, 'hideCustomerMessage', ({ actor, params, body }) => core.hideCustomerMessage(deps, actor, params.conversationId, params.messageId, body.reason))
  addRoute(app, auth, 'unhideCustomerMessage', ({ actor, params, body }) => core.unhideCustomerMessage(deps, actor, params.conversationId, params.messageId, body.reason))
  addRoute(app, auth, 'requestMessageReview', ({ actor, params, body }) => core.requestMessageReview(deps, actor, params.conversationId, params.messageId, body.text))
}
