import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirApiError } from '@parloir/client'
import { codePoints, fieldSentence, fieldSentences, normalisePath, placeProblems, problemsOf } from './field-problems.ts'
import { errorMessage } from './error-message.ts'
import { en, fr, type MessageKey } from '../i18n/text.ts'
import { format } from '../i18n/i18n.tsx'
import { calendarTargets, starterCalendar, nextShift } from './console/hours-model.ts'

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

describe('one human sentence per field, in the reader’s language', () => {
  const dictionaries = { en, fr }
  const tOf = (locale: 'en' | 'fr') => (key: MessageKey, values: Record<string, string | number> = {}) => format(dictionaries[locale][key], values)
  const refusal = new ParloirApiError({
    status: 400, code: 'VALIDATION_FAILED', message: 'bad',
    details: { fields: [
      { path: 'body/handle', message: 'must match pattern "^[A-Za-z0-9_]+$"', reason: 'pattern' },
      { path: 'body/password', message: 'must NOT have fewer than 8 characters', reason: 'minLength', limit: 8 },
      { path: 'body/password', message: 'must match format "x"', reason: 'format' },
      { path: 'body/displayName', message: 'must NOT have fewer than 1 characters', reason: 'minLength', limit: 1 },
    ] },
  })

  test('every field at once, the one to fix first, never the schema’s text', () => {
    assert.deepEqual(fieldSentences(refusal, tOf('en')), {
      handle: 'A handle may use only letters, digits and underscores (_), with no spaces.',
      password: 'Your password needs at least 8 characters.',
      displayName: 'Write the name people will see.',
    })
  })

  test('in French', () => {
    assert.deepEqual(fieldSentences(refusal, tOf('fr')), {
      handle: 'Un identifiant ne peut contenir que des lettres, des chiffres et des tirets bas (_), sans espace.',
      password: 'Votre mot de passe doit compter au moins 8 caractères.',
      displayName: 'Écrivez le nom que les autres verront.',
    })
  })

  test('a field without words of its own gets the rule’s, with its limit', () => {
    assert.equal(fieldSentence({ path: '/title', message: 'x', reason: 'maxLength', limit: 80 }, tOf('en')), 'Write at most 80 characters.')
    assert.equal(fieldSentence({ path: '/quickReply/options/2/label', message: 'x', reason: 'maxLength', limit: 36 }, tOf('fr')), 'Écrivez au plus 36 caractères.')
    assert.equal(fieldSentence({ path: '/title', message: 'x', reason: 'minLength', limit: 1 }, tOf('en')), 'This cannot be empty.')
  })

  test('an unknown rule says "not valid"; a server check without a rule keeps its own sentence', () => {
    assert.equal(fieldSentence({ path: '/x', message: 'must match pattern "^a$"', reason: 'if' }, tOf('en')), 'This is not valid.')
    assert.equal(fieldSentence({ path: '/weekly/monday/1', message: 'overlaps the shift at /weekly/monday/0' }, tOf('en')), 'overlaps the shift at /weekly/monday/0')
  })

  test('errorMessage of a refusal with fields says each field’s sentence', () => {
    const text = errorMessage(refusal, { locale: 'en', t: tOf('en') })
    assert.match(text, /^A handle may use only letters/)
    assert.doesNotMatch(text, /pattern|\^/)
  })
})
