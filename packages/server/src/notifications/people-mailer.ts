import nodemailer, { type Transporter } from 'nodemailer'
import { conversationPath } from '@parloir/protocol'
import { emailDigestFor, markNotificationEmailSent, type CoreDeps, type EmailedConversation } from '@parloir/core'
import type { MailConfig } from '../config.ts'
import { escapeHtml } from '../pages/html.ts'
import { Poller } from '../poller.ts'

/** The mail settings people's emails need: a server to send through and a public URL for their links. */
export type PeopleMailConfig = MailConfig & { smtpUrl: string; publicUrl: string }

/** Email for people can work: SMTP_URL and PARLOIR_PUBLIC_URL are both set (the links must be absolute). */
export const peopleMailOf = (mail: MailConfig): PeopleMailConfig | null =>
  (mail.smtpUrl !== null && mail.publicUrl !== null ? { ...mail, smtpUrl: mail.smtpUrl, publicUrl: mail.publicUrl } : null)

/**
 * The emails people get: the link that confirms their address, and the notification emails they
 * opted in to. A notification email lists the conversations with unread messages and how many,
 * never a message's text (nor a note's: notes are not messages); at most one per person in
 * `personWindowMs`, the first `delayMs` after the message, none during their quiet hours (it waits
 * for their end). The wait is taken before sending, so two processes never send it twice; a
 * failed send puts it back for the next round. Every email carries a signed unsubscribe link that
 * works without logging in, and the List-Unsubscribe headers for one-click unsubscribe (RFC 8058).
 */
export class PeopleMailer {
  readonly #transport: Transporter
  readonly #poller: Poller<number>

  constructor(private readonly deps: CoreDeps, private readonly mail: PeopleMailConfig) {
    this.#transport = nodemailer.createTransport(mail.smtpUrl)
    this.#poller = new Poller(() => this.#sendDue(), mail.pollMs, (err) => deps.logger.error({ err }, 'people email round failed'))
  }

  start(): void { this.#poller.start() }

  /** Sends the notification emails that are due; one run at a time. Resolves with how many went out. */
  tick(): Promise<number> { return this.#poller.tick() }

  async stop(): Promise<void> {
    await this.#poller.stop()
    this.#transport.close()
  }

  /** Sends the link that confirms an address. Throws when the mail server refuses it. */
  async sendConfirmation(to: string, token: string): Promise<void> {
    const link = `${this.mail.publicUrl}/notifications/confirm?token=${encodeURIComponent(token)}`
    await this.#transport.sendMail({
      from: this.mail.from, to,
      subject: 'Confirm your address for Parloir notifications',
      text: `Someone (you, we hope) asked Parloir to send notifications to this address.\n\nConfirm it: ${link}\n\nThe link works for 3 days. If it was not you, ignore this email: nothing will be sent.`,
    })
  }

  async #sendDue(): Promise<number> {
    const { storage, logger } = this.deps
    let sent = 0
    for (const wait of await storage.reads.personNotifications.emailsWaiting(200)) {
      const digest = await emailDigestFor(this.deps, wait, { delayMs: this.mail.delayMs, windowMs: this.mail.personWindowMs })
      if ('sendAtMs' in digest) continue
      if (!(await storage.transaction((tx) => tx.personNotifications.endEmailWait(wait.accountId)))) continue
      if (digest.conversations.length === 0) continue
      try {
        await this.#transport.sendMail(this.#compose(digest))
        await markNotificationEmailSent(this.deps, wait.accountId)
        sent++
      } catch (error) {
        await storage.transaction((tx) => tx.personNotifications.awaitEmail(wait.accountId, wait.sinceMs))
        logger.warn({ accountId: wait.accountId, err: error }, 'notification email not sent; next round retries')
      }
    }
    return sent
  }

  #compose(digest: { to: string; unsubscribeToken: string; conversations: EmailedConversation[]; more: number }) {
    const { publicUrl, from } = this.mail
    const unsubscribe = `${publicUrl}/notifications/unsubscribe?token=${encodeURIComponent(digest.unsubscribeToken)}`
    const total = digest.conversations.reduce((n, c) => n + c.unread, 0)
    const count = (n: number) => (n === 1 ? '1 unread message' : `${n} unread messages`)
    const subject = digest.conversations.length === 1 ? `${count(total)} from ${digest.conversations[0]!.title}` : `${count(total)} in ${digest.conversations.length} conversations`
    const more = digest.more > 0 ? `And ${digest.more} more conversation${digest.more === 1 ? '' : 's'}.` : ''
    const text = [
      'You have unread messages on Parloir:', '',
      ...digest.conversations.map((c) => `- ${c.title}: ${count(c.unread)}\n  ${publicUrl}${conversationPath(c.conversationId)}`),
      ...(more ? ['', more] : []), '',
      `You get this email because you turned on email notifications. Stop them: ${unsubscribe}`,
    ].join('\n')
    const e = escapeHtml
    // A phone's mail app lays it out at its own width (the viewport), in Parloir's green; inline styles only.
    const htmlBody = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.4;color:#1d1d1f;max-width:560px;margin:24px auto;padding:0 16px">
<p style="font-size:18px;font-weight:600">You have unread messages on Parloir</p>
<ul style="list-style:none;padding:0">${digest.conversations.map((c) => `<li style="margin:0 0 12px"><a href="${e(publicUrl + conversationPath(c.conversationId))}" style="color:#2f5d50;font-weight:600">${e(c.title)}</a><br><span style="color:#555">${e(count(c.unread))}</span></li>`).join('')}</ul>
${more ? `<p>${e(more)}</p>` : ''}
<p style="color:#666;font-size:13px;border-top:1px solid #ddd;padding-top:12px">You get this email because you turned on email notifications. <a href="${e(unsubscribe)}" style="color:#666">Stop these emails</a></p>
</body></html>`
    return {
      from, to: digest.to, subject, text, html: htmlBody,
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    }
  }
}
