import type { Kysely } from 'kysely'
import type { AwayMessage } from '@parloir/protocol'
import type { BrandMessagingRecord, BrandMessagingWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import { json, type Row } from './json-columns.ts'

const toBrandMessaging = (r: Row<'brand_messaging'>): BrandMessagingRecord => ({
  brandId: r.brand_id, supportCalendar: json(r.support_calendar), replyTime: r.reply_time as BrandMessagingRecord['replyTime'],
  awayMessage: JSON.parse(r.away_message) as AwayMessage, embedOrigins: JSON.parse(r.embed_origins) as string[],
  defaultWelcomeMessageId: r.default_welcome_message_id, updatedAtMs: Number(r.updated_at),
})

/** The brand-messaging store: a brand's messaging settings. */
export class BrandMessagingRepository implements BrandMessagingWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async forBrand(brandId: string) {
    const r = await this.db.selectFrom('brand_messaging').selectAll().where('brand_id', '=', brandId).executeTakeFirst()
    return r && toBrandMessaging(r)
  }

  async upsert(m: BrandMessagingRecord) {
    const values = {
      support_calendar: m.supportCalendar && JSON.stringify(m.supportCalendar), reply_time: m.replyTime,
      away_message: JSON.stringify(m.awayMessage), embed_origins: JSON.stringify(m.embedOrigins),
      default_welcome_message_id: m.defaultWelcomeMessageId, updated_at: m.updatedAtMs,
    }
    await this.db.insertInto('brand_messaging').values({ brand_id: m.brandId, ...values })
      .onConflict((oc) => oc.column('brand_id').doUpdateSet(values)).execute()
  }
}
