import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { SupportCalendar } from '@parloir/protocol'
import { clockTime, supportLine, usualReplyTime, holidayDate, shiftText, upcomingHolidays, weekdayName, weeklyHours } from './profile-support.ts'

const words = { midnight: 'midnight', nextDay: '(next day)', closed: 'Closed' }
const calendar: SupportCalendar = {
  timeZone: 'Europe/Paris',
  weekly: {
    monday: [{ start: '14:00', end: '18:00' }, { start: '09:00', end: '12:30' }],
    tuesday: [{ start: '09:00', end: '18:00' }], wednesday: [], thursday: [{ start: '22:00', end: '06:00' }],
    friday: [{ start: '09:00', end: '24:00' }], saturday: [], sunday: [],
  },
  holidays: [{ date: '2026-12-25', name: 'Christmas' }, { date: '2026-11-01' }, { date: '2027-01-01', name: 'New Year' }, { date: '2026-12-24' }, { date: '2027-05-01' }],
  exceptions: [],
}

describe('weekly hours', () => {
  test('are listed Monday first, shifts in order, in the reader\'s way of writing times', () => {
    const rows = weeklyHours(calendar, 'en-GB', words)
    assert.deepEqual(rows.map((r) => r.name), ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'])
    assert.equal(rows[0]?.times, '09:00\u00a0–\u00a012:30, 14:00\u00a0–\u00a018:00')
    assert.deepEqual(rows.filter((r) => r.closed).map((r) => r.day), ['wednesday', 'saturday', 'sunday'])
    assert.equal(rows[2]?.times, 'Closed')
  })

  test('say when a shift runs overnight or until midnight', () => {
    assert.equal(shiftText({ start: '22:00', end: '06:00' }, 'en-GB', words), '22:00\u00a0–\u00a006:00\u00a0(next day)')
    assert.equal(shiftText({ start: '09:00', end: '24:00' }, 'en-GB', words), '09:00\u00a0–\u00a0midnight')
    assert.equal(shiftText({ start: '00:00', end: '24:00' }, 'en-GB', words), '00:00\u00a0–\u00a0midnight')
  })

  test('read in English as 09:00 AM and in French as 09:00, with French day names', () => {
    assert.match(clockTime('09:05', 'en-US'), /^09:05\sAM$/)
    assert.match(clockTime('21:30', 'en-US'), /^09:30\sPM$/)
    assert.equal(clockTime('09:05', 'fr-FR'), '09:05')
    assert.equal(weekdayName('monday', 'fr-FR'), 'lundi')
  })
})

describe('holidays', () => {
  test('from today on in the brand\'s zone, soonest first, three at most', () => {
    // 23:30 UTC on 24 December is already the 25th in Paris.
    const now = Date.parse('2026-12-24T23:30:00Z')
    assert.deepEqual(upcomingHolidays(calendar, now).map((h) => h.date), ['2026-12-25', '2027-01-01', '2027-05-01'])
    assert.equal(holidayDate('2026-12-25', 'en-GB'), 'Friday 25 December')
  })
})

describe('the line a profile or a conversation shows', () => {
  const now = Date.parse('2026-11-30T10:00:00Z') // a Monday, 11:00 in Paris
  const support = (openNow: boolean, nextChangeAt: string | null) => ({
    providesSupport: true, openNow, nextChangeAt, replyTime: null, usualReplyTime: null, calendar: { ...calendar, timeZone: 'Europe/Paris' },
  })

  test('says the brand\'s time with its zone, and the reader\'s beside it (protocol\'s one wording)', () => {
    assert.equal(supportLine(support(true, '2026-11-30T17:00:00Z'), now, 'en', 'America/New_York'), 'Open now · closes today at 18:00 (Europe/Paris time) · today at 12:00 your time')
    assert.equal(supportLine(support(false, '2026-12-01T08:00:00Z'), now, 'fr', 'Europe/Paris'), 'Absent · de retour demain à 09:00 (heure de Europe/Paris)')
  })

  test('the usual reply time is the measured one, else the declared one', () => {
    assert.equal(usualReplyTime({ usualReplyTime: 'minutes', replyTime: 'day' }), 'minutes')
    assert.equal(usualReplyTime({ usualReplyTime: null, replyTime: 'day' }), 'day')
    assert.equal(usualReplyTime({ usualReplyTime: null, replyTime: null }), null)
  })
})
