import { useI18n } from '../../i18n/i18n.tsx'
import { Link } from '../../router.tsx'

/** Parts of the console that later issues build; each has its place and address already. */
export const soonSections = ['campaigns', 'analytics'] as const
export type SoonSection = (typeof soonSections)[number]

export function ComingSoonSection({ section, brandHandle }: { section: SoonSection; brandHandle: string }) {
  const { t } = useI18n()
  return (
    <section className="console-section console-soon" aria-labelledby="console-soon-title">
      <div className="console-section-head">
        <h1 id="console-soon-title">{t(`console.nav.${section}`)}</h1>
        <span className="console-soon-tag console-soon-tag-large">{t('console.soon.title')}</span>
      </div>
      <div className="console-soon-panel">
        <p className="console-soon-about">{t(`console.about.${section}`)}</p>
        <p className="muted">{t('console.soon.body')}</p>
        <p><Link to={`/console/${brandHandle}/conversations`}>{t('console.soon.meanwhile')}</Link></p>
      </div>
    </section>
  )
}
