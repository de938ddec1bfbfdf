// Compile-time checks of `addRoute`: `tsc -b` (in `npm test`) fails when an expected error
// below does not occur, that is when a handler could answer a shape its route does not declare.
// Nothing here runs.
import type { FastifyInstance } from 'fastify'
import type { Authenticator } from './auth.ts'
import { addRoute } from './http.ts'
import { addPageRoute } from './routes/add-page-route.ts'
import { addTwitterRoute } from './twitter/add-twitter-route.ts'

export function handlerRepliesAreChecked(app: FastifyInstance, auth: Authenticator): void {
  // @ts-expect-error getMe answers a Me, not this.
  addRoute(app, auth, 'getMe', async () => ({ wrong: true }))
  // @ts-expect-error listConversations answers { conversations, nextCursor }: a field is missing.
  addRoute(app, auth, 'listConversations', async () => ({ conversations: [] }))
  // @ts-expect-error a 204 route answers nothing.
  addRoute(app, auth, 'logout', async () => ({ ok: true }))
  // @ts-expect-error the body of a route is typed from its schema: markRead's seq is a number.
  addRoute(app, auth, 'markRead', async ({ body }) => { const seq: string = body.seq; void seq })
  // The right shapes compile.
  addRoute(app, auth, 'logout', async () => undefined)
  addRoute(app, auth, 'listConversations', async () => ({ conversations: [], nextCursor: null }))
}

// The same for `addTwitterRoute` and `addPageRoute`: the route is named from protocol's tables,
// and what the handler reads is typed from its declaration.
export function twitterAndPageRoutesAreTyped(scope: FastifyInstance): void {
  // @ts-expect-error a Twitter route is declared in protocol's twitter-routes.ts before it is registered.
  addTwitterRoute(scope, 'dmEventsUndeclared', async () => ({}))
  // @ts-expect-error /2/dm_events/:id has an `id` segment, no `event_id`.
  addTwitterRoute(scope, 'dmEventV2Show', async (request) => request.params.event_id)
  addTwitterRoute(scope, 'dmEventV2Show', async (request) => request.params.id)
  // @ts-expect-error the widget frame reads `brand`, `welcome`, `ref` and `text`, not `recipient_id`.
  addPageRoute(scope, 'widgetFrame', async (request) => request.query.recipient_id)
  addPageRoute(scope, 'widgetFrame', async (request) => request.query.brand)
  // @ts-expect-error a visitor's page has a `conversationId` segment.
  addPageRoute(scope, 'visitorPage', async (request) => request.params.id)
  addPageRoute(scope, 'visitorPage', async (request) => request.params.conversationId)
}
