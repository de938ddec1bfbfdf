import { Type, type Static } from '@sinclair/typebox'
import { defaultLimits as L } from './limits.ts'
import { Account, Button, Entities, Id, Media, Nullable, QuickReply, Timestamp } from './models.ts'

const strict = { additionalProperties: false } as const

/** Local wall-clock time; an end of `24:00` closes at midnight. */
const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$', description: 'HH:MM local time' })
const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD in the calendar\'s time zone' })

export const Shift = Type.Object({ start: ClockTime, end: ClockTime }, {
  ...strict, description: 'An end at or before the start runs overnight into the next day',
})
export type Shift = Static<typeof Shift>

const DayShifts = Type.Array(Shift, { maxItems: L.shiftsPerDay })
export const SupportCalendar = Type.Object({
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Paris' }),
  weekly: Type.Object({
    monday: DayShifts, tuesday: DayShifts, wednesday: DayShifts, thursday: DayShifts,
    friday: DayShifts, saturday: DayShifts, sunday: DayShifts,
  }, { ...strict, description: 'Several shifts a day are split shifts' }),
  holidays: Type.Array(Type.Object({ date: LocalDate, name: Type.Optional(Type.String({ maxLength: L.holidayNameChars })) }, strict), {
    maxItems: L.calendarDatedEntries, description: 'No shift starts on these dates',
  }),
  exceptions: Type.Array(Type.Object({ date: LocalDate, shifts: DayShifts }, strict), {
    maxItems: L.calendarDatedEntries, description: 'These shifts replace the weekly ones on that date',
  }),
}, strict)
export type SupportCalendar = Static<typeof SupportCalendar>

export const ReplyTime = Type.Union([Type.Literal('minutes'), Type.Literal('hour'), Type.Literal('hours'), Type.Literal('day')], {
  description: '"Usually answers within a few minutes / an hour / a few hours / a day"',
})
export type ReplyTime = Static<typeof ReplyTime>

export const Origin = Type.String({ maxLength: 255, pattern: '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$', description: 'scheme://host[:port], no path' })

export const AwayMessage = Type.Object({
  enabled: Type.Boolean(),
  text: Type.String({ maxLength: L.messageTextChars }),
}, { ...strict, description: 'Sent outside support hours, at most once per conversation per 12 h, only in answer to a person' })
export type AwayMessage = Static<typeof AwayMessage>

/** What a brand's admins set for messaging; data, not server config. */
export const BrandMessaging = Type.Object({
  supportCalendar: Nullable(SupportCalendar),
  replyTime: Nullable(ReplyTime),
  awayMessage: AwayMessage,
  embedOrigins: Type.Array(Origin, { maxItems: L.embedOrigins, uniqueItems: true, description: 'Sites allowed to embed the in-page chat' }),
})
export type BrandMessaging = Static<typeof BrandMessaging>

/** What anyone may know of a brand's support: the badge, the hours, the answer time. */
export const SupportStatus = Type.Object({
  providesSupport: Type.Boolean({ description: 'The brand publishes support hours: the "Provides support" badge' }),
  openNow: Type.Boolean(),
  nextChangeAt: Nullable(Timestamp),
  replyTime: Nullable(ReplyTime),
  usualReplyTime: Nullable(Type.Union([Type.Literal('minutes'), Type.Literal('hour'), Type.Literal('hours'), Type.Literal('day')], {
    description: 'How fast the team actually answers: the median wait its answers ended over the last 30 days, bucketed; ' +
      'null below 5 answers or slower than a day. Shown in preference to replyTime, which the brand declares',
  })),
  calendar: Nullable(SupportCalendar),
})
export type SupportStatus = Static<typeof SupportStatus>

export const WelcomeMessageInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: L.welcomeMessageNameChars, description: 'For the team only' }),
  text: Type.String({ maxLength: L.messageTextChars }),
  quickReply: Type.Optional(Nullable(QuickReply)),
  buttons: Type.Optional(Type.Array(Button, { maxItems: L.buttonsMax })),
  mediaId: Type.Optional(Nullable(Id)),
  isDefault: Type.Optional(Type.Boolean({ description: 'The one shown when a conversation with the brand opens' })),
}, strict)
export type WelcomeMessageInput = Static<typeof WelcomeMessageInput>

export const WelcomeMessage = Type.Object({
  id: Id,
  brandId: Id,
  name: Type.String(),
  text: Type.String(),
  entities: Entities,
  quickReply: Nullable(QuickReply),
  buttons: Type.Array(Button),
  attachment: Nullable(Media),
  isDefault: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type WelcomeMessage = Static<typeof WelcomeMessage>

export const KeywordRuleInput = Type.Object({
  keywords: Type.Array(Type.String({ minLength: 1, maxLength: L.keywordChars }), { minItems: 1, maxItems: L.keywordsPerRule }),
  replyText: Type.String({ minLength: 1, maxLength: L.messageTextChars }),
  quickReply: Type.Optional(Nullable(QuickReply)),
  enabled: Type.Optional(Type.Boolean()),
}, strict)
export type KeywordRuleInput = Static<typeof KeywordRuleInput>

export const KeywordRule = Type.Object({
  id: Id,
  brandId: Id,
  keywords: Type.Array(Type.String()),
  replyText: Type.String(),
  quickReply: Nullable(QuickReply),
  enabled: Type.Boolean(),
  createdAt: Timestamp,
}, { description: 'Matches whole words or phrases, ignoring case and accents; the oldest matching rule answers' })
export type KeywordRule = Static<typeof KeywordRule>

export const CustomProfile = Type.Object({
  id: Id,
  brandId: Id,
  name: Type.String(),
  avatarUrl: Nullable(Type.String()),
  createdAt: Timestamp,
})
export type CustomProfile = Static<typeof CustomProfile>

export const BrandCard = Type.Object({
  brand: Account,
  support: SupportStatus,
  welcomeMessage: Nullable(WelcomeMessage),
}, { description: "A brand's public face: profile, support status and the welcome message to show" })
export type BrandCard = Static<typeof BrandCard>
