import { lazy, Suspense, useEffect, type ReactNode } from 'react'
import { I18nProvider, useI18n } from './i18n/i18n.tsx'
import { ThemeProvider } from './theme.tsx'
import { SessionProvider, useSession } from './session.tsx'
import { Link, match, navigate, RouterProvider, usePath } from './router.tsx'
import { LoginPage, SignupPage } from './pages/auth.tsx'
import { MessengerPage } from './pages/messenger/messenger.tsx'

// Screens a person may never open are loaded on demand, to keep the first download small.
const SettingsPage = lazy(() => import('./pages/settings.tsx'))
const ProfilePage = lazy(() => import('./pages/profile.tsx'))
const ConsolePage = lazy(() => import('./pages/console/console.tsx'))
const OAuthConsentPage = lazy(() => import('./pages/oauth-consent.tsx'))

export function App() {
  return (
    <I18nProvider>
      <ThemeProvider>
        <RouterProvider>
          <SessionProvider>
            <Routes />
          </SessionProvider>
        </RouterProvider>
      </ThemeProvider>
    </I18nProvider>
  )
}

function Routes() {
  const { pathname } = usePath()
  const { me, ready } = useSession()
  const { t } = useI18n()

  const profile = match('/@:handle', pathname)
  if (profile) return <Lazy><ProfilePage handle={profile.handle ?? ''} /></Lazy>
  if (!ready) return <p className="page-status" role="status">{t('common.loading')}</p>
  if (pathname === '/login') return me ? <Redirect to="/" /> : <LoginPage />
  if (pathname === '/signup') return me ? <Redirect to="/" /> : <SignupPage />
  // The query goes along: the consent page's whole request is in it.
  if (!me) return <Redirect to={`/login?next=${encodeURIComponent(pathname + (pathname === '/i/oauth2/authorize' ? location.search : ''))}`} />
  if (pathname === '/i/oauth2/authorize') return <Lazy><OAuthConsentPage /></Lazy>
  if (pathname === '/settings') return <Shell><Lazy><SettingsPage /></Lazy></Shell>
  if (pathname === '/console' || pathname.startsWith('/console/')) return <Shell><Lazy><ConsolePage /></Lazy></Shell>
  if (pathname === '/' || pathname === '/requests' || pathname.startsWith('/c/')) return <Shell><MessengerPage /></Shell>
  return <Shell><NotFound /></Shell>
}

function Lazy({ children }: { children: ReactNode }) {
  const { t } = useI18n()
  return <Suspense fallback={<p className="page-status" role="status">{t('common.loading')}</p>}>{children}</Suspense>
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to])
  return null
}

function NotFound() {
  const { t } = useI18n()
  return (
    <section className="page">
      <h1>{t('notFound.title')}</h1>
      <Link to="/">{t('notFound.back')}</Link>
    </section>
  )
}

/** The frame around every signed-in screen: navigation, the connection banner, the content. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n()
  const { me, logOut, streamState } = useSession()
  const { pathname } = usePath()
  const current = (to: string) => (pathname === to || (to === '/' && pathname.startsWith('/c/')) ? 'page' : undefined)
  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('nav.skip')}</a>
      <header className="topbar">
        <Link to="/" className="brand-mark" aria-label={t('app.name')}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('app.name')}</span>
        </Link>
        <nav aria-label={t('app.name')}>
          <ul className="nav-list">
            <li><Link to="/" aria-current={current('/')}>{t('nav.messages')}</Link></li>
            <li><Link to="/requests" aria-current={current('/requests')}>{t('nav.requests')}</Link></li>
            {me && me.brands.length > 0 && <li><Link to="/console" aria-current={pathname.startsWith('/console') ? 'page' : undefined}>{t('nav.console')}</Link></li>}
            <li><Link to="/settings" aria-current={current('/settings')}>{t('nav.settings')}</Link></li>
          </ul>
        </nav>
        <button type="button" className="button-quiet" onClick={() => { logOut().then(() => navigate('/login'), (error: unknown) => console.error('could not log out', error)) }}>{t('nav.logout')}</button>
      </header>
      {streamState === 'reconnecting' && <div className="connection-banner" role="status">{t('connection.reconnecting')}</div>}
      <main id="main" className="main">{children}</main>
    </div>
  )
}
