import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirApiError } from '@parloir/client'
import type { Message, Note } from '@parloir/protocol'
import {
  activityLine, answeredMeanwhile, collisionWarning, interleave, lastSeenSeq, mergeNotes, nextLapse, noPresence, notePresence, prunePresence, snoozeUntil, teammatesIn,
  type Collision,
} from './team-model.ts'

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
  test('a label put on or taken off, named as it was then', () => {
    assert.deepEqual(activityLine(activity({ action: 'label.added', labelId: '9', label: 'Refund' })), { key: 'labelAdded', who: ADA, labelId: '9', label: 'Refund' })
    assert.deepEqual(activityLine(activity({ action: 'label.removed', labelId: '9', label: 'Refund' })), { key: 'labelRemoved', who: ADA, labelId: '9', label: 'Refund' })
  })
  test('public discussions: a post continued here, a removal and a re-adding, a review of a hidden post, each with the discussion to link back to', () => {
    assert.deepEqual(activityLine(activity({ action: 'discussion.continued', discussionId: '7', postId: '8', postSeq: 3 })), { key: 'discussionContinued', who: ADA, discussionId: '7', seq: 3 })
    assert.deepEqual(activityLine(activity({ action: 'participant.removed', requestedBy: BEN, approvedBy: ADA, moderationReason: 'Insults', discussionId: '7' })),
      { key: 'participantRemoved', requestedBy: BEN, approvedBy: ADA, reason: 'Insults', discussionId: '7' })
    assert.deepEqual(activityLine(activity({ action: 'participant.readded', requestedBy: BEN, moderationReason: 'Apologised', discussionId: '7' })),
      { key: 'participantReadded', who: BEN, reason: 'Apologised', discussionId: '7' })
    assert.deepEqual(activityLine(activity({ action: 'review.requested', discussionId: '7', postId: '8', postSeq: 3, moderationReason: 'Please' }, null)),
      { key: 'postReviewRequested', text: 'Please', discussionId: '7', seq: 3 })
    assert.deepEqual(activityLine(activity({ action: 'review.requested', messageId: '8', moderationReason: 'Please' }, null)), { key: 'reviewRequested', text: 'Please' }, "a message's review stays as it was")
  })
  test('collections: a review of a hidden item, with the collection and item to link back to', () => {
    assert.deepEqual(activityLine(activity({ action: 'review.requested', collectionId: '7', itemId: '8', moderationReason: 'Please' }, null)),
      { key: 'itemReviewRequested', text: 'Please', collectionId: '7', itemId: '8' })
  })
  test("the customer's answer to the satisfaction survey", () => {
    assert.deepEqual(activityLine(activity({ action: 'survey.answered', rating: 4 }, null)), { key: 'rated', rating: 4, comment: null })
    assert.deepEqual(activityLine(activity({ action: 'survey.answered', rating: 2, comment: 'Too slow' }, null)), { key: 'rated', rating: 2, comment: 'Too slow' })
  })
  test('a plain note is no activity', () => {
    assert.equal(activityLine(note('a', '2026-03-02T10:00:00Z')), null)
  })
})

describe('who of the team is here, from the stream', () => {
  const ME = '4'
  const T0 = 1_000_000
  test('a teammate who opened the conversation is here until the notice lapses, unless renewed', () => {
    let p = notePresence(noPresence, 'viewing', 'c1', BEN, T0, 30_000)
    assert.deepEqual(teammatesIn(p, 'c1', ME, T0 + 29_999), { typing: [], viewing: [BEN] })
    assert.deepEqual(teammatesIn(p, 'c1', ME, T0 + 30_000), { typing: [], viewing: [] }, 'lapsed')
    p = notePresence(p, 'viewing', 'c1', BEN, T0 + 15_000, 30_000)
    assert.deepEqual(teammatesIn(p, 'c1', ME, T0 + 40_000).viewing, [BEN], 'renewed after 15 s')
    assert.deepEqual(teammatesIn(p, 'c2', ME, T0).viewing, [], 'another conversation')
  })
  test('I am never my own teammate; someone typing is named once, as typing', () => {
    let p = notePresence(noPresence, 'viewing', 'c1', ME, T0, 30_000)
    p = notePresence(p, 'viewing', 'c1', BEN, T0, 30_000)
    p = notePresence(p, 'viewing', 'c1', ADA, T0, 30_000)
    p = notePresence(p, 'typing', 'c1', BEN, T0, 6_000)
    assert.deepEqual(teammatesIn(p, 'c1', ME, T0 + 1), { typing: [BEN], viewing: [ADA] })
    assert.deepEqual(teammatesIn(p, 'c1', ME, T0 + 6_000), { typing: [], viewing: [BEN, ADA] }, 'done typing, still here')
  })
  test('pruning drops what lapsed, keeps the same object when nothing did, and says when the next lapses', () => {
    let p = notePresence(noPresence, 'viewing', 'c1', BEN, T0, 30_000)
    p = notePresence(p, 'typing', 'c1', BEN, T0, 6_000)
    assert.equal(nextLapse(p), T0 + 6_000)
    assert.equal(prunePresence(p, T0 + 1), p)
    const later = prunePresence(p, T0 + 6_000)
    assert.notEqual(later, p)
    assert.equal(later.typing.size, 0)
    assert.equal(nextLapse(later), T0 + 30_000)
    assert.equal(nextLapse(prunePresence(later, T0 + 30_000)), null)
    assert.equal(nextLapse(noPresence), null)
  })
})

describe('the warning when a teammate answered while I wrote', () => {
  const refusal = (details: Record<string, unknown>) => new ParloirApiError({ status: 409, code: 'ANSWERED_MEANWHILE', message: 'answered', details })
  const message = (id: string, seq: number) => ({ id, seq }) as Message
  test("reads who answered from the server's refusal, and nothing from other failures", () => {
    assert.deepEqual(answeredMeanwhile(refusal({ author: BEN, messageId: 'm7', seq: 7 })), { authorId: BEN, messageId: 'm7', seq: 7 })
    assert.deepEqual(answeredMeanwhile(refusal({ messageId: 'm7', seq: 7 })), { authorId: null, messageId: 'm7', seq: 7 }, 'an app answered')
    assert.equal(answeredMeanwhile(new ParloirApiError({ status: 409, code: 'CONVERSATION_CLOSED', message: 'closed' })), null)
    assert.equal(answeredMeanwhile(new TypeError('network')), null)
  })
  test('names who answered, and says when their answer is shown', () => {
    const collision: Collision = { answer: { authorId: BEN, messageId: 'm7', seq: 7 }, text: 'Sure, what is it?', attachment: null, customProfileId: null }
    assert.equal(collisionWarning(undefined, []), null)
    assert.deepEqual(collisionWarning(collision, [message('m6', 6)]), { authorId: BEN, answerShown: false })
    assert.deepEqual(collisionWarning(collision, [message('m6', 6), message('m7', 7)]), { authorId: BEN, answerShown: true })
  })
  test('a send says the newest seq shown', () => {
    assert.equal(lastSeenSeq([]), 0)
    assert.equal(lastSeenSeq([message('m6', 6), message('m7', 7)]), 7)
  })
})
