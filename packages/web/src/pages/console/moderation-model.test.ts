import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Account } from '@parloir/protocol'
import { en } from '../../i18n/text.ts'
import { accountLabel, accountsById, auditActions } from './moderation-model.ts'

const account = (id: string, displayName: string, handle: string): Account => ({ id, kind: handle ? 'person' : 'visitor', handle, displayName, bio: '', avatarUrl: null, createdAt: '2026-12-07T09:00:00.000Z' })

describe('the moderation page', () => {
  test('names a person with their handle, a visitor by name, Parloir for nobody, and an unknown account by id', () => {
    const known = accountsById([account('1', 'Ada Lovelace', 'ada'), account('2', 'Visitor 42', '')])
    assert.equal(accountLabel(known, '1', 'Parloir'), 'Ada Lovelace (@ada)')
    assert.equal(accountLabel(known, '2', 'Parloir'), 'Visitor 42')
    assert.equal(accountLabel(known, null, 'Parloir'), 'Parloir')
    assert.equal(accountLabel(known, '3', 'Parloir'), '3')
  })

  test('puts every action it filters by in words', () => {
    const missing = auditActions.filter((a) => !(`console.moderation.action.${a}` in en))
    assert.deepEqual(missing, [])
  })
})
