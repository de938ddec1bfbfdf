import { createContext, useCallback, useContext, useEffect, useState, useSyncExternalStore } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'
import { errorMessage } from '../error-message.ts'
import type { MessengerState, MessengerStore } from './store.ts'

export const StoreContext = createContext<MessengerStore | null>(null)

export function useStore(): MessengerStore {
  const store = useContext(StoreContext)
  if (!store) throw new Error('useStore outside the messenger')
  return store
}

/** A slice of the messenger state; the component renders again only when the slice changes. */
export function useSelect<T>(select: (state: MessengerState) => T): T {
  const store = useStore()
  return useSyncExternalStore(store.subscribe, () => select(store.getState()))
}

/** Whether a CSS media query matches, following changes. */
export function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches)
  useEffect(() => {
    const list = window.matchMedia(query)
    const onChange = () => setMatches(list.matches)
    onChange()
    list.addEventListener('change', onChange)
    return () => list.removeEventListener('change', onChange)
  }, [query])
  return matches
}

/** Turns any failure into a sentence in the reader's language (the server's, or "could not reach"). */
export function useErrorText(): (error: unknown) => string {
  const i18n = useI18n()
  return useCallback((error: unknown) => errorMessage(error, i18n), [i18n])
}
