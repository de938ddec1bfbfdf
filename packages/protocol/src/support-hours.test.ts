import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { relativeWhen, replyTimeBucket, supportHoursLabel, supportStatusLine } from './support-hours.ts'
import type { SupportCalendar } from './brand-messaging.ts'

const paris: SupportCalendar = {
  timeZone: 'Europe/Paris',
  weekly: { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] }, holidays: [], exceptions: [],
}
const away = (nextChangeAt: string | null) => ({ openNow: false, nextChangeAt, calendar: paris })
const at = (iso: string) => Date.parse(iso)

describe('when a brand is away', () => {
  test('at 01:50 on a Monday it is back today at 09:00, not "Monday"', () => {
    const line = supportStatusLine(away('2026-11-23T08:00:00Z'), { nowMs: at('2026-11-23T00:50:00Z'), language: 'en', readerZone: null })
    assert.equal(line.text, 'Away · back today at 09:00 (Europe/Paris time)')
    assert.equal(line.readerWhen, null, 'a page without script knows no reader zone')
  })

  test("the reader's own time stands beside the brand's when their clock reads differently", () => {
    const line = supportStatusLine(away('2026-11-23T08:00:00Z'), { nowMs: at('2026-11-23T00:50:00Z'), language: 'en', readerZone: 'Europe/London' })
    assert.equal(line.text, 'Away · back today at 09:00 (Europe/Paris time) · today at 08:00 your time')
    const fr = supportStatusLine(away('2026-11-23T08:00:00Z'), { nowMs: at('2026-11-23T00:50:00Z'), language: 'fr', readerZone: 'Europe/London' })
    assert.equal(fr.text, 'Absent · de retour aujourd’hui à 09:00 (heure de Europe/Paris) · aujourd’hui à 08:00 chez vous')
  })

  test('a zone of the same clock adds nothing; the same zone adds nothing', () => {
    for (const readerZone of ['Europe/Berlin', 'Europe/Paris']) {
      const line = supportStatusLine(away('2026-11-23T08:00:00Z'), { nowMs: at('2026-11-23T00:50:00Z'), language: 'en', readerZone })
      assert.equal(line.readerWhen, null)
    }
  })

  test('across midnight: tomorrow for the brand may be today for the reader, and the other way round', () => {
    // 23:30 Sunday in Paris; back Monday 09:00 Paris = Monday 03:00 in New York, where it is still 17:30 Sunday.
    const line = supportStatusLine(away('2026-11-23T08:00:00Z'), { nowMs: at('2026-11-22T22:30:00Z'), language: 'en', readerZone: 'America/New_York' })
    assert.equal(line.text, 'Away · back tomorrow at 09:00 (Europe/Paris time) · tomorrow at 03:00 your time')
    // 00:10 Monday in Paris, 23:10 Sunday in London: back 00:30 Paris is "today" there and "today at 23:30" in London.
    const late = supportStatusLine(away('2026-11-22T23:30:00Z'), { nowMs: at('2026-11-22T23:10:00Z'), language: 'en', readerZone: 'Europe/London' })
    assert.equal(late.text, 'Away · back today at 00:30 (Europe/Paris time) · today at 23:30 your time')
    // Tokyo is already Monday morning while Paris is Sunday evening.
    const tokyo = supportStatusLine(away('2026-11-23T08:00:00Z'), { nowMs: at('2026-11-22T18:00:00Z'), language: 'en', readerZone: 'Asia/Tokyo' })
    assert.equal(tokyo.text, 'Away · back tomorrow at 09:00 (Europe/Paris time) · today at 17:00 your time')
  })

  test('at exactly midnight the day has turned', () => {
    assert.equal(relativeWhen(at('2026-11-23T08:00:00Z'), at('2026-11-22T23:00:00Z'), 'Europe/Paris', 'en'), 'today at 09:00')
    assert.equal(relativeWhen(at('2026-11-23T08:00:00Z'), at('2026-11-22T22:59:59Z'), 'Europe/Paris', 'en'), 'tomorrow at 09:00')
  })

  test('across the spring and autumn changes of clock, the wall time stays the brand\'s', () => {
    // Paris springs forward at 02:00 on 2026-03-29: at 01:30 (UTC+1), 09:00 that Sunday (UTC+2, 07:00 UTC) is today.
    assert.equal(relativeWhen(at('2026-03-29T07:00:00Z'), at('2026-03-29T00:30:00Z'), 'Europe/Paris', 'en'), 'today at 09:00')
    assert.equal(relativeWhen(at('2026-03-30T07:00:00Z'), at('2026-03-29T00:30:00Z'), 'Europe/Paris', 'en'), 'tomorrow at 09:00')
    assert.equal(relativeWhen(at('2026-03-29T07:00:00Z'), at('2026-03-28T22:30:00Z'), 'Europe/Paris', 'en'), 'tomorrow at 09:00')
    // New York changed on 2026-03-08, Paris not yet: the gap is 5 hours, not 6, for those three weeks.
    const gap = supportStatusLine(away('2026-03-16T08:00:00Z'), { nowMs: at('2026-03-15T20:00:00Z'), language: 'en', readerZone: 'America/New_York' })
    assert.equal(gap.text, 'Away · back tomorrow at 09:00 (Europe/Paris time) · tomorrow at 04:00 your time')
    // Paris falls back on 2026-10-25: 09:00 that Sunday is 08:00 UTC.
    assert.equal(relativeWhen(at('2026-10-25T08:00:00Z'), at('2026-10-24T23:30:00Z'), 'Europe/Paris', 'en'), 'today at 09:00')
  })

  test('later in the week a weekday, after a week a date', () => {
    assert.equal(relativeWhen(at('2026-11-26T08:00:00Z'), at('2026-11-23T10:00:00Z'), 'Europe/Paris', 'en'), 'Thursday at 09:00')
    assert.equal(relativeWhen(at('2026-12-25T08:00:00Z'), at('2026-11-23T10:00:00Z'), 'Europe/Paris', 'fr'), 'le vendredi 25 décembre à 09:00')
  })

  test('open until, with no change planned, or with no calendar', () => {
    const open = supportStatusLine({ openNow: true, nextChangeAt: '2026-11-23T17:00:00Z', calendar: paris }, { nowMs: at('2026-11-23T10:00:00Z'), language: 'en', readerZone: null })
    assert.equal(open.text, 'Open now · closes today at 18:00 (Europe/Paris time)')
    assert.equal(supportStatusLine(away(null), { nowMs: 0, language: 'fr', readerZone: null }).text, 'Absent en ce moment')
    assert.equal(supportStatusLine({ openNow: true, nextChangeAt: null, calendar: null }, { nowMs: 0, language: 'en', readerZone: 'UTC' }).text, 'Open now')
  })

  test('an unknown zone, the brand\'s or the reader\'s, never throws', () => {
    const broken = supportStatusLine({ openNow: false, nextChangeAt: '2026-11-23T08:00:00Z', calendar: { ...paris, timeZone: 'Mars/Olympus' } }, { nowMs: 0, language: 'en', readerZone: null })
    assert.equal(broken.text, 'Away right now')
    assert.equal(supportStatusLine(away('2026-11-23T08:00:00Z'), { nowMs: at('2026-11-23T00:50:00Z'), language: 'en', readerZone: 'Nowhere/Else' }).readerWhen, null)
  })

  test('the hours table says whose times they are', () => {
    assert.equal(supportHoursLabel('Europe/Paris', 'en'), 'Times in Europe/Paris')
    assert.equal(supportHoursLabel('Europe/Paris', 'fr'), 'Heures de Europe/Paris')
  })
})

describe('reply time buckets', () => {
  test('each bucket at its limit and one past it', () => {
    const min = 60_000
    assert.equal(replyTimeBucket(0), 'minutes')
    assert.equal(replyTimeBucket(15 * min), 'minutes')
    assert.equal(replyTimeBucket(15 * min + 1), 'hour')
    assert.equal(replyTimeBucket(60 * min), 'hour')
    assert.equal(replyTimeBucket(60 * min + 1), 'hours')
    assert.equal(replyTimeBucket(6 * 60 * min), 'hours')
    assert.equal(replyTimeBucket(6 * 60 * min + 1), 'day')
    assert.equal(replyTimeBucket(24 * 60 * min), 'day')
    assert.equal(replyTimeBucket(24 * 60 * min + 1), null)
    assert.equal(replyTimeBucket(Number.NaN), null)
  })
})
