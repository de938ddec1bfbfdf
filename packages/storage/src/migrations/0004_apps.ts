import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Developer apps: an app belongs to a person or a brand; its tokens (OAuth 1.0a access tokens,
// app-only bearers, OAuth 2 user tokens and their refresh tokens) are found by the SHA-256 of the
// token; secrets that must be checked by HMAC (consumer secret, token secret) are stored sealed
// (AES-256-GCM under the server key), never in clear. Messages remember the app they were sent
// through, indexed for the DM quotas ("by sender since T", "by app since T").
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('consumer_key', 'text', (c) => c.notNull().unique())
    .addColumn('consumer_secret_sealed', 'text', (c) => c.notNull())
    .addColumn('redirect_uris', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute()
  await db.schema.createIndex('apps_by_owner').on('apps').columns(['owner_account_id', 'created_at']).execute()

  await db.schema.createTable('app_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // The account the token acts as; null for app-only bearers.
    .addColumn('account_id', 'text')
    // The person who granted it (for a brand, the admin who approved); null for app-only bearers.
    .addColumn('granted_by', 'text')
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('secret_sealed', 'text')
    .addColumn('refresh_hash', 'text', (c) => c.unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute()
  await db.schema.createIndex('app_tokens_by_app').on('app_tokens').columns(['app_id', 'created_at']).execute()

  await db.schema.createTable('app_authorization_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute()

  await db.schema.alterTable('messages').addColumn('app_id', 'text').execute()
  await db.schema.createIndex('messages_by_sender_time').on('messages').columns(['sender_id', 'created_at']).execute()
  await db.schema.createIndex('messages_by_app_time').on('messages').columns(['app_id', 'created_at']).execute()
}

export async function down(): Promise<void> {
  throw new Error('0004 cannot be undone; restore a backup instead')
}
