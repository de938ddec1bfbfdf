import type { FastifyInstance } from 'fastify'
import { AppError } from '@parloir/protocol'
import type { ServerContext } from '../context.ts'
import { sendError } from '../errors.ts'
import { defaultTwitterLimits, type TwitterLimits } from './limits.ts'
import type { TwitterAuthenticate } from './caller.ts'
import { isTwitterPath, sendTwitterError, TwitterError, useTwitterErrors, versionOf } from './errors.ts'
import { EndpointWindows } from './quotas.ts'
import type { TwitterContext } from './routes.ts'
import { v1EventRoutes } from './v1-events.ts'
import { v1WelcomeMessageRoutes } from './v1-welcome-messages.ts'
import { v2DmRoutes } from './v2-dm-events.ts'
import { twitterMediaRoutes } from './media-upload.ts'

/**
 * The Twitter-compatible DM API (docs/api/twitter-compatibility.md): v1.1 and v2 DM endpoints translated onto
 * core's actions, so a DM sent here is the same `message.created` the web app shows live.
 * Registered once in app.ts; what the endpoints share is in routes.ts, media uploads and `ton`
 * downloads in media-upload.ts.
 */

export interface TwitterRouteOptions {
  /** Finds the caller; production passes the API authentication, tests of this layer may pass a stub. */
  authenticate: TwitterAuthenticate
}

function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(body)) out[key] = value
  return out
}

/** Registers the v1.1 and v2 DM routes, each prefix with Twitter's error bodies and 404s. */
export async function twitterRoutes(ctx: ServerContext, options: TwitterRouteOptions): Promise<void> {
  const t: TwitterContext = {
    server: ctx,
    authenticate: options.authenticate,
    windows: new EndpointWindows(ctx.deps.clock),
    limits: (ctx.config as { twitterLimits?: TwitterLimits }).twitterLimits ?? defaultTwitterLimits,
  }
  const version = (prefix: string, register: (scope: FastifyInstance) => void) => ctx.app.register(async (scope) => {
    useTwitterErrors(scope)
    // mark_read and indicate_typing send url-encoded forms; the rest is JSON or a query.
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, parseForm(String(body))))
    }
    scope.setNotFoundHandler((request, reply) => {
      // A URL the router cannot read (a lone `%`) may land here whatever its prefix: only Twitter's
      // paths get Twitter's body, the rest the native error shape.
      if (!isTwitterPath(request.url)) return sendError(reply, new AppError('ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] }))
      return sendTwitterError(reply, new TwitterError(404, 34, 'Sorry, that page does not exist.'), versionOf(request.url))
    })
    // Authenticated answers are never cached (docs/reliability.md, rule 12).
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store')
      return payload
    })
    register(scope)
  }, { prefix })
  await version('/1.1', (scope) => {
    v1EventRoutes(t, scope)
    v1WelcomeMessageRoutes(t, scope)
  })
  await version('/2', (scope) => v2DmRoutes(t, scope))
}

/**
 * The Twitter-compatible API, one plugin: the v1.1 and v2 DM endpoints, and media uploads with
 * their `ton` downloads.
 */
export async function twitterApi(ctx: ServerContext, options: TwitterRouteOptions): Promise<void> {
  twitterMediaRoutes(ctx, options)
  await twitterRoutes(ctx, options)
}
