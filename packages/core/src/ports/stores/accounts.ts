import type { Settings } from '@parloir/protocol'

/** An account as the domain sees it. Times are milliseconds since the Unix epoch. */
export interface AccountRecord {
  id: string
  kind: 'person' | 'brand' | 'visitor'
  handle: string
  displayName: string
  bio: string
  avatarMediaId: string | null
  passwordHash: string | null
  /** A visitor's address for being told of answers; null for people and brands. */
  email: string | null
  /**
   * A visitor's brand: the one whose link or website chat started it, the only account it may
   * talk with. Absent or null for people and brands.
   */
  issuedByBrandId?: string | null
  settings: Settings
  createdAtMs: number
}

/** Accounts: people, brands and visitors. */
export interface AccountReads {
  /** The account with this id, or undefined. */
  byId(id: string): Promise<AccountRecord | undefined>
  /** The account with this handle, compared without regard to case. */
  byHandle(handle: string): Promise<AccountRecord | undefined>
  /** Accounts by id, in no particular order; missing ids are left out. */
  byIds(ids: readonly string[]): Promise<AccountRecord[]>
}

export interface AccountWrites extends AccountReads {
  /**
   * Inserts an account; its handle must be free (compared without regard to case). Lists it in
   * people search (`PeopleReads`) when it is a discoverable person or brand.
   */
  insert(account: AccountRecord): Promise<void>
  /** Changes the given fields of an account; the others stay. Its people-search listing follows the new name and settings. */
  update(id: string, patch: Partial<Pick<AccountRecord, 'displayName' | 'bio' | 'avatarMediaId' | 'settings' | 'email'>>): Promise<void>
  /**
   * Turns a visitor into a person in place, under the same id (so its conversations, messages and
   * the brand's notes about it stay as they are): a handle that must be free, a password, a name;
   * no more issuing brand, no more visitor's address. False when the account is not a visitor.
   */
  becomePerson(id: string, person: { handle: string; displayName: string; passwordHash: string }): Promise<boolean>
}
