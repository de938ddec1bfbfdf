import type { FastifyInstance } from 'fastify'
import { AppError } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { discussionPage } from '../pages/discussion-page.ts'
import { errorPage } from '../pages/error-page.ts'
import { pickLang, say } from '../pages/text.ts'
import { addPageRoute } from './add-page-route.ts'
import { pageErrorHandler, sendPage, single } from './page-forms.ts'

const ID = /^[0-9]{1,20}$/
const PAGE = /^[1-9][0-9]{0,6}$/
/** How much of the first post a link preview shows. */
const SUMMARY_CHARS = 200

/**
 * `/d/<id>`: a public discussion for anyone with the link, server-rendered, without script, and
 * without reading or setting a cookie, one page of posts at a time (`?page=N`: posts
 * (N-1)·size+1 … N·size, a range of the posts' key, so page 20 of 1,000 posts costs what page 1
 * does). Search engines are told not to index it (meta and `X-Robots-Tag`) unless its starter
 * chose otherwise.
 */
export async function discussionPageRoutes(ctx: ServerContext): Promise<void> {
  const { deps, config, publicOrigin } = ctx
  await ctx.app.register(async (scope: FastifyInstance) => {
    scope.setErrorHandler(pageErrorHandler)
    addPageRoute(scope, 'discussionPage', async (request, reply) => {
      const lang = pickLang(request.headers['accept-language'])
      const { discussionId } = request.params
      const asked = single(request.query, 'page')
      if (!ID.test(discussionId) || asked.repeated || (asked.value !== '' && !PAGE.test(asked.value))) {
        throw new AppError('VALIDATION_FAILED', { fields: [{ path: asked.repeated || !ID.test(discussionId) ? '/discussionId' : '/page', message: 'is not valid' }] })
      }
      const pageSize = config.limits.discussionPageSize
      const pageNumber = asked.value === '' ? 1 : Number(asked.value)
      let found: Awaited<ReturnType<typeof core.listDiscussionPosts>>
      try {
        found = await core.listDiscussionPosts(deps, discussionId, (pageNumber - 1) * pageSize, pageSize)
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'DISCUSSION_NOT_FOUND') throw error
        return sendPage(reply, 404, errorPage({ lang, title: say(lang, 'discussion.notFound'), lines: [say(lang, 'discussion.notFoundBody')], links: [] }), { 'x-robots-tag': 'noindex' })
      }
      const discussion = found.discussion
      const pages = Math.max(1, Math.ceil(discussion.postCount / pageSize))
      // The first post, for link previews: on page 1 it is at hand; a hidden one shows nothing.
      const [first] = pageNumber === 1 ? found.posts : (await core.listDiscussionPosts(deps, discussionId, 0, 1)).posts
      const summary = first && !first.hidden ? Array.from(first.text).slice(0, SUMMARY_CHARS).join('') : ''
      const view = { lang, discussion, posts: found.posts, page: pageNumber, pages, pageSize, origin: publicOrigin(request), summary }
      return sendPage(reply, 200, discussionPage(view), discussion.indexable ? {} : { 'x-robots-tag': 'noindex' })
    })
  })
}
