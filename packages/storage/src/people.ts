import { sql, type Kysely } from 'kysely'
import type { AccountRecord, PeopleReads, PeopleSearchQuery } from '@parloir/core'
import type { Database } from './schema.ts'
import { toAccount } from './accounts.ts'

/**
 * The first string after every string that begins with `prefix`: `ada` → `adb`. Words compare
 * by code point on both engines (BINARY, collation "C"), so `word >= prefix and word <
 * after(prefix)` is a range of the btree holding exactly the words that begin with it.
 */
function after(prefix: string): string {
  const points = [...prefix]
  const last = (points.pop() ?? '').codePointAt(0) ?? 0
  // A surrogate is no character: the next one is past them.
  const next = last + 1 >= 0xd800 && last + 1 <= 0xdfff ? 0xe000 : last + 1
  return points.join('') + String.fromCodePoint(next)
}

/** Neither the searcher nor anyone it blocks or who blocks it (two lookups of the blocks' primary key). */
function notSearcherNorBlocked(column: 'p.account_id' | 'a.id', searcherId: string) {
  const account = sql.ref(column)
  return sql<boolean>`${account} <> ${searcherId}
    and not exists (select 1 from blocks b where b.blocker_id = ${searcherId} and b.blocked_id = ${account})
    and not exists (select 1 from blocks b where b.blocker_id = ${account} and b.blocked_id = ${searcherId})`
}

/** People search (`PeopleReads`) over `people_search` (migration 0017). */
export class PeopleRepository implements PeopleReads {
  constructor(private readonly db: Kysely<Database>) {}

  async search(query: PeopleSearchQuery): Promise<AccountRecord[]> {
    const ids: string[] = []
    if (query.exactHandle !== null) {
      const exact = await this.db.selectFrom('accounts as a').select('a.id')
        .where('a.handle_key', '=', query.exactHandle).where('a.kind', '!=', 'visitor')
        .where(notSearcherNorBlocked('a.id', query.searcherId))
        .executeTakeFirst()
      if (exact) ids.push(exact.id)
    }
    // The longest word drives the range (it is the narrowest); every other word must begin
    // another of the account's words. The index is read in order, a page at a time, until
    // `limit` accounts are found: an account listed under several matching words counts once,
    // at its first, so the order is by each account's first matching word.
    const [driver = '', ...others] = [...query.words].sort((a, b) => b.length - a.length)
    const pageSize = Math.max(query.limit * 2, 20)
    let from: { word: string; accountId: string } | null = null
    while (ids.length < query.limit) {
      const last: { word: string; accountId: string } | null = from
      let page = this.db.selectFrom('people_search as p').select(['p.account_id', 'p.word'])
        .where('p.word', '>=', driver).where('p.word', '<', after(driver))
        .where(notSearcherNorBlocked('p.account_id', query.searcherId))
      for (const word of others) {
        page = page.where((eb) => eb.exists(eb.selectFrom('people_search as o').select('o.account_id')
          .whereRef('o.account_id', '=', 'p.account_id').where('o.word', '>=', word).where('o.word', '<', after(word))))
      }
      if (last) page = page.where((eb) => eb.or([eb('p.word', '>', last.word), eb.and([eb('p.word', '=', last.word), eb('p.account_id', '>', last.accountId)])]))
      const rows = await page.orderBy('p.word').orderBy('p.account_id').limit(pageSize).execute()
      for (const r of rows) if (!ids.includes(r.account_id)) ids.push(r.account_id)
      const end = rows.at(-1)
      if (rows.length < pageSize || !end) break
      from = { word: end.word, accountId: end.account_id }
    }
    const chosen = ids.slice(0, query.limit)
    if (chosen.length === 0) return []
    const rows = await this.db.selectFrom('accounts').selectAll().where('id', 'in', chosen).execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    return chosen.flatMap((id) => {
      const r = byId.get(id)
      return r ? [toAccount(r)] : []
    })
  }
}
