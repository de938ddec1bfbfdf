import * as core from '@parloir/core'
import type { FastifyReply } from 'fastify'
import { AppError } from '@parloir/protocol'
import type { ServerContext } from '../context.ts'
import { addRoute } from '../http.ts'
import { addPageRoute } from '../routes/add-page-route.ts'
import { errorPage } from '../pages/error-page.ts'
import { html } from '../pages/html.ts'
import { page, topBar } from '../pages/layout.ts'
import { pickLang, say, type Lang } from '../pages/text.ts'
import { PeopleMailer, peopleMailOf } from './people-mailer.ts'

const mailers = new WeakMap<core.CoreDeps, PeopleMailer>()

/** The people mailer of a built server (tests drive it with `tick()`); undefined without SMTP_URL and PARLOIR_PUBLIC_URL. */
export const peopleMailerOf = (deps: core.CoreDeps): PeopleMailer | undefined => mailers.get(deps)

/** This page's words, from the pages' one catalogue (pages/text.ts, `notify.*`). */
const notifyKeys = ['confirmed', 'confirmedBody', 'invalid', 'invalidBody', 'expired', 'expiredBody', 'unsubscribe', 'unsubscribeBody', 'stop', 'stopped', 'stoppedBody', 'settings'] as const
const sayNotify = (lang: Lang) => Object.fromEntries(notifyKeys.map((key) => [key, say(lang, `notify.${key}`)])) as Record<(typeof notifyKeys)[number], string>

const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : '')

/**
 * How people are told of messages: their settings (the API), and the pages behind the links of
 * their emails (confirm an address, stop the emails), which work without logging in: the token
 * in the link is sealed under the server key. The push worker (push/) tells them by Web Push;
 * the people mailer here sends their emails.
 */
export async function personNotificationRoutes(ctx: ServerContext): Promise<void> {
  const { app, deps, auth, config } = ctx
  const mail = peopleMailOf(config.mail)
  const mailer = mail ? new PeopleMailer(deps, mail) : undefined
  if (mailer) {
    mailers.set(deps, mailer)
    app.addHook('onReady', async () => mailer.start())
    app.addHook('onClose', async () => mailer.stop())
  } else app.log.info('SMTP_URL or PARLOIR_PUBLIC_URL is not set: people cannot turn on email notifications')
  const emailAvailable = mailer !== undefined

  addRoute(app, auth, 'getNotificationSettings', ({ actor }) => core.getNotificationSettings(deps, actor, emailAvailable))
  addRoute(app, auth, 'updateNotificationSettings', async ({ actor, body }) => {
    const { settings, confirm } = await core.updateNotificationSettings(deps, actor, body, emailAvailable)
    if (confirm && mailer) {
      try {
        await mailer.sendConfirmation(confirm.email, confirm.token)
      } catch (error) {
        deps.logger.warn({ err: error }, 'confirmation email not sent')
        throw new AppError('EMAIL_UNAVAILABLE', { reason: 'the mail server did not take the confirmation email; try again later' })
      }
    }
    return settings
  })

  // The links' pages. A GET never stops anything (mail scanners follow links); confirming an address by GET is what the link is for.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body))
  const show = (reply: FastifyReply, lang: Lang, view: { title: string; body: string; status?: number }) =>
    reply.code(view.status ?? 200).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
      .send(errorPage({ lang, title: view.title, lines: [view.body], links: [{ href: '/settings', label: sayNotify(lang).settings }] }).value)

  addPageRoute(app, 'notificationEmailConfirm', async (request, reply) => {
    const lang = pickLang(request.headers['accept-language'])
    const outcome = await core.confirmNotificationEmail(deps, one(request.query.token))
    const t = sayNotify(lang)
    if (outcome === 'confirmed') return show(reply, lang, { title: t.confirmed, body: t.confirmedBody })
    return show(reply, lang, outcome === 'expired' ? { title: t.expired, body: t.expiredBody, status: 410 } : { title: t.invalid, body: t.invalidBody, status: 400 })
  })
  addPageRoute(app, 'notificationUnsubscribePage', async (request, reply) => {
    const lang = pickLang(request.headers['accept-language'])
    const t = sayNotify(lang)
    const token = one(request.query.token)
    const body = html`${topBar(lang)}
<main class="pg-main">
<article class="pg-card pg-card--message">
<h1 class="pg-title">${t.unsubscribe}</h1>
<p>${t.unsubscribeBody}</p>
<form method="post" action="/notifications/unsubscribe?token=${encodeURIComponent(token)}" class="pg-actions"><button class="pg-send" type="submit">${t.stop}</button></form>
</article>
</main>`
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(page(lang, t.unsubscribe, body).value)
  })
  addPageRoute(app, 'notificationUnsubscribe', async (request, reply) => {
    const lang = pickLang(request.headers['accept-language'])
    const t = sayNotify(lang)
    const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '')
    const ok = await core.unsubscribeNotificationEmails(deps, one(request.query.token) || (form.get('token') ?? ''))
    return show(reply, lang, ok ? { title: t.stopped, body: t.stoppedBody } : { title: t.invalid, body: t.invalidBody, status: 400 })
  })
}
