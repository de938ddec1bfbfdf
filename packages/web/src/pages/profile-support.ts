import { supportStatusLine, type ReplyTime, type Shift, type SupportCalendar, type SupportStatus } from '@parloir/protocol'

/** Monday first, as people list their opening hours. */
export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const
export type Weekday = (typeof weekdays)[number]

/** 2024-01-01 was a Monday: a day of that week gives each weekday's name in any language. */
const mondayUtc = Date.UTC(2024, 0, 1, 12)

export function weekdayName(day: Weekday, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(mondayUtc + weekdays.indexOf(day) * 86_400_000))
}

/** A wall-clock `HH:MM` of the brand's day, in the reader's way of writing times (9:00 AM, 09:00). */
export function clockTime(hhmm: string, locale: string): string {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number)
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1, hour % 24, minute)))
}

export interface ShiftWords { midnight: string; nextDay: string }

/** One shift as read on a door: "09:00 AM – 12:30 PM", "22:00 – 06:00 (next day)", "09:00 – midnight". */
export function shiftText(shift: Shift, locale: string, words: ShiftWords): string {
  const end = shift.end === '24:00' ? words.midnight : clockTime(shift.end, locale)
  const overnight = shift.end !== '24:00' && shift.end <= shift.start
  // No break inside a shift (the page also sets nowrap: a line may still break after a dash).
  return `${clockTime(shift.start, locale)}\u00a0–\u00a0${end}${overnight ? `\u00a0${words.nextDay}` : ''}`
}

/** The weekly hours, a row per day in the brand's own time, Monday first; a day with no shift is closed. */
export function weeklyHours(calendar: SupportCalendar, locale: string, words: ShiftWords & { closed: string }): Array<{ day: Weekday; name: string; shifts: string[]; times: string; closed: boolean }> {
  return weekdays.map((day) => {
    const shifts = [...calendar.weekly[day]].sort((a, b) => a.start.localeCompare(b.start)).map((s) => shiftText(s, locale, words))
    return { day, name: weekdayName(day, locale), shifts, times: shifts.length ? shifts.join(', ') : words.closed, closed: shifts.length === 0 }
  })
}

/** `YYYY-MM-DD` of an instant as read in a time zone. */
export function localDate(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(ms))
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

/** Holidays from today on (in the brand's time zone), soonest first, at most `count`. */
export function upcomingHolidays(calendar: SupportCalendar, nowMs: number, count = 3): Array<{ date: string; name?: string }> {
  const today = localDate(nowMs, calendar.timeZone)
  return calendar.holidays.filter((h) => h.date >= today).sort((a, b) => a.date.localeCompare(b.date)).slice(0, count)
}

/** A `YYYY-MM-DD` as the reader writes dates ("Friday 25 December"). */
export function holidayDate(date: string, locale: string): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number)
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d, 12)))
}

/**
 * The open / away line in the reader's language: protocol's one wording for every surface, the
 * brand's time with its zone and the reader's own (the browser's zone) beside it when it differs.
 */
export function supportLine(support: SupportStatus, nowMs: number, locale: string, readerZone = browserZone()): string {
  return supportStatusLine(support, { nowMs, language: locale === 'fr' ? 'fr' : 'en', readerZone }).text
}

function browserZone(): string | null {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || null
}

/** How fast the brand answers: measured when there is enough data, else what the brand declares, else nothing. */
export function usualReplyTime(support: Pick<SupportStatus, 'usualReplyTime' | 'replyTime'>): ReplyTime | null {
  return support.usualReplyTime ?? support.replyTime
}

export const replyTimes: readonly ReplyTime[] = ['minutes', 'hour', 'hours', 'day']
