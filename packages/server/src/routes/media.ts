import { PassThrough } from 'node:stream'
import { AppError, type Media } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { FastifyReply } from 'fastify'
import type { ServerContext } from '../context.ts'
import { addRoute, type RouteContext } from '../http.ts'

/** Types a browser may show inline; everything else is a download. SVG never is inline. */
const INLINE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'video/mp4', 'video/webm'])

/**
 * Sends media someone may read: inline only for types a browser shows safely, under a sandbox
 * policy, never cached by shared caches. The API's routes and the visitor's page use it.
 */
export function sendMedia(reply: FastifyReply, opened: Awaited<ReturnType<typeof core.openMedia>>): FastifyReply {
  const inline = INLINE.has(opened.mimeType)
  reply.header('content-type', opened.mimeType)
  reply.header('content-length', opened.sizeBytes)
  reply.header('x-content-type-options', 'nosniff')
  reply.header('content-security-policy', "default-src 'none'; sandbox")
  reply.header('cache-control', 'private, no-store')
  const name = encodeURIComponent(opened.media.fileName)
  reply.header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`)
  return reply.send(opened.stream)
}

export function mediaRoutes(ctx: ServerContext): void {
  const { app, deps, auth, config, rates } = ctx

  /**
   * A visitor (the widget) uploads at most 20 files an hour and 100 MB a day, counted across
   * processes (Redis when there is one). The bytes are the declared length, which Node holds the
   * body to; a visitor's upload must declare it. The count is checked first, then the bytes
   * are counted, then the file: a refusal counts nothing it refused.
   */
  const visitorBudget = async (actor: core.Actor, declared: number | undefined): Promise<void> => {
    const account = await deps.storage.reads.accounts.byId(actor.userId)
    if (account?.kind !== 'visitor') return
    if (declared === undefined) throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/content-length', message: 'a visitor\'s upload must declare its length' }] })
    const { visitorUploadsPerHour: perHour, visitorUploadBytesPerDay: perDay } = config.rateLimits
    const countWait = await rates.waitFor(`visitor-uploads:${account.id}`, perHour, 'per-node')
    if (countWait > 0) throw new AppError('VISITOR_UPLOADS_PER_HOUR', { retryAfterMs: countWait, limit: perHour.max })
    const bytesWait = await rates.take(`visitor-upload-bytes:${account.id}`, perDay, 'per-node', declared)
    if (bytesWait > 0) throw new AppError('VISITOR_UPLOAD_BYTES_PER_DAY', { retryAfterMs: bytesWait, limitBytes: perDay.max })
    const wait = await rates.take(`visitor-uploads:${account.id}`, perHour, 'per-node')
    if (wait > 0) throw new AppError('VISITOR_UPLOADS_PER_HOUR', { retryAfterMs: wait, limit: perHour.max })
  }
  const largestCap = Math.max(config.limits.imageBytes, config.limits.gifBytes, config.limits.videoBytes, config.limits.fileBytes)

  // Uploads are the raw body, streamed to the media store: no parser reads them first.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null))
    const upload = async ({ actor, query, request, reply }: RouteContext<'uploadMedia'>): Promise<Media> => {
      const header = request.headers['content-length']
      const declared = Number(header ?? 0)
      if (declared > largestCap) throw new AppError('MEDIA_TOO_LARGE', { limitBytes: largestCap })
      await visitorBudget(actor, header === undefined ? undefined : declared)
      // The store may stop reading early (over a cap): it gets a pipe, so the answer still goes
      // out before the connection closes, instead of a reset.
      const body = new PassThrough()
      request.raw.pipe(body)
      try {
        return await core.uploadMedia(deps, actor, body, query.name)
      } catch (error) {
        request.raw.unpipe(body)
        reply.header('connection', 'close')
        throw error
      }
    }
    addRoute(scope, auth, 'uploadMedia', upload, { bodyLimit: largestCap })
  })

  const serve = (variant: 'original' | 'thumbnail') => async (request: import('fastify').FastifyRequest<{ Params: { mediaId: string } }>, reply: import('fastify').FastifyReply) => {
    const actor = await auth.optionalActor(request)
    const accountIds = actor ? [actor.userId, ...(actor.accountId !== actor.userId ? [actor.accountId] : []), ...(await deps.storage.reads.brands.of(actor.userId)).map((b) => b.brandId)] : []
    return sendMedia(reply, await core.openMedia(deps, accountIds, request.params.mediaId, variant))
  }
  const params = { type: 'object', properties: { mediaId: { type: 'string', pattern: '^[0-9]{1,20}$' } }, required: ['mediaId'] }
  app.get('/api/v1/media/:mediaId', { schema: { params, summary: 'Download an attachment', tags: ['media'], operationId: 'getMedia' } }, serve('original'))
  app.get('/api/v1/media/:mediaId/thumbnail', { schema: { params, summary: 'A thumbnail of an image', tags: ['media'], operationId: 'getMediaThumbnail' } }, serve('thumbnail'))
}
