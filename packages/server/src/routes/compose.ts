import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, pageRoutes, type Account, type Message, type PageFormField, type BrandCard, type QuickReplyResponse, type SupportStatus, type WelcomeMessage } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { SESSION_COOKIE } from '../auth.ts'
import { codePoints } from '../pages/html.ts'
import { stylesheet } from '../pages/layout.ts'
import { composePage, type ComposeSender, type ComposeView } from '../pages/compose-page.ts'
import { visitorPage, type VisitorView } from '../pages/visitor-page.ts'
import { errorPage } from '../pages/error-page.ts'
import { optionValue } from '../pages/bubbles.ts'
import { sendMessage, sendToAccount, startVisitorConversation } from './send-message.ts'
import { addPageRoute, type PageRequest } from './add-page-route.ts'
import { sendMedia } from './media.ts'
import { pageErrorHandler, sameSecret, sendPage, single, type Query, type VisitorAccess } from './page-forms.ts'
import { visitorContinuityRoutes } from './visitor-continuity.ts'
import { pickLang, say, type Lang, type TextKey } from '../pages/text.ts'

/** The visitor's session token, kept only for the pages that need it (never sent to the API or the web app). */
export const VISITOR_COOKIE = 'parloir_visitor'
// The continue page reads it too: a link opened again in the browser that used it shows the conversation.
const VISITOR_COOKIE_PATHS = ['/messages/visitor', '/messages/compose', '/messages/continue'] as const

/** A form holds at most a message, a name, an email, a choice's metadata and a few ids, percent-encoded (up to 12 bytes a character). */
export const FORM_BODY_BYTES = 256 * 1024 // 256 KiB

/** A message whose attachment is linked under the visitor page's own path, where its cookie goes. */
function visitorAttachment(conversationId: string, message: Message): Message {
  const media = message.attachment
  if (!media) return message
  const url = `/messages/visitor/${conversationId}/media/${media.id}`
  return { ...message, attachment: { ...media, url, thumbnailUrl: media.thumbnailUrl ? `${url}?thumbnail=1` : null } }
}

/** Messages shown per visitor page; older ones are a link away. */
const VISITOR_PAGE_MESSAGES = 100

const ID = /^[0-9]{1,20}$/
const HANDLE = /^[A-Za-z0-9_]+$/
/** As protocol's `Ref` and `Email`. */
const REF = /^[A-Za-z0-9._:~-]+$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

const newFormToken = () => randomBytes(12).toString('base64url')

/** What went wrong with a send, in the reader's words; core's catalogue message for the rare rest. */
function describeSendError(lang: Lang, error: AppError, recipient: Account): string {
  switch (error.code) {
    case 'RATE_LIMITED': {
      const ms = typeof error.details?.retryAfterMs === 'number' ? error.details.retryAfterMs : 1000
      return say(lang, 'send.RATE_LIMITED', { seconds: Math.max(1, Math.ceil(ms / 1000)) })
    }
    case 'VISITOR_NOT_ALLOWED': return say(lang, 'send.VISITOR_NOT_ALLOWED', { name: recipient.displayName })
    case 'MESSAGE_EMPTY': case 'CSRF_TOKEN_INVALID': case 'RECIPIENT_UNAVAILABLE': case 'CANNOT_MESSAGE_SELF': case 'QUICK_REPLY_INVALID':
      return say(lang, `send.${error.code}`)
    default: return say(lang, 'send.other', { message: error.message })
  }
}

/**
 * The deep link `/messages/compose?recipient_id=…&text=…&welcome_message_id=…&ref=…` and the
 * visitor's conversation page, both server-rendered and without any script, so they work with
 * JavaScript off. Opening the link reads cookies but never sets one and sends nothing: only
 * pressing Send (a POST) writes, and only then may a visitor cookie be set.
 */
export async function composeRoutes(ctx: ServerContext): Promise<void> {
  const { deps, config, rates } = ctx
  const limits = config.limits

  await ctx.app.register(async (scope: FastifyInstance) => {
    // Forms post urlencoded bodies; only these routes read them, with their own cap.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_BYTES }, (_request, body, done) => {
      done(null, new URLSearchParams(String(body)))
    })

    // Anything these routes throw becomes a page a person can read, in place of the API's JSON.
    scope.setErrorHandler(pageErrorHandler)

    const langOf = (request: FastifyRequest) => pickLang(request.headers['accept-language'])

    // ---------------------------------------------------------------------------------------
    // Stylesheet: named by its content, so cached for a year.

    scope.get('/messages/static/:file', { schema: { hide: true } }, async (request, reply) => {
      const { file } = request.params as { file: string }
      if (`/messages/static/${file}` !== stylesheet.path) {
        return reply.code(404).headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' }).type('text/plain; charset=utf-8').send('Not found')
      }
      return reply.headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=31536000, immutable' }).type('text/css; charset=utf-8').send(stylesheet.body)
    })

    // ---------------------------------------------------------------------------------------
    // Who is there: read from cookies, never written on a GET.

    /** The open session a cookie holds, or null for none, unknown, expired or revoked. */
    async function sessionFrom(request: FastifyRequest, cookie: string, kind: Account['kind']) {
      const token = request.cookies[cookie]
      if (!token) return null
      try {
        const found = await core.authenticate(deps, token)
        return found.account.kind === kind ? found : null
      } catch (error) {
        if (error instanceof AppError && error.code === 'UNAUTHENTICATED') return null
        throw error
      }
    }

    /**
     * A logged-in person first; else the visitor this browser already was for this recipient (a
     * visitor talks only with the brand that started it); else nobody yet, who writes as a new visitor.
     */
    async function senderOf(request: FastifyRequest, recipient: Account): Promise<ComposeSender> {
      const person = await sessionFrom(request, SESSION_COOKIE, 'person')
      if (person) return { as: 'person', account: core.presentAccount(person.account), csrf: person.session.csrfToken }
      const visitor = await sessionFrom(request, VISITOR_COOKIE, 'visitor')
      if (visitor && visitor.account.issuedByBrandId === recipient.id) return { as: 'visitor', accountId: visitor.account.id, sessionId: visitor.session.id, csrf: visitor.session.csrfToken }
      return null
    }

    function setVisitorCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAtMs: number): void {
      // One cookie per path: a cookie has a single Path, and nothing else on this origin needs it.
      for (const path of VISITOR_COOKIE_PATHS) {
        reply.setCookie(VISITOR_COOKIE, token, { httpOnly: true, sameSite: 'lax', path, secure: request.protocol === 'https', expires: new Date(expiresAtMs) })
      }
    }

    function clearVisitorCookie(reply: FastifyReply): void {
      for (const path of VISITOR_COOKIE_PATHS) reply.clearCookie(VISITOR_COOKIE, { path })
    }

    /** The same send budgets as the API: a visitor's is per minute, a person's per second. */
    // ---------------------------------------------------------------------------------------
    // The deep link.

    type LinkProblem = { status: 400 | 404; key: TextKey; vars: Record<string, string | number>; recipient?: Account }

    async function findRecipient(raw: string): Promise<Account | null> {
      const wanted = raw.startsWith('@') ? raw.slice(1) : raw
      const lookups: Array<{ id?: string; handle?: string }> = []
      if (ID.test(wanted)) lookups.push({ id: wanted })
      if (HANDLE.test(wanted) && wanted.length <= limits.handleChars) lookups.push({ handle: wanted })
      for (const lookup of lookups) {
        try {
          // As nobody: a link never names a visitor, whoever follows it.
          const account = await core.getAccount(deps, null, lookup)
          // Visitors have no public face: a link cannot name one.
          if (account.kind !== 'visitor') return account
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'ACCOUNT_NOT_FOUND')) throw error
        }
      }
      return null
    }

    /**
     * Reads the link. A recipient that cannot be found is a 404; any other parameter that is not
     * what a link can carry is a 400 that says which and offers to write anyway, without it.
     *
     * An invalid `ref` (over 64 characters, or characters other than letters, digits and
     * `. _ : ~ -`) is refused rather than dropped: the link's publisher must find out when they try
     * it, not weeks later when their campaign counts no conversations. The person who followed it
     * is one click from writing anyway. An unknown welcome message id is no error at all: it may
     * have been deleted since the link was published, and the brand's default welcome stands in.
     */
    async function readLink(query: PageRequest<'composePage'>['Querystring']): Promise<LinkProblem | { recipient: Account; text: string; welcomeMessageId: string | null; ref: string | null }> {
      for (const field of pageRoutes.composePage.query) {
        if (single(query, field).repeated) return { status: 400, key: 'error.repeated', vars: { field } }
      }
      const rawRecipient = (single(query, 'recipient_id').value || single(query, 'screen_name').value).trim()
      if (rawRecipient === '') return { status: 400, key: 'error.missingRecipient', vars: {} }
      const bare = rawRecipient.startsWith('@') ? rawRecipient.slice(1) : rawRecipient
      if (!ID.test(bare) && !(HANDLE.test(bare) && bare.length <= limits.handleChars)) return { status: 400, key: 'error.badRecipient', vars: { value: rawRecipient.slice(0, 40) } }
      const recipient = await findRecipient(rawRecipient)
      if (!recipient) return { status: 404, key: 'error.notFound.body', vars: { value: rawRecipient } }

      const welcomeMessageId = single(query, 'welcome_message_id').value.trim()
      if (welcomeMessageId !== '' && !ID.test(welcomeMessageId)) return { status: 400, key: 'error.badWelcomeMessage', vars: { value: welcomeMessageId.slice(0, 40) }, recipient }
      const text = single(query, 'text').value
      const count = codePoints(text)
      if (count > limits.messageTextChars) return { status: 400, key: 'error.textTooLong', vars: { count, limit: limits.messageTextChars }, recipient }
      const ref = single(query, 'ref').value
      if (ref !== '' && (codePoints(ref) > limits.refChars || !REF.test(ref))) return { status: 400, key: 'error.badRef', vars: { value: ref.slice(0, 80), limit: limits.refChars }, recipient }
      return { recipient, text, welcomeMessageId: welcomeMessageId || null, ref: ref || null }
    }

    /** The brand's card with the linked welcome message, or with its default when that one is not the brand's. */
    async function brandCard(recipient: Account, welcomeMessageId: string | null): Promise<BrandCard | null> {
      if (recipient.kind !== 'brand') return null
      if (welcomeMessageId) {
        try {
          return await core.getBrandCard(deps, recipient.id, welcomeMessageId)
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'WELCOME_MESSAGE_NOT_FOUND')) throw error
        }
      }
      return core.getBrandCard(deps, recipient.id)
    }

    function composeHref(params: Record<string, string | null>): string {
      const search = new URLSearchParams()
      for (const [name, value] of Object.entries(params)) if (value) search.set(name, value)
      return `/messages/compose?${search.toString()}`
    }

    function composeView(lang: Lang, recipient: Account, card: BrandCard | null, sender: ComposeSender, form: ComposeView['form'], error: string | null, welcomeMessageId: string | null): ComposeView {
      const back = composeHref({ recipient_id: recipient.id, welcome_message_id: welcomeMessageId, ref: form.ref })
      return {
        lang, recipient, sender, form, error,
        support: card?.support ?? null, nowMs: deps.clock.now(),
        welcome: card?.welcomeMessage ?? null,
        loginHref: `/login?next=${encodeURIComponent(back)}`,
        signupHref: `/signup?next=${encodeURIComponent(back)}`,
      }
    }

    addPageRoute(scope, 'composePage', async (request, reply) => {
      const lang = langOf(request)
      const link = await readLink(request.query)
      if ('key' in link) {
        const lines = [say(lang, link.key, link.vars)]
        const links: Array<{ href: string; label: string }> = []
        if (link.recipient) {
          lines.push(say(lang, 'error.publisherHint'))
          links.push({ href: composeHref({ recipient_id: link.recipient.id }), label: say(lang, 'error.writeAnyway', { name: link.recipient.displayName }) })
        }
        const title = link.status === 404 ? say(lang, 'error.notFound.title') : say(lang, 'error.title')
        return sendPage(reply, link.status, errorPage({ lang, title, lines, links }))
      }
      const [card, sender] = await Promise.all([brandCard(link.recipient, link.welcomeMessageId), senderOf(request, link.recipient)])
      // The visitor this browser already is, back through the same link: its conversation, not an empty form.
      if (sender?.as === 'visitor') {
        const actor = await core.resolveActor(deps, sender.accountId, sender.sessionId, undefined)
        const conversationId = await core.visitorConversationWith(deps, actor, link.recipient.id)
        if (conversationId) {
          // A message the link prefilled waits in the reply box.
          const prefill = link.text.trim() === '' ? '' : `?${new URLSearchParams({ text: link.text }).toString()}`
          return reply.redirect(`/messages/visitor/${conversationId}${prefill}#latest`, 303)
        }
      }
      const form = { text: link.text, displayName: '', email: '', ref: link.ref, clientMessageId: newFormToken() }
      return sendPage(reply, 200, composePage(composeView(lang, link.recipient, card, sender, form, null, link.welcomeMessageId)))
    })

    /** The choice a pressed quick-reply button stands for, among the options of the welcome message shown. */
    function chosenOption(welcome: WelcomeMessage | null, value: string) {
      return welcome?.quickReply?.options.find((option) => optionValue(option) === value) ?? null
    }

    addPageRoute(scope, 'composeSend', async (request, reply) => {
      const lang = langOf(request)
      const body = request.body instanceof URLSearchParams ? request.body : null
      if (!body) throw new AppError('UNSUPPORTED_CONTENT_TYPE')
      const field = (name: PageFormField<'composeSend'>) => single(body, name).value
      const recipientId = field('recipient_id')
      const recipient = ID.test(recipientId) ? await findRecipient(recipientId) : null
      if (!recipient) return sendPage(reply, 404, errorPage({ lang, title: say(lang, 'error.notFound.title'), lines: [say(lang, 'error.notFound.body', { value: recipientId.slice(0, 40) })], links: [] }))
      const welcomeMessageId = ID.test(field('welcome_message_id')) ? field('welcome_message_id') : null
      const ref = field('ref') !== '' && REF.test(field('ref')) && codePoints(field('ref')) <= limits.refChars ? field('ref') : null
      const clientMessageId = /^[A-Za-z0-9_-]{1,64}$/.test(field('client_message_id')) ? field('client_message_id') : null
      const typed = field('text')
      const displayName = field('display_name').trim()
      const email = field('email').trim()
      const form = { text: typed, displayName, email, ref, clientMessageId: clientMessageId ?? newFormToken() }

      const card = await brandCard(recipient, welcomeMessageId)
      const welcome = card?.welcomeMessage ?? null
      const again = async (status: number, error: AppError | string) => {
        const message = typeof error === 'string' ? error : describeSendError(lang, error, recipient)
        if (typeof error !== 'string' && error.code === 'RATE_LIMITED' && typeof error.details?.retryAfterMs === 'number') {
          reply.header('retry-after', Math.max(1, Math.ceil(error.details.retryAfterMs / 1000)))
        }
        return sendPage(reply, status, composePage(composeView(lang, recipient, card, await senderOf(request, recipient), form, message, welcomeMessageId)))
      }

      const count = codePoints(typed)
      if (count > limits.messageTextChars) return again(400, say(lang, 'send.textTooLong', { count, limit: limits.messageTextChars }))
      const pressed = single(body, 'quick_reply')
      const option = pressed.value === '' ? null : chosenOption(welcome, pressed.value)
      if (pressed.value !== '' && (!option || !welcome)) return again(400, new AppError('QUICK_REPLY_INVALID'))
      // A choice is the message; words typed beside it go with it, in its place.
      const text = typed.trim() === '' && option ? option.label : typed
      const quickReplyResponse: QuickReplyResponse | undefined = option && welcome ? { type: 'options', messageId: welcome.id, metadata: optionValue(option) } : undefined
      const shown = welcome?.id

      try {
        const as = field('as')
        if (as === 'person' || as === 'visitor') {
          // Someone this browser already is: the form carries their session's CSRF token.
          const found = await sessionFrom(request, as === 'person' ? SESSION_COOKIE : VISITOR_COOKIE, as)
          if (!found || !sameSecret(field('csrf'), found.session.csrfToken)) return await again(403, new AppError('CSRF_TOKEN_INVALID'))
          const actor = await core.resolveActor(deps, found.account.id, found.session.id, undefined)
          const { conversationId } = await sendToAccount(ctx, { actor, isVisitor: found.account.kind === 'visitor' }, recipient.id, {
            text,
            ...(shown ? { welcomeMessageId: shown } : {}),
            ...(quickReplyResponse ? { quickReplyResponse } : {}),
            ...(clientMessageId ? { clientMessageId } : {}),
          }, ref ?? undefined)
          if (as === 'visitor') {
            setVisitorCookie(request, reply, request.cookies[VISITOR_COOKIE] ?? '', found.session.expiresAtMs)
            return await reply.redirect(`/messages/visitor/${conversationId}#latest`, 303)
          }
          return await reply.redirect(`/c/${conversationId}`, 303)
        }

        // Someone without an account: only a brand takes their messages.
        if (recipient.kind !== 'brand') throw new AppError('VISITOR_NOT_ALLOWED')
        if (codePoints(displayName) > limits.displayNameChars) return await again(400, say(lang, 'send.nameTooLong', { limit: limits.displayNameChars }))
        if (email !== '' && (codePoints(email) > limits.emailChars || !EMAIL.test(email))) return await again(400, say(lang, 'send.emailInvalid'))
        if (text.trim() === '') throw new AppError('MESSAGE_EMPTY')
        // The same budget as the API's visitor starts from no site (`POST /api/v1/visitors`).
        await rates.require(`visitor-start:${request.ip}:`, config.rateLimits.visitorStartsPerAddressAndSite, 'per-node')
        const started = await startVisitorConversation(ctx, {
          brandId: recipient.id,
          text,
          ...(shown ? { welcomeMessageId: shown } : {}),
          ...(quickReplyResponse ? { quickReplyResponse } : {}),
          ...(clientMessageId ? { clientMessageId } : {}),
          ...(displayName ? { displayName } : {}),
          ...(email ? { email } : {}),
          ...(ref ? { ref } : {}),
        }, { userAgent: request.headers['user-agent'] ?? '' })
        setVisitorCookie(request, reply, started.session.token, Date.parse(started.session.expiresAt))
        return await reply.redirect(`/messages/visitor/${started.conversation.id}#latest`, 303)
      } catch (error) {
        if (error instanceof AppError && error.status < 500) return again(error.status, error)
        throw error
      }
    }, { bodyLimit: FORM_BODY_BYTES })

    // ---------------------------------------------------------------------------------------
    // The visitor's conversation.

    async function visitorAccess(request: FastifyRequest<{ Params: { conversationId: string } }>, lang: Lang): Promise<VisitorAccess> {
      const { conversationId } = request.params
      const notFound = { ok: false as const, status: 404, page: errorPage({ lang, title: say(lang, 'visitor.notFound.title'), lines: [say(lang, 'visitor.notFound.body')], links: [] }) }
      if (!ID.test(conversationId)) return notFound
      const token = request.cookies[VISITOR_COOKIE]
      if (!token) return notFound
      const found = await sessionFrom(request, VISITOR_COOKIE, 'visitor')
      if (!found) return { ok: false, status: 401, page: errorPage({ lang, title: say(lang, 'visitor.ended.title'), lines: [say(lang, 'visitor.ended.body')], links: [] }) }
      const actor = await core.resolveActor(deps, found.account.id, found.session.id, undefined)
      try {
        const conversation = await core.getConversation(deps, actor, conversationId)
        const brand = conversation.participants.map((p) => p.account).find((account) => account.id !== actor.accountId)
        if (!brand) return notFound
        return { ok: true, actor, csrf: found.session.csrfToken, conversationId, brand }
      } catch (error) {
        if (error instanceof AppError && error.code === 'CONVERSATION_NOT_FOUND') return notFound
        throw error
      }
    }

    async function supportOf(brand: Account): Promise<SupportStatus | null> {
      if (brand.kind !== 'brand') return null
      return (await core.getBrandCard(deps, brand.id)).support
    }

    async function renderVisitor(
      request: FastifyRequest,
      reply: FastifyReply,
      access: Extract<VisitorAccess, { ok: true }>,
      status: number,
      state: { reply?: VisitorView['reply']; email?: VisitorView['email'] } = {},
    ): Promise<FastifyReply> {
      const lang = langOf(request)
      const query = request.query as Query
      const before = Number(single(query, 'before').value)
      // Text a deep link prefilled (`?text=`), when it fits in a message.
      const prefilled = single(query, 'text').value
      const prefill = codePoints(prefilled) <= limits.messageTextChars ? prefilled : ''
      const page = await core.listMessages(deps, access.actor, access.conversationId, {
        limit: VISITOR_PAGE_MESSAGES, ...(Number.isSafeInteger(before) && before > 0 ? { beforeSeq: before } : {}),
      })
      const [support, me] = await Promise.all([supportOf(access.brand), core.getMe(deps, access.actor)])
      const first = page.messages[0]
      const view: VisitorView = {
        lang, conversationId: access.conversationId, brand: access.brand, support, nowMs: deps.clock.now(),
        me: { accountId: access.actor.accountId, email: me.email },
        messages: page.messages.map((m) => visitorAttachment(access.conversationId, m)),
        earlierHref: page.hasMore && first ? `/messages/visitor/${access.conversationId}?before=${first.seq}` : null,
        csrf: access.csrf, clientMessageId: newFormToken(), checkToken: newFormToken().slice(0, 8),
        reply: state.reply ?? { text: prefill, error: null },
        email: state.email ?? { value: '', error: null },
      }
      return sendPage(reply, status, visitorPage(view))
    }

    // The visitor's cookie has the page's paths only: its attachments are served under them.
    addPageRoute(scope, 'visitorMedia', async (request, reply) => {
      const lang = langOf(request)
      const access = await visitorAccess(request, lang)
      const { mediaId } = request.params
      const notFound = () => sendPage(reply, 404, errorPage({ lang, title: say(lang, 'visitor.notFound.title'), lines: [say(lang, 'visitor.notFound.body')], links: [] }))
      if (!access.ok || !ID.test(mediaId)) return notFound()
      const variant = single(request.query as Query, 'thumbnail').value === '1' ? 'thumbnail' : 'original'
      try {
        return sendMedia(reply, await core.openMedia(deps, [access.actor.accountId], mediaId, variant))
      } catch (error) {
        if (error instanceof AppError && error.code === 'MEDIA_NOT_FOUND') return notFound()
        throw error
      }
    })

    addPageRoute(scope, 'visitorPage', async (request, reply) => {
      const access = await visitorAccess(request, langOf(request))
      if (!access.ok) return sendPage(reply, access.status, access.page)
      return renderVisitor(request, reply, access, 200)
    })

    addPageRoute(scope, 'visitorReply', async (request, reply) => {
      const lang = langOf(request)
      const body = request.body instanceof URLSearchParams ? request.body : null
      if (!body) throw new AppError('UNSUPPORTED_CONTENT_TYPE')
      const access = await visitorAccess(request, lang)
      if (!access.ok) return sendPage(reply, access.status, access.page)
      const field = (name: PageFormField<'visitorReply'>) => single(body, name).value
      const typed = field('text')
      const again = (status: number, error: AppError | string) => {
        const message = typeof error === 'string' ? error : describeSendError(lang, error, access.brand)
        if (typeof error !== 'string' && error.code === 'RATE_LIMITED' && typeof error.details?.retryAfterMs === 'number') {
          reply.header('retry-after', Math.max(1, Math.ceil(error.details.retryAfterMs / 1000)))
        }
        return renderVisitor(request, reply, access, status, { reply: { text: typed, error: message } })
      }
      if (!sameSecret(field('csrf'), access.csrf)) return again(403, new AppError('CSRF_TOKEN_INVALID'))
      const count = codePoints(typed)
      if (count > limits.messageTextChars) return again(400, say(lang, 'send.textTooLong', { count, limit: limits.messageTextChars }))

      let text = typed
      let quickReplyResponse: QuickReplyResponse | undefined
      const pressed = field('quick_reply')
      if (pressed !== '') {
        const askedId = field('quick_reply_message_id')
        const recent = ID.test(askedId) ? (await core.listMessages(deps, access.actor, access.conversationId, { limit: VISITOR_PAGE_MESSAGES })).messages : []
        const option = recent.find((m) => m.id === askedId)?.quickReply?.options.find((o) => optionValue(o) === pressed)
        if (!option) return again(400, new AppError('QUICK_REPLY_INVALID'))
        if (typed.trim() === '') text = option.label
        quickReplyResponse = { type: 'options', messageId: askedId, metadata: pressed }
      }
      const clientMessageId = /^[A-Za-z0-9_-]{1,64}$/.test(field('client_message_id')) ? field('client_message_id') : undefined
      try {
        await sendMessage(ctx, { actor: access.actor, isVisitor: true }, access.conversationId, {
          text, ...(quickReplyResponse ? { quickReplyResponse } : {}), ...(clientMessageId ? { clientMessageId } : {}),
        })
      } catch (error) {
        if (error instanceof AppError && error.status < 500) return again(error.status, error)
        throw error
      }
      return reply.redirect(`/messages/visitor/${access.conversationId}#latest`, 303)
    }, { bodyLimit: FORM_BODY_BYTES })

    addPageRoute(scope, 'visitorEmail', async (request, reply) => {
      const lang = langOf(request)
      const body = request.body instanceof URLSearchParams ? request.body : null
      if (!body) throw new AppError('UNSUPPORTED_CONTENT_TYPE')
      const access = await visitorAccess(request, lang)
      if (!access.ok) return sendPage(reply, access.status, access.page)
      const field = (name: PageFormField<'visitorEmail'>) => single(body, name).value
      const email = field('email').trim()
      const again = (status: number, message: string) => renderVisitor(request, reply, access, status, { email: { value: email, error: message } })
      if (!sameSecret(field('csrf'), access.csrf)) return again(403, say(lang, 'send.CSRF_TOKEN_INVALID'))
      const stop = field('stop') !== ''
      if (!stop && (email === '' || codePoints(email) > limits.emailChars || !EMAIL.test(email))) return again(400, say(lang, 'send.emailInvalid'))
      try {
        await core.updateVisitor(deps, access.actor, { email: stop ? null : email })
      } catch (error) {
        if (error instanceof AppError && error.status < 500) return again(error.status, error.message)
        throw error
      }
      return reply.redirect(`/messages/visitor/${access.conversationId}#email-heading`, 303)
    }, { bodyLimit: FORM_BODY_BYTES })

    visitorContinuityRoutes(ctx, {
      scope, visitorAccess, setVisitorCookie, clearVisitorCookie,
      visitorSession: (request) => sessionFrom(request, VISITOR_COOKIE, 'visitor'),
    })
  })
}
