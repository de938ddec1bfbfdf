import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { InboxItem, InboxState, Message } from '@parloir/protocol'
import {
  appendPage, applyMessage, applyRead, applyState, belongsTo, compareItems, isUnread, hitPath, placeItem, queryFromSearch, searchFromQuery, snippetParts, waited,
  type InboxList, type InboxQuery,
} from './inbox-model.ts'

const BRAND = '1'
const ADA = '2'
const BEN = '3'
const NOW = Date.parse('2026-03-02T10:00:00Z')
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString()

function state(id: string, patch: Partial<InboxState> = {}): InboxState {
  return {
    brandId: BRAND, conversationId: id, status: 'open', snoozedUntil: null, assigneeId: null, customerId: `c${id}`, customerKind: 'person',
    source: null, waitingSince: at(10), lastCustomerMessageAt: at(10), lastAnsweredAt: null, lastAnsweredBy: null, labelIds: [], updatedAt: at(10), ...patch,
  }
}

function message(conversationId: string, seq: number, senderId: string, text = `m${seq}`): Message {
  return {
    id: `${conversationId}-${seq}`, conversationId, seq, senderId, sentBy: null, kind: 'text', text, entities: { urls: [], mentions: [], hashtags: [] },
    attachment: null, quickReply: null, quickReplyResponse: null, buttons: [], createdAt: at(0), unsentAt: null,
  } as unknown as Message
}

function item(id: string, patch: Partial<InboxState> = {}, lastSeq = 1): InboxItem {
  return {
    conversation: { id, kind: 'direct', name: null, avatarUrl: null, participants: [], source: null, createdAt: at(60), updatedAt: at(10), lastSeq },
    state: state(id, patch),
    customerMessage: message(id, lastSeq, `c${id}`),
    you: { lastReadSeq: 0, unreadCount: 1, markedUnread: false },
  }
}

const ids = (list: InboxList) => list.items.map((i) => i.state.conversationId)
const view = (v: InboxQuery['view'], order: InboxQuery['order'] = 'newest'): InboxQuery => ({ view: v, order })

describe('which view a conversation is in', () => {
  test('an open unassigned one is in Unassigned and All open, not in Mine', () => {
    const s = state('10')
    assert.equal(belongsTo(s, view('unassigned'), ADA, NOW), true)
    assert.equal(belongsTo(s, view('open'), ADA, NOW), true)
    assert.equal(belongsTo(s, view('mine'), ADA, NOW), false)
  })
  test('one Ada took is in her Mine, not in Ben’s nor in Unassigned', () => {
    const s = state('10', { assigneeId: ADA })
    assert.equal(belongsTo(s, view('mine'), ADA, NOW), true)
    assert.equal(belongsTo(s, view('mine'), BEN, NOW), false)
    assert.equal(belongsTo(s, view('unassigned'), ADA, NOW), false)
  })
  test('a snooze stays snoozed, its time come or not, until the server opens it (as the server counts)', () => {
    assert.equal(belongsTo(state('10', { status: 'snoozed', snoozedUntil: at(1) }), view('open'), ADA, NOW), false)
    assert.equal(belongsTo(state('10', { status: 'snoozed', snoozedUntil: at(1) }), view('snoozed'), ADA, NOW), true)
    assert.equal(belongsTo(state('10', { status: 'snoozed', snoozedUntil: null }), view('snoozed'), ADA, NOW), true)
    assert.equal(belongsTo(state('10', { status: 'snoozed', snoozedUntil: at(-60) }), view('open'), ADA, NOW), false)
  })
  test('pending and resolved are their own views', () => {
    assert.equal(belongsTo(state('10', { status: 'pending' }), view('pending'), ADA, NOW), true)
    assert.equal(belongsTo(state('10', { status: 'resolved' }), view('resolved'), ADA, NOW), true)
    assert.equal(belongsTo(state('10', { status: 'resolved' }), view('open'), ADA, NOW), false)
  })
  test('filters by agent, source and kind', () => {
    const s = state('10', { assigneeId: BEN, source: 'spring-poster', customerKind: 'visitor' })
    assert.equal(belongsTo(s, { ...view('open'), assigneeId: BEN, source: 'spring-poster', kind: 'visitor' }, ADA, NOW), true)
    assert.equal(belongsTo(s, { ...view('open'), assigneeId: ADA }, ADA, NOW), false)
    assert.equal(belongsTo(s, { ...view('open'), source: 'other' }, ADA, NOW), false)
    assert.equal(belongsTo(s, { ...view('open'), kind: 'person' }, ADA, NOW), false)
  })
  test('filters by label: a label put on brings a row in, one taken off takes it out', () => {
    const labelled = { ...view('open'), label: '77' }
    assert.equal(belongsTo(state('10', { labelIds: ['76', '77'] }), labelled, ADA, NOW), true)
    assert.equal(belongsTo(state('10', { labelIds: ['76'] }), labelled, ADA, NOW), false)
    const list = { items: [item('10', { labelIds: ['77'] })], nextCursor: null }
    assert.deepEqual(applyState(list, state('10', { labelIds: [], updatedAt: at(5) }), labelled, ADA, NOW), { kind: 'list', list: { items: [], nextCursor: null } })
    assert.deepEqual(applyState({ items: [], nextCursor: null }, state('11', { labelIds: ['77'] }), labelled, ADA, NOW), { kind: 'fetch', conversationId: '11' })
  })
  test('a conversation where nobody wrote yet is in no view', () => {
    assert.equal(belongsTo(state('10', { lastCustomerMessageAt: null, lastAnsweredAt: null }), view('open'), ADA, NOW), false)
  })
})

describe('sorting', () => {
  test('newest: the customer’s latest message first', () => {
    const rows = [item('1', { lastCustomerMessageAt: at(30) }), item('2', { lastCustomerMessageAt: at(5) }), item('3', { lastCustomerMessageAt: at(20) })]
    assert.deepEqual(rows.sort((a, b) => compareItems('newest', a, b)).map((i) => i.state.conversationId), ['2', '3', '1'])
  })
  test('waiting longest: the longest wait first, the answered ones last', () => {
    const rows = [item('1', { waitingSince: null }), item('2', { waitingSince: at(5) }), item('3', { waitingSince: at(50) })]
    assert.deepEqual(rows.sort((a, b) => compareItems('waiting', a, b)).map((i) => i.state.conversationId), ['3', '2', '1'])
  })
})

describe('merging inbox.updated into the loaded list', () => {
  const list = (): InboxList => ({ items: [item('1', { lastCustomerMessageAt: at(1) }), item('2', { lastCustomerMessageAt: at(5) }), item('3', { lastCustomerMessageAt: at(9) })], nextCursor: null })

  test('a row taken by Ada leaves Unassigned', () => {
    const change = applyState(list(), state('2', { assigneeId: ADA, updatedAt: at(0) }), view('unassigned'), BEN, NOW)
    assert.equal(change.kind, 'list')
    if (change.kind === 'list') assert.deepEqual(ids(change.list), ['1', '3'])
  })
  test('a customer writing again moves the row to the top, in place', () => {
    const change = applyState(list(), state('3', { lastCustomerMessageAt: at(0), updatedAt: at(0) }), view('open'), ADA, NOW)
    assert.ok(change.kind === 'list')
    assert.deepEqual(ids(change.list), ['3', '1', '2'])
    assert.equal(change.list.items[0]?.customerMessage?.id, '3-1', 'the rest of the row is kept')
  })
  test('a row that now belongs but is not loaded is fetched', () => {
    assert.deepEqual(applyState(list(), state('9', { updatedAt: at(0) }), view('open'), ADA, NOW), { kind: 'fetch', conversationId: '9' })
    assert.deepEqual(applyState(list(), state('9', { status: 'resolved' }), view('open'), ADA, NOW), { kind: 'none' })
  })
  test('an older state than the row’s is ignored', () => {
    const fresh = { ...list(), items: [item('1', { updatedAt: at(0), assigneeId: ADA })] }
    assert.deepEqual(applyState(fresh, state('1', { updatedAt: at(5) }), view('mine'), ADA, NOW), { kind: 'none' })
  })
  test('a fetched row that sorts after the last loaded one waits for its page', () => {
    const partial = { ...list(), nextCursor: 'x' }
    assert.deepEqual(ids(placeItem(partial, item('9', { lastCustomerMessageAt: at(99) }), 'newest')), ['1', '2', '3'])
    assert.deepEqual(ids(placeItem(partial, item('9', { lastCustomerMessageAt: at(3) }), 'newest')), ['1', '9', '2', '3'])
    assert.deepEqual(ids(placeItem(list(), item('9', { lastCustomerMessageAt: at(99) }), 'newest')), ['1', '2', '3', '9'])
  })
  test('a page that repeats a row an event placed keeps one copy', () => {
    const merged = appendPage({ items: [item('1')], nextCursor: 'a' }, { items: [item('1'), item('2')], nextCursor: null })
    assert.deepEqual(ids(merged), ['1', '2'])
    assert.equal(merged.nextCursor, null)
  })
})

describe('messages and reads', () => {
  test('the customer’s message is the preview and one more unread; the brand’s changes neither', () => {
    const list: InboxList = { items: [item('1')], nextCursor: null }
    const after = applyMessage(list, message('1', 2, 'c1', 'Any news?'))
    assert.equal(after.items[0]?.customerMessage?.text, 'Any news?')
    assert.equal(after.items[0]?.you.unreadCount, 2)
    const answered = applyMessage(after, message('1', 3, BRAND, 'On its way'))
    assert.equal(answered.items[0]?.customerMessage?.text, 'Any news?')
    assert.equal(answered.items[0]?.you.unreadCount, 2)
    assert.equal(applyMessage(answered, message('1', 2, 'c1', 'Any news?')), answered, 'twice is once')
  })
  test('reading to the end clears my unread; marking unread shows it again', () => {
    const list: InboxList = { items: [item('1', {}, 4)], nextCursor: null }
    const read = applyRead(list, { conversationId: '1', lastReadSeq: 4, markedUnread: false })
    assert.equal(read.refetch, false)
    assert.equal(isUnread(read.list.items[0] as InboxItem), false)
    const marked = applyRead(read.list, { conversationId: '1', lastReadSeq: 4, markedUnread: true })
    assert.equal(isUnread(marked.list.items[0] as InboxItem), true)
  })
  test('reading part of it asks for the row’s exact count', () => {
    const list: InboxList = { items: [item('1', {}, 4)], nextCursor: null }
    assert.equal(applyRead(list, { conversationId: '1', lastReadSeq: 2, markedUnread: false }).refetch, true)
  })
})

describe('how long the customer has waited', () => {
  test('in the largest whole unit', () => {
    assert.deepEqual(waited(at(0.5), NOW), { unit: 'now' })
    assert.deepEqual(waited(at(59), NOW), { unit: 'minutes', count: 59 })
    assert.deepEqual(waited(at(60), NOW), { unit: 'hours', count: 1 })
    assert.deepEqual(waited(at(60 * 49), NOW), { unit: 'days', count: 2 })
    assert.deepEqual(waited(at(-5), NOW), { unit: 'now' }, 'a clock a little ahead is "now"')
  })
})

describe('the address of a view', () => {
  test('round-trips, with Unassigned and newest as defaults', () => {
    const query: InboxQuery = { view: 'mine', order: 'waiting', assigneeId: ADA, source: 'poster', kind: 'visitor', label: '77' }
    assert.deepEqual(queryFromSearch(new URLSearchParams(searchFromQuery(query))), query)
    assert.equal(searchFromQuery({ view: 'unassigned', order: 'newest' }), '')
    assert.deepEqual(queryFromSearch(new URLSearchParams('view=nope&kind=alien&label=vip')), { view: 'unassigned', order: 'newest' }, 'a label is named by its id')
  })
})

describe('search hits', () => {
  test('the snippet is cut at its matches, counted in code points', () => {
    assert.deepEqual(snippetParts('Où est mon café ☕ moulu ?', [{ start: 11, end: 15 }]), [
      { text: 'Où est mon ', mark: false }, { text: 'café', mark: true }, { text: ' ☕ moulu ?', mark: false },
    ])
    assert.deepEqual(snippetParts('😀 beans and beans', [{ start: 12, end: 17 }, { start: 2, end: 7 }]), [
      { text: '😀 ', mark: false }, { text: 'beans', mark: true }, { text: ' and ', mark: false }, { text: 'beans', mark: true },
    ], 'an emoji before a match counts once; ranges in any order')
  })
  test('overlapping, empty and out-of-range matches do not break the text', () => {
    assert.deepEqual(snippetParts('abcdef', [{ start: 1, end: 4 }, { start: 2, end: 5 }, { start: 3, end: 3 }, { start: 5, end: 99 }]), [
      { text: 'a', mark: false }, { text: 'bcd', mark: true }, { text: 'e', mark: true }, { text: 'f', mark: true },
    ])
    assert.deepEqual(snippetParts('<b>hi</b>', []), [{ text: '<b>hi</b>', mark: false }], 'markup stays text')
  })
  test('a hit opens its conversation as the brand, at the message or the note', () => {
    assert.equal(hitPath('7', { kind: 'message', id: 'm', conversationId: 'c1', seq: 12 }), '/c/c1?as=7&at=12')
    assert.equal(hitPath('7', { kind: 'note', id: 'n9', conversationId: 'c1', seq: null }), '/c/c1?as=7&note=n9')
  })
})
