import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServerContext } from '../context.ts'
import { composeRoutes } from './compose.ts'
import { collectionPageRoutes } from './collections.ts'
import { discussionPageRoutes } from './discussion-page.ts'
import { webRoutes } from './web.ts'
import { widgetRoutes } from './widget.ts'

/**
 * The pages, one plugin: the deep link's compose form and the visitor's conversation (server
 * rendered, no JavaScript needed), a collection's public page, the website widget's loader and frame, and the web app with
 * its `index.html` fallback, which it returns for the error handler. The compose and visitor
 * routes are explicit, so the fallback never answers them.
 */
export async function pages(ctx: ServerContext): Promise<(request: FastifyRequest, reply: FastifyReply) => boolean> {
  widgetRoutes(ctx)
  await composeRoutes(ctx)
  await collectionPageRoutes(ctx)
  await discussionPageRoutes(ctx)
  return webRoutes(ctx)
}
