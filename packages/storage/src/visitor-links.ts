import type { Kysely } from 'kysely'
import type { VisitorLinkRecord, VisitorLinkWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const toLink = (r: Row<'visitor_links'>): VisitorLinkRecord => ({
  tokenHash: r.token_hash, accountId: r.account_id, conversationId: r.conversation_id, createdAtMs: Number(r.created_at),
  expiresAtMs: Number(r.expires_at), usedAtMs: r.used_at === null ? null : Number(r.used_at),
})

/** The visitor-links store: links back to a visitor's conversation, each working once. */
export class VisitorLinksRepository implements VisitorLinkWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async byTokenHash(tokenHash: string) {
    const r = await this.db.selectFrom('visitor_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
    return r && toLink(r)
  }

  async insert(link: VisitorLinkRecord) {
    await this.db.insertInto('visitor_links').values({
      token_hash: link.tokenHash, account_id: link.accountId, conversation_id: link.conversationId,
      created_at: link.createdAtMs, expires_at: link.expiresAtMs, used_at: link.usedAtMs,
    }).execute()
  }
  async use(tokenHash: string, atMs: number) {
    const r = await this.db.updateTable('visitor_links').set({ used_at: atMs })
      .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', atMs).executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }
  async removeExpired(beforeMs: number) {
    const r = await this.db.deleteFrom('visitor_links').where('expires_at', '<', beforeMs).executeTakeFirst()
    return Number(r.numDeletedRows)
  }
}
