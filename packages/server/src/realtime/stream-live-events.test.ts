import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirApiError } from '@parloir/client'
import { TestClock } from '@parloir/testing/server'
import { liveServer, record, type LiveServer, type Person } from '@parloir/testing/stream-fixtures'

describe('new messages', () => {
  let live: LiveServer
  before(async () => { live = await liveServer() })
  after(async () => { await live.stop() })

  test('two people see each other\'s new messages live, each once', async () => {
    const ada = await live.person('ada')
    const ben = await live.person('ben')
    const conversation = await ada.client.openDirect(ben.id)
    const adaStream = await live.stream(ada.client)
    const benStream = await live.stream(ben.client)
    const atBen = record(benStream)
    const atAda = record(adaStream)

    const benGets = benStream.waitFor('message.created', { filter: (data) => data.message.text === 'Hello Ben' })
    const sent = await ada.client.sendMessage(conversation.id, 'Hello Ben')
    assert.deepEqual((await benGets).message, sent)

    const adaGets = adaStream.waitFor('message.created', { filter: (data) => data.message.text === 'Hi Ada!' })
    const benGetsOwn = benStream.waitFor('message.created', { filter: (data) => data.message.text === 'Hi Ada!' })
    const reply = await ben.client.sendMessage(conversation.id, 'Hi Ada!')
    assert.deepEqual((await adaGets).message, reply)
    assert.equal(reply.seq, sent.seq + 1)
    await benGetsOwn

    // Each side gets both messages (its own too, for its other tabs), once, in seq order, with rising cursors.
    for (const events of [atAda, atBen]) {
      const messages = events.filter((e) => e.name === 'message.created')
      assert.deepEqual(messages.map((e) => e.name === 'message.created' && e.data.message.id), [sent.id, reply.id])
      const cursors = messages.map((e) => e.cursor ?? 0)
      assert.ok(cursors[0]! > 0 && cursors[1]! > cursors[0]!, `cursors rise: ${cursors.join(', ')}`)
    }
    assert.equal(benStream.cursor, atBen.at(-1)?.cursor)
  })

  test('a stranger\'s stream hears nothing of a conversation it is not in', async () => {
    const ada = await live.person('ada2')
    const ben = await live.person('ben2')
    const chloe = await live.person('chloe2')
    const conversation = await ada.client.openDirect(ben.id)
    const chloeStream = await live.stream(chloe.client)
    const heard = record(chloeStream)
    await ada.client.sendMessage(conversation.id, 'Just between us')
    // Chloe's own conversation with Ada comes after; events on one stream are ordered, so if the
    // first had reached her it would be there before this one.
    const theirs = await ada.client.openDirect(chloe.id)
    const hi = chloeStream.waitFor('message.created')
    await ada.client.sendMessage(theirs.id, 'Hi Chloe')
    assert.equal((await hi).message.text, 'Hi Chloe')
    assert.deepEqual(heard.flatMap((e) => (e.name === 'message.created' ? [e.data.message.text] : [])), ['Hi Chloe'])
  })
})

describe('typing indicators', () => {
  // A test clock, so the 3 s throttle is exact and can be stepped past without waiting.
  const clock = new TestClock()
  let live: LiveServer
  let ada: Person
  let ben: Person
  before(async () => {
    live = await liveServer({}, { clock })
    ada = await live.person('ada')
    ben = await live.person('ben')
  })
  after(async () => { await live.stop() })

  test('reach the other side, and a second within 3 s is answered RATE_LIMITED', async () => {
    const conversation = await ada.client.openDirect(ben.id)
    const adaStream = await live.stream(ada.client)
    const benStream = await live.stream(ben.client)
    const atAda = record(adaStream)

    const typing = benStream.waitFor('typing.started')
    await adaStream.typing(conversation.id)
    const first = await typing
    assert.deepEqual(first, { conversationId: conversation.id, accountId: ada.id, expiresInMs: 5_000 })

    clock.advance(2_999)
    await assert.rejects(adaStream.typing(conversation.id), (error: unknown) => {
      assert.ok(error instanceof ParloirApiError)
      assert.equal(error.code, 'RATE_LIMITED')
      assert.equal(error.status, 429)
      assert.equal(error.retryAfterMs, 1)
      return true
    })
    // The REST route shares the throttle.
    await assert.rejects(ada.client.typing(conversation.id), (error: unknown) => error instanceof ParloirApiError && error.status === 429)
    assert.equal(adaStream.state, 'live', 'a refused frame leaves the stream open')

    clock.advance(1)
    const again = benStream.waitFor('typing.started')
    await ada.client.typing(conversation.id)
    assert.equal((await again).accountId, ada.id)

    // Ada never hears her own typing: a later message reaches her with none before it.
    const message = adaStream.waitFor('message.created')
    await ben.client.sendMessage(conversation.id, 'typing noted')
    await message
    assert.ok(atAda.some((e) => e.name === 'message.created'))
    assert.deepEqual(atAda.filter((e) => e.name === 'typing.started'), [])
  })

  test('the throttle is per conversation', async () => {
    const chloe = await live.person('chloe')
    const withBen = await ada.client.openDirect(ben.id)
    const withChloe = await ada.client.openDirect(chloe.id)
    const adaStream = await live.stream(ada.client)
    clock.advance(3_000)
    await adaStream.typing(withBen.id)
    await adaStream.typing(withChloe.id)
    await assert.rejects(adaStream.typing(withBen.id), (error: unknown) => error instanceof ParloirApiError && error.code === 'RATE_LIMITED')
  })

  test('typing in a conversation one is not in is refused like a missing one', async () => {
    const chloe = await live.person('chloe3')
    const conversation = await ada.client.openDirect(ben.id)
    const chloeStream = await live.stream(chloe.client)
    await assert.rejects(chloeStream.typing(conversation.id), (error: unknown) => error instanceof ParloirApiError && error.code === 'CONVERSATION_NOT_FOUND')
  })
})

describe('read receipts', () => {
  let live: LiveServer
  before(async () => { live = await liveServer() })
  after(async () => { await live.stop() })

  const cases = [
    { reader: true, viewer: true, seen: true },
    { reader: true, viewer: false, seen: false },
    { reader: false, viewer: true, seen: false },
    { reader: false, viewer: false, seen: false },
  ]
  for (const [i, { reader, viewer, seen }] of cases.entries()) {
    test(`reader receipts ${reader ? 'on' : 'off'}, sender receipts ${viewer ? 'on' : 'off'}: the sender ${seen ? 'sees' : 'does not see'} "Seen"; the reader always gets its own`, async () => {
      const ada = await live.person(`ada_rr${i}`)
      const ben = await live.person(`ben_rr${i}`)
      await ada.client.updateSettings({ sendReadReceipts: viewer })
      await ben.client.updateSettings({ sendReadReceipts: reader })
      const conversation = await ada.client.openDirect(ben.id)
      const adaStream = await live.stream(ada.client)
      const benStream = await live.stream(ben.client)
      const atAda = record(adaStream)

      const message = await ada.client.sendMessage(conversation.id, 'Did you see this?')
      const own = benStream.waitFor('conversation.read')
      await benStream.read(conversation.id, message.seq)
      assert.deepEqual(await own, { conversationId: conversation.id, accountId: ben.id, seq: message.seq })

      // Ben's next message reaches Ada after his read would have: her stream is ordered.
      const marker = adaStream.waitFor('message.created', { filter: (data) => data.message.senderId === ben.id })
      await ben.client.sendMessage(conversation.id, 'I did')
      await marker
      const receipts = atAda.filter((e) => e.name === 'conversation.read')
      if (seen) {
        assert.deepEqual(receipts.map((e) => e.data), [{ conversationId: conversation.id, accountId: ben.id, seq: message.seq }])
      } else {
        assert.deepEqual(receipts, [])
      }
      // What REST says Ben has read does not depend on receipts.
      assert.equal((await ben.client.getConversation(conversation.id)).viewer.lastReadSeq, message.seq)
    })
  }

  test('turning receipts off takes effect on an open stream', async () => {
    const ada = await live.person('ada_live')
    const ben = await live.person('ben_live')
    const conversation = await ada.client.openDirect(ben.id)
    const adaStream = await live.stream(ada.client)
    const benStream = await live.stream(ben.client)
    const first = await ada.client.sendMessage(conversation.id, 'one')
    const seen = adaStream.waitFor('conversation.read')
    await benStream.read(conversation.id, first.seq)
    assert.equal((await seen).seq, first.seq)

    const settings = adaStream.waitFor('settings.updated')
    await ada.client.updateSettings({ sendReadReceipts: false })
    assert.equal((await settings).settings.sendReadReceipts, false)
    const atAda = record(adaStream)
    const second = await ada.client.sendMessage(conversation.id, 'two')
    await benStream.read(conversation.id, second.seq)
    const marker = adaStream.waitFor('message.created', { filter: (data) => data.message.text === 'after' })
    await ben.client.sendMessage(conversation.id, 'after')
    await marker
    assert.deepEqual(atAda.filter((e) => e.name === 'conversation.read'), [], 'no receipt once Ada turned hers off')
  })
})
