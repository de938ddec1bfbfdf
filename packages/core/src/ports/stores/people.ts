import type { AccountRecord } from './accounts.ts'

/** One people search, already cut into folded words (`searchWords`). */
export interface PeopleSearchQuery {
  /** At least one; each must begin a word of the account's name or its handle. */
  words: readonly string[]
  /**
   * The query as one complete handle, lower case, or null when it is not one. That account is
   * found even when it is not discoverable: typing someone's whole handle is not a search.
   */
  exactHandle: string | null
  /** The searcher: never found, nor any account it blocks or that blocks it. */
  searcherId: string
  limit: number
}

/**
 * People search. The accounts store keeps its index as it writes accounts (`AccountWrites`):
 * a person or brand whose `settings.discoverable` is on is listed under each word of its name
 * and under its handle; visitors never are.
 */
export interface PeopleReads {
  /**
   * Up to `limit` accounts: first the one whose handle is `exactHandle` (discoverable or not,
   * never a visitor), then the listed accounts matching every word, in the index's order: by
   * the first of their words that the longest query word begins, then by id. Reads a few index
   * pages of about `limit` rows, however many accounts match.
   */
  search(query: PeopleSearchQuery): Promise<AccountRecord[]>
}
