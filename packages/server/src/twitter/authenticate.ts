import { AppError } from '@parloir/protocol'
import type { ServerContext } from '../context.ts'
import type { TwitterAuthenticate } from './caller.ts'

/**
 * The production authentication of the Twitter endpoints: the API authentication of apps and
 * tokens (packages/server/src/api-auth). Until it is wired, every call is refused as
 * unauthenticated (Twitter code 89), never let through.
 */
export function apiAuthenticate(_ctx: ServerContext): TwitterAuthenticate {
  return async () => { throw new AppError('UNAUTHENTICATED') }
}
