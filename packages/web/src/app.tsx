import { lazy, Suspense, useEffect, type ReactNode } from 'react'
import { I18nProvider, useI18n } from './i18n/i18n.tsx'
import { ThemeProvider } from './theme.tsx'
import { SessionProvider, useSession } from './session.tsx'
import { Link, match, navigate, RouterProvider, usePath } from './router.tsx'
import { LoginPage, SignupPage } from './pages/auth.tsx'
import { MessengerPage } from './pages/messenger/messenger.tsx'
import { Shell } from './shell.tsx'
import { OfflinePage } from './offline/offline-page.tsx'

// Screens a person may never open are loaded on demand, to keep the first download small.
const SettingsPage = lazy(() => import('./pages/settings.tsx'))
const ProfilePage = lazy(() => import('./pages/profile.tsx'))
const ConsolePage = lazy(() => import('./pages/console/console.tsx'))
const OAuthConsentPage = lazy(() => import('./pages/oauth-consent.tsx'))
const CollectionsPage = lazy(() => import('./pages/collections/collections.tsx'))
const DiscussionsPage = lazy(() => import('./pages/discussions/discussions.tsx'))

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
  const { me, ready, unreachable } = useSession()
  const { t } = useI18n()

  const profile = match('/@:handle', pathname)
  if (profile) return <Lazy><ProfilePage handle={profile.handle ?? ''} /></Lazy>
  if (!ready) return <p className="page-status" role="status">{t('common.loading')}</p>
  if (unreachable && !me) return <OfflinePage />
  if (pathname === '/login') return me ? <Redirect to="/" /> : <LoginPage />
  if (pathname === '/signup') return me ? <Redirect to="/" /> : <SignupPage />
  // The query goes along: the consent page's whole request is in it.
  if (!me) return <Redirect to={`/login?next=${encodeURIComponent(pathname + (pathname === '/i/oauth2/authorize' ? location.search : ''))}`} />
  if (pathname === '/i/oauth2/authorize') return <Lazy><OAuthConsentPage /></Lazy>
  if (pathname === '/settings') return <Shell><Lazy><SettingsPage /></Lazy></Shell>
  if (pathname === '/console' || pathname.startsWith('/console/')) return <Shell><Lazy><ConsolePage /></Lazy></Shell>
  // `/collections/<id>` itself is the server's public page; the app has the list and `/collections/<id>/edit`.
  if (pathname === '/collections' || match('/collections/:id/edit', pathname)) return <Shell><Lazy><CollectionsPage /></Lazy></Shell>
  const discussion = match('/discussions/:discussionId', pathname)
  if (pathname === '/discussions' || discussion) return <Shell><Lazy><DiscussionsPage {...(discussion?.discussionId ? { discussionId: discussion.discussionId } : {})} /></Lazy></Shell>
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

