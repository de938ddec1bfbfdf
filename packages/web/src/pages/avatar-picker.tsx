import { useId, useRef, useState, type ChangeEvent } from 'react'
import type { ParloirClient } from '@parloir/client'
import type { Account } from '@parloir/protocol'
import { useI18n } from '../i18n/i18n.tsx'
import { useSession } from '../session.tsx'
import { Avatar } from './avatar.tsx'
import { errorMessage } from './error-message.ts'

/** What the picker says, in the words of the page it is on. */
export interface AvatarPickerText {
  label: string
  /** The picture's alternative text, when there is one. */
  alt: string
  choose: string
  change: string
  remove: string
  hint: string
  uploading: string
  updated: string
  removed: string
}

/**
 * An account's picture, saved as soon as it is chosen: upload, point the profile at it, then
 * fetch `me` again so every place that shows it (header, console, lists) changes too. A person's
 * settings and a brand's profile in the console both use it; `save` says whose profile.
 */
export function AvatarPicker({ account, client, save, accept, text, className = '' }: {
  account: Pick<Account, 'id' | 'handle' | 'displayName' | 'avatarUrl' | 'kind'>
  /** Uploads the chosen file (as the brand, for a brand). */
  client: ParloirClient
  save(avatarMediaId: string | null): Promise<unknown>
  /** The image types offered in the file chooser. */
  accept: string
  text: AvatarPickerText
  className?: string
}) {
  const i18n = useI18n()
  const { refreshMe } = useSession()
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState<string | null>(null)

  async function apply(work: () => Promise<string | null>, done: string) {
    setBusy(true)
    setProblem(null)
    setStatus(text.uploading)
    try {
      await save(await work())
      await refreshMe()
      setStatus(done)
    } catch (error) {
      setStatus('')
      setProblem(errorMessage(error, i18n))
    } finally {
      setBusy(false)
    }
  }

  function chosen(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    void apply(async () => (await client.uploadMedia(file, file.name)).id, text.updated)
  }

  return (
    <div className={`settings-avatar ${className}`.trim()} role="group" aria-labelledby={`${id}-label`}>
      <Avatar account={account} size={88} alt={account.avatarUrl ? text.alt : ''} />
      <div className="settings-avatar-body">
        <span className="settings-label" id={`${id}-label`}>{text.label}</span>
        <div className="settings-avatar-actions">
          <button type="button" className="button-quiet" disabled={busy} aria-describedby={`${id}-hint`} onClick={() => input.current?.click()}>
            {account.avatarUrl ? text.change : text.choose}
          </button>
          {account.avatarUrl && (
            <button type="button" className="button-quiet" disabled={busy} onClick={() => void apply(async () => null, text.removed)}>
              {text.remove}
            </button>
          )}
        </div>
        <p id={`${id}-hint`} className="hint">{text.hint}</p>
        {/* Opened by the button above, which keyboards and screen readers reach. */}
        <input ref={input} type="file" accept={accept} hidden tabIndex={-1} onChange={chosen} />
        <p className="settings-status" role="status">{status}</p>
        {problem && <p className="form-error" role="alert">{problem}</p>}
      </div>
    </div>
  )
}
