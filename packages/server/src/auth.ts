import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '@parloir/protocol'
import { authenticate, resolveActor, type Actor, type CoreDeps, type SessionRecord, type AccountRecord } from '@parloir/core'
import type { Config } from './config.ts'
import type { RateLimits } from './rate-limit.ts'

export const SESSION_COOKIE = 'parloir_session'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * A browser cannot set an Authorization header on a WebSocket, and a token in the URL would
 * land in logs and history. So a browser client without the session cookie (the website
 * widget's frame) offers two subprotocols, `parloir.v1` and `parloir.token.<token>`; the
 * server takes the second as a Bearer token and answers with `parloir.v1` only, so the token
 * is never echoed.
 */
export const STREAM_PROTOCOL = 'parloir.v1'
const TOKEN_PROTOCOL_PREFIX = 'parloir.token.'

/** The subprotocol the stream answers with (ws `handleProtocols`): `parloir.v1`, never the token one. */
export function selectStreamProtocol(offered: Set<string>): string | false {
  return offered.has(STREAM_PROTOCOL) ? STREAM_PROTOCOL : false
}

/** The token offered as a WebSocket subprotocol on an upgrade: undefined when none is, '' when it is malformed. */
function subprotocolToken(request: FastifyRequest): string | undefined {
  if (request.headers.upgrade?.toLowerCase() !== 'websocket') return undefined
  const header = request.headers['sec-websocket-protocol']
  if (typeof header !== 'string') return undefined
  for (const offered of header.split(',')) {
    const protocol = offered.trim()
    if (!protocol.startsWith(TOKEN_PROTOCOL_PREFIX)) continue
    const token = protocol.slice(TOKEN_PROTOCOL_PREFIX.length)
    return /^[A-Za-z0-9_-]{16,128}$/.test(token) ? token : ''
  }
  return undefined
}

export interface Authenticated {
  session: SessionRecord
  account: AccountRecord
  via: 'bearer' | 'cookie'
}

declare module 'fastify' {
  interface FastifyRequest {
    authenticated?: Authenticated | null
    actor?: Actor
  }
}

/**
 * Finds who is calling: a Bearer token (in the Authorization header, or offered as a stream
 * subprotocol), or the session cookie (then a change needs the session's CSRF token). Repeated bad tokens from one address lock it out for a while.
 */
export class Authenticator {
  readonly #lockedUntil = new Map<string, number>()

  constructor(
    private readonly deps: CoreDeps, private readonly config: Config, private readonly rates: RateLimits,
    /** Told of each account identified: the people of brands' teams are there (presence.ts). */
    private readonly seen: (accountId: string) => Promise<void> = async () => {},
  ) {}

  #credentials(request: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | null {
    const header = request.headers.authorization
    if (header !== undefined) {
      const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header)
      return { token: match?.[1] ?? '', via: 'bearer' }
    }
    // Offered on purpose (unlike a cookie, which the browser adds by itself): a Bearer token.
    const offered = subprotocolToken(request)
    if (offered !== undefined) return { token: offered, via: 'bearer' }
    const cookie = request.cookies?.[SESSION_COOKIE]
    return cookie ? { token: cookie, via: 'cookie' } : null
  }

  async identify(request: FastifyRequest): Promise<Authenticated | null> {
    if (request.authenticated !== undefined) return request.authenticated
    const credentials = this.#credentials(request)
    if (!credentials) return (request.authenticated = null)
    const now = this.deps.clock.now()
    const locked = this.#lockedUntil.get(request.ip)
    if (locked !== undefined && locked > now) throw new AppError('RATE_LIMITED', { retryAfterMs: locked - now })
    try {
      const found = await authenticate(this.deps, credentials.token)
      if (credentials.via === 'cookie' && !SAFE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token']
        if (sent !== found.session.csrfToken) throw new AppError('CSRF_TOKEN_INVALID')
      }
      request.authenticated = { ...found, via: credentials.via }
      await this.seen(found.account.id)
      return request.authenticated
    } catch (error) {
      if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
        // Counted across processes; while Redis is down a failed check answers RATE_LIMITER_UNAVAILABLE (logging in again is closed too).
        if (await this.rates.countFailure(`bad-token:${request.ip}`, this.config.rateLimits.invalidTokensPerAddress, 'fail-closed')) {
          this.#lockedUntil.set(request.ip, now + this.config.rateLimits.invalidTokenLockoutMs)
        }
      }
      throw error
    }
  }

  async optionalActor(request: FastifyRequest): Promise<Actor | undefined> {
    const found = await this.identify(request)
    return found ? this.#actor(request, found) : undefined
  }

  async requireActor(request: FastifyRequest): Promise<Actor> {
    const found = await this.identify(request)
    if (!found) throw new AppError('UNAUTHENTICATED')
    return this.#actor(request, found)
  }

  async #actor(request: FastifyRequest, found: Authenticated): Promise<Actor> {
    if (request.actor) return request.actor
    const header = request.headers['parloir-act-as']
    const actAs = typeof header === 'string' && header !== '' ? header : undefined
    if (actAs !== undefined && !/^[0-9]{1,20}$/.test(actAs)) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'headers/parloir-act-as', message: 'must be an account id' }] })
    }
    request.actor = await resolveActor(this.deps, found.account.id, found.session.id, actAs)
    return request.actor
  }

  setSessionCookie(reply: FastifyReply, request: FastifyRequest, token: string, expiresAtMs: number): void {
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https', expires: new Date(expiresAtMs),
    })
  }

  clearSessionCookie(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
  }
}
