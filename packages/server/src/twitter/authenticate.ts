import type { ServerContext } from '../context.ts'
import { authenticateApi } from '../api-auth/authenticate.ts'
import type { TwitterAuthenticate } from './caller.ts'

/**
 * The production authentication of the Twitter endpoints: the API authentication of apps and
 * tokens (OAuth 1.0a verified against the URL as sent, OAuth 2 bearers), which also counts the
 * request against its token's limit and sets `x-rate-limit-*`. Whether an account must act and
 * which scope is needed is judged by `requireUserContext`, so each API version refuses in its own words.
 */
export function apiAuthenticate(ctx: ServerContext): TwitterAuthenticate {
  return async (request, reply) => {
    const caller = await authenticateApi(ctx, request, { reply })
    return { kind: caller.via, actor: caller.actor, appId: caller.appId, scopes: caller.scopes }
  }
}
