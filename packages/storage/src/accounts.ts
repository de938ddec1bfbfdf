import type { Kysely } from 'kysely'
import { searchWords } from '@parloir/protocol'
import type { AccountRecord, AccountWrites } from '@parloir/core'
import type { Database } from './schema.ts'
import type { DialectQuirks } from './quirks.ts'
import type { Row } from './json-columns.ts'
import { compiledOnce } from './compiled-once.ts'

export const toAccount = (r: Row<'accounts'>): AccountRecord => ({
  id: r.id, kind: r.kind, handle: r.handle, displayName: r.display_name, bio: r.bio, avatarMediaId: r.avatar_media_id,
  passwordHash: r.password_hash, email: r.email,
  ...(r.kind === 'visitor' ? { issuedByBrandId: r.issued_by_brand_id ?? null } : {}),
  settings: {
    receiveMessagesFromAnyone: Number(r.receive_from_anyone) === 1, sendReadReceipts: Number(r.send_read_receipts) === 1,
    discoverable: Number(r.discoverable) === 1,
  },
  createdAtMs: Number(r.created_at),
})

/**
 * Lists the account in people search under each word of its name and its handle, or takes it
 * out: what `AccountWrites.insert` and `update` do after writing it, in the same transaction.
 * Only discoverable people and brands are listed (core keeps brands discoverable).
 */
async function listInPeopleSearch(db: Kysely<Database>, account: AccountRecord, listedBefore: boolean): Promise<void> {
  if (listedBefore) await db.deleteFrom('people_search').where('account_id', '=', account.id).execute()
  if (account.kind === 'visitor' || !account.settings.discoverable) return
  const words = new Set([account.handle.toLowerCase(), ...searchWords(account.displayName)])
  await db.insertInto('people_search').values([...words].map((word) => ({ account_id: account.id, word }))).execute()
}

/** Every message sent reads its sender (compiled once per engine: see compiled-once.ts). */
const byId = compiledOnce((db, $) => db.selectFrom('accounts').selectAll().where('id', '=', $(0)))

/** The accounts store. */
export class AccountsRepository implements AccountWrites {
  constructor(private readonly db: Kysely<Database>, private readonly quirks: DialectQuirks) {}

  async byId(id: string) {
    const { rows: [r] } = await byId(this.db, this.quirks, [id])
    return r && toAccount(r)
  }
  async byHandle(handle: string) {
    const r = await this.db.selectFrom('accounts').selectAll().where('handle_key', '=', handle.toLowerCase()).executeTakeFirst()
    return r && toAccount(r)
  }
  async byIds(ids: readonly string[]) {
    if (ids.length === 0) return []
    return (await this.db.selectFrom('accounts').selectAll().where('id', 'in', [...ids]).execute()).map(toAccount)
  }

  async insert(a: AccountRecord) {
    await this.db.insertInto('accounts').values({
      id: a.id, kind: a.kind, handle: a.handle, handle_key: a.handle.toLowerCase(), display_name: a.displayName, bio: a.bio,
      avatar_media_id: a.avatarMediaId, password_hash: a.passwordHash, receive_from_anyone: a.settings.receiveMessagesFromAnyone ? 1 : 0,
      send_read_receipts: a.settings.sendReadReceipts ? 1 : 0, discoverable: a.settings.discoverable ? 1 : 0, created_at: a.createdAtMs, email: a.email,
      issued_by_brand_id: a.issuedByBrandId ?? null,
    }).execute()
    await listInPeopleSearch(this.db, a, false)
  }
  async update(id: string, patch: Parameters<AccountWrites['update']>[1]) {
    const values: Partial<Database['accounts']> = {}
    if (patch.email !== undefined) values.email = patch.email
    if (patch.displayName !== undefined) values.display_name = patch.displayName
    if (patch.bio !== undefined) values.bio = patch.bio
    if (patch.avatarMediaId !== undefined) values.avatar_media_id = patch.avatarMediaId
    if (patch.settings) {
      values.receive_from_anyone = patch.settings.receiveMessagesFromAnyone ? 1 : 0
      values.send_read_receipts = patch.settings.sendReadReceipts ? 1 : 0
      values.discoverable = patch.settings.discoverable ? 1 : 0
    }
    if (Object.keys(values).length) await this.db.updateTable('accounts').set(values).where('id', '=', id).execute()
    if (patch.displayName !== undefined || patch.settings) {
      const { rows: [r] } = await byId(this.db, this.quirks, [id])
      if (r) await listInPeopleSearch(this.db, toAccount(r), true)
    }
  }
  async becomePerson(id: string, person: { handle: string; displayName: string; passwordHash: string }) {
    const r = await this.db.updateTable('accounts').set({
      kind: 'person', handle: person.handle, handle_key: person.handle.toLowerCase(), display_name: person.displayName,
      password_hash: person.passwordHash, email: null, issued_by_brand_id: null,
    }).where('id', '=', id).where('kind', '=', 'visitor').executeTakeFirst()
    if (Number(r.numUpdatedRows) !== 1) return false
    const { rows: [row] } = await byId(this.db, this.quirks, [id])
    if (row) await listInPeopleSearch(this.db, toAccount(row), true)
    return true
  }
}
