import type { ReplyTime, SupportStatus } from './brand-messaging.ts'

/**
 * How a brand's support status reads, the same on every surface (server pages, web app, widget):
 * the hours are the brand's, in its time zone and labelled with it; "back at" says the brand's
 * time with its zone, and the reader's own time beside it when their clock reads differently.
 * Days are relative to now in each zone: "today", "tomorrow", a weekday within the week, a date
 * after that. Pure: the clock, the language and the reader's zone are given.
 */
export type SupportLanguage = 'en' | 'fr'

const words = {
  en: {
    open: 'Open now', openUntil: 'Open now · closes {when}', away: 'Away right now', awayUntil: 'Away · back {when}',
    today: 'today at {time}', tomorrow: 'tomorrow at {time}', weekday: '{day} at {time}', date: 'on {date} at {time}',
    brandZone: '{when} ({zone} time)', readerTime: '{when} your time', timesIn: 'Times in {zone}',
  },
  fr: {
    open: 'Ouvert en ce moment', openUntil: 'Ouvert · ferme {when}', away: 'Absent en ce moment', awayUntil: 'Absent · de retour {when}',
    today: 'aujourd’hui à {time}', tomorrow: 'demain à {time}', weekday: '{day} à {time}', date: 'le {date} à {time}',
    brandZone: '{when} (heure de {zone})', readerTime: '{when} chez vous', timesIn: 'Heures de {zone}',
  },
} as const satisfies Record<SupportLanguage, Record<string, string>>

const localeTag = { en: 'en-GB', fr: 'fr-FR' } as const satisfies Record<SupportLanguage, string>

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}

/** The day number (days since 1970-01-01) of an instant as read on a wall clock in `timeZone`. */
function dayNumber(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms)
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return Date.UTC(get('year'), get('month') - 1, get('day')) / 86_400_000
}

/** "today at 09:00", "tomorrow at 09:00", "Monday at 09:00", "on Friday 25 December at 09:00", on `timeZone`'s clock. */
export function relativeWhen(atMs: number, nowMs: number, timeZone: string, language: SupportLanguage): string {
  const locale = localeTag[language]
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(atMs)
  const days = dayNumber(atMs, timeZone) - dayNumber(nowMs, timeZone)
  const w = words[language]
  if (days <= 0) return fill(w.today, { time })
  if (days === 1) return fill(w.tomorrow, { time })
  if (days < 7) return fill(w.weekday, { time, day: new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone }).format(atMs) })
  return fill(w.date, { time, date: new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(atMs) })
}

export interface SupportStatusLine {
  open: boolean
  /** The whole sentence: "Away · back today at 09:00 (Europe/Paris time) · 08:00 your time". */
  text: string
  /** The brand's part alone ("today at 09:00 (Europe/Paris time)"), or null when no change is planned. */
  brandWhen: string | null
  /** The reader's part ("today at 08:00 your time"), or null when their clock reads the same or their zone is unknown. */
  readerWhen: string | null
}

/**
 * The open / away line of a brand that provides support. `readerZone` is the reader's IANA zone,
 * or null where it is unknown (a page without script): then only the brand's time is given, with
 * its zone named, so nobody takes it for their own.
 */
export function supportStatusLine(support: Pick<SupportStatus, 'openNow' | 'nextChangeAt' | 'calendar'>, options: {
  nowMs: number; language: SupportLanguage; readerZone: string | null
}): SupportStatusLine {
  const { nowMs, language, readerZone } = options
  const w = words[language]
  const open = support.openNow
  const brandZone = support.calendar?.timeZone
  const at = support.nextChangeAt === null ? Number.NaN : Date.parse(support.nextChangeAt)
  if (!brandZone || !Number.isFinite(at) || !validZone(brandZone)) {
    return { open, text: open ? w.open : w.away, brandWhen: null, readerWhen: null }
  }
  const brandWhen = fill(w.brandZone, { when: relativeWhen(at, nowMs, brandZone, language), zone: brandZone })
  let readerWhen: string | null = null
  if (readerZone && readerZone !== brandZone && validZone(readerZone)) {
    const reader = relativeWhen(at, nowMs, readerZone, language)
    if (reader !== relativeWhen(at, nowMs, brandZone, language)) readerWhen = fill(w.readerTime, { when: reader })
  }
  const when = readerWhen ? `${brandWhen} · ${readerWhen}` : brandWhen
  return { open, text: fill(open ? w.openUntil : w.awayUntil, { when }), brandWhen, readerWhen }
}

/** The label over a brand's hours table: "Times in Europe/Paris". */
export function supportHoursLabel(timeZone: string, language: SupportLanguage): string {
  return fill(words[language].timesIn, { zone: timeZone })
}

function validZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return true
  } catch {
    return false
  }
}

/**
 * The bucket a typical first-response time falls in, as "Usually answers within …" says it:
 * up to 15 minutes "a few minutes", up to an hour "an hour", up to 6 hours "a few hours", up to
 * a day "a day"; slower than a day says nothing (null) rather than promise what is not kept.
 */
export function replyTimeBucket(responseMs: number): ReplyTime | null {
  if (!(responseMs >= 0)) return null
  if (responseMs <= 15 * 60_000) return 'minutes'
  if (responseMs <= 60 * 60_000) return 'hour'
  if (responseMs <= 6 * 60 * 60_000) return 'hours'
  if (responseMs <= 24 * 60 * 60_000) return 'day'
  return null
}
