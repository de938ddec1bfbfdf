/**
 * Quiet hours in a person's own time zone: from `start` until `end` (minutes after midnight),
 * over midnight when end comes before start (22:00 to 07:00). Equal bounds mean no quiet hours.
 * Pure, so the edges are tested on their own (quiet-hours.test.ts).
 */

/** Whether the time zone is one this runtime knows (an IANA name such as Europe/Paris). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return true
  } catch {
    return false
  }
}

/** Minutes after local midnight at `atMs` in `timeZone`. */
export function localMinutes(atMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(atMs)
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return part('hour') * 60 + part('minute')
}

export interface QuietHoursSetting { quietStartMin: number | null; quietEndMin: number | null; timeZone: string }

/** Whether `atMs` falls in the quiet hours: start included, end excluded. */
export function inQuietHours(s: QuietHoursSetting, atMs: number): boolean {
  if (s.quietStartMin === null || s.quietEndMin === null || s.quietStartMin === s.quietEndMin) return false
  const m = localMinutes(atMs, s.timeZone)
  return s.quietStartMin < s.quietEndMin ? m >= s.quietStartMin && m < s.quietEndMin : m >= s.quietStartMin || m < s.quietEndMin
}

/**
 * When the quiet hours around `atMs` end (the start of their end minute); `atMs` itself when it is
 * not quiet. A change of clock in between may move it by the change: whoever waits checks again then.
 */
export function quietHoursEnd(s: QuietHoursSetting, atMs: number): number {
  if (!inQuietHours(s, atMs)) return atMs
  const m = localMinutes(atMs, s.timeZone)
  const minutes = (s.quietEndMin! - m + 1440) % 1440
  return atMs - (atMs % 60_000) + minutes * 60_000
}

/** `HH:MM` to minutes after midnight, and back. */
export const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
export const toTimeOfDay = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
