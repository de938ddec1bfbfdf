import type { Kysely } from 'kysely'
import type { SessionRecord, SessionWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toSession = (r: Row<'sessions'>): SessionRecord => ({
  id: r.id, accountId: r.account_id, tokenHash: r.token_hash, csrfToken: r.csrf_token, userAgent: r.user_agent,
  createdAtMs: Number(r.created_at), lastSeenAtMs: Number(r.last_seen_at), expiresAtMs: Number(r.expires_at),
  revokedAtMs: r.revoked_at === null ? null : Number(r.revoked_at),
})

/** The sessions store. */
export class SessionsRepository implements SessionWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async byTokenHash(tokenHash: string) {
    const r = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
    return r && toSession(r)
  }
  async byId(id: string) {
    const r = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toSession(r)
  }
  async openOf(accountId: string, nowMs: number) {
    const rows = await this.db.selectFrom('sessions').selectAll().where('account_id', '=', accountId)
      .where('revoked_at', 'is', null).where('expires_at', '>', nowMs).orderBy('created_at', 'desc').execute()
    return rows.map(toSession)
  }

  async insert(s: SessionRecord) {
    await this.db.insertInto('sessions').values({
      id: s.id, account_id: s.accountId, token_hash: s.tokenHash, csrf_token: s.csrfToken, user_agent: s.userAgent,
      created_at: s.createdAtMs, last_seen_at: s.lastSeenAtMs, expires_at: s.expiresAtMs, revoked_at: s.revokedAtMs,
    }).execute()
  }
  async touch(id: string, lastSeenAtMs: number) {
    await this.db.updateTable('sessions').set({ last_seen_at: lastSeenAtMs }).where('id', '=', id).execute()
  }
  async revoke(id: string, atMs: number) {
    await this.db.updateTable('sessions').set({ revoked_at: atMs }).where('id', '=', id).where('revoked_at', 'is', null).execute()
  }
}
