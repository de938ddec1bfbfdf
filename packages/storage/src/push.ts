import type { Kysely } from 'kysely'
import type { PendingPushRecord, PushSubscriptionRecord, PushWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toSubscription = (r: Row<'push_subscriptions'>): PushSubscriptionRecord => ({
  id: r.id, accountId: r.account_id, sessionId: r.session_id, endpoint: r.endpoint, p256dh: r.p256dh, auth: r.auth, createdAtMs: Number(r.created_at),
})

const toPending = (r: Row<'pending_pushes'>): PendingPushRecord => ({
  id: r.id, kind: r.kind, brandId: r.brand_id, conversationId: r.conversation_id, recipientId: r.recipient_id, actorId: r.actor_id,
  preview: r.preview, createdAtMs: Number(r.created_at),
})

/** The push store: browsers' Web Push subscriptions, and the pushes waiting to be sent. */
export class PushRepository implements PushWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async subscriptionsOf(accountIds: readonly string[], nowMs: number) {
    if (accountIds.length === 0) return []
    const rows = await this.db.selectFrom('push_subscriptions as p').innerJoin('sessions as s', 's.id', 'p.session_id')
      .selectAll('p').where('p.account_id', 'in', [...accountIds]).where('s.revoked_at', 'is', null).where('s.expires_at', '>', nowMs)
      .orderBy('p.id').execute()
    return rows.map(toSubscription)
  }
  async subscriptionOfSession(sessionId: string) {
    const r = await this.db.selectFrom('push_subscriptions').selectAll().where('session_id', '=', sessionId).executeTakeFirst()
    return r && toSubscription(r)
  }
  async pending(limit: number) {
    const rows = await this.db.selectFrom('pending_pushes').selectAll().orderBy('created_at').orderBy('id').limit(limit).execute()
    return rows.map(toPending)
  }

  async saveSubscription(s: PushSubscriptionRecord) {
    await this.db.deleteFrom('push_subscriptions').where((eb) => eb.or([eb('session_id', '=', s.sessionId), eb('endpoint', '=', s.endpoint)])).execute()
    await this.db.insertInto('push_subscriptions').values({
      id: s.id, account_id: s.accountId, session_id: s.sessionId, endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth, created_at: s.createdAtMs,
    }).execute()
  }
  async removeSessionSubscription(sessionId: string) {
    await this.db.deleteFrom('push_subscriptions').where('session_id', '=', sessionId).execute()
  }
  async removeSubscription(id: string) {
    await this.db.deleteFrom('push_subscriptions').where('id', '=', id).execute()
  }
  async queue(p: PendingPushRecord) {
    await this.db.insertInto('pending_pushes').values({
      id: p.id, kind: p.kind, brand_id: p.brandId, conversation_id: p.conversationId, recipient_id: p.recipientId, actor_id: p.actorId,
      preview: p.preview, created_at: p.createdAtMs,
    }).execute()
  }
  async take(id: string) {
    const result = await this.db.deleteFrom('pending_pushes').where('id', '=', id).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }
}
