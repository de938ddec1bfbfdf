import { SqliteAdapter, sql, type Kysely } from 'kysely'

// Frozen: this migration imports nothing from core and never changes once shipped.
//
// People search in "New message": an account chooses whether others find it by its name
// (`discoverable`, off for people, on for brands), and `people_search` lists each discoverable
// account under every word of its name and under its handle, folded (lower case, no accents).
// A prefix of a word is a range on the (word, account_id) btree, so a search reads about as many
// index rows as it answers, however many accounts there are. On PostgreSQL the words compare
// byte by byte (collation "C"), as SQLite's BINARY does, so the range holds exactly the words
// that begin with the prefix whatever the database's locale.
//
// The words of the brands already there are written here; people start undiscoverable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  await db.schema.alterTable('accounts').addColumn('discoverable', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.updateTable('accounts').set({ discoverable: 1 }).where('kind', '=', 'brand').execute()
  await db.schema.createTable('people_search')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('word', sqlite ? 'text' : sql`text collate "C"`, (c) => c.notNull())
    .addPrimaryKeyConstraint('people_search_pk', ['account_id', 'word'])
    .execute()
  await db.schema.createIndex('people_search_by_word').on('people_search').columns(['word', 'account_id']).execute()

  const brands = await db.selectFrom('accounts').select(['id', 'handle', 'display_name']).where('kind', '=', 'brand').execute() as
    Array<{ id: string; handle: string; display_name: string }>
  for (const brand of brands) {
    const words = new Set([brand.handle.toLowerCase(), ...wordsOf(brand.display_name)])
    await db.insertInto('people_search').values([...words].map((word) => ({ account_id: brand.id, word }))).execute()
  }
}

/** The words of a name as the search of this version cut them (a frozen copy of protocol's `searchWords`). */
function wordsOf(text: string): string[] {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}_]+/u).filter((word) => word !== '')
}

export async function down(): Promise<void> {
  throw new Error('0017 cannot be undone; restore a backup instead')
}
