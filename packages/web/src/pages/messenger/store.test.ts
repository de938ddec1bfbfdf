import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirClient, type ParloirStream } from '@parloir/client'
import type { Account, Conversation, Message } from '@parloir/protocol'
import { MessengerStore, type OutgoingItem } from './store.ts'
import type { SavedOutbox } from '../../offline/saved-outbox.ts'

const me = '10'
const ben = '20'
const account = (id: string, handle: string): Account => ({ id, kind: 'person', handle, displayName: handle, bio: '', avatarUrl: null, createdAt: '2026-11-01T00:00:00Z' })

function conversation(extra: Partial<Conversation> = {}): Conversation {
  return {
    id: 'c1', kind: 'direct', name: null, avatarUrl: null, source: null, createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z',
    participants: [{ account: account(me, 'ada'), status: 'accepted', joinedAt: '2026-11-01T00:00:00Z' }, { account: account(ben, 'ben'), status: 'accepted', joinedAt: '2026-11-01T00:00:00Z' }],
    lastSeq: 0, lastMessage: null, viewer: { accountId: me, status: 'accepted', lastReadSeq: 0, unreadCount: 0 }, readMarks: [], ...extra,
  }
}

function message(seq: number, senderId = ben, extra: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`, conversationId: 'c1', seq, senderId, kind: 'text', text: `message ${seq}`, entities: { urls: [], mentions: [], hashtags: [] },
    quickReply: null, quickReplyResponse: null, buttons: [], attachment: null, system: null, customProfile: null, automation: null, clientMessageId: null,
    createdAt: new Date(Date.parse('2026-11-20T09:00:00Z') + seq * 1000).toISOString(), unsentAt: null, ...extra,
  }
}

type Route = (url: URL, init: RequestInit) => unknown
/** A server stand-in: answers by path (a route may answer later); `offline` fails every request like a dropped network. */
function fakeServer(routes: Record<string, Route>) {
  const calls: Array<{ method: string; url: URL; body: unknown }> = []
  const server = { offline: false, calls }
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input))
    calls.push({ method: init.method ?? 'GET', url, body: init.body ? JSON.parse(String(init.body)) : undefined })
    if (server.offline) throw new TypeError('fetch failed')
    const route = routes[`${init.method ?? 'GET'} ${url.pathname}`]
    if (!route) return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no route' } }), { status: 404 })
    return new Response(JSON.stringify(await route(url, init)), { status: 200, headers: { 'content-type': 'application/json' } })
  }
  return { server, client: new ParloirClient({ baseUrl: 'http://parloir.test', fetch: fetch as typeof globalThis.fetch }) }
}

/** The part of a stream the store listens to, driven by the test. */
function fakeStream() {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
  const stream = {
    state: 'live',
    on(name: string, listener: (...args: unknown[]) => void) {
      let set = listeners.get(name)
      if (!set) listeners.set(name, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
    emit(name: string, ...args: unknown[]) { for (const listener of listeners.get(name) ?? []) listener(...args) },
    read: async () => {},
    typing: async () => {},
  }
  return stream
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10))

describe('the messenger store', () => {
  test('an event seen twice (replay and live) shows one message and counts one unread', async () => {
    const { client } = fakeServer({
      'GET /api/v1/conversations': () => ({ conversations: [conversation({ lastSeq: 1, lastMessage: message(1) })], nextCursor: null }),
      'GET /api/v1/conversations/c1/messages': () => ({ messages: [message(1)], hasMore: false }),
    })
    const store = new MessengerStore(client, me)
    const stream = fakeStream()
    store.attach(stream as unknown as ParloirStream)
    await store.loadBox('inbox')
    await store.openThread('c1')
    const two = message(2)
    stream.emit('message.created', { message: two })
    stream.emit('message.created', { message: two })
    const state = store.getState()
    assert.deepEqual(state.threads.get('c1')?.messages.map((m) => m.seq), [1, 2])
    assert.equal(state.conversations.get('c1')?.viewer.unreadCount, 1)
    assert.equal(state.conversations.get('c1')?.lastMessage?.id, 'm2')
  })

  test('a message that arrives while the first page loads is kept when the page lands', async () => {
    let answer: (value: unknown) => void = () => {}
    const { client } = fakeServer({
      'GET /api/v1/conversations/c1': () => conversation({ lastSeq: 1 }),
      'GET /api/v1/conversations/c1/messages': () => new Promise((resolve) => { answer = resolve }),
    })
    const store = new MessengerStore(client, me)
    const stream = fakeStream()
    store.attach(stream as unknown as ParloirStream)
    await store.ensureConversation('c1')
    const opening = store.openThread('c1')
    await settle()
    stream.emit('message.created', { message: message(2) })
    answer({ messages: [message(1)], hasMore: false })
    await opening
    assert.deepEqual(store.getState().threads.get('c1')?.messages.map((m) => m.seq), [1, 2])
  })

  test('after a reconnect it fetches what came after the newest message it has', async () => {
    const later = [message(3), message(4)]
    const { client, server } = fakeServer({
      'GET /api/v1/conversations/c1': () => conversation({ lastSeq: 2 }),
      'GET /api/v1/conversations/c1/messages': (url) => (url.searchParams.get('afterSeq') === '2'
        ? { messages: later, hasMore: false }
        : { messages: [message(1), message(2)], hasMore: false }),
    })
    const store = new MessengerStore(client, me)
    const stream = fakeStream()
    store.attach(stream as unknown as ParloirStream)
    await store.ensureConversation('c1')
    await store.openThread('c1')
    stream.emit('ready', { cursor: 9, heartbeatMs: 25_000, resumedFrom: 5 })
    await settle()
    assert.ok(server.calls.some((c) => c.url.searchParams.get('afterSeq') === '2'))
    assert.deepEqual(store.getState().threads.get('c1')?.messages.map((m) => m.seq), [1, 2, 3, 4])
  })

  describe('when the stream goes live while a conversation’s first page is loading', () => {
    test('it fetches what came after that page, also under a newer message that came live', async () => {
      // The page was read before message 2 was committed; the stream was subscribed after, so
      // message 2 comes by neither; message 3 comes live while the page is on its way.
      let answer: (value: unknown) => void = () => {}
      const { client, server } = fakeServer({
        'GET /api/v1/conversations/c1': () => conversation({ lastSeq: 1 }),
        'GET /api/v1/conversations/c1/messages': (url) => (url.searchParams.get('afterSeq') === '1'
          ? { messages: [message(2), message(3)], hasMore: false }
          : new Promise((resolve) => { answer = resolve })),
      })
      const store = new MessengerStore(client, me)
      const stream = fakeStream()
      stream.state = 'connecting'
      store.attach(stream as unknown as ParloirStream)
      await store.ensureConversation('c1')
      const opening = store.openThread('c1')
      await settle()
      stream.state = 'live'
      stream.emit('ready', { cursor: 9, heartbeatMs: 25_000, resumedFrom: undefined })
      stream.emit('message.created', { message: message(3) })
      answer({ messages: [message(1)], hasMore: false })
      await opening
      await settle()
      assert.ok(server.calls.some((c) => c.url.searchParams.get('afterSeq') === '1'), 'caught up after the page, not after the live message')
      assert.deepEqual(store.getState().threads.get('c1')?.messages.map((m) => m.seq), [1, 2, 3])
      assert.equal(store.getState().conversations.get('c1')?.lastMessage?.id, 'm3')
    })
  })

  test('a message that comes live before its conversation is known still lands in the open thread', async () => {
    let answer: (value: unknown) => void = () => {}
    let answerConversation: (value: unknown) => void = () => {}
    const { client } = fakeServer({
      'GET /api/v1/conversations/c1': () => new Promise((resolve) => { answerConversation = resolve }),
      'GET /api/v1/conversations/c1/messages': () => new Promise((resolve) => { answer = resolve }),
    })
    const store = new MessengerStore(client, me)
    const stream = fakeStream()
    store.attach(stream as unknown as ParloirStream)
    // A deep link: the conversation and its messages are asked for at once.
    const known = store.ensureConversation('c1')
    const opening = store.openThread('c1')
    await settle()
    stream.emit('message.created', { message: message(2) })
    answer({ messages: [message(1)], hasMore: false })
    await opening
    answerConversation(conversation({ lastSeq: 1, lastMessage: message(1) }))
    await known
    assert.deepEqual(store.getState().threads.get('c1')?.messages.map((m) => m.seq), [1, 2])
    assert.equal(store.getState().conversations.get('c1')?.lastMessage?.id, 'm2', 'the list shows the newest message')
  })

  test('a send that fails on the network is retried on reconnect with the same client id', async () => {
    const { client, server } = fakeServer({
      'GET /api/v1/conversations/c1': () => conversation(),
      'POST /api/v1/conversations/c1/messages': (_url, init) => message(1, me, { text: 'hello', clientMessageId: (JSON.parse(String(init.body)) as { clientMessageId: string }).clientMessageId }),
    })
    const store = new MessengerStore(client, me)
    const stream = fakeStream()
    store.attach(stream as unknown as ParloirStream)
    await store.ensureConversation('c1')
    server.offline = true
    store.send('c1', { text: 'hello' })
    await settle()
    const [failed] = store.getState().outgoing.get('c1') ?? []
    assert.equal(failed?.status, 'failed')
    assert.equal(failed?.error, null, 'a network failure: retried by itself')
    server.offline = false
    stream.emit('ready', { cursor: 9, heartbeatMs: 25_000, resumedFrom: 5 })
    await settle()
    const sends = server.calls.filter((c) => c.method === 'POST')
    assert.equal(sends.length, 2)
    assert.equal((sends[0]?.body as { clientMessageId: string }).clientMessageId, (sends[1]?.body as { clientMessageId: string }).clientMessageId)
    assert.equal(store.getState().outgoing.get('c1'), undefined, 'delivered')
    assert.equal(store.getState().conversations.get('c1')?.lastMessage?.text, 'hello')
  })

  test('a message written offline outlives the page: a new store (a reload) shows it waiting, then sends it once, with its client id', async () => {
    const sendRoute: Route = (_url, init) => message(1, me, { text: 'written offline', clientMessageId: (JSON.parse(String(init.body)) as { clientMessageId: string }).clientMessageId })
    const { client, server } = fakeServer({ 'GET /api/v1/conversations/c1': () => conversation(), 'POST /api/v1/conversations/c1/messages': sendRoute })
    // The device's copy: what the store keeps, as a list (saved-outbox.ts keeps it in localStorage).
    let device: OutgoingItem[] = []
    const saved: SavedOutbox<OutgoingItem> = {
      load: () => [...device],
      put: (item) => { device = [...device.filter((i) => i.clientMessageId !== item.clientMessageId), item] },
      remove: (id) => { device = device.filter((i) => i.clientMessageId !== id) },
    }
    server.offline = true
    const before = new MessengerStore(client, me, saved)
    before.send('c1', { text: 'written offline' })
    await settle()
    assert.equal(device.length, 1, 'kept on the device while it waits')
    before.dispose()

    const after = new MessengerStore(client, me, saved)
    const [waiting] = after.getState().outgoing.get('c1') ?? []
    assert.equal(waiting?.body.text, 'written offline')
    assert.deepEqual([waiting?.status, waiting?.error], ['failed', null], 'waiting for the connection')
    server.offline = false
    const stream = fakeStream()
    after.attach(stream as unknown as ParloirStream)
    await settle()
    const sends = server.calls.filter((c) => c.method === 'POST').map((c) => (c.body as { clientMessageId: string }).clientMessageId)
    assert.equal(sends.length, 2, 'tried offline, then once when live')
    assert.equal(sends[0], sends[1], 'with the same client id: the server keeps one message')
    assert.equal(after.getState().outgoing.get('c1'), undefined, 'delivered')
    assert.deepEqual(device, [], 'and forgotten by the device')
  })

  test('read receipts: mine clear the unread count, others become "Seen" marks', async () => {
    const { client } = fakeServer({ 'GET /api/v1/conversations/c1': () => conversation({ lastSeq: 3, viewer: { accountId: me, status: 'accepted', lastReadSeq: 1, unreadCount: 2 } }) })
    const store = new MessengerStore(client, me)
    const stream = fakeStream()
    store.attach(stream as unknown as ParloirStream)
    await store.ensureConversation('c1')
    stream.emit('conversation.read', { conversationId: 'c1', accountId: me, seq: 3 })
    stream.emit('conversation.read', { conversationId: 'c1', accountId: ben, seq: 2 })
    stream.emit('conversation.read', { conversationId: 'c1', accountId: ben, seq: 1 })
    const c = store.getState().conversations.get('c1')
    assert.equal(c?.viewer.unreadCount, 0)
    assert.deepEqual(c?.readMarks, [{ accountId: ben, seq: 2 }])
  })

  test('typing shows until it expires or the typist’s message arrives', async () => {
    const { client } = fakeServer({ 'GET /api/v1/conversations/c1': () => conversation() })
    const store = new MessengerStore(client, me)
    const stream = fakeStream()
    store.attach(stream as unknown as ParloirStream)
    await store.ensureConversation('c1')
    stream.emit('typing.started', { conversationId: 'c1', accountId: ben, expiresInMs: 5_000 })
    assert.ok(store.getState().typing.get('c1')?.has(ben))
    stream.emit('message.created', { message: message(1) })
    assert.equal(store.getState().typing.get('c1'), undefined)
    stream.emit('typing.started', { conversationId: 'c1', accountId: ben, expiresInMs: 30 })
    await new Promise((resolve) => setTimeout(resolve, 80))
    assert.equal(store.getState().typing.get('c1'), undefined)
    store.dispose()
  })

  test('a conversation I am not in (a brand’s, seen by its agent) stays out', async () => {
    const { client } = fakeServer({})
    const store = new MessengerStore(client, me)
    const stream = fakeStream()
    store.attach(stream as unknown as ParloirStream)
    stream.emit('message.created', { message: { ...message(1), conversationId: 'brand' } })
    await settle()
    stream.emit('message.created', { message: { ...message(2), conversationId: 'brand' } })
    await settle()
    assert.equal(store.getState().conversations.size, 0)
    assert.ok(store.getState().gone.has('brand'))
  })
})
