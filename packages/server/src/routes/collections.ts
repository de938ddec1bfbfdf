import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'
import { toAppError } from '../errors.ts'
import { addPageRoute } from './add-page-route.ts'
import { sendPage, single, type Query } from './page-forms.ts'
import { sendMedia } from './media.ts'
import { collectionPage } from '../pages/collection-page.ts'
import { errorPage } from '../pages/error-page.ts'
import { pickLang, say } from '../pages/text.ts'

/** Collections' API: the acting account curates its own and contributes to others'. */
export function collectionRoutes(ctx: ServerContext): void {
  const { app, deps, auth } = ctx
  addRoute(app, auth, 'listCollections', async ({ actor }) => ({ collections: await core.listCollections(deps, actor) }))
  addRoute(app, auth, 'createCollection', ({ actor, body }) => core.createCollection(deps, actor, body))
  addRoute(app, auth, 'getCollection', ({ actor, params }) => core.getCollection(deps, actor, params.collectionId))
  addRoute(app, auth, 'updateCollection', ({ actor, params, body }) => core.updateCollection(deps, actor, params.collectionId, body))
  addRoute(app, auth, 'deleteCollection', ({ actor, params }) => core.deleteCollection(deps, actor, params.collectionId))
  addRoute(app, auth, 'createCollectionSection', ({ actor, params, body }) => core.createCollectionSection(deps, actor, params.collectionId, body.title))
  addRoute(app, auth, 'updateCollectionSection', ({ actor, params, body }) => core.renameCollectionSection(deps, actor, params.collectionId, params.sectionId, body.title))
  addRoute(app, auth, 'moveCollectionSection', async ({ actor, params, body }) => ({
    sections: await core.moveCollectionSection(deps, actor, params.collectionId, params.sectionId, body.position),
  }))
  addRoute(app, auth, 'deleteCollectionSection', ({ actor, params }) => core.deleteCollectionSection(deps, actor, params.collectionId, params.sectionId))
  addRoute(app, auth, 'addCollectionItem', ({ actor, params, body }) => core.addCollectionItem(deps, actor, params.collectionId, body))
  addRoute(app, auth, 'moveCollectionItem', ({ actor, params, body }) => core.moveCollectionItem(deps, actor, params.collectionId, params.itemId, body))
  addRoute(app, auth, 'removeCollectionItem', ({ actor, params }) => core.removeCollectionItem(deps, actor, params.collectionId, params.itemId))
  addRoute(app, auth, 'approveContribution', ({ actor, params }) => core.approveContribution(deps, actor, params.collectionId, params.itemId))
  addRoute(app, auth, 'declineContribution', ({ actor, params }) => core.declineContribution(deps, actor, params.collectionId, params.itemId))
  addRoute(app, auth, 'hideCollectionItem', ({ actor, params, body }) => core.hideCollectionItem(deps, actor, params.collectionId, params.itemId, body.reason))
  addRoute(app, auth, 'unhideCollectionItem', ({ actor, params, body }) => core.unhideCollectionItem(deps, actor, params.collectionId, params.itemId, body.reason))
  addRoute(app, auth, 'requestCollectionItemReview', ({ actor, params, body }) => core.requestCollectionItemReview(deps, actor, params.collectionId, params.itemId, body.text))
}

const ID = /^[0-9]{1,20}$/

/**
 * The public page of a collection and its pictures and files. The page reads no cookie and sets
 * none; a picture of a published item is anyone's, and only a waiting one's asks who is reading
 * (the session cookie the app's images carry), for its curator and author.
 */
export async function collectionPageRoutes(ctx: ServerContext): Promise<void> {
  const { deps, auth } = ctx
  await ctx.app.register(async (scope: FastifyInstance) => {
    const langOf = (request: FastifyRequest) => pickLang(request.headers['accept-language'])
    const notFound = (request: FastifyRequest, reply: FastifyReply) => {
      const lang = langOf(request)
      return sendPage(reply, 404, errorPage({ lang, title: say(lang, 'collection.notFound.title'), lines: [say(lang, 'collection.notFound.body')], links: [] }))
    }
    scope.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const known = toAppError(error)
      const status = known?.status ?? 500
      if (status >= 500) request.log.error({ err: error }, known ? 'request failed' : 'unexpected error')
      const lang = langOf(request)
      const message = known && status < 500 ? known.message : `Something went wrong on our side (request ${request.id}). Please try again.`
      return sendPage(reply, status, errorPage({ lang, title: say(lang, 'collection.notFound.title'), lines: [message], links: [] }))
    })

    addPageRoute(scope, 'collectionPage', async (request, reply) => {
      const { collectionId } = request.params
      if (!ID.test(collectionId)) return notFound(request, reply)
      try {
        const view = await core.readPublicCollection(deps, collectionId)
        const headers: Record<string, string> = view.collection.indexable && view.collection.hiddenAt === null ? {} : { 'x-robots-tag': 'noindex' }
        return sendPage(reply, 200, collectionPage({ lang: langOf(request), view, origin: ctx.publicOrigin(request) }), headers)
      } catch (error) {
        if (error instanceof AppError && error.code === 'COLLECTION_NOT_FOUND') return notFound(request, reply)
        throw error
      }
    })

    addPageRoute(scope, 'collectionMedia', async (request, reply) => {
      const { collectionId, mediaId } = request.params
      if (!ID.test(collectionId) || !ID.test(mediaId)) return notFound(request, reply)
      const variant = single(request.query as Query, 'thumbnail').value === '1' ? 'thumbnail' : 'original'
      const readers = async () => {
        const actor = await auth.optionalActor(request)
        if (!actor) return []
        return [actor.userId, ...(await deps.storage.reads.brands.of(actor.userId)).map((b) => b.brandId)]
      }
      try {
        return sendMedia(reply, await core.openCollectionMedia(deps, collectionId, mediaId, variant, readers))
      } catch (error) {
        if (error instanceof AppError && error.code === 'MEDIA_NOT_FOUND') return notFound(request, reply)
        throw error
      }
    })
  })
}
