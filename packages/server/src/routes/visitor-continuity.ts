import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, routes, type Account, type PageFormField } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { jsonValidator } from '../validation.ts'
import { errorPage } from '../pages/error-page.ts'
import { accountFormPage, continuePage, type AccountFormView } from '../pages/continue-page.ts'
import { pickLang, say, type Lang } from '../pages/text.ts'
import { addPageRoute } from './add-page-route.ts'
import { crossSite, sameSecret, sendPage, single, type VisitorAccess } from './page-forms.ts'

/** What these routes borrow from the compose and visitor pages' scope (routes/compose.ts). */
export interface VisitorPageKit {
  scope: FastifyInstance
  visitorAccess(request: FastifyRequest<{ Params: { conversationId: string } }>, lang: Lang): Promise<VisitorAccess>
  visitorSession(request: FastifyRequest): Promise<{ account: core.AccountRecord; session: core.SessionRecord } | null>
  setVisitorCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAtMs: number): void
  clearVisitorCookie(reply: FastifyReply): void
}

/**
 * The token sits in this page's address: a Referer carries the origin at most, never the path,
 * not even to this origin's stylesheet. Not `no-referrer`: under it the page's form would be sent
 * with `Origin: null`, which the exchange refuses as it cannot tell it from another site's.
 */
const noReferrer = { 'referrer-policy': 'strict-origin' }

type LinkError = 'VISITOR_LINK_INVALID' | 'VISITOR_LINK_EXPIRED' | 'VISITOR_LINK_USED' | 'VISITOR_HAS_ACCOUNT'
const linkErrorText = {
  VISITOR_LINK_INVALID: 'invalid', VISITOR_LINK_EXPIRED: 'expired', VISITOR_LINK_USED: 'used', VISITOR_HAS_ACCOUNT: 'hasAccount',
} as const satisfies Record<LinkError, string>
const isLinkError = (error: unknown): error is AppError & { code: LinkError } => error instanceof AppError && error.code in linkErrorText

/** Sign-up's own schemas for each field, so a visitor's account follows the same rules. */
const signupField = {
  handle: jsonValidator(routes.signup.body.properties.handle),
  displayName: jsonValidator(routes.signup.body.properties.displayName),
  password: jsonValidator(routes.signup.body.properties.password),
}

/**
 * Continuity for visitors: the email's link, which brings a visitor back to its conversation
 * from any browser (GET shows a button and uses nothing; POST uses the link once, sets the
 * visitor cookie and leaves for the conversation, with no token in any address after it), and
 * keeping a conversation by turning the visitor into a person account.
 */
export function visitorContinuityRoutes(ctx: ServerContext, kit: VisitorPageKit): void {
  const { deps, rates, config } = ctx
  const { scope } = kit
  const langOf = (request: FastifyRequest) => pickLang(request.headers['accept-language'])

  /** The brand a link's visitor writes to, for the page's header and the way to write again. */
  async function brandOf(error: AppError | null, link?: { brandId: string | null }): Promise<Account | null> {
    const brandId = link?.brandId ?? (typeof error?.details?.brandId === 'string' ? error.details.brandId : null)
    if (!brandId) return null
    try {
      return await core.getAccount(deps, null, { id: brandId })
    } catch {
      return null
    }
  }

  /**
   * Why a link does not work, plainly, with a way on: write again (a new conversation as a new
   * visitor), or log in when the visitor became an account. A link this browser already used
   * goes to the conversation, as the browser is that visitor.
   */
  async function linkFailed(request: FastifyRequest, reply: FastifyReply, error: AppError & { code: LinkError }): Promise<FastifyReply> {
    const lang = langOf(request)
    const conversationId = typeof error.details?.conversationId === 'string' ? error.details.conversationId : null
    if (conversationId && (error.code === 'VISITOR_LINK_USED' || error.code === 'VISITOR_LINK_EXPIRED')) {
      const here = await kit.visitorSession(request)
      if (here && here.account.id === error.details?.accountId) return reply.redirect(`/messages/visitor/${conversationId}#latest`, 303)
    }
    const brand = await brandOf(error)
    const key = linkErrorText[error.code]
    const links = error.code === 'VISITOR_HAS_ACCOUNT'
      ? [{ href: `/login?next=${encodeURIComponent(conversationId ? `/c/${conversationId}` : '/')}`, label: say(lang, 'continue.logIn') }]
      : [brand
        ? { href: `/messages/compose?recipient_id=${brand.id}`, label: say(lang, 'continue.writeAgain', { name: brand.displayName }) }
        : { href: '/', label: say(lang, 'continue.writeAgainNoName') }]
    const page = errorPage({ lang, title: say(lang, `continue.${key}.title`), lines: [say(lang, `continue.${key}.body`)], links })
    return sendPage(reply, error.status, page, noReferrer)
  }

  addPageRoute(scope, 'continuePage', async (request, reply) => {
    const token = single(request.query, 'token').value
    try {
      const link = await core.checkVisitorLink(deps, token)
      const brand = await brandOf(null, link)
      if (!brand) throw new AppError('VISITOR_LINK_INVALID')
      return sendPage(reply, 200, continuePage({ lang: langOf(request), token, brand }), noReferrer)
    } catch (error) {
      if (isLinkError(error)) return linkFailed(request, reply, error)
      throw error
    }
  })

  addPageRoute(scope, 'continueExchange', async (request, reply) => {
    const body = request.body instanceof URLSearchParams ? request.body : null
    if (!body) throw new AppError('UNSUPPORTED_CONTENT_TYPE')
    const token = single(body, 'token' satisfies PageFormField<'continueExchange'>).value
    // Another site cannot make this browser use a link (its own visitor's, say): the page has no session for a CSRF token.
    if (crossSite(request, ctx.publicOrigin(request))) {
      const lang = langOf(request)
      const page = errorPage({
        lang, title: say(lang, 'continue.crossSite.title'),
        lines: [say(lang, 'continue.crossSite.body'), say(lang, 'page.errorCode', { code: 'CROSS_SITE_FORM' })], links: [],
      })
      return sendPage(reply, 403, page, noReferrer)
    }
    try {
      const { session, conversationId } = await core.exchangeVisitorLink(deps, token, request.headers['user-agent'] ?? '')
      kit.setVisitorCookie(request, reply, session.token, Date.parse(session.expiresAt))
      return await reply.redirect(`/messages/visitor/${conversationId}#latest`, 303)
    } catch (error) {
      if (isLinkError(error)) return linkFailed(request, reply, error)
      throw error
    }
  })

  // -----------------------------------------------------------------------------------------
  // Keeping the conversation in an account.

  function accountView(lang: Lang, access: Extract<VisitorAccess, { ok: true }>, form: AccountFormView['form'], errors: AccountFormView['errors'] = {}): AccountFormView {
    return { lang, conversationId: access.conversationId, brand: access.brand, csrf: access.csrf, form, errors }
  }

  addPageRoute(scope, 'visitorAccountPage', async (request, reply) => {
    const lang = langOf(request)
    const access = await kit.visitorAccess(request, lang)
    if (!access.ok) return sendPage(reply, access.status, access.page)
    const me = await core.getMe(deps, access.actor)
    // "Visitor 1234" is the name given for want of one, not a name to keep.
    const named = /^Visitor \d{4}$/.test(me.account.displayName) ? '' : me.account.displayName
    return sendPage(reply, 200, accountFormPage(accountView(lang, access, { handle: '', displayName: named })))
  })

  addPageRoute(scope, 'visitorAccountCreate', async (request, reply) => {
    const lang = langOf(request)
    const body = request.body instanceof URLSearchParams ? request.body : null
    if (!body) throw new AppError('UNSUPPORTED_CONTENT_TYPE')
    const access = await kit.visitorAccess(request, lang)
    if (!access.ok) return sendPage(reply, access.status, access.page)
    const field = (name: PageFormField<'visitorAccountCreate'>) => single(body, name).value
    const input = { handle: field('handle').trim().replace(/^@/, ''), displayName: field('display_name').trim(), password: field('password') }
    const form = { handle: input.handle, displayName: input.displayName }
    const again = (status: number, errors: AccountFormView['errors']) => sendPage(reply, status, accountFormPage(accountView(lang, access, form, errors)))
    if (!sameSecret(field('csrf'), access.csrf)) return again(403, { form: say(lang, 'send.CSRF_TOKEN_INVALID') })

    const errors: AccountFormView['errors'] = {}
    if (signupField.handle(input.handle)) errors.handle = say(lang, 'account.error.handle')
    if (signupField.displayName(input.displayName)) errors.display_name = say(lang, 'account.error.displayName')
    if (signupField.password(input.password)) errors.password = say(lang, 'account.error.password')
    if (Object.keys(errors).length > 0) return again(400, errors)

    try {
      // Sign-up's budget: an account made here is a sign-up.
      await rates.require(`signup:${request.ip}`, config.rateLimits.signupPerAddress, 'fail-closed')
      const { session } = await core.keepVisitorConversations(deps, access.actor, input, request.headers['user-agent'] ?? '')
      kit.clearVisitorCookie(reply)
      ctx.auth.setSessionCookie(reply, request, session.token, Date.parse(session.expiresAt))
      return await reply.redirect(`/c/${access.conversationId}`, 303)
    } catch (error) {
      if (error instanceof AppError && error.code === 'HANDLE_TAKEN') return again(409, { handle: say(lang, 'account.error.handleTaken', { handle: input.handle }) })
      if (error instanceof AppError && error.code === 'RATE_LIMITED' && typeof error.details?.retryAfterMs === 'number') {
        reply.header('retry-after', Math.max(1, Math.ceil(error.details.retryAfterMs / 1000)))
        return again(429, { form: say(lang, 'send.RATE_LIMITED', { seconds: Math.max(1, Math.ceil(error.details.retryAfterMs / 1000)) }) })
      }
      throw error
    }
  }, { bodyLimit: 16 * 1024 })
}
