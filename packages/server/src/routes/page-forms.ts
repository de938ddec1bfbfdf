import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Account } from '@parloir/protocol'
import type { Actor } from '@parloir/core'
import type { SafeHtml } from '../pages/html.ts'
import { pageHeaders } from '../pages/layout.ts'
import { errorPage } from '../pages/error-page.ts'
import { pickLang, say } from '../pages/text.ts'
import { toAppError } from '../errors.ts'

/** What the server-rendered pages share: reading a form or query by hand, answering with a page. */

export type Query = Record<string, string | string[] | undefined>

/** Who a visitor page's cookie says is there: the visitor of this conversation, or the page that says why not. */
export type VisitorAccess =
  | { ok: true; actor: Actor; csrf: string; conversationId: string; brand: Account }
  | { ok: false; status: number; page: SafeHtml }

/** The first value of a form or query field; a repeated field is reported, an absent one is ''. */
export function single(source: Query | URLSearchParams, name: string): { value: string; repeated: boolean } {
  if (source instanceof URLSearchParams) {
    const all = source.getAll(name)
    return { value: all[0] ?? '', repeated: all.length > 1 }
  }
  const raw = source[name]
  if (Array.isArray(raw)) return { value: raw[0] ?? '', repeated: true }
  return { value: raw ?? '', repeated: false }
}

/** Compares a secret sent in a form with the one expected, in constant time. */
export function sameSecret(sent: string, expected: string): boolean {
  const a = Buffer.from(sent)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * A form sent from another site, for a form that has no session to hold a CSRF token (the email
 * link's page): the browser's `Sec-Fetch-Site` when it sends one (anything but `same-origin` is
 * refused), and an `Origin` that is not this server's. A POST with neither comes from a browser too
 * old to send them (or from no browser): it is taken, as there is nothing to judge it by.
 */
export function crossSite(request: FastifyRequest, ownOrigin: string): boolean {
  const site = request.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true
  const origin = request.headers.origin
  return origin !== undefined && origin !== ownOrigin
}

/** Answers with a page, under the pages' headers (and any the page adds, such as a stricter referrer policy). */
export function sendPage(reply: FastifyReply, status: number, body: SafeHtml, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(status).headers({ ...pageHeaders, ...headers }).type('text/html; charset=utf-8').send(body.value)
}

/** The pages' error handler: anything a page route throws becomes a page a person can read, in place of the API's JSON. */
export function pageErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = toAppError(error)
  const status = known?.status ?? 500
  if (status >= 500) request.log.error({ err: error }, known ? 'request failed' : 'unexpected error')
  const lang = pickLang(request.headers['accept-language'])
  const retryAfterMs = known?.details?.retryAfterMs
  if (known?.code === 'RATE_LIMITED' && typeof retryAfterMs === 'number') reply.header('retry-after', Math.max(1, Math.ceil(retryAfterMs / 1000)))
  const message = known && status < 500 ? known.message : `Something went wrong on our side (request ${request.id}). Please try again.`
  return sendPage(reply, status, errorPage({ lang, title: say(lang, 'error.title'), lines: [message], links: [] }))
}
