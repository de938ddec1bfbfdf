import type { ServerContext } from '../context.ts'

/** Longest `/readyz` waits for the database before answering 503 `storage_unavailable`. */
const readyTimeoutMs = 2_000

/** Health, readiness, metrics and the API description. */
export function operationRoutes({ app, deps, metrics, isShuttingDown }: ServerContext): void {
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
  app.get('/metrics', hide, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType)
    return metrics.registry.metrics()
  })
  app.get('/api/v1/openapi.json', hide, async () => app.swagger())
}
