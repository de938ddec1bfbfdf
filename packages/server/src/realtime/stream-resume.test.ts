import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ParloirClient } from '@parloir/client'
import type { Conversation, Message, Settings, StreamEvent } from '@parloir/protocol'
import { defaultRateLimits } from '../config.ts'
import { liveServer, record, wsOf, type LiveServer } from '@parloir/testing/stream-fixtures'

/** Reconnect only when the test says so (`stream.reconnect()`), so "meanwhile" is certain: an hour outlasts any test, however loaded the machine. */
const manualReconnect = { backoff: { initialMs: 3_600_000, maxMs: 3_600_000 } }

const createdIds = (events: StreamEvent[]) => events.flatMap((e) => (e.name === 'message.created' ? [e.data.message.id] : []))

describe('resuming after a dropped connection', () => {
  let live: LiveServer
  before(async () => { live = await liveServer() })
  after(async () => { await live.stop() })

  test('every message sent meanwhile arrives exactly once, in seq order, before stream.ready', async () => {
    const ada = await live.person('ada')
    const ben = await live.person('ben')
    const conversation = await ada.client.openDirect(ben.id)
    const benStream = await live.stream(ben.client, manualReconnect)
    const arrived = benStream.waitFor('message.created')
    await ada.client.sendMessage(conversation.id, 'before the drop')
    await arrived
    const cursorBefore = benStream.cursor

    const dropped = benStream.waitFor('disconnect')
    wsOf(benStream).terminate()
    const drop = await dropped
    assert.equal(drop.code, 1006)
    assert.equal(drop.willReconnect, true)
    assert.equal(benStream.state, 'reconnecting')

    const missed: Message[] = []
    for (let i = 0; i < 5; i++) missed.push(await ada.client.sendMessage(conversation.id, `missed ${i}`))
    // Some at once, too: their seqs are assigned in commit order.
    missed.push(...(await Promise.all([5, 6, 7, 8, 9].map((i) => ada.client.sendMessage(conversation.id, `missed ${i}`)))))
    missed.sort((a, b) => a.seq - b.seq)

    const frames: string[] = []
    benStream.on('frame', (frame) => frames.push(frame.name === 'message.created' ? frame.data.message.id : frame.name))
    const received = record(benStream)
    const delivered: number[] = []
    benStream.on('message.created', (data) => delivered.push(data.message.seq))
    const ready = benStream.waitFor('ready')
    benStream.reconnect()
    const info = await ready
    assert.equal(info.resumedFrom, cursorBefore)
    assert.equal(benStream.state, 'live')

    // Exactly the missed ones, once each (raw frames, before the client's own de-duplication), in seq order.
    assert.deepEqual(createdIds(received), missed.map((m) => m.id))
    assert.deepEqual(delivered, missed.map((m) => m.seq))
    assert.deepEqual(missed.map((m) => m.seq), Array.from({ length: 10 }, (_, i) => missed[0]!.seq + i), 'seqs are gapless')
    // Replayed from the log, then ready: nothing missed comes after it.
    assert.deepEqual(frames, [...missed.map((m) => m.id), 'stream.ready'])
    assert.equal(info.cursor, received.at(-1)?.cursor)

    const liveAgain = benStream.waitFor('message.created')
    const next = await ada.client.sendMessage(conversation.id, 'after the resume')
    assert.equal((await liveAgain).message.id, next.id)
  })

  test('the client reconnects by itself with backoff and resumes', async () => {
    const ada = await live.person('ada_auto')
    const ben = await live.person('ben_auto')
    const conversation = await ada.client.openDirect(ben.id)
    const benStream = await live.stream(ben.client, { backoff: { initialMs: 50, maxMs: 100 } })
    const states: string[] = []
    benStream.on('state', (change) => states.push(change.state))
    const dropped = benStream.waitFor('disconnect')
    wsOf(benStream).terminate()
    const { delayMs } = await dropped
    assert.ok(delayMs !== undefined && delayMs >= 25 && delayMs <= 50, `first retry after ${delayMs} ms`)
    const got = benStream.waitFor('message.created')
    const sent = await ada.client.sendMessage(conversation.id, 'while you were away')
    assert.equal((await got).message.id, sent.id)
    await benStream.whenLive()
    assert.deepEqual(states, ['reconnecting', 'live'])
  })
})

// What a client keeps: conversations (with their viewer part) and messages, as REST shows them.
interface ConversationState { conversation: Conversation; messages: Message[] }
interface ClientState { settings: Settings; conversations: Map<string, ConversationState> }

async function fetchState(client: ParloirClient): Promise<ClientState> {
  const me = await client.me()
  const conversations = new Map<string, ConversationState>()
  for (const box of ['inbox', 'requests'] as const) {
    for (const conversation of (await client.listConversations({ box, limit: 200 })).conversations) {
      const { messages } = await client.listMessages(conversation.id, { limit: 200 })
      conversations.set(conversation.id, { conversation, messages })
    }
  }
  return { settings: me.settings, conversations }
}

/**
 * Applies one event to a client's state, the way an app would. `all` keeps hidden messages
 * too: unread counts and the last message do not depend on hiding.
 */
function applyEvent(state: ClientState & { all: Map<string, Message[]> }, me: string, event: StreamEvent): void {
  const recount = (entry: ConversationState, all: Message[]) => {
    const { viewer } = entry.conversation
    viewer.unreadCount = all.filter((m) => m.senderId !== me && m.kind === 'text' && m.seq > viewer.lastReadSeq).length
  }
  switch (event.name) {
    case 'settings.updated':
      if (event.data.accountId !== me) return
      state.settings = event.data.settings
      // Without read receipts of one's own, one sees nobody's.
      if (!state.settings.sendReadReceipts) for (const entry of state.conversations.values()) entry.conversation.readMarks = []
      return
    case 'conversation.updated': {
      const core = event.data.conversation
      const mine = core.participants.find((p) => p.account.id === me)
      const entry = state.conversations.get(core.id)
      if (!mine) { state.conversations.delete(core.id); return }
      if (entry) {
        entry.conversation = { ...entry.conversation, ...core, viewer: { ...entry.conversation.viewer, status: mine.status } }
      } else {
        state.conversations.set(core.id, {
          conversation: { ...core, lastSeq: 0, lastMessage: null, viewer: { accountId: me, status: mine.status, lastReadSeq: 0, unreadCount: 0 }, readMarks: [] },
          messages: [],
        })
        state.all.set(core.id, [])
      }
      return
    }
    case 'conversation.removed':
      state.conversations.delete(event.data.conversationId)
      return
    case 'message.created': {
      const { message } = event.data
      const entry = state.conversations.get(message.conversationId)
      const all = state.all.get(message.conversationId)
      if (!entry || !all || all.some((m) => m.id === message.id)) return
      all.push(message)
      entry.messages.push(message)
      if (message.seq >= entry.conversation.lastSeq) {
        entry.conversation.lastSeq = message.seq
        entry.conversation.lastMessage = message
      }
      recount(entry, all)
      return
    }
    case 'message.unsent': {
      const erase = (m: Message): Message => m.id !== event.data.messageId ? m : {
        ...m, text: '', entities: { urls: [], mentions: [], hashtags: [] }, quickReply: null, quickReplyResponse: null,
        buttons: [], attachment: null, unsentAt: event.data.unsentAt,
      }
      const entry = state.conversations.get(event.data.conversationId)
      const all = state.all.get(event.data.conversationId)
      if (!entry || !all) return
      entry.messages = entry.messages.map(erase)
      state.all.set(event.data.conversationId, all.map(erase))
      if (entry.conversation.lastMessage) entry.conversation.lastMessage = erase(entry.conversation.lastMessage)
      return
    }
    case 'message.hidden': {
      const entry = state.conversations.get(event.data.conversationId)
      if (entry) entry.messages = entry.messages.filter((m) => m.id !== event.data.messageId)
      return
    }
    case 'conversation.read': {
      const entry = state.conversations.get(event.data.conversationId)
      const all = state.all.get(event.data.conversationId)
      if (!entry || !all) return
      if (event.data.accountId !== me) {
        const { accountId, seq } = event.data
        entry.conversation.readMarks = [...entry.conversation.readMarks.filter((m) => m.accountId !== accountId), { accountId, seq }]
        return
      }
      entry.conversation.viewer.lastReadSeq = event.data.seq
      recount(entry, all)
      return
    }
    case 'typing.started':
      return
  }
}

const normalise = (state: ClientState) => ({
  settings: state.settings,
  conversations: [...state.conversations.values()]
    .map(({ conversation, messages }) => ({
      conversation: { ...conversation, readMarks: [...conversation.readMarks].sort((a, b) => a.accountId.localeCompare(b.accountId)) },
      messages: [...messages].sort((a, b) => a.seq - b.seq),
    }))
    .sort((a, b) => a.conversation.id.localeCompare(b.conversation.id)),
})

describe('a stale client', () => {
  let live: LiveServer
  before(async () => { live = await liveServer() })
  after(async () => { await live.stop() })

  test('its state plus the replayed events equals a fresh REST fetch', async () => {
    const ada = await live.person('ada')
    const ben = await live.person('ben')
    const chloe = await live.person('chloe')
    const direct = await ada.client.openDirect(ben.id)
    await ada.client.sendMessage(direct.id, 'Morning Ben')
    const early = await ben.client.sendMessage(direct.id, 'Morning!')
    await ben.client.markRead(direct.id, early.seq)

    const benStream = await live.stream(ben.client)
    const stale = await fetchState(ben.client)
    const cursor = benStream.cursor
    assert.ok(cursor !== undefined)
    await benStream.close()

    // Meanwhile, on the server.
    const one = await ada.client.sendMessage(direct.id, 'Coffee at 10?')
    const two = await ada.client.sendMessage(direct.id, 'Or 11')
    await ada.client.sendMessage(direct.id, 'Northwind Coffee, as usual')
    await ada.client.unsend(direct.id, two.id)
    await ben.client.hide(direct.id, one.id)
    await ben.client.markRead(direct.id, one.seq)
    await ada.client.markRead(direct.id, early.seq)
    const group = await ada.client.createGroup({ name: 'Launch', accountIds: [ben.id, chloe.id] })
    await ada.client.sendMessage(group.id, 'Welcome to the launch group')
    await chloe.client.sendMessage(group.id, 'Hello all')
    const request = await chloe.client.openDirect(ben.id)
    await chloe.client.sendMessage(request.id, 'Ben, a question')
    await ben.client.updateSettings({ sendReadReceipts: false })

    const resumed = await live.stream(ben.client, { cursor, live: false })
    const replayed: StreamEvent[] = []
    resumed.on('event', (event) => replayed.push(event))
    await resumed.whenLive()
    assert.ok(replayed.length >= 12, `replayed ${replayed.length} events`)

    const state = { ...stale, all: new Map([...stale.conversations].map(([id, entry]) => [id, [...entry.messages]])) }
    for (const event of replayed) applyEvent(state, ben.id, event)
    const fresh = await fetchState(ben.client)
    assert.equal(fresh.conversations.size, 3)
    assert.deepEqual(normalise(state), normalise(fresh))
  })
})

describe('stream.resync', () => {
  let live: LiveServer
  before(async () => { live = await liveServer({ resumeMaxEvents: 5 }) })
  after(async () => { await live.stop() })

  test('comes when the cursor is in the future, then the stream is live from the present', async () => {
    const ada = await live.person('ada')
    const ben = await live.person('ben')
    const conversation = await ada.client.openDirect(ben.id)
    const latest = await live.server.deps.storage.reads.events.latestCursor()
    const benStream = await live.stream(ben.client, { cursor: latest + 1_000, live: false })
    const order: string[] = []
    benStream.on('resync', () => order.push('resync'))
    benStream.on('ready', () => order.push('ready'))
    const resync = await benStream.waitFor('resync')
    assert.equal(resync.cursor, latest)
    assert.equal(resync.reason, 'cursor_too_old')
    await benStream.whenLive()
    assert.deepEqual(order, ['resync', 'ready'])
    assert.equal(benStream.cursor, latest)

    const next = benStream.waitFor('message.created')
    const sent = await ada.client.sendMessage(conversation.id, 'still here')
    assert.equal((await next).message.id, sent.id)
  })

  test('comes when the gap is larger than the server replays', async () => {
    const ada = await live.person('ada_gap')
    const ben = await live.person('ben_gap')
    const conversation = await ada.client.openDirect(ben.id)
    const benStream = await live.stream(ben.client, manualReconnect)
    const dropped = benStream.waitFor('disconnect')
    wsOf(benStream).terminate()
    await dropped
    for (let i = 0; i < 6; i++) await ada.client.sendMessage(conversation.id, `missed ${i}`)
    const received = record(benStream)
    const resync = benStream.waitFor('resync')
    benStream.reconnect()
    assert.equal((await resync).reason, 'gap_too_large')
    await benStream.whenLive()
    assert.deepEqual(received, [], 'nothing replayed: the app refetches instead')
    assert.equal(benStream.cursor, await live.server.deps.storage.reads.events.latestCursor())
  })
})

describe('a gap longer than one page of the event log', () => {
  let live: LiveServer
  before(async () => {
    live = await liveServer({
      rateLimits: { ...defaultRateLimits, perAddress: { max: 100_000, windowMs: 60_000 }, sendsPerSecond: 100_000, sendsBurst: 100_000 },
    })
  })
  after(async () => { await live.stop() })

  test('is replayed in full', async () => {
    const ada = await live.person('ada')
    const ben = await live.person('ben')
    const conversation = await ada.client.openDirect(ben.id)
    const benStream = await live.stream(ben.client, manualReconnect)
    const dropped = benStream.waitFor('disconnect')
    wsOf(benStream).terminate()
    await dropped
    // The log is read 1,000 events a page: 1,100 crosses a page boundary.
    const total = 1_100
    for (let i = 0; i < total; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => ada.client.sendMessage(conversation.id, `missed ${i + j}`)))
    }
    const received = record(benStream)
    const ready = benStream.waitFor('ready')
    benStream.reconnect()
    await ready
    const seqs = received.flatMap((e) => (e.name === 'message.created' ? [e.data.message.seq] : []))
    assert.equal(seqs.length, total)
    assert.deepEqual(seqs, Array.from({ length: total }, (_, i) => i + 1))
  })
})
