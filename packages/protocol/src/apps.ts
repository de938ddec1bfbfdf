import { Type, type Static } from '@sinclair/typebox'
import { Id, Nullable, Timestamp } from './models.ts'
import type { RouteDef } from './route-def.ts'

/** Developer apps: models and native routes (spread into `routes` in routes.ts). */

/** OAuth 2 scopes Parloir grants; the Twitter scopes without meaning here are accepted and kept as no-ops. */
export const appScopes = ['dm.read', 'dm.write', 'tweet.read', 'users.read', 'offline.access'] as const
export type AppScope = (typeof appScopes)[number]
export const AppScope = Type.Union(appScopes.map((s) => Type.Literal(s)))

/** At most this many redirect URIs per app, each at most this long. */
export const appLimits = { nameChars: 100, redirectUris: 10, redirectUriChars: 2_000 } as const

export const RedirectUri = Type.String({
  minLength: 1, maxLength: appLimits.redirectUriChars, pattern: '^[A-Za-z][A-Za-z0-9+.-]*://[^\\s#]+$',
  description: 'An absolute URL without a fragment, compared exactly with the redirect_uri of an authorization',
})

export const App = Type.Object({
  id: Id,
  ownerAccountId: Id,
  name: Type.String(),
  consumerKey: Type.String({ description: 'Public: the OAuth 1.0a consumer key and OAuth 2 client id' }),
  redirectUris: Type.Array(Type.String()),
  createdAt: Timestamp,
  revokedAt: Nullable(Timestamp),
})
export type App = Static<typeof App>

export const AppTokenKind = Type.Union([Type.Literal('oauth1'), Type.Literal('app-only'), Type.Literal('oauth2-user')])
export const AppToken = Type.Object({
  id: Id,
  kind: AppTokenKind,
  accountId: Nullable(Id),
  scopes: Type.Array(Type.String()),
  createdAt: Timestamp,
  expiresAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
})
export type AppToken = Static<typeof AppToken>

/** What creating an app answers, once: the consumer secret is never shown again. */
export const CreatedApp = Type.Object({ app: App, consumerSecret: Type.String() })
export type CreatedApp = Static<typeof CreatedApp>

/** What creating a token answers, once. */
export const CreatedAppToken = Type.Object({
  token: AppToken,
  accessToken: Type.String(),
  accessTokenSecret: Type.Optional(Type.String({ description: 'OAuth 1.0a tokens only' })),
})
export type CreatedAppToken = Static<typeof CreatedAppToken>

const strict = { additionalProperties: false } as const
const idSchema = { pattern: Id.pattern, maxLength: Id.maxLength } as const
const def = <const R extends RouteDef>(route: R): R => route
const AppParams = Type.Object({ appId: Id })
const AppTokenParams = Type.Object({ appId: Id, tokenId: Id })
const AppName = Type.String({ minLength: 1, maxLength: appLimits.nameChars })
const RedirectUris = Type.Array(RedirectUri, { maxItems: appLimits.redirectUris })

/** The query of `/i/oauth2/authorize` as an app builds it (Twitter's parameter names). */
export const AuthorizationQuery = Type.Object({
  response_type: Type.Literal('code'),
  client_id: Type.String({ minLength: 1, maxLength: 100 }),
  redirect_uri: Type.String({ minLength: 1, maxLength: appLimits.redirectUriChars }),
  scope: Type.String({ minLength: 1, maxLength: 500 }),
  state: Type.String({ maxLength: 500 }),
  code_challenge: Type.String({ minLength: 43, maxLength: 128 }),
  code_challenge_method: Type.Literal('S256'),
}, strict)

export const appRoutes = {
  listApps: def({
    method: 'GET', url: '/api/v1/apps', summary: 'Apps I manage: mine and those of brands where I am an admin', tags: ['apps'], auth: true,
    reply: Type.Object({ apps: Type.Array(App) }),
  }),
  createApp: def({
    method: 'POST', url: '/api/v1/apps', summary: 'Create an app; its consumer secret is shown only in this answer', tags: ['apps'], auth: true, status: 201,
    body: Type.Object({
      name: AppName,
      ownerAccountId: Type.Optional(Type.String({ ...idSchema, description: 'Me (the default) or a brand where I am an admin' })),
      redirectUris: Type.Optional(RedirectUris),
    }, strict),
    reply: CreatedApp,
  }),
  getApp: def({
    method: 'GET', url: '/api/v1/apps/:appId', summary: 'One app and its tokens', tags: ['apps'], auth: true,
    params: AppParams, reply: Type.Object({ app: App, tokens: Type.Array(AppToken) }),
  }),
  updateApp: def({
    method: 'PATCH', url: '/api/v1/apps/:appId', summary: "Rename an app or change its redirect URIs", tags: ['apps'], auth: true,
    params: AppParams, body: Type.Object({ name: Type.Optional(AppName), redirectUris: Type.Optional(RedirectUris) }, strict), reply: App,
  }),
  revokeApp: def({
    method: 'DELETE', url: '/api/v1/apps/:appId', summary: 'Revoke an app and all its tokens, at once', tags: ['apps'], auth: true, status: 204,
    params: AppParams, reply: null,
  }),
  createAppToken: def({
    method: 'POST', url: '/api/v1/apps/:appId/tokens', summary: 'Create an OAuth 1.0a access token (or an app-only bearer); shown only in this answer', tags: ['apps'], auth: true, status: 201,
    params: AppParams,
    body: Type.Object({
      kind: Type.Optional(Type.Union([Type.Literal('oauth1'), Type.Literal('app-only')], { description: 'oauth1 (the default) acts as an account' })),
      accountId: Type.Optional(Type.String({ ...idSchema, description: 'The account an oauth1 token acts as: the app\'s owner (the default), or a brand where the owner is an admin' })),
    }, strict),
    reply: CreatedAppToken,
  }),
  describeAuthorization: def({
    method: 'GET', url: '/api/v1/oauth2/authorize', summary: 'What an OAuth 2 authorization link asks, for the consent page: the app, the scopes, the accounts I may grant', tags: ['apps'], auth: true,
    querystring: AuthorizationQuery,
    reply: Type.Object({ app: Type.Object({ name: Type.String(), clientId: Type.String(), owner: Type.Optional(Type.Object({ handle: Type.String(), displayName: Type.String() }, { description: 'Who made the app, shown on the consent page' })) }), scopes: Type.Array(Type.String()), accounts: Type.Array(Type.Object({ id: Id, handle: Type.String(), displayName: Type.String() })) }),
  }),
  approveAuthorization: def({
    method: 'POST', url: '/api/v1/oauth2/authorize', summary: 'Approve or deny an OAuth 2 authorization: answers where to send the browser, with code and state, or error=access_denied', tags: ['apps'], auth: true,
    body: Type.Object({ ...AuthorizationQuery.properties, approve: Type.Boolean(), actAsAccountId: Type.Optional(Type.String({ ...idSchema })) }, strict),
    reply: Type.Object({ redirectTo: Type.String() }),
  }),
  revokeAppToken: def({
    method: 'DELETE', url: '/api/v1/apps/:appId/tokens/:tokenId', summary: 'Revoke one token, at once', tags: ['apps'], auth: true, status: 204,
    params: AppTokenParams, reply: null,
  }),
}
