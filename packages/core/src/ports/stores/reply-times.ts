/**
 * Where a first answer falls: "a few minutes" (≤ 15 min), "an hour", "a few hours" (≤ 6 h),
 * "a day", or slower than that.
 */
export type ReplyTimeBucket = 'minutes' | 'hour' | 'hours' | 'day' | 'slower'

/** How fast a brand's team answers customers who wait, counted per day and bucket. */
export interface ReplyTimeReads {
  /** The answers counted for a brand from `sinceDay` (days since 1970, UTC) on, by bucket; buckets without any are left out. */
  since(brandId: string, sinceDay: number): Promise<Array<{ bucket: ReplyTimeBucket; answers: number }>>
}

export interface ReplyTimeWrites extends ReplyTimeReads {
  /** Counts one answer that ended a wait, on its day and in its bucket. */
  count(brandId: string, day: number, bucket: ReplyTimeBucket): Promise<void>
}
