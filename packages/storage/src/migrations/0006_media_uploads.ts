import type { Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Chunked media uploads (Twitter's INIT/APPEND/FINALIZE): a session per upload, whose id becomes
// the media's id, and one row per segment received. The segments' bytes live in the media
// store's temporary area; these rows say which file holds which segment and how large it is.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('media_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('total_bytes', 'bigint', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('media_uploads_by_owner').on('media_uploads').columns(['owner_account_id', 'state', 'expires_at']).execute()
  await db.schema.createIndex('media_uploads_by_expiry').on('media_uploads').columns(['expires_at']).execute()

  await db.schema.createTable('media_upload_segments')
    .addColumn('upload_id', 'text', (c) => c.notNull().references('media_uploads.id').onDelete('cascade'))
    .addColumn('segment_index', 'integer', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('segment_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_upload_segments_pk', ['upload_id', 'segment_index'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('0006 cannot be undone; restore a backup instead')
}
