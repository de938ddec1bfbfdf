import { useId, type ReactNode } from 'react'

/** The building blocks every section of `/settings` is made of (its own module, so sections in other files can share them). */

export function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  const id = useId()
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {hint && <p className="hint settings-section-hint">{hint}</p>}
      {children}
    </section>
  )
}

/** A polite live region that is always in the page, so a change of its text is announced. */
export function Status({ text }: { text: string }) {
  return <p className="settings-status" role="status">{text}</p>
}

export function Problem({ text }: { text: string | null }) {
  return text ? <p className="form-error" role="alert">{text}</p> : null
}

export function Switch({ label, hint, checked, disabled, onChange }: { label: string; hint: string; checked: boolean; disabled?: boolean; onChange(value: boolean): void }) {
  const id = useId()
  return (
    <div className="settings-switch-row">
      <div className="settings-switch-text">
        <label htmlFor={id}>{label}</label>
        <p id={`${id}-hint`} className="hint">{hint}</p>
      </div>
      <input id={id} type="checkbox" role="switch" className="settings-switch" checked={checked} disabled={disabled} aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.target.checked)} />
    </div>
  )
}
