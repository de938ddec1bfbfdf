import { AppError, appLimits, appScopes, brandMay, type App, type AppToken, type BrandRole, type CreatedApp, type CreatedAppToken } from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import type { AppAuthorizationCodeRecord, AppRecord, AppTokenKind, AppTokenRecord, StorageReads } from '../ports/storage.ts'
import { credentialShapes, hashAppToken, pkceChallenge, sameSecret } from './credentials.ts'

/** OAuth 2 user access tokens last two hours, as Twitter's do (`expires_in: 7200`). */
export const USER_TOKEN_TTL_MS = 2 * 60 * 60 * 1000
/** An authorization code must be exchanged within ten minutes (RFC 6749 §4.1.2 advises at most 10). */
export const AUTHORIZATION_CODE_TTL_MS = 10 * 60 * 1000
/** Scopes an OAuth 1.0a token carries: it is a full user-context token. */
export const OAUTH1_SCOPES = ['dm.read', 'dm.write'] as const

/** The `sessionId` of an actor that came through an app token; revoking the token closes streams opened with it. */
export const appTokenSessionId = (tokenId: string) => `app-token:${tokenId}`

/** Who manages a brand's apps, from the role × action table. */
const managesApps = (role: BrandRole): boolean => brandMay(role, 'apps.manage')

export function presentApp(app: AppRecord): App {
  return {
    id: app.id, ownerAccountId: app.ownerAccountId, name: app.name, consumerKey: app.consumerKey, redirectUris: app.redirectUris,
    createdAt: iso(app.createdAtMs), revokedAt: app.revokedAtMs === null ? null : iso(app.revokedAtMs),
  }
}

export function presentAppToken(token: AppTokenRecord): AppToken {
  return {
    id: token.id, kind: token.kind, accountId: token.accountId, scopes: token.scopes, createdAt: iso(token.createdAtMs),
    expiresAt: token.expiresAtMs === null ? null : iso(token.expiresAtMs), revokedAt: token.revokedAtMs === null ? null : iso(token.revokedAtMs),
  }
}

/**
 * Whether a person may act as an account through an app: themself, or a brand where they are an
 * admin or owner (agents answer in the inbox; handing a brand to a program is an admin's call).
 */
async function mayGrant(reads: StorageReads, userId: string, accountId: string): Promise<boolean> {
  if (accountId === userId) return true
  const role = await reads.brands.role(accountId, userId)
  return role !== undefined && managesApps(role)
}

/** The app, if this person manages it: theirs, or their brand's where they are an admin. Others' look missing. */
export async function requireManagedApp(deps: CoreDeps, actor: Actor, appId: string): Promise<AppRecord> {
  const app = await deps.storage.reads.apps.byId(appId)
  if (!app || !(await mayGrant(deps.storage.reads, actor.userId, app.ownerAccountId))) throw new AppError('APP_NOT_FOUND', { appId })
  return app
}

function checkRedirectUris(uris: readonly string[]): string[] {
  if (uris.length > appLimits.redirectUris) throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/redirectUris', message: `at most ${appLimits.redirectUris}` }] })
  return uris.map((uri, i) => {
    let ok = false
    try { const url = new URL(uri); ok = url.hash === '' && !uri.includes('#') && uri.length <= appLimits.redirectUriChars } catch { /* refused below */ }
    if (!ok) throw new AppError('VALIDATION_FAILED', { fields: [{ path: `/redirectUris/${i}`, message: 'must be an absolute URL without a fragment' }] })
    return uri
  })
}

function checkName(name: string): string {
  const trimmed = name.trim()
  if (trimmed === '' || trimmed.length > appLimits.nameChars) throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/name', message: `1 to ${appLimits.nameChars} characters` }] })
  return trimmed
}

/** Creates an app for me or a brand I administer. The consumer secret is in this answer only. */
export async function createApp(deps: CoreDeps, actor: Actor, input: { name: string; ownerAccountId?: string; redirectUris?: string[] }): Promise<CreatedApp> {
  const ownerAccountId = input.ownerAccountId ?? actor.userId
  const owner = await deps.storage.reads.accounts.byId(ownerAccountId)
  if (!owner || owner.kind === 'visitor' || !(await mayGrant(deps.storage.reads, actor.userId, ownerAccountId))) {
    throw new AppError('ACCOUNT_NOT_FOUND', { accountId: ownerAccountId })
  }
  const consumerSecret = credentialShapes.consumerSecret()
  const app: AppRecord = {
    id: deps.ids.next(), ownerAccountId, name: checkName(input.name), consumerKey: credentialShapes.consumerKey(),
    consumerSecretSealed: deps.secrets.seal(consumerSecret), redirectUris: checkRedirectUris(input.redirectUris ?? []),
    createdBy: actor.userId, createdAtMs: deps.clock.now(), revokedAtMs: null,
  }
  await deps.storage.transaction((tx) => tx.apps.insert(app))
  return { app: presentApp(app), consumerSecret }
}

/** Apps I manage: mine, and those of brands where I am an admin or owner; newest last. */
export async function listApps(deps: CoreDeps, actor: Actor): Promise<App[]> {
  const brands = (await deps.storage.reads.brands.of(actor.userId)).filter((b) => managesApps(b.role)).map((b) => b.brandId)
  const apps = await deps.storage.reads.apps.ownedBy([actor.userId, ...brands])
  return apps.map(presentApp)
}

export async function getApp(deps: CoreDeps, actor: Actor, appId: string): Promise<{ app: App; tokens: AppToken[] }> {
  const app = await requireManagedApp(deps, actor, appId)
  const tokens = await deps.storage.reads.apps.tokens(app.id)
  return { app: presentApp(app), tokens: tokens.map(presentAppToken) }
}

export async function updateApp(deps: CoreDeps, actor: Actor, appId: string, patch: { name?: string; redirectUris?: string[] }): Promise<App> {
  const app = await requireManagedApp(deps, actor, appId)
  if (app.revokedAtMs !== null) throw new AppError('APP_NOT_FOUND', { appId, revoked: true })
  const values: { name?: string; redirectUris?: string[] } = {}
  if (patch.name !== undefined) values.name = checkName(patch.name)
  if (patch.redirectUris !== undefined) values.redirectUris = checkRedirectUris(patch.redirectUris)
  await deps.storage.transaction((tx) => tx.apps.update(app.id, values))
  return presentApp({ ...app, ...values })
}

/** Revokes an app and every token it holds; requests with them fail from now on and their streams close. */
export async function revokeApp(deps: CoreDeps, actor: Actor, appId: string): Promise<void> {
  const app = await requireManagedApp(deps, actor, appId)
  if (app.revokedAtMs !== null) return
  await deps.storage.transaction(async (tx) => {
    const open = (await tx.apps.tokens(app.id)).filter((t) => t.revokedAtMs === null)
    await tx.apps.revoke(app.id, deps.clock.now())
    tx.afterCommit(() => { for (const t of open) deps.fanout.publish({ type: 'session.revoked', sessionId: appTokenSessionId(t.id) }) })
  })
}

/** Revokes one token of an app I manage; at once, open streams included. */
export async function revokeAppToken(deps: CoreDeps, actor: Actor, appId: string, tokenId: string): Promise<void> {
  const app = await requireManagedApp(deps, actor, appId)
  const token = await deps.storage.reads.apps.tokenById(tokenId)
  if (token?.appId !== app.id) throw new AppError('APP_TOKEN_NOT_FOUND', { tokenId })
  await revokeTokenRecord(deps, token)
}

async function revokeTokenRecord(deps: CoreDeps, token: AppTokenRecord): Promise<void> {
  if (token.revokedAtMs !== null) return
  await deps.storage.transaction(async (tx) => {
    await tx.apps.revokeToken(token.id, deps.clock.now())
    tx.afterCommit(() => deps.fanout.publish({ type: 'session.revoked', sessionId: appTokenSessionId(token.id) }))
  })
}

interface NewToken { kind: AppTokenKind; accountId: string | null; grantedBy: string | null; scopes: string[]; secret?: string; refresh?: string; expiresAtMs?: number | null }

async function insertToken(deps: CoreDeps, app: AppRecord, value: string, t: NewToken): Promise<AppTokenRecord> {
  const record: AppTokenRecord = {
    id: deps.ids.next(), appId: app.id, kind: t.kind, accountId: t.accountId, grantedBy: t.grantedBy, tokenHash: hashAppToken(value),
    secretSealed: t.secret === undefined ? null : deps.secrets.seal(t.secret), refreshHash: t.refresh === undefined ? null : hashAppToken(t.refresh),
    scopes: t.scopes, createdAtMs: deps.clock.now(), expiresAtMs: t.expiresAtMs ?? null, revokedAtMs: null,
  }
  await deps.storage.transaction((tx) => tx.apps.insertToken(record))
  return record
}

/**
 * Creates a token for an app I manage, shown once: an OAuth 1.0a access token and secret acting
 * as the app's owner (or, given `accountId`, a brand where I am an admin), or an app-only bearer.
 */
export async function createAppToken(deps: CoreDeps, actor: Actor, appId: string, input: { kind?: 'oauth1' | 'app-only'; accountId?: string }): Promise<CreatedAppToken> {
  const app = await requireManagedApp(deps, actor, appId)
  if (app.revokedAtMs !== null) throw new AppError('APP_NOT_FOUND', { appId, revoked: true })
  if (input.kind === 'app-only') {
    const { token, accessToken } = await issueAppOnlyToken(deps, app)
    return { token: presentAppToken(token), accessToken }
  }
  const accountId = input.accountId ?? app.ownerAccountId
  const account = await deps.storage.reads.accounts.byId(accountId)
  if (!account || account.kind === 'visitor' || !(await mayGrant(deps.storage.reads, actor.userId, accountId))) {
    throw new AppError('ACCOUNT_NOT_FOUND', { accountId })
  }
  const accessToken = credentialShapes.accessToken(accountId)
  const accessTokenSecret = credentialShapes.accessTokenSecret()
  const token = await insertToken(deps, app, accessToken, { kind: 'oauth1', accountId, grantedBy: actor.userId, scopes: [...OAUTH1_SCOPES], secret: accessTokenSecret })
  return { token: presentAppToken(token), accessToken, accessTokenSecret }
}

/** A new app-only bearer (OAuth 2 client credentials): it identifies the app, never an account. */
export async function issueAppOnlyToken(deps: CoreDeps, app: AppRecord): Promise<{ token: AppTokenRecord; accessToken: string }> {
  const accessToken = credentialShapes.bearer()
  const token = await insertToken(deps, app, accessToken, { kind: 'app-only', accountId: null, grantedBy: null, scopes: [] })
  return { token, accessToken }
}

/** The app these client credentials name, or APP_CREDENTIALS_INVALID; a revoked app's too. */
export async function verifyAppCredentials(deps: CoreDeps, consumerKey: string, consumerSecret: string): Promise<AppRecord> {
  const app = await deps.storage.reads.apps.byConsumerKey(consumerKey)
  const expected = app ? deps.secrets.open(app.consumerSecretSealed) : 'no such app: compared anyway, in the same time'
  const ok = sameSecret(expected, consumerSecret)
  if (!app || !ok || app.revokedAtMs !== null) throw new AppError('APP_CREDENTIALS_INVALID', { reason: 'client' })
  return app
}

/** Parses a space-separated scope list: only known scopes, at least one of dm.read or dm.write. */
export function parseScopes(scope: string): string[] {
  const requested = [...new Set(scope.split(/[ +]/).filter(Boolean))]
  const unknown = requested.filter((s) => !(appScopes as readonly string[]).includes(s))
  if (unknown.length) throw new AppError('OAUTH_REQUEST_INVALID', { reason: 'invalid_scope', unknown })
  if (!requested.includes('dm.read') && !requested.includes('dm.write')) throw new AppError('OAUTH_REQUEST_INVALID', { reason: 'invalid_scope', needs: 'dm.read or dm.write' })
  return requested
}

/** The accounts a person may hand to an app: themself, and brands where they are an admin or owner. */
export async function grantableAccounts(deps: CoreDeps, actor: Actor): Promise<Array<{ id: string; handle: string; displayName: string }>> {
  const brands = (await deps.storage.reads.brands.of(actor.userId)).filter((b) => managesApps(b.role)).map((b) => b.brandId)
  const accounts = await deps.storage.reads.accounts.byIds([actor.userId, ...brands])
  const order = [actor.userId, ...brands]
  return accounts.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)).map((a) => ({ id: a.id, handle: a.handle, displayName: a.displayName }))
}

/** What the consent page shows before a person approves: the app, checked against what the link asks. */
export async function describeAuthorization(deps: CoreDeps, input: { clientId: string; redirectUri: string; scope: string; codeChallenge: string; codeChallengeMethod: string }): Promise<{ app: AppRecord; scopes: string[] }> {
  const app = await deps.storage.reads.apps.byConsumerKey(input.clientId)
  if (!app || app.revokedAtMs !== null) throw new AppError('APP_NOT_FOUND', { clientId: input.clientId })
  if (!app.redirectUris.includes(input.redirectUri)) throw new AppError('REDIRECT_URI_NOT_REGISTERED', { redirectUri: input.redirectUri })
  if (input.codeChallengeMethod !== 'S256') throw new AppError('OAUTH_REQUEST_INVALID', { reason: 'code_challenge_method must be S256' })
  if (!/^[A-Za-z0-9_-]{43,128}$/.test(input.codeChallenge)) throw new AppError('OAUTH_REQUEST_INVALID', { reason: 'code_challenge must be base64url, 43 to 128 characters' })
  return { app, scopes: parseScopes(input.scope) }
}

/**
 * A person approves an app (consent page): as themself, or as a brand where they are an admin.
 * Returns the one-time code the redirect carries.
 */
export async function approveAuthorization(
  deps: CoreDeps, actor: Actor,
  input: { clientId: string; redirectUri: string; scope: string; codeChallenge: string; codeChallengeMethod: string; actAsAccountId?: string },
): Promise<{ code: string; app: AppRecord }> {
  const { app, scopes } = await describeAuthorization(deps, input)
  const accountId = input.actAsAccountId ?? actor.userId
  if (!(await mayGrant(deps.storage.reads, actor.userId, accountId))) throw new AppError('ACCOUNT_NOT_FOUND', { accountId })
  const code = credentialShapes.authorizationCode()
  const now = deps.clock.now()
  const record: AppAuthorizationCodeRecord = {
    codeHash: hashAppToken(code), appId: app.id, accountId, grantedBy: actor.userId, scopes, redirectUri: input.redirectUri,
    codeChallenge: input.codeChallenge, createdAtMs: now, expiresAtMs: now + AUTHORIZATION_CODE_TTL_MS, usedAtMs: null,
  }
  await deps.storage.transaction((tx) => tx.apps.insertAuthorizationCode(record))
  return { code, app }
}

export interface UserTokenGrant { accessToken: string; refreshToken: string | null; scopes: string[]; expiresInS: number; token: AppTokenRecord }

async function issueUserToken(deps: CoreDeps, app: AppRecord, grant: { accountId: string; grantedBy: string; scopes: string[] }): Promise<UserTokenGrant> {
  const accessToken = credentialShapes.userAccessToken()
  const refreshToken = grant.scopes.includes('offline.access') ? credentialShapes.refreshToken() : null
  const token = await insertToken(deps, app, accessToken, {
    kind: 'oauth2-user', accountId: grant.accountId, grantedBy: grant.grantedBy, scopes: grant.scopes,
    ...(refreshToken ? { refresh: refreshToken } : {}), expiresAtMs: deps.clock.now() + USER_TOKEN_TTL_MS,
  })
  return { accessToken, refreshToken, scopes: grant.scopes, expiresInS: USER_TOKEN_TTL_MS / 1000, token }
}

/** Exchanges an authorization code (once, before it expires, with the PKCE verifier and the same redirect URI). */
export async function exchangeAuthorizationCode(deps: CoreDeps, app: AppRecord, input: { code: string; codeVerifier: string; redirectUri: string }): Promise<UserTokenGrant> {
  const record = await deps.storage.reads.apps.authorizationCodeByHash(hashAppToken(input.code))
  const now = deps.clock.now()
  if (!record || record.appId !== app.id || record.usedAtMs !== null || record.expiresAtMs <= now) throw new AppError('OAUTH_GRANT_INVALID', { reason: 'code' })
  if (record.redirectUri !== input.redirectUri) throw new AppError('OAUTH_GRANT_INVALID', { reason: 'redirect_uri' })
  if (!sameSecret(pkceChallenge(input.codeVerifier), record.codeChallenge)) throw new AppError('OAUTH_GRANT_INVALID', { reason: 'code_verifier' })
  if (!(await deps.storage.transaction((tx) => tx.apps.useAuthorizationCode(record.codeHash, now)))) throw new AppError('OAUTH_GRANT_INVALID', { reason: 'code' })
  return issueUserToken(deps, app, record)
}

/** Trades a refresh token for a new pair; the old access token and refresh token stop working. */
export async function refreshUserToken(deps: CoreDeps, app: AppRecord, refreshToken: string): Promise<UserTokenGrant> {
  const old = await deps.storage.reads.apps.tokenByRefreshHash(hashAppToken(refreshToken))
  if (!old || old.appId !== app.id || old.revokedAtMs !== null || old.accountId === null || old.grantedBy === null) throw new AppError('OAUTH_GRANT_INVALID', { reason: 'refresh_token' })
  await revokeTokenRecord(deps, old)
  return issueUserToken(deps, app, { accountId: old.accountId, grantedBy: old.grantedBy, scopes: old.scopes })
}

/** A token still in force: not revoked, not expired, of an app not revoked. Else APP_TOKEN_INVALID (Twitter 89). */
async function inForce(deps: CoreDeps, token: AppTokenRecord | undefined): Promise<{ app: AppRecord; token: AppTokenRecord }> {
  const app = token && (await deps.storage.reads.apps.byId(token.appId))
  if (!token || !app || token.revokedAtMs !== null || app.revokedAtMs !== null || (token.expiresAtMs !== null && token.expiresAtMs <= deps.clock.now())) {
    throw new AppError('APP_TOKEN_INVALID')
  }
  return { app, token }
}

/** A Bearer token: app-only or OAuth 2 user, in force. */
export async function findBearerToken(deps: CoreDeps, bearer: string): Promise<{ app: AppRecord; token: AppTokenRecord }> {
  const token = await deps.storage.reads.apps.tokenByHash(hashAppToken(bearer))
  if (token?.kind === 'oauth1') throw new AppError('APP_TOKEN_INVALID')
  return inForce(deps, token)
}

/**
 * What an OAuth 1.0a request needs to check its signature: the app of the consumer key and its
 * secret, the access token (of that app, in force) and its secret. An unknown consumer key is
 * APP_CREDENTIALS_INVALID (Twitter 32); an unknown, revoked or foreign token APP_TOKEN_INVALID (89).
 */
export async function oauth1Credentials(deps: CoreDeps, consumerKey: string, accessToken: string): Promise<{ app: AppRecord; consumerSecret: string; token: AppTokenRecord; tokenSecret: string }> {
  const app = await deps.storage.reads.apps.byConsumerKey(consumerKey)
  if (!app) throw new AppError('APP_CREDENTIALS_INVALID', { reason: 'consumer_key' })
  const found = await deps.storage.reads.apps.tokenByHash(hashAppToken(accessToken))
  if (found?.kind !== 'oauth1' || found.appId !== app.id) throw new AppError('APP_TOKEN_INVALID')
  const { token } = await inForce(deps, found)
  if (token.secretSealed === null) throw new AppError('APP_TOKEN_INVALID')
  return { app, consumerSecret: deps.secrets.open(app.consumerSecretSealed), token, tokenSecret: deps.secrets.open(token.secretSealed) }
}

/**
 * The actor a user-context token acts as. For a brand, the person who granted it must still be
 * an admin or owner of it: otherwise the token no longer works (APP_TOKEN_INVALID).
 */
export async function appTokenActor(deps: CoreDeps, app: AppRecord, token: AppTokenRecord): Promise<Actor> {
  if (token.accountId === null || token.grantedBy === null) throw new AppError('APP_USER_CONTEXT_REQUIRED')
  const sessionId = appTokenSessionId(token.id)
  if (token.accountId === token.grantedBy) return { userId: token.grantedBy, accountId: token.accountId, sessionId, role: 'self', appId: app.id }
  const role = await deps.storage.reads.brands.role(token.accountId, token.grantedBy)
  if (!role || !managesApps(role)) throw new AppError('APP_TOKEN_INVALID', { reason: 'the person who granted it no longer administers the brand' })
  return { userId: token.grantedBy, accountId: token.accountId, sessionId, role, appId: app.id }
}
