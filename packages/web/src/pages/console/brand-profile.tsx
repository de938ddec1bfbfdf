import type { BrandMembership } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { Link } from '../../router.tsx'
import { Avatar } from '../avatar.tsx'

/**
 * The brand's public face, as people see it. Read-only: the API has no way yet to change a
 * brand's name, bio or picture (PATCH /me changes the person, not the brand acted as).
 */
export function BrandProfileSection({ membership }: { membership: BrandMembership }) {
  const { t, locale } = useI18n()
  const brand = membership.brand
  const since = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }).format(new Date(brand.createdAt))
  return (
    <section className="console-section" aria-labelledby="console-profile-title">
      <h1 id="console-profile-title">{t('console.nav.profile')}</h1>
      <p className="console-notice">{t('console.profile.readOnly')}</p>
      <div className="console-profile-card">
        <Avatar account={brand} size={80} />
        <dl className="console-profile-facts">
          <div><dt>{t('console.profile.displayName')}</dt><dd>{brand.displayName}</dd></div>
          <div><dt>{t('console.profile.handle')}</dt><dd>@{brand.handle}</dd></div>
          <div><dt>{t('console.profile.bio')}</dt><dd>{brand.bio || <span className="muted">{t('console.profile.noBio')}</span>}</dd></div>
          <div><dt>{t('console.profile.since')}</dt><dd>{since}</dd></div>
        </dl>
      </div>
      <p><Link to={`/@${brand.handle}`}>{t('console.profile.public')}</Link></p>
    </section>
  )
}
