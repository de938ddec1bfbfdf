import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { CoreDeps, Throttle } from '@parloir/core'
import type { Authenticator } from './auth.ts'
import type { Config } from './config.ts'
import type { Metrics } from './metrics.ts'
import type { RateLimiter, RateLimits, TokenBuckets } from './rate-limit.ts'
import type { StreamHub } from './realtime/hub.ts'

/** What route modules get: the app to register on, core's deps, and the server's services. */
export interface ServerContext {
  app: FastifyInstance
  deps: CoreDeps
  config: Config
  auth: Authenticator
  /** Rate limits shared through Redis when REDIS_URL is set (with their outage policy), else in this process. */
  rates: RateLimits
  /** In this process only: for what lives in one process anyway (a stream connection's frames). */
  limiter: RateLimiter
  buckets: TokenBuckets
  typing: Throttle
  hub: StreamHub
  metrics: Metrics
  /** The origin this server answers on, as the request saw it (its Host checked: request-origin.ts). */
  publicOrigin: (request: FastifyRequest) => string
  isShuttingDown: () => boolean
}
