import type { FastifyRequest } from 'fastify'
import { AppError } from '@parloir/protocol'
import type { Actor } from '@parloir/core'
import type { TwitterAuthenticate, TwitterCaller } from '@parloir/server'

/**
 * Tests of the translation layer only: the caller named by `x-test-*` headers, so routes can be
 * tested before and apart from the real API authentication (tested end to end in e2e/twitter).
 * - `x-test-account`: the account acted as (required); `x-test-user`: the person behind it (a brand's member);
 * - `x-test-role`: `self` (default) or the brand role; `x-test-kind`: `oauth1` (default), `oauth2-user`, `app-only`;
 * - `x-test-app`: the app id (default `1000000000000000001`); `x-test-scopes`: comma-separated OAuth 2 scopes.
 */
export const testTwitterAuthenticate: TwitterAuthenticate = async (request: FastifyRequest) => {
  const header = (name: string) => {
    const value = request.headers[name]
    return typeof value === 'string' ? value : undefined
  }
  const accountId = header('x-test-account')
  const kind = (header('x-test-kind') ?? 'oauth1') as TwitterCaller['kind']
  const appId = header('x-test-app') ?? '1000000000000000001'
  const scopes = (header('x-test-scopes') ?? 'dm.read,dm.write').split(',')
  if (kind === 'app-only') return { kind, actor: null, appId, scopes }
  if (!accountId) throw new AppError('UNAUTHENTICATED')
  const actor = {
    userId: header('x-test-user') ?? accountId, accountId, sessionId: `app-token:test`, role: (header('x-test-role') ?? 'self') as Actor['role'], appId,
  } as Actor
  return { kind, actor, appId, scopes }
}
