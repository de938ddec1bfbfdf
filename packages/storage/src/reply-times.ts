import { sql, type Kysely } from 'kysely'
import type { ReplyTimeBucket, ReplyTimeWrites } from '@parloir/core'
import type { Database } from './schema.ts'

/** The reply-times store: per brand, day and bucket, how many waits an answer ended (migration 0023). */
export class ReplyTimesRepository implements ReplyTimeWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async since(brandId: string, sinceDay: number) {
    const rows = await this.db.selectFrom('brand_reply_times').select((eb) => ['bucket', eb.fn.sum<number | string>('answers').as('answers')])
      .where('brand_id', '=', brandId).where('day', '>=', sinceDay).groupBy('bucket').execute()
    return rows.map((r) => ({ bucket: r.bucket as ReplyTimeBucket, answers: Number(r.answers) })).filter((r) => r.answers > 0)
  }

  async count(brandId: string, day: number, bucket: ReplyTimeBucket) {
    await this.db.insertInto('brand_reply_times').values({ brand_id: brandId, day, bucket, answers: 1 })
      .onConflict((oc) => oc.columns(['brand_id', 'day', 'bucket']).doUpdateSet({ answers: sql`brand_reply_times.answers + 1` })).execute()
  }
}
