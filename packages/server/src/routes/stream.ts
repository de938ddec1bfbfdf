import { randomUUID } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { WebSocket, RawData } from 'ws'
import { AppError, type ServerFrame } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { StreamConnection, CloseCode } from '../realtime/hub.ts'
import { toAppError } from '../errors.ts'
import { readFrame } from '../realtime/frames.ts'
import { sendMessage } from './send-message.ts'

function errorReply(id: string, error: unknown, log: FastifyRequest['log']): ServerFrame {
  const known = toAppError(error)
  if (!known) log.error({ err: error }, 'stream frame failed')
  return { name: 'reply', id, ok: false, error: (known ?? new AppError('INTERNAL')).toBody().error }
}

/**
 * `GET /api/v1/stream`: one WebSocket per session. `?cursor=N` resumes after event N: the
 * stream replays what was missed (or says `stream.resync`), then `stream.ready`, then live.
 */
export function streamRoutes(ctx: ServerContext): void {
  const { app, deps, auth, config, hub, limiter, typing, publicOrigin, metrics } = ctx
  const frameLimit = config.rateLimits.streamFramesPerConnection

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
    // Fastify awaits an async hook; the rule only sees that the callback form returns void.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
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
    open(socket, request, early, () => socket.off('message', hold)).catch((error: unknown) => {
      request.log.error({ err: error }, 'stream failed to open')
      socket.close(CloseCode.tryAgainLater, 'could not open stream')
    })
  })

  async function open(socket: WebSocket, request: FastifyRequest, early: Array<[RawData, boolean]>, stopHolding: () => void): Promise<void> {
    const found = request.authenticated
    if (!found) { socket.close(CloseCode.policy, 'unauthenticated'); return }
    const userId = found.account.id
    const isVisitor = found.account.kind === 'visitor'
    const brands = await deps.storage.reads.brands.of(userId)
    const accounts = await deps.storage.reads.accounts.byIds([userId, ...brands.map((b) => b.brandId)])
    const viewer = { accounts: new Map(accounts.map((a) => [a.id, a.settings.sendReadReceipts])) }
    const connection = new StreamConnection(socket, userId, found.session.id, viewer, config.streamSendBufferBytes, metrics, request.raw.socket)
    const connectionKey = `frames:${randomUUID()}`
    /** The public discussions this stream follows (`watchDiscussion`). */
    const watching = new Set<string>()
    const actor: core.Actor = { userId, accountId: userId, sessionId: found.session.id, role: 'self' }
    const actorFor = async (conversationId: string): Promise<core.Actor> => {
      // A member of a brand's team acts as the brand in the brand's conversations.
      if (brands.length === 0 || (await deps.storage.reads.participants.get(conversationId, userId))) return actor
      for (const b of brands) {
        if (await deps.storage.reads.participants.get(conversationId, b.brandId)) return { userId, accountId: b.brandId, sessionId: actor.sessionId, role: b.role }
      }
      return actor
    }

    socket.on('pong', () => { connection.alive = true })
    socket.on('close', () => hub.remove(connection))
    const receive = (raw: RawData, isBinary: boolean) => {
      connection.alive = true
      onFrame(raw, isBinary).catch((error: unknown) => connection.send(errorReply('', error, request.log)))
    }
    stopHolding()
    socket.on('message', receive)
    for (const [raw, isBinary] of early.splice(0)) receive(raw, isBinary)
    // Registered before reading the log, so nothing committed in between is missed.
    hub.add(connection)
    if (socket.readyState !== socket.OPEN) { hub.remove(connection); return }

    const query = request.query as { cursor?: string }
    const latest = await deps.storage.reads.events.latestCursor()
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
      const read = readFrame(raw, isBinary)
      // A send is charged to the sender's message rate limit, the bucket REST sends use; every
      // other frame, well-formed or not, to this stream's frame limit.
      if (!('frame' in read) || read.frame.op !== 'send') {
        const waitMs = limiter.take(connectionKey, frameLimit)
        if (waitMs > 0) {
          // Echo the frame's id, so the client can settle the request this refusal answers.
          connection.send(errorReply('frame' in read ? read.frame.id ?? '' : read.id, new AppError('RATE_LIMITED', { limit: frameLimit.max, retryAfterMs: waitMs }), request.log))
          return
        }
      }
      if (!('frame' in read)) {
        connection.send(errorReply(read.id, read.error, request.log))
        return
      }
      const frame = read.frame
      const id = frame.id ?? ''
      try {
        let data: unknown
        switch (frame.op) {
          case 'ping': break
          case 'watchDiscussion': {
            // Anyone may read a public discussion: it must exist, and a stream follows a few at most.
            await core.getDiscussion(deps, null, frame.discussionId)
            const key = core.discussionWatchKey(frame.discussionId)
            watching.add(key)
            if (watching.size > config.limits.discussionWatchesPerStream) {
              watching.delete(key)
              throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/discussionId', message: `a stream follows at most ${config.limits.discussionWatchesPerStream} discussions`, reason: 'maxItems', limit: config.limits.discussionWatchesPerStream }] })
            }
            hub.listen(connection, key)
            break
          }
          case 'unwatchDiscussion': {
            const key = core.discussionWatchKey(frame.discussionId)
            watching.delete(key)
            hub.unlisten(connection, key)
            break
          }
          case 'typing': await core.startTyping(deps, await actorFor(frame.conversationId), frame.conversationId, typing); break
          case 'read': await core.markRead(deps, await actorFor(frame.conversationId), frame.conversationId, frame.seq); break
          case 'send': {
            const { op: _op, id: _id, conversationId, actAs, ...body } = frame
            // `actAs` chooses as the parloir-act-as header does over REST; without it, as typing and read do.
            const as = actAs === undefined ? await actorFor(conversationId) : await core.resolveActor(deps, userId, actor.sessionId, actAs)
            // Answered after the commit; other sends on this stream run meanwhile and join the same group commit.
            data = await sendMessage(ctx, { actor: as, isVisitor }, conversationId, body)
            break
          }
        }
        connection.send(data === undefined ? { name: 'reply', id, ok: true } : { name: 'reply', id, ok: true, data })
      } catch (error) {
        connection.send(errorReply(id, error, request.log))
      }
    }
  }
}
