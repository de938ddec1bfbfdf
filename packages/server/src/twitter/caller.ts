import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Actor } from '@parloir/core'
import { TwitterCode, TwitterError, unsupportedAuthentication, type TwitterApiVersion } from './errors.ts'

/**
 * Who calls a Twitter endpoint, as the API authentication (packages/server/src/api-auth) found it:
 * - `oauth1`: OAuth 1.0a user context (consumer key + access token, signed);
 * - `oauth2-user`: an OAuth 2 user bearer (authorization code with PKCE);
 * - `app-only`: an OAuth 2 app bearer (`appLogin()`): no user, refused on every DM endpoint.
 */
export interface TwitterCaller {
  kind: 'oauth1' | 'oauth2-user' | 'app-only'
  /** The account the app acts as; absent for app-only bearers. */
  actor: Actor | null
  appId: string
  /** OAuth 2 scopes (`dm.read`, `dm.write`, …); OAuth 1.0a tokens carry every DM scope. */
  scopes: readonly string[]
}

/**
 * Finds the caller of a request or throws (an AppError or a TwitterError). It may set headers on
 * the reply (the per-token `x-rate-limit-*`). Production uses the API authentication; tests of the
 * translation layer may pass a stub.
 */
export type TwitterAuthenticate = (request: FastifyRequest, reply: FastifyReply) => Promise<TwitterCaller>

export type DmScope = 'dm.read' | 'dm.write'

/**
 * The caller's user context, refusing app-only bearers the way Twitter does (v1.1: 403 code 220;
 * v2: 403 Unsupported Authentication) and OAuth 2 tokens without the DM scope the endpoint needs.
 */
export function requireUserContext(caller: TwitterCaller, version: TwitterApiVersion, scope: DmScope): { actor: Actor; appId: string } {
  if (caller.kind === 'app-only' || !caller.actor) {
    const message = version === 'v1'
      ? 'Your credentials do not allow access to this resource.'
      : 'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].'
    throw new TwitterError(403, TwitterCode.credentialsNotAllowed, message, unsupportedAuthentication)
  }
  if (caller.kind === 'oauth2-user' && !caller.scopes.includes(scope)) {
    throw new TwitterError(403, TwitterCode.appNotAllowedDms, `This token lacks the ${scope} scope this endpoint needs.`, {
      type: 'https://api.twitter.com/2/problems/client-forbidden', title: 'Forbidden',
    })
  }
  return { actor: caller.actor, appId: caller.appId }
}
