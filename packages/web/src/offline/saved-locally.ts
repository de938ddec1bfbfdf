/**
 * What the web app keeps on this device for a signed-in account (localStorage): drafts and
 * messages not sent yet. Every key is `parloir:<kind>:<accountId>:…`, so logging out removes
 * an account's all at once, and one account never reads another's.
 */
export type SavedKind = 'draft' | 'outbox'

export const savedKey = (kind: SavedKind, accountId: string, ...rest: string[]) => ['parloir', kind, accountId, ...rest].join(':')

/** The browser's localStorage, or null where it is refused (storage disabled, some private modes). */
export function deviceStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

/** Every key that starts with `prefix`. */
export function keysStartingWith(storage: Storage, prefix: string): string[] {
  const keys: string[] = []
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)
    if (key?.startsWith(prefix)) keys.push(key)
  }
  return keys
}

/** A stored JSON value, or undefined when missing or unreadable. */
export function readSaved(storage: Storage, key: string): unknown {
  try {
    const raw = storage.getItem(key)
    return raw === null ? undefined : JSON.parse(raw) as unknown
  } catch {
    return undefined
  }
}

/** Stores a JSON value; answers false when the device refused (quota full): the app goes on without it. */
export function writeSaved(storage: Storage, key: string, value: unknown): boolean {
  try {
    storage.setItem(key, JSON.stringify(value))
    return true
  } catch {
    return false
  }
}

/** Removes everything kept for an account (on logout). */
export function forgetAccount(storage: Storage | null, accountId: string): void {
  if (!storage) return
  for (const kind of ['draft', 'outbox'] as const) {
    for (const key of keysStartingWith(storage, `${savedKey(kind, accountId)}:`)) storage.removeItem(key)
  }
}
