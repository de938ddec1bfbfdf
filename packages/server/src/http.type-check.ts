// Compile-time checks of `addRoute`: `tsc -b` (in `npm test`) fails when an expected error
// below does not occur, that is when a handler could answer a shape its route does not declare.
// Nothing here runs.
import type { FastifyInstance } from 'fastify'
import type { Authenticator } from './auth.ts'
import { addRoute } from './http.ts'

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
