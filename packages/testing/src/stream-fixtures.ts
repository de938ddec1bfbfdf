import type { Socket } from 'node:net'
import type { WebSocket } from 'ws'
import { ParloirClient, type ParloirStream, type StreamOptions } from '@parloir/client'
import type { StreamEvent } from '@parloir/protocol'
import { defaultRateLimits, type BuildOptions, type Config } from '@parloir/server'
import { testServer, type TestServer } from './server.ts'

/** One person of the cast, with a client holding their session. */
export interface Person {
  id: string
  handle: string
  token: string
  client: ParloirClient
}

export interface LiveServer {
  server: TestServer
  /** `http://127.0.0.1:<port>` */
  baseUrl: string
  person(handle: string): Promise<Person>
  /** Opens a stream that `stop()` closes; waits until it is live unless told not to. */
  stream(client: ParloirClient, options?: StreamOptions & { live?: boolean }): Promise<ParloirStream>
  stop(): Promise<void>
}

/**
 * A real server on 127.0.0.1, port 0, driven through `@parloir/client`, as the realtime tests
 * need real sockets. Sign-ups come from one address here, so their limit is raised.
 */
export async function liveServer(overrides: Partial<Config> = {}, options: BuildOptions = {}): Promise<LiveServer> {
  const server = await testServer({
    ...overrides,
    rateLimits: { ...defaultRateLimits, signupPerAddress: { max: 1_000, windowMs: 60_000 }, ...overrides.rateLimits },
  }, options)
  const baseUrl = await server.app.listen({ host: '127.0.0.1', port: 0 })
  const streams: ParloirStream[] = []
  return {
    server,
    baseUrl,
    async person(handle) {
      const { id, token } = await server.person(handle)
      return { id, handle, token, client: new ParloirClient({ baseUrl, token }) }
    },
    async stream(client, { live = true, ...options } = {}) {
      const stream = client.stream(options)
      streams.push(stream)
      if (live) await stream.whenLive(5_000)
      return stream
    },
    async stop() {
      await Promise.all(streams.map((s) => s.close()))
      await server.stop()
    },
  }
}

/** The stream's current `ws` socket (Node transport). */
export function wsOf(stream: ParloirStream): WebSocket {
  const socket = stream.socket as WebSocket | undefined
  if (!socket) throw new Error('the stream has no socket')
  return socket
}

/** The TCP socket under a stream's WebSocket: pausing it makes a client that stops reading. */
export function tcpOf(stream: ParloirStream): Socket {
  return (wsOf(stream) as unknown as { _socket: Socket })._socket
}

/** Waits until `check` holds, polling; for server-side state no event announces. */
export async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * Records every catalogue event the server sends on a stream, in order, as received: from raw
 * frames, so a duplicate the client would drop still shows.
 */
export function record(stream: ParloirStream): StreamEvent[] {
  const events: StreamEvent[] = []
  stream.on('frame', (frame) => { if ('data' in frame && frame.name !== 'reply') events.push(frame) })
  return events
}
