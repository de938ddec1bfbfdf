import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import type { IncomingMessage } from 'node:http'
import { WebSocket } from 'ws'
import { ParloirClient, type WebSocketLikeConstructor } from '@parloir/client'
import { liveServer, type LiveServer, type Person } from '@parloir/testing/stream-fixtures'

// What the website widget's frame does: a browser cannot put an Authorization header on a
// WebSocket, so it offers its token as a second subprotocol beside `parloir.v1`.
const offer = (token: string) => ['parloir.v1', `parloir.token.${token}`]

interface Handshake {
  /** The 101 answer's subprotocol header, or the refusal's status and error code. */
  protocolHeader?: string | undefined
  status?: number
  code?: string
  /** The client's own failure (a handshake it had to refuse). */
  clientError?: string
  /** The first frame once open. */
  first?: { name: string }
  socket?: WebSocket
}

/** Opens a raw socket offering `protocols` from `origin`; resolves with how the handshake went. */
function handshake(baseUrl: string, protocols: string[], origin: string | undefined, headers: Record<string, string> = {}): Promise<Handshake> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/stream`, protocols, { headers: { ...(origin ? { origin } : {}), ...headers } })
    const result: Handshake = {}
    ws.on('upgrade', (response: IncomingMessage) => { result.protocolHeader = response.headers['sec-websocket-protocol'] })
    ws.on('message', (data) => {
      result.first = JSON.parse(String(data)) as { name: string }
      result.socket = ws
      resolve(result)
    })
    ws.on('unexpected-response', (_request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => { body += String(chunk) })
      response.on('end', () => {
        result.status = response.statusCode ?? 0
        result.code = (JSON.parse(body) as { error: { code: string } }).error.code
        resolve(result)
      })
    })
    ws.on('error', (error) => {
      if (result.status !== undefined) return
      result.clientError = error.message
      resolve(result)
    })
  })
}

describe('a stream authenticated by subprotocol', () => {
  let live: LiveServer
  let ada: Person, chloe: Person
  const logs: string[] = []
  before(async () => {
    live = await liveServer({ logLevel: 'info' }, { logStream: new Writable({ write(chunk, _encoding, done) { logs.push(String(chunk)); done() } }) })
    ;[ada, chloe] = [await live.person('ada'), await live.person('chloe')]
  })
  after(async () => { await live.stop() })

  test('opens with the token offered beside parloir.v1; the server answers parloir.v1 and never echoes the token', async () => {
    const result = await handshake(live.baseUrl, offer(chloe.token), live.baseUrl)
    assert.equal(result.protocolHeader, 'parloir.v1')
    assert.equal(result.socket?.protocol, 'parloir.v1')
    assert.equal(result.first?.name, 'stream.ready')
    assert.equal(live.server.hub.streamsOf(chloe.id), 1)
    result.socket?.close()
    // Offered first, the token is still not the one chosen.
    const reversed = await handshake(live.baseUrl, [...offer(chloe.token)].reverse(), live.baseUrl)
    assert.equal(reversed.protocolHeader, 'parloir.v1')
    reversed.socket?.close()
    assert.ok(!logs.join('').includes(chloe.token), 'the token is in no log line')
  })

  test('a token offered without parloir.v1 gets no subprotocol back, so the client refuses the socket', async () => {
    const result = await handshake(live.baseUrl, [`parloir.token.${chloe.token}`], live.baseUrl)
    assert.equal(result.protocolHeader, undefined)
    assert.match(result.clientError ?? '', /no subprotocol/i)
  })

  test('a wrong, malformed or revoked token is refused at the upgrade with 401', async () => {
    const other = new ParloirClient({ baseUrl: live.baseUrl })
    const { session } = await other.login({ handle: 'ada', password: 'correct horse battery' })
    await other.logout()
    for (const token of ['A'.repeat(43), 'short', 'not!a!token!at!all!', 'A'.repeat(129), session.token]) {
      const result = await handshake(live.baseUrl, ['parloir.v1', `parloir.token.${token}`], live.baseUrl)
      assert.equal(result.status, 401, token)
      assert.equal(result.code, 'UNAUTHENTICATED', token)
    }
    // Without any credential, as before.
    assert.equal((await handshake(live.baseUrl, ['parloir.v1'], live.baseUrl)).status, 401)
  })

  test("a page on another site cannot use it: the browser's Origin is checked as for a cookie", async () => {
    const result = await handshake(live.baseUrl, offer(chloe.token), 'http://localhost:4173')
    assert.equal(result.status, 403)
    assert.equal(result.code, 'ORIGIN_NOT_ALLOWED')
  })

  test('a token offered as a subprotocol on a plain request authenticates nothing', async () => {
    const res = await live.server.call('GET', '/api/v1/me', { headers: { 'sec-websocket-protocol': offer(chloe.token).join(', ') } })
    assert.equal(res.statusCode, 401)
  })

  test('the client stream, given a socket that offers the token, goes live, receives events and resumes from its cursor after a drop', async () => {
    const conversation = await ada.client.openDirect(chloe.id)
    let token = chloe.token
    // As in the frame: a browser-style constructor (here `ws`, with the page's Origin).
    const Socket = class extends WebSocket {
      constructor(url: string) { super(url, offer(token), { headers: { origin: live.baseUrl } }) }
    } as unknown as WebSocketLikeConstructor
    const visitor = new ParloirClient({ baseUrl: live.baseUrl })
    const stream = await live.stream(visitor, { WebSocket: Socket, backoff: { initialMs: 3_600_000, maxMs: 3_600_000 } })
    const first = stream.waitFor('message.created')
    await ada.client.sendMessage(conversation.id, 'hello Chloé')
    assert.equal((await first).message.text, 'hello Chloé')

    const dropped = stream.waitFor('disconnect')
    ;(stream.socket as WebSocket).terminate()
    await dropped
    const missed = await ada.client.sendMessage(conversation.id, 'sent while you were away')
    const resumed = stream.waitFor('message.created')
    const ready = stream.waitFor('ready')
    token = chloe.token
    stream.reconnect()
    assert.equal((await resumed).message.id, missed.id)
    assert.ok((await ready).resumedFrom !== undefined, 'it resumed from its cursor')
  })
})
