import { readSaved, savedKey, writeSaved } from './saved-locally.ts'

/** Messages not sent yet, kept per account and actor; past this many, newer ones stay in memory only. */
export const MAX_SAVED_MESSAGES = 200

/**
 * The outbox's messages kept on the device, so a reload (or the app closed while offline) loses
 * none: they come back waiting and go with their own client ids. Each change reads and writes
 * the list again, so two tabs of one account do not erase each other's.
 */
export interface SavedOutbox<T extends { clientMessageId: string }> {
  load(): T[]
  put(item: T): void
  remove(clientMessageId: string): void
}

export function savedOutbox<T extends { clientMessageId: string }>(
  storage: Storage | null, accountId: string, actorId: string, isItem: (value: unknown) => value is T,
): SavedOutbox<T> {
  const key = savedKey('outbox', accountId, actorId)
  const load = (): T[] => {
    if (!storage) return []
    const saved = readSaved(storage, key)
    return Array.isArray(saved) ? saved.filter(isItem) : []
  }
  const save = (items: T[]) => {
    if (!storage) return
    if (items.length === 0) storage.removeItem(key)
    else writeSaved(storage, key, items)
  }
  return {
    load,
    put(item) {
      const items = load()
      const at = items.findIndex((i) => i.clientMessageId === item.clientMessageId)
      if (at >= 0) items[at] = item
      else if (items.length < MAX_SAVED_MESSAGES) items.push(item)
      else return
      save(items)
    },
    remove(clientMessageId) {
      const items = load()
      const kept = items.filter((i) => i.clientMessageId !== clientMessageId)
      if (kept.length !== items.length) save(kept)
    },
  }
}
