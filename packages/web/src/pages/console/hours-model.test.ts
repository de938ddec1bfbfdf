import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { SupportCalendar, SupportStatus } from '@parloir/protocol'
import {
  calendarFromDraft, draftFromCalendar, localCalendarProblems, nameShiftsIn, nextShift, shiftKind, starterCalendar, statusSummary, timeZones,
} from './hours-model.ts'

describe('how a shift reads', () => {
  test('an end after the start is within the day', () => {
    assert.equal(shiftKind({ start: '09:00', end: '12:30' }), 'day')
    assert.equal(shiftKind({ start: '00:00', end: '23:59' }), 'day')
  })
  test('an end before the start runs overnight and ends the next day', () => {
    assert.equal(shiftKind({ start: '22:00', end: '06:00' }), 'overnight')
    assert.equal(shiftKind({ start: '18:00', end: '01:00' }), 'overnight')
  })
  test('an end equal to the start is a whole turn of the clock, overnight', () => {
    assert.equal(shiftKind({ start: '08:00', end: '08:00' }), 'overnight')
  })
  test('an end of 00:00 closes at midnight; 00:00 to 00:00 is the whole day', () => {
    assert.equal(shiftKind({ start: '18:00', end: '00:00' }), 'untilMidnight')
    assert.equal(shiftKind({ start: '00:00', end: '00:00' }), 'allDay')
  })
  test('a time not filled in yet reads as incomplete', () => {
    assert.equal(shiftKind({ start: '', end: '06:00' }), 'incomplete')
    assert.equal(shiftKind({ start: '9:00', end: '10:00' }), 'incomplete')
    assert.equal(shiftKind({ start: '24:00', end: '10:00' }), 'incomplete')
  })
})

describe('adding a shift', () => {
  test('an empty day gets 09:00–17:00', () => {
    const shift = nextShift([])
    assert.deepEqual([shift.start, shift.end], ['09:00', '17:00'])
  })
  test('a second shift starts an hour after the first ends: a split shift', () => {
    const shift = nextShift([{ key: 'a', start: '09:00', end: '12:00' }])
    assert.deepEqual([shift.start, shift.end], ['13:00', '16:00'])
  })
  test('after a late shift the new one wraps past midnight', () => {
    const shift = nextShift([{ key: 'a', start: '18:00', end: '23:00' }])
    assert.deepEqual([shift.start, shift.end], ['00:00', '03:00'])
  })
})

describe('to and from the API', () => {
  const calendar: SupportCalendar = {
    timeZone: 'Europe/Paris',
    weekly: {
      monday: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '18:00' }],
      tuesday: [], wednesday: [], thursday: [], saturday: [], sunday: [],
      friday: [{ start: '22:00', end: '06:00' }, { start: '18:00', end: '24:00' }],
    },
    holidays: [{ date: '2026-12-25', name: 'Christmas' }, { date: '2027-01-01' }],
    exceptions: [{ date: '2026-12-24', shifts: [{ start: '09:00', end: '13:00' }] }],
  }

  test('a calendar survives the round trip unchanged', () => {
    assert.deepEqual(calendarFromDraft(draftFromCalendar(calendar)), calendar)
  })
  test('24:00 shows as 00:00 in the editor and is saved back as 24:00', () => {
    const draft = draftFromCalendar(calendar)
    assert.equal(draft.weekly.friday[1]?.end, '00:00')
    assert.equal(shiftKind(draft.weekly.friday[1] ?? { start: '', end: '' }), 'untilMidnight')
    assert.equal(calendarFromDraft(draft).weekly.friday[1]?.end, '24:00')
  })
  test('a blank holiday name is left out, a named one trimmed', () => {
    const draft = draftFromCalendar(calendar)
    draft.holidays[0] = { key: 'x', date: '2026-12-25', name: '  Noël  ' }
    draft.holidays[1] = { key: 'y', date: '2027-01-01', name: '   ' }
    assert.deepEqual(calendarFromDraft(draft).holidays, [{ date: '2026-12-25', name: 'Noël' }, { date: '2027-01-01' }])
  })
  test('the starter calendar is weekdays 09:00–18:00 in the given zone', () => {
    const wire = calendarFromDraft(starterCalendar('America/Montreal'))
    assert.equal(wire.timeZone, 'America/Montreal')
    assert.deepEqual(wire.weekly.monday, [{ start: '09:00', end: '18:00' }])
    assert.deepEqual(wire.weekly.sunday, [])
  })
})

describe('problems the form sees itself', () => {
  test('a missing time, a missing date and a date given twice', () => {
    const draft = starterCalendar('UTC')
    draft.weekly.monday = [{ key: 'a', start: '', end: '12:00' }]
    draft.holidays = [{ key: 'h', date: '2026-05-01', name: '' }, { key: 'i', date: '', name: 'x' }]
    draft.exceptions = [{ key: 'e', date: '2026-05-01', shifts: [{ key: 'b', start: '10:00', end: '' }] }]
    assert.deepEqual(localCalendarProblems(draft), [
      { path: '/weekly/monday/0/start', message: 'missingTime' },
      { path: '/holidays/1/date', message: 'missingDate' },
      { path: '/exceptions/0/date', message: 'repeatedDate' },
      { path: '/exceptions/0/shifts/0/end', message: 'missingTime' },
    ])
  })
})

describe("the summary line from the server's card", () => {
  const calendar = draftFromCalendar({
    timeZone: 'Europe/Paris', weekly: { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] }, holidays: [], exceptions: [],
  })
  const support = (openNow: boolean, nextChangeAt: string | null): SupportStatus => ({
    providesSupport: true, openNow, nextChangeAt, replyTime: null, usualReplyTime: null, calendar: calendarFromDraft(calendar),
  })
  // Wednesday 2026-06-10 10:00 in Paris (UTC+2).
  const now = Date.parse('2026-06-10T08:00:00Z')

  test('open now, closing later today, read on the brand’s clock', () => {
    assert.deepEqual(statusSummary(support(true, '2026-06-10T16:00:00Z'), now), {
      state: 'open', change: { time: '18:00', when: 'today', weekday: 2, date: '2026-06-10' },
    })
  })
  test('closed, opening tomorrow', () => {
    assert.equal(statusSummary(support(false, '2026-06-11T07:00:00Z'), now).change?.when, 'tomorrow')
  })
  test('closed, opening later this week names the weekday (Monday is 0)', () => {
    const summary = statusSummary(support(false, '2026-06-15T07:00:00Z'), now)
    assert.deepEqual(summary.change, { time: '09:00', when: 'weekday', weekday: 0, date: '2026-06-15' })
  })
  test('a week or more away names the date', () => {
    assert.equal(statusSummary(support(false, '2026-06-17T07:00:00Z'), now).change?.when, 'date')
  })
  test('midnight in Paris is the next day there even while it is still the same day in UTC', () => {
    const summary = statusSummary(support(true, '2026-06-10T22:00:00Z'), now)
    assert.deepEqual([summary.change?.time, summary.change?.when], ['00:00', 'tomorrow'])
  })
  test('no published hours: nothing to say', () => {
    assert.deepEqual(statusSummary({ providesSupport: false, openNow: false, nextChangeAt: null, replyTime: null, usualReplyTime: null, calendar: null }, now), { state: 'none', change: null })
  })
  test('hours that never change again give a state without a change', () => {
    assert.deepEqual(statusSummary(support(false, null), now), { state: 'closed', change: null })
  })
})

test('the time zone list has the current zone and UTC', () => {
  const zones = timeZones('Mars/Olympus')
  assert.equal(zones[0], 'Mars/Olympus')
  assert.ok(zones.includes('UTC') && zones.includes('Europe/Paris'))
  assert.equal(timeZones('Europe/Paris').filter((z) => z === 'Europe/Paris').length, 1)
})

test("the server's pointers to other shifts read as the editor names them", () => {
  const name = (where: { day: string; index: number } | { exception: number; index: number }) =>
    ('day' in where ? `Shift ${where.index + 1} on ${where.day}` : `Shift ${where.index + 1} of date ${where.exception + 1}`)
  assert.equal(nameShiftsIn('overlaps the shift at /weekly/monday/0', name), 'overlaps the shift at Shift 1 on monday')
  assert.equal(nameShiftsIn('runs overnight into the shift at /exceptions/2/shifts/1', name), 'runs overnight into the shift at Shift 2 of date 3')
  assert.equal(nameShiftsIn('must match pattern', name), 'must match pattern')
})
