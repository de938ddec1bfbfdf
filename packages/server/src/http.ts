import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { routes, type RouteBody, type RouteDef, type RouteName, type RouteParams, type RouteQuery, type RouteReply } from '@parloir/protocol'
import type { Actor } from '@parloir/core'
import type { Authenticator } from './auth.ts'

export interface RouteContext<N extends RouteName> {
  /** The authenticated actor; routes declared `auth: true` always have one. */
  actor: Actor
  params: RouteParams<N>
  query: RouteQuery<N>
  body: RouteBody<N>
  request: FastifyRequest
  reply: FastifyReply
}

/** Each route's handler: its context in, its reply schema's type out. */
export type RouteHandlers = { [N in RouteName]: (ctx: RouteContext<N>) => Promise<RouteReply<N>> }

const errorReply = {
  type: 'object',
  properties: {
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object', additionalProperties: true } }, required: ['code', 'message'] },
  },
  required: ['error'],
} as const

/**
 * Registers a route from its declaration in `protocol`: Fastify validates with the same
 * schemas the client and OpenAPI use, and the handler gets typed params, query and body.
 */
export function addRoute<N extends RouteName>(
  app: FastifyInstance,
  auth: Authenticator,
  name: N,
  // The reply's type comes from the route's reply schema: a handler answering another shape does not compile.
  handler: NoInfer<RouteHandlers[N]>,
  extra: Partial<RouteOptions> = {},
): void {
  const def: RouteDef = routes[name]
  const run = handler as never as (ctx: unknown) => Promise<unknown>
  const status = def.status ?? 200
  const schema: Record<string, unknown> = {
    operationId: name,
    summary: def.summary,
    tags: def.tags,
    response: {
      [status]: def.reply ?? { type: 'null', description: 'No content' },
      // A create that repeats an earlier one (same client id) answers 200 with the original.
      ...(status === 201 ? { 200: def.reply } : {}),
      '4xx': errorReply,
    },
  }
  if (def.params) schema.params = def.params
  if (def.querystring) schema.querystring = def.querystring
  if (def.body) schema.body = def.body
  if (def.auth) schema.security = [{ bearer: [] }, { cookie: [] }]
  app.route({
    method: def.method,
    url: def.url,
    schema,
    ...extra,
    handler: async (request, reply) => {
      reply.code(status)
      const actor = def.auth ? await auth.requireActor(request) : (await auth.optionalActor(request)) ?? null
      const ctx: unknown = { actor, params: request.params, query: request.query, body: request.body, request, reply }
      const result: unknown = await run(ctx)
      if (status === 204) return reply.send()
      return result
    },
  })
}
