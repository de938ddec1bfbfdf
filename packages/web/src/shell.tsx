import type { ReactNode } from 'react'
import { useI18n } from './i18n/i18n.tsx'
import { useSession } from './session.tsx'
import { Link, navigate, usePath } from './router.tsx'

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
            <li><Link to="/discussions" aria-current={pathname.startsWith('/discussions') ? 'page' : undefined}>{t('nav.discussions')}</Link></li>
            {me && me.brands.length > 0 && <li><Link to="/console" aria-current={pathname.startsWith('/console') ? 'page' : undefined}>{t('nav.console')}</Link></li>}
            <li><Link to="/collections" aria-current={pathname.startsWith('/collections') ? 'page' : undefined}>{t('nav.collections')}</Link></li>
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
