import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import { defaultLimits, type Me, type SessionInfo, type Settings as PrivacySettings } from '@parloir/protocol'
import { useI18n, type Locale } from '../i18n/i18n.tsx'
import type { MessageKey } from '../i18n/text.ts'
import { useSession } from '../session.tsx'
import { useTheme, type ThemeChoice } from '../theme.tsx'
import { Link, navigate } from '../router.tsx'
import { AvatarPicker } from './avatar-picker.tsx'
import { errorMessage, fieldErrors } from './error-message.ts'
import { useDocumentTitle } from './document-title.ts'
import { NotificationsSection } from './settings-notifications.tsx'
import { Problem, Section, Status, Switch } from './settings-parts.tsx'

/** `/settings`: profile and picture, privacy, notifications, theme and language, and the open sessions. */
export default function SettingsPage() {
  const { t } = useI18n()
  const { me } = useSession()
  useDocumentTitle(t('settings.title'))
  if (!me) return null
  return (
    <div className="page settings-page">
      <h1>{t('settings.title')}</h1>
      <p className="muted settings-intro">{t('settings.intro')}</p>
      <ProfileSection me={me} />
      <PrivacySection me={me} />
      <NotificationsSection />
      <AppearanceSection />
      <SessionsSection />
    </div>
  )
}

function ProfileSection({ me }: { me: Me }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client, refreshMe } = useSession()
  const id = useId()
  const account = me.account
  const [displayName, setDisplayName] = useState(account.displayName)
  const [bio, setBio] = useState(account.bio)
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [fields, setFields] = useState<Record<string, string>>({})

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setBusy(true)
    setStatus('')
    setProblem(null)
    setFields({})
    if (displayName.trim() === '') {
      setFields({ displayName: t('settings.displayName.required') })
      setBusy(false)
      return
    }
    try {
      await client.updateProfile({ displayName: displayName.trim(), bio: bio.trim() })
      await refreshMe()
      setStatus(t('settings.saved'))
    } catch (error) {
      const byField = fieldErrors(error, i18n.t)
      // Each field's sentence stands beside it; the line above the buttons only for the rest.
      setFields(byField)
      setProblem(Object.keys(byField).length > 0 ? null : errorMessage(error, i18n))
    } finally {
      setBusy(false)
    }
  }

  const nameError = fields.displayName
  return (
    <Section title={t('settings.profile')}>
      <ProfilePicture me={me} />
      <form className="settings-form" onSubmit={(e) => void save(e)} noValidate>
        <div className="field">
          <span className="settings-label">{t('settings.handle')}</span>
          <p className="settings-handle">
            <span>@{account.handle}</span>
            <Link to={`/@${account.handle}`}>{t('settings.viewProfile')}</Link>
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('settings.displayName')}</label>
          <input id={`${id}-name`} name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="name"
            required maxLength={defaultLimits.displayNameChars} aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${id}-name-error` : undefined} />
          {nameError && <p id={`${id}-name-error`} className="field-error">{nameError}</p>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-bio`}>{t('settings.bio')}</label>
          <textarea id={`${id}-bio`} name="bio" value={bio} onChange={(e) => setBio(e.target.value)} rows={3} maxLength={defaultLimits.bioChars}
            aria-describedby={`${id}-bio-hint${fields.bio ? ` ${id}-bio-error` : ''}`} aria-invalid={fields.bio ? true : undefined} />
          <p id={`${id}-bio-hint`} className="hint">{t('settings.bio.hint', { max: defaultLimits.bioChars })}</p>
          {fields.bio && <p id={`${id}-bio-error`} className="field-error">{fields.bio}</p>}
        </div>
        <Problem text={problem} />
        <div className="settings-actions">
          <button type="submit" className="button-primary" disabled={busy}>{busy ? t('auth.working') : t('settings.profile.save')}</button>
          <Status text={status} />
        </div>
      </form>
    </Section>
  )
}

function ProfilePicture({ me }: { me: Me }) {
  const { t } = useI18n()
  const { client } = useSession()
  return (
    <AvatarPicker account={me.account} client={client} save={(avatarMediaId) => client.updateProfile({ avatarMediaId })} accept="image/jpeg,image/png,image/webp,image/gif"
      text={{
        label: t('settings.avatar'), alt: t('settings.avatar.alt'), choose: t('settings.avatar.choose'), change: t('settings.avatar.change'),
        remove: t('settings.avatar.remove'), hint: t('settings.avatar.hint'), uploading: t('settings.avatar.uploading'),
        updated: t('settings.avatar.updated'), removed: t('settings.avatar.removed'),
      }} />
  )
}

function PrivacySection({ me }: { me: Me }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client, refreshMe, stream } = useSession()
  const [settings, setSettings] = useState<PrivacySettings>(me.settings)
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => setSettings(me.settings), [me.settings])
  // Changed on another device: show it here too.
  useEffect(() => stream?.on('settings.updated', (data) => { if (data.accountId === me.account.id) setSettings(data.settings) }), [stream, me.account.id])

  async function change(key: keyof PrivacySettings, value: boolean) {
    const before = settings
    setSettings({ ...settings, [key]: value })
    setStatus('')
    setProblem(null)
    try {
      setSettings(await client.updateSettings({ [key]: value }))
      setStatus(t('settings.privacy.saved'))
      refreshMe().catch(() => undefined) // the change is saved; the next load shows the rest
    } catch (error) {
      setSettings(before)
      setProblem(errorMessage(error, i18n))
    }
  }

  return (
    <Section title={t('settings.privacy')}>
      <Switch label={t('settings.receiveFromAnyone')} hint={t('settings.receiveFromAnyone.hint')} checked={settings.receiveMessagesFromAnyone}
        onChange={(value) => void change('receiveMessagesFromAnyone', value)} />
      <Switch label={t('settings.discoverable')} hint={t('settings.discoverable.hint')} checked={settings.discoverable}
        onChange={(value) => void change('discoverable', value)} />
      <Switch label={t('settings.readReceipts')} hint={t('settings.readReceipts.hint')} checked={settings.sendReadReceipts}
        onChange={(value) => void change('sendReadReceipts', value)} />
      <Status text={status} />
      <Problem text={problem} />
    </Section>
  )
}

function AppearanceSection() {
  const { t, locale, setLocale } = useI18n()
  const { theme, setTheme } = useTheme()
  const themes: ThemeChoice[] = ['system', 'light', 'dark']
  const locales: Locale[] = ['en', 'fr']
  return (
    <Section title={t('settings.appearance')} hint={t('settings.appearance.hint')}>
      <fieldset className="settings-choices">
        <legend>{t('settings.theme')}</legend>
        <div className="settings-choice-list">
          {themes.map((choice) => (
            <label key={choice} className="settings-choice">
              <input type="radio" name="theme" value={choice} checked={theme === choice} onChange={() => setTheme(choice)} />
              <span className={`settings-swatch settings-swatch-${choice}`} aria-hidden="true" />
              <span>{t(`settings.theme.${choice}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="settings-choices">
        <legend>{t('settings.language')}</legend>
        <div className="settings-choice-list">
          {locales.map((choice) => (
            <label key={choice} className="settings-choice" lang={choice}>
              <input type="radio" name="language" value={choice} checked={locale === choice} onChange={() => setLocale(choice)} />
              <span>{t(`settings.language.${choice}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </Section>
  )
}

/** "Chrome on Linux" from a user agent; null when it names no browser we know. */
function describeDevice(userAgent: string): { browser: string; os: string } | null {
  const browser = /Edg\//.test(userAgent) ? 'Edge'
    : /OPR\//.test(userAgent) ? 'Opera'
      : /Firefox\//.test(userAgent) ? 'Firefox'
        : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome'
          : /Safari\//.test(userAgent) ? 'Safari' : null
  const os = /iPhone|iPad|iPod/.test(userAgent) ? 'iOS'
    : /Android/.test(userAgent) ? 'Android'
      : /Windows/.test(userAgent) ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent) ? 'macOS'
          : /CrOS/.test(userAgent) ? 'ChromeOS'
            : /Linux/.test(userAgent) ? 'Linux' : null
  return browser && os ? { browser, os } : null
}

function SessionsSection() {
  const i18n = useI18n()
  const { t, formatTime } = i18n
  const { client, logOut } = useSession()
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null)
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      const reply = await client.listSessions()
      setSessions([...reply.sessions].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt)))
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }, [client, i18n])
  useEffect(() => { void load() }, [load])

  async function revoke(targets: SessionInfo[], done: MessageKey) {
    setStatus('')
    setProblem(null)
    setBusy(targets.length === 1 ? targets[0]?.id ?? null : 'others')
    try {
      if (targets.some((s) => s.current)) {
        await logOut()
        navigate('/login')
        return
      }
      for (const session of targets) await client.revokeSession(session.id)
      setSessions((list) => list?.filter((s) => !targets.includes(s)) ?? null)
      setStatus(t(done))
    } catch (error) {
      setProblem(errorMessage(error, i18n))
      void load()
    } finally {
      setBusy(null)
    }
  }

  const others = sessions?.filter((s) => !s.current) ?? []
  return (
    <Section title={t('settings.sessions')} hint={t('settings.sessions.hint')}>
      {sessions === null && !problem && <p className="muted">{t('common.loading')}</p>}
      {sessions && (
        <ul className="settings-sessions">
          {sessions.map((session) => {
            const device = describeDevice(session.userAgent)
            const name = device ? t('settings.sessions.device', device) : session.userAgent.trim().slice(0, 60) || t('settings.sessions.unknown')
            const describedBy = `session-${session.id}`
            return (
              <li key={session.id} className="settings-session">
                <div id={describedBy} className="settings-session-text">
                  <p className="settings-session-name">
                    {name}
                    {session.current && <span className="settings-tag">{t('settings.sessions.current')}</span>}
                  </p>
                  <p className="hint">
                    {t('settings.sessions.lastSeen', { date: formatTime(session.lastSeenAt, 'full') })}
                    {' · '}
                    {t('settings.sessions.signedIn', { date: formatTime(session.createdAt, 'full') })}
                  </p>
                </div>
                <button type="button" className="button-quiet" aria-describedby={describedBy} disabled={busy !== null}
                  onClick={() => void revoke([session], 'settings.sessions.loggedOut')}>
                  {t('settings.sessions.logout')}
                </button>
              </li>
            )
          })}
        </ul>
      )}
      {sessions && others.length === 0 && <p className="hint">{t('settings.sessions.empty')}</p>}
      {others.length > 1 && (
        <button type="button" className="button-danger" disabled={busy !== null} onClick={() => void revoke(others, 'settings.sessions.othersLoggedOut')}>
          {t('settings.sessions.logoutOthers')}
        </button>
      )}
      <Status text={status} />
      <Problem text={problem} />
    </Section>
  )
}
