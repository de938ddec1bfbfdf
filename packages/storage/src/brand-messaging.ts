import type {
  AutomationKind, AutomationLogRecord, BrandMessagingRecord, CustomProfileRecord, KeywordRuleRecord, WelcomeMessageRecord,
} from '@parloir/core'
import type { AwayMessage } from '@parloir/protocol'
import type { Database } from './schema.ts'
import { json, type Row } from './json-columns.ts'
import { EmailNotificationsRepository } from './email-notifications.ts'

const toBrandMessaging = (r: Row<'brand_messaging'>): BrandMessagingRecord => ({
  brandId: r.brand_id, supportCalendar: json(r.support_calendar), replyTime: r.reply_time as BrandMessagingRecord['replyTime'],
  awayMessage: JSON.parse(r.away_message) as AwayMessage, embedOrigins: JSON.parse(r.embed_origins) as string[],
  defaultWelcomeMessageId: r.default_welcome_message_id, updatedAtMs: Number(r.updated_at),
})
const toWelcomeMessage = (r: Row<'welcome_messages'>): WelcomeMessageRecord => ({
  id: r.id, brandId: r.brand_id, name: r.name, text: r.text, entities: JSON.parse(r.entities), quickReply: json(r.quick_reply),
  buttons: JSON.parse(r.buttons), mediaId: r.media_id, createdAtMs: Number(r.created_at), updatedAtMs: Number(r.updated_at),
})
const toKeywordRule = (r: Row<'keyword_rules'>): KeywordRuleRecord => ({
  id: r.id, brandId: r.brand_id, keywords: JSON.parse(r.keywords) as string[], replyText: r.reply_text, quickReply: json(r.quick_reply),
  enabled: Number(r.enabled) === 1, createdAtMs: Number(r.created_at),
})
const toCustomProfile = (r: Row<'custom_profiles'>): CustomProfileRecord => ({
  id: r.id, brandId: r.brand_id, name: r.name, avatarMediaId: r.avatar_media_id, createdAtMs: Number(r.created_at),
})

/**
 * The brand-messaging part of the storage port: welcome messages, keyword rules, custom
 * profiles, messaging settings and the automation log. `Repository` extends it.
 */
export class BrandMessagingRepository extends EmailNotificationsRepository {

  /** Avatars, welcome-message media and custom-profile avatars are public. */
  protected async isPublicMedia(mediaId: string): Promise<boolean> {
    const found = await this.db.selectFrom('accounts').select('id').where('avatar_media_id', '=', mediaId)
      .union(this.db.selectFrom('welcome_messages').select('id').where('media_id', '=', mediaId))
      .union(this.db.selectFrom('custom_profiles').select('id').where('avatar_media_id', '=', mediaId))
      .executeTakeFirst()
    return found !== undefined
  }

  async brandMessaging(brandId: string) {
    const r = await this.db.selectFrom('brand_messaging').selectAll().where('brand_id', '=', brandId).executeTakeFirst()
    return r && toBrandMessaging(r)
  }
  async welcomeMessages(brandId: string) {
    const rows = await this.db.selectFrom('welcome_messages').selectAll().where('brand_id', '=', brandId).orderBy('created_at').orderBy('id').execute()
    return rows.map(toWelcomeMessage)
  }
  async welcomeMessageById(id: string) {
    const r = await this.db.selectFrom('welcome_messages').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toWelcomeMessage(r)
  }
  async keywordRules(brandId: string) {
    const rows = await this.db.selectFrom('keyword_rules').selectAll().where('brand_id', '=', brandId).orderBy('created_at').orderBy('id').execute()
    return rows.map(toKeywordRule)
  }
  async keywordRuleById(id: string) {
    const r = await this.db.selectFrom('keyword_rules').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toKeywordRule(r)
  }
  async customProfiles(brandId: string) {
    const rows = await this.db.selectFrom('custom_profiles').selectAll().where('brand_id', '=', brandId).orderBy('created_at').orderBy('id').execute()
    return rows.map(toCustomProfile)
  }
  async customProfileById(id: string) {
    const r = await this.db.selectFrom('custom_profiles').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toCustomProfile(r)
  }
  async automationCount(query: { brandId: string; sinceMs: number; conversationId?: string; kind?: AutomationKind; countedOnly?: boolean }) {
    let q = this.db.selectFrom('automation_log').select((eb) => eb.fn.countAll().as('n'))
      .where('brand_id', '=', query.brandId).where('at', '>', query.sinceMs)
    if (query.conversationId !== undefined) q = q.where('conversation_id', '=', query.conversationId)
    if (query.kind !== undefined) q = q.where('kind', '=', query.kind)
    if (query.countedOnly) q = q.where('counted', '=', 1)
    const r = await q.executeTakeFirst()
    return Number(r?.n ?? 0)
  }

  async upsertBrandMessaging(m: BrandMessagingRecord) {
    const values = {
      support_calendar: m.supportCalendar && JSON.stringify(m.supportCalendar), reply_time: m.replyTime,
      away_message: JSON.stringify(m.awayMessage), embed_origins: JSON.stringify(m.embedOrigins),
      default_welcome_message_id: m.defaultWelcomeMessageId, updated_at: m.updatedAtMs,
    }
    await this.db.insertInto('brand_messaging').values({ brand_id: m.brandId, ...values })
      .onConflict((oc) => oc.column('brand_id').doUpdateSet(values)).execute()
  }
  async insertWelcomeMessage(w: WelcomeMessageRecord) {
    await this.db.insertInto('welcome_messages').values({
      id: w.id, brand_id: w.brandId, name: w.name, text: w.text, entities: JSON.stringify(w.entities),
      quick_reply: w.quickReply && JSON.stringify(w.quickReply), buttons: JSON.stringify(w.buttons), media_id: w.mediaId,
      created_at: w.createdAtMs, updated_at: w.updatedAtMs,
    }).execute()
  }
  async updateWelcomeMessage(id: string, patch: Partial<Omit<WelcomeMessageRecord, 'id' | 'brandId' | 'createdAtMs'>>) {
    const values: Partial<Database['welcome_messages']> = {}
    if (patch.name !== undefined) values.name = patch.name
    if (patch.text !== undefined) values.text = patch.text
    if (patch.entities !== undefined) values.entities = JSON.stringify(patch.entities)
    if (patch.quickReply !== undefined) values.quick_reply = patch.quickReply && JSON.stringify(patch.quickReply)
    if (patch.buttons !== undefined) values.buttons = JSON.stringify(patch.buttons)
    if (patch.mediaId !== undefined) values.media_id = patch.mediaId
    if (patch.updatedAtMs !== undefined) values.updated_at = patch.updatedAtMs
    if (Object.keys(values).length) await this.db.updateTable('welcome_messages').set(values).where('id', '=', id).execute()
  }
  async deleteWelcomeMessage(id: string) {
    await this.db.deleteFrom('welcome_messages').where('id', '=', id).execute()
  }
  async insertKeywordRule(k: KeywordRuleRecord) {
    await this.db.insertInto('keyword_rules').values({
      id: k.id, brand_id: k.brandId, keywords: JSON.stringify(k.keywords), reply_text: k.replyText,
      quick_reply: k.quickReply && JSON.stringify(k.quickReply), enabled: k.enabled ? 1 : 0, created_at: k.createdAtMs,
    }).execute()
  }
  async updateKeywordRule(id: string, patch: Partial<Omit<KeywordRuleRecord, 'id' | 'brandId' | 'createdAtMs'>>) {
    const values: Partial<Database['keyword_rules']> = {}
    if (patch.keywords !== undefined) values.keywords = JSON.stringify(patch.keywords)
    if (patch.replyText !== undefined) values.reply_text = patch.replyText
    if (patch.quickReply !== undefined) values.quick_reply = patch.quickReply && JSON.stringify(patch.quickReply)
    if (patch.enabled !== undefined) values.enabled = patch.enabled ? 1 : 0
    if (Object.keys(values).length) await this.db.updateTable('keyword_rules').set(values).where('id', '=', id).execute()
  }
  async deleteKeywordRule(id: string) {
    await this.db.deleteFrom('keyword_rules').where('id', '=', id).execute()
  }
  async insertCustomProfile(c: CustomProfileRecord) {
    await this.db.insertInto('custom_profiles').values({
      id: c.id, brand_id: c.brandId, name: c.name, avatar_media_id: c.avatarMediaId, created_at: c.createdAtMs,
    }).execute()
  }
  async deleteCustomProfile(id: string) {
    await this.db.deleteFrom('custom_profiles').where('id', '=', id).execute()
  }
  async insertAutomationLog(a: AutomationLogRecord) {
    await this.db.insertInto('automation_log').values({
      id: a.id, brand_id: a.brandId, conversation_id: a.conversationId, kind: a.kind, counted: a.counted ? 1 : 0, at: a.atMs,
    }).execute()
  }
}
