import type { Kysely } from 'kysely'
import type { EmailNotificationRecord, EmailNotificationWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toNotification = (r: Row<'email_notifications'>): EmailNotificationRecord => ({
  id: r.id, accountId: r.account_id, conversationId: r.conversation_id, brandId: r.brand_id, status: r.status,
  attempts: Number(r.attempts), nextAttemptAtMs: Number(r.next_attempt_at), lastError: r.last_error,
  createdAtMs: Number(r.created_at), sentAtMs: r.sent_at === null ? null : Number(r.sent_at),
})

/** The email-notifications store: the outbox of emails telling visitors that a brand answered. */
export class EmailNotificationsRepository implements EmailNotificationWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async pending(accountId: string, conversationId: string) {
    const r = await this.db.selectFrom('email_notifications').selectAll().where('conversation_id', '=', conversationId)
      .where('account_id', '=', accountId).where('status', '=', 'pending').executeTakeFirst()
    return r && toNotification(r)
  }
  async due(nowMs: number, limit: number) {
    const rows = await this.db.selectFrom('email_notifications').selectAll().where('status', '=', 'pending')
      .where('next_attempt_at', '<=', nowMs).orderBy('next_attempt_at').orderBy('id').limit(limit).execute()
    return rows.map(toNotification)
  }

  async insert(n: EmailNotificationRecord) {
    await this.db.insertInto('email_notifications').values({
      id: n.id, account_id: n.accountId, conversation_id: n.conversationId, brand_id: n.brandId, status: n.status,
      attempts: n.attempts, next_attempt_at: n.nextAttemptAtMs, last_error: n.lastError, created_at: n.createdAtMs, sent_at: n.sentAtMs,
    }).execute()
  }
  async update(id: string, patch: Partial<Pick<EmailNotificationRecord, 'status' | 'attempts' | 'nextAttemptAtMs' | 'lastError' | 'sentAtMs'>>) {
    const values: Partial<Database['email_notifications']> = {}
    if (patch.status !== undefined) values.status = patch.status
    if (patch.attempts !== undefined) values.attempts = patch.attempts
    if (patch.nextAttemptAtMs !== undefined) values.next_attempt_at = patch.nextAttemptAtMs
    if (patch.lastError !== undefined) values.last_error = patch.lastError
    if (patch.sentAtMs !== undefined) values.sent_at = patch.sentAtMs
    if (Object.keys(values).length) await this.db.updateTable('email_notifications').set(values).where('id', '=', id).execute()
  }
}
