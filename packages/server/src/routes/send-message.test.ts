import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultRateLimits } from '../config.ts'
import { testServer, type TestServer } from '@parloir/testing/server'
import { testTwitterAuthenticate } from '@parloir/testing/twitter-caller'

const serverSrc = fileURLToPath(new URL('..', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : []
  })
}

const sentTotal = async (s: TestServer) => {
  const text = (await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).body
  return Number(/^parloir_messages_sent_total ([0-9]+)/m.exec(text)?.[1] ?? NaN)
}

describe('the one send path', () => {
  test("is the server's only caller of core's sendMessage and admitVisitor", () => {
    const callers = sources(serverSrc).filter((file) => /\bcore\.(sendMessage|admitVisitor)\(|import \{[^}]*\b(sendMessage|admitVisitor)\b[^}]*\} from '@parloir\/core'/.test(readFileSync(file, 'utf8')))
    assert.deepEqual(callers.map((f) => f.slice(serverSrc.length)), ['routes/send-message.ts'])
  })

  describe('when a sender has used up its message budget', () => {
    let s: TestServer
    let ada: { id: string; token: string }, ben: { id: string; token: string }
    before(async () => {
      // A budget of 3 messages that does not refill within the test.
      s = await testServer({ rateLimits: { ...defaultRateLimits, sendsPerSecond: 0.001, sendsBurst: 3 } }, { twitterAuthenticate: testTwitterAuthenticate })
      ada = await s.person('ada')
      ben = await s.person('ben')
      await s.call('PATCH', '/api/v1/me/settings', { token: ben.token, body: { receiveMessagesFromAnyone: true } })
    })
    after(() => s.stop())

    test('REST, the Twitter-compatible API v1.1 and v2 draw on one budget, and each message sent is counted', async () => {
      const before = await sentTotal(s)
      const conversation = (await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: ben.id } })).json() as { id: string }
      const rest = await s.call('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: ada.token, body: { text: 'one' } })
      assert.equal(rest.statusCode, 201, rest.body)
      const v1 = await s.app.inject({
        method: 'POST', url: '/1.1/direct_messages/events/new.json', headers: { 'x-test-account': ada.id },
        payload: { event: { type: 'message_create', message_create: { target: { recipient_id: ben.id }, message_data: { text: 'two' } } } },
      })
      assert.equal(v1.statusCode, 200, v1.body)
      const v2 = await s.app.inject({ method: 'POST', url: `/2/dm_conversations/with/${ben.id}/messages`, headers: { 'x-test-account': ada.id }, payload: { text: 'three' } })
      assert.equal(v2.statusCode, 201, v2.body)
      assert.equal(await sentTotal(s), before + 3, 'every way counts in parloir_messages_sent_total')

      const refusedV2 = await s.app.inject({ method: 'POST', url: `/2/dm_conversations/with/${ben.id}/messages`, headers: { 'x-test-account': ada.id }, payload: { text: 'four' } })
      assert.equal(refusedV2.statusCode, 429, refusedV2.body)
      const refusedRest = await s.call('POST', `/api/v1/conversations/${conversation.id}/messages`, { token: ada.token, body: { text: 'five' } })
      assert.equal(refusedRest.statusCode, 429, refusedRest.body)
      const texts = ((await s.call('GET', `/api/v1/conversations/${conversation.id}/messages`, { token: ben.token })).json() as { messages: Array<{ text: string }> }).messages.map((m) => m.text)
      assert.deepEqual(texts, ['one', 'two', 'three'])
    })
  })
})
