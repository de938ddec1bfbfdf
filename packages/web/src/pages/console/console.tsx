import { useEffect, useId, useRef, type ReactNode } from 'react'
import type { BrandMembership, Me } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import type { MessageKey } from '../../i18n/text.ts'
import { useSession } from '../../session.tsx'
import { Link, navigate, usePath } from '../../router.tsx'
import { Avatar } from '../avatar.tsx'
import { useDocumentTitle } from '../document-title.ts'
import { ConversationsSection } from './conversations.tsx'
import { InboxSection } from './inbox.tsx'
import { useAttention } from './attention.tsx'
import { titleWithCount } from './attention-model.ts'
import { TeamSection } from './team.tsx'
import { BrandProfileSection } from './brand-profile.tsx'
import { WelcomeMessagesSection } from './welcome-messages.tsx'
import { AutomationSection } from './automation.tsx'
import { SavedRepliesSection } from './saved-replies.tsx'
import { LabelsSection } from './labels.tsx'
import { ModerationSection } from './moderation.tsx'
import { PublishSection } from './publish.tsx'
import { AppsSection } from './apps.tsx'
import { ComingSoonSection, soonSections, type SoonSection } from './coming-soon.tsx'

const builtSections = ['inbox', 'conversations', 'welcome', 'automation', 'replies', 'labels', 'moderation', 'publish', 'team', 'profile', 'apps'] as const
type BuiltSection = (typeof builtSections)[number]
export type ConsoleSection = BuiltSection | SoonSection

const isSection = (name: string): name is ConsoleSection =>
  (builtSections as readonly string[]).includes(name) || (soonSections as readonly string[]).includes(name)

/** Where a section of a brand lives: `/console/<brandHandle>/<section>`. */
export const consolePath = (brandHandle: string, section: ConsoleSection = 'inbox') => `/console/${brandHandle}/${section}`

/**
 * `/console/…`: the brand console for the people on a brand's team. The brand comes from the
 * path, so every screen has its own address; the role comes from `me.brands`, and the server
 * still judges every action.
 */
export default function ConsolePage() {
  const { me } = useSession()
  const { pathname } = usePath()
  if (!me) return null
  const [, handle, section, ...rest] = pathname.split('/').filter(Boolean)
  if (!handle) {
    const only = me.brands.length === 1 ? me.brands[0] : undefined
    if (only) return <Redirect to={consolePath(only.brand.handle)} />
    return <BrandChooser me={me} />
  }
  const membership = me.brands.find((m) => m.brand.handle.toLowerCase() === handle.toLowerCase())
  if (!membership) return <NotMember handle={handle} />
  if (!section) return <Redirect to={consolePath(membership.brand.handle)} />
  if (!isSection(section) || rest.length > 0) return <NoSuchSection brandHandle={membership.brand.handle} />
  return <ConsoleFrame me={me} membership={membership} section={section} />
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to])
  return null
}

function ConsoleFrame({ me, membership, section }: { me: Me; membership: BrandMembership; section: ConsoleSection }) {
  const { t } = useI18n()
  const brand = membership.brand
  const navKey = (name: ConsoleSection) => `console.nav.${name}` as MessageKey
  // The count of what needs the member (unassigned, and their own unread) leads the tab's title in every section.
  const attention = useAttention(brand)
  useDocumentTitle(titleWithCount(attention ?? 0, `${t(navKey(section))} · ${brand.displayName}`))
  const soonId = useId()
  // On a phone the sections are a strip that scrolls sideways: keep the current one in sight.
  const nav = useRef<HTMLElement>(null)
  useEffect(() => {
    const current = nav.current?.querySelector<HTMLElement>('[aria-current="page"]')
    const strip = nav.current
    if (!current || !strip || strip.scrollWidth <= strip.clientWidth) return
    strip.scrollLeft = current.offsetLeft - (strip.clientWidth - current.offsetWidth) / 2
  }, [section])
  const link = (name: ConsoleSection, soon: boolean) => (
    <li key={name}>
      <Link to={consolePath(brand.handle, name)} aria-current={name === section ? 'page' : undefined} className={soon ? 'console-nav-soon' : undefined}>
        <span>{t(navKey(name))}</span>
        {soon && <span className="console-soon-tag">{t('console.soon')}</span>}
      </Link>
    </li>
  )
  let content: ReactNode
  if (section === 'inbox') content = <InboxSection membership={membership} />
  else if (section === 'conversations') content = <ConversationsSection brand={brand} />
  else if (section === 'team') content = <TeamSection me={me} membership={membership} />
  else if (section === 'profile') content = <BrandProfileSection membership={membership} />
  else if (section === 'welcome') content = <WelcomeMessagesSection membership={membership} />
  else if (section === 'automation') content = <AutomationSection membership={membership} />
  else if (section === 'replies') content = <SavedRepliesSection membership={membership} />
  else if (section === 'labels') content = <LabelsSection membership={membership} />
  else if (section === 'moderation') content = <ModerationSection membership={membership} />
  else if (section === 'publish') content = <PublishSection membership={membership} />
  else if (section === 'apps') content = <AppsSection membership={membership} />
  else content = <ComingSoonSection section={section} brandHandle={brand.handle} />

  return (
    <div className="console">
      <div className="console-side">
        <div className="console-brand">
          <Avatar account={brand} size={40} />
          <div className="console-brand-text">
            <p className="console-brand-name">{brand.displayName}</p>
            <p className="hint">@{brand.handle} · {t(`console.role.${membership.role}`)}</p>
          </div>
        </div>
        {me.brands.length > 1 && <BrandSwitcher key={brand.id} brands={me.brands} current={brand.id} section={section} />}
        <nav ref={nav} aria-label={t('console.sections')} className="console-nav">
          <ul className="console-nav-list">{builtSections.map((name) => link(name, false))}</ul>
          <p className="console-nav-caption" id={soonId}>{t('console.soon.title')}</p>
          <ul className="console-nav-list" aria-labelledby={soonId}>{soonSections.map((name) => link(name, true))}</ul>
        </nav>
      </div>
      <div className="console-content">{content}</div>
    </div>
  )
}

/** A disclosure with the other brands; each keeps the section one is in. */
function BrandSwitcher({ brands, current, section }: { brands: BrandMembership[]; current: string; section: ConsoleSection }) {
  const { t } = useI18n()
  return (
    <details className="console-switch">
      <summary>{t('console.switch')}</summary>
      <ul>
        {brands.map(({ brand, role }) => (
          <li key={brand.id}>
            <Link to={consolePath(brand.handle, section)} aria-current={brand.id === current ? 'true' : undefined}>
              <Avatar account={brand} size={28} />
              <span className="console-switch-name">{brand.displayName}</span>
              <span className="hint">{t(`console.role.${role}`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </details>
  )
}

function BrandChooser({ me }: { me: Me }) {
  const { t } = useI18n()
  useDocumentTitle(t('console.title'))
  if (me.brands.length === 0) {
    return (
      <div className="page console-page">
        <h1>{t('console.none.title')}</h1>
        <p className="muted">{t('console.none.body', { handle: me.account.handle })}</p>
      </div>
    )
  }
  return (
    <div className="page console-page">
      <h1>{t('console.choose.title')}</h1>
      <p className="muted">{t('console.choose.hint')}</p>
      <ul className="console-brand-list">
        {me.brands.map(({ brand, role }) => (
          <li key={brand.id}>
            <Link to={consolePath(brand.handle)} className="console-brand-card">
              <Avatar account={brand} size={48} />
              <span className="console-brand-card-text">
                <span className="console-brand-name">{brand.displayName}</span>
                <span className="hint">@{brand.handle} · {t(`console.role.${role}`)}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  )
}

function NotMember({ handle }: { handle: string }) {
  const { t } = useI18n()
  useDocumentTitle(t('console.notMember.title'))
  return (
    <div className="page console-page">
      <h1>{t('console.notMember.title')}</h1>
      <p className="muted">{t('console.notMember.body', { handle })}</p>
      <Link to="/console">{t('console.notMember.back')}</Link>
    </div>
  )
}

function NoSuchSection({ brandHandle }: { brandHandle: string }) {
  const { t } = useI18n()
  useDocumentTitle(t('notFound.title'))
  return (
    <div className="page console-page">
      <h1>{t('notFound.title')}</h1>
      <Link to={consolePath(brandHandle)}>{t('console.notMember.back')}</Link>
    </div>
  )
}
