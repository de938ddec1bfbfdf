import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'
import { sendMessage } from './send-message.ts'

export function conversationRoutes(ctx: ServerContext): void {
  const { app, deps, auth, typing } = ctx
  addRoute(app, auth, 'listConversations', ({ actor, query }) => core.listConversations(deps, actor, query))
  addRoute(app, auth, 'openDirect', ({ actor, body }) => core.openDirect(deps, actor, body.accountId, body.ref))
  addRoute(app, auth, 'createGroup', ({ actor, body }) => core.createGroup(deps, actor, body))
  addRoute(app, auth, 'getConversation', ({ actor, params }) => core.getConversation(deps, actor, params.conversationId))
  addRoute(app, auth, 'updateGroup', ({ actor, params, body }) => core.updateGroup(deps, actor, params.conversationId, body))
  addRoute(app, auth, 'addParticipants', ({ actor, params, body }) => core.addParticipants(deps, actor, params.conversationId, body.accountIds))
  addRoute(app, auth, 'leave', ({ actor, params }) => core.leaveGroup(deps, actor, params.conversationId))
  addRoute(app, auth, 'acceptRequest', ({ actor, params }) => core.acceptRequest(deps, actor, params.conversationId))
  addRoute(app, auth, 'deleteRequest', ({ actor, params }) => core.deleteRequest(deps, actor, params.conversationId))
  addRoute(app, auth, 'listMessages', ({ actor, params, query }) => core.listMessages(deps, actor, params.conversationId, query))

  addRoute(app, auth, 'sendMessage', async ({ actor, params, body, reply, request }) => {
    const sender = { actor, isVisitor: request.authenticated?.account.kind === 'visitor' }
    const { message, created } = await sendMessage(ctx, sender, params.conversationId, body)
    // A retry that found the original answers 200, a new message 201.
    if (!created) reply.code(200)
    return message
  }, {})

  addRoute(app, auth, 'unsendMessage', ({ actor, params }) => core.unsendMessage(deps, actor, params.conversationId, params.messageId))
  addRoute(app, auth, 'hideMessage', ({ actor, params }) => core.hideMessage(deps, actor, params.conversationId, params.messageId))
  addRoute(app, auth, 'markRead', ({ actor, params, body }) => core.markRead(deps, actor, params.conversationId, body.seq))
  addRoute(app, auth, 'typing', ({ actor, params }) => core.startTyping(deps, actor, params.conversationId, typing))
}
