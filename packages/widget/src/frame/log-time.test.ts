import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dayKey, dayLabel, daySeparators, timeOfDay } from './log-time.ts'

const en = { today: 'Today', yesterday: 'Yesterday' }
const fr = { today: 'Aujourd’hui', yesterday: 'Hier' }
const now = new Date('2026-12-07T10:30:00Z')

test('the day is the one of the visitor’s time zone, not UTC’s', () => {
  const lateEvening = new Date('2026-12-06T23:30:00Z')
  assert.equal(dayKey(lateEvening, 'UTC'), '2026-12-06')
  assert.equal(dayKey(lateEvening, 'Europe/Paris'), '2026-12-07')
  assert.equal(dayLabel(lateEvening, now, 'en', en, 'Europe/Paris'), 'Today')
  assert.equal(dayLabel(lateEvening, now, 'en', en, 'UTC'), 'Yesterday')
  assert.equal(dayLabel(lateEvening, now, 'en', en, 'America/New_York'), 'Yesterday')
})

test('today, yesterday, a weekday within the week, then dates, with the year only when another', () => {
  assert.equal(dayLabel(new Date('2026-12-07T08:00:00Z'), now, 'fr', fr, 'UTC'), 'Aujourd’hui')
  assert.equal(dayLabel(new Date('2026-12-06T08:00:00Z'), now, 'fr', fr, 'UTC'), 'Hier')
  assert.equal(dayLabel(new Date('2026-12-04T08:00:00Z'), now, 'en', en, 'UTC'), 'Friday, December 4')
  assert.equal(dayLabel(new Date('2026-12-04T08:00:00Z'), now, 'fr', fr, 'UTC'), 'Vendredi 4 décembre')
  assert.equal(dayLabel(new Date('2026-11-20T08:00:00Z'), now, 'en', en, 'UTC'), 'November 20')
  assert.equal(dayLabel(new Date('2025-11-20T08:00:00Z'), now, 'fr', fr, 'UTC'), '20 novembre 2025')
})

test('times of day as each language writes them', () => {
  const at = new Date('2026-12-07T14:05:00Z')
  assert.equal(timeOfDay(at, 'fr', 'UTC'), '14:05')
  assert.equal(timeOfDay(at, 'en', 'UTC').replace(/\s/g, ' '), '2:05 PM')
  assert.equal(timeOfDay(at, 'fr', 'Europe/Paris'), '15:05')
})

test('a separator above the first message of each day, none for messages on their way', () => {
  const times = [
    new Date('2026-12-05T09:00:00Z'), new Date('2026-12-05T09:01:00Z'),
    new Date('2026-12-06T18:00:00Z'),
    new Date('2026-12-07T07:00:00Z'), new Date('2026-12-07T07:02:00Z'), null,
  ]
  assert.deepEqual(daySeparators(times, now, 'en', en, 'UTC'), ['Saturday, December 5', null, 'Yesterday', 'Today', null, null])
  assert.deepEqual(daySeparators([], now, 'en', en, 'UTC'), [])
})
