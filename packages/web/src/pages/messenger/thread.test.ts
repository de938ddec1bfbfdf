import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Message } from '@parloir/protocol'
import { answersOf, buildRows, mergeMessages, removeMessage, seenBy, unsendInList, upsertMessage } from './thread.ts'

const ada = '1'
const ben = '2'
let clock = Date.parse('2026-11-20T09:00:00Z')

function message(seq: number, senderId = ada, extra: Partial<Message> = {}): Message {
  clock += 60_000
  return {
    id: `m${seq}`, conversationId: 'c1', seq, senderId, kind: 'text', text: `message ${seq}`, entities: { urls: [], mentions: [], hashtags: [] },
    quickReply: null, quickReplyResponse: null, buttons: [], attachment: null, system: null, customProfile: null, automation: null, clientMessageId: null,
    createdAt: new Date(clock).toISOString(), unsentAt: null, ...extra,
  }
}

describe('keeping messages in order, once each', () => {
  test('a new message is appended; a replayed one changes nothing (same array)', () => {
    const one = [message(1), message(2)]
    const two = upsertMessage(one, message(3))
    assert.deepEqual(two.map((m) => m.seq), [1, 2, 3])
    assert.equal(upsertMessage(two, two[1] as Message), two)
    assert.equal(upsertMessage(two, { ...(two[1] as Message) }), two)
  })

  test('a late message lands in its place', () => {
    const list = upsertMessage([message(1), message(3)], message(2))
    assert.deepEqual(list.map((m) => m.seq), [1, 2, 3])
  })

  test('pages merge before, after and across what is loaded, without duplicates', () => {
    const loaded = [message(5), message(6)]
    assert.deepEqual(mergeMessages(loaded, [message(3), message(4)]).map((m) => m.seq), [3, 4, 5, 6])
    assert.deepEqual(mergeMessages(loaded, [message(7), message(6)]).map((m) => m.seq), [5, 6, 7])
    assert.deepEqual(mergeMessages(loaded, [message(4), message(5), message(6), message(7)]).map((m) => m.seq), [4, 5, 6, 7])
    assert.equal(mergeMessages(loaded, []), loaded)
  })

  test('an unsend is final: a stale copy fetched earlier does not bring the text back', () => {
    const list = unsendInList([message(1), message(2)], 'm2', 2, '2026-11-20T10:00:00Z')
    assert.equal(list[1]?.text, '')
    assert.equal(list[1]?.unsentAt, '2026-11-20T10:00:00Z')
    const stale = { ...message(2), id: 'm2' }
    assert.equal(upsertMessage(list, stale), list)
  })

  test("who of the brand's team wrote a message stays known, whichever copy comes last", () => {
    const live = message(1, ada)
    const fetched = { ...live, author: ben }
    const known = upsertMessage([live], fetched)
    assert.equal(known[0]?.author, ben, 'the fetched copy says who')
    assert.equal(upsertMessage(known, { ...live }), known, "the stream's copy, without it, changes nothing")
  })

  test('deleting for me removes the message', () => {
    assert.deepEqual(removeMessage([message(1), message(2)], 'm1').map((m) => m.id), ['m2'])
  })
})

describe('rows', () => {
  test('a separator starts each day; a sender’s messages close in time run together', () => {
    const day1 = [message(1, ada), message(2, ada), message(3, ben)]
    clock += 24 * 3600_000
    const day2 = [message(4, ben)]
    const rows = buildRows([...day1, ...day2], ada)
    assert.deepEqual(rows.map((r) => r.type), ['top', 'day', 'message', 'message', 'message', 'day', 'message'])
    const [, , first, second, third] = rows
    assert.ok(first?.type === 'message' && first.runStart && !first.runEnd && first.mine)
    assert.ok(second?.type === 'message' && !second.runStart && second.runEnd)
    assert.ok(third?.type === 'message' && third.runStart && third.runEnd && !third.mine)
  })
})

describe('"Seen"', () => {
  test('goes under the latest of my messages that another has read', () => {
    const list = [message(1, ada), message(2, ben), message(3, ada), message(4, ada)]
    assert.deepEqual(seenBy(list, { readMarks: [{ accountId: ben, seq: 3 }] }, ada), { messageId: 'm3', readerIds: [ben] })
    assert.deepEqual(seenBy(list, { readMarks: [{ accountId: ben, seq: 9 }] }, ada), { messageId: 'm4', readerIds: [ben] })
    assert.equal(seenBy(list, { readMarks: [] }, ada), null)
    assert.equal(seenBy(list, { readMarks: [{ accountId: ada, seq: 4 }] }, ada), null, 'my own read is not "Seen"')
  })
})

test('my quick-reply answers, by question', () => {
  const question = message(1, ben, { quickReply: { type: 'options', options: [{ label: 'Yes', metadata: 'yes' }] } })
  const answer = message(2, ada, { quickReplyResponse: { type: 'options', messageId: question.id, metadata: 'yes' } })
  assert.deepEqual([...answersOf([question, answer], ada)], [[question.id, 'yes']])
})
