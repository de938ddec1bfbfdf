import { useEffect, useState } from 'react'
import type { ToneVerdict } from '@parloir/protocol/tone'

type CheckTone = typeof import('@parloir/protocol/tone').checkTone

/** The check and its word lists load once, on first use: the app's first load carries none of it. */
let loading: Promise<CheckTone> | null = null
const loadCheck = () => (loading ??= import('@parloir/protocol/tone').then((m) => m.checkTone))

/** How long typing must pause before the draft is checked again. */
const debounceMs = 350

/**
 * The tone of a draft that is about to go out as the brand, checked in the browser (no request)
 * a moment after typing pauses: null while there is nothing to say (an empty draft, a check
 * not yet loaded, or `enabled` false). The verdict is the one the API's dry run answers.
 *
 * Use it in any composer that writes publicly or as the brand (not in private notes, not for
 * customers), with `ToneHint` under the box:
 *
 *   const tone = useToneCheck(text, actingAsBrand && !privateNote)
 *   …
 *   <ToneHint verdict={tone} onUseCalmer={setText} onSendAnyway={() => submit()} />
 *
 * It only warns: the composer's send stays enabled whatever it says.
 */
export function useToneCheck(text: string, enabled = true): ToneVerdict | null {
  const [checked, setChecked] = useState<{ text: string; verdict: ToneVerdict } | null>(null)
  const wanted = enabled && text.trim() !== ''
  useEffect(() => {
    if (!wanted) return
    let stale = false
    const timer = setTimeout(() => {
      loadCheck().then((check) => { if (!stale) setChecked({ text, verdict: check(text) }) }, () => { /* offline before it loaded: no hint */ })
    }, debounceMs)
    return () => { stale = true; clearTimeout(timer) }
  }, [text, wanted])
  // While typing, the last verdict stays up (no flicker), and goes once the draft is cleared or sent.
  return wanted && checked ? checked.verdict : null
}
