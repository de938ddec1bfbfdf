import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'

/** The team inbox: views and counts, status, assignment, labels, a member's own unread mark, private notes. */
export function teamInboxRoutes(ctx: ServerContext): void {
  const { app, deps, auth } = ctx
  addRoute(app, auth, 'listInbox', ({ actor, params, query }) => core.listInbox(deps, actor, params.brandId, query))
  addRoute(app, auth, 'searchInbox', ({ actor, params, query }) => core.searchInbox(deps, actor, params.brandId, query))
  addRoute(app, auth, 'getInboxItem', ({ actor, params }) => core.getInboxItem(deps, actor, params.brandId, params.conversationId))
  addRoute(app, auth, 'setInboxStatus', ({ actor, params, body }) => core.setInboxStatus(deps, actor, params.brandId, params.conversationId, {
    status: body.status, ...(body.snoozedUntil !== undefined ? { snoozedUntilMs: Date.parse(body.snoozedUntil) } : {}),
  }))
  addRoute(app, auth, 'assignConversation', ({ actor, params, body }) => core.assignConversation(deps, actor, params.brandId, params.conversationId, body.assigneeId))
  addRoute(app, auth, 'getInboxCustomer', ({ actor, params }) => core.getInboxCustomer(deps, actor, params.brandId, params.conversationId))
  addRoute(app, auth, 'markInboxRead', ({ actor, params, body }) => core.markInboxRead(deps, actor, params.brandId, params.conversationId, body.seq))
  addRoute(app, auth, 'markUnread', ({ actor, params }) => core.markUnread(deps, actor, params.brandId, params.conversationId))
  addRoute(app, auth, 'getInboxSettings', ({ actor, params }) => core.getInboxSettings(deps, actor, params.brandId))
  addRoute(app, auth, 'updateInboxSettings', ({ actor, params, body }) => core.updateInboxSettings(deps, actor, params.brandId, body))
  addRoute(app, auth, 'listInboxMembers', ({ actor, params }) => core.listInboxMembers(deps, actor, params.brandId))
  addRoute(app, auth, 'updateInboxMember', ({ actor, params, body }) => core.updateInboxMember(deps, actor, params.brandId, params.memberId, body))
  addRoute(app, auth, 'listSurveys', ({ actor, params }) => core.listSurveys(deps, actor, params.brandId, params.conversationId))
  addRoute(app, auth, 'markViewing', ({ actor, params }) => core.markViewing(deps, actor, params.brandId, params.conversationId))
  addRoute(app, auth, 'listNotes', ({ actor, params, query }) => core.listNotes(deps, actor, params.brandId, params.conversationId, query))
  addRoute(app, auth, 'listLabels', async ({ actor, params }) => ({ labels: await core.listLabels(deps, actor, params.brandId) }))
  addRoute(app, auth, 'createLabel', ({ actor, params, body }) => core.createLabel(deps, actor, params.brandId, body))
  addRoute(app, auth, 'updateLabel', ({ actor, params, body }) => core.updateLabel(deps, actor, params.brandId, params.labelId, body))
  addRoute(app, auth, 'deleteLabel', ({ actor, params }) => core.deleteLabel(deps, actor, params.brandId, params.labelId))
  addRoute(app, auth, 'addInboxLabel', ({ actor, params }) => core.setInboxLabel(deps, actor, params.brandId, params.conversationId, params.labelId, true))
  addRoute(app, auth, 'removeInboxLabel', ({ actor, params }) => core.setInboxLabel(deps, actor, params.brandId, params.conversationId, params.labelId, false))
  addRoute(app, auth, 'addNote', ({ actor, params, body }) => core.addNote(deps, actor, params.brandId, params.conversationId, body.text))
}
