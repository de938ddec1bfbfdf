import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Account, BrandCard, Conversation, Message, WelcomeMessage } from '@parloir/protocol'
import { brandPartner, pendingWelcome } from './welcome.ts'
import { buildRows } from './thread.ts'
import { accountName, isVisitor, titleOf } from './format.ts'

const account = (id: string, handle: string, kind: Account['kind'] = 'person', displayName = handle): Account =>
  ({ id, kind, handle, displayName, bio: '', avatarUrl: null, createdAt: '2026-11-01T00:00:00Z' }) as Account
const chloe = account('1', 'chloe', 'person', 'Chloé Martin')
const northwind = account('2', 'northwind', 'brand', 'Northwind Coffee')
const ben = account('3', 'ben', 'person', 'Ben Okafor')
const visitor = account('4', '', 'visitor', 'Visitor 4821')

function conversation(kind: 'direct' | 'group', people: Account[]): Conversation {
  return {
    id: 'c1', kind, name: null, avatarUrl: null, source: null, createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z',
    participants: people.map((a) => ({ account: a, status: 'accepted', joinedAt: '2026-11-01T00:00:00Z' })),
    lastSeq: 0, lastMessage: null, viewer: { accountId: people[0]?.id ?? '', status: 'accepted', lastReadSeq: 0, unreadCount: 0 }, readMarks: [],
  } as Conversation
}

function message(seq: number, senderId: string, extra: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`, conversationId: 'c1', seq, senderId, kind: 'text', text: `message ${seq}`, entities: { urls: [], mentions: [], hashtags: [] },
    quickReply: null, quickReplyResponse: null, buttons: [], attachment: null, system: null, customProfile: null, automation: null, clientMessageId: null,
    createdAt: new Date(Date.parse('2026-11-20T09:00:00Z') + seq * 1000).toISOString(), unsentAt: null, ...extra,
  } as Message
}

const welcome = {
  id: 'w1', brandId: northwind.id, name: 'Hello', text: 'Hello! What can we do for you?', entities: { urls: [], mentions: [], hashtags: [] },
  quickReply: { type: 'options', options: [{ label: 'Track my order', metadata: 'track' }] }, buttons: [], attachment: null, isDefault: true,
  createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z',
} as WelcomeMessage
const card = (w: WelcomeMessage | null = welcome): BrandCard =>
  ({ brand: northwind, support: { providesSupport: false, openNow: false, nextChangeAt: null, replyTime: null, calendar: null }, welcomeMessage: w }) as BrandCard
const loaded = (messages: Message[] = [], hasOlder = false) => ({ loaded: true, hasOlder, messages })

describe('the welcome message shown before anyone writes', () => {
  const direct = conversation('direct', [chloe, northwind])

  test('is the brand card\'s default one, in a 1:1 with a brand that has not written', () => {
    assert.equal(brandPartner(direct, chloe.id), northwind)
    assert.equal(pendingWelcome(direct, loaded(), chloe.id, card()), welcome)
    // The person may have written already (before any welcome existed): the brand still has not.
    assert.equal(pendingWelcome(direct, loaded([message(1, chloe.id)]), chloe.id, card()), welcome)
  })

  test('goes once the brand has written (the server wrote it, or an agent answered)', () => {
    assert.equal(pendingWelcome(direct, loaded([message(1, northwind.id, { automation: 'welcome' }), message(2, chloe.id)]), chloe.id, card()), null)
    assert.equal(pendingWelcome(direct, loaded([message(1, chloe.id), message(2, northwind.id)]), chloe.id, card()), null)
  })

  test('waits for the newest page, and for the card', () => {
    assert.equal(pendingWelcome(direct, undefined, chloe.id, card()), null)
    assert.equal(pendingWelcome(direct, { loaded: false, hasOlder: false, messages: [] }, chloe.id, card()), null)
    assert.equal(pendingWelcome(direct, loaded([message(60, chloe.id)], true), chloe.id, card()), null)
    assert.equal(pendingWelcome(direct, loaded(), chloe.id, undefined), null)
  })

  test('is not shown without a default, in groups, to the brand itself, or between people', () => {
    assert.equal(pendingWelcome(direct, loaded(), chloe.id, card(null)), null)
    assert.equal(pendingWelcome(conversation('group', [chloe, northwind, ben]), loaded(), chloe.id, card()), null)
    assert.equal(brandPartner(direct, northwind.id), null)
    assert.equal(pendingWelcome(direct, loaded(), northwind.id, card()), null)
    assert.equal(pendingWelcome(conversation('direct', [chloe, ben]), loaded(), chloe.id, card()), null)
  })

  test('is not another brand\'s card', () => {
    const other = { ...card(), brand: account('9', 'other', 'brand') } as BrandCard
    assert.equal(pendingWelcome(direct, loaded(), chloe.id, other), null)
  })
})

describe('messages under custom profiles', () => {
  test('a brand switching profile starts a new run, so the new name shows', () => {
    const sam = { id: 'p1', name: 'Sam', avatarUrl: null }
    const lea = { id: 'p2', name: 'Léa', avatarUrl: null }
    const rows = buildRows([
      message(1, northwind.id, { customProfile: sam }), message(2, northwind.id, { customProfile: sam }),
      message(3, northwind.id, { customProfile: lea }), message(4, northwind.id),
    ], chloe.id).filter((r) => r.type === 'message')
    assert.deepEqual(rows.map((r) => [r.runStart, r.runEnd]), [[true, false], [false, true], [true, true], [true, true]])
  })
})

describe('visitors', () => {
  const t = (key: string, values?: Record<string, string | number>) => (key === 'messenger.visitor' ? 'Visitor' : `${key}${JSON.stringify(values ?? {})}`)

  test('are told apart by kind or by their empty handle', () => {
    assert.equal(isVisitor(visitor), true)
    assert.equal(isVisitor({ kind: 'person', handle: '' }), true)
    assert.equal(isVisitor(chloe), false)
    assert.equal(isVisitor(undefined), false)
  })

  test('go by their display name, or "Visitor" when they have none', () => {
    const c = conversation('direct', [northwind, visitor])
    assert.equal(titleOf(c, northwind.id, t), 'Visitor 4821')
    assert.equal(accountName(c, visitor.id, t, northwind.id), 'Visitor 4821')
    const nameless = conversation('direct', [northwind, { ...visitor, displayName: '' }])
    assert.equal(titleOf(nameless, northwind.id, t), 'Visitor')
    assert.equal(accountName(nameless, visitor.id, t, northwind.id), 'Visitor')
  })
})
