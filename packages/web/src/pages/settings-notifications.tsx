import { useEffect, useId, useState, type FormEvent } from 'react'
import type { NotificationSettings, NotificationSettingsPatch } from '@parloir/protocol'
import { useI18n } from '../i18n/i18n.tsx'
import { useSession } from '../session.tsx'
import { currentSubscription, pushSupported, subscribeThisBrowser, unsubscribeThisBrowser } from '../push/browser-push.ts'
import { errorMessage } from './error-message.ts'
import { Problem, Section, Status, Switch } from './settings-parts.tsx'

type PushState = 'unsupported' | 'off' | 'on' | 'denied' | 'busy'

/** The browser's own time zone, sent with quiet hours so they are the person's hours. */
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

/**
 * Settings → Notifications: push on this browser, message text in pushes, batched emails to a
 * confirmed address, and quiet hours in the person's time zone (docs/operations.md, "Notifications for people").
 */
export function NotificationsSection() {
  const i18n = useI18n()
  const { t } = i18n
  const { client } = useSession()
  const id = useId()
  const [settings, setSettings] = useState<NotificationSettings | null>(null)
  const [push, setPush] = useState<PushState>(() => (pushSupported() ? (Notification.permission === 'denied' ? 'denied' : 'off') : 'unsupported'))
  const [email, setEmail] = useState('')
  const [quiet, setQuiet] = useState({ on: false, start: '22:00', end: '07:00' })
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    let stale = false
    client.call('getNotificationSettings').then((s) => {
      if (stale) return
      setSettings(s)
      setEmail(s.email ?? '')
      if (s.quietHours) setQuiet({ on: true, ...s.quietHours })
    }, (error: unknown) => setProblem(errorMessage(error, i18n)))
    currentSubscription().then((subscription) => { if (!stale && subscription) setPush('on') }, () => {})
    return () => { stale = true }
  }, [client]) // once per session

  async function change(patch: NotificationSettingsPatch, saved = t('notifications.saved')) {
    setStatus('')
    setProblem(null)
    try {
      setSettings(await client.updateNotificationSettings(patch))
      setStatus(saved)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }

  async function togglePush(on: boolean) {
    setProblem(null)
    setPush('busy')
    try {
      if (on) setPush(await subscribeThisBrowser(client))
      else { await unsubscribeThisBrowser(client); setPush('off') }
    } catch (error) {
      setProblem(t('notifications.push.failed', { reason: errorMessage(error, i18n) }))
      setPush(on ? 'off' : 'on')
    }
  }

  function sendLink(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    void change({ email: email.trim() }, t('notifications.email.sent', { email: email.trim() }))
  }

  function saveQuiet(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    void change({ quietHours: quiet.on ? { start: quiet.start, end: quiet.end } : null, timeZone: browserZone() })
  }

  const pushHint = push === 'unsupported' ? t('notifications.push.unsupported') : push === 'denied' ? t('notifications.push.denied') : t('notifications.push.hint')
  return (
    <Section title={t('notifications.title')} hint={t('notifications.hint')}>
      <div className="settings-notify">
        <Switch label={t('notifications.push')} hint={pushHint} checked={push === 'on'} disabled={push === 'unsupported' || push === 'denied' || push === 'busy'}
          onChange={(on) => void togglePush(on)} />
        {settings && (
          <>
            <Switch label={t('notifications.previews')} hint={t('notifications.previews.hint')} checked={settings.showPreviews}
              onChange={(on) => void change({ showPreviews: on })} />
            <Switch label={t('notifications.email')} hint={settings.emailAvailable ? t('notifications.email.hint') : t('notifications.email.unavailable')}
              checked={settings.emailEnabled} disabled={!settings.emailAvailable || settings.email === null}
              onChange={(on) => void change({ emailEnabled: on })} />
            {settings.emailAvailable && (
              <form className="settings-form settings-notify-email" onSubmit={sendLink} noValidate>
                <div className="field">
                  <label htmlFor={`${id}-email`}>{t('notifications.email.address')}</label>
                  <input id={`${id}-email`} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
                  {settings.email && (
                    <p className="hint">{t(settings.emailConfirmed ? 'notifications.email.confirmed' : 'notifications.email.waiting', { email: settings.email })}</p>
                  )}
                </div>
                <div className="settings-actions">
                  <button type="submit" className="button-quiet" disabled={email.trim() === '' || email.trim() === settings.email}>{t('notifications.email.send')}</button>
                  {settings.email && <button type="button" className="button-quiet" onClick={() => { setEmail(''); void change({ email: null }) }}>{t('notifications.email.remove')}</button>}
                </div>
              </form>
            )}
            <form className="settings-form settings-notify-quiet" onSubmit={saveQuiet}>
              <Switch label={t('notifications.quiet')} hint={t('notifications.quiet.hint', { zone: settings.quietHours ? settings.timeZone : browserZone() })}
                checked={quiet.on} onChange={(on) => setQuiet({ ...quiet, on })} />
              {quiet.on && (
                <div className="settings-notify-hours">
                  <label>{t('notifications.quiet.from')} <input type="time" required value={quiet.start} onChange={(e) => setQuiet({ ...quiet, start: e.target.value })} /></label>
                  <label>{t('notifications.quiet.to')} <input type="time" required value={quiet.end} onChange={(e) => setQuiet({ ...quiet, end: e.target.value })} /></label>
                </div>
              )}
              <div className="settings-actions">
                <button type="submit" className="button-primary">{t('notifications.quiet.save')}</button>
              </div>
            </form>
          </>
        )}
        <Status text={status} />
        <Problem text={problem} />
      </div>
    </Section>
  )
}
