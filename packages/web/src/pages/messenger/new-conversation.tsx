import { useId, useState, type FormEvent } from 'react'
import type { Account } from '@parloir/protocol'
import { defaultLimits } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { navigate } from '../../router.tsx'
import { Dialog } from './dialog.tsx'
import { PeoplePicker, useLookup } from './people-picker.tsx'
import { useErrorText, useStore } from './use-store.ts'
import { href } from './acting.ts'

/**
 * Runs a dialog's "open a conversation" step: while it works the form is busy; on success the
 * dialog closes and the conversation opens; on failure the reason shows and the form is free.
 */
function useOpenConversation(onClose: () => void) {
  const describe = useErrorText()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  async function open(conversationId: () => Promise<string>) {
    setBusy(true)
    setProblem(null)
    try {
      const id = await conversationId()
      onClose()
      navigate(href(`/c/${id}`))
    } catch (error) {
      setProblem(describe(error))
      setBusy(false)
    }
  }
  return { busy, problem, setProblem, open }
}

/** New 1:1: type a handle, open (or find) the conversation with that account. */
export function NewDirectDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n()
  const store = useStore()
  const lookup = useLookup()
  const id = useId()
  const [handle, setHandle] = useState('')
  const { busy, problem, open } = useOpenConversation(onClose)
  async function submit(event: FormEvent) {
    event.preventDefault()
    await open(async () => store.openDirect((await lookup(handle)).id))
  }
  return (
    <Dialog title={t('messenger.new.directTitle')} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={id}>{t('messenger.new.to')}</label>
          <input id={id} value={handle} onChange={(event) => setHandle(event.target.value)} placeholder="@handle" autoComplete="off" autoCapitalize="none" spellCheck={false}
            required aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ''}`} aria-invalid={problem ? true : undefined} />
          <p id={`${id}-hint`} className="hint">{t('messenger.new.toHint')}</p>
          {problem && <p id={`${id}-problem`} className="field-error" role="alert">{problem}</p>}
        </div>
        <div className="msg-request__actions">
          <button type="submit" className="button-primary" disabled={busy || !handle.trim()}>{t('messenger.new.start')}</button>
          <button type="button" className="button-quiet" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </form>
    </Dialog>
  )
}

/** New group: an optional name and the people in it. */
export function NewGroupDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n()
  const store = useStore()
  const nameId = useId()
  const [name, setName] = useState('')
  const [people, setPeople] = useState<Account[]>([])
  const { busy, problem, setProblem, open } = useOpenConversation(onClose)
  async function submit(event: FormEvent) {
    event.preventDefault()
    if (people.length === 0) { setProblem(t('messenger.new.groupNeedsPeople')); return }
    await open(() => store.createGroup(name.trim() || undefined, people.map((p) => p.id)))
  }
  return (
    <Dialog title={t('messenger.new.groupTitle')} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={nameId}>{t('messenger.new.groupName')}</label>
          <input id={nameId} value={name} maxLength={defaultLimits.groupNameChars} onChange={(event) => setName(event.target.value)} placeholder={t('messenger.details.namePlaceholder')} />
        </div>
        <PeoplePicker label={t('messenger.new.groupPeople')} people={people} onChange={setPeople} />
        {problem && <p className="form-error" role="alert">{problem}</p>}
        <div className="msg-request__actions">
          <button type="submit" className="button-primary" disabled={busy}>{t('messenger.new.groupCreate')}</button>
          <button type="button" className="button-quiet" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </form>
    </Dialog>
  )
}
