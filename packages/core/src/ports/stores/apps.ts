/** A developer app of a person or a brand. Its consumer secret is stored sealed by the `Secrets` port. */
export interface AppRecord {
  id: string
  ownerAccountId: string
  name: string
  /** Public, unique: the OAuth 1.0a consumer key and OAuth 2 client id. */
  consumerKey: string
  consumerSecretSealed: string
  /** Where the OAuth 2 consent may send its code back; compared exactly. */
  redirectUris: string[]
  createdBy: string
  createdAtMs: number
  revokedAtMs: number | null
}

export type AppTokenKind = 'oauth1' | 'app-only' | 'oauth2-user'

/** A token an app holds, found by the SHA-256 of its value. */
export interface AppTokenRecord {
  id: string
  appId: string
  kind: AppTokenKind
  /** The account it acts as (a person, or a brand); null for app-only bearers. */
  accountId: string | null
  /** The person who granted it; for a brand, the admin whose membership it relies on. */
  grantedBy: string | null
  tokenHash: string
  /** OAuth 1.0a token secret, sealed. */
  secretSealed: string | null
  /** OAuth 2 refresh token, hashed. */
  refreshHash: string | null
  scopes: string[]
  createdAtMs: number
  expiresAtMs: number | null
  revokedAtMs: number | null
}

/** An OAuth 2 authorization code, waiting to be exchanged once. */
export interface AppAuthorizationCodeRecord {
  codeHash: string
  appId: string
  accountId: string
  grantedBy: string
  scopes: string[]
  redirectUri: string
  /** PKCE S256 challenge: base64url(SHA-256(verifier)). */
  codeChallenge: string
  createdAtMs: number
  expiresAtMs: number
  usedAtMs: number | null
}

/** Developer apps, the tokens they hold and their OAuth 2 authorization codes. */
export interface AppReads {
  /** The app with this id, revoked or not. */
  byId(id: string): Promise<AppRecord | undefined>
  /** The app with this consumer key (OAuth 2 client id), revoked or not. */
  byConsumerKey(consumerKey: string): Promise<AppRecord | undefined>
  /** Apps owned by any of these accounts, revoked ones included, oldest first. */
  ownedBy(accountIds: readonly string[]): Promise<AppRecord[]>
  /** The token with this id, revoked or not. */
  tokenById(id: string): Promise<AppTokenRecord | undefined>
  /** The token whose value hashes to this, revoked or not. */
  tokenByHash(tokenHash: string): Promise<AppTokenRecord | undefined>
  /** The token whose OAuth 2 refresh token hashes to this, revoked or not. */
  tokenByRefreshHash(refreshHash: string): Promise<AppTokenRecord | undefined>
  /** An app's tokens, revoked ones included, oldest first. */
  tokens(appId: string): Promise<AppTokenRecord[]>
  /** The authorization code whose value hashes to this, used or not. */
  authorizationCodeByHash(codeHash: string): Promise<AppAuthorizationCodeRecord | undefined>
}

export interface AppWrites extends AppReads {
  /** Inserts an app; its consumer key must be free. */
  insert(app: AppRecord): Promise<void>
  /** Changes the given fields of an app; the others stay. */
  update(id: string, patch: Partial<Pick<AppRecord, 'name' | 'redirectUris'>>): Promise<void>
  /** Marks the app and every token of it revoked. */
  revoke(id: string, atMs: number): Promise<void>
  /** Inserts a token. */
  insertToken(token: AppTokenRecord): Promise<void>
  /** Marks a token revoked at `atMs`; a token already revoked keeps its first time. */
  revokeToken(id: string, atMs: number): Promise<void>
  /** Inserts an authorization code. */
  insertAuthorizationCode(code: AppAuthorizationCodeRecord): Promise<void>
  /** Marks a code used; false when it already was (the statement decides, so a code works once). */
  useAuthorizationCode(codeHash: string, atMs: number): Promise<boolean>
}
