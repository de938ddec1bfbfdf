import { randomUUID } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { WebSocket, RawData } from 'ws'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { AppError, ClientFrame, type ServerFrame } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { StreamConnection, CloseCode } from '../realtime/hub.ts'
import { toAppError } from '../errors.ts'

const checkFrame = TypeCompiler.Compile(ClientFrame)

/** The `id` of a client frame, or '' when it has none or is not JSON. */
function frameId(raw: RawData, isBinary: boolean): string {
  if (isBinary) return ''
  try {
    const frame: unknown = JSON.parse(raw.toString())
    const id = typeof frame === 'object' && frame !== null ? (frame as { id?: unknown }).id : undefined
    return typeof id === 'string' ? id.slice(0, 64) : ''
  } catch {
    return ''
  }
}

function errorReply(id: string, error: unknown): ServerFrame {
  const known = toAppError(error) ?? new AppError('INTERNAL')
  return { name: 'reply', id, ok: false, error: known.toBody().error }
}

/**
 * `GET /api/v1/stream`: one WebSocket per session. `?cursor=N` resumes after event N: the
 * stream replays what was missed (or says `stream.resync`), then `stream.ready`, then live.
 */
export function streamRoutes(ctx: ServerContext): void {
  const { app, deps, auth, config, hub, limiter, typing, publicOrigin, metrics } = ctx

  const preValidation = async (request: FastifyRequest) => {
    // A plain GET (no upgrade) would get @fastify/websocket's empty 404: answer it in the one error shape.
    if (!request.ws) throw new AppError('ROUTE_NOT_FOUND', { reason: 'this route takes a WebSocket upgrade' })
    const found = await auth.identify(request)
    if (!found) throw new AppError('UNAUTHENTICATED')
    // Cross-site WebSocket hijacking: a cookie-authenticated stream must come from an allowed origin.
    const origin = request.headers.origin
    if (found.via === 'cookie' || origin !== undefined) {
      const allowed = origin !== undefined && (origin === publicOrigin(request) || config.allowedOrigins.includes(origin))
      if (!allowed) throw new AppError('ORIGIN_NOT_ALLOWED', { origin: origin ?? null })
    }
    if (hub.streamsOf(found.account.id) >= config.streamsPerUser) throw new AppError('TOO_MANY_STREAMS', { limit: config.streamsPerUser })
  }

  app.get('/api/v1/stream', {
    websocket: true,
    preValidation,
    schema: {
      summary: 'The realtime stream (WebSocket)', tags: ['realtime'], operationId: 'stream',
      querystring: { type: 'object', properties: { cursor: { type: 'string', pattern: '^[0-9]{1,16}$' } }, additionalProperties: false },
    },
  }, (socket: WebSocket, request: FastifyRequest) => {
    // Frames that arrive while the stream is being set up wait here instead of being dropped.
    const early: Array<[RawData, boolean]> = []
    const hold = (raw: RawData, isBinary: boolean) => early.push([raw, isBinary])
    socket.on('message', hold)
    void open(socket, request, early, () => socket.off('message', hold)).catch((error: unknown) => {
      request.log.error({ err: error }, 'stream failed to open')
      socket.close(CloseCode.tryAgainLater, 'could not open stream')
    })
  })

  async function open(socket: WebSocket, request: FastifyRequest, early: Array<[RawData, boolean]>, stopHolding: () => void): Promise<void> {
    const found = request.authenticated
    if (!found) { socket.close(CloseCode.policy, 'unauthenticated'); return }
    const userId = found.account.id
    const brands = await deps.storage.reads.brandsOf(userId)
    const accounts = await deps.storage.reads.accountsByIds([userId, ...brands.map((b) => b.brandId)])
    const viewer = { accounts: new Map(accounts.map((a) => [a.id, a.settings.sendReadReceipts])) }
    const connection = new StreamConnection(socket, userId, found.session.id, viewer, config.streamSendBufferBytes, metrics)
    const connectionKey = `frames:${randomUUID()}`
    const actor: core.Actor = { userId, accountId: userId, sessionId: found.session.id, role: 'self' }
    const actorFor = async (conversationId: string): Promise<core.Actor> => {
      // A member of a brand's team acts as the brand in the brand's conversations.
      if ((await deps.storage.reads.participant(conversationId, userId))) return actor
      for (const b of brands) {
        if (await deps.storage.reads.participant(conversationId, b.brandId)) return { userId, accountId: b.brandId, sessionId: actor.sessionId, role: b.role }
      }
      return actor
    }

    socket.on('pong', () => { connection.alive = true })
    socket.on('close', () => hub.remove(connection))
    const receive = (raw: RawData, isBinary: boolean) => {
      connection.alive = true
      void onFrame(raw, isBinary).catch((error: unknown) => connection.send(errorReply('', error)))
    }
    stopHolding()
    socket.on('message', receive)
    for (const [raw, isBinary] of early.splice(0)) receive(raw, isBinary)
    // Registered before reading the log, so nothing committed in between is missed.
    hub.add(connection)
    if (socket.readyState !== socket.OPEN) { hub.remove(connection); return }

    const query = request.query as { cursor?: string }
    const latest = await deps.storage.reads.latestCursor()
    let ready = latest
    if (query.cursor !== undefined) {
      const resumed = await core.eventsSince(deps, viewer, Number(query.cursor), config.resumeMaxEvents)
      if (resumed.kind === 'resync') {
        connection.send({ name: 'stream.resync', cursor: resumed.cursor, reason: resumed.reason })
        ready = connection.goLive([], resumed.cursor)
      } else {
        ready = connection.goLive(resumed.events, Number(query.cursor))
      }
    } else {
      ready = connection.goLive([], latest)
    }
    connection.send({ name: 'stream.ready', cursor: ready, heartbeatMs: config.heartbeatMs })

    async function onFrame(raw: RawData, isBinary: boolean): Promise<void> {
      const waitMs = limiter.take(connectionKey, config.rateLimits.streamFramesPerConnection)
      if (waitMs > 0) {
        // Echo the frame's id, so the client can settle the request this refusal answers.
        connection.send(errorReply(frameId(raw, isBinary), new AppError('RATE_LIMITED', { limit: config.rateLimits.streamFramesPerConnection.max, retryAfterMs: waitMs })))
        return
      }
      let frame: unknown
      try {
        if (isBinary) throw new Error('binary')
        frame = JSON.parse(raw.toString())
      } catch {
        connection.send(errorReply('', new AppError('MALFORMED_JSON')))
        return
      }
      if (!checkFrame.Check(frame)) {
        const fields = [...checkFrame.Errors(frame)].slice(0, 10).map((e) => ({ path: e.path || '/', message: e.message }))
        const id = typeof frame === 'object' && frame !== null && typeof (frame as { id?: unknown }).id === 'string' ? (frame as { id: string }).id.slice(0, 64) : ''
        connection.send(errorReply(id, new AppError('VALIDATION_FAILED', { fields })))
        return
      }
      const id = frame.id ?? ''
      try {
        switch (frame.op) {
          case 'ping': break
          case 'typing': await core.startTyping(deps, await actorFor(frame.conversationId), frame.conversationId, typing); break
          case 'read': await core.markRead(deps, await actorFor(frame.conversationId), frame.conversationId, frame.seq); break
        }
        connection.send({ name: 'reply', id, ok: true })
      } catch (error) {
        connection.send(errorReply(id, error))
      }
    }
  }
}
