import { defaultLimits, searchWords } from '@parloir/protocol'
import { movedHighlight } from './saved-reply-picker-model.ts'

/**
 * People search in "New message", without React: what is asked of the server as the person
 * types, and where the highlight goes. Choosing a result opens the conversation; Enter with no
 * highlight looks the text up as an exact handle, as the dialog always did.
 */

/** Typing must pause this long before the server is asked (a key press every ~150 ms is typing). */
export const PEOPLE_SEARCH_DEBOUNCE_MS = 200

/** The most results the dialog lists: enough to choose from, few enough for a phone. */
export const peopleShown = 8

/**
 * What to ask the server for the text typed: trimmed and cut to the protocol's limit, or null
 * when it holds no word (nothing typed, or only `@`): then nothing is asked and no list shows.
 */
export function peopleQuery(text: string): string | null {
  const query = [...text.trim()].slice(0, defaultLimits.peopleSearchChars).join('')
  return searchWords(query).length === 0 ? null : query
}

/**
 * The highlight after an arrow key: -1 is none (the text field itself); down from none is the
 * first result, up from none the last; it goes round at either end.
 */
export function movedActive(index: number, delta: 1 | -1, count: number): number {
  if (count === 0) return -1
  if (index < 0) return delta > 0 ? 0 : count - 1
  return movedHighlight(index, delta, count)
}
