import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ParloirApiError, ParloirClient, type ParloirStream } from '@parloir/client'
import { liveServer, until, type LiveServer } from '@parloir/testing/stream-fixtures'

const closedWith = (stream: ParloirStream) => Promise.all([
  stream.waitFor('disconnect', { timeoutMs: 2_000 }),
  stream.waitFor('state', { timeoutMs: 2_000, filter: (change) => change.state === 'closed' }),
])

describe('revoking a session', () => {
  let live: LiveServer
  before(async () => { live = await liveServer() })
  after(async () => { await live.stop() })

  test("closes that session's open streams with 4001 at once, and only those", async () => {
    const ben = await live.person('ben')
    const ada = await live.person('ada')
    const conversation = await ada.client.openDirect(ben.id)
    // A second session of Ben's, as on another device.
    const laptop = new ParloirClient({ baseUrl: live.baseUrl })
    const { session: laptopSession } = await laptop.login({ handle: 'ben', password: 'correct horse battery' })
    const phoneSessionId = (await ben.client.listSessions()).sessions.find((s) => s.id !== laptopSession.id)?.id
    assert.ok(phoneSessionId)

    const phoneA = await live.stream(ben.client)
    const phoneB = await live.stream(ben.client)
    const onLaptop = await live.stream(laptop)
    assert.equal(live.server.hub.streamsOf(ben.id), 3)

    const closedA = closedWith(phoneA)
    const closedB = closedWith(phoneB)
    await laptop.revokeSession(phoneSessionId)
    for (const [disconnect, state] of [await closedA, await closedB]) {
      assert.equal(disconnect.code, 4001)
      assert.equal(disconnect.willReconnect, false)
      assert.deepEqual(state, { state: 'closed', previous: 'live', reason: 'revoked' })
    }
    assert.equal(phoneA.closeReason, 'revoked')
    await until(() => live.server.hub.streamsOf(ben.id) === 1, 'the server to forget the revoked streams')

    // The other session carries on, and the revoked one is refused everywhere.
    assert.equal(onLaptop.state, 'live')
    await onLaptop.ping()
    const message = onLaptop.waitFor('message.created')
    await ada.client.sendMessage(conversation.id, 'still reaching the laptop')
    assert.equal((await message).message.text, 'still reaching the laptop')
    await assert.rejects(ben.client.me(), (error: unknown) => error instanceof ParloirApiError && error.code === 'UNAUTHENTICATED')
    assert.equal(phoneA.state, 'closed', 'no reconnect attempt after 4001')
  })

  test("logging out closes that session's streams with 4001", async () => {
    const chloe = await live.person('chloe')
    const stream = await live.stream(chloe.client)
    const closed = closedWith(stream)
    await chloe.client.logout()
    const [disconnect, state] = await closed
    assert.equal(disconnect.code, 4001)
    assert.equal(state.reason, 'revoked')
    assert.equal(chloe.client.token, undefined)
  })

  test('a revoked token cannot open a stream again', async () => {
    const dan = await live.person('dan')
    const stale = new ParloirClient({ baseUrl: live.baseUrl, token: dan.token })
    await dan.client.logout()
    const stream = await live.stream(stale, { live: false })
    const error = await stream.waitFor('error')
    assert.ok(error instanceof ParloirApiError)
    assert.equal(error.status, 401)
    assert.equal(error.code, 'UNAUTHENTICATED')
    assert.equal(stream.state, 'closed', 'a refused session is not retried')
    assert.equal(stream.closeReason, 'unauthenticated')
  })
})

describe('streams per user', () => {
  let live: LiveServer
  before(async () => { live = await liveServer() })
  after(async () => { await live.stop() })

  test('the 20th concurrent stream is fine, the 21st is refused with 429 TOO_MANY_STREAMS until one closes', async () => {
    const ada = await live.person('ada')
    const streams: ParloirStream[] = []
    for (let i = 0; i < 20; i++) streams.push(await live.stream(ada.client))
    assert.ok(streams.every((s) => s.state === 'live'))
    assert.equal(live.server.hub.streamsOf(ada.id), 20)

    const extra = await live.stream(ada.client, { live: false, backoff: { initialMs: 50, maxMs: 100 } })
    const error = await extra.waitFor('error')
    assert.ok(error instanceof ParloirApiError)
    assert.equal(error.status, 429)
    assert.equal(error.code, 'TOO_MANY_STREAMS')
    assert.deepEqual(error.details, { limit: 20 })
    assert.equal(live.server.hub.streamsOf(ada.id), 20)
    // Refused for now, not for good: it retries with backoff, and gets in once a slot frees.
    assert.equal(extra.state, 'reconnecting')
    await streams[0]!.close()
    await extra.whenLive(5_000)
    assert.equal(live.server.hub.streamsOf(ada.id), 20)
  })

  test("another person's streams do not count", async () => {
    const ben = await live.person('ben')
    const stream = await live.stream(ben.client)
    assert.equal(stream.state, 'live')
  })
})

describe('a cookie-authenticated stream', () => {
  let live: LiveServer
  before(async () => { live = await liveServer({ allowedOrigins: ['https://app.northwind.example'] }) })
  after(async () => { await live.stop() })

  // Node's client sends the cookie and Origin a browser would (the browser client has no headers to set).
  const cookieClient = () => new ParloirClient({ baseUrl: live.baseUrl })

  test('from a foreign Origin is refused with 403 ORIGIN_NOT_ALLOWED', async () => {
    const ada = await live.person('ada')
    const stream = await live.stream(cookieClient(), {
      live: false, headers: { cookie: `parloir_session=${ada.token}`, origin: 'https://evil.example' },
    })
    const error = await stream.waitFor('error')
    assert.ok(error instanceof ParloirApiError)
    assert.equal(error.status, 403)
    assert.equal(error.code, 'ORIGIN_NOT_ALLOWED')
    assert.deepEqual(error.details, { origin: 'https://evil.example' })
    assert.equal(stream.state, 'closed', 'a refused origin is not retried')
    assert.equal(stream.closeReason, 'forbidden')
    assert.equal(live.server.hub.streamsOf(ada.id), 0)
  })

  test('with no Origin at all is refused too', async () => {
    const ben = await live.person('ben')
    const stream = await live.stream(cookieClient(), { live: false, headers: { cookie: `parloir_session=${ben.token}` } })
    const error = await stream.waitFor('error')
    assert.ok(error instanceof ParloirApiError && error.code === 'ORIGIN_NOT_ALLOWED')
  })

  test("from the server's own origin, or an allowed one, is accepted and hears its account's events", async () => {
    const ada = await live.person('ada_ok')
    const ben = await live.person('ben_ok')
    const conversation = await ada.client.openDirect(ben.id)
    const own = new URL(live.baseUrl).origin
    for (const origin of [own, 'https://app.northwind.example']) {
      const stream = await live.stream(cookieClient(), { headers: { cookie: `parloir_session=${ben.token}`, origin } })
      assert.equal(stream.state, 'live')
      const message = stream.waitFor('message.created')
      const sent = await ada.client.sendMessage(conversation.id, `via ${origin}`)
      assert.equal((await message).message.id, sent.id)
      await stream.close()
    }
  })
})
