import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirApiError } from '@parloir/client'
import { codePoints, fieldSentence, fieldSentences, normalisePath, placeProblems, placeRefusal, problemsOf } from './field-problems.ts'
import { labelTargets } from './messenger/labels-model.ts'
import { siteTargets } from './console/publish-snippet.ts'
import { errorMessage } from './error-message.ts'
import { en, fr, type MessageKey } from '../i18n/text.ts'
import { format } from '../i18n/i18n.tsx'
import { calendarTargets, starterCalendar, nextShift } from './console/hours-model.ts'

const dictionaries = { en, fr }
const tOf = (locale: 'en' | 'fr') => (key: MessageKey, values: Record<string, string | number> = {}) => format(dictionaries[locale][key], values)

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

describe('a refusal placed on a form that has a model', () => {
  const validation = (...fields: Array<{ path: string; reason: string; limit?: number }>) => new ParloirApiError({
    status: 400, code: 'VALIDATION_FAILED', message: 'body/name must NOT have more than 40 characters',
    details: { fields: fields.map((f) => ({ message: `schema says ${f.reason}`, ...f })) },
  })

  test('a label with a wrong name and a wrong colour: one sentence beside each, "fix the marked fields" above the buttons', () => {
    const error = validation({ path: 'body/name', reason: 'maxLength', limit: 40 }, { path: 'body/colour', reason: 'enum' })
    for (const locale of ['en', 'fr'] as const) {
      const t = tOf(locale)
      const placed = placeRefusal(error, t, labelTargets, 'whole')
      assert.deepEqual([...placed.byTarget.keys()], ['/name', '/colour'])
      assert.deepEqual(placed.byTarget.get('/name'), [t('field.maxLength', { limit: 40 })])
      assert.deepEqual(placed.byTarget.get('/colour'), [t('field.enum')])
      assert.equal(placed.general, t('console.problem.marked'))
    }
    assert.deepEqual(placeRefusal(error, tOf('fr'), labelTargets, 'whole').byTarget.get('/name'), ['Écrivez au plus 40 caractères.'])
  })

  test('a site the server refuses lands on the one address input, whatever its place in the list', () => {
    const placed = placeRefusal(validation({ path: 'body/embedOrigins/3', reason: 'pattern' }), tOf('en'), siteTargets, 'whole')
    assert.deepEqual([...placed.byTarget.entries()], [['/embedOrigins', ['This uses characters that are not allowed here.']]])
  })

  test('what no input claims is said above the buttons, after "fix the marked fields"', () => {
    const t = tOf('en')
    const placed = placeRefusal(validation({ path: 'body/name', reason: 'blank' }, { path: 'body/ownerAccountId', reason: 'required' }), t, labelTargets, 'whole')
    assert.deepEqual(placed.byTarget.get('/name'), ['Give it a name, not just spaces.'])
    assert.equal(placed.general, `${t('console.problem.marked')} ${t('field.required')}`)
  })

  test('a refusal that names no field keeps the form’s own sentence and marks nothing', () => {
    const forbidden = new ParloirApiError({ status: 403, code: 'FORBIDDEN', message: 'no' })
    const placed = placeRefusal(forbidden, tOf('en'), labelTargets, 'You may not change labels.')
    assert.equal(placed.byTarget.size, 0)
    assert.equal(placed.general, 'You may not change labels.')
  })
})
