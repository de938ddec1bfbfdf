import type { Kysely } from 'kysely'
import type { KeywordRuleRecord, KeywordRuleWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import { json, type Row } from './json-columns.ts'

const toKeywordRule = (r: Row<'keyword_rules'>): KeywordRuleRecord => ({
  id: r.id, brandId: r.brand_id, keywords: JSON.parse(r.keywords) as string[], replyText: r.reply_text, quickReply: json(r.quick_reply),
  enabled: Number(r.enabled) === 1, createdAtMs: Number(r.created_at),
})

/** The keyword-rules store. */
export class KeywordRulesRepository implements KeywordRuleWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async forBrand(brandId: string) {
    const rows = await this.db.selectFrom('keyword_rules').selectAll().where('brand_id', '=', brandId).orderBy('created_at').orderBy('id').execute()
    return rows.map(toKeywordRule)
  }
  async byId(id: string) {
    const r = await this.db.selectFrom('keyword_rules').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toKeywordRule(r)
  }

  async insert(k: KeywordRuleRecord) {
    await this.db.insertInto('keyword_rules').values({
      id: k.id, brand_id: k.brandId, keywords: JSON.stringify(k.keywords), reply_text: k.replyText,
      quick_reply: k.quickReply && JSON.stringify(k.quickReply), enabled: k.enabled ? 1 : 0, created_at: k.createdAtMs,
    }).execute()
  }
  async update(id: string, patch: Partial<Omit<KeywordRuleRecord, 'id' | 'brandId' | 'createdAtMs'>>) {
    const values: Partial<Database['keyword_rules']> = {}
    if (patch.keywords !== undefined) values.keywords = JSON.stringify(patch.keywords)
    if (patch.replyText !== undefined) values.reply_text = patch.replyText
    if (patch.quickReply !== undefined) values.quick_reply = patch.quickReply && JSON.stringify(patch.quickReply)
    if (patch.enabled !== undefined) values.enabled = patch.enabled ? 1 : 0
    if (Object.keys(values).length) await this.db.updateTable('keyword_rules').set(values).where('id', '=', id).execute()
  }
  async delete(id: string) {
    await this.db.deleteFrom('keyword_rules').where('id', '=', id).execute()
  }
}
