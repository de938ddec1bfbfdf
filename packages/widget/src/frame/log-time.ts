/**
 * Times in the chat log, in the visitor's language and time zone: each message's time of day,
 * and a separator where the day changes ("Today", "Yesterday", then the date).
 */
import type { Language } from './text.ts'

export interface DayWords { today: string; yesterday: string }

/** The calendar day of `at` in `timeZone`, as `YYYY-MM-DD` (the zone's own day, not UTC's). */
export function dayKey(at: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}

/** Days from `a` to `b`, both `YYYY-MM-DD`. */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)
}

/** "Today", "Yesterday", a weekday name within the week, else the date (with the year when not this year). */
export function dayLabel(at: Date, now: Date, language: Language, words: DayWords, timeZone?: string): string {
  const day = dayKey(at, timeZone)
  const today = dayKey(now, timeZone)
  const ago = daysBetween(day, today)
  if (ago === 0) return words.today
  if (ago === 1) return words.yesterday
  const sameYear = day.slice(0, 4) === today.slice(0, 4)
  const format: Intl.DateTimeFormatOptions = ago > 1 && ago < 7
    ? { timeZone, weekday: 'long', day: 'numeric', month: 'long' }
    : { timeZone, day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) }
  const label = new Intl.DateTimeFormat(language, format).format(at)
  return label.charAt(0).toLocaleUpperCase(language) + label.slice(1)
}

/** The time of day, "14:05" or "2:05 PM" as the language writes it. */
export function timeOfDay(at: Date, language: Language, timeZone?: string): string {
  return new Intl.DateTimeFormat(language, { timeZone, hour: 'numeric', minute: '2-digit' }).format(at)
}

/**
 * Where separators go: for each item (in order), the day label to show above it, or null when
 * it is on the same day as the one before. Items without a time (on their way) take none.
 */
export function daySeparators(times: ReadonlyArray<Date | null>, now: Date, language: Language, words: DayWords, timeZone?: string): Array<string | null> {
  let previous: string | undefined
  return times.map((at) => {
    if (at === null) return null
    const key = dayKey(at, timeZone)
    if (key === previous) return null
    previous = key
    return dayLabel(at, now, language, words, timeZone)
  })
}
