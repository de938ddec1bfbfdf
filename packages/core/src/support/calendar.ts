/**
 * When a brand answers: its weekly shifts in its own time zone, less holidays, with some dates'
 * hours replaced. Everything here is pure; the time zone rules come from Intl.
 *
 * A local wall time maps to "the first instant whose wall clock reads at least that time": a time
 * skipped by a daylight-saving jump lands on the first instant after the gap, and a time that
 * happens twice takes its first occurrence. Because that mapping never goes backwards, shifts
 * sorted by local date and minute are also sorted by instant.
 */

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday'
/**
 * 'HH:MM' local time, 00:00..23:59 for start, 00:00..24:00 for end. end <= start (other than
 * 24:00) means the shift runs overnight and ends on the next day.
 */
export interface Shift { start: string; end: string }
export interface SupportCalendar {
  /** IANA, e.g. 'Europe/Paris'. */
  timeZone: string
  /** Several shifts a day are split shifts. */
  weekly: Record<Weekday, Shift[]>
  /** 'YYYY-MM-DD' local: no shift starts that day. */
  holidays: Array<{ date: string; name?: string }>
  /** 'YYYY-MM-DD' local: these shifts replace that day's weekly ones. */
  exceptions: Array<{ date: string; shifts: Shift[] }>
}

/** One thing wrong with a calendar, at a JSON pointer into it such as `/weekly/monday/1/end`. */
export interface CalendarProblem { path: string; message: string }
export interface CalendarLimits { shiftsPerDay: number; datedEntries: number }
/** A year of dated entries allows one per day; ten shifts a day is far beyond any real rota. */
export const DEFAULT_CALENDAR_LIMITS: CalendarLimits = { shiftsPerDay: 10, datedEntries: 366 }

/** What a clock on the wall in some time zone reads at one instant; month and day count from 1. */
export interface LocalWallTime { year: number; month: number; day: number; hour: number; minute: number; second: number }

/** Monday first, as people list their opening hours. */
export const WEEKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']

const MS_PER_MINUTE = 60_000
const MS_PER_DAY = 86_400_000
const MINUTES_PER_DAY = 1_440
/** How far nextChange looks ahead before deciding the state never changes. */
const HORIZON_DAYS = 400
/** Real UTC offsets stay within -12h..+14h (a few historical local mean times a little beyond). */
const MAX_OFFSET_MS = 16 * 60 * MS_PER_MINUTE
/** Enough for a day's shifts of every brand in a zone; cleared rather than evicted when full. */
const INSTANTS_PER_ZONE = 4_096
/** Zones are keyed by the caller's spelling, so bound the count for odd spellings too. */
const MAX_ZONES = 1_000

// ---------------------------------------------------------------------------------------------
// Time zones

/** Formatters are costly to build and isOpen runs for every inbound message, so keep one per zone. */
interface ZoneClock {
  format: Intl.DateTimeFormat
  /** Naive wall-clock ms (the wall time read as if it were UTC) to the instant it maps to. */
  instants: Map<number, number>
}
const zoneClocks = new Map<string, ZoneClock>()

/** Throws a RangeError for an unknown time zone, as Intl does. */
function zoneClock(timeZone: string): ZoneClock {
  let clock = zoneClocks.get(timeZone)
  if (!clock) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    })
    if (zoneClocks.size >= MAX_ZONES) zoneClocks.clear()
    clock = { format, instants: new Map() }
    zoneClocks.set(timeZone, clock)
  }
  return clock
}

function isKnownTimeZone(timeZone: unknown): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false
  try {
    zoneClock(timeZone)
    return true
  } catch {
    return false
  }
}

function wallTimeOn(clock: ZoneClock, ms: number): LocalWallTime {
  const wall: LocalWallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 }
  for (const part of clock.format.formatToParts(ms)) {
    if (part.type === 'year' || part.type === 'month' || part.type === 'day' || part.type === 'hour'
      || part.type === 'minute' || part.type === 'second') wall[part.type] = Number(part.value)
  }
  return wall
}

/** What a wall clock in `timeZone` reads at `ms`. Throws a RangeError for an unknown time zone. */
export function localWallTime(timeZone: string, ms: number): LocalWallTime {
  return wallTimeOn(zoneClock(timeZone), ms)
}

/** A wall-clock reading as ms read as if UTC; shifting by 400 years (146,097 days) dodges Date.UTC taking years 0-99 for 1900-1999. */
function naiveMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year + 400, month - 1, day, hour, minute, second) - 146_097 * MS_PER_DAY
}

/** The wall clock's reading at `ms`, as ms read as if UTC. */
function naiveWallMs(clock: ZoneClock, ms: number): number {
  const wall = wallTimeOn(clock, ms)
  return naiveMs(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second) + (((ms % 1000) + 1000) % 1000)
}

/** The zone's UTC offset at `ms`: what the wall clock reads minus the instant. */
function offsetMsAt(clock: ZoneClock, ms: number): number {
  return naiveWallMs(clock, ms) - ms
}

/** The first instant at which the wall clock reads at least `naive` (see the file comment). */
function instantOfWallTime(clock: ZoneClock, naive: number): number {
  const known = clock.instants.get(naive)
  if (known !== undefined) return known
  const instant = firstInstantReading(clock, naive)
  if (clock.instants.size >= INSTANTS_PER_ZONE) clock.instants.clear()
  clock.instants.set(naive, instant)
  return instant
}

function firstInstantReading(clock: ZoneClock, naive: number): number {
  // The instant lies within a day of `naive`; assume at most one offset change around it, as
  // every zone's rules have so far (changes come months apart).
  const offsets = new Set([offsetMsAt(clock, naive - MS_PER_DAY), offsetMsAt(clock, naive + MS_PER_DAY)])
  let first: number | undefined
  for (const offset of [...offsets]) {
    const candidate = naive - offset
    const actual = offsetMsAt(clock, candidate)
    if (actual === offset) first = first === undefined ? candidate : Math.min(first, candidate)
    else offsets.add(actual)
  }
  if (first !== undefined) return first
  // No instant reads `naive`: it is in a gap. Search for the first instant whose wall clock has
  // passed it, which is where the clock jumped; transitions fall on whole seconds.
  let before = naive - Math.max(...offsets)
  let after = naive - Math.min(...offsets)
  if (naiveWallMs(clock, before) >= naive || naiveWallMs(clock, after) < naive) return after
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000
    if (naiveWallMs(clock, middle) >= naive) after = middle
    else before = middle
  }
  return after
}

// ---------------------------------------------------------------------------------------------
// Local dates and clock times

/** A local date as whole days since 1970-01-01, so that the next day is `day + 1`. */
type DayNumber = number

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const CLOCK_TIME_PATTERN = /^(\d{2}):(\d{2})$/

function readDate(text: unknown): DayNumber | 'malformed' | 'impossible' {
  const match = typeof text === 'string' ? DATE_PATTERN.exec(text) : null
  if (!match) return 'malformed'
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (month < 1 || month > 12 || day < 1 || day > 31) return 'impossible'
  const ms = naiveMs(year, month, day)
  // Date.UTC rolls 2026-02-30 over into March; a date that moved was impossible.
  if (new Date(ms).getUTCDate() !== day) return 'impossible'
  return ms / MS_PER_DAY
}

function dateText(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
}

function weekdayOf(day: DayNumber): Weekday {
  // 1970-01-01 was a Thursday, index 3 counting from Monday.
  return WEEKDAYS[(((day + 3) % 7) + 7) % 7] as Weekday
}

/** Minutes after midnight; 24:00 (1440) only for an end. */
function readClockTime(text: unknown, isEnd: boolean): number | 'malformed' | 'impossible' {
  const match = typeof text === 'string' ? CLOCK_TIME_PATTERN.exec(text) : null
  if (!match) return 'malformed'
  const minutes = Number(match[1]) * 60 + Number(match[2])
  if (Number(match[2]) > 59) return 'impossible'
  if (minutes > MINUTES_PER_DAY || (minutes === MINUTES_PER_DAY && !isEnd)) return 'impossible'
  return minutes
}

/** A shift as minutes after the local midnight of the day it starts; an overnight end is past 1440. */
interface ShiftMinutes { startMinute: number; endMinute: number }

/** Null for a shift the validator rejects, so that a bad entry closes nothing and opens nothing. */
function shiftMinutes(shift: Shift | undefined): ShiftMinutes | null {
  const start = readClockTime(shift?.start, false)
  const end = readClockTime(shift?.end, true)
  if (typeof start !== 'number' || typeof end !== 'number' || start === end) return null
  return { startMinute: start, endMinute: end > start ? end : end + MINUTES_PER_DAY }
}

// ---------------------------------------------------------------------------------------------
// Which shifts start on a date

/** The shifts that start on a local date, after holidays and exceptions. */
type ShiftsStartingOn = (day: DayNumber) => readonly Shift[]

/** isOpen asks about two dates, so it compares their text rather than indexing every entry. */
function shiftsStartingOnByScan(calendar: SupportCalendar): ShiftsStartingOn {
  return (day) => {
    const date = dateText(day)
    if (calendar.holidays.some((holiday) => holiday.date === date)) return []
    const exception = calendar.exceptions.find((entry) => entry.date === date)
    return exception ? exception.shifts : calendar.weekly[weekdayOf(day)] ?? []
  }
}

/** nextChange asks about hundreds of dates, so it indexes them once. */
function shiftsStartingOnByIndex(calendar: SupportCalendar): ShiftsStartingOn {
  const holidays = new Set(calendar.holidays.map((holiday) => holiday.date))
  const exceptions = new Map<string, Shift[]>()
  // The first entry for a repeated date wins, as in the scan.
  for (const exception of calendar.exceptions) if (!exceptions.has(exception.date)) exceptions.set(exception.date, exception.shifts)
  return (day) => {
    const date = dateText(day)
    if (holidays.has(date)) return []
    return exceptions.get(date) ?? calendar.weekly[weekdayOf(day)] ?? []
  }
}

function minutesOfShifts(shifts: readonly Shift[]): ShiftMinutes[] {
  const result: ShiftMinutes[] = []
  for (const shift of Array.isArray(shifts) ? shifts : []) {
    const minutes = shiftMinutes(shift)
    if (minutes) result.push(minutes)
  }
  return result.sort((a, b) => a.startMinute - b.startMinute)
}

function instantOf(clock: ZoneClock, day: DayNumber, minute: number): number {
  return instantOfWallTime(clock, day * MS_PER_DAY + minute * MS_PER_MINUTE)
}

// ---------------------------------------------------------------------------------------------
// Open or closed

/**
 * Whether the brand is working at `nowMs`. Looks only at shifts starting on the current and
 * previous local date, since no shift lasts longer than a day. Throws a RangeError for an unknown
 * time zone; check calendars with calendarProblems when they are saved.
 */
export function isOpen(calendar: SupportCalendar, nowMs: number): boolean {
  const clock = zoneClock(calendar.timeZone)
  const now = wallTimeOn(clock, nowMs)
  const today = naiveMs(now.year, now.month, now.day) / MS_PER_DAY
  const shiftsStartingOn = shiftsStartingOnByScan(calendar)
  for (const day of [today - 1, today]) {
    for (const shift of minutesOfShifts(shiftsStartingOn(day))) {
      // Yesterday's shifts that ended by midnight ended before now.
      if (day < today && shift.endMinute <= MINUTES_PER_DAY) continue
      if (instantOf(clock, day, shift.endMinute) <= nowMs) continue
      if (instantOf(clock, day, shift.startMinute) <= nowMs) return true
    }
  }
  return false
}

/**
 * The epoch ms at which the brand next opens (when closed at `nowMs`) or closes (when open), or
 * null when that does not happen within 400 days: no shifts at all, or open around the clock.
 * Shifts that touch or overlap count as one opening, so a shift ending at 24:00 followed by one
 * starting at 00:00 is no change. Throws a RangeError for an unknown time zone.
 */
export function nextChange(calendar: SupportCalendar, nowMs: number): number | null {
  const clock = zoneClock(calendar.timeZone)
  const now = wallTimeOn(clock, nowMs)
  const today = naiveMs(now.year, now.month, now.day) / MS_PER_DAY
  const horizonMs = nowMs + HORIZON_DAYS * MS_PER_DAY
  const withinHorizon = (ms: number) => (ms <= horizonMs ? ms : null)
  const shiftsStartingOn = shiftsStartingOnByIndex(calendar)

  // The run of touching or overlapping shifts seen last, in instants.
  let run: { opensAt: number; closesAt: number } | null = null
  // Yesterday's overnight shift may still be running; the last day is where the horizon ends.
  const lastDay = Math.floor((horizonMs + MAX_OFFSET_MS) / MS_PER_DAY) + 1
  for (let day = today - 1; day <= lastDay; day++) {
    // A run that ends before anything on this date could start can grow no more.
    if (run && run.closesAt < day * MS_PER_DAY - MAX_OFFSET_MS) {
      if (run.opensAt <= nowMs && nowMs < run.closesAt) return withinHorizon(run.closesAt)
      run = null
    }
    for (const shift of minutesOfShifts(shiftsStartingOn(day))) {
      const opensAt = instantOf(clock, day, shift.startMinute)
      const closesAt = instantOf(clock, day, shift.endMinute)
      // A shift inside a daylight-saving gap lasts no time at all.
      if (closesAt <= opensAt) continue
      if (run && opensAt <= run.closesAt) {
        run.closesAt = Math.max(run.closesAt, closesAt)
        continue
      }
      if (run && run.opensAt <= nowMs && nowMs < run.closesAt) return withinHorizon(run.closesAt)
      if (opensAt > nowMs) return withinHorizon(opensAt)
      run = { opensAt, closesAt }
    }
  }
  if (run && run.opensAt <= nowMs && nowMs < run.closesAt) return withinHorizon(run.closesAt)
  return null
}

// ---------------------------------------------------------------------------------------------
// Validation

/** A readable shift with the path to report it at. */
interface PlacedShift extends ShiftMinutes { path: string }
/** Part of a shift within one local day, in minutes after its midnight. */
interface Segment { from: number; to: number; shift: PlacedShift; isTail: boolean }

/** Every problem with a calendar, each at a JSON pointer; an empty list means it is valid. */
export function calendarProblems(calendar: SupportCalendar, limits: CalendarLimits = DEFAULT_CALENDAR_LIMITS): CalendarProblem[] {
  const problems: CalendarProblem[] = []
  const report = (path: string, message: string) => { problems.push({ path, message }) }

  if (!isKnownTimeZone(calendar.timeZone)) report('/timeZone', 'is not a known IANA time zone')

  const weekly = new Map<Weekday, PlacedShift[]>()
  for (const weekday of WEEKDAYS) {
    const shifts: unknown = calendar.weekly?.[weekday]
    weekly.set(weekday, readShifts(shifts, `/weekly/${weekday}`, limits, report))
  }
  WEEKDAYS.forEach((weekday, index) => {
    const previous = WEEKDAYS[(index + 6) % 7] as Weekday
    reportOverlaps(tailsOf(weekly.get(previous) ?? []), weekly.get(weekday) ?? [], report)
  })

  const holidays = datesOf(calendar.holidays, '/holidays', report)
  const exceptionDates = datesOf(calendar.exceptions, '/exceptions', report)
  const exceptionShifts = (calendar.exceptions ?? []).map((exception, index) =>
    readShifts(exception?.shifts, `/exceptions/${index}/shifts`, limits, report))

  const datedEntries = (calendar.holidays?.length ?? 0) + (calendar.exceptions?.length ?? 0)
  if (datedEntries > limits.datedEntries) {
    report('', `has ${datedEntries} holidays and exceptions; at most ${limits.datedEntries} are allowed`)
  }

  // The shifts that start on a date, as the runtime applies holidays and exceptions.
  const holidayDays = new Set(holidays.map((entry) => entry.day))
  const datedException = new Map(exceptionDates.map((entry) => [entry.index, entry]))
  const firstException = new Map<DayNumber, number>()
  exceptionDates.forEach((entry) => { if (entry.isFirst) firstException.set(entry.day, entry.index) })
  const effective = (day: DayNumber): PlacedShift[] => {
    if (holidayDays.has(day)) return []
    const index = firstException.get(day)
    return index === undefined ? weekly.get(weekdayOf(day)) ?? [] : exceptionShifts[index] ?? []
  }

  exceptionShifts.forEach((own, index) => {
    const dated = datedException.get(index)
    // Only the entry that applies meets its neighbours; the others still must not overlap themselves.
    const applies = dated !== undefined && dated.isFirst && !holidayDays.has(dated.day)
    if (!applies) {
      reportOverlaps([], own, report)
      return
    }
    reportOverlaps(tailsOf(effective(dated.day - 1)), own, report)
    // An exception the next day checks this one's tails as its own incoming ones.
    if (!firstException.has(dated.day + 1)) reportOvernightInto(own, effective(dated.day + 1), report)
  })

  return problems
}

type Report = (path: string, message: string) => void

function readShifts(shifts: unknown, path: string, limits: CalendarLimits, report: Report): PlacedShift[] {
  if (!Array.isArray(shifts)) {
    report(path, 'must be a list of shifts')
    return []
  }
  if (shifts.length > limits.shiftsPerDay) {
    report(path, `has ${shifts.length} shifts; at most ${limits.shiftsPerDay} are allowed in a day`)
  }
  const placed: PlacedShift[] = []
  shifts.forEach((shift: Partial<Shift> | undefined, index) => {
    const shiftPath = `${path}/${index}`
    const start = readClockTime(shift?.start, false)
    const end = readClockTime(shift?.end, true)
    if (start === 'malformed') report(`${shiftPath}/start`, 'must be a time written HH:MM')
    if (start === 'impossible') report(`${shiftPath}/start`, 'is not a time of day between 00:00 and 23:59')
    if (end === 'malformed') report(`${shiftPath}/end`, 'must be a time written HH:MM')
    if (end === 'impossible') report(`${shiftPath}/end`, 'is not a time of day between 00:00 and 24:00')
    if (typeof start !== 'number' || typeof end !== 'number') return
    if (start === end) {
      report(`${shiftPath}/end`, 'must differ from the start')
      return
    }
    placed.push({ path: shiftPath, startMinute: start, endMinute: end > start ? end : end + MINUTES_PER_DAY })
  })
  return placed
}

interface DatedEntry { index: number; day: DayNumber; isFirst: boolean }

/** Reads each entry's date, reporting bad and repeated ones; returns the readable ones in order. */
function datesOf(entries: ReadonlyArray<{ date: string }> | undefined, path: string, report: Report): DatedEntry[] {
  if (!Array.isArray(entries)) {
    report(path, 'must be a list')
    return []
  }
  const firstPathOf = new Map<DayNumber, string>()
  const dated: DatedEntry[] = []
  entries.forEach((entry: { date: string } | undefined, index) => {
    const datePath = `${path}/${index}/date`
    const day = readDate(entry?.date)
    if (day === 'malformed') return report(datePath, 'must be a date written YYYY-MM-DD')
    if (day === 'impossible') return report(datePath, 'is not a date in the calendar')
    const firstPath = firstPathOf.get(day)
    if (firstPath !== undefined) report(datePath, `repeats the date at ${firstPath}`)
    else firstPathOf.set(day, datePath)
    dated.push({ index, day, isFirst: firstPath === undefined })
  })
  return dated
}

/** The after-midnight parts of the overnight shifts among `shifts`, in the next day's minutes. */
function tailsOf(shifts: readonly PlacedShift[]): Segment[] {
  return shifts.filter((shift) => shift.endMinute > MINUTES_PER_DAY)
    .map((shift) => ({ from: 0, to: shift.endMinute - MINUTES_PER_DAY, shift, isTail: true }))
}

function segmentsOf(shifts: readonly PlacedShift[]): Segment[] {
  return shifts.map((shift) => ({ from: shift.startMinute, to: shift.endMinute, shift, isTail: false }))
}

/**
 * Pairs of segments that overlap, each later one paired with the earlier one reaching furthest;
 * an end is exclusive, so 12:00-14:00 and 14:00-16:00 do not overlap.
 */
function overlappingPairs(segments: Segment[]): Array<{ earlier: Segment; later: Segment }> {
  // Tails start at midnight, before any shift of the day starting then.
  const sorted = [...segments].sort((a, b) => a.from - b.from || Number(b.isTail) - Number(a.isTail))
  const pairs: Array<{ earlier: Segment; later: Segment }> = []
  let furthest: Segment | undefined
  for (const segment of sorted) {
    if (furthest && segment.from < furthest.to) pairs.push({ earlier: furthest, later: segment })
    if (!furthest || segment.to > furthest.to) furthest = segment
  }
  return pairs
}

/** Overlaps among one day's own shifts and the previous day's tails, reported at the day's shift. */
function reportOverlaps(tails: Segment[], own: readonly PlacedShift[], report: Report): void {
  for (const { earlier, later } of overlappingPairs([...tails, ...segmentsOf(own)])) {
    // Two tails overlapping were reported on the previous day.
    if (later.isTail) continue
    report(later.shift.path, earlier.isTail
      ? `overlaps the overnight shift at ${earlier.shift.path}`
      : `overlaps the shift at ${earlier.shift.path}`)
  }
}

/** Overnight exception shifts running into the next day's regular shifts, reported at the exception. */
function reportOvernightInto(own: readonly PlacedShift[], next: readonly PlacedShift[], report: Report): void {
  const reported = new Set<string>()
  for (const { earlier, later } of overlappingPairs([...tailsOf(own), ...segmentsOf(next)])) {
    if (!earlier.isTail || later.isTail || reported.has(earlier.shift.path)) continue
    reported.add(earlier.shift.path)
    report(earlier.shift.path, `runs overnight into the shift at ${later.shift.path}`)
  }
}
