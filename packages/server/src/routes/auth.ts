import { AppError } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'
import { LoginThrottle } from '../login-throttle.ts'

export function authRoutes({ app, deps, auth, rates, config }: ServerContext): void {
  const rules = config.rateLimits
  // Brute-force limits: shared by every process, and refused while they cannot be counted.
  const limit = (key: string, rule: { max: number; windowMs: number }) => rates.require(key, rule, 'fail-closed')
  const logins = new LoginThrottle(rates, rules)

  addRoute(app, auth, 'signup', async ({ body, request, reply }) => {
    await limit(`signup:${request.ip}`, rules.signupPerAddress)
    const result = await core.signUp(deps, body, request.headers['user-agent'] ?? '')
    auth.setSessionCookie(reply, request, result.session.token, Date.parse(result.session.expiresAt))
    return result
  })

  addRoute(app, auth, 'login', async ({ body, request, reply }) => {
    const attempt = await logins.before(request, body.handle)
    let loggedIn: Awaited<ReturnType<typeof core.logIn>>
    try {
      loggedIn = await core.logIn(deps, body.handle, body.password, request.headers['user-agent'] ?? '')
    } catch (error) {
      if (error instanceof AppError && error.code === 'INVALID_CREDENTIALS') await logins.failed(attempt)
      throw error
    }
    const { me, session } = loggedIn
    await logins.succeeded(attempt, request, reply)
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
