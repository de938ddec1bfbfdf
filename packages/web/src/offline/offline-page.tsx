import { useI18n } from '../i18n/i18n.tsx'
import { useSession } from '../session.tsx'

/**
 * The app opened while the server cannot be reached (offline, from the service worker's cached
 * shell): says so, keeps asking (session.tsx), and says that nothing written is lost.
 */
export function OfflinePage() {
  const { t } = useI18n()
  const { retrySession } = useSession()
  return (
    <main className="auth-page">
      <section className="auth-card offline-card" aria-labelledby="offline-title">
        <img src="/favicon.svg" alt="" width={48} height={48} />
        <h1 id="offline-title">{t('offline.title')}</h1>
        <p role="status">{t('offline.text')}</p>
        <p className="hint">{t('offline.kept')}</p>
        <button type="button" className="button-primary" onClick={retrySession}>{t('common.retry')}</button>
      </section>
    </main>
  )
}
