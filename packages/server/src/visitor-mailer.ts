import nodemailer, { type Transporter } from 'nodemailer'
import { issueVisitorLink, VISITOR_LINK_TTL_MS, type CoreDeps, type EmailNotificationRecord } from '@parloir/core'
import type { MailConfig } from './config.ts'
import { Poller } from './poller.ts'

const BACKOFF_BASE_MS = 30_000
const BACKOFF_MAX_MS = 60 * 60 * 1000

/**
 * Sends the emails that tell visitors a brand answered (queued by core in the transaction of
 * the answer). At least once: an email is marked sent only after the SMTP server accepted it;
 * a failure is retried with exponential backoff, then given up after `maxAttempts`.
 */
export class VisitorMailer {
  readonly #transport: Transporter
  readonly #poller: Poller<void>

  constructor(private readonly deps: CoreDeps, private readonly mail: MailConfig & { smtpUrl: string }) {
    this.#transport = nodemailer.createTransport(mail.smtpUrl)
    this.#poller = new Poller(() => this.#sendDue(), mail.pollMs, (err) => deps.logger.error({ err }, 'visitor email round failed'))
  }

  start(): void { this.#poller.start() }

  /** Sends what is due; one run at a time. */
  tick(): Promise<void> { return this.#poller.tick() }

  async stop(): Promise<void> {
    await this.#poller.stop()
    this.#transport.close()
  }

  async #sendDue(): Promise<void> {
    const now = this.deps.clock.now()
    const due = await this.deps.storage.reads.emailNotifications.due(now, 50)
    for (const notification of due) {
      // A first attempt waits `delayMs` after the answer, so several answers make one email.
      if (notification.attempts === 0 && notification.createdAtMs > now - this.mail.delayMs) continue
      await this.#send(notification)
    }
  }

  async #send(n: EmailNotificationRecord): Promise<void> {
    const { storage, clock, logger } = this.deps
    const [visitor, brand] = await Promise.all([storage.reads.accounts.byId(n.accountId), storage.reads.accounts.byId(n.brandId)])
    if (!visitor?.email || !brand) {
      await storage.transaction((tx) => tx.emailNotifications.update(n.id, { status: 'failed', lastError: 'no address any more' }))
      return
    }
    const page = await storage.reads.messages.list(n.conversationId, visitor.id, { visibleFromSeq: 0, limit: 50 })
    const answers = page.filter((m) => m.senderId === brand.id && m.automation === null && m.unsentAtMs === null && m.createdAtMs >= n.createdAtMs)
    const lines = answers.map((m) => `${m.customProfile?.name ?? brand.displayName}: ${m.text || '(attachment)'}`)
    try {
      // A link for this email alone: it works once, from any browser, for 7 days (core's visitor-links.ts).
      const link = this.mail.publicUrl ? `\n\nContinue the conversation (the link works once, for ${VISITOR_LINK_TTL_MS / 86_400_000} days): ${this.mail.publicUrl}/messages/continue?token=${(await issueVisitorLink(this.deps, { visitorId: visitor.id, conversationId: n.conversationId })).token}` : ''
      await this.#transport.sendMail({
        from: this.mail.from,
        to: visitor.email,
        subject: `${brand.displayName} answered you`,
        text: `${brand.displayName} answered your message.\n\n${lines.join('\n\n')}${link}\n\nYou get this email because you left this address in a conversation with ${brand.displayName}.`,
      })
      await storage.transaction((tx) => tx.emailNotifications.update(n.id, { status: 'sent', sentAtMs: clock.now(), attempts: n.attempts + 1 }))
    } catch (error) {
      const attempts = n.attempts + 1
      const lastError = error instanceof Error ? error.message.slice(0, 500) : 'send failed'
      const giveUp = attempts >= this.mail.maxAttempts
      const backoffMs = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1))
      await storage.transaction((tx) => tx.emailNotifications.update(n.id, {
        attempts, lastError, ...(giveUp ? { status: 'failed' as const } : { nextAttemptAtMs: clock.now() + backoffMs }),
      }))
      logger.warn({ notificationId: n.id, attempts, giveUp }, 'visitor email not sent')
    }
  }
}
