import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import type { Static, TSchema } from '@sinclair/typebox'
import { twitterApiRoutes, type TwitterRouteDef, type TwitterRouteName } from '@parloir/protocol'

type Declared<N extends TwitterRouteName, K extends 'params' | 'querystring' | 'body', Else> =
  (typeof twitterApiRoutes)[N] extends { [P in K]: infer S extends TSchema } ? Static<S> : Else

/** What a route's handler sees, typed from its declaration: undeclared query and body are read by hand. */
export interface TwitterRequest<N extends TwitterRouteName> {
  Params: Declared<N, 'params', Record<string, never>>
  Querystring: Declared<N, 'querystring', unknown>
  Body: Declared<N, 'body', unknown>
}

export type TwitterRouteHandler<N extends TwitterRouteName> = (request: FastifyRequest<TwitterRequest<N>>, reply: FastifyReply) => Promise<unknown>

/**
 * Registers a Twitter-compatible route from its declaration in `protocol` (twitter-routes.ts), in
 * `scope` with its hooks, parsers and 404 handler: the table's url is the full path, so the
 * scope's prefix (`/1.1`, `/2`, or none) is taken off it. Schemas are passed only where declared,
 * so what Fastify validates, serializes and shows in OpenAPI is what the table says.
 */
export function addTwitterRoute<N extends TwitterRouteName>(
  scope: FastifyInstance, name: N, handler: TwitterRouteHandler<N>, extra: Pick<RouteOptions, 'bodyLimit'> = {},
): void {
  const def: TwitterRouteDef = twitterApiRoutes[name]
  if (!def.url.startsWith(scope.prefix)) throw new Error(`${name}: ${def.url} is not under this scope's prefix ${scope.prefix}`)
  const schema: Record<string, unknown> = {}
  if (def.params) schema.params = def.params
  if (def.querystring) schema.querystring = def.querystring
  if (def.body) schema.body = def.body
  if (def.reply) schema.response = { 200: def.reply }
  if (def.hidden) schema.hide = true
  scope.route<TwitterRequest<N>>({
    method: def.method,
    url: def.url.slice(scope.prefix.length),
    ...(Object.keys(schema).length ? { schema } : {}),
    ...extra,
    handler,
  })
}
