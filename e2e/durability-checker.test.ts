/**
 * The crash test is only as good as its checker: each fault it must count is planted here in
 * an otherwise clean history, and the right count has to move.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Message } from '@parloir/protocol'
import { countProblems, type DurabilityCounts, type History } from './support/durability-checker.ts'
import type { DirectConversation, Person, SentMessage } from './support/send-load.ts'

const person = (index: number): Person => ({ index, id: `p${index}`, token: `t${index}`, handle: `h${index}` })
const people = [person(0), person(1), person(2)]
const conversations: DirectConversation[] = [
  { index: 0, id: 'c0', members: [people[0]!, people[1]!] },
  { index: 1, id: 'c1', members: [people[0]!, people[2]!] },
]

function message(sent: SentMessage, seq: number, id = `m-${sent.clientMessageId}`): Message {
  return {
    id, conversationId: sent.conversation.id, seq, senderId: sent.sender.id, kind: 'text', text: sent.text,
    entities: { urls: [], mentions: [], hashtags: [] }, quickReply: null, quickReplyResponse: null, buttons: [],
    attachment: null, system: null, customProfile: null, automation: null, clientMessageId: sent.clientMessageId, createdAt: '2026-11-22T09:00:00.000Z', unsentAt: null,
  }
}

/** Three messages from each member of each conversation, interleaved, all acknowledged and stored. */
function cleanRun(): { sent: Map<string, SentMessage>; histories: Map<string, History> } {
  const sent = new Map<string, SentMessage>()
  const histories = new Map<string, History>()
  for (const conversation of conversations) {
    const messages: Message[] = []
    for (let n = 1; n <= 3; n++) {
      for (const sender of conversation.members) {
        const clientMessageId = `t-c${conversation.index}-s${sender.index}-n${n}`
        const s: SentMessage = { conversation, sender, n, clientMessageId, text: `t c${conversation.index} s${sender.index} n${n}` }
        const m = message(s, messages.length + 1)
        s.ack = { id: m.id, seq: m.seq, status: 201, attempts: 1, conversationId: conversation.id, text: s.text }
        sent.set(clientMessageId, s)
        messages.push(m)
      }
    }
    histories.set(conversation.id, { messages, seenByOther: messages, lastSeq: messages.length })
  }
  return { sent, histories }
}

function counts(mutate: (run: ReturnType<typeof cleanRun>) => void): DurabilityCounts {
  const run = cleanRun()
  mutate(run)
  return countProblems(conversations, run.sent, run.histories).counts
}

/** Replaces a conversation's history, keeping both members' views and lastSeq consistent. */
function rewrite(run: ReturnType<typeof cleanRun>, id: string, edit: (messages: Message[]) => Message[]): void {
  const messages = edit([...(run.histories.get(id)?.messages ?? [])])
  run.histories.set(id, { messages, seenByOther: messages, lastSeq: messages.at(-1)?.seq ?? 0 })
}

test('a clean run counts nothing', () => {
  const run = cleanRun()
  const report = countProblems(conversations, run.sent, run.histories)
  assert.deepEqual(report.counts, { lost: 0, duplicated: 0, phantom: 0, outOfOrder: 0, crossConversation: 0 })
  assert.equal(report.acknowledged, 12)
  assert.equal(report.stored, 12)
})

test('an acknowledged message that is missing is lost', () => {
  const c = counts((run) => rewrite(run, 'c0', (ms) => ms.slice(0, -1)))
  assert.equal(c.lost, 1)
})

test('the same message twice is a duplicate', () => {
  const c = counts((run) => rewrite(run, 'c0', (ms) => [...ms, { ...ms[2]!, id: 'again', seq: ms.length + 1 }]))
  assert.equal(c.duplicated, 1)
})

test('the same body under a fresh clientMessageId is a duplicate too', () => {
  const c = counts((run) => rewrite(run, 'c0', (ms) => [...ms, { ...ms[2]!, id: 'again', clientMessageId: 'retry-with-new-id', seq: ms.length + 1 }]))
  assert.equal(c.duplicated, 1)
})

test('a message nobody sent is a phantom', () => {
  const c = counts((run) => rewrite(run, 'c1', (ms) => [...ms, { ...ms[0]!, id: 'ghost', text: 'nobody wrote this', clientMessageId: 'ghost', seq: ms.length + 1 }]))
  assert.equal(c.phantom, 1)
})

test('a hole in seq is out of order', () => {
  const c = counts((run) => rewrite(run, 'c0', (ms) => ms.map((m, i) => (i === ms.length - 1 ? { ...m, seq: m.seq + 1 } : m))))
  assert.ok(c.outOfOrder >= 1)
  assert.equal(c.lost, 0)
})

test("a sender's messages stored against its send order are out of order", () => {
  // Sender 0's messages 1 and 2 (seq 1 and 3) trade places.
  const c = counts((run) => rewrite(run, 'c0', (ms) => [{ ...ms[2]!, seq: 1 }, ms[1]!, { ...ms[0]!, seq: 3 }, ...ms.slice(3)]))
  assert.ok(c.outOfOrder >= 1)
  assert.equal(c.lost + c.duplicated + c.phantom + c.crossConversation, 0)
})

test('a message stored in the other conversation is cross-conversation', () => {
  const c = counts((run) => {
    const moved = run.histories.get('c0')!.messages.at(-1)!
    rewrite(run, 'c0', (ms) => ms.slice(0, -1))
    rewrite(run, 'c1', (ms) => [...ms, { ...moved, conversationId: 'c1', seq: ms.length + 1 }])
  })
  assert.ok(c.crossConversation >= 1)
  assert.equal(c.phantom, 0)
})

test('two members who read different histories are counted', () => {
  const c = counts((run) => {
    const h = run.histories.get('c1')!
    run.histories.set('c1', { ...h, seenByOther: h.messages.slice(1) })
  })
  assert.equal(c.outOfOrder, 1)
})
