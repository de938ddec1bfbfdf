import { AppError } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'

export function authRoutes({ app, deps, auth, limiter, config }: ServerContext): void {
  const rules = config.rateLimits
  const limit = (key: string, rule: { max: number; windowMs: number }) => {
    const waitMs = limiter.take(key, rule)
    if (waitMs > 0) throw new AppError('RATE_LIMITED', { retryAfterMs: waitMs })
  }

  addRoute(app, auth, 'signup', async ({ body, request, reply }) => {
    limit(`signup:${request.ip}`, rules.signupPerAddress)
    const result = await core.signUp(deps, body, request.headers['user-agent'] ?? '')
    auth.setSessionCookie(reply, request, result.session.token, Date.parse(result.session.expiresAt))
    return result
  })

  addRoute(app, auth, 'login', async ({ body, request, reply }) => {
    limit(`login:${request.ip}`, rules.loginPerAddress)
    limit(`login-account:${body.handle.toLowerCase()}`, rules.loginPerAccount)
    const { me, session } = await core.logIn(deps, body.handle, body.password, request.headers['user-agent'] ?? '')
    auth.setSessionCookie(reply, request, session.token, Date.parse(session.expiresAt))
    return { me, session }
  })

  addRoute(app, auth, 'logout', async ({ actor, reply }) => {
    await core.logOut(deps, actor)
    auth.clearSessionCookie(reply)
  })

  addRoute(app, auth, 'getSession', async ({ actor, request }) => {
    const session = request.authenticated?.session
    if (!session) throw new AppError('UNAUTHENTICATED')
    return { me: await core.getMe(deps, actor), session: { id: session.id, csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAtMs).toISOString() } }
  })
  addRoute(app, auth, 'listSessions', async ({ actor }) => ({ sessions: await core.listSessions(deps, actor) }))
  addRoute(app, auth, 'revokeSession', ({ actor, params }) => core.revokeSession(deps, actor, params.sessionId))
}
