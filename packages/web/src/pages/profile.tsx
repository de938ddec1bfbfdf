import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react'
import { ParloirApiError } from '@parloir/client'
import { Handle, supportHoursLabel, type Account, type BrandCard, type SupportStatus } from '@parloir/protocol'
import { useI18n } from '../i18n/i18n.tsx'
import { useSession } from '../session.tsx'
import { Link, navigate } from '../router.tsx'
import { Shell } from '../shell.tsx'
import { Avatar } from './avatar.tsx'
import { errorMessage } from './error-message.ts'
import { useDocumentTitle } from './document-title.ts'
import { holidayDate, supportLine, upcomingHolidays, usualReplyTime, weeklyHours } from './profile-support.ts'

/** After "Message" while logged out: remembered for this tab until the login brings them back. */
const MESSAGE_INTENT_KEY = 'parloir.messageAfterLogin'
const MESSAGE_INTENT_MS = 30 * 60 * 1000

function takeMessageIntent(handle: string): boolean {
  const saved = sessionStorage.getItem(MESSAGE_INTENT_KEY)
  if (!saved) return false
  sessionStorage.removeItem(MESSAGE_INTENT_KEY)
  try {
    const intent = JSON.parse(saved) as { handle?: unknown; at?: unknown }
    return typeof intent.handle === 'string' && intent.handle.toLowerCase() === handle.toLowerCase()
      && typeof intent.at === 'number' && Date.now() - intent.at < MESSAGE_INTENT_MS
  } catch {
    return false
  }
}

const handlePattern = new RegExp(Handle.pattern ?? '^[A-Za-z0-9_]+$')

/**
 * `/@handle`: a person's or brand's public profile with a Message button. Anyone may read it;
 * logged in, it sits in the app's frame, logged out in a plain one with Log in and Sign up.
 */
export default function ProfilePage({ handle }: { handle: string }) {
  const { t } = useI18n()
  const { me, ready } = useSession()
  if (!ready) return <p className="page-status" role="status">{t('common.loading')}</p>
  const content = <ProfileContent handle={handle} />
  return me ? <Shell>{content}</Shell> : <PublicFrame handle={handle}>{content}</PublicFrame>
}

function PublicFrame({ handle, children }: { handle: string; children: ReactNode }) {
  const { t } = useI18n()
  const next = encodeURIComponent(`/@${handle}`)
  return (
    <div className="profile-public">
      <header className="profile-public-bar">
        <Link to="/" className="brand-mark" aria-label={t('app.name')}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('app.name')}</span>
        </Link>
        <nav aria-label={t('app.name')}>
          <ul className="profile-public-links">
            <li><Link to={`/login?next=${next}`}>{t('profile.login')}</Link></li>
            <li><Link to="/signup" className="profile-signup">{t('profile.signup')}</Link></li>
          </ul>
        </nav>
      </header>
      <main id="main" className="profile-public-main">{children}</main>
    </div>
  )
}

type Loaded = { state: 'loading' } | { state: 'found'; account: Account } | { state: 'missing' } | { state: 'failed'; message: string }

function ProfileContent({ handle }: { handle: string }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client } = useSession()
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })

  const load = useCallback(async () => {
    if (!handlePattern.test(handle)) return setLoaded({ state: 'missing' })
    setLoaded({ state: 'loading' })
    try {
      setLoaded({ state: 'found', account: await client.getAccountByHandle(handle) })
    } catch (error) {
      if (error instanceof ParloirApiError && error.status === 404) setLoaded({ state: 'missing' })
      else setLoaded({ state: 'failed', message: errorMessage(error, i18n) })
    }
  }, [client, handle, i18n])
  useEffect(() => { void load() }, [load])

  const account = loaded.state === 'found' ? loaded.account : undefined
  const support = useBrandSupport(account)
  useDocumentTitle(account ? t('profile.title', { name: account.displayName, handle: account.handle }) : `@${handle}`)

  if (loaded.state === 'loading') return <p className="page-status" role="status">{t('common.loading')}</p>
  if (loaded.state === 'missing') {
    return (
      <div className="page profile-page">
        <div className="profile-card profile-missing">
          <h1>{t('profile.notFound', { handle })}</h1>
          <p className="muted">{t('profile.notFound.hint')}</p>
          <Link to="/">{t('notFound.back')}</Link>
        </div>
      </div>
    )
  }
  if (loaded.state === 'failed') {
    return (
      <div className="page profile-page">
        <p className="form-error" role="alert">{t('common.error', { message: loaded.message })}</p>
        <button type="button" className="button-quiet" onClick={() => void load()}>{t('common.retry')}</button>
      </div>
    )
  }
  return <ProfileView account={loaded.account} support={support} />
}

/** A brand's support status, asked for beside its profile and again when it changes (opening, closing). */
function useBrandSupport(account: Account | undefined): SupportStatus | null {
  const { client } = useSession()
  const [card, setCard] = useState<BrandCard | null>(null)
  const [tick, setTick] = useState(0)
  const brandId = account?.kind === 'brand' ? account.id : null
  useEffect(() => {
    if (!brandId) return
    let stale = false
    client.call('getBrandCard', { params: { brandId } }).then(
      (reply) => { if (!stale) setCard(reply) },
      // A profile without its support status is still a profile: nothing more to show.
      () => { if (!stale) setCard(null) },
    )
    return () => { stale = true }
  }, [client, brandId, tick])
  const next = card?.support.nextChangeAt
  useEffect(() => {
    if (!next) return
    const wait = Date.parse(next) - Date.now() + 1_000
    if (wait > 24 * 3600 * 1000) return
    const timer = setTimeout(() => setTick((n) => n + 1), Math.max(1_000, wait))
    return () => clearTimeout(timer)
  }, [next])
  return card && card.brand.id === brandId ? card.support : null
}

export function ProfileView({ account, support }: { account: Account; support?: SupportStatus | null }) {
  const i18n = useI18n()
  const { t, locale } = i18n
  const { me, client } = useSession()
  const titleId = useId()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const isBrand = account.kind === 'brand'
  const isMe = me?.account.id === account.id
  const membership = me?.brands.find((b) => b.brand.id === account.id)
  const joined = useMemo(() => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }).format(new Date(account.createdAt)), [locale, account.createdAt])

  const message = useCallback(async () => {
    if (!me) {
      sessionStorage.setItem(MESSAGE_INTENT_KEY, JSON.stringify({ handle: account.handle, at: Date.now() }))
      navigate(`/login?next=${encodeURIComponent(`/@${account.handle}`)}`)
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      const conversation = await client.openDirect(account.id)
      navigate(`/c/${conversation.id}`)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
      setBusy(false)
    }
  }, [me, client, account.id, account.handle, i18n])

  // Back from the login that "Message" asked for: carry on to the conversation.
  const resumed = useRef(false)
  useEffect(() => {
    if (!me || isMe || resumed.current || !takeMessageIntent(account.handle)) return
    resumed.current = true
    void message()
  }, [me, isMe, account.handle, message])

  return (
    <div className="page profile-page">
      <article className={`profile-card${isBrand ? ' profile-card-brand' : ''}`} aria-labelledby={titleId}>
        <div className="profile-banner" aria-hidden="true" />
        <div className="profile-head">
          <Avatar account={account} size={112} />
          <div className="profile-actions">
            {isMe ? (
              <Link to="/settings" className="button-quiet profile-action-link">{t('profile.edit')}</Link>
            ) : (
              <button type="button" className="button-primary profile-message" onClick={() => void message()} disabled={busy}
                aria-label={busy ? undefined : t('profile.messageBrand', { name: account.displayName })}
                aria-describedby={me ? undefined : `${titleId}-login`}>
                <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className="profile-message-icon">
                  <path d="M4 5h16v11H8l-4 4z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
                </svg>
                {busy ? t('profile.opening') : t('profile.message')}
              </button>
            )}
          </div>
        </div>
        <div className="profile-body">
          <h1 id={titleId} className="profile-name">
            {account.displayName}
            {isBrand && <span className="profile-kind">{t('profile.brand')}</span>}
          </h1>
          <p className="profile-handle muted">@{account.handle}</p>
          {account.bio && <p className="profile-bio">{account.bio}</p>}
          <p className="profile-joined hint">{t('profile.joined', { date: joined })}</p>
          {!me && !isMe && <p id={`${titleId}-login`} className="hint">{t('profile.loginToMessage')}</p>}
          {problem && <p className="form-error" role="alert">{problem}</p>}
          {membership && <p><Link to={`/console/${account.handle}`}>{t('profile.console')}</Link></p>}
          {isBrand && support && (support.providesSupport || usualReplyTime(support)) && <SupportRegion support={support} />}
        </div>
      </article>
    </div>
  )
}

/**
 * A brand's support: the "Provides support" badge, open or away and until when (the brand's time
 * with its zone, the reader's beside it), how fast it usually answers, and its weekly hours in
 * the brand's time zone, labelled with it.
 */
function SupportRegion({ support }: { support: SupportStatus }) {
  const { t, locale } = useI18n()
  const id = useId()
  const calendar = support.calendar
  const usual = usualReplyTime(support)
  const now = Date.now()
  const words = { midnight: t('profile.support.midnight'), nextDay: t('profile.support.nextDay'), closed: t('profile.support.closed') }
  const hours = calendar ? weeklyHours(calendar, locale, words) : []
  const holidays = calendar ? upcomingHolidays(calendar, now) : []
  return (
    <section className="profile-support" aria-labelledby={id}>
      <h2 id={id}>{t('profile.support')}</h2>
      {support.providesSupport && <p className="profile-support-badge">{t('profile.support.badge')}</p>}
      {support.providesSupport && (
        <p className={`profile-support-now ${support.openNow ? 'profile-support-now-open' : 'profile-support-now-away'}`}>
          <span className="profile-support-dot" aria-hidden="true" />
          {supportLine(support, now, locale)}
        </p>
      )}
      {usual && <p className="profile-support-reply">{t(`profile.support.reply.${usual}`)}</p>}
      {calendar && (
        <>
          <h3 className="profile-support-hours-title">{supportHoursLabel(calendar.timeZone, locale)}</h3>
          <dl className="profile-support-hours">
            {hours.map((row) => (
              <div key={row.day} className={row.closed ? 'profile-hours-closed' : undefined}>
                <dt>{row.name}</dt>
                <dd>{row.closed ? row.times : row.shifts.map((shift, i) => <span key={i} className="profile-shift">{i > 0 ? ', ' : ''}<span className="profile-shift-time">{shift}</span></span>)}</dd>
              </div>
            ))}
          </dl>
          {holidays.length > 0 && (
            <p className="profile-support-holidays">
              {t('profile.support.holidays')} {holidays.map((h) => `${holidayDate(h.date, locale)}${h.name ? ` (${h.name})` : ''}`).join(' · ')}
            </p>
          )}
        </>
      )}
    </section>
  )
}

