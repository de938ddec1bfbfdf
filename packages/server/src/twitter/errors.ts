import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, errorCatalogue, type ErrorCode } from '@parloir/protocol'
import { toAppError } from '../errors.ts'

/**
 * Twitter's error bodies, so `twitter-api-v2`'s `ApiResponseError` reads them:
 * - v1.1: `{"errors":[{"code":N,"message":"…"}]}`, with Twitter's own codes where they exist;
 * - v2: a problem object (`title`, `detail`, `type`, `status`) with a non-empty `errors` array, without
 *   which the library leaves title and detail out of its message.
 * Both are sent as `application/json`, so the library always parses them.
 */

export type TwitterApiVersion = 'v1' | 'v2'

/** How one failure reads on Twitter: the HTTP status and the v1.1 error code. */
export interface TwitterErrorSpec {
  status: number
  code: number
  /** Twitter's wording, when ours would mislead a Twitter client; otherwise the catalogue's. */
  message?: string
}

/** Twitter's codes used here (https://developer.x.com/en/support/x-api/error-troubleshooting). */
export const TwitterCode = {
  couldNotAuthenticate: 32,
  timestampOutOfBounds: 135,
  pageDoesNotExist: 34,
  missingParameter: 38,
  invalidParameter: 44,
  userNotFound: 50,
  rateLimitExceeded: 88,
  invalidOrExpiredToken: 89,
  appNotAllowedDms: 93,
  internalError: 131,
  overCapacity: 130,
  notFollowing: 150,
  errorSendingMessage: 151,
  badRequest: 214,
  badAuthenticationData: 215,
  credentialsNotAllowed: 220,
  mediaValidationFailed: 324,
  mediaIdNotFound: 325,
  cannotSendToUser: 349,
  textTooLong: 354,
} as const

const C = TwitterCode

/**
 * Every code of our catalogue as a Twitter error. `errors.test.ts` checks that the map is total,
 * so a new catalogue code fails a test until it is mapped here; until then `twitterSpecFor` falls
 * back on the status (never a 500 for a client error).
 */
export const twitterErrorMap: Readonly<Record<string, TwitterErrorSpec>> = {
  VALIDATION_FAILED: { status: 400, code: C.badRequest },
  HOST_INVALID: { status: 400, code: C.badRequest },
  MALFORMED_JSON: { status: 400, code: C.badRequest },
  BODY_TOO_LARGE: { status: 413, code: C.badRequest },
  UNSUPPORTED_CONTENT_TYPE: { status: 415, code: C.badRequest },
  ROUTE_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  UNAUTHENTICATED: { status: 401, code: C.invalidOrExpiredToken, message: 'Invalid or expired token.' },
  INVALID_CREDENTIALS: { status: 401, code: C.couldNotAuthenticate, message: 'Could not authenticate you.' },
  CSRF_TOKEN_INVALID: { status: 403, code: C.credentialsNotAllowed },
  ORIGIN_NOT_ALLOWED: { status: 403, code: C.credentialsNotAllowed },
  FORBIDDEN: { status: 403, code: C.appNotAllowedDms },
  HANDLE_TAKEN: { status: 403, code: C.errorSendingMessage },
  ACCOUNT_NOT_FOUND: { status: 404, code: C.userNotFound, message: 'User not found.' },
  ACCOUNT_IS_BRAND: { status: 400, code: C.badRequest },
  NOT_A_BRAND: { status: 403, code: C.credentialsNotAllowed, message: 'Welcome messages belong to brands; this account is not one.' },
  LAST_OWNER: { status: 403, code: C.credentialsNotAllowed },
  WELCOME_MESSAGE_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  KEYWORD_RULE_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  CUSTOM_PROFILE_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  COLLECTION_FULL: { status: 403, code: C.errorSendingMessage },
  CALENDAR_INVALID: { status: 400, code: C.badRequest },
  VISITOR_NOT_ALLOWED: { status: 403, code: C.cannotSendToUser, message: 'You cannot send messages to this user.' },
  VISITOR_OTHER_BRAND: { status: 403, code: C.cannotSendToUser, message: 'You cannot send messages to this user.' },
  EMBED_NOT_ALLOWED: { status: 403, code: C.credentialsNotAllowed },
  SESSION_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  CONVERSATION_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  MESSAGE_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  MEDIA_NOT_FOUND: { status: 400, code: C.mediaIdNotFound, message: 'A media id was not found.' },
  CANNOT_MESSAGE_SELF: { status: 403, code: C.errorSendingMessage, message: 'There was an error sending your message: a conversation needs another participant.' },
  RECIPIENT_UNAVAILABLE: { status: 403, code: C.cannotSendToUser, message: 'You cannot send messages to this user.' },
  NOT_A_GROUP: { status: 400, code: C.badRequest },
  GROUP_FULL: { status: 403, code: C.errorSendingMessage },
  IDEMPOTENCY_CONFLICT: { status: 403, code: C.errorSendingMessage },
  UNSEND_WINDOW_EXPIRED: { status: 403, code: C.errorSendingMessage },
  MESSAGE_ALREADY_UNSENT: { status: 403, code: C.errorSendingMessage },
  NOT_MESSAGE_SENDER: { status: 403, code: C.errorSendingMessage },
  MESSAGE_EMPTY: { status: 400, code: C.badRequest, message: 'event.message_create.message_data: text or an attachment is required.' },
  QUICK_REPLY_INVALID: { status: 400, code: C.badRequest },
  MEDIA_TYPE_NOT_ALLOWED: { status: 400, code: C.mediaValidationFailed },
  MEDIA_TOO_LARGE: { status: 400, code: C.mediaValidationFailed },
  MEDIA_UNREADABLE: { status: 400, code: C.mediaValidationFailed },
  MEDIA_ALREADY_ATTACHED: { status: 400, code: C.mediaValidationFailed, message: 'The validation of media ids failed: a media is attached once unless uploaded with shared=true.' },
  STORAGE_FULL: { status: 503, code: C.overCapacity, message: 'Over capacity.' },
  RATE_LIMITED: { status: 429, code: C.rateLimitExceeded, message: 'Rate limit exceeded' },
  TOO_MANY_STREAMS: { status: 429, code: C.rateLimitExceeded, message: 'Rate limit exceeded' },
  INVALID_CURSOR: { status: 400, code: C.invalidParameter, message: 'cursor parameter is invalid.' },
  SHUTTING_DOWN: { status: 503, code: C.overCapacity, message: 'Over capacity.' },
  STORAGE_UNAVAILABLE: { status: 503, code: C.overCapacity, message: 'Over capacity.' },
  RATE_LIMITER_UNAVAILABLE: { status: 503, code: C.overCapacity, message: 'Over capacity.' },
  INTERNAL: { status: 500, code: C.internalError, message: 'Internal error.' },
  // Developer apps and tokens (api-auth).
  APP_NOT_FOUND: { status: 401, code: C.couldNotAuthenticate, message: 'Could not authenticate you.' },
  APP_TOKEN_NOT_FOUND: { status: 401, code: C.invalidOrExpiredToken, message: 'Invalid or expired token.' },
  APP_CREDENTIALS_INVALID: { status: 401, code: C.couldNotAuthenticate, message: 'Could not authenticate you.' },
  APP_TOKEN_INVALID: { status: 401, code: C.invalidOrExpiredToken, message: 'Invalid or expired token.' },
  APP_TIMESTAMP_INVALID: { status: 401, code: C.timestampOutOfBounds, message: 'Timestamp out of bounds.' },
  APP_USER_CONTEXT_REQUIRED: { status: 403, code: C.credentialsNotAllowed, message: 'Your credentials do not allow access to this resource.' },
  APP_SCOPE_MISSING: { status: 403, code: C.appNotAllowedDms, message: 'This application is not allowed to access or delete your direct messages.' },
  OAUTH_REQUEST_INVALID: { status: 400, code: C.badAuthenticationData, message: 'Bad Authentication data.' },
  OAUTH_GRANT_INVALID: { status: 400, code: C.badAuthenticationData, message: 'Bad Authentication data.' },
  REDIRECT_URI_NOT_REGISTERED: { status: 400, code: C.badRequest },
  // Webhooks.
  WEBHOOK_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  WEBHOOK_URL_REFUSED: { status: 400, code: C.badRequest },
  WEBHOOK_CRC_FAILED: { status: 400, code: C.badRequest },
  // The team inbox and saved replies (native only; listed so the map stays total).
  ANSWERED_MEANWHILE: { status: 403, code: C.errorSendingMessage },
  ASSIGNEE_NOT_ALLOWED: { status: 403, code: C.credentialsNotAllowed },
  SNOOZE_INVALID: { status: 400, code: C.badRequest },
  SAVED_REPLY_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  SAVED_REPLY_SHORTCUT_TAKEN: { status: 403, code: C.errorSendingMessage },
  CUSTOM_FIELD_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  CUSTOM_FIELD_KEY_TAKEN: { status: 403, code: C.errorSendingMessage },
  CUSTOM_FIELD_VALUE_INVALID: { status: 400, code: C.badRequest },
  NO_ONE_CUSTOMER: { status: 403, code: C.errorSendingMessage },
  LABEL_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  LABEL_NAME_TAKEN: { status: 403, code: C.errorSendingMessage },
  COLLECTION_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  COLLECTION_SECTION_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  COLLECTION_ITEM_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  COLLECTION_LIMIT_REACHED: { status: 403, code: C.errorSendingMessage },
  CONTRIBUTION_NOT_PENDING: { status: 403, code: C.errorSendingMessage },
  LINK_FETCH_FAILED: { status: 400, code: C.badRequest },
  PUSH_SUBSCRIPTION_INVALID: { status: 400, code: C.badRequest },
  PUSH_NEEDS_SESSION: { status: 403, code: C.credentialsNotAllowed },
  // Visitors, the widget and notifications (native and pages only; listed so the map stays total).
  CROSS_SITE_FORM: { status: 403, code: C.credentialsNotAllowed },
  VISITOR_LINK_INVALID: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  VISITOR_LINK_EXPIRED: { status: 410, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  VISITOR_LINK_USED: { status: 410, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  VISITOR_HAS_ACCOUNT: { status: 409, code: C.credentialsNotAllowed },
  VISITOR_UPLOADS_PER_HOUR: { status: 429, code: C.rateLimitExceeded, message: 'Rate limit exceeded' },
  VISITOR_UPLOAD_BYTES_PER_DAY: { status: 429, code: C.rateLimitExceeded, message: 'Rate limit exceeded' },
  IDENTITY_NOT_ENABLED: { status: 400, code: C.badRequest },
  IDENTITY_SIGNATURE_INVALID: { status: 401, code: C.couldNotAuthenticate, message: 'Could not authenticate you.' },
  IDENTITY_SIGNATURE_EXPIRED: { status: 401, code: C.timestampOutOfBounds, message: 'Timestamp out of bounds.' },
  TIME_ZONE_UNKNOWN: { status: 400, code: C.invalidParameter },
  EMAIL_UNAVAILABLE: { status: 409, code: C.badRequest },
  EMAIL_MISSING: { status: 409, code: C.missingParameter },
  // Moderation (native only; listed so the map stays total).
  MODERATION_REASON_REQUIRED: { status: 403, code: C.errorSendingMessage },
  APPROVAL_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  APPROVAL_NOT_PENDING: { status: 403, code: C.errorSendingMessage },
  APPROVAL_EXPIRED: { status: 403, code: C.errorSendingMessage },
  APPROVAL_OWN_REQUEST: { status: 403, code: C.credentialsNotAllowed },
  APPROVAL_ALREADY_PENDING: { status: 403, code: C.errorSendingMessage },
  ALREADY_BLOCKED: { status: 403, code: C.errorSendingMessage },
  NOT_BLOCKED: { status: 403, code: C.errorSendingMessage },
  MESSAGE_NOT_HIDDEN: { status: 403, code: C.errorSendingMessage },
  MESSAGE_ALREADY_HIDDEN: { status: 403, code: C.errorSendingMessage },
  NOT_A_CUSTOMER_MESSAGE: { status: 403, code: C.credentialsNotAllowed },
  REVIEW_ALREADY_REQUESTED: { status: 403, code: C.errorSendingMessage },
  // Public discussions (native only; listed so the map stays total).
  DISCUSSION_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  DISCUSSION_CLOSED: { status: 403, code: C.errorSendingMessage },
  DISCUSSION_NOT_PARTICIPANT: { status: 403, code: C.errorSendingMessage },
  DISCUSSION_NOT_STARTER: { status: 403, code: C.credentialsNotAllowed },
  DISCUSSION_ALREADY_PARTICIPANT: { status: 403, code: C.errorSendingMessage },
  DISCUSSION_FULL: { status: 403, code: C.errorSendingMessage },
  DISCUSSION_JOIN_REQUESTS_FULL: { status: 403, code: C.errorSendingMessage },
  DISCUSSION_JOIN_REQUEST_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  DISCUSSION_POST_NOT_FOUND: { status: 404, code: C.pageDoesNotExist, message: 'Sorry, that page does not exist.' },
  POST_ALREADY_HIDDEN: { status: 403, code: C.errorSendingMessage },
  POST_NOT_HIDDEN: { status: 403, code: C.errorSendingMessage },
  NOT_POST_AUTHOR: { status: 403, code: C.credentialsNotAllowed },
  DISCUSSION_STARTER_PROTECTED: { status: 403, code: C.errorSendingMessage },
  DISCUSSION_REMOVED: { status: 403, code: C.credentialsNotAllowed },
  DISCUSSION_NOT_REMOVED: { status: 403, code: C.errorSendingMessage },
  CONTINUE_IN_PRIVATE_REFUSED: { status: 403, code: C.credentialsNotAllowed },
}

/** The Twitter form of a catalogue code; a code not mapped yet falls back on its status. */
export function twitterSpecFor(code: ErrorCode): TwitterErrorSpec {
  const mapped: TwitterErrorSpec | undefined = twitterErrorMap[code]
  if (mapped) return mapped
  const status = errorCatalogue[code].status
  if (status === 401) return { status, code: C.invalidOrExpiredToken }
  if (status === 404) return { status, code: C.pageDoesNotExist }
  if (status === 429) return { status, code: C.rateLimitExceeded }
  if (status >= 500) return { status, code: C.internalError }
  return { status, code: status === 403 ? C.credentialsNotAllowed : C.badRequest }
}

/** A failure said the Twitter way; thrown by the translation layer, rendered by its error handler. */
export class TwitterError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** For v2 answers: the problem type and title, when not the status's default. */
    readonly problem?: { type: string; title: string },
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'TwitterError'
  }
}

/** A query or body parameter that is missing or not valid (Twitter codes 38 and 44). */
export function badParameter(name: string, missing = false): TwitterError {
  return missing
    ? new TwitterError(400, C.missingParameter, `${name} parameter is missing.`)
    : new TwitterError(400, C.invalidParameter, `${name} parameter is invalid.`)
}

/** A body that is not what the endpoint takes (Twitter code 214). */
export function badRequest(message: string): TwitterError {
  return new TwitterError(400, C.badRequest, message)
}

const problemTypes: Record<number, { type: string; title: string }> = {
  400: { type: 'https://api.twitter.com/2/problems/invalid-request', title: 'Invalid Request' },
  401: { type: 'about:blank', title: 'Unauthorized' },
  403: { type: 'https://api.twitter.com/2/problems/not-authorized-for-resource', title: 'Forbidden' },
  404: { type: 'https://api.twitter.com/2/problems/resource-not-found', title: 'Not Found Error' },
  409: { type: 'https://api.twitter.com/2/problems/resource-unavailable', title: 'Conflict' },
  413: { type: 'https://api.twitter.com/2/problems/invalid-request', title: 'Payload Too Large' },
  415: { type: 'https://api.twitter.com/2/problems/invalid-request', title: 'Unsupported Media Type' },
  429: { type: 'about:blank', title: 'Too Many Requests' },
  500: { type: 'https://api.twitter.com/2/problems/server-error', title: 'Internal Server Error' },
  503: { type: 'https://api.twitter.com/2/problems/service-unavailable', title: 'Service Unavailable' },
}

/** v2's refusal of app-only bearers on user-context endpoints. */
export const unsupportedAuthentication = { type: 'https://api.twitter.com/2/problems/unsupported-authentication', title: 'Unsupported Authentication' }

/** Any failure as a TwitterError: ours, Fastify's (bad JSON, body too large) or unexpected (a logged 500). */
export function toTwitterError(error: unknown, request?: FastifyRequest): TwitterError {
  if (error instanceof TwitterError) return error
  const known = toAppError(error)
  if (known) {
    const spec = twitterSpecFor(known.code)
    const headers: Record<string, string> = {}
    const retryAfterMs = known.details?.retryAfterMs
    if (typeof retryAfterMs === 'number') headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)))
    return new TwitterError(spec.status, spec.code, spec.message ?? known.message, undefined, headers)
  }
  request?.log.error({ err: error }, 'unexpected error')
  return new TwitterError(500, C.internalError, `Internal error (request ${request?.id ?? 'unknown'}).`)
}

/** The body of a Twitter error in the form of the API version asked. */
export function twitterErrorBody(error: TwitterError, version: TwitterApiVersion): Record<string, unknown> {
  if (version === 'v1') return { errors: [{ code: error.code, message: error.message }] }
  const problem = error.problem ?? problemTypes[error.status] ?? problemTypes[error.status >= 500 ? 500 : 400]
  return {
    title: problem?.title, detail: error.message, type: problem?.type, status: error.status,
    // No `code` in the entries: twitter-api-v2 takes an entry with a code for a v1.1 error and then drops title and detail.
    errors: [{ message: error.message, ...((error as { parameters?: unknown }).parameters ? { parameters: (error as { parameters?: unknown }).parameters } : {}) }],
  }
}

export function sendTwitterError(reply: FastifyReply, error: TwitterError, version: TwitterApiVersion): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value)
  return reply.code(error.status).type('application/json; charset=utf-8').send(twitterErrorBody(error, version))
}

/** Which API a path belongs to: everything under /2/ answers v2 problems, the rest v1.1 errors. */
export const versionOf = (url: string): TwitterApiVersion => (url.startsWith('/2/') ? 'v2' : 'v1')

/** Whether a raw request URL is under Twitter's `/1.1/` or `/2/` prefixes. */
export const isTwitterPath = (url: string): boolean => /^\/(1\.1|2)(\/|\?|$)/.test(url)

/**
 * A URL under /1.1/ or /2/ that the router cannot decode (a lone `%` in a path parameter) fails
 * before any scope sees it, in app.ts's `frameworkErrors`: it answers Twitter's 404 (code 34 /
 * Not Found problem) here, so a Twitter client never sees the native body. False for other paths.
 */
export function sendUnreadableTwitterUrl(request: FastifyRequest, reply: FastifyReply): boolean {
  if (!isTwitterPath(request.url)) return false
  sendTwitterError(reply, new TwitterError(404, TwitterCode.pageDoesNotExist, 'Sorry, that page does not exist.'), versionOf(request.url))
  return true
}

/**
 * Installs Twitter error rendering on a scope: its error handler, and an `onSend` hook that turns
 * an answer already rendered in the native shape (the per-address limit of the root `onRequest`
 * hook) into the Twitter shape, so no Twitter path ever answers `{"error":{…}}`.
 */
export function useTwitterErrors(scope: FastifyInstance): void {
  scope.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const twitter = toTwitterError(error, request)
    if (twitter.status >= 500) request.log.error({ err: error }, 'request failed')
    return sendTwitterError(reply, twitter, versionOf(request.url))
  })
  scope.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400 || typeof payload !== 'string' || !payload.startsWith('{"error":')) return payload
    let code: ErrorCode | undefined
    try { code = (JSON.parse(payload) as { error?: { code?: ErrorCode } }).error?.code } catch { return payload }
    if (!code || !(code in errorCatalogue)) return payload
    const twitter = toTwitterError(new AppError(code))
    reply.code(twitter.status)
    return JSON.stringify(twitterErrorBody(twitter, versionOf(request.url)))
  })
}
