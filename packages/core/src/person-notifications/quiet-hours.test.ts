import { test } from 'node:test'
import assert from 'node:assert/strict'
import { inQuietHours, isTimeZone, localMinutes, quietHoursEnd } from './quiet-hours.ts'

// 2026-01-15 is winter: Paris is UTC+1. 2026-07-15 is summer: UTC+2.
const paris = (iso: string) => Date.parse(`${iso}+01:00`)
const nightParis = { quietStartMin: 22 * 60, quietEndMin: 7 * 60, timeZone: 'Europe/Paris' }

test('quiet hours over midnight: start included, end excluded, in the person\'s zone', () => {
  assert.equal(inQuietHours(nightParis, paris('2026-01-15T21:59:59')), false)
  assert.equal(inQuietHours(nightParis, paris('2026-01-15T22:00:00')), true)
  assert.equal(inQuietHours(nightParis, paris('2026-01-16T03:00:00')), true)
  assert.equal(inQuietHours(nightParis, paris('2026-01-16T06:59:59')), true)
  assert.equal(inQuietHours(nightParis, paris('2026-01-16T07:00:00')), false)
})

test('quiet hours within a day, and none when the bounds are equal or unset', () => {
  const lunch = { quietStartMin: 12 * 60, quietEndMin: 13 * 60 + 30, timeZone: 'UTC' }
  assert.equal(inQuietHours(lunch, Date.parse('2026-01-15T11:59:00Z')), false)
  assert.equal(inQuietHours(lunch, Date.parse('2026-01-15T12:00:00Z')), true)
  assert.equal(inQuietHours(lunch, Date.parse('2026-01-15T13:29:00Z')), true)
  assert.equal(inQuietHours(lunch, Date.parse('2026-01-15T13:30:00Z')), false)
  assert.equal(inQuietHours({ ...lunch, quietEndMin: 12 * 60 }, Date.parse('2026-01-15T12:00:00Z')), false)
  assert.equal(inQuietHours({ ...lunch, quietStartMin: null, quietEndMin: null }, Date.parse('2026-01-15T12:00:00Z')), false)
})

test('the end of quiet hours is the start of the end minute, the next morning', () => {
  assert.equal(quietHoursEnd(nightParis, paris('2026-01-15T23:30:10')), paris('2026-01-16T07:00:00'))
  assert.equal(quietHoursEnd(nightParis, paris('2026-01-16T06:59:59')), paris('2026-01-16T07:00:00'))
  assert.equal(quietHoursEnd(nightParis, paris('2026-01-16T12:00:00')), paris('2026-01-16T12:00:00'), 'not quiet: now')
  const summer = Date.parse('2026-07-15T23:00:00+02:00')
  assert.equal(localMinutes(summer, 'Europe/Paris'), 23 * 60)
  assert.equal(quietHoursEnd(nightParis, summer), Date.parse('2026-07-16T07:00:00+02:00'))
})

test('time zones are IANA names the runtime knows', () => {
  assert.equal(isTimeZone('Europe/Paris'), true)
  assert.equal(isTimeZone('UTC'), true)
  assert.equal(isTimeZone('Mars/Olympus_Mons'), false)
})
