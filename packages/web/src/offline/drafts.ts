import { keysStartingWith, readSaved, savedKey, writeSaved } from './saved-locally.ts'

/** A message to the conversation, or a private note to the team: never each other's draft. */
export type DraftMode = 'message' | 'note'

/** Where a draft belongs: who is signed in, who they write as (themself or a brand), where, what. */
export interface DraftPlace {
  accountId: string
  actorId: string
  conversationId: string
  mode: DraftMode
}

/** Drafts kept per account; writing one more forgets the least recently written. */
export const MAX_DRAFTS = 50

interface SavedDraft { text: string; at: number }

const isSavedDraft = (value: unknown): value is SavedDraft =>
  typeof value === 'object' && value !== null && typeof (value as SavedDraft).text === 'string' && typeof (value as SavedDraft).at === 'number'

/**
 * The composer's drafts, kept on the device across reloads: one per conversation, per account
 * and per mode. An empty draft is no draft (sending empties the box, so it clears it).
 */
export class Drafts {
  readonly #storage: Storage | null
  readonly #now: () => number

  constructor(storage: Storage | null, now: () => number = Date.now) {
    this.#storage = storage
    this.#now = now
  }

  get(place: DraftPlace): string {
    if (!this.#storage) return ''
    const saved = readSaved(this.#storage, keyOf(place))
    return isSavedDraft(saved) ? saved.text : ''
  }

  set(place: DraftPlace, text: string): void {
    const storage = this.#storage
    if (!storage) return
    const key = keyOf(place)
    if (text.trim() === '') {
      storage.removeItem(key)
      return
    }
    const isNew = storage.getItem(key) === null
    writeSaved(storage, key, { text, at: this.#now() } satisfies SavedDraft)
    if (isNew) this.#keepNewest(place.accountId)
  }

  #keepNewest(accountId: string): void {
    const storage = this.#storage
    if (!storage) return
    const keys = keysStartingWith(storage, `${savedKey('draft', accountId)}:`)
    if (keys.length <= MAX_DRAFTS) return
    const at = (key: string) => { const saved = readSaved(storage, key); return isSavedDraft(saved) ? saved.at : 0 }
    const oldestFirst = keys.map((key) => ({ key, at: at(key) })).sort((a, b) => a.at - b.at)
    for (const { key } of oldestFirst.slice(0, keys.length - MAX_DRAFTS)) storage.removeItem(key)
  }
}

const keyOf = (place: DraftPlace) => savedKey('draft', place.accountId, place.actorId, place.conversationId, place.mode)
