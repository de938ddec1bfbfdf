import type { Kysely } from 'kysely'
import type { AppAuthorizationCodeRecord, AppRecord, AppTokenRecord, AppWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { Row } from './json-columns.ts'

const num = (v: number | string | null): number | null => (v === null ? null : Number(v))

const toApp = (r: Row<'apps'>): AppRecord => ({
  id: r.id, ownerAccountId: r.owner_account_id, name: r.name, consumerKey: r.consumer_key, consumerSecretSealed: r.consumer_secret_sealed,
  redirectUris: JSON.parse(r.redirect_uris) as string[], createdBy: r.created_by, createdAtMs: Number(r.created_at), revokedAtMs: num(r.revoked_at),
})
const toToken = (r: Row<'app_tokens'>): AppTokenRecord => ({
  id: r.id, appId: r.app_id, kind: r.kind, accountId: r.account_id, grantedBy: r.granted_by, tokenHash: r.token_hash,
  secretSealed: r.secret_sealed, refreshHash: r.refresh_hash, scopes: JSON.parse(r.scopes) as string[], createdAtMs: Number(r.created_at),
  expiresAtMs: num(r.expires_at), revokedAtMs: num(r.revoked_at),
})
const toCode = (r: Row<'app_authorization_codes'>): AppAuthorizationCodeRecord => ({
  codeHash: r.code_hash, appId: r.app_id, accountId: r.account_id, grantedBy: r.granted_by, scopes: JSON.parse(r.scopes) as string[],
  redirectUri: r.redirect_uri, codeChallenge: r.code_challenge, createdAtMs: Number(r.created_at), expiresAtMs: Number(r.expires_at),
  usedAtMs: num(r.used_at),
})

/** The apps store: developer apps, their tokens and OAuth 2 authorization codes. */
export class AppsRepository implements AppWrites {
  constructor(private readonly db: Kysely<Database>) {}

  async byId(id: string) {
    const r = await this.db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toApp(r)
  }
  async byConsumerKey(consumerKey: string) {
    const r = await this.db.selectFrom('apps').selectAll().where('consumer_key', '=', consumerKey).executeTakeFirst()
    return r && toApp(r)
  }
  async ownedBy(accountIds: readonly string[]) {
    if (accountIds.length === 0) return []
    const rows = await this.db.selectFrom('apps').selectAll().where('owner_account_id', 'in', [...accountIds]).orderBy('created_at').orderBy('id').execute()
    return rows.map(toApp)
  }
  async tokenById(id: string) {
    const r = await this.db.selectFrom('app_tokens').selectAll().where('id', '=', id).executeTakeFirst()
    return r && toToken(r)
  }
  async tokenByHash(tokenHash: string) {
    const r = await this.db.selectFrom('app_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
    return r && toToken(r)
  }
  async tokenByRefreshHash(refreshHash: string) {
    const r = await this.db.selectFrom('app_tokens').selectAll().where('refresh_hash', '=', refreshHash).executeTakeFirst()
    return r && toToken(r)
  }
  async tokens(appId: string) {
    const rows = await this.db.selectFrom('app_tokens').selectAll().where('app_id', '=', appId).orderBy('created_at').orderBy('id').execute()
    return rows.map(toToken)
  }
  async authorizationCodeByHash(codeHash: string) {
    const r = await this.db.selectFrom('app_authorization_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst()
    return r && toCode(r)
  }
  async insert(a: AppRecord) {
    await this.db.insertInto('apps').values({
      id: a.id, owner_account_id: a.ownerAccountId, name: a.name, consumer_key: a.consumerKey, consumer_secret_sealed: a.consumerSecretSealed,
      redirect_uris: JSON.stringify(a.redirectUris), created_by: a.createdBy, created_at: a.createdAtMs, revoked_at: a.revokedAtMs,
    }).execute()
  }
  async update(id: string, patch: Partial<Pick<AppRecord, 'name' | 'redirectUris'>>) {
    const values: Partial<Database['apps']> = {}
    if (patch.name !== undefined) values.name = patch.name
    if (patch.redirectUris !== undefined) values.redirect_uris = JSON.stringify(patch.redirectUris)
    if (Object.keys(values).length) await this.db.updateTable('apps').set(values).where('id', '=', id).execute()
  }
  async revoke(id: string, atMs: number) {
    await this.db.updateTable('apps').set({ revoked_at: atMs }).where('id', '=', id).where('revoked_at', 'is', null).execute()
    await this.db.updateTable('app_tokens').set({ revoked_at: atMs }).where('app_id', '=', id).where('revoked_at', 'is', null).execute()
  }
  async insertToken(t: AppTokenRecord) {
    await this.db.insertInto('app_tokens').values({
      id: t.id, app_id: t.appId, kind: t.kind, account_id: t.accountId, granted_by: t.grantedBy, token_hash: t.tokenHash,
      secret_sealed: t.secretSealed, refresh_hash: t.refreshHash, scopes: JSON.stringify(t.scopes), created_at: t.createdAtMs,
      expires_at: t.expiresAtMs, revoked_at: t.revokedAtMs,
    }).execute()
  }
  async revokeToken(id: string, atMs: number) {
    await this.db.updateTable('app_tokens').set({ revoked_at: atMs }).where('id', '=', id).where('revoked_at', 'is', null).execute()
  }
  async insertAuthorizationCode(c: AppAuthorizationCodeRecord) {
    await this.db.insertInto('app_authorization_codes').values({
      code_hash: c.codeHash, app_id: c.appId, account_id: c.accountId, granted_by: c.grantedBy, scopes: JSON.stringify(c.scopes),
      redirect_uri: c.redirectUri, code_challenge: c.codeChallenge, created_at: c.createdAtMs, expires_at: c.expiresAtMs, used_at: c.usedAtMs,
    }).execute()
  }
  async useAuthorizationCode(codeHash: string, atMs: number) {
    const r = await this.db.updateTable('app_authorization_codes').set({ used_at: atMs })
      .where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }
}
