import { SqliteAdapter, sql, type Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// Full-text search for a brand's team over its conversations' messages and its private notes.
//
// SQLite: two FTS5 tables whose rowids are those of `messages` and `inbox_notes`, filled by
// triggers in the transaction that writes (so a search never disagrees with the thread). Only
// messages of conversations that have a brand side are indexed: people's own conversations are
// not searched by anyone's team. Accents and case are folded (unicode61, remove_diacritics 2).
// An unsent message leaves the index with its text.
//
// PostgreSQL: GIN indexes over `to_tsvector('simple', text)` of both tables, the same words.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql`CREATE INDEX messages_search ON messages USING gin (to_tsvector('simple', text))`.execute(db)
    await sql`CREATE INDEX inbox_notes_search ON inbox_notes USING gin (to_tsvector('simple', text))`.execute(db)
    return
  }
  await sql`CREATE VIRTUAL TABLE message_search USING fts5(text, conversation_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')`.execute(db)
  await sql`CREATE VIRTUAL TABLE note_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')`.execute(db)
  await sql`
    CREATE TRIGGER message_search_insert AFTER INSERT ON messages
    WHEN new.kind = 'text' AND new.text <> '' AND EXISTS (SELECT 1 FROM inbox_conversations WHERE conversation_id = new.conversation_id)
    BEGIN INSERT INTO message_search (rowid, text, conversation_id) VALUES (new.rowid, new.text, new.conversation_id); END
  `.execute(db)
  await sql`
    CREATE TRIGGER message_search_unsend AFTER UPDATE OF text ON messages WHEN new.text = ''
    BEGIN DELETE FROM message_search WHERE rowid = old.rowid; END
  `.execute(db)
  await sql`
    CREATE TRIGGER note_search_insert AFTER INSERT ON inbox_notes WHEN new.kind = 'note'
    BEGIN INSERT INTO note_search (rowid, text) VALUES (new.rowid, new.text); END
  `.execute(db)
  await sql`
    INSERT INTO message_search (rowid, text, conversation_id)
    SELECT m.rowid, m.text, m.conversation_id FROM messages m
    WHERE m.kind = 'text' AND m.text <> '' AND EXISTS (SELECT 1 FROM inbox_conversations i WHERE i.conversation_id = m.conversation_id)
  `.execute(db)
  await sql`INSERT INTO note_search (rowid, text) SELECT rowid, text FROM inbox_notes WHERE kind = 'note'`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0012 cannot be undone; restore a backup instead')
}
