import { errorCatalogue, type ErrorCode } from '@parloir/protocol'

/** What the server sent as `{ error: { code, message, details } }`, or what a stream reply carried. */
export interface ErrorPayload {
  code: string
  message: string
  details?: Record<string, unknown>
}

/**
 * A failure the server answered: an HTTP error, a refused stream upgrade, or a stream reply
 * with `ok: false`. Match on `code`, which stays stable; `message` is for people.
 */
export class ParloirApiError extends Error {
  /** HTTP status; for a stream reply, the status the catalogue gives its code (0 if unknown). */
  readonly status: number
  /** A code of the catalogue, or `HTTP_<status>` when the answer was not Parloir's error shape. */
  readonly code: ErrorCode | (string & {})
  readonly details: Record<string, unknown> | undefined
  /** How long to wait before retrying, from `details.retryAfterMs` or the Retry-After header. */
  readonly retryAfterMs: number | undefined

  constructor(init: { status: number; code: string; message: string; details?: Record<string, unknown> | undefined; retryAfterMs?: number | undefined }) {
    super(init.message)
    this.name = 'ParloirApiError'
    this.status = init.status
    this.code = init.code
    this.details = init.details
    this.retryAfterMs = init.retryAfterMs
  }
}

/** An error that never reached the server's judgement: the stream was down, or a wait timed out. */
export class ParloirStreamError extends Error {
  readonly code: 'NOT_CONNECTED' | 'DISCONNECTED' | 'TIMEOUT' | 'CLOSED'

  constructor(code: ParloirStreamError['code'], message: string) {
    super(message)
    this.name = 'ParloirStreamError'
    this.code = code
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads `{ error: { code, message, details? } }`; undefined for anything else. */
export function readErrorPayload(body: unknown): ErrorPayload | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined
  const { code, message, details } = body.error
  if (typeof code !== 'string' || typeof message !== 'string') return undefined
  return { code, message, ...(isRecord(details) ? { details } : {}) }
}

/**
 * Retry-After is seconds or an HTTP date (RFC 9110); answers milliseconds, or undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

/**
 * The error for an HTTP answer that is not a success. `bodyText` is the raw body: Parloir's error
 * shape gives code, message and details; anything else (a proxy's HTML page) gives `HTTP_<status>`.
 * `details.retryAfterMs` is more precise than Retry-After (whole seconds), so it wins.
 */
export function errorFromResponse(status: number, bodyText: string, retryAfterHeader?: string | null, nowMs?: number): ParloirApiError {
  let parsed: unknown
  try {
    parsed = bodyText === '' ? undefined : JSON.parse(bodyText)
  } catch {
    parsed = undefined
  }
  const payload = readErrorPayload(parsed)
  const fromDetails = payload?.details?.retryAfterMs
  const retryAfterMs = typeof fromDetails === 'number' && Number.isFinite(fromDetails) ? fromDetails : parseRetryAfter(retryAfterHeader, nowMs)
  if (!payload) {
    return new ParloirApiError({ status, code: `HTTP_${status}`, message: `The server answered ${status} without a Parloir error body.`, retryAfterMs })
  }
  return new ParloirApiError({ status, code: payload.code, message: payload.message, details: payload.details, retryAfterMs })
}

/** The error for a stream reply with `ok: false`; its status comes from the catalogue. */
export function errorFromReply(error: ErrorPayload): ParloirApiError {
  const known = (errorCatalogue as Record<string, { status: number } | undefined>)[error.code]
  const retry = error.details?.retryAfterMs
  return new ParloirApiError({
    status: known?.status ?? 0,
    code: error.code,
    message: error.message,
    details: error.details,
    retryAfterMs: typeof retry === 'number' && Number.isFinite(retry) ? retry : undefined,
  })
}
