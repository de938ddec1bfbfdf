import type { ServerContext } from '../context.ts'

/** Health, readiness, metrics and the API description. */
export function operationRoutes({ app, deps, metrics, isShuttingDown }: ServerContext): void {
  const hide = { schema: { hide: true } }
  app.get('/healthz', hide, async () => ({ status: 'ok' }))
  app.get('/readyz', hide, async (_request, reply) => {
    if (isShuttingDown()) return reply.code(503).send({ status: 'shutting_down' })
    try {
      await deps.storage.ping()
      return { status: 'ready' }
    } catch {
      return reply.code(503).send({ status: 'storage_unavailable' })
    }
  })
  app.get('/metrics', hide, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType)
    return metrics.registry.metrics()
  })
  app.get('/api/v1/openapi.json', hide, async () => app.swagger())
}
