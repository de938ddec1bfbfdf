import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { ServerContext } from '../context.ts'
import { toAppError } from '../errors.ts'
import { addTwitterRoute } from '../twitter/add-twitter-route.ts'

/** Token endpoint bodies are small: a code, a verifier and a URI. */
const TOKEN_BODY_BYTES = 16 * 1024

function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const value = (body as Record<string, unknown>)[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw new AppError('OAUTH_REQUEST_INVALID', { reason: `${name} must be a string` })
  return value
}

/** `Authorization: Basic base64(key:secret)`, the key and secret each percent-decoded (RFC 6749 §2.3.1); null when absent. */
function basicCredentials(request: FastifyRequest): { key: string; secret: string } | null {
  const header = request.headers.authorization
  if (header === undefined) return null
  const match = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(header)
  if (!match) throw new AppError('APP_CREDENTIALS_INVALID', { reason: 'malformed_basic' })
  const text = Buffer.from(match[1] ?? '', 'base64').toString('utf8')
  const colon = text.indexOf(':')
  if (colon <= 0) throw new AppError('APP_CREDENTIALS_INVALID', { reason: 'malformed_basic' })
  try {
    return { key: decodeURIComponent(text.slice(0, colon)), secret: decodeURIComponent(text.slice(colon + 1)) }
  } catch {
    return { key: text.slice(0, colon), secret: text.slice(colon + 1) }
  }
}

/**
 * `POST /oauth2/token` (client credentials, as `appLogin()` sends) answers like Twitter v1.1:
 * `{token_type:'bearer', access_token}`, errors as `{errors:[{code, message}]}` (99: bad credentials).
 * `POST /2/oauth2/token` (authorization code with PKCE, refresh token; JSON as `loginWithOAuth2()`
 * sends, or url-encoded) answers like Twitter v2, errors as RFC 6749 `{error, error_description}`.
 */
export async function tokenRoutes(ctx: ServerContext): Promise<void> {
  const { deps } = ctx
  await ctx.app.register(async (scope: FastifyInstance) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: TOKEN_BODY_BYTES }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))))
    })
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
      return payload
    })

    scope.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const known = toAppError(error) ?? new AppError('INTERNAL')
      if (known.status >= 500) request.log.error({ err: error }, 'token endpoint failed')
      if (request.url.startsWith('/2/')) {
        const oauthError = known.code === 'APP_CREDENTIALS_INVALID' ? 'invalid_client'
          : known.code === 'OAUTH_GRANT_INVALID' ? 'invalid_grant'
            : known.code === 'OAUTH_REQUEST_INVALID' && known.details?.reason === 'unsupported_grant_type' ? 'unsupported_grant_type'
              : known.code === 'OAUTH_REQUEST_INVALID' && known.details?.reason === 'invalid_scope' ? 'invalid_scope'
                : known.code === 'RATE_LIMITED' ? 'slow_down' : known.status >= 500 ? 'server_error' : 'invalid_request'
        const status = oauthError === 'invalid_client' ? 401 : known.status >= 500 ? 500 : known.code === 'RATE_LIMITED' ? 429 : 400
        return reply.code(status).type('application/json; charset=utf-8').send({ error: oauthError, error_description: known.message })
      }
      const [status, code, message] = known.code === 'APP_CREDENTIALS_INVALID' ? [403, 99, 'Unable to verify your credentials']
        : known.code === 'RATE_LIMITED' ? [429, 88, 'Rate limit exceeded']
          : known.status >= 500 ? [500, 131, 'Internal error'] : [400, 170, known.message]
      return reply.code(status).type('application/json; charset=utf-8').send({ errors: [{ code, message, label: code === 99 ? 'authenticity_token_error' : undefined }] })
    })

    /** Failed client checks count like bad tokens: 20 a minute from one address, then refused. */
    const guard = (request: FastifyRequest) => {
      const rule = ctx.config.rateLimits.invalidTokensPerAddress
      if (ctx.limiter.exceeded(`bad-app-auth:${request.ip}`, rule)) throw new AppError('RATE_LIMITED', { retryAfterMs: rule.windowMs })
    }
    const client = async (request: FastifyRequest, allowPublic: boolean): Promise<core.AppRecord> => {
      guard(request)
      try {
        const basic = basicCredentials(request)
        const key = basic?.key ?? field(request.body, 'client_id')
        const secret = basic?.secret ?? field(request.body, 'client_secret')
        if (key === undefined) throw new AppError('APP_CREDENTIALS_INVALID', { reason: 'missing' })
        if (secret === undefined) {
          // A public client (no secret) may only redeem what PKCE protects.
          const app = allowPublic ? await deps.storage.reads.apps.byConsumerKey(key) : undefined
          if (!app || app.revokedAtMs !== null) throw new AppError('APP_CREDENTIALS_INVALID', { reason: 'client' })
          return app
        }
        return await core.verifyAppCredentials(deps, key, secret)
      } catch (error) {
        if (error instanceof AppError && error.status === 401) ctx.limiter.count(`bad-app-auth:${request.ip}`, ctx.config.rateLimits.invalidTokensPerAddress)
        throw error
      }
    }

    addTwitterRoute(scope, 'oauth2TokenV1', async (request) => {
      const app = await client(request, false)
      const grant = field(request.body, 'grant_type') ?? field(request.query, 'grant_type')
      if (grant !== 'client_credentials') throw new AppError('OAUTH_REQUEST_INVALID', { reason: 'unsupported_grant_type' }, 'Missing or unsupported parameter: grant_type must be client_credentials.')
      const { accessToken } = await core.issueAppOnlyToken(deps, app)
      return { token_type: 'bearer', access_token: accessToken }
    })

    addTwitterRoute(scope, 'oauth2TokenV2', async (request) => {
      const grant = field(request.body, 'grant_type')
      if (grant === 'authorization_code') {
        const app = await client(request, true)
        const code = field(request.body, 'code'); const codeVerifier = field(request.body, 'code_verifier'); const redirectUri = field(request.body, 'redirect_uri')
        if (!code || !codeVerifier || !redirectUri) throw new AppError('OAUTH_REQUEST_INVALID', { reason: 'code, code_verifier and redirect_uri are required' })
        return present(await core.exchangeAuthorizationCode(deps, app, { code, codeVerifier, redirectUri }))
      }
      if (grant === 'refresh_token') {
        const app = await client(request, true)
        const refreshToken = field(request.body, 'refresh_token')
        if (!refreshToken) throw new AppError('OAUTH_REQUEST_INVALID', { reason: 'refresh_token is required' })
        return present(await core.refreshUserToken(deps, app, refreshToken))
      }
      throw new AppError('OAUTH_REQUEST_INVALID', { reason: 'unsupported_grant_type' })
    })
  })
}

function present(grant: core.UserTokenGrant) {
  return {
    token_type: 'bearer', expires_in: grant.expiresInS, access_token: grant.accessToken, scope: grant.scopes.join(' '),
    ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
  }
}
