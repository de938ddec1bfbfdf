import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, errorCatalogue, type FieldProblem } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { Actor } from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { requireUserContext, type DmScope, type TwitterAuthenticate } from './caller.ts'
import { badParameter, TwitterCode, TwitterError, useTwitterErrors, versionOf } from './errors.ts'
import { addTwitterRoute } from './add-twitter-route.ts'

/**
 * Twitter's media upload endpoints over core's chunked uploads (docs/api/twitter-compatibility.md):
 *   v1.1  POST /1.1/media/upload.json  command=INIT|APPEND|FINALIZE (multipart or url-encoded)
 *         GET  /1.1/media/upload.json?command=STATUS&media_id=
 *   v2    POST /2/media/upload/initialize (JSON), POST /2/media/upload/:id/append (multipart),
 *         POST /2/media/upload/:id/finalize, GET /2/media/upload?command=STATUS&media_id=
 *   ton   GET  /1.1/ton/data/dm/:eventId/:mediaId/:file — a DM's media, for those who can read it.
 *
 * `media_category`: DmImage/DmGif/DmVideo (as twitter-api-v2 sends) and dm_image/dm_gif/dm_video
 * (as Twitter documents). TweetImage/TweetGif/TweetVideo and tweet_image/tweet_gif/tweet_video
 * (what the library sends without `target: 'dm'`) are MAPPED to the same kinds: Parloir has no
 * tweets, and the media they make is an ordinary DM attachment. Any other category
 * (amplify_video, subtitles…) is refused.
 */

export interface TwitterMediaOptions {
  /** Finds the caller, as for the DM routes: the API authentication in production, a stub in tests. */
  authenticate: TwitterAuthenticate
}

const CATEGORY_KINDS: Record<string, core.ChunkedMediaKind> = {
  DmImage: 'image', DmGif: 'gif', DmVideo: 'video',
  dm_image: 'image', dm_gif: 'gif', dm_video: 'video',
  TweetImage: 'image', TweetGif: 'gif', TweetVideo: 'video',
  tweet_image: 'image', tweet_gif: 'gif', tweet_video: 'video',
}

/** Largest APPEND body: a 5 MB segment sent as base64 `media_data`, plus the other fields. */
const MAX_APPEND_BODY = Math.ceil((core.MEDIA_SEGMENT_MAX_BYTES * 4) / 3) + 64 * 1024
const MAX_PARTS = 16
const MAX_PART_HEADER_BYTES = 8 * 1024

/** The URL a DM's media is served at; B's presenter gives it as `media_url_https`. */
export function dmMediaUrl(origin: string, eventId: string, mediaId: string, fileName: string): string {
  return `${origin}/1.1/ton/data/dm/${eventId}/${mediaId}/${encodeURIComponent(fileName)}`
}

// ---- Bounded body parsing --------------------------------------------------------------------

interface FormPart {
  filename?: string
  contentType?: string
  data: Buffer
}

/** A request body as these routes see it: text fields and binary parts by name. */
class FormBody {
  constructor(readonly parts: Map<string, FormPart>) {}
  text(name: string): string | undefined {
    return this.parts.get(name)?.data.toString('utf8')
  }
}

const badBody = (message: string) => new AppError('VALIDATION_FAILED', { fields: [{ path: '/body', message }] })

/**
 * Parses multipart/form-data already read into memory (the route's body limit bounds it). A part
 * is kept as bytes whether or not it has a filename: twitter-api-v2 sends `media` without one.
 */
export function parseMultipart(body: Buffer, contentType: string): Map<string, FormPart> {
  const match = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType)
  const boundary = match?.[1] ?? match?.[2]
  if (!boundary) throw badBody('multipart/form-data needs a boundary')
  const delimiter = Buffer.from(`--${boundary}`)
  const parts = new Map<string, FormPart>()
  let at = body.indexOf(delimiter)
  if (at === -1) throw badBody('is not valid multipart/form-data')
  for (;;) {
    at += delimiter.length
    if (body[at] === 0x2d && body[at + 1] === 0x2d) break // closing `--boundary--`
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) throw badBody('is not valid multipart/form-data')
    const headerStart = at + 2
    const headerEnd = body.indexOf('\r\n\r\n', headerStart)
    if (headerEnd === -1 || headerEnd - headerStart > MAX_PART_HEADER_BYTES) throw badBody('is not valid multipart/form-data')
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4)
    if (next === -1) throw badBody('is not valid multipart/form-data')
    if (parts.size >= MAX_PARTS) throw badBody(`has more than ${MAX_PARTS} parts`)
    const headers = body.subarray(headerStart, headerEnd).toString('latin1').split('\r\n')
    let name: string | undefined
    const part: FormPart = { data: body.subarray(headerEnd + 4, next) }
    for (const line of headers) {
      const colon = line.indexOf(':')
      const key = line.slice(0, colon).trim().toLowerCase()
      const value = line.slice(colon + 1).trim()
      if (key === 'content-disposition') {
        name = /(?:^|;)\s*name="([^"]*)"/i.exec(value)?.[1]
        const filename = /(?:^|;)\s*filename="([^"]*)"/i.exec(value)?.[1]
        if (filename !== undefined) part.filename = filename
      } else if (key === 'content-type') {
        part.contentType = value
      }
    }
    if (name === undefined) throw badBody('a part has no name')
    parts.set(name, part)
    at = next + 2
  }
  return parts
}

function registerParsers(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers()
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, new FormBody(parseMultipart(body as Buffer, String(request.headers['content-type']))))
    } catch (error) {
      done(error as Error, undefined)
    }
  })
  // A plain object of strings, as the API authentication reads signed form pairs from it.
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const fields: Record<string, string> = {}
    for (const [key, value] of new URLSearchParams(body as string)) fields[key] = value
    done(null, fields)
  })
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = (body as string).trim()
    if (text === '') return done(null, {})
    try {
      done(null, JSON.parse(text))
    } catch {
      done(new AppError('MALFORMED_JSON'), undefined)
    }
  })
}

// ---- Field readers ---------------------------------------------------------------------------

type Params = Record<string, string | undefined>

/** Query and body fields, the body winning (Twitter accepts either). */
function paramsOf(request: FastifyRequest): Params {
  const params: Params = {}
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) if (typeof value === 'string') params[key] = value
  const body = request.body
  if (body instanceof FormBody) {
    for (const [key, part] of body.parts) if (key !== 'media') params[key] = part.data.toString('utf8')
  } else if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params[key] = String(value)
    }
  }
  return params
}

const missing = (name: string) => new AppError('VALIDATION_FAILED', { fields: [{ path: `/${name}`, message: 'is missing' }] })

function required(params: Params, name: string): string {
  const value = params[name]
  if (value === undefined || value === '') throw missing(name)
  return value
}

function wholeNumber(params: Params, name: string): number {
  const value = required(params, name)
  if (!/^[0-9]{1,15}$/.test(value)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: `/${name}`, message: 'must be a whole number' }] })
  return Number(value)
}

function mediaId(value: string | undefined, name = 'media_id'): string {
  if (value === undefined || value === '') throw missing(name)
  if (!/^[0-9]{1,20}$/.test(value)) throw new AppError('MEDIA_NOT_FOUND', { mediaId: value })
  return value
}

function categoryKind(params: Params): core.ChunkedMediaKind | undefined {
  const category = params.media_category
  if (category === undefined || category === '') return undefined
  const kind = CATEGORY_KINDS[category]
  if (!kind) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/media_category', message: 'must be dm_image, dm_gif or dm_video (or DmImage, DmGif, DmVideo)' }] })
  }
  return kind
}

/** The segment's bytes: the `media` part as binary, or `media_data` as base64. */
function segmentBytes(request: FastifyRequest): Buffer {
  const body = request.body
  const media = body instanceof FormBody ? body.parts.get('media') : undefined
  if (media) return media.data
  const base64 = body instanceof FormBody ? body.text('media_data') : typeof body === 'object' && body !== null ? (body as Record<string, unknown>).media_data : undefined
  if (typeof base64 !== 'string') throw missing('media')
  const clean = base64.replace(/[\r\n]/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/media_data', message: 'must be base64' }] })
  }
  return Buffer.from(clean, 'base64')
}

/**
 * Our errors in Twitter's words, details kept: a field problem names its parameter (38 missing,
 * 44 invalid), a short FINALIZE and a cap say what Twitter says (324). The rest goes to
 * errors.ts as it is.
 */
function inTwitterWords(error: unknown): unknown {
  if (!(error instanceof AppError)) return error
  const field = (error.details?.fields as FieldProblem[] | undefined)?.[0]
  if (error.code === 'VALIDATION_FAILED' && field) {
    const name = field.path.replace(/^\//, '')
    if (name === 'total_bytes' && field.message.includes('received')) {
      return new TwitterError(400, TwitterCode.mediaValidationFailed, `Segments do not add up to provided total file size: ${field.message}.`)
    }
    if (field.message === 'is missing') return badParameter(name, true)
    return new TwitterError(400, TwitterCode.invalidParameter, `${name} parameter is invalid: ${field.message}.`)
  }
  if (error.code === 'MEDIA_TOO_LARGE' && typeof error.details?.limitBytes === 'number') {
    const reason = typeof error.details.reason === 'string' ? ` (${error.details.reason})` : ''
    return new TwitterError(400, TwitterCode.mediaValidationFailed, `File size exceeds ${error.details.limitBytes} bytes${reason}.`)
  }
  return error
}

/** A handler whose failures are said in Twitter's words (above). */
function twitterHandler<R extends FastifyRequest>(handler: (request: R, reply: FastifyReply) => Promise<unknown>) {
  return async (request: R, reply: FastifyReply) => {
    try {
      return await handler(request, reply)
    } catch (error) {
      throw inTwitterWords(error)
    }
  }
}

// ---- Presenters ------------------------------------------------------------------------------

/** Twitter's media key, `<type number>_<id>`, with the numbers of presenters.ts. */
const mediaKey = (upload: { id: string; kind: core.ChunkedMediaKind }) => `${upload.kind === 'image' ? 3 : upload.kind === 'gif' ? 16 : 7}_${upload.id}`

function finalizeBody(view: core.MediaUploadView): Record<string, unknown> {
  const { upload, media } = view
  const body: Record<string, unknown> = {
    media_id: Number(upload.id), media_id_string: upload.id, media_key: mediaKey(upload),
    size: media?.sizeBytes ?? upload.totalBytes, expires_after_secs: view.expiresAfterSecs,
  }
  if (media && (media.kind === 'image' || media.kind === 'gif')) body.image = { image_type: media.mimeType, w: media.width, h: media.height }
  if (media?.kind === 'video') body.video = { video_type: media.mimeType }
  const processing = processingInfo(view)
  // Images are answered finished; GIF and video carry a processing state, as on Twitter.
  if (processing && (upload.kind !== 'image' || processing.state !== 'succeeded')) body.processing_info = processing
  return body
}

function processingInfo(view: core.MediaUploadView): Record<string, unknown> | undefined {
  switch (view.upload.state) {
    case 'pending': return { state: 'pending', check_after_secs: 1 }
    case 'processing': return { state: 'in_progress', check_after_secs: 1, progress_percent: 50 }
    case 'succeeded': return { state: 'succeeded', progress_percent: 100 }
    case 'failed': {
      const code = view.upload.error ?? 'MEDIA_UNREADABLE'
      const message = (errorCatalogue as Record<string, { message: string } | undefined>)[code]?.message ?? 'Media processing failed.'
      return { state: 'failed', progress_percent: 100, error: { code: 1, name: code, message } }
    }
  }
}

function statusBody(view: core.MediaUploadView): Record<string, unknown> {
  return {
    media_id: Number(view.upload.id), media_id_string: view.upload.id, media_key: mediaKey(view.upload),
    expires_after_secs: view.expiresAfterSecs, processing_info: processingInfo(view),
  }
}

// ---- Routes ----------------------------------------------------------------------------------

export function twitterMediaRoutes(ctx: ServerContext, options: TwitterMediaOptions): void {
  const { app, deps } = ctx
  /** The account a call acts as; app-only bearers and tokens without the scope are refused as on the DM routes. */
  const authenticate = async (request: FastifyRequest, reply: FastifyReply, scope: DmScope = 'dm.write'): Promise<Actor> =>
    requireUserContext(await options.authenticate(request, reply), versionOf(request.url), scope).actor

  app.register(async (scope) => {
    registerParsers(scope)
    useTwitterErrors(scope)
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store')
      return payload
    })
    const bodyLimit = MAX_APPEND_BODY

    const init = async (actor: Actor, params: Params) => {
      const shared = params.shared === 'true' || params.shared === '1'
      const kind = categoryKind(params)
      return core.initMediaUpload(deps, actor, { mediaType: required(params, 'media_type'), totalBytes: wholeNumber(params, 'total_bytes'), ...(kind ? { kind } : {}), shared })
    }
    const append = async (actor: Actor, request: FastifyRequest, id: string, params: Params) => {
      const index = wholeNumber(params, 'segment_index')
      await core.appendMediaUpload(deps, actor, id, index, Readable.from([segmentBytes(request)]))
    }

    // v1.1
    addTwitterRoute(scope, 'mediaUploadV1', twitterHandler(async (request, reply) => {
      const actor = await authenticate(request, reply)
      const params = paramsOf(request)
      const command = required(params, 'command')
      switch (command) {
        case 'INIT': {
          const view = await init(actor, params)
          return reply.code(202).send({ media_id: Number(view.upload.id), media_id_string: view.upload.id, media_key: mediaKey(view.upload), expires_after_secs: view.expiresAfterSecs })
        }
        case 'APPEND':
          await append(actor, request, mediaId(params.media_id), params)
          return reply.code(204).send()
        case 'FINALIZE':
          return reply.code(201).send(finalizeBody(await core.finalizeMediaUpload(deps, actor, mediaId(params.media_id))))
        default:
          throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/command', message: 'must be INIT, APPEND or FINALIZE (STATUS is a GET)' }] })
      }
    }), { bodyLimit })
    addTwitterRoute(scope, 'mediaUploadStatusV1', twitterHandler(async (request, reply) => {
      const actor = await authenticate(request, reply)
      const params = paramsOf(request)
      if (params.command !== 'STATUS') throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/command', message: 'must be STATUS' }] })
      return statusBody(await core.mediaUploadStatus(deps, actor, mediaId(params.media_id)))
    }))

    // v2
    addTwitterRoute(scope, 'mediaUploadV2Initialize', twitterHandler(async (request, reply) => {
      const actor = await authenticate(request, reply)
      const view = await init(actor, paramsOf(request))
      return { data: { id: view.upload.id, media_key: mediaKey(view.upload), expires_after_secs: view.expiresAfterSecs } }
    }))
    addTwitterRoute(scope, 'mediaUploadV2Append', twitterHandler(async (request, reply) => {
      const actor = await authenticate(request, reply)
      await append(actor, request, mediaId(request.params.id, 'id'), paramsOf(request))
      return reply.code(204).send()
    }), { bodyLimit })
    addTwitterRoute(scope, 'mediaUploadV2Finalize', twitterHandler(async (request, reply) => {
      const actor = await authenticate(request, reply)
      const view = await core.finalizeMediaUpload(deps, actor, mediaId(request.params.id, 'id'))
      const { media_id: _n, media_id_string: id, ...rest } = finalizeBody(view)
      return { data: { id, ...rest } }
    }))
    addTwitterRoute(scope, 'mediaUploadStatusV2', twitterHandler(async (request, reply) => {
      const actor = await authenticate(request, reply)
      const params = paramsOf(request)
      if (params.command !== 'STATUS') throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/command', message: 'must be STATUS' }] })
      const { media_id: _n, media_id_string: id, ...rest } = statusBody(await core.mediaUploadStatus(deps, actor, mediaId(params.media_id)))
      return { data: { id, ...rest } }
    }))

    // The DM media download (Twitter's ton host), OAuth-signed like any call.
    addTwitterRoute(scope, 'tonDownload', twitterHandler(async (request, reply) => {
      const actor = await authenticate(request, reply, 'dm.read')
      const accountIds = [...new Set([actor.accountId, actor.userId])]
      const opened = await core.openMedia(deps, accountIds, mediaId(request.params.mediaId), 'original')
      reply.header('content-type', opened.mimeType)
      reply.header('content-length', opened.sizeBytes)
      reply.header('x-content-type-options', 'nosniff')
      reply.header('content-security-policy', "default-src 'none'; sandbox")
      reply.header('cache-control', 'private, no-store')
      return reply.send(opened.stream)
    }))
  })

  // Abandoned sessions go even when nobody starts a new upload.
  const timer = setInterval(() => {
    core.cleanExpiredMediaUploads(deps).catch((error: unknown) => deps.logger.warn({ err: error }, 'cleaning expired media uploads failed'))
  }, 60 * 60 * 1000)
  timer.unref()
  app.addHook('onClose', async () => clearInterval(timer))
}
