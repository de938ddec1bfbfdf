import type { ReplyTime, SupportCalendar, SupportStatus } from '@parloir/protocol'

/**
 * The support-hours editor's state, and its mapping to the API's SupportCalendar. Pure: the
 * screen (support-hours.tsx) only renders it.
 *
 * Times are as a `<input type="time">` holds them, `HH:MM`. The API writes a close at midnight
 * as `24:00`, which such an input cannot show: the editor shows it as an end of `00:00`
 * ("until midnight"), and saves an end of `00:00` as `24:00`, which is the same instant.
 */

export type Weekday = keyof SupportCalendar['weekly']
export const weekdays: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']
export const replyTimes: readonly ReplyTime[] = ['minutes', 'hour', 'hours', 'day']

export interface ShiftDraft { key: string; start: string; end: string }
export interface HolidayDraft { key: string; date: string; name: string }
export interface ExceptionDraft { key: string; date: string; shifts: ShiftDraft[] }
export interface CalendarDraft {
  timeZone: string
  weekly: Record<Weekday, ShiftDraft[]>
  holidays: HolidayDraft[]
  exceptions: ExceptionDraft[]
}

let lastKey = 0
/** A key for a React list item; never sent. */
export const newKey = (): string => `k${++lastKey}`

const clock = /^([01][0-9]|2[0-3]):[0-5][0-9]$/
const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))
const timeOf = (minutes: number): string => {
  const m = ((minutes % 1440) + 1440) % 1440
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

/**
 * How a shift reads: within the day; until midnight (an end of 00:00); the whole day (00:00 to
 * 00:00); overnight, ending the next day (an end at or before the start, as the API counts
 * it); or not readable yet (a time is missing).
 */
export type ShiftKind = 'day' | 'untilMidnight' | 'allDay' | 'overnight' | 'incomplete'
export function shiftKind(shift: { start: string; end: string }): ShiftKind {
  if (!clock.test(shift.start) || !clock.test(shift.end)) return 'incomplete'
  if (shift.end === '00:00') return shift.start === '00:00' ? 'allDay' : 'untilMidnight'
  return minutesOf(shift.end) <= minutesOf(shift.start) ? 'overnight' : 'day'
}

/** A new shift for a day: 09:00–17:00 on an empty day, else a few hours after the last one ends. */
export function nextShift(shifts: readonly ShiftDraft[]): ShiftDraft {
  const last = shifts.at(-1)
  if (!last || !clock.test(last.end)) return { key: newKey(), start: '09:00', end: '17:00' }
  const start = minutesOf(last.end) + 60
  return { key: newKey(), start: timeOf(start), end: timeOf(start + 180) }
}

const shiftFromWire = (shift: { start: string; end: string }): ShiftDraft => ({ key: newKey(), start: shift.start, end: shift.end === '24:00' ? '00:00' : shift.end })
const shiftToWire = (shift: ShiftDraft) => ({ start: shift.start, end: shift.end === '00:00' ? '24:00' : shift.end })

export function draftFromCalendar(calendar: SupportCalendar): CalendarDraft {
  return {
    timeZone: calendar.timeZone,
    weekly: Object.fromEntries(weekdays.map((day) => [day, (calendar.weekly[day] ?? []).map(shiftFromWire)])) as CalendarDraft['weekly'],
    holidays: calendar.holidays.map((h) => ({ key: newKey(), date: h.date, name: h.name ?? '' })),
    exceptions: calendar.exceptions.map((e) => ({ key: newKey(), date: e.date, shifts: e.shifts.map(shiftFromWire) })),
  }
}

export function calendarFromDraft(draft: CalendarDraft): SupportCalendar {
  return {
    timeZone: draft.timeZone,
    weekly: Object.fromEntries(weekdays.map((day) => [day, draft.weekly[day].map(shiftToWire)])) as SupportCalendar['weekly'],
    holidays: draft.holidays.map((h) => (h.name.trim() === '' ? { date: h.date } : { date: h.date, name: h.name.trim() })),
    exceptions: draft.exceptions.map((e) => ({ date: e.date, shifts: e.shifts.map(shiftToWire) })),
  }
}

/** Where a brand starts: weekdays 09:00–18:00 in the browser's time zone. */
export function starterCalendar(timeZone: string): CalendarDraft {
  const open = () => [{ key: newKey(), start: '09:00', end: '18:00' }]
  return {
    timeZone,
    weekly: { monday: open(), tuesday: open(), wednesday: open(), thursday: open(), friday: open(), saturday: [], sunday: [] },
    holidays: [],
    exceptions: [],
  }
}

/** The input paths of a calendar draft, as the server names them (without `/supportCalendar`). */
export function calendarTargets(draft: CalendarDraft): string[] {
  const targets = ['/timeZone', '/weekly', '/holidays', '/exceptions']
  const shiftTargets = (base: string, shifts: readonly ShiftDraft[]) =>
    shifts.flatMap((_, i) => [`${base}/${i}`, `${base}/${i}/start`, `${base}/${i}/end`])
  for (const day of weekdays) targets.push(`/weekly/${day}`, ...shiftTargets(`/weekly/${day}`, draft.weekly[day]))
  draft.holidays.forEach((_, i) => targets.push(`/holidays/${i}`, `/holidays/${i}/date`, `/holidays/${i}/name`))
  draft.exceptions.forEach((e, i) => targets.push(`/exceptions/${i}`, `/exceptions/${i}/date`, `/exceptions/${i}/shifts`, ...shiftTargets(`/exceptions/${i}/shifts`, e.shifts)))
  return targets
}

/** Problems the form can see before asking the server: a missing time or date, a repeated date. */
export function localCalendarProblems(draft: CalendarDraft): Array<{ path: string; message: 'missingTime' | 'missingDate' | 'repeatedDate' }> {
  const problems: Array<{ path: string; message: 'missingTime' | 'missingDate' | 'repeatedDate' }> = []
  const checkShifts = (base: string, shifts: readonly ShiftDraft[]) => shifts.forEach((shift, i) => {
    if (!clock.test(shift.start)) problems.push({ path: `${base}/${i}/start`, message: 'missingTime' })
    if (!clock.test(shift.end)) problems.push({ path: `${base}/${i}/end`, message: 'missingTime' })
  })
  for (const day of weekdays) checkShifts(`/weekly/${day}`, draft.weekly[day])
  const seen = new Set<string>()
  const checkDate = (path: string, date: string) => {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date)) problems.push({ path, message: 'missingDate' })
    else if (seen.has(date)) problems.push({ path, message: 'repeatedDate' })
    else seen.add(date)
  }
  draft.holidays.forEach((h, i) => checkDate(`/holidays/${i}/date`, h.date))
  draft.exceptions.forEach((e, i) => {
    checkDate(`/exceptions/${i}/date`, e.date)
    checkShifts(`/exceptions/${i}/shifts`, e.shifts)
  })
  return problems
}

/**
 * The summary line from the server's card, in parts the screen words: open or closed, and when
 * that changes, as the brand's own clock reads it ("closes at 18:00", "opens tomorrow at 09:00",
 * "opens Monday at 09:00", "opens on 24 December at 09:00").
 */
export interface StatusSummary {
  state: 'open' | 'closed' | 'none'
  change: null | { time: string; when: 'today' | 'tomorrow' | 'weekday' | 'date'; weekday: number; date: string }
}

function wallParts(ms: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(ms)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00'
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` }
}

const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000

export function statusSummary(support: SupportStatus, nowMs: number): StatusSummary {
  if (!support.providesSupport || !support.calendar) return { state: 'none', change: null }
  const state = support.openNow ? 'open' : 'closed'
  if (!support.nextChangeAt) return { state, change: null }
  const timeZone = support.calendar.timeZone
  const now = wallParts(nowMs, timeZone)
  const at = wallParts(Date.parse(support.nextChangeAt), timeZone)
  const days = dayNumber(at.date) - dayNumber(now.date)
  // 1970-01-01 was a Thursday: day 0 of dayNumber; 0 = Monday here.
  const weekday = ((Math.floor(dayNumber(at.date)) % 7) + 7 + 3) % 7
  const when = days <= 0 ? 'today' : days === 1 ? 'tomorrow' : days < 7 ? 'weekday' : 'date'
  return { state, change: { time: at.time, when, weekday, date: at.date } }
}

/** The browser's time zone, or UTC when it cannot say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

/** Every IANA zone the browser knows, with `current` kept even if it does not know it. */
export function timeZones(current: string): string[] {
  let zones: string[] = []
  try {
    zones = Intl.supportedValuesOf('timeZone')
  } catch {
    zones = []
  }
  if (!zones.includes('UTC')) zones = ['UTC', ...zones]
  return zones.includes(current) ? zones : [current, ...zones]
}

/**
 * The server names other shifts by JSON pointer ("overlaps the shift at /weekly/monday/0");
 * this puts the editor's own names there instead ("Shift 1 on Monday").
 */
export function nameShiftsIn(message: string, name: (where: { day: Weekday; index: number } | { exception: number; index: number }) => string): string {
  return message
    .replace(/\/weekly\/(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\/([0-9]+)/g, (_, day: Weekday, index: string) => name({ day, index: Number(index) }))
    .replace(/\/exceptions\/([0-9]+)\/shifts\/([0-9]+)/g, (_, exception: string, index: string) => name({ exception: Number(exception), index: Number(index) }))
}
