import type { TSchema } from '@sinclair/typebox'

/**
 * Every native REST route, declared once: Fastify validates with these schemas, OpenAPI is
 * generated from them and the typed client calls through them.
 */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'
  url: string
  summary: string
  tags: string[]
  auth: boolean
  params?: TSchema
  querystring?: TSchema
  body?: TSchema
  /** Schema of the 200/201 answer; `null` for 204. */
  reply: TSchema | null
  status?: 200 | 201 | 204
}
