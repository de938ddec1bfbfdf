import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import cookie from '@fastify/cookie'
import websocket from '@fastify/websocket'
import swagger from '@fastify/swagger'
import { AppError } from '@parloir/protocol'
import { Throttle, wakeSnoozes, type CoreDeps, type Logger } from '@parloir/core'
import { PresenceKeeper } from './presence.ts'
import { KyselyStorage } from '@parloir/storage'
import type { Config } from './config.ts'
import { openCoreDeps, type AdapterOptions } from './deps.ts'
import { Authenticator, selectStreamProtocol } from './auth.ts'
import { registerErrorHandling, sendError, toAppError } from './errors.ts'
import { schemaCompiler } from './validation.ts'
import { createMetrics } from './metrics.ts'
import { RateLimits } from './rate-limit.ts'
import { RedisRateCounter } from '@parloir/fanout'
import { CloseCode, StreamHub } from './realtime/hub.ts'
import type { ServerContext } from './context.ts'
import { VisitorMailer } from './visitor-mailer.ts'
import { nativeApi } from './routes/native-api.ts'
import { tokenRoutes } from './api-auth/token-routes.ts'
import { twitterApi, apiAuthenticate, type TwitterAuthenticate } from './twitter/index.ts'
import { sendUnreadableTwitterUrl } from './twitter/errors.ts'
import { webhookRoutes } from './webhooks/routes.ts'
import { pushRoutes } from './push/routes.ts'
import { personNotificationRoutes } from './notifications/routes.ts'
import { StreamPresence } from './notifications/stream-presence.ts'
import { pages } from './routes/pages.ts'
import { requestHost, requestOrigin } from './request-origin.ts'
import { serializeRequest } from './request-log.ts'

export type BuildOptions = Omit<AdapterOptions, 'logger'> & {
  /** Where log lines go; standard output when absent. */
  logStream?: NodeJS.WritableStream
  /** Tests of the Twitter translation layer only: who calls, instead of the API authentication. */
  twitterAuthenticate?: TwitterAuthenticate
}

export interface Parloir {
  app: FastifyInstance
  deps: CoreDeps
  hub: StreamHub
  /** Emails visitors of answers; absent without SMTP_URL. */
  mailer: VisitorMailer | undefined
  /** Which people have a stream open on this process, for the push worker's "not connected" rule. */
  streamPresence: StreamPresence
  /** Stops taking work, closes streams, lets pending commits finish, closes storage. */
  close(): Promise<void>
}

/** Builds the whole server without listening: tests call `app.inject()` on it, `main.ts` listens. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<Parloir> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      // Message text and secrets never reach the logs: request lines carry no bodies, no credentials and no query values.
      serializers: { req: serializeRequest },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["sec-websocket-protocol"]', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    },
    trustProxy: config.trustProxy,
    bodyLimit: config.limits.jsonBodyBytes,
    forceCloseConnections: 'idle',
    return503OnClosing: false,
    // A path Fastify cannot decode (`%zz`, lone surrogates) never reaches the error handler: answer it in the one error shape.
    frameworkErrors: (error, request, reply) => {
      if (error.code === 'FST_ERR_BAD_URL' && sendUnreadableTwitterUrl(request, reply)) return // Twitter's 404 under /1.1/ and /2/ (twitter/errors.ts)
      sendError(reply, toAppError(error) ?? new AppError('ROUTE_NOT_FOUND'))
    },
  })
  const deps = await openCoreDeps(config, { ...options, logger: app.log as unknown as Logger })
  const { storage, fanout, clock } = deps
  const metrics = createMetrics(() => (storage instanceof KyselyStorage ? storage.commitStats : undefined))
  // With REDIS_URL, every process counts rate limits in one place.
  const rateCounter = config.redisUrl ? new RedisRateCounter({ url: config.redisUrl, prefix: `${config.redisChannel}:rate:` }) : null
  await rateCounter?.whenReady(2_000).catch(() => app.log.warn({}, 'Redis is not reachable for rate limits; brute-force limits refuse until it is'))
  const rates = new RateLimits(clock, rateCounter)
  const limiter = rates.local
  const hub = new StreamHub(fanout, metrics, config.heartbeatMs)
  const presence = new PresenceKeeper(deps, app.log as unknown as Logger, () => hub.userIds(), config.presenceBeatMs)
  // Who has a stream open anywhere: people are pushed only when they have none (notifications/).
  const streamPresence = new StreamPresence(deps, hub, app.log as unknown as Logger, config.presenceBeatMs)
  let shuttingDown = false
  const ctx: ServerContext = {
    app, deps, config, metrics, hub, rates, limiter,
    auth: new Authenticator(deps, config, rates, (accountId) => presence.touch(accountId)),
    buckets: rates.buckets,
    typing: new Throttle(clock, config.typingIntervalMs),
    publicOrigin: requestOrigin,
    isShuttingDown: () => shuttingDown,
  }

  app.setValidatorCompiler(schemaCompiler())
  let pageFallback: (request: FastifyRequest, reply: FastifyReply) => boolean = () => false
  registerErrorHandling(app, (request, reply) => pageFallback(request, reply))
  await app.register(cookie)
  await app.register(websocket, { options: { maxPayload: config.streamFrameBytes, handleProtocols: selectStreamProtocol } })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Parloir native API', version: '1', description: 'Direct messages between brands and people. Errors: docs/errors.md.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'parloir_session' },
        },
      },
    },
  })

  app.addHook('onRequest', async (request, reply) => {
    if (shuttingDown && request.url !== '/healthz' && request.url !== '/readyz') return sendError(reply.header('connection', 'close'), new AppError('SHUTTING_DOWN'))
    // A malformed Host is refused here, once, so no route builds a URL or a policy from it.
    requestHost(request)
    const waitMs = await rates.take(`address:${request.ip}`, config.rateLimits.perAddress, 'per-node')
    if (waitMs > 0) return sendError(reply, new AppError('RATE_LIMITED', { retryAfterMs: waitMs }))
    return undefined
  })
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store')
    return payload
  })
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode }, reply.elapsedTime / 1000)
  })

  // One plugin per subsystem, each in its own scope; the wiring is here and only here.
  const plugin = (register: (scoped: ServerContext) => unknown) => app.register(async (scope) => { await register({ ...ctx, app: scope }) })
  const authenticate = options.twitterAuthenticate ?? apiAuthenticate(ctx)
  await plugin(nativeApi)
  await plugin(tokenRoutes) // API auth: OAuth 1.0a and OAuth 2 tokens for developer apps
  await plugin((scoped) => twitterApi(scoped, { authenticate }))
  await plugin((scoped) => webhookRoutes(scoped, { authenticate }))
  await plugin(pushRoutes) // Web Push to the people of brands' teams
  await plugin(personNotificationRoutes) // telling people of messages: settings, email links, the people mailer
  await plugin(async (scoped) => { pageFallback = await pages(scoped) })
  await app.ready()
  const smtpUrl = config.mail.smtpUrl
  const mailer = smtpUrl === null ? undefined : new VisitorMailer(deps, { ...config.mail, smtpUrl })
  if (mailer) mailer.start()
  else app.log.info('SMTP_URL is not set: visitors who leave an email address are not emailed')
  // Snoozed conversations whose time has come open again, each with a line in its timeline; members
  // of teams nobody saw for a lease are gone.
  const inboxSweeper = setInterval(() => {
    wakeSnoozes(deps).catch((error: unknown) => app.log.warn({ err: error }, 'waking snoozed conversations failed; next sweep retries'))
    presence.sweep().catch((error: unknown) => app.log.warn({ err: error }, 'ending presence leases failed; next sweep retries'))
  }, config.inboxSweepMs)
  inboxSweeper.unref()

  return {
    app, deps, hub, mailer, streamPresence,
    async close() {
      shuttingDown = true
      clearInterval(inboxSweeper)
      presence.stop()
      streamPresence.stop()
      hub.closeAll(CloseCode.goingAway, 'server shutting down')
      hub.close()
      // Waits for requests in flight: each send is answered only after its commit.
      await app.close()
      await streamPresence.settled()
      await mailer?.stop()
      await storage.close()
      await fanout.close()
      await rateCounter?.close()
    },
  }
}
