import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { AppError } from '@parloir/protocol'
import type { ServerContext } from '../context.ts'

/** Longest `/readyz` waits for the database before answering 503 `storage_unavailable`. */
const readyTimeoutMs = 2_000

const LOOPBACK = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/
/** Headers a proxy adds: a request carrying one came from elsewhere, whatever its socket says. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const

const digest = (text: string) => createHash('sha256').update(text).digest()

/**
 * Who may read `/metrics`: a scraper on this machine (a loopback socket, and no header saying a
 * proxy forwarded the request), or one sending the configured bearer token, compared in constant
 * time (digests first, so not even the token's length shows).
 */
function mayScrape(request: FastifyRequest, token: string | null): boolean {
  const header = request.headers.authorization
  if (token !== null && typeof header === 'string' && header.startsWith('Bearer ')) {
    return timingSafeEqual(digest(header.slice('Bearer '.length)), digest(token))
  }
  const local = LOOPBACK.test(request.socket.remoteAddress ?? '')
  return local && FORWARDING_HEADERS.every((name) => request.headers[name] === undefined)
}

/** Health, readiness, metrics and the API description. */
export function operationRoutes({ app, deps, config, metrics, isShuttingDown }: ServerContext): void {
  const hide = { schema: { hide: true } }
  app.get('/healthz', hide, async () => ({ status: 'ok' }))
  app.get('/readyz', hide, async (_request, reply) => {
    if (isShuttingDown()) return reply.code(503).send({ status: 'shutting_down' })
    // A load balancer's health check gets an answer in time even when the database hangs.
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error('ping timed out')), readyTimeoutMs) })
    try {
      await Promise.race([deps.storage.ping(), late])
      return { status: 'ready' }
    } catch {
      return reply.code(503).send({ status: 'storage_unavailable' })
    } finally {
      clearTimeout(timer)
    }
  })
  app.get('/metrics', hide, async (request, reply) => {
    // Refused exactly as an unknown route: scanners learn nothing (docs/operations.md).
    if (!mayScrape(request, config.metricsToken)) throw new AppError('ROUTE_NOT_FOUND', { method: request.method, url: '/metrics' })
    reply.header('content-type', metrics.registry.contentType)
    return metrics.registry.metrics()
  })
  app.get('/api/v1/openapi.json', hide, async () => app.swagger())
}
