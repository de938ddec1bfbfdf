import { useEffect, useId, useState, type FormEvent } from 'react'
import { moderationLimits, type Account } from '@parloir/protocol'
import type { ParloirClient } from '@parloir/client'
import type { RouteReply } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { Dialog } from './dialog.tsx'
import { useErrorText } from './use-store.ts'

/**
 * A member of the team asks to block a customer as the brand: with a reason the customer will
 * read, and, unless the brand turned it off, a second member's approval (console, Moderation).
 */
export function BlockDialog({ brandId, account, onClose, onDone }: { brandId: string; account: Account; onClose(): void; onDone(message: string): void }) {
  const { t } = useI18n()
  const describe = useErrorText()
  const { client } = useSession()
  const reasonId = useId()
  const hintId = useId()
  const [reason, setReason] = useState('')
  const [second, setSecond] = useState<boolean | null>(null)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    client.call('getModerationSettings', { params: { brandId } }).then((s) => { if (live) setSecond(s.secondApproval) }, () => { if (live) setSecond(true) })
    return () => { live = false }
  }, [client, brandId])
  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setProblem(null)
    try {
      // Typed by hand: TypeScript gives up on this route's reply through the generic call (TS2589), as oauth-consent.tsx.
      const call = client.call as unknown as (this: ParloirClient, name: 'requestBlock', options: { params: { brandId: string }; body: { accountId: string; reason: string } }) => Promise<RouteReply<'requestBlock'>>
      const { approval } = await call.call(client, 'requestBlock', { params: { brandId }, body: { accountId: account.id, reason } })
      onClose()
      onDone(approval ? t('messenger.moderation.block.asked') : t('messenger.moderation.block.done', { name: account.displayName }))
    } catch (error) {
      setProblem(describe(error))
      setBusy(false)
    }
  }
  const name = account.displayName
  return (
    <Dialog title={t('messenger.moderation.block.title', { name })} onClose={onClose} className="block-dialog">
      <form onSubmit={(event) => void submit(event)}>
        <p className="block-dialog__rule">{t(second === false ? 'messenger.moderation.block.now' : 'messenger.moderation.block.second', { name })}</p>
        <div className="field">
          <label htmlFor={reasonId}>{t('messenger.moderation.block.reason')}</label>
          <textarea id={reasonId} rows={3} required maxLength={moderationLimits.reasonChars} aria-describedby={hintId} value={reason} onChange={(event) => setReason(event.target.value)} />
          <p id={hintId} className="hint">{t('messenger.moderation.block.reasonHint', { name })}</p>
        </div>
        {problem && <p className="form-error" role="alert">{problem}</p>}
        <div className="msg-request__actions">
          <button type="submit" className="button-danger" disabled={busy || second === null || reason.trim() === ''}>
            {t(second === false ? 'messenger.moderation.block.submitNow' : 'messenger.moderation.block.submit')}
          </button>
          <button type="button" className="button-quiet" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </form>
    </Dialog>
  )
}
