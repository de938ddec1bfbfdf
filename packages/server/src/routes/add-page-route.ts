import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { pageRoutes, type PageQueryField, type PageRouteDef, type PageRouteName } from '@parloir/protocol'

/** The `:name` segments of a path. */
type Segments<U extends string> = U extends `${string}:${infer P}/${infer Rest}` ? P | Segments<`/${Rest}`> : U extends `${string}:${infer P}` ? P : never

/** What a page's handler sees: its path segments, the query parameters it declares (each may be repeated), its body by hand. */
export interface PageRequest<N extends PageRouteName> {
  Params: Record<Segments<(typeof pageRoutes)[N]['url']>, string>
  Querystring: Partial<Record<PageQueryField<N>, string | string[]>>
  Body: unknown
}

export type PageRouteHandler<N extends PageRouteName> = (request: FastifyRequest<PageRequest<N>>, reply: FastifyReply) => Promise<unknown>

/**
 * Registers a server-rendered page from its declaration in `protocol` (page-routes.ts), in `scope`
 * with its form parser and HTML error handler. Pages are not API: they stay out of OpenAPI.
 */
export function addPageRoute<N extends PageRouteName>(
  scope: FastifyInstance, name: N, handler: PageRouteHandler<N>, extra: Pick<RouteOptions, 'bodyLimit'> = {},
): void {
  const def: PageRouteDef = pageRoutes[name]
  scope.route<PageRequest<N>>({ method: def.method, url: def.url, schema: { hide: true }, ...extra, handler })
}
