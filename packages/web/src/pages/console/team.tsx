import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { ParloirApiError } from '@parloir/client'
import { Handle, type Account, type BrandMembership, type BrandRole, type Me } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { navigate } from '../../router.tsx'
import { Avatar } from '../avatar.tsx'
import { errorMessage } from '../error-message.ts'
import { noRefusal, placeRefusal } from '../field-problems.ts'
import { describedBy, FieldMessages, usePlacedRefusal } from './editor-parts.tsx'
import { CustomProfiles } from './custom-profiles.tsx'

interface Member { account: Account; role: BrandRole }

const roles: BrandRole[] = ['owner', 'admin', 'agent', 'viewer']
const rank: Record<BrandRole, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 }
const handlePattern = new RegExp(Handle.pattern ?? '^[A-Za-z0-9_]+$')

/**
 * What my role lets me offer, as the server rules it (core/brands): admins manage agents and
 * viewers, owners anyone, and anyone may leave. The server still decides, and its refusals
 * (LAST_OWNER, FORBIDDEN) are shown as they come.
 */
function powers(myRole: BrandRole) {
  const canManage = myRole === 'owner' || myRole === 'admin'
  const assignable = myRole === 'owner' ? roles : canManage ? roles.filter((r) => rank[r] < rank.admin) : []
  const canEdit = (member: Member) => myRole === 'owner' || (myRole === 'admin' && rank[member.role] < rank.admin)
  return { canManage, assignable, canEdit }
}

export function TeamSection({ me, membership }: { me: Me; membership: BrandMembership }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client, refreshMe } = useSession()
  const brand = membership.brand
  const [members, setMembers] = useState<Member[] | null>(null)
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const { canManage, assignable, canEdit } = powers(membership.role)
  const roleName = useCallback((role: BrandRole) => t(`console.role.${role}`), [t])

  const load = useCallback(async () => {
    try {
      const reply = await client.call('listBrandMembers', { params: { brandId: brand.id } })
      setMembers([...reply.members].sort((a, b) => rank[b.role] - rank[a.role] || a.account.displayName.localeCompare(b.account.displayName)))
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }, [client, brand.id, i18n])
  useEffect(() => { void load() }, [load])

  function upsert(member: Member) {
    setMembers((list) => {
      const rest = (list ?? []).filter((m) => m.account.id !== member.account.id)
      return [...rest, member].sort((a, b) => rank[b.role] - rank[a.role] || a.account.displayName.localeCompare(b.account.displayName))
    })
  }

  async function changeRole(member: Member, role: BrandRole) {
    setStatus('')
    setProblem(null)
    try {
      const saved = await client.setBrandMember(brand.id, member.account.id, role)
      upsert(saved)
      setStatus(t('console.team.changed', { name: saved.account.displayName, role: roleName(saved.role) }))
      if (member.account.id === me.account.id) await refreshMe()
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }

  async function remove(member: Member): Promise<boolean> {
    setStatus('')
    setProblem(null)
    try {
      await client.removeBrandMember(brand.id, member.account.id)
      if (member.account.id === me.account.id) {
        await refreshMe()
        navigate('/console')
        return true
      }
      setMembers((list) => list?.filter((m) => m.account.id !== member.account.id) ?? null)
      setStatus(t('console.team.removed', { name: member.account.displayName }))
      return true
    } catch (error) {
      setProblem(errorMessage(error, i18n))
      return false
    }
  }

  return (
    <section className="console-section" aria-labelledby="console-team-title">
      <h1 id="console-team-title">{t('console.nav.team')}</h1>
      <p className="muted">{t('console.team.hint', { brand: brand.displayName })}</p>

      {canManage && <AddMember brandId={brand.id} assignable={assignable} onAdded={(member) => {
        upsert(member)
        setProblem(null)
        setStatus(t('console.team.added', { name: member.account.displayName, role: roleName(member.role) }))
      }} />}

      <h2 className="console-subtitle">{t('console.team.members')}</h2>
      <p className="console-status" role="status">{status}</p>
      {problem && <p className="form-error console-team-problem" role="alert">{problem}</p>}
      {members === null && !problem && <p className="muted">{t('common.loading')}</p>}
      {members && (
        <ul className="console-members">
          {members.map((member) => (
            <MemberRow key={member.account.id} member={member} isMe={member.account.id === me.account.id} brandName={brand.displayName}
              editable={canEdit(member)} assignable={assignable} onRole={(role) => void changeRole(member, role)} onRemove={() => remove(member)} />
          ))}
        </ul>
      )}

      <CustomProfiles brand={brand} canEdit={canManage} />

      <h2 className="console-subtitle">{t('console.team.roles')}</h2>
      <dl className="console-roles">
        {roles.map((role) => (
          <div key={role}>
            <dt><span className={`console-role console-role-${role}`}>{roleName(role)}</span></dt>
            <dd>{t(`console.role.${role}.about`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}

function MemberRow({ member, isMe, brandName, editable, assignable, onRole, onRemove }: {
  member: Member; isMe: boolean; brandName: string; editable: boolean; assignable: BrandRole[]
  onRole(role: BrandRole): void; onRemove(): Promise<boolean>
}) {
  const { t } = useI18n()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const name = member.account.displayName
  const options = assignable.includes(member.role) ? assignable : [member.role, ...assignable]
  const canRemove = isMe || editable

  async function confirm() {
    setBusy(true)
    const done = await onRemove()
    setBusy(false)
    if (!done) setConfirming(false)
  }

  return (
    <li className="console-member">
      <Avatar account={member.account} size={40} />
      <div className="console-member-who">
        <p className="console-member-name">{name}{isMe && <span className="hint"> ({t('console.team.you')})</span>}</p>
        <p className="hint">@{member.account.handle}</p>
      </div>
      <div className="console-member-role">
        {editable ? (
          <select aria-label={t('console.team.roleOf', { name })} value={member.role} onChange={(e) => onRole(e.target.value as BrandRole)}>
            {options.map((role) => <option key={role} value={role}>{t(`console.role.${role}`)}</option>)}
          </select>
        ) : (
          <span className={`console-role console-role-${member.role}`}>{t(`console.role.${member.role}`)}</span>
        )}
      </div>
      {canRemove && (
        <div className="console-member-actions">
          {confirming ? (
            <div className="console-confirm" role="group" aria-label={isMe ? t('console.team.confirmLeave', { brand: brandName }) : t('console.team.confirmRemove', { name })}>
              <span className="console-confirm-text">{isMe ? t('console.team.confirmLeave', { brand: brandName }) : t('console.team.confirmRemove', { name })}</span>
              {/* Focus moves to the confirming button, so a keyboard user lands on the choice. */}
              <button type="button" className="button-danger" onClick={() => void confirm()} disabled={busy} autoFocus>
                {isMe ? t('console.team.leave') : t('console.team.remove')}
              </button>
              <button type="button" className="button-quiet" onClick={() => setConfirming(false)} disabled={busy}>{t('common.cancel')}</button>
            </div>
          ) : (
            <button type="button" className="button-quiet" onClick={() => setConfirming(true)}
              aria-label={isMe ? undefined : t('console.team.removeWho', { name })}>
              {isMe ? t('console.team.leave') : t('console.team.remove')}
            </button>
          )}
        </div>
      )}
    </li>
  )
}

/** The inputs of the add-member form, as problems name them: the handle is looked up, the role is the body's. */
const memberTargets = ['/handle', '/role']

function AddMember({ brandId, assignable, onAdded }: { brandId: string; assignable: BrandRole[]; onAdded(member: Member): void }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client } = useSession()
  const id = useId()
  const [handle, setHandle] = useState('')
  const [role, setRole] = useState<BrandRole>('agent')
  const [busy, setBusy] = useState(false)
  const form = useRef<HTMLFormElement>(null)
  const [refusal, setRefusal] = usePlacedRefusal(form)
  const onHandle = (message: string) => setRefusal({ byTarget: new Map([['/handle', [message]]]), general: null })

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const wanted = handle.trim().replace(/^@/, '')
    setRefusal(noRefusal)
    if (!handlePattern.test(wanted)) return onHandle(t('console.team.badHandle'))
    setBusy(true)
    try {
      let account: Account
      try {
        account = await client.getAccountByHandle(wanted)
      } catch (error) {
        if (error instanceof ParloirApiError && error.status === 404) return onHandle(t('console.team.noSuchHandle', { handle: wanted }))
        throw error
      }
      if (account.kind === 'brand') return onHandle(t('console.team.isBrand', { handle: account.handle }))
      onAdded(await client.setBrandMember(brandId, account.id, role))
      setHandle('')
    } catch (error) {
      setRefusal(placeRefusal(error, t, memberTargets, errorMessage(error, i18n)))
    } finally {
      setBusy(false)
    }
  }

  const handleProblems = refusal.byTarget.get('/handle')
  const roleProblems = refusal.byTarget.get('/role')
  return (
    <form ref={form} className="console-add" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="console-subtitle">{t('console.team.add')}</h2>
      <div className="console-add-fields">
        <div className="field console-add-handle">
          <label htmlFor={`${id}-handle`}>{t('console.team.handle')}</label>
          <div className="console-at-input">
            <span aria-hidden="true">@</span>
            <input id={`${id}-handle`} value={handle} onChange={(e) => setHandle(e.target.value)} autoCapitalize="none" autoComplete="off" spellCheck={false}
              maxLength={16} required aria-describedby={describedBy(`${id}-hint`, handleProblems && `${id}-handle-error`)} aria-invalid={handleProblems ? true : undefined} />
          </div>
          <p id={`${id}-hint`} className="hint">{t('console.team.handle.hint')}</p>
          <FieldMessages id={`${id}-handle-error`} messages={handleProblems} />
        </div>
        <div className="field console-add-role">
          <label htmlFor={`${id}-role`}>{t('console.team.role')}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as BrandRole)}
            aria-describedby={roleProblems ? `${id}-role-error` : undefined} aria-invalid={roleProblems ? true : undefined}>
            {assignable.map((r) => <option key={r} value={r}>{t(`console.role.${r}`)}</option>)}
          </select>
          <FieldMessages id={`${id}-role-error`} messages={roleProblems} />
        </div>
        <button type="submit" className="button-primary console-add-submit" disabled={busy}>{busy ? t('auth.working') : t('console.team.submit')}</button>
      </div>
      {refusal.general && <p className="form-error" role="alert">{refusal.general}</p>}
    </form>
  )
}
