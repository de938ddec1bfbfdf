import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirApiError } from '@parloir/client'
import { codePoints, normalisePath, placeProblems, problemsOf } from './field-problems.ts'
import { calendarTargets, starterCalendar, nextShift } from './hours-model.ts'

describe('paths the server names', () => {
  test("Fastify's body/ prefix and a plain pointer read the same", () => {
    assert.equal(normalisePath('body/quickReply/options/0/label'), '/quickReply/options/0/label')
    assert.equal(normalisePath('/body/name'), '/name')
    assert.equal(normalisePath('/supportCalendar/weekly/monday/1/end'), '/supportCalendar/weekly/monday/1/end')
    assert.equal(normalisePath('body'), '/')
    assert.equal(normalisePath('/bodyguard'), '/bodyguard')
  })

  test('a refusal with details.fields gives its problems; anything else gives none', () => {
    const error = new ParloirApiError({
      status: 400, code: 'CALENDAR_INVALID', message: 'bad',
      details: { fields: [{ path: '/supportCalendar/weekly/monday/1/end', message: 'overlaps the shift at /weekly/monday/0' }, { nope: 1 }, { path: 'body/timeZone' }] },
    })
    assert.deepEqual(problemsOf(error), [
      { path: '/supportCalendar/weekly/monday/1/end', message: 'overlaps the shift at /weekly/monday/0' },
      { path: '/timeZone', message: 'is not valid' },
    ])
    assert.deepEqual(problemsOf(new ParloirApiError({ status: 409, code: 'COLLECTION_FULL', message: 'full' })), [])
    assert.deepEqual(problemsOf(new Error('x')), [])
  })
})

describe('placing problems next to inputs', () => {
  const draft = starterCalendar('Europe/Paris')
  draft.weekly.monday.push(nextShift(draft.weekly.monday))
  const targets = calendarTargets(draft)

  test("a shift's end time gets its own message, with or without /supportCalendar", () => {
    const placed = placeProblems([
      { path: '/supportCalendar/weekly/monday/1/end', message: 'must match pattern' },
      { path: '/weekly/tuesday/0/start', message: 'is missing' },
    ], targets, '/supportCalendar')
    assert.deepEqual(placed.byTarget.get('/weekly/monday/1/end'), ['must match pattern'])
    assert.deepEqual(placed.byTarget.get('/weekly/tuesday/0/start'), ['is missing'])
    assert.deepEqual(placed.rest, [])
  })

  test('an overlap named at the shift goes to the shift row, not to the day', () => {
    const placed = placeProblems([{ path: '/supportCalendar/weekly/monday/1', message: 'overlaps the shift at /weekly/monday/0' }], targets, '/supportCalendar')
    assert.deepEqual([...placed.byTarget.keys()], ['/weekly/monday/1'])
  })

  test('a path below the deepest target keeps the rest of its path in the message', () => {
    const placed = placeProblems([{ path: '/buttons/0/url/extra', message: 'bad' }], ['/buttons/0', '/buttons/0/url'])
    assert.deepEqual(placed.byTarget.get('/buttons/0/url'), ['extra: bad'])
  })

  test('an index one past the rows, or an unknown field, is left for the form to show once', () => {
    const placed = placeProblems([
      { path: '/supportCalendar/weekly/monday/5/end', message: 'x' },
      { path: '/embedOrigins/0', message: 'y' },
      { path: '/', message: 'z' },
    ], ['/weekly/monday/0', '/weekly/monday/0/end'], '/supportCalendar')
    assert.equal(placed.byTarget.size, 0)
    assert.deepEqual(placed.rest.map((p) => p.message), ['x', 'y', 'z'])
  })

  test('segments match whole: /name does not claim /names', () => {
    const placed = placeProblems([{ path: '/names', message: 'x' }], ['/name'])
    assert.equal(placed.byTarget.size, 0)
    assert.equal(placed.rest.length, 1)
  })
})

test('code points count an emoji as one, as the server does', () => {
  assert.equal(codePoints('☕👩🏽'), 3)
  assert.equal(codePoints(''), 0)
})
