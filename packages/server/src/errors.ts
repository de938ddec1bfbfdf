import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, maxFieldProblems, type FieldProblem } from '@parloir/protocol'

/**
 * Ajv's complaints as VALIDATION_FAILED, every field at once (Ajv runs with allErrors), one entry
 * per field and rule; `context` prefixes the paths (`body`). Each carries the rule's keyword as a
 * stable `reason` and, where the rule names a number, its `limit`, so clients can say it in words.
 */
export function validationFailed(problems: NonNullable<FastifyError['validation']>, context = ''): AppError {
  const seen = new Set<string>()
  const fields: FieldProblem[] = []
  for (const v of problems) {
    const params = v.params as { missingProperty?: string; additionalProperty?: string; limit?: unknown; format?: string }
    const missing = v.keyword === 'required' ? `/${String(params.missingProperty ?? '')}` : ''
    const extra = v.keyword === 'additionalProperties' ? `/${String(params.additionalProperty ?? '')}` : ''
    const path = `${context}${v.instancePath}${missing}${extra}` || '/'
    // A union's branches each complain about the same value; one entry per field and rule is enough.
    if (seen.has(`${path} ${v.keyword}`) || fields.length >= maxFieldProblems) continue
    seen.add(`${path} ${v.keyword}`)
    const message = v.keyword === 'additionalProperties' ? 'is not a known field' : (v.message ?? 'is not valid')
    fields.push({ path, message, reason: v.keyword, ...(typeof params.limit === 'number' ? { limit: params.limit } : {}) })
  }
  return new AppError('VALIDATION_FAILED', { fields })
}

/** Fastify's own failures mapped onto the catalogue. */
function fromFastify(error: FastifyError): AppError | undefined {
  if (error.validation) return validationFailed(error.validation, error.validationContext ?? '')
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return new AppError('BODY_TOO_LARGE')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return new AppError('UNSUPPORTED_CONTENT_TYPE')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return new AppError('MALFORMED_JSON', { reason: 'empty body with a JSON content type' })
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return new AppError('VALIDATION_FAILED', { reason: 'content-length does not match the body' })
    case 'FST_ERR_CTP_INVALID_JSON_BODY': return new AppError('MALFORMED_JSON')
    case 'FST_ERR_BAD_URL': return new AppError('ROUTE_NOT_FOUND')
    case 'FST_ERR_ASYNC_CONSTRAINT': return new AppError('ROUTE_NOT_FOUND')
    default: break
  }
  if (error instanceof SyntaxError || error.statusCode === 400 && /JSON/i.test(error.message)) return new AppError('MALFORMED_JSON')
  if (error.statusCode === 413) return new AppError('BODY_TOO_LARGE')
  if (error.statusCode === 415) return new AppError('UNSUPPORTED_CONTENT_TYPE')
  return undefined
}

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error
  if (typeof error === 'object' && error !== null) return fromFastify(error as FastifyError)
  return undefined
}

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  // RATE_LIMITED, STORAGE_UNAVAILABLE, RATE_LIMITER_UNAVAILABLE: when to retry, also as the header clients and proxies read.
  const retryAfterMs = error.details?.retryAfterMs
  if (typeof retryAfterMs === 'number') reply.header('retry-after', Math.max(1, Math.ceil(retryAfterMs / 1000)))
  return reply.code(error.status).type('application/json; charset=utf-8').send(error.toBody())
}

/** One handler renders every error as `{ error: { code, message, details } }`; the rest is a logged 500. */
export function registerErrorHandling(app: FastifyInstance, fallback: (request: FastifyRequest, reply: FastifyReply) => boolean = () => false): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const known = toAppError(error)
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, 'request failed')
      return sendError(reply, known)
    }
    request.log.error({ err: error }, 'unexpected error')
    return sendError(reply, new AppError('INTERNAL', { requestId: request.id }))
  })
  app.setNotFoundHandler((request, reply) => {
    if (fallback(request, reply)) return reply
    return sendError(reply, new AppError('ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] }))
  })
}
