import { useCallback, useEffect, useState } from 'react'
import { deviceStorage } from '../../offline/saved-locally.ts'
import { Drafts, type DraftPlace } from '../../offline/drafts.ts'

const drafts = new Drafts(deviceStorage())

/**
 * The composer's text, kept on the device for its place (account, actor, conversation, message
 * or note) as it is typed: switching conversation, mode or reloading brings it back; emptying
 * the box (sending) forgets it.
 */
export function useDraft(place: DraftPlace): [string, (next: string | ((had: string) => string)) => void] {
  const key = `${place.accountId}:${place.actorId}:${place.conversationId}:${place.mode}`
  const [draft, setDraft] = useState(() => ({ key, place, text: drafts.get(place) }))
  // Another place (the note switch): its own draft, read while rendering so no effect writes one place's text into the other.
  const current = draft.key === key ? draft : { key, place, text: drafts.get(place) }
  if (current !== draft) setDraft(current)
  useEffect(() => { drafts.set(current.place, current.text) }, [current.place, current.text])
  const setText = useCallback((next: string | ((had: string) => string)) => {
    setDraft((had) => ({ ...had, text: typeof next === 'function' ? next(had.text) : next }))
  }, [])
  return [current.text, setText]
}
