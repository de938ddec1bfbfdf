import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits as L, type Label } from '@parloir/protocol'
import { chipsFor, hasUnknownLabel, labelNameProblem, labelsOn, withLabel } from './labels-model.ts'

const label = (id: string, name: string): Label => ({ id, brandId: '1', name, colour: 'blue', createdAt: '2026-03-02T10:00:00Z', updatedAt: '2026-03-02T10:00:00Z' })
const vip = label('10', 'VIP')
const refund = label('11', 'refund')
const eclair = label('12', 'Éclair')

describe('the labels a conversation carries', () => {
  test('are shown in the brand’s order, by name whatever the case and accents, whatever order they were put on in', () => {
    assert.deepEqual(labelsOn(['10', '11', '12'], [vip, refund, eclair]).map((l) => l.name), ['Éclair', 'refund', 'VIP'])
  })
  test('leave out a label the set does not know, and tell that the set should be asked again', () => {
    assert.deepEqual(labelsOn(['10', '99'], [vip]).map((l) => l.id), ['10'])
    assert.equal(hasUnknownLabel(['10', '99'], [vip]), true)
    assert.equal(hasUnknownLabel(['10'], [vip]), false)
    assert.equal(hasUnknownLabel(['99'], null), false, 'not while the set is being asked for')
  })
  test('fill the room a row has, the last place saying how many more', () => {
    assert.deepEqual(chipsFor([vip, refund], 2), { shown: [vip, refund], more: 0 })
    assert.deepEqual(chipsFor([vip, refund, eclair], 2), { shown: [vip], more: 2 })
  })
})

describe('a name typed for a label', () => {
  test(`is refused blank, past ${L.labelNameChars} characters, or as a name the brand has (case and accents aside)`, () => {
    assert.equal(labelNameProblem('   ', []), 'blank')
    assert.equal(labelNameProblem('é'.repeat(L.labelNameChars), []), null)
    assert.equal(labelNameProblem('é'.repeat(L.labelNameChars + 1), []), 'long')
    assert.equal(labelNameProblem(' vïp ', [vip]), 'taken')
    assert.equal(labelNameProblem('Vip', [vip], vip.id), null, 'its own name, renamed in another case')
  })
  test('a label made or changed takes its place in the set', () => {
    assert.deepEqual(withLabel([vip, refund], { ...vip, name: 'Amis' }).map((l) => l.name), ['Amis', 'refund'])
  })
})
