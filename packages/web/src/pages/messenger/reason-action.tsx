import { useId, useState, type FormEvent } from 'react'
import { moderationLimits } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { errorMessage } from '../error-message.ts'

/** A button that opens a short form asking why, then does it with the reason. */
export function ReasonAction({ label, submit, prompt, onSubmit, open: startOpen = false, onCancel }: {
  label: string; submit: string; prompt: string; onSubmit(reason: string): Promise<void>
  /** Open from the start (in a dialog, where Cancel closes the dialog: `onCancel`). */
  open?: boolean; onCancel?(): void
}) {
  const i18n = useI18n()
  const { t } = i18n
  const id = useId()
  const [open, setOpen] = useState(startOpen)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  if (!open) return <button type="button" className="button-quiet" onClick={() => setOpen(true)}>{label}</button>
  async function send(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setProblem(null)
    try {
      await onSubmit(reason)
      setOpen(false)
      setReason('')
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="moderation-reason" onSubmit={(event) => void send(event)}>
      <div className="field">
        <label htmlFor={id}>{prompt}</label>
        <textarea id={id} rows={2} required maxLength={moderationLimits.reasonChars} value={reason} onChange={(event) => setReason(event.target.value)} />
      </div>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <div className="moderation-reason__actions">
        <button type="submit" className="button-danger" disabled={busy || reason.trim() === ''}>{submit}</button>
        <button type="button" className="button-quiet" onClick={() => (onCancel ? onCancel() : setOpen(false))}>{t('common.cancel')}</button>
      </div>
    </form>
  )
}
