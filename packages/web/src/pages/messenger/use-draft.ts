import { useCallback, useRef, useState } from 'react'
import { deviceStorage } from '../../offline/saved-locally.ts'
import { Drafts, type DraftPlace } from '../../offline/drafts.ts'

const drafts = new Drafts(deviceStorage())

interface Draft { key: string; place: DraftPlace; text: string }

/**
 * The composer's text, kept on the device for its place (account, actor, conversation, message
 * or note) as it is typed: switching conversation, mode or reloading brings it back; emptying
 * the box (sending) forgets it. Each change is written at once, not after the render, so a
 * reload right after a keystroke keeps it.
 */
export function useDraft(place: DraftPlace): [string, (next: string | ((had: string) => string)) => void] {
  const key = `${place.accountId}:${place.actorId}:${place.conversationId}:${place.mode}`
  const [draft, setDraft] = useState<Draft>(() => ({ key, place, text: drafts.get(place) }))
  // Another place (the note switch): its own draft, read while rendering, never the other's text.
  const current = draft.key === key ? draft : { key, place, text: drafts.get(place) }
  if (current !== draft) setDraft(current)
  const latest = useRef(current)
  latest.current = current
  const setText = useCallback((next: string | ((had: string) => string)) => {
    const had = latest.current
    const text = typeof next === 'function' ? next(had.text) : next
    if (text === had.text) return
    drafts.set(had.place, text)
    latest.current = { ...had, text }
    setDraft(latest.current)
  }, [])
  return [current.text, setText]
}
