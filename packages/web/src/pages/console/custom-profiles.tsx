import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { defaultLimits as L, type Account, type CustomProfile, type Media } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { Avatar } from '../avatar.tsx'
import { errorMessage } from '../error-message.ts'
import { ConfirmButton, ImagePicker, TextField, refusalMessage, useBrandClient, useFormProblems } from './editor-parts.tsx'
import { codePoints, placeProblems, problemsOf, sentenceAbove } from '../field-problems.ts'

/**
 * "Profiles the team answers under": names and pictures an agent may answer under instead of the
 * brand's. Owners and admins create and delete them; everyone on the team sees them.
 */
export function CustomProfiles({ brand, canEdit }: { brand: Account; canEdit: boolean }) {
  const i18n = useI18n()
  const { t } = i18n
  const client = useBrandClient(brand)
  const id = useId()
  const [profiles, setProfiles] = useState<CustomProfile[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [status, setStatus] = useState('')

  const load = useCallback(async () => {
    try {
      const reply = await client.call('listCustomProfiles', { params: { brandId: brand.id } })
      setProfiles(reply.customProfiles)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }, [client, brand.id, i18n])
  useEffect(() => { void load() }, [load])

  async function remove(profile: CustomProfile): Promise<boolean> {
    setProblem(null)
    setStatus('')
    try {
      await client.call('deleteCustomProfile', { params: { brandId: brand.id, profileId: profile.id } })
      setProfiles((list) => list?.filter((p) => p.id !== profile.id) ?? null)
      setStatus(t('console.profiles.deleted', { name: profile.name }))
      return true
    } catch (error) {
      setProblem(refusalMessage(error, i18n, 'console.profiles.full'))
      return false
    }
  }

  const full = (profiles?.length ?? 0) >= L.customProfilesPerBrand
  return (
    <section className="console-profiles" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="console-subtitle">{t('console.profiles.title')}</h2>
      <p className="muted console-profiles-hint">{t('console.profiles.hint', { brand: brand.displayName })}</p>
      <p className="console-status" role="status">{status}</p>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {profiles === null && !problem && <p className="muted">{t('common.loading')}</p>}
      {profiles && profiles.length === 0 && <p className="console-empty console-empty-small">{t('console.profiles.empty')}</p>}
      {profiles && profiles.length > 0 && (
        <ul className="console-members" aria-labelledby={`${id}-title`}>
          {profiles.map((profile) => (
            <li key={profile.id} className="console-member">
              <Avatar account={{ id: profile.id, handle: `profile-${profile.id}`, displayName: profile.name, avatarUrl: profile.avatarUrl, kind: 'person' }} size={40} />
              <div className="console-member-who"><p className="console-member-name">{profile.name}</p></div>
              {canEdit && (
                <div className="console-member-actions">
                  <ConfirmButton label={t('console.profiles.deleteWho', { name: profile.name })} question={t('console.profiles.confirmDelete', { name: profile.name })}
                    confirm={t('console.delete')} onConfirm={() => remove(profile)} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        full
          ? <p className="hint">{t('console.profiles.full')}</p>
          : <NewProfile brand={brand} onCreated={(profile) => {
            setProfiles((list) => [...(list ?? []), profile])
            setStatus(t('console.profiles.created', { name: profile.name }))
          }} />
      )}
    </section>
  )
}

function NewProfile({ brand, onCreated }: { brand: Account; onCreated(profile: CustomProfile): void }) {
  const i18n = useI18n()
  const { t } = i18n
  const client = useBrandClient(brand)
  const id = useId()
  const [name, setName] = useState('')
  const [avatar, setAvatar] = useState<Media | null>(null)
  const [busy, setBusy] = useState(false)
  // A new picker after each creation, so the picture chosen last time is gone.
  const [round, setRound] = useState(0)
  const form = useRef<HTMLFormElement>(null)
  const check = useCallback((value: string) => {
    const trimmed = value.trim()
    if (trimmed === '') return [{ path: '/name', message: t('console.problem.required') }]
    if (codePoints(trimmed) > L.customProfileNameChars) return [{ path: '/name', message: t('console.problem.tooLong', { max: L.customProfileNameChars }) }]
    return []
  }, [t])
  const { problems, general: problem, begin, fail, reset } = useFormProblems(name, check, form)

  async function create(event: FormEvent) {
    event.preventDefault()
    if (busy || !begin()) return
    setBusy(true)
    try {
      const profile = await client.call('createCustomProfile', { params: { brandId: brand.id }, body: { name: name.trim(), avatarMediaId: avatar?.id ?? null } })
      setName('')
      setAvatar(null)
      reset()
      setRound((r) => r + 1)
      onCreated(profile)
    } catch (error) {
      const placed = placeProblems(problemsOf(error, t), ['/name', '/avatarMediaId'])
      fail(placed.byTarget, sentenceAbove(placed, t, refusalMessage(error, i18n, 'console.profiles.full')))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form ref={form} className="console-add console-profile-new" onSubmit={(e) => void create(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="console-subtitle">{t('console.profiles.new')}</h3>
      <TextField label={t('console.profiles.name')} hint={t('console.profiles.name.hint')} value={name} onChange={setName} max={L.customProfileNameChars}
        required messages={problems.get('/name')} />
      <ImagePicker key={round} client={client} media={avatar} onChange={setAvatar} label={t('console.profiles.avatar')} hint={t('console.profiles.avatar.hint')}
        messages={problems.get('/avatarMediaId')} round />
      {problem && <p className="form-error console-form-problem" role="alert">{problem}</p>}
      <div className="console-actions">
        <button type="submit" className="button-primary" disabled={busy}>{busy ? t('auth.working') : t('console.profiles.create')}</button>
      </div>
    </form>
  )
}
