import { useCallback, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { defaultLimits as L, type Account, type BrandMembership } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { Link } from '../../router.tsx'
import { Avatar } from '../avatar.tsx'
import { AvatarPicker } from '../avatar-picker.tsx'
import { TextField, canChangeBrand, refusalMessage, useBrandClient, useFormProblems } from './editor-parts.tsx'
import { codePoints, placeProblems, problemsOf, sentenceAbove } from '../field-problems.ts'

/**
 * The brand's public face, as people see it. Owners and admins change its name, bio and picture
 * (PATCH /brands/:id); the rest of the team reads it.
 */
export function BrandProfileSection({ membership }: { membership: BrandMembership }) {
  const { t, locale } = useI18n()
  const brand = membership.brand
  const canEdit = canChangeBrand(membership.role)
  const since = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }).format(new Date(brand.createdAt))
  return (
    <section className="console-section" aria-labelledby="console-profile-title">
      <h1 id="console-profile-title">{t('console.nav.profile')}</h1>
      {canEdit
        ? <p className="muted">{t('console.profile.editHint')}</p>
        : <p className="console-notice">{t('console.profile.readOnly')}</p>}
      {canEdit ? <BrandProfileForm key={brand.id} brand={brand} since={since} /> : (
        <div className="console-profile-card">
          <Avatar account={brand} size={80} />
          <dl className="console-profile-facts">
            <div><dt>{t('console.profile.displayName')}</dt><dd>{brand.displayName}</dd></div>
            <div><dt>{t('console.profile.handle')}</dt><dd>@{brand.handle}</dd></div>
            <div><dt>{t('console.profile.bio')}</dt><dd>{brand.bio || <span className="muted">{t('console.profile.noBio')}</span>}</dd></div>
            <div><dt>{t('console.profile.since')}</dt><dd>{since}</dd></div>
          </dl>
        </div>
      )}
      <p><Link to={`/@${brand.handle}`}>{t('console.profile.public')}</Link></p>
    </section>
  )
}

function BrandProfileForm({ brand, since }: { brand: Account; since: string }) {
  const i18n = useI18n()
  const { t } = i18n
  const { refreshMe } = useSession()
  const client = useBrandClient(brand)
  const id = useId()
  const [displayName, setDisplayName] = useState(brand.displayName)
  const [bio, setBio] = useState(brand.bio)
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const form = useRef<HTMLFormElement>(null)
  const fields = useMemo(() => ({ displayName, bio }), [displayName, bio])
  const check = useCallback((d: { displayName: string; bio: string }) => {
    const found: Array<{ path: string; message: string }> = []
    const name = d.displayName.trim()
    if (name === '') found.push({ path: '/displayName', message: t('console.problem.required') })
    else if (codePoints(name) > L.displayNameChars) found.push({ path: '/displayName', message: t('console.problem.tooLong', { max: L.displayNameChars }) })
    if (codePoints(d.bio.trim()) > L.bioChars) found.push({ path: '/bio', message: t('console.problem.tooLong', { max: L.bioChars }) })
    return found
  }, [t])
  const { problems, general: problem, begin, fail } = useFormProblems(fields, check, form)

  async function save(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    setStatus('')
    if (!begin()) return
    setBusy(true)
    try {
      await client.call('updateBrandProfile', { params: { brandId: brand.id }, body: { displayName: displayName.trim(), bio: bio.trim() } })
      // The console's header and brand list come from `me`: fetch it again to show the change.
      await refreshMe()
      setStatus(t('console.profile.saved'))
    } catch (error) {
      const placed = placeProblems(problemsOf(error, t), ['/displayName', '/bio'])
      fail(placed.byTarget, sentenceAbove(placed, t, refusalMessage(error, i18n, 'console.problem.forbidden')))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="console-profile-edit">
      <BrandAvatar brand={brand} />
      <form ref={form} className="console-profile-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="visually-hidden">{t('console.profile.form')}</h2>
        <div className="field">
          <span className="settings-label">{t('console.profile.handle')}</span>
          <p className="console-profile-handle">@{brand.handle} · <span className="hint">{t('console.profile.since')} {since}</span></p>
        </div>
        <TextField label={t('console.profile.displayName')} value={displayName} onChange={setDisplayName} max={L.displayNameChars} required
          messages={problems.get('/displayName')} autoComplete="organization" />
        <TextField label={t('console.profile.bio')} hint={t('console.profile.bio.hint')} value={bio} onChange={setBio} max={L.bioChars} multiline rows={3}
          messages={problems.get('/bio')} />
        {problem && <p className="form-error console-form-problem" role="alert">{problem}</p>}
        <div className="console-actions">
          <button type="submit" className="button-primary" disabled={busy}>{busy ? t('auth.working') : t('console.profile.save')}</button>
          <p className="console-status console-status-inline" role="status">{status}</p>
        </div>
      </form>
    </div>
  )
}

/** The picture is saved as soon as it is chosen, as in a person's settings. */
function BrandAvatar({ brand }: { brand: Account }) {
  const { t } = useI18n()
  const client = useBrandClient(brand)
  async function save(avatarMediaId: string | null): Promise<void> {
    await client.call('updateBrandProfile', { params: { brandId: brand.id }, body: { avatarMediaId } })
  }
  return (
    <AvatarPicker account={brand} client={client} className="console-brand-avatar" accept="image/jpeg,image/png,image/webp" save={save}
      text={{
        label: t('console.profile.avatar'), alt: t('console.profile.avatar.alt', { name: brand.displayName }), choose: t('console.image.choose'),
        change: t('console.image.replace'), remove: t('console.image.remove'), hint: t('console.profile.avatar.hint'),
        uploading: t('console.profile.avatar.uploading'), updated: t('console.profile.avatar.updated'), removed: t('console.profile.avatar.removed'),
      }} />
  )
}
