import type { AwayMessage, ReplyTime, SupportCalendar } from '@parloir/protocol'

export interface BrandMessagingRecord {
  brandId: string
  supportCalendar: SupportCalendar | null
  replyTime: ReplyTime | null
  awayMessage: AwayMessage
  embedOrigins: string[]
  defaultWelcomeMessageId: string | null
  updatedAtMs: number
}

/** A brand's messaging settings: hours, reply time, away message, embedding, default welcome. */
export interface BrandMessagingReads {
  /** A brand's messaging settings, or undefined when never set. */
  forBrand(brandId: string): Promise<BrandMessagingRecord | undefined>
}

export interface BrandMessagingWrites extends BrandMessagingReads {
  /** Writes a brand's settings whole, replacing what was there. */
  upsert(record: BrandMessagingRecord): Promise<void>
}
