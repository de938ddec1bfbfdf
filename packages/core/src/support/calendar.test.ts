import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  calendarProblems, isOpen, localWallTime, nextChange,
  type Shift, type SupportCalendar, type Weekday,
} from './calendar.ts'

// Northwind Coffee answers customers from several cities; every instant below is written in UTC
// with the local time it stands for beside it.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

function calendar(
  timeZone: string,
  weekly: Partial<Record<Weekday, Shift[]>>,
  dated: Partial<Pick<SupportCalendar, 'holidays' | 'exceptions'>> = {},
): SupportCalendar {
  const none = { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] }
  return { timeZone, weekly: { ...none, ...weekly }, holidays: dated.holidays ?? [], exceptions: dated.exceptions ?? [] }
}

const shift = (start: string, end: string): Shift => ({ start, end })
const weekdays = (...shifts: Shift[]) =>
  ({ monday: shifts, tuesday: shifts, wednesday: shifts, thursday: shifts, friday: shifts })
const everyDay = (...shifts: Shift[]) => ({ ...weekdays(...shifts), saturday: shifts, sunday: shifts })
const at = (text: string) => Date.parse(text)

/** The state changes exactly at each nextChange, and at no instant checked in between. */
function assertChangesAgree(subject: SupportCalendar, fromMs: number, changes: number): void {
  let now = fromMs
  for (let step = 0; step < changes; step++) {
    const change = nextChange(subject, now)
    assert.notEqual(change, null)
    if (change === null) return
    const before = isOpen(subject, now)
    assert.ok(change > now)
    assert.equal(isOpen(subject, change - 1), before, `still ${before ? 'open' : 'closed'} just before ${new Date(change).toISOString()}`)
    assert.equal(isOpen(subject, change), !before, `${before ? 'closes' : 'opens'} at ${new Date(change).toISOString()}`)
    for (let probe = now; probe < change; probe += 15 * MINUTE) assert.equal(isOpen(subject, probe), before)
    now = change
  }
}

describe('localWallTime', () => {
  test('reads the wall clock of the zone, half-hour offsets and all', () => {
    assert.deepEqual(localWallTime('Asia/Kolkata', at('2026-01-05T03:30:00Z')),
      { year: 2026, month: 1, day: 5, hour: 9, minute: 0, second: 0 })
    assert.deepEqual(localWallTime('Pacific/Auckland', at('2026-01-04T20:00:00Z')),
      { year: 2026, month: 1, day: 5, hour: 9, minute: 0, second: 0 })
    assert.deepEqual(localWallTime('America/New_York', at('2026-01-01T04:59:59Z')),
      { year: 2025, month: 12, day: 31, hour: 23, minute: 59, second: 59 })
  })
})

describe('when the brand works an ordinary day', () => {
  // Mumbai team, 09:00-17:00 IST (UTC+05:30). 2026-01-05 is a Monday.
  const mumbai = calendar('Asia/Kolkata', weekdays(shift('09:00', '17:00')))

  test('opens at 09:00 exactly', () => {
    assert.equal(isOpen(mumbai, at('2026-01-05T03:29:59.999Z')), false)
    assert.equal(isOpen(mumbai, at('2026-01-05T03:30:00Z')), true)
  })
  test('closes at the end exactly, the end being exclusive', () => {
    assert.equal(isOpen(mumbai, at('2026-01-05T11:29:59.999Z')), true)
    assert.equal(isOpen(mumbai, at('2026-01-05T11:30:00Z')), false)
  })
  test('says when it next opens and closes', () => {
    assert.equal(nextChange(mumbai, at('2026-01-05T00:00:00Z')), at('2026-01-05T03:30:00Z'))
    assert.equal(nextChange(mumbai, at('2026-01-05T03:30:00Z')), at('2026-01-05T11:30:00Z'))
    assert.equal(nextChange(mumbai, at('2026-01-05T11:30:00Z')), at('2026-01-06T03:30:00Z'))
  })
  test('after Friday, next opens on Monday', () => {
    // Friday 2026-01-09 17:00 IST, then Monday 2026-01-12 09:00 IST.
    assert.equal(nextChange(mumbai, at('2026-01-09T11:30:00Z')), at('2026-01-12T03:30:00Z'))
    assert.equal(isOpen(mumbai, at('2026-01-10T06:00:00Z')), false)
  })
  test('uses the local date, not the UTC one, far east of UTC', () => {
    // Auckland (UTC+13 in January): Monday 09:00 is Sunday 20:00 UTC.
    const auckland = calendar('Pacific/Auckland', weekdays(shift('09:00', '17:00')))
    assert.equal(isOpen(auckland, at('2026-01-04T20:00:00Z')), true)
    assert.equal(isOpen(auckland, at('2026-01-04T19:59:59.999Z')), false)
    assert.equal(nextChange(auckland, at('2026-01-03T12:00:00Z')), at('2026-01-04T20:00:00Z'))
  })
  test('is never open, and never changes, without shifts', () => {
    const closed = calendar('Europe/Paris', {})
    assert.equal(isOpen(closed, at('2026-01-05T10:00:00Z')), false)
    assert.equal(nextChange(closed, at('2026-01-05T10:00:00Z')), null)
  })
  test('is open around the clock, never changing, with 00:00-24:00 every day', () => {
    const always = calendar('Europe/Paris', everyDay(shift('00:00', '24:00')))
    for (const instant of ['2026-01-05T10:00:00Z', '2026-03-29T01:30:00Z', '2026-10-25T01:30:00Z']) {
      assert.equal(isOpen(always, at(instant)), true, instant)
      assert.equal(nextChange(always, at(instant)), null, instant)
    }
  })
  test('looks 400 days ahead and no further', () => {
    const now = at('2026-01-05T12:00:00Z')
    const opening = (date: string) => calendar('UTC', {}, { exceptions: [{ date, shifts: [shift('10:00', '11:00')] }] })
    assert.equal(nextChange(opening('2027-02-08'), now), at('2027-02-08T10:00:00Z'), '399 days away')
    assert.equal(nextChange(opening('2027-02-10'), now), null, '401 days away')
  })
})

describe('when the brand works split shifts', () => {
  // Paris (UTC+1 in January): 09:00-12:30 and 14:00-18:00 on weekdays.
  const paris = calendar('Europe/Paris', weekdays(shift('09:00', '12:30'), shift('14:00', '18:00')))

  test('is open in the morning and afternoon shifts', () => {
    assert.equal(isOpen(paris, at('2026-01-05T08:00:00Z')), true)
    assert.equal(isOpen(paris, at('2026-01-05T15:00:00Z')), true)
  })
  test('is closed over the lunch gap', () => {
    assert.equal(isOpen(paris, at('2026-01-05T11:30:00Z')), false)
    assert.equal(isOpen(paris, at('2026-01-05T12:59:59.999Z')), false)
    assert.equal(isOpen(paris, at('2026-01-05T13:00:00Z')), true)
  })
  test('next closes for lunch, then reopens after it', () => {
    assert.equal(nextChange(paris, at('2026-01-05T09:00:00Z')), at('2026-01-05T11:30:00Z'))
    assert.equal(nextChange(paris, at('2026-01-05T11:30:00Z')), at('2026-01-05T13:00:00Z'))
    assert.equal(nextChange(paris, at('2026-01-05T13:00:00Z')), at('2026-01-05T17:00:00Z'))
  })
  test('next opens on Monday morning when closed for the weekend', () => {
    // Friday 2026-01-09 18:00 CET to Monday 2026-01-12 09:00 CET.
    assert.equal(nextChange(paris, at('2026-01-09T17:00:00Z')), at('2026-01-12T08:00:00Z'))
    assert.equal(nextChange(paris, at('2026-01-10T12:00:00Z')), at('2026-01-12T08:00:00Z'))
  })
  test('treats shifts that touch as one stretch with no change between them', () => {
    const backToBack = calendar('Europe/Paris', { monday: [shift('09:00', '12:00'), shift('12:00', '15:00')] })
    assert.equal(isOpen(backToBack, at('2026-01-05T11:00:00Z')), true)
    assert.equal(nextChange(backToBack, at('2026-01-05T08:00:00Z')), at('2026-01-05T14:00:00Z'))
  })
  test('opens and closes exactly where nextChange says, week after week', () => {
    assertChangesAgree(paris, at('2026-01-01T00:00:00Z'), 40)
  })
})

describe('when a shift runs overnight', () => {
  // Auckland night desk, Friday 22:00-06:00 NZDT (UTC+13): Friday 09:00 UTC to Friday 17:00 UTC.
  const nightDesk = (dated: Parameters<typeof calendar>[2] = {}) => calendar('Pacific/Auckland', {
    friday: [shift('22:00', '06:00')],
    saturday: [shift('10:00', '14:00')],
  }, dated)

  test('is open from its start on Friday into Saturday morning', () => {
    assert.equal(isOpen(nightDesk(), at('2026-01-09T08:59:59.999Z')), false)
    assert.equal(isOpen(nightDesk(), at('2026-01-09T09:00:00Z')), true)
    assert.equal(isOpen(nightDesk(), at('2026-01-09T14:00:00Z')), true, 'Saturday 03:00')
    assert.equal(isOpen(nightDesk(), at('2026-01-09T17:00:00Z')), false, 'Saturday 06:00')
  })
  test('still runs on Saturday 03:00 when Saturday is a holiday', () => {
    const saturdayOff = nightDesk({ holidays: [{ date: '2026-01-10', name: 'Staff day' }] })
    assert.equal(isOpen(saturdayOff, at('2026-01-09T14:00:00Z')), true)
    assert.equal(nextChange(saturdayOff, at('2026-01-09T14:00:00Z')), at('2026-01-09T17:00:00Z'))
    assert.equal(isOpen(saturdayOff, at('2026-01-09T22:00:00Z')), false, "but Saturday's own shift is off")
  })
  test('still runs after midnight when the next day has exceptional hours', () => {
    const shortSaturday = nightDesk({ exceptions: [{ date: '2026-01-10', shifts: [] }] })
    assert.equal(isOpen(shortSaturday, at('2026-01-09T14:00:00Z')), true)
    assert.equal(isOpen(shortSaturday, at('2026-01-09T22:00:00Z')), false)
  })
  test('next closes at its morning end', () => {
    assert.equal(nextChange(nightDesk(), at('2026-01-09T09:00:00Z')), at('2026-01-09T17:00:00Z'))
  })
  test("Sunday's night shift runs into Monday", () => {
    const sundayNight = calendar('Europe/Paris', { sunday: [shift('20:00', '04:00')] })
    // Monday 2026-01-05 03:00 CET and 04:00 CET.
    assert.equal(isOpen(sundayNight, at('2026-01-05T02:00:00Z')), true)
    assert.equal(nextChange(sundayNight, at('2026-01-05T02:00:00Z')), at('2026-01-05T03:00:00Z'))
  })
  test('an end of 00:00 after a later start means midnight', () => {
    const evenings = calendar('Europe/Paris', { monday: [shift('20:00', '00:00')] })
    assert.equal(isOpen(evenings, at('2026-01-05T22:59:59.999Z')), true)
    assert.equal(isOpen(evenings, at('2026-01-05T23:00:00Z')), false)
  })
  test('is not open on the morning before it starts', () => {
    // Friday 03:00 NZDT: only Thursday's night shift could cover it, and there is none.
    assert.equal(isOpen(nightDesk(), at('2026-01-08T14:00:00Z')), false)
  })
})

describe('when a shift ends at 24:00', () => {
  // Paris, Monday 2026-01-05; midnight CET is 23:00 UTC.
  test('closes at midnight exactly', () => {
    const lateMonday = calendar('Europe/Paris', { monday: [shift('18:00', '24:00')] })
    assert.equal(isOpen(lateMonday, at('2026-01-05T22:59:59.999Z')), true)
    assert.equal(isOpen(lateMonday, at('2026-01-05T23:00:00Z')), false)
    assert.equal(nextChange(lateMonday, at('2026-01-05T18:00:00Z')), at('2026-01-05T23:00:00Z'))
  })
  test('runs on without a change into a shift starting at 00:00 the next day', () => {
    const acrossMidnight = calendar('Europe/Paris', { monday: [shift('18:00', '24:00')], tuesday: [shift('00:00', '02:00')] })
    assert.equal(isOpen(acrossMidnight, at('2026-01-05T23:00:00Z')), true)
    assert.equal(nextChange(acrossMidnight, at('2026-01-05T18:00:00Z')), at('2026-01-06T01:00:00Z'))
  })
})

describe('on a holiday', () => {
  // Paris weekdays 09:00-18:00; 2026-01-01 is a Thursday.
  const paris = calendar('Europe/Paris', weekdays(shift('09:00', '18:00')), {
    holidays: [{ date: '2026-01-01', name: "New Year's Day" }],
  })

  test('is closed all of what would be a working day', () => {
    assert.equal(isOpen(paris, at('2026-01-01T09:00:00Z')), false)
    assert.equal(isOpen(paris, at('2025-12-31T09:00:00Z')), true, 'the day before is a normal day')
  })
  test('next opens the day after', () => {
    assert.equal(nextChange(paris, at('2025-12-31T17:00:00Z')), at('2026-01-02T08:00:00Z'))
  })
  test('wins over an exception for the same date', () => {
    const both = calendar('Europe/Paris', weekdays(shift('09:00', '18:00')), {
      holidays: [{ date: '2026-01-01' }],
      exceptions: [{ date: '2026-01-01', shifts: [shift('10:00', '12:00')] }],
    })
    assert.equal(isOpen(both, at('2026-01-01T10:00:00Z')), false)
    assert.equal(nextChange(both, at('2025-12-31T17:00:00Z')), at('2026-01-02T08:00:00Z'))
    assert.deepEqual(calendarProblems(both), [], 'and both entries are allowed')
  })
})

describe('on an exception day', () => {
  // New York weekdays 09:00-17:00 EST (UTC-5). 2026-12-24 is a Thursday, 2026-12-20 a Sunday.
  const newYork = calendar('America/New_York', weekdays(shift('09:00', '17:00')), {
    exceptions: [
      { date: '2026-12-24', shifts: [shift('09:00', '13:00')] },
      { date: '2026-12-20', shifts: [shift('10:00', '14:00')] },
      { date: '2026-12-31', shifts: [] },
    ],
  })

  test('works the exception hours instead of the weekly ones', () => {
    assert.equal(isOpen(newYork, at('2026-12-24T17:59:59.999Z')), true, '12:59 EST')
    assert.equal(isOpen(newYork, at('2026-12-24T18:00:00Z')), false, '13:00 EST')
    assert.equal(nextChange(newYork, at('2026-12-24T15:00:00Z')), at('2026-12-24T18:00:00Z'))
    assert.equal(isOpen(newYork, at('2026-12-23T20:00:00Z')), true, 'the day before keeps 09:00-17:00')
  })
  test('opens a day that is normally closed', () => {
    assert.equal(nextChange(newYork, at('2026-12-19T12:00:00Z')), at('2026-12-20T15:00:00Z'))
    assert.equal(isOpen(newYork, at('2026-12-20T16:00:00Z')), true)
  })
  test('with no shifts, closes the day', () => {
    assert.equal(isOpen(newYork, at('2026-12-31T16:00:00Z')), false)
    assert.equal(nextChange(newYork, at('2026-12-30T22:00:00Z')), at('2027-01-01T14:00:00Z'))
  })
})

describe('across a daylight-saving change', () => {
  describe('in Paris, springing forward on 2026-03-29 (02:00 CET becomes 03:00 CEST at 01:00 UTC)', () => {
    test('a Sunday opening moves from UTC+1 to UTC+2', () => {
      const sundays = calendar('Europe/Paris', { sunday: [shift('09:00', '17:00')] })
      assert.equal(nextChange(sundays, at('2026-03-28T12:00:00Z')), at('2026-03-29T07:00:00Z'))
      assert.equal(nextChange(sundays, at('2026-03-29T07:00:00Z')), at('2026-03-29T15:00:00Z'))
      // From the Sunday before, closing at 17:00 CET: a week later less the lost hour.
      assert.equal(nextChange(sundays, at('2026-03-22T16:00:00Z')), at('2026-03-22T08:00:00Z') + 7 * DAY - HOUR)
    })
    test('a shift starting at 02:30, which does not exist, opens at 03:00 CEST', () => {
      const early = calendar('Europe/Paris', { sunday: [shift('02:30', '10:00')] })
      assert.equal(nextChange(early, at('2026-03-28T12:00:00Z')), at('2026-03-29T01:00:00Z'))
      assert.equal(isOpen(early, at('2026-03-29T00:59:59.999Z')), false)
      assert.equal(isOpen(early, at('2026-03-29T01:00:00Z')), true)
      assert.equal(nextChange(early, at('2026-03-29T01:00:00Z')), at('2026-03-29T08:00:00Z'))
    })
    test('a Saturday night shift is an hour shorter', () => {
      const night = calendar('Europe/Paris', { saturday: [shift('22:00', '06:00')] })
      assert.equal(nextChange(night, at('2026-03-28T21:00:00Z')), at('2026-03-29T04:00:00Z'))
      assert.equal(isOpen(night, at('2026-03-29T03:59:59.999Z')), true)
    })
    test('a shift wholly inside the skipped hour never opens that day', () => {
      const lost = calendar('Europe/Paris', { sunday: [shift('02:00', '02:45')] })
      assert.equal(isOpen(lost, at('2026-03-29T01:00:00Z')), false)
      assert.equal(nextChange(lost, at('2026-03-28T12:00:00Z')), at('2026-04-05T00:00:00Z'))
    })
  })

  describe('in Paris, falling back on 2026-10-25 (03:00 CEST becomes 02:00 CET at 01:00 UTC)', () => {
    test('a Sunday opening moves from UTC+2 to UTC+1', () => {
      const sundays = calendar('Europe/Paris', { sunday: [shift('09:00', '17:00')] })
      assert.equal(nextChange(sundays, at('2026-10-24T12:00:00Z')), at('2026-10-25T08:00:00Z'))
      assert.equal(nextChange(sundays, at('2026-10-25T08:00:00Z')), at('2026-10-25T16:00:00Z'))
    })
    test('a night shift ending at 02:30 ends at the first 02:30, and stays closed through the second', () => {
      const night = calendar('Europe/Paris', { saturday: [shift('22:00', '02:30')] })
      assert.equal(nextChange(night, at('2026-10-24T21:00:00Z')), at('2026-10-25T00:30:00Z'))
      assert.equal(isOpen(night, at('2026-10-25T00:29:59.999Z')), true)
      assert.equal(isOpen(night, at('2026-10-25T00:30:00Z')), false)
      assert.equal(isOpen(night, at('2026-10-25T01:15:00Z')), false, '02:15 CET, the second time round')
    })
    test('a shift starting at 02:30 starts at the first 02:30', () => {
      const early = calendar('Europe/Paris', { sunday: [shift('02:30', '05:00')] })
      assert.equal(nextChange(early, at('2026-10-24T12:00:00Z')), at('2026-10-25T00:30:00Z'))
      assert.equal(isOpen(early, at('2026-10-25T01:15:00Z')), true)
      assert.equal(nextChange(early, at('2026-10-25T00:30:00Z')), at('2026-10-25T04:00:00Z'))
    })
    test('a Saturday night shift is an hour longer', () => {
      const night = calendar('Europe/Paris', { saturday: [shift('22:00', '06:00')] })
      assert.equal(nextChange(night, at('2026-10-24T20:00:00Z')), at('2026-10-25T05:00:00Z'))
    })
  })

  describe('in New York, springing forward on 2026-03-08 (02:00 EST becomes 03:00 EDT at 07:00 UTC)', () => {
    test('a Sunday opening moves from UTC-5 to UTC-4', () => {
      const sundays = calendar('America/New_York', { sunday: [shift('09:00', '17:00')] })
      assert.equal(nextChange(sundays, at('2026-03-07T18:00:00Z')), at('2026-03-08T13:00:00Z'))
      assert.equal(nextChange(sundays, at('2026-03-08T13:00:00Z')), at('2026-03-08T21:00:00Z'))
    })
    test('a shift starting at 02:30, which does not exist, opens at 03:00 EDT', () => {
      const early = calendar('America/New_York', { sunday: [shift('02:30', '08:00')] })
      assert.equal(nextChange(early, at('2026-03-07T18:00:00Z')), at('2026-03-08T07:00:00Z'))
      assert.equal(isOpen(early, at('2026-03-08T06:59:59.999Z')), false)
      assert.equal(isOpen(early, at('2026-03-08T07:00:00Z')), true)
    })
    test('a weekend that crosses the change keeps its hours on both sides', () => {
      const weekly = calendar('America/New_York', weekdays(shift('09:00', '17:00')))
      // Friday 2026-03-06 17:00 EST, then Monday 2026-03-09 09:00 EDT.
      assert.equal(nextChange(weekly, at('2026-03-06T22:00:00Z')), at('2026-03-09T13:00:00Z'))
    })
  })

  describe('in New York, falling back on 2026-11-01 (02:00 EDT becomes 01:00 EST at 06:00 UTC)', () => {
    test('a Sunday opening moves from UTC-4 to UTC-5', () => {
      const sundays = calendar('America/New_York', { sunday: [shift('09:00', '17:00')] })
      assert.equal(nextChange(sundays, at('2026-10-31T18:00:00Z')), at('2026-11-01T14:00:00Z'))
    })
    test('a night shift ending at 01:30 ends at the first 01:30', () => {
      const night = calendar('America/New_York', { saturday: [shift('20:00', '01:30')] })
      assert.equal(nextChange(night, at('2026-11-01T00:00:00Z')), at('2026-11-01T05:30:00Z'))
      assert.equal(isOpen(night, at('2026-11-01T06:15:00Z')), false, '01:15 EST, the second time round')
    })
    test('a weekend that crosses the change keeps its hours on both sides', () => {
      const weekly = calendar('America/New_York', weekdays(shift('09:00', '17:00')))
      // Friday 2026-10-30 17:00 EDT, then Monday 2026-11-02 09:00 EST.
      assert.equal(nextChange(weekly, at('2026-10-30T21:00:00Z')), at('2026-11-02T14:00:00Z'))
    })
  })

  test('in Auckland, springing forward on 2026-09-27, a 02:30 start opens at 03:00 NZDT', () => {
    // 02:00 NZST (UTC+12) becomes 03:00 NZDT (UTC+13) at 14:00 UTC the day before.
    const early = calendar('Pacific/Auckland', { sunday: [shift('02:30', '08:00')] })
    assert.equal(nextChange(early, at('2026-09-26T00:00:00Z')), at('2026-09-26T14:00:00Z'))
    assert.equal(nextChange(early, at('2026-09-26T14:00:00Z')), at('2026-09-26T19:00:00Z'))
  })

  test('opens and closes exactly where nextChange says through all four changes', () => {
    const busy = (timeZone: string) => calendar(timeZone, {
      ...weekdays(shift('08:00', '12:00'), shift('13:00', '17:30')),
      saturday: [shift('22:00', '02:15')],
      sunday: [shift('02:30', '03:30'), shift('09:00', '24:00')],
    })
    for (const [timeZone, from] of [
      ['Europe/Paris', '2026-03-26T00:00:00Z'], ['Europe/Paris', '2026-10-22T00:00:00Z'],
      ['America/New_York', '2026-03-05T00:00:00Z'], ['America/New_York', '2026-10-29T00:00:00Z'],
    ] as const) assertChangesAgree(busy(timeZone), at(from), 16)
  })
})

describe('when the calendar is invalid', () => {
  const pathsOf = (subject: SupportCalendar, limits?: Parameters<typeof calendarProblems>[1]) =>
    calendarProblems(subject, limits).map((problem) => problem.path)
  const problemAt = (subject: SupportCalendar, path: string) =>
    calendarProblems(subject).find((problem) => problem.path === path)?.message

  test('finds nothing wrong with a sound calendar', () => {
    const sound = calendar('Europe/Paris', {
      ...weekdays(shift('09:00', '12:30'), shift('14:00', '18:00')),
      friday: [shift('09:00', '12:00'), shift('22:00', '06:00')],
      saturday: [shift('06:00', '10:00')],
      sunday: [shift('00:00', '24:00')],
    }, {
      holidays: [{ date: '2026-01-01', name: "New Year's Day" }, { date: '2026-12-25' }],
      exceptions: [{ date: '2026-12-24', shifts: [shift('09:00', '13:00')] }],
    })
    assert.deepEqual(calendarProblems(sound), [])
  })

  test('reports an unknown time zone', () => {
    assert.deepEqual(calendarProblems(calendar('Europe/Atlantis', {})), [{ path: '/timeZone', message: 'is not a known IANA time zone' }])
    assert.deepEqual(pathsOf(calendar('', {})), ['/timeZone'])
  })

  test('reports a malformed time at its start or end', () => {
    const sloppy = calendar('UTC', { monday: [shift('9:00', '17:00'), shift('18:00', 'late')] })
    assert.deepEqual(pathsOf(sloppy), ['/weekly/monday/0/start', '/weekly/monday/1/end'])
    assert.equal(problemAt(sloppy, '/weekly/monday/0/start'), 'must be a time written HH:MM')
  })

  test('reports an impossible time, allowing 24:00 only as an end', () => {
    const impossible = calendar('UTC', {
      tuesday: [shift('25:00', '26:00'), shift('12:60', '13:00')],
      wednesday: [shift('24:00', '02:00'), shift('03:00', '24:01')],
    })
    assert.deepEqual(pathsOf(impossible), [
      '/weekly/tuesday/0/start', '/weekly/tuesday/0/end', '/weekly/tuesday/1/start',
      '/weekly/wednesday/0/start', '/weekly/wednesday/1/end',
    ])
    assert.match(problemAt(impossible, '/weekly/wednesday/0/start') ?? '', /00:00 and 23:59/)
    assert.match(problemAt(impossible, '/weekly/wednesday/1/end') ?? '', /00:00 and 24:00/)
  })

  test('reports a shift that ends when it starts', () => {
    const empty = calendar('UTC', { thursday: [shift('09:00', '09:00')] })
    assert.deepEqual(calendarProblems(empty), [{ path: '/weekly/thursday/0/end', message: 'must differ from the start' }])
  })

  test("reports shifts of one day that overlap, at the later one, but not ones that touch", () => {
    const clash = calendar('UTC', {
      monday: [shift('09:00', '13:00'), shift('12:00', '15:00'), shift('15:00', '16:00')],
      tuesday: [shift('20:00', '02:00'), shift('10:00', '21:00')],
    })
    assert.deepEqual(calendarProblems(clash), [
      { path: '/weekly/monday/1', message: 'overlaps the shift at /weekly/monday/0' },
      { path: '/weekly/tuesday/0', message: 'overlaps the shift at /weekly/tuesday/1' },
    ])
  })

  test("reports an overnight shift that overlaps the next day's early shift", () => {
    const clash = calendar('UTC', {
      friday: [shift('22:00', '06:00')],
      saturday: [shift('05:00', '10:00')],
      sunday: [shift('23:00', '01:00')],
      monday: [shift('00:30', '08:00')],
    })
    assert.deepEqual(calendarProblems(clash), [
      { path: '/weekly/monday/0', message: 'overlaps the overnight shift at /weekly/sunday/0' },
      { path: '/weekly/saturday/0', message: 'overlaps the overnight shift at /weekly/friday/0' },
    ])
    const twoNights = calendar('UTC', { friday: [shift('22:00', '05:00'), shift('23:00', '04:00')] })
    assert.deepEqual(calendarProblems(twoNights), [
      { path: '/weekly/friday/1', message: 'overlaps the shift at /weekly/friday/0' },
    ], 'once, not again after midnight')
    const touching = calendar('UTC', { friday: [shift('22:00', '06:00')], saturday: [shift('06:00', '10:00')] })
    assert.deepEqual(calendarProblems(touching), [])
  })

  test("reports exception shifts that overlap each other or the neighbouring days' shifts", () => {
    // 2026-01-09 is a Friday.
    const clash = calendar('UTC', {
      thursday: [shift('20:00', '03:00')],
      saturday: [shift('04:00', '12:00'), shift('11:00', '13:00')],
    }, {
      exceptions: [
        { date: '2026-01-09', shifts: [shift('02:00', '08:00'), shift('07:00', '09:00'), shift('23:00', '05:00')] },
        { date: '2026-01-15', shifts: [shift('10:00', '12:00')] },
      ],
    })
    assert.deepEqual(calendarProblems(clash), [
      { path: '/weekly/saturday/1', message: 'overlaps the shift at /weekly/saturday/0' },
      { path: '/exceptions/0/shifts/0', message: 'overlaps the overnight shift at /weekly/thursday/0' },
      { path: '/exceptions/0/shifts/1', message: 'overlaps the shift at /exceptions/0/shifts/0' },
      { path: '/exceptions/0/shifts/2', message: 'runs overnight into the shift at /weekly/saturday/0' },
    ])
  })

  test('reports an exception running overnight into the next exception once', () => {
    const clash = calendar('UTC', {}, {
      exceptions: [{ date: '2026-02-06', shifts: [shift('22:00', '04:00')] }, { date: '2026-02-07', shifts: [shift('03:00', '05:00')] }],
    })
    assert.deepEqual(calendarProblems(clash), [
      { path: '/exceptions/1/shifts/0', message: 'overlaps the overnight shift at /exceptions/0/shifts/0' },
    ])
  })

  test('does not report an overnight shift into a day whose shifts a holiday cancels', () => {
    const cancelled = calendar('UTC', { thursday: [shift('20:00', '03:00')] }, {
      holidays: [{ date: '2026-01-09' }],
      exceptions: [
        { date: '2026-01-08', shifts: [shift('22:00', '04:00')] },
        { date: '2026-01-09', shifts: [shift('02:00', '06:00')] },
        { date: '2026-01-10', shifts: [shift('01:00', '02:00')] },
      ],
    })
    assert.deepEqual(calendarProblems(cancelled), [])
  })

  test('reports malformed and impossible dates', () => {
    const undated = calendar('UTC', {}, {
      holidays: [{ date: '2026-1-1' }, { date: '2026-02-30' }, { date: '2026-13-01' }],
      exceptions: [{ date: 'Christmas', shifts: [] }, { date: '2027-02-29', shifts: [] }],
    })
    assert.deepEqual(pathsOf(undated), [
      '/holidays/0/date', '/holidays/1/date', '/holidays/2/date', '/exceptions/0/date', '/exceptions/1/date',
    ])
    assert.equal(problemAt(undated, '/holidays/0/date'), 'must be a date written YYYY-MM-DD')
    assert.equal(problemAt(undated, '/holidays/1/date'), 'is not a date in the calendar')
    assert.deepEqual(calendarProblems(calendar('UTC', {}, { holidays: [{ date: '2028-02-29' }] })), [], 'a leap day is fine')
  })

  test('reports a date repeated among holidays or among exceptions', () => {
    const repeated = calendar('UTC', {}, {
      holidays: [{ date: '2026-12-25' }, { date: '2026-12-26' }, { date: '2026-12-25', name: 'Christmas again' }],
      exceptions: [{ date: '2026-12-24', shifts: [] }, { date: '2026-12-24', shifts: [shift('09:00', '12:00')] }],
    })
    assert.deepEqual(calendarProblems(repeated), [
      { path: '/holidays/2/date', message: 'repeats the date at /holidays/0/date' },
      { path: '/exceptions/1/date', message: 'repeats the date at /exceptions/0/date' },
    ])
  })

  test('reports shifts with no list, in the weekly hours or an exception', () => {
    const missing = calendar('UTC', {}, { exceptions: [{ date: '2026-12-24', shifts: null as unknown as Shift[] }] })
    delete (missing.weekly as Partial<Record<Weekday, Shift[]>>).sunday
    assert.deepEqual(pathsOf(missing), ['/weekly/sunday', '/exceptions/0/shifts'])
  })

  describe('limits', () => {
    const shiftsPerHour = (count: number) =>
      Array.from({ length: count }, (_, hour) => shift(`${String(hour).padStart(2, '0')}:00`, `${String(hour).padStart(2, '0')}:30`))
    const datedDays = (count: number) =>
      Array.from({ length: count }, (_, day) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10))

    test('allows 10 shifts in a day and rejects 11', () => {
      assert.deepEqual(calendarProblems(calendar('UTC', { monday: shiftsPerHour(10) })), [])
      assert.deepEqual(calendarProblems(calendar('UTC', { monday: shiftsPerHour(11) })), [
        { path: '/weekly/monday', message: 'has 11 shifts; at most 10 are allowed in a day' },
      ])
      const busyException = calendar('UTC', {}, { exceptions: [{ date: '2026-12-24', shifts: shiftsPerHour(11) }] })
      assert.deepEqual(pathsOf(busyException), ['/exceptions/0/shifts'])
    })

    test('allows 366 holidays and exceptions together and rejects 367', () => {
      const dated = (count: number) => {
        const dates = datedDays(count)
        return calendar('UTC', {}, {
          holidays: dates.slice(0, 200).map((date) => ({ date })),
          exceptions: dates.slice(200).map((date) => ({ date, shifts: [shift('10:00', '11:00')] })),
        })
      }
      assert.deepEqual(calendarProblems(dated(366)), [])
      assert.deepEqual(calendarProblems(dated(367)), [
        { path: '', message: 'has 367 holidays and exceptions; at most 366 are allowed' },
      ])
    })

    test('takes other limits when given', () => {
      const subject = calendar('UTC', { monday: shiftsPerHour(3) }, { holidays: [{ date: '2026-12-25' }, { date: '2026-12-26' }] })
      assert.deepEqual(pathsOf(subject, { shiftsPerDay: 3, datedEntries: 2 }), [])
      assert.deepEqual(pathsOf(subject, { shiftsPerDay: 2, datedEntries: 1 }), ['/weekly/monday', ''])
    })
  })

  test('an unreadable shift neither opens nor closes the brand', () => {
    const partlyBroken = calendar('UTC', { monday: [shift('09:00', 'noon'), shift('13:00', '13:00'), shift('14:00', '16:00')] })
    assert.equal(isOpen(partlyBroken, at('2026-01-05T10:00:00Z')), false)
    assert.equal(nextChange(partlyBroken, at('2026-01-05T10:00:00Z')), at('2026-01-05T14:00:00Z'))
  })

  test('isOpen and nextChange throw on an unknown time zone rather than guess one', () => {
    assert.throws(() => isOpen(calendar('Mars/Olympus_Mons', {}), 0), RangeError)
    assert.throws(() => nextChange(calendar('Mars/Olympus_Mons', {}), 0), RangeError)
  })
})
