/**
 * The one catalogue of error codes. A code is stable once shipped: clients and scripts match on
 * it. `docs/errors.md` lists every code; `errors.test.ts` keeps the two in step.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid; see details for each field.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than allowed.' },
  UNSUPPORTED_CONTENT_TYPE: { status: 415, message: 'The request body has a content type this route does not accept.' },
  HOST_INVALID: { status: 400, message: 'The Host header is not a valid host name or address with an optional port.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No route matches this method and path.' },
  UNAUTHENTICATED: { status: 401, message: 'Log in first: the session is missing, expired or revoked.' },
  INVALID_CREDENTIALS: { status: 401, message: 'The handle or the password is wrong.' },
  CSRF_TOKEN_INVALID: { status: 403, message: 'A cookie-authenticated change needs the x-csrf-token header of its session.' },
  ORIGIN_NOT_ALLOWED: { status: 403, message: 'This origin may not open a stream on this server.' },
  CROSS_SITE_FORM: { status: 403, message: 'This form was sent from another site: it is only taken from this server\'s own page.' },
  FORBIDDEN: { status: 403, message: 'Your role does not allow this action.' },
  HANDLE_TAKEN: { status: 409, message: 'This handle is already in use.' },
  ACCOUNT_NOT_FOUND: { status: 404, message: 'No such account.' },
  ACCOUNT_IS_BRAND: { status: 400, message: 'A brand has no password of its own; its team members log in as themselves.' },
  NOT_A_BRAND: { status: 400, message: 'This account is not a brand.' },
  LAST_OWNER: { status: 409, message: 'A brand keeps at least one owner.' },
  WELCOME_MESSAGE_NOT_FOUND: { status: 404, message: 'No such welcome message for this brand.' },
  KEYWORD_RULE_NOT_FOUND: { status: 404, message: 'No such keyword rule for this brand.' },
  CUSTOM_PROFILE_NOT_FOUND: { status: 404, message: 'No such custom profile for this brand.' },
  SAVED_REPLY_NOT_FOUND: { status: 404, message: 'No such saved reply for this brand, or it is another team member\'s own.' },
  SAVED_REPLY_SHORTCUT_TAKEN: { status: 409, message: 'Another saved reply in the same place (the team\'s, or yours) already has this shortcut.' },
  CUSTOM_FIELD_NOT_FOUND: { status: 404, message: 'No such custom field for this brand.' },
  CUSTOM_FIELD_KEY_TAKEN: { status: 409, message: 'Another custom field of this brand already has this key.' },
  CUSTOM_FIELD_VALUE_INVALID: { status: 400, message: "A value does not fit its custom field's type; see details for each field." },
  NO_ONE_CUSTOMER: { status: 409, message: 'This conversation has no one customer (it is a group): custom fields belong to a customer.' },
  LABEL_NOT_FOUND: { status: 404, message: 'No such label for this brand.' },
  LABEL_NAME_TAKEN: { status: 409, message: 'The brand already has a label with this name (case and accents aside).' },
  COLLECTION_NOT_FOUND: { status: 404, message: 'No such collection.' },
  COLLECTION_SECTION_NOT_FOUND: { status: 404, message: 'No such section in this collection.' },
  COLLECTION_ITEM_NOT_FOUND: { status: 404, message: 'No such item in this collection, or not one you may see.' },
  COLLECTION_LIMIT_REACHED: { status: 409, message: 'The collection (or your account) already holds as many of these as allowed; details say which limit.' },
  CONTRIBUTION_NOT_PENDING: { status: 409, message: 'This item is not waiting for the curator: it was approved or declined already.' },
  LINK_FETCH_FAILED: { status: 422, message: 'The link could not be read (a private address, no answer, an error, too many redirects); details say why.' },
  COLLECTION_FULL: { status: 409, message: 'The brand already has as many of these as allowed.' },
  CALENDAR_INVALID: { status: 400, message: 'The support calendar is not valid; see details for each field.' },
  VISITOR_NOT_ALLOWED: { status: 403, message: 'A visitor can only write to brands, in its own conversations.' },
  VISITOR_OTHER_BRAND: { status: 403, message: 'A visitor writes only to the brand whose link or website chat started it.' },
  VISITOR_LINK_INVALID: { status: 404, message: 'This conversation link is not one this server gave: it is mistyped, cut short or made up.' },
  VISITOR_LINK_EXPIRED: { status: 410, message: 'This conversation link has expired: a link in an email works for 7 days.' },
  VISITOR_LINK_USED: { status: 410, message: 'This conversation link was already used: a link in an email works once.' },
  VISITOR_HAS_ACCOUNT: { status: 409, message: 'This visitor has become an account: log in to continue the conversation.' },
  EMBED_NOT_ALLOWED: { status: 403, message: 'This site is not on the brand\'s list of sites allowed to embed its chat.' },
  SESSION_NOT_FOUND: { status: 404, message: 'No such session.' },
  CONVERSATION_NOT_FOUND: { status: 404, message: 'No such conversation.' },
  ANSWERED_MEANWHILE: { status: 409, message: 'Another member of the team answered after what you saw; read it, then send again (without seenSeq to send anyway).' },
  ASSIGNEE_NOT_ALLOWED: { status: 409, message: 'Only a member of the brand\'s team who may answer can be assigned.' },
  SNOOZE_INVALID: { status: 400, message: 'A snooze ends in the future, within a year, and only a snoozed conversation has one.' },
  MESSAGE_NOT_FOUND: { status: 404, message: 'No such message.' },
  MEDIA_NOT_FOUND: { status: 404, message: 'No such media.' },
  CANNOT_MESSAGE_SELF: { status: 400, message: 'A conversation needs another participant.' },
  RECIPIENT_UNAVAILABLE: { status: 403, message: 'You cannot send messages to this account.' },
  NOT_A_GROUP: { status: 409, message: 'Only a group conversation can do this.' },
  GROUP_FULL: { status: 409, message: 'A group has at most its participant limit.' },
  IDEMPOTENCY_CONFLICT: { status: 409, message: 'This client_message_id was already used with a different message.' },
  UNSEND_WINDOW_EXPIRED: { status: 409, message: 'A message can be unsent only within the unsend window.' },
  MESSAGE_ALREADY_UNSENT: { status: 409, message: 'This message was already unsent.' },
  NOT_MESSAGE_SENDER: { status: 403, message: 'Only the sender can unsend a message.' },
  MESSAGE_EMPTY: { status: 400, message: 'A message needs text or an attachment.' },
  QUICK_REPLY_INVALID: { status: 400, message: 'The quick-reply response does not match an option of that message.' },
  MEDIA_TYPE_NOT_ALLOWED: { status: 415, message: 'This kind of file cannot be uploaded.' },
  MEDIA_TOO_LARGE: { status: 413, message: 'The file is larger than allowed for its kind.' },
  MEDIA_UNREADABLE: { status: 422, message: 'The file claims a kind its bytes do not match, or cannot be decoded.' },
  MEDIA_ALREADY_ATTACHED: { status: 409, message: 'This media is already attached to a message.' },
  STORAGE_FULL: { status: 507, message: 'The server keeps a disk reserve and cannot accept this upload now.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; retry after the time in Retry-After.' },
  VISITOR_UPLOADS_PER_HOUR: { status: 429, message: 'A visitor may upload 20 files an hour; retry after the time in Retry-After.' },
  VISITOR_UPLOAD_BYTES_PER_DAY: { status: 429, message: 'A visitor may upload 100 MB a day; retry after the time in Retry-After.' },
  IDENTITY_NOT_ENABLED: { status: 400, message: 'This brand has no identity-verification secret: make one in the console first.' },
  IDENTITY_SIGNATURE_INVALID: { status: 401, message: 'The identity signature does not match the user id and timestamp under the brand\'s secret.' },
  IDENTITY_SIGNATURE_EXPIRED: { status: 401, message: 'The identity signature is more than 10 minutes old (or dated in the future): sign again.' },
  TOO_MANY_STREAMS: { status: 429, message: 'This account has too many open streams.' },
  INVALID_CURSOR: { status: 400, message: 'The cursor is not one this server issued.' },
  SHUTTING_DOWN: { status: 503, message: 'The server is shutting down; retry on another instance or shortly.' },
  STORAGE_UNAVAILABLE: { status: 503, message: 'The database did not answer in time; retry after the time in Retry-After (a send retried with the same clientMessageId is stored once).' },
  RATE_LIMITER_UNAVAILABLE: { status: 503, message: 'This action is guarded by a shared rate limit that cannot be checked now; retry after the time in Retry-After.' },
  // Developer apps and their tokens (the Twitter code each maps to is in server/src/api-auth/twitter-codes.ts).
  APP_NOT_FOUND: { status: 404, message: 'No such app.' },
  APP_TOKEN_NOT_FOUND: { status: 404, message: 'No such token for this app.' },
  APP_CREDENTIALS_INVALID: { status: 401, message: 'Could not authenticate you: the app credentials or the request signature do not match.' },
  APP_TOKEN_INVALID: { status: 401, message: 'Invalid or expired token.' },
  APP_TIMESTAMP_INVALID: { status: 401, message: 'The OAuth timestamp is more than 5 minutes away from the server clock.' },
  APP_USER_CONTEXT_REQUIRED: { status: 403, message: 'This endpoint acts as an account: use a user-context token, not an app-only bearer.' },
  APP_SCOPE_MISSING: { status: 403, message: 'The token was not granted the scope this endpoint needs.' },
  OAUTH_REQUEST_INVALID: { status: 400, message: 'The OAuth request is not valid; see details.' },
  OAUTH_GRANT_INVALID: { status: 400, message: 'The authorization code or refresh token is unknown, used, expired, or does not match this request.' },
  REDIRECT_URI_NOT_REGISTERED: { status: 400, message: 'This redirect URI is not one the app registered.' },
  // Webhooks (server/src/webhooks).
  WEBHOOK_NOT_FOUND: { status: 404, message: 'No such webhook for this app.' },
  WEBHOOK_URL_REFUSED: { status: 400, message: 'The webhook URL is not an http(s) URL on a public address (or one the administrator allowed).' },
  WEBHOOK_CRC_FAILED: { status: 400, message: 'The webhook did not answer the challenge-response check (CRC) correctly within 3 seconds.' },
  // Web Push (server/src/push).
  PUSH_SUBSCRIPTION_INVALID: { status: 400, message: 'The push subscription is not usable: its endpoint is refused or its keys are not a P-256 key and a 16-byte secret.' },
  TIME_ZONE_UNKNOWN: { status: 400, message: 'The time zone is not an IANA time zone this server knows (Europe/Paris, America/New_York, UTC).' },
  EMAIL_UNAVAILABLE: { status: 409, message: 'This server sends no email (SMTP_URL is not set), so email notifications cannot be turned on.' },
  EMAIL_MISSING: { status: 409, message: 'Email notifications need an address: give one; nothing is sent before it is confirmed from the link sent to it.' },
  PUSH_NEEDS_SESSION: { status: 403, message: 'Push subscriptions belong to a logged-in session, not to an app token.' },
  // Moderation (core/src/moderation).
  MODERATION_REASON_REQUIRED: { status: 422, message: 'This moderation action needs a reason: the person concerned is told it, and it goes in the audit log.' },
  APPROVAL_NOT_FOUND: { status: 404, message: 'No such approval for this brand.' },
  APPROVAL_NOT_PENDING: { status: 409, message: 'This request was already approved, declined or withdrawn.' },
  APPROVAL_EXPIRED: { status: 409, message: 'This request waited too long (7 days) without a decision: ask again if it still applies.' },
  APPROVAL_OWN_REQUEST: { status: 403, message: 'A second member of the team must approve: you cannot approve or decline your own request.' },
  APPROVAL_ALREADY_PENDING: { status: 409, message: 'A request about this person already waits for approval: approve, decline or withdraw it first.' },
  ALREADY_BLOCKED: { status: 409, message: 'The brand already blocks this account.' },
  NOT_BLOCKED: { status: 409, message: 'The brand does not block this account.' },
  MESSAGE_NOT_HIDDEN: { status: 409, message: 'This message is not hidden by the team.' },
  MESSAGE_ALREADY_HIDDEN: { status: 409, message: 'The team already hid this message.' },
  NOT_A_CUSTOMER_MESSAGE: { status: 403, message: "Only a customer's message can be hidden by the brand's team, in a conversation the brand is in." },
  REVIEW_ALREADY_REQUESTED: { status: 409, message: 'A review of this hide was already asked for: the team has it.' },
  // Public discussions (core/src/discussions).
  DISCUSSION_NOT_FOUND: { status: 404, message: 'No such discussion.' },
  DISCUSSION_CLOSED: { status: 409, message: 'This discussion is closed: it can be read, not written to, until its starter reopens it.' },
  DISCUSSION_NOT_PARTICIPANT: { status: 403, message: 'Only those taking part in this discussion can do this: ask to join first.' },
  DISCUSSION_NOT_STARTER: { status: 403, message: 'Only whoever started this discussion can do this.' },
  DISCUSSION_ALREADY_PARTICIPANT: { status: 409, message: 'This account already takes part in this discussion.' },
  DISCUSSION_FULL: { status: 409, message: 'This discussion already has as many participants as allowed.' },
  DISCUSSION_JOIN_REQUESTS_FULL: { status: 409, message: 'This discussion already has as many asks to join waiting as allowed; try again once some are answered.' },
  DISCUSSION_JOIN_REQUEST_NOT_FOUND: { status: 404, message: 'This account has not asked to join this discussion.' },
  DISCUSSION_POST_NOT_FOUND: { status: 404, message: 'No such post in this discussion.' },
  // Moderation of discussions (core/src/discussions/discussion-moderation.ts).
  POST_ALREADY_HIDDEN: { status: 409, message: 'This post (or collection item) is already hidden.' },
  POST_NOT_HIDDEN: { status: 409, message: 'This post (or collection item) is not hidden.' },
  NOT_POST_AUTHOR: { status: 403, message: 'Only the author of this post (or collection item) can ask for a review of its hide.' },
  DISCUSSION_STARTER_PROTECTED: { status: 422, message: "The starter's own posts and place in their discussion are not moderated." },
  DISCUSSION_REMOVED: { status: 403, message: 'The moderators removed this account from this discussion: it may read it, not take part, unless they add it again.' },
  DISCUSSION_NOT_REMOVED: { status: 409, message: 'This account was not removed from this discussion.' },
  CONTINUE_IN_PRIVATE_REFUSED: { status: 403, message: 'Continue in private is for a brand taking part in the discussion, on a post by someone else.' },
  INTERNAL: { status: 500, message: 'Something failed on the server; the request id is in the logs.' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof errorCatalogue

/** One field-level problem, as listed in `details.fields` of a VALIDATION_FAILED error. */
export interface FieldProblem {
  path: string
  /** The rule in English, for programs and logs ("must NOT have fewer than 8 characters"). */
  message: string
  /**
   * Which rule failed, stable for clients to put into words: the JSON Schema keyword (`required`,
   * `pattern`, `minLength`, `maxLength`, `format`, `type`, `enum`, `minimum`, `maximum`, `minItems`,
   * `maxItems`, `additionalProperties`, …) or a server check's own name (`duplicate`, `taken`).
   */
  reason?: string
  /** The number the rule names, where it names one (`minLength` 8 → 8). */
  limit?: number
}

/** Every field problem of a VALIDATION_FAILED answer arrives at once, at most this many (one per field and rule). */
export const maxFieldProblems = 100

/** The one JSON shape of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> }
}

/**
 * The error every layer throws for a client-visible failure. One handler renders it as
 * `{ error: { code, message, details } }` with the catalogue's status.
 */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly details: Record<string, unknown> | undefined

  constructor(code: ErrorCode, details?: Record<string, unknown>, message?: string) {
    super(message ?? errorCatalogue[code].message)
    this.name = 'AppError'
    this.code = code
    this.status = errorCatalogue[code].status
    this.details = details
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } }
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError
}
