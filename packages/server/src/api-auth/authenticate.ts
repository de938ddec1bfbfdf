import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '@parloir/protocol'
import {
  appTokenActor, findBearerToken, oauth1Credentials, type Actor, type AppRecord, type CoreDeps,
} from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { formPairs, NonceCache, SharedNonces, verifyOAuth1, type NonceMemory } from './oauth1.ts'
import { SharedApiRateLimiter, setRateLimitHeaders, type RateLimitStatus } from './rate-limit.ts'

/**
 * Authentication of the developer APIs (Twitter-compatible routes, webhooks management):
 * OAuth 1.0a user context, OAuth 2 user bearers, OAuth 2 app-only bearers.
 *
 * Failures are AppErrors whose code tells the Twitter error to answer (B's twitter/errors.ts maps them):
 * - APP_CREDENTIALS_INVALID (401, Twitter 32 "Could not authenticate you"): no or malformed
 *   Authorization header, unknown consumer key, bad signature, replayed nonce (`details.reason`);
 * - APP_TIMESTAMP_INVALID (401, Twitter 135): timestamp more than 5 minutes off;
 * - APP_TOKEN_INVALID (401, Twitter 89 "Invalid or expired token"): unknown, expired or revoked token,
 *   revoked app, or a brand token whose granting admin left the brand;
 * - APP_USER_CONTEXT_REQUIRED (403, Twitter 220): an app-only bearer where an account must act;
 * - APP_SCOPE_MISSING (403, Twitter 220 style): an OAuth 2 user token without the scope needed;
 * - RATE_LIMITED (429, Twitter 88): past 600 requests a minute or a burst of 60 for this token, or
 *   an address locked out after 20 failures in a minute;
 * - RATE_LIMITER_UNAVAILABLE (503, Twitter 130): with REDIS_URL while Redis is down, an OAuth 1.0a
 *   request (its nonce cannot be checked across processes) or a failure (it cannot be counted).
 *
 * With REDIS_URL the per-token limit, the failure count and the nonces are shared by every process.
 */
export interface ApiCaller {
  via: 'oauth1' | 'oauth2-user' | 'app-only'
  /** The account acting (with `appId`), or null for an app-only bearer. */
  actor: Actor | null
  app: AppRecord
  appId: string
  tokenId: string
  /** OAuth 2 scopes; an OAuth 1.0a token carries dm.read and dm.write; an app-only bearer none. */
  scopes: readonly string[]
  rateLimit: RateLimitStatus
}

export interface AuthenticateOptions {
  /** The scope the endpoint needs; checked for OAuth 2 user tokens. */
  scope?: 'dm.read' | 'dm.write'
  /** Whether an account must act (every DM endpoint); app-only bearers are then refused. */
  userContext?: boolean
  /** When given, the `x-rate-limit-*` headers are set on it, on success and on a 429 alike. */
  reply?: FastifyReply
}

interface ApiAuthState { nonces: NonceMemory; limiter: SharedApiRateLimiter; lockedUntil: Map<string, number> }
const states = new WeakMap<CoreDeps, ApiAuthState>()

/**
 * One nonce memory, one per-token limiter and one lockout list per server (keyed by its core
 * deps): nonces and counts in Redis with REDIS_URL (`ctx.rates.shared`), else in this process.
 */
function stateOf(ctx: ServerContext): ApiAuthState {
  let state = states.get(ctx.deps)
  if (!state) {
    const rule = (ctx.config as { apiRateRule?: { perMinute: number; burst: number } }).apiRateRule
    const shared = ctx.rates.shared
    state = {
      nonces: shared ? new SharedNonces(shared) : new NonceCache(),
      limiter: new SharedApiRateLimiter(ctx.deps.clock, rule, shared),
      lockedUntil: new Map(),
    }
    states.set(ctx.deps, state)
  }
  return state
}

/** The url-encoded body pairs a request was signed with: only for `application/x-www-form-urlencoded`. */
function signedFormPairs(request: FastifyRequest): Array<[string, string]> | undefined {
  const type = String(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') return undefined
  const body: unknown = request.body
  if (typeof body === 'string') return formPairs(body)
  if (body instanceof URLSearchParams) return [...body]
  // A parser that made an object (last value per name): the pairs it kept.
  if (typeof body === 'object' && body !== null) {
    return Object.entries(body as Record<string, unknown>).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, String(x)] as [string, string]) : [[k, String(v)] as [string, string]]))
  }
  return undefined
}

/**
 * Repeated failures from one address lock it out like bad session tokens (docs/operations.md: 20/min →
 * 5 min), counted across processes; while Redis is down a failure answers RATE_LIMITER_UNAVAILABLE
 * (a brute-force limit fails closed), as `Authenticator` does for session tokens.
 */
async function countFailure(ctx: ServerContext, request: FastifyRequest, error: unknown): Promise<void> {
  if (!(error instanceof AppError) || error.status !== 401) return
  const { invalidTokensPerAddress, invalidTokenLockoutMs } = ctx.config.rateLimits
  if (await ctx.rates.countFailure(`bad-app-auth:${request.ip}`, invalidTokensPerAddress, 'fail-closed')) {
    stateOf(ctx).lockedUntil.set(request.ip, ctx.deps.clock.now() + invalidTokenLockoutMs)
  }
}

async function identify(ctx: ServerContext, request: FastifyRequest): Promise<Omit<ApiCaller, 'rateLimit'>> {
  const { deps } = ctx
  const header = request.headers.authorization
  if (typeof header !== 'string' || header === '') throw new AppError('APP_CREDENTIALS_INVALID', { reason: 'missing' })
  if (/^OAuth\s/i.test(header)) {
    const found = await verifyOAuth1(
      { method: request.method, host: String(request.headers.host ?? ''), url: request.raw.url ?? request.url, authorization: header, formPairs: signedFormPairs(request) },
      (consumerKey, token) => oauth1Credentials(deps, consumerKey, token),
      stateOf(ctx).nonces,
      deps.clock.now(),
    )
    const actor = await appTokenActor(deps, found.app, found.token)
    return { via: 'oauth1', actor, app: found.app, appId: found.app.id, tokenId: found.token.id, scopes: found.token.scopes }
  }
  const bearer = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,512})$/i.exec(header)?.[1]
  if (bearer !== undefined) {
    const { app, token } = await findBearerToken(deps, decodeURIComponent(bearer))
    if (token.kind === 'app-only') return { via: 'app-only', actor: null, app, appId: app.id, tokenId: token.id, scopes: [] }
    const actor = await appTokenActor(deps, app, token)
    return { via: 'oauth2-user', actor, app, appId: app.id, tokenId: token.id, scopes: token.scopes }
  }
  throw new AppError('APP_CREDENTIALS_INVALID', { reason: 'unsupported_scheme' })
}

/**
 * Authenticates a developer-API request and counts it against its token's rate limit. With
 * `userContext`, `actor` is never null; with `scope`, an OAuth 2 user token must hold it.
 */
export async function authenticateApi(ctx: ServerContext, request: FastifyRequest, options: AuthenticateOptions & { userContext: true }): Promise<ApiCaller & { actor: Actor }>
export async function authenticateApi(ctx: ServerContext, request: FastifyRequest, options?: AuthenticateOptions): Promise<ApiCaller>
export async function authenticateApi(ctx: ServerContext, request: FastifyRequest, options: AuthenticateOptions = {}): Promise<ApiCaller> {
  const state = stateOf(ctx)
  const now = ctx.deps.clock.now()
  const locked = state.lockedUntil.get(request.ip)
  if (locked !== undefined) {
    if (locked > now) throw new AppError('RATE_LIMITED', { retryAfterMs: locked - now })
    state.lockedUntil.delete(request.ip)
  }
  let caller: Omit<ApiCaller, 'rateLimit'>
  try {
    caller = await identify(ctx, request)
  } catch (error) {
    await countFailure(ctx, request, error)
    throw error
  }
  const rateLimit = await state.limiter.take(`app-token:${caller.tokenId}`)
  if (options.reply) setRateLimitHeaders(options.reply, rateLimit)
  if (rateLimit.retryAfterMs > 0) throw new AppError('RATE_LIMITED', { retryAfterMs: rateLimit.retryAfterMs, rateLimit })
  if (options.userContext && caller.actor === null) throw new AppError('APP_USER_CONTEXT_REQUIRED')
  if (options.scope !== undefined && caller.via === 'oauth2-user' && !caller.scopes.includes(options.scope)) {
    throw new AppError('APP_SCOPE_MISSING', { needs: options.scope })
  }
  return { ...caller, rateLimit }
}
