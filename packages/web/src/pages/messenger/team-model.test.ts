import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Note } from '@parloir/protocol'
import { activityLine, interleave, mergeNotes, snoozeUntil } from './team-model.ts'

const ADA = '2'
const BEN = '3'

function note(id: string, createdAt: string, patch: Partial<Note> = {}): Note {
  return { id, brandId: '1', conversationId: '9', kind: 'note', authorId: ADA, text: 'Gave a refund', mentions: [], activity: null, createdAt, ...patch }
}
const activity = (a: Note['activity'], authorId: string | null = ADA) => note('n', '2026-03-02T10:00:00Z', { kind: 'activity', authorId, activity: a })

describe('snooze presets, in the agent’s local time', () => {
  // Wednesday 4 March 2026, 16:20 local.
  const wednesday = new Date(2026, 2, 4, 16, 20)
  test('one hour from now', () => {
    assert.equal(snoozeUntil('hour', wednesday)?.getTime(), wednesday.getTime() + 3_600_000)
  })
  test('tomorrow at 9:00', () => {
    assert.deepEqual(snoozeUntil('tomorrow', wednesday), new Date(2026, 2, 5, 9))
  })
  test('next Monday at 9:00, a week on when it is Monday already', () => {
    assert.deepEqual(snoozeUntil('monday', wednesday), new Date(2026, 2, 9, 9))
    assert.deepEqual(snoozeUntil('monday', new Date(2026, 2, 9, 8)), new Date(2026, 2, 16, 9))
    assert.deepEqual(snoozeUntil('monday', new Date(2026, 2, 8, 22)), new Date(2026, 2, 9, 9), 'from Sunday evening: the next morning')
  })
  test('tomorrow across the end of a month', () => {
    assert.deepEqual(snoozeUntil('tomorrow', new Date(2026, 2, 31, 23, 59)), new Date(2026, 3, 1, 9))
  })
  test('until the customer writes has no time', () => {
    assert.equal(snoozeUntil('customer', wednesday), null)
  })
})

describe('the team’s notes among the messages', () => {
  type R = { key: string; at: number | null }
  const rows: R[] = [{ key: 'top', at: null }, { key: 'm1', at: Date.parse('2026-03-02T09:00:00Z') }, { key: 'm2', at: Date.parse('2026-03-02T11:00:00Z') }]
  const keys = (items: ReturnType<typeof interleave<R>>) => items.map((i) => i.key)
  test('each note sits before the first message written after it, the latest after the last', () => {
    const notes = [note('a', '2026-03-02T10:00:00Z'), note('b', '2026-03-02T10:30:00Z'), note('c', '2026-03-02T12:00:00Z')]
    assert.deepEqual(keys(interleave(rows, (r) => r.at, notes)), ['top', 'm1', 'note-a', 'note-b', 'm2', 'note-c'])
  })
  test('a note older than every loaded message comes after the top', () => {
    assert.deepEqual(keys(interleave(rows, (r) => r.at, [note('a', '2026-03-01T10:00:00Z')])), ['top', 'note-a', 'm1', 'm2'])
  })
  test('without notes the rows are unchanged', () => {
    assert.deepEqual(keys(interleave(rows, (r) => r.at, [])), ['top', 'm1', 'm2'])
  })
  test('merging keeps each note once, oldest first', () => {
    const merged = mergeNotes([note('a', '2026-03-02T10:00:00Z')], [note('b', '2026-03-02T09:00:00Z'), note('a', '2026-03-02T10:00:00Z')])
    assert.deepEqual(merged.map((n) => n.id), ['b', 'a'])
  })
})

describe('what an activity line says', () => {
  test('assigning, taking, unassigning and answering', () => {
    assert.deepEqual(activityLine(activity({ action: 'assignee.changed', assigneeId: BEN })), { key: 'assigned', who: ADA, whom: BEN })
    assert.deepEqual(activityLine(activity({ action: 'assignee.changed', assigneeId: ADA })), { key: 'took', who: ADA })
    assert.deepEqual(activityLine(activity({ action: 'assignee.changed', assigneeId: null })), { key: 'unassigned', who: ADA })
    assert.deepEqual(activityLine(activity({ action: 'assignee.changed', assigneeId: BEN, reason: 'answered' }, null)), { key: 'answered', whom: BEN })
    assert.deepEqual(activityLine(activity({ action: 'assignee.changed', assigneeId: BEN, reason: 'round.robin' }, null)), { key: 'roundRobin', whom: BEN })
  })
  test('status changes by a member and by Parloir', () => {
    assert.deepEqual(activityLine(activity({ action: 'status.changed', status: 'resolved' })), { key: 'status', who: ADA, status: 'resolved' })
    assert.deepEqual(activityLine(activity({ action: 'status.changed', status: 'snoozed', snoozedUntil: null })), { key: 'snoozed', who: ADA, until: null })
    assert.deepEqual(activityLine(activity({ action: 'status.changed', status: 'open', reason: 'customer.wrote' }, null)), { key: 'reopenedCustomer' })
    assert.deepEqual(activityLine(activity({ action: 'status.changed', status: 'open', reason: 'snooze.ended' }, null)), { key: 'reopenedSnooze' })
  })
  test("the customer's answer to the satisfaction survey", () => {
    assert.deepEqual(activityLine(activity({ action: 'survey.answered', rating: 4 }, null)), { key: 'rated', rating: 4, comment: null })
    assert.deepEqual(activityLine(activity({ action: 'survey.answered', rating: 2, comment: 'Too slow' }, null)), { key: 'rated', rating: 2, comment: 'Too slow' })
  })
  test('a plain note is no activity', () => {
    assert.equal(activityLine(note('a', '2026-03-02T10:00:00Z')), null)
  })
})
