import { useId, useState, type FormEvent } from 'react'
import type { Account, Conversation } from '@parloir/protocol'
import { defaultLimits } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { Link, navigate } from '../../router.tsx'
import { Avatar } from './avatar.tsx'
import { Dialog } from './dialog.tsx'
import { isVisitor, othersOf } from './format.ts'
import { HandleOrTag } from './handle.tsx'
import { PeoplePicker } from './people-picker.tsx'
import { useErrorText, useStore } from './use-store.ts'
import { href } from './acting.ts'
import { fieldErrors } from '../error-message.ts'
import { useTeam } from './team-bar.tsx'
import { BlockDialog } from './block-dialog.tsx'

/**
 * Details of a conversation. A group: its name (rename), its members, add people, leave. A 1:1:
 * the other person, with block and report.
 */
export function GroupDetails({ conversation, onClose }: { conversation: Conversation; onClose(): void }) {
  const { t } = useI18n()
  const isGroup = conversation.kind === 'group'
  return (
    <Dialog title={t(isGroup ? 'messenger.details.groupTitle' : 'messenger.details.title')} onClose={onClose} className="msg-details">
      {isGroup ? <GroupPanel conversation={conversation} onClose={onClose} /> : <PersonPanel conversation={conversation} onClose={onClose} />}
    </Dialog>
  )
}

function GroupPanel({ conversation, onClose }: { conversation: Conversation; onClose(): void }) {
  const describe = useErrorText()
  const { t } = useI18n()
  const store = useStore()
  const nameId = useId()
  const [name, setName] = useState(conversation.name ?? '')
  const [adding, setAdding] = useState<Account[]>([])
  const [status, setStatus] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [confirmLeave, setConfirmLeave] = useState(false)
  const room = defaultLimits.groupParticipants - conversation.participants.length

  async function act(action: () => Promise<void>, done: string) {
    setBusy(true)
    setProblem(null)
    setStatus(null)
    try {
      await action()
      setStatus(done)
    } catch (error) {
      setProblem(describe(error))
    } finally {
      setBusy(false)
    }
  }

  const [nameProblem, setNameProblem] = useState<string | null>(null)
  async function rename(event: FormEvent) {
    event.preventDefault()
    const next = name.trim()
    setNameProblem(null)
    setBusy(true)
    setProblem(null)
    setStatus(null)
    try {
      await store.rename(conversation.id, next === '' ? null : next)
      setStatus(t('messenger.details.renamed'))
    } catch (error) {
      // The name's own sentence stands beside it; anything else goes to the line at the end.
      const sentence = fieldErrors(error, t).name
      if (sentence) setNameProblem(sentence)
      else setProblem(describe(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <form className="msg-details__section" onSubmit={(event) => void rename(event)}>
        <label htmlFor={nameId} className="msg-field-label">{t('messenger.details.name')}</label>
        <div className="msg-picker__row">
          <input id={nameId} className="msg-input" value={name} maxLength={defaultLimits.groupNameChars} onChange={(event) => setName(event.target.value)}
            placeholder={t('messenger.details.namePlaceholder')} aria-invalid={nameProblem ? true : undefined} aria-describedby={nameProblem ? `${nameId}-error` : undefined} />
          <button type="submit" className="button-quiet" disabled={busy || name.trim() === (conversation.name ?? '')}>{t('messenger.details.rename')}</button>
        </div>
        {nameProblem && <p id={`${nameId}-error`} className="field-error">{nameProblem}</p>}
      </form>

      <section className="msg-details__section" aria-labelledby={`${nameId}-members`}>
        <h3 id={`${nameId}-members`} className="msg-details__heading">{t('messenger.group.members', { count: conversation.participants.length })}</h3>
        <ul className="msg-members">
          {conversation.participants.map((p) => (
            <li key={p.account.id} className="msg-member">
              <Avatar account={p.account} size={36} />
              <span className="msg-member__names">
                <span className="msg-member__name">{p.account.displayName}{p.account.id === store.meId ? ` ${t('messenger.details.youSuffix')}` : ''}</span>
                <span className="msg-member__handle"><HandleOrTag account={p.account} />{p.status === 'request' ? ` · ${t('messenger.details.invited')}` : ''}</span>
              </span>
            </li>
          ))}
        </ul>
      </section>

      <form className="msg-details__section" onSubmit={(event) => {
        event.preventDefault()
        if (adding.length === 0) return
        void act(async () => { await store.addPeople(conversation.id, adding.map((a) => a.id)); setAdding([]) }, t('messenger.details.added'))
      }}>
        {room > 0 ? (
          <>
            <PeoplePicker label={t('messenger.details.addPeople')} people={adding} onChange={setAdding} exclude={conversation.participants.map((p) => p.account.id)} />
            {adding.length > 0 && <button type="submit" className="button-primary" disabled={busy}>{t('messenger.details.addConfirm', { count: adding.length })}</button>}
          </>
        ) : <p className="hint">{t('messenger.details.full', { limit: defaultLimits.groupParticipants })}</p>}
      </form>

      <div className="msg-details__section msg-details__danger">
        {confirmLeave ? (
          <div role="group" aria-label={t('messenger.details.leave')}>
            <p>{t('messenger.details.leaveConfirm')}</p>
            <div className="msg-request__actions">
              <button type="button" className="button-danger" disabled={busy} onClick={() => void act(async () => { await store.leave(conversation.id); onClose(); navigate(href('/')) }, '')}>{t('messenger.details.leave')}</button>
              <button type="button" className="button-quiet" onClick={() => setConfirmLeave(false)}>{t('common.cancel')}</button>
            </div>
          </div>
        ) : (
          <button type="button" className="button-danger" onClick={() => setConfirmLeave(true)}>{t('messenger.details.leave')}</button>
        )}
      </div>
      <p className="msg-details__status" role="status">{status}</p>
      {problem && <p className="form-error" role="alert">{problem}</p>}
    </>
  )
}

function PersonPanel({ conversation, onClose }: { conversation: Conversation; onClose(): void }) {
  const describe = useErrorText()
  const { t } = useI18n()
  const store = useStore()
  const other = othersOf(conversation, store.meId)[0]
  const [reporting, setReporting] = useState(false)
  const [blocking, setBlocking] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  // Acting as a brand, a block needs a reason and (by default) a second member: the block dialog.
  const team = useTeam()
  if (!other) return <p>{t('messenger.details.nobody')}</p>
  return (
    <>
      <div className="msg-details__person">
        <Avatar account={other} size={72} />
        <p className="msg-details__person-name">{other.displayName}</p>
        <p className="msg-member__handle"><HandleOrTag account={other} /></p>
        {other.bio && <p className="msg-details__bio">{other.bio}</p>}
        {!isVisitor(other) && <Link to={`/@${other.handle}`} onClick={onClose}>{t('messenger.details.profile')}</Link>}
      </div>
      <div className="msg-details__section msg-details__danger">
        <div className="msg-request__actions">
          {team ? (
            <button type="button" className="button-quiet" onClick={() => setBlocking(true)}>{t('messenger.moderation.block')}</button>
          ) : (
            <button type="button" className="button-quiet" onClick={() => {
              setProblem(null)
              store.client.block(other.id).then(() => setStatus(t('messenger.details.blocked', { name: other.displayName })), (error: unknown) => setProblem(describe(error)))
            }}>{t('messenger.details.block')}</button>
          )}
          <button type="button" className="button-danger" onClick={() => setReporting(true)}>{t('messenger.request.report')}</button>
        </div>
      </div>
      <p className="msg-details__status" role="status">{status}</p>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {reporting && <ReportDialog account={other} conversationId={conversation.id} onClose={() => setReporting(false)} onDone={() => setStatus(t('messenger.report.sent'))} />}
      {blocking && team && <BlockDialog brandId={team.membership.brand.id} account={other} onClose={() => setBlocking(false)} onDone={setStatus} />}
    </>
  )
}

/** Reports an account with a reason, optionally blocking it too. */
export function ReportDialog({ account, conversationId, onClose, onDone }: { account: Account; conversationId: string; onClose(): void; onDone(blocked: boolean): void }) {
  const describe = useErrorText()
  const { t } = useI18n()
  const store = useStore()
  const reasonId = useId()
  const [reason, setReason] = useState('')
  const [block, setBlock] = useState(true)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setProblem(null)
    try {
      await store.client.report(account.id, { reason: reason.trim() || t('messenger.report.defaultReason'), conversationId, block })
      onClose()
      onDone(block)
    } catch (error) {
      setProblem(describe(error))
      setBusy(false)
    }
  }
  return (
    <Dialog title={t('messenger.report.title', { name: account.displayName })} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={reasonId}>{t('messenger.report.reason')}</label>
          <textarea id={reasonId} rows={3} maxLength={defaultLimits.reportReasonChars} value={reason} onChange={(event) => setReason(event.target.value)} />
        </div>
        <label className="msg-check">
          <input type="checkbox" checked={block} onChange={(event) => setBlock(event.target.checked)} />
          {t('messenger.report.block', { name: account.displayName })}
        </label>
        {problem && <p className="form-error" role="alert">{problem}</p>}
        <div className="msg-request__actions">
          <button type="submit" className="button-danger" disabled={busy}>{t('messenger.report.submit')}</button>
          <button type="button" className="button-quiet" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </form>
    </Dialog>
  )
}
