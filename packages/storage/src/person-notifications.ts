import type { Kysely } from 'kysely'
import type { PendingPersonNotificationRecord, PersonNotificationSettingsRecord, PersonNotificationWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const orNull = (v: number | string | null) => (v === null ? null : Number(v))

const toSettings = (r: Row<'person_notification_settings'>): PersonNotificationSettingsRecord => ({
  accountId: r.account_id, showPreviews: Number(r.show_previews) === 1, email: r.email, emailConfirmedAtMs: orNull(r.email_confirmed_at),
  emailEnabled: Number(r.email_enabled) === 1, quietStartMin: orNull(r.quiet_start_min), quietEndMin: orNull(r.quiet_end_min),
  timeZone: r.time_zone, emailLastSentAtMs: orNull(r.email_last_sent_at),
})

const toPending = (r: Row<'pending_person_notifications'>): PendingPersonNotificationRecord => ({
  id: r.id, recipientId: r.recipient_id, conversationId: r.conversation_id, messageId: r.message_id, createdAtMs: Number(r.created_at),
})

/** People's notification settings, the streams each process holds, queued notifications and email waits. */
export class PersonNotificationsRepository implements PersonNotificationWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async settingsOf(accountId: string) {
    const r = await this.db.selectFrom('person_notification_settings').selectAll().where('account_id', '=', accountId).executeTakeFirst()
    return r && toSettings(r)
  }
  async connected(accountId: string, nowMs: number) {
    const r = await this.db.selectFrom('person_streams').select('node_id').where('account_id', '=', accountId).where('open_until', '>', nowMs).limit(1).executeTakeFirst()
    return r !== undefined
  }
  async due(createdBeforeMs: number, limit: number) {
    const rows = await this.db.selectFrom('pending_person_notifications').selectAll().where('created_at', '<=', createdBeforeMs)
      .orderBy('created_at').orderBy('id').limit(limit).execute()
    return rows.map(toPending)
  }
  async emailsWaiting(limit: number) {
    const rows = await this.db.selectFrom('person_email_waits').selectAll().orderBy('since').orderBy('account_id').limit(limit).execute()
    return rows.map((r) => ({ accountId: r.account_id, sinceMs: Number(r.since) }))
  }

  async saveSettings(s: PersonNotificationSettingsRecord) {
    const values = {
      show_previews: s.showPreviews ? 1 : 0, email: s.email, email_confirmed_at: s.emailConfirmedAtMs, email_enabled: s.emailEnabled ? 1 : 0,
      quiet_start_min: s.quietStartMin, quiet_end_min: s.quietEndMin, time_zone: s.timeZone, email_last_sent_at: s.emailLastSentAtMs,
    }
    await this.db.insertInto('person_notification_settings').values({ account_id: s.accountId, ...values })
      .onConflict((oc) => oc.column('account_id').doUpdateSet(values)).execute()
  }
  async holdStreams(nodeId: string, accountIds: readonly string[], untilMs: number) {
    const ids = [...new Set(accountIds)]
    for (let i = 0; i < ids.length; i += 500) {
      await this.db.insertInto('person_streams').values(ids.slice(i, i + 500).map((accountId) => ({ account_id: accountId, node_id: nodeId, open_until: untilMs })))
        .onConflict((oc) => oc.columns(['account_id', 'node_id']).doUpdateSet({ open_until: untilMs })).execute()
    }
  }
  async releaseStream(nodeId: string, accountId: string) {
    await this.db.deleteFrom('person_streams').where('account_id', '=', accountId).where('node_id', '=', nodeId).execute()
  }
  async queue(p: PendingPersonNotificationRecord) {
    await this.db.insertInto('pending_person_notifications').values({
      id: p.id, recipient_id: p.recipientId, conversation_id: p.conversationId, message_id: p.messageId, created_at: p.createdAtMs,
    }).execute()
  }
  async take(id: string) {
    const result = await this.db.deleteFrom('pending_person_notifications').where('id', '=', id).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }
  async awaitEmail(accountId: string, sinceMs: number) {
    await this.db.insertInto('person_email_waits').values({ account_id: accountId, since: sinceMs })
      .onConflict((oc) => oc.column('account_id').doNothing()).execute()
  }
  async endEmailWait(accountId: string) {
    const result = await this.db.deleteFrom('person_email_waits').where('account_id', '=', accountId).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }
}
