import { useEffect, useId, useRef, useState } from 'react'
import { useI18n } from '../../i18n/i18n.tsx'

/** A one-line secret with a Copy button. */
export function SecretField({ label, value, name }: { label: string; value: string; name: string }) {
  const { t } = useI18n()
  const id = useId()
  const box = useRef<HTMLInputElement>(null)
  const [status, setStatus] = useState('')
  async function copy() {
    try {
      await navigator.clipboard.writeText(value)
      setStatus(t('apps.copied'))
    } catch {
      box.current?.select()
      setStatus(t('apps.copyFailed'))
    }
  }
  return (
    <div className="apps-secret" data-secret={name}>
      <label htmlFor={id} className="apps-secret-label">{label}</label>
      <div className="apps-secret-row">
        <input ref={box} id={id} className="apps-secret-box" readOnly value={value} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button-quiet" onClick={() => void copy()} aria-label={t('apps.copyWhat', { what: label })}>{t('apps.copy')}</button>
      </div>
      <p className="console-status" role="status">{status}</p>
    </div>
  )
}

/** Secrets shown once, with the warning and a button to put them away. */
export function ShownOnce({ fields, onDone, body }: { fields: Array<{ label: string; value: string; name: string }>; onDone(): void; body?: string }) {
  const { t } = useI18n()
  const id = useId()
  const panel = useRef<HTMLDivElement>(null)
  useEffect(() => panel.current?.focus(), [])
  return (
    <div ref={panel} className="apps-once" role="region" aria-labelledby={`${id}-title`} tabIndex={-1}>
      <h4 id={`${id}-title`} className="apps-once-title">{t('apps.once.title')}</h4>
      <p className="apps-once-body">{body ?? t('apps.once.body')}</p>
      {fields.map((f) => <SecretField key={f.name} {...f} />)}
      <button type="button" className="button-quiet" onClick={onDone}>{t('apps.once.done')}</button>
    </div>
  )
}
