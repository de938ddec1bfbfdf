import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits } from '@parloir/protocol'
import { movedActive, peopleQuery } from './people-search-model.ts'

describe('what "New message" asks the server', () => {
  test('the trimmed text, once it holds a word', () => {
    assert.equal(peopleQuery('  Chlo '), 'Chlo')
    assert.equal(peopleQuery('@ada'), '@ada')
    assert.equal(peopleQuery(''), null)
    assert.equal(peopleQuery(' @ '), null, 'an @ alone is not a search yet')
  })

  test('never more than the protocol takes, counted in characters', () => {
    assert.equal([...(peopleQuery('é'.repeat(defaultLimits.peopleSearchChars + 9)) ?? '')].length, defaultLimits.peopleSearchChars)
  })
})

describe('the highlight', () => {
  test('starts on the first result going down, the last going up, and goes round', () => {
    assert.equal(movedActive(-1, 1, 3), 0)
    assert.equal(movedActive(-1, -1, 3), 2)
    assert.equal(movedActive(2, 1, 3), 0)
    assert.equal(movedActive(0, -1, 3), 2)
    assert.equal(movedActive(1, 1, 3), 2)
  })

  test('is none when there is nothing to highlight', () => {
    assert.equal(movedActive(-1, 1, 0), -1)
    assert.equal(movedActive(4, -1, 0), -1)
  })
})
