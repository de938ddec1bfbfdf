import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { pushLimits, type PushPayload } from '@parloir/protocol'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'
import { startPushReceiver, type PushReceiver, type TestSubscription } from '@parloir/testing/push-receiver'
import { loadConfig } from '../config.ts'
import { parseAllowList } from '../webhooks/outbound.ts'
import { pushWorkerOf } from './routes.ts'
import type { PushWorker } from './worker.ts'

type Person = Awaited<ReturnType<TestServer['person']>>

/**
 * Web Push as Northwind Coffee's team lives it: owner Ada, agent Ben, viewer Vic, customer Chloe.
 * Each browser subscribes at a push service on loopback that checks the VAPID signature and
 * decrypts what it receives, as a browser would.
 */
describe('web push to the team', () => {
  const clock = new TestClock(Date.UTC(2026, 10, 23, 9, 0, 0))
  let s: TestServer
  let worker: PushWorker
  let receiver: PushReceiver
  let ada: Person, ben: Person, vic: Person, chloe: Person
  let brandId: string
  const browsers = new Map<string, TestSubscription>()

  before(async () => {
    s = await testServer({
      outboundAllow: parseAllowList('127.0.0.1:*'),
      push: { ...loadConfig({}).push, pollMs: 0 },
    }, { clock })
    worker = pushWorkerOf(s.deps)
    const key = await s.call('GET', '/api/v1/push/key')
    assert.equal(key.statusCode, 200)
    receiver = await startPushReceiver({ vapidPublicKey: key.json().publicKey })
    ;[ada, ben, vic, chloe] = [await s.person('ada', 'Ada Lovelace'), await s.person('ben', 'Ben'), await s.person('vic', 'Vic'), await s.person('chloe', 'Chloe')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${vic.id}`, { token: ada.token, body: { role: 'viewer' } })
    for (const person of [ada, ben, vic, chloe]) {
      const browser = receiver.subscribe()
      browsers.set(person.id, browser)
      const res = await s.call('PUT', '/api/v1/me/push-subscription', { token: person.token, body: browser })
      assert.equal(res.statusCode, 204, res.body)
    }
  })
  after(async () => { await s.stop(); await receiver.close() })

  /** Sends what is pending; returns what each person's browser received meanwhile, by handle. */
  const pushes = async () => {
    const before = receiver.received.length
    await worker.tick()
    const got = receiver.received.slice(before)
    assert.deepEqual(receiver.problems, [], 'every push is signed and decrypts')
    const of = (person: Person) => got.filter((p) => p.endpoint === browsers.get(person.id)?.endpoint).map((p) => p.payload as PushPayload)
    return { ada: of(ada), ben: of(ben), vic: of(vic), chloe: of(chloe), all: got }
  }
  const open = async (customer = chloe) => (await s.call('POST', '/api/v1/conversations/direct', { token: customer.token, body: { accountId: brandId } })).json().id as string
  const say = async (conversationId: string, text: string, customer = chloe) => {
    const res = await s.call('POST', `/api/v1/conversations/${conversationId}/messages`, { token: customer.token, body: { text } })
    assert.equal(res.statusCode, 201, res.body)
  }
  let conv = ''

  test("a customer's first message tells every member who may answer, not the viewer, not the customer", async () => {
    conv = await open()
    await say(conv, 'Hello, where is my order #4411? It was due on Monday and nothing came.')
    const got = await pushes()
    const expected: PushPayload = {
      kind: 'conversation.new', brandId, conversationId: conv, title: 'Northwind Coffee: new conversation',
      body: 'Chloe: Hello, where is my order #4411? It was due on Monday and nothing came.', url: `/c/${conv}?as=${brandId}`, tag: `conversation.new:${conv}`,
    }
    assert.deepEqual(got.ada, [expected])
    assert.deepEqual(got.ben, [expected])
    assert.deepEqual(got.vic, [], 'a viewer does not answer')
    assert.deepEqual(got.chloe, [], 'the customer is told nothing')
    assert.equal(got.all[0]?.claims.aud, receiver.origin, 'the JWT is for the push service')
    assert.equal(got.all[0]?.urgency, 'high')

    await say(conv, 'Anyone?')
    assert.deepEqual((await pushes()).all, [], 'only the first message')
  })

  test('an assignment tells the assignee, unless they took it themselves', async () => {
    assert.equal((await s.call('POST', `/api/v1/brands/${brandId}/inbox/${conv}/assignee`, { token: ada.token, body: { assigneeId: ben.id } })).statusCode, 200)
    const got = await pushes()
    assert.deepEqual(got.ben, [{
      kind: 'conversation.assigned', brandId, conversationId: conv, title: 'Northwind Coffee: assigned to you',
      body: 'Ada Lovelace assigned you the conversation with Chloe', url: `/c/${conv}?as=${brandId}`, tag: `conversation.assigned:${conv}`,
    }])
    assert.deepEqual([...got.ada, ...got.vic, ...got.chloe], [])

    assert.equal((await s.call('POST', `/api/v1/brands/${brandId}/inbox/${conv}/assignee`, { token: ada.token, body: { assigneeId: ada.id } })).statusCode, 200)
    assert.deepEqual((await pushes()).all, [], 'Ada took it herself')
  })

  test('a mention in a private note tells the member named, with a short preview, and never the customer', async () => {
    const text = `@vic can you check the roastery log for this order? ${'It left on Friday. '.repeat(10)}`
    assert.equal((await s.call('POST', `/api/v1/brands/${brandId}/inbox/${conv}/notes`, { token: ben.token, body: { text } })).statusCode, 201)
    const got = await pushes()
    assert.equal(got.vic.length, 1)
    const [push] = got.vic
    assert.equal(push?.kind, 'note.mentioned')
    assert.equal(push?.title, 'Northwind Coffee: Ben mentioned you')
    assert.equal([...push!.body].length, pushLimits.notePreviewChars)
    assert.ok(push?.body.startsWith('@vic can you check the roastery log') && push.body.endsWith('…'))
    assert.equal(push?.url, `/c/${conv}?as=${brandId}`)
    assert.deepEqual([...got.ada, ...got.ben, ...got.chloe], [])
    for (const p of receiver.received.filter((r) => r.endpoint === browsers.get(chloe.id)?.endpoint)) {
      assert.ok(!JSON.stringify(p.payload).includes('roastery'), 'no note ever reaches the customer')
    }
  })

  test('a subscription its push service says is gone (410) is removed', async () => {
    const benBrowser = browsers.get(ben.id)!
    receiver.answer(benBrowser.endpoint, 410)
    const dora = await s.person('dora', 'Dora')
    await say(await open(dora), 'Bonjour !', dora)
    const got = await pushes()
    assert.equal(got.ada.length, 1)
    assert.equal(got.ben.length, 0)
    const session = (await s.deps.storage.reads.sessions.openOf(ben.id, clock.now()))[0]!
    assert.equal(await s.deps.storage.reads.push.subscriptionOfSession(session.id), undefined)
    assert.ok(await s.deps.storage.reads.push.subscriptionOfSession((await s.deps.storage.reads.sessions.openOf(ada.id, clock.now()))[0]!.id), "Ada's stays")
  })

  test('logging out ends the browser\'s subscription', async () => {
    const adaSession = (await s.deps.storage.reads.sessions.openOf(ada.id, clock.now()))[0]!
    assert.equal((await s.call('POST', '/api/v1/auth/logout', { token: ada.token })).statusCode, 204)
    assert.equal(await s.deps.storage.reads.push.subscriptionOfSession(adaSession.id), undefined)
  })

  describe('a subscription', () => {
    let eve: Person
    before(async () => { eve = await s.person('eve') })
    const put = (body: unknown) => s.call('PUT', '/api/v1/me/push-subscription', { token: eve.token, body })
    const valid = () => receiver.subscribe()

    test(`takes an endpoint of ${pushLimits.endpointChars} characters and refuses one more`, async () => {
      const { keys, endpoint } = valid()
      const long = (n: number) => `${endpoint}?${'x'.repeat(n - endpoint.length - 1)}`
      assert.equal((await put({ endpoint: long(pushLimits.endpointChars), keys })).statusCode, 204)
      const refused = await put({ endpoint: long(pushLimits.endpointChars + 1), keys })
      assert.equal(refused.statusCode, 400)
      assert.equal(refused.json().error.code, 'VALIDATION_FAILED')
    })

    test('takes a 65-byte P-256 key and a 16-byte secret, refuses a byte more or less', async () => {
      const { endpoint, keys } = valid()
      const bytes = (b64: string) => Buffer.from(b64, 'base64url')
      const plus = (b64: string) => Buffer.concat([bytes(b64), Buffer.from([1])]).toString('base64url')
      const minus = (b64: string) => bytes(b64).subarray(0, -1).toString('base64url')
      assert.equal((await put({ endpoint, keys })).statusCode, 204)
      for (const bad of [{ ...keys, p256dh: plus(keys.p256dh) }, { ...keys, p256dh: minus(keys.p256dh) }, { ...keys, auth: plus(keys.auth) }, { ...keys, auth: minus(keys.auth) }]) {
        const res = await put({ endpoint, keys: bad })
        assert.equal(res.statusCode, 400, JSON.stringify(bad))
        assert.ok(['PUSH_SUBSCRIPTION_INVALID', 'VALIDATION_FAILED'].includes(res.json().error.code))
      }
    })

    test('refuses an endpoint on a private address the administrator did not allow, or not http(s)', async () => {
      const { keys } = valid()
      for (const endpoint of ['https://10.1.2.3/push/x', 'http://192.168.1.1:8080/push', 'ftp://push.example/x']) {
        const res = await put({ endpoint, keys })
        assert.equal(res.statusCode, 400, endpoint)
        assert.equal(res.json().error.code, 'PUSH_SUBSCRIPTION_INVALID')
      }
    })

    test('is removed by DELETE, and needs a session', async () => {
      assert.equal((await s.call('DELETE', '/api/v1/me/push-subscription', { token: eve.token })).statusCode, 204)
      assert.equal((await s.call('DELETE', '/api/v1/me/push-subscription', { token: eve.token })).statusCode, 204, 'again: nothing to remove')
      assert.equal((await s.call('DELETE', '/api/v1/me/push-subscription')).statusCode, 401)
      assert.equal((await s.call('PUT', '/api/v1/me/push-subscription', { body: valid() })).statusCode, 401)
    })
  })
})
