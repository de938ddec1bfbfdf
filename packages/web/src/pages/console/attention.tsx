import { useEffect, useRef, useState } from 'react'
import type { Account } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { errorMessage } from '../error-message.ts'
import { attentionCount, cameIn, SOUND_KEY, soundIsOn } from './attention-model.ts'
import { currentSubscription, pushSupported, subscribeThisBrowser, unsubscribeThisBrowser } from '../../push/browser-push.ts'

/** A burst of inbox events asks for the count once, this long after the last. */
const REFRESH_DEBOUNCE_MS = 400
/** My own conversations asked for at once: the server's page maximum. */
const MINE_PAGE = 200

/** A short two-note chime, made on the spot: no sound file to fetch. */
function chime(): void {
  const Context = window.AudioContext
  if (!Context) return
  const context = new Context()
  for (const [i, frequency] of [880, 1320].entries()) {
    const osc = context.createOscillator()
    const gain = context.createGain()
    osc.frequency.value = frequency
    gain.gain.setValueAtTime(0.12, context.currentTime + i * 0.15)
    gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + i * 0.15 + 0.3)
    osc.connect(gain).connect(context.destination)
    osc.start(context.currentTime + i * 0.15)
    osc.stop(context.currentTime + i * 0.15 + 0.3)
  }
  setTimeout(() => void context.close(), 1_000)
}

/**
 * How many conversations need the member in this brand (unassigned, plus their own unread), kept
 * live from the stream; when it grows, a chime if they turned it on, and a notification if the tab
 * is hidden, they allowed it, and this browser gets no Web Push (which tells them already).
 */
export function useAttention(brand: Account): number | null {
  const { client, stream } = useSession()
  const { t } = useI18n()
  const [count, setCount] = useState<number | null>(null)
  const last = useRef<number | null>(null)
  const text = useRef(t)
  text.current = t

  useEffect(() => {
    let stale = false
    let timer: ReturnType<typeof setTimeout> | undefined
    last.current = null
    const refresh = async () => {
      const reply = await client.call('listInbox', { params: { brandId: brand.id }, query: { view: 'mine', limit: MINE_PAGE } })
      if (stale) return
      const next = attentionCount(reply.counts.unassigned, reply.items)
      if (cameIn(last.current, next)) void tell(next)
      last.current = next
      setCount(next)
    }
    const tell = async (next: number) => {
      if (soundIsOn(localStorage.getItem(SOUND_KEY))) chime()
      if (!document.hidden || !('Notification' in window) || Notification.permission !== 'granted') return
      if (await currentSubscription()) return
      new Notification(text.current('console.inbox.notify.newTitle', { brand: brand.displayName }), {
        body: text.current('console.inbox.notify.newBody', { count: String(next) }), tag: `parloir-inbox-${brand.id}`,
      })
    }
    const soon = () => { clearTimeout(timer); timer = setTimeout(() => { refresh().catch(() => {}) }, REFRESH_DEBOUNCE_MS) }
    refresh().catch(() => {})
    const offs = stream ? [
      stream.on('inbox.updated', ({ state }) => { if (state.brandId === brand.id) soon() }),
      stream.on('inbox.read', (read) => { if (read.brandId === brand.id) soon() }),
      stream.on('resync', soon),
    ] : []
    return () => { stale = true; clearTimeout(timer); for (const off of offs) off() }
  }, [client, stream, brand.id, brand.displayName])

  return count
}

type PushState = 'unsupported' | 'off' | 'on' | 'denied' | 'busy'

/** "Turn on notifications" (Web Push through the service worker) and the chime setting, for this browser. */
export function NotificationSettings() {
  const i18n = useI18n()
  const { t } = i18n
  const { client } = useSession()
  const [state, setState] = useState<PushState>(() => (pushSupported() ? (Notification.permission === 'denied' ? 'denied' : 'off') : 'unsupported'))
  const [problem, setProblem] = useState<string | null>(null)
  const [sound, setSound] = useState(() => soundIsOn(localStorage.getItem(SOUND_KEY)))

  useEffect(() => {
    let stale = false
    currentSubscription().then((subscription) => { if (!stale && subscription) setState('on') }, () => {})
    return () => { stale = true }
  }, [])

  const turnOn = async () => {
    setProblem(null)
    setState('busy')
    try {
      setState(await subscribeThisBrowser(client))
    } catch (error) {
      setProblem(t('console.inbox.notify.failed', { reason: errorMessage(error, i18n) }))
      setState('off')
    }
  }
  const turnOff = async () => {
    setState('busy')
    try {
      await unsubscribeThisBrowser(client)
      setState('off')
    } catch (error) {
      setProblem(errorMessage(error, i18n))
      setState('on')
    }
  }
  const changeSound = (on: boolean) => {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off')
    setSound(on)
  }

  return (
    <section className="inbox-notify" aria-labelledby="inbox-notify-title">
      <h2 id="inbox-notify-title" className="inbox-notify__title">{t('console.inbox.notify.title')}</h2>
      {state === 'unsupported' && <p className="hint">{t('console.inbox.notify.unsupported')}</p>}
      {state === 'denied' && <p className="hint">{t('console.inbox.notify.denied')}</p>}
      {(state === 'off' || state === 'busy') && (
        <button type="button" className="button-quiet" disabled={state === 'busy'} onClick={() => void turnOn()}>{t('console.inbox.notify.turnOn')}</button>
      )}
      {state === 'on' && (
        <p className="hint">{t('console.inbox.notify.on')} <button type="button" className="button-quiet inbox-notify__off" onClick={() => void turnOff()}>{t('console.inbox.notify.turnOff')}</button></p>
      )}
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <label className="inbox-notify__sound">
        <input type="checkbox" checked={sound} onChange={(e) => changeSound(e.target.checked)} />
        {t('console.inbox.notify.sound')}
      </label>
    </section>
  )
}
