import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react'
import { ParloirApiError, type ParloirClient } from '@parloir/client'
import { defaultLimits as L, type Account, type BrandRole, type Media } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import type { MessageKey } from '../../i18n/text.ts'
import { useSession } from '../../session.tsx'
import { errorMessage } from '../error-message.ts'
import { codePoints, noRefusal, type PlacedRefusal } from '../field-problems.ts'
import { emptyOption, move, type LocalFieldProblem, type OptionDraft } from './welcome-model.ts'

/**
 * Pieces the brand-messaging screens share: who may change things, the brand's client, field
 * messages, counters, the quick-replies editor and the image picker.
 */

/** The server lets owners and admins change a brand's messaging and profile; others read. */
export const canChangeBrand = (role: BrandRole) => role === 'owner' || role === 'admin'

/** The session acting as the brand (`parloir-act-as`), as the console's other sections do. */
export function useBrandClient(brand: Account): ParloirClient {
  const { client } = useSession()
  return useMemo(() => client.withActAs(brand.id), [client, brand.id])
}

type T = ReturnType<typeof useI18n>['t']

/** A local problem in words. */
export function localMessage(t: T, problem: LocalFieldProblem): string {
  if (problem.message === 'tooLong' || problem.message === 'tooMany') return t(`console.problem.${problem.message}`, { max: problem.max ?? 0 })
  return t(`console.problem.${problem.message}` as MessageKey)
}

/** What to say for a refusal that names no field: COLLECTION_FULL in plain words, else the server's. */
export function refusalMessage(error: unknown, i18n: ReturnType<typeof useI18n>, full: MessageKey): string {
  if (error instanceof ParloirApiError && error.code === 'COLLECTION_FULL') return i18n.t(full)
  if (error instanceof ParloirApiError && error.code === 'FORBIDDEN') return i18n.t('console.problem.forbidden')
  return errorMessage(error, i18n)
}

/** A form's refusal, placed by `placeRefusal`; once one that marks inputs is on screen, focus moves to the first. */
export function usePlacedRefusal(form: RefObject<HTMLFormElement | null>): [PlacedRefusal, (refusal: PlacedRefusal) => void] {
  const [refusal, setRefusal] = useState<PlacedRefusal>(noRefusal)
  useEffect(() => {
    if (refusal.byTarget.size > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [refusal, form])
  return [refusal, setRefusal]
}

export interface FormProblems<D> {
  /** Messages by input path, the form's own and the server's. */
  problems: ReadonlyMap<string, string[]>
  /** The sentence above the buttons: "fix the marked fields", or the server's refusal. */
  general: string | null
  /** Before saving: checks the draft from now on; true when nothing is wrong (in `current`, when it is newer than the render's). */
  begin(current?: D): boolean
  /** After a refusal: the server's messages by path, and its sentence. */
  fail(byPath: ReadonlyMap<string, string[]>, general: string): void
  /** Forgets the server's messages, e.g. when rows move and its paths no longer point right. */
  forget(): void
  /** After a save that empties the form: no checks until the next attempt. */
  reset(): void
}

/**
 * A form's problems. Its own checks run on every change once the person has tried to save, so
 * fixing a field clears its message at once; the server's stay until the next save. Either way
 * focus moves to the first marked input.
 */
export function useFormProblems<D>(draft: D, check: (draft: D) => Array<{ path: string; message: string }>, form: RefObject<HTMLFormElement | null>): FormProblems<D> {
  const { t } = useI18n()
  const [checking, setChecking] = useState(false)
  const [server, setServer] = useState<{ byPath: ReadonlyMap<string, string[]>; general: string | null }>({ byPath: new Map(), general: null })
  const local = useMemo(() => (checking ? check(draft) : []), [checking, check, draft])
  const problems = useMemo(() => {
    const merged = new Map<string, string[]>()
    for (const p of local) merged.set(p.path, [...(merged.get(p.path) ?? []), p.message])
    for (const [path, messages] of server.byPath) merged.set(path, [...(merged.get(path) ?? []), ...messages])
    return merged
  }, [local, server])
  // Focus moves once React has drawn the marks (an animation frame may come before that render).
  const [focusWanted, setFocusWanted] = useState(0)
  useEffect(() => {
    if (focusWanted > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [focusWanted, form])
  const focusFirst = useCallback(() => setFocusWanted((n) => n + 1), [])
  const begin = useCallback((current?: D) => {
    setChecking(true)
    setServer({ byPath: new Map(), general: null })
    const ok = check(current ?? draft).length === 0
    if (!ok) focusFirst()
    return ok
  }, [check, draft, focusFirst])
  const fail = useCallback((byPath: ReadonlyMap<string, string[]>, general: string) => {
    setServer({ byPath, general })
    focusFirst()
  }, [focusFirst])
  const forget = useCallback(() => setServer((was) => (was.byPath.size === 0 ? was : { byPath: new Map(), general: was.general })), [])
  const reset = useCallback(() => { setChecking(false); setServer({ byPath: new Map(), general: null }) }, [])
  return { problems, general: local.length > 0 ? t('console.problem.marked') : server.general, begin, fail, forget, reset }
}

/** Messages under an input; `id` is what the input's aria-describedby names. */
export function FieldMessages({ id, messages }: { id: string; messages: readonly string[] | undefined }) {
  if (!messages || messages.length === 0) return null
  return (
    <p id={id} className="field-error">
      {messages.map((m, i) => <span key={i} className="console-field-message">{m}</span>)}
    </p>
  )
}

/** `12 / 36`, red past the limit; the input names it in aria-describedby. */
export function Counter({ id, value, max }: { id: string; value: string; max: number }) {
  const { t } = useI18n()
  const count = codePoints(value)
  return (
    <span id={id} className={`console-counter${count > max ? ' console-counter-over' : ''}`}>
      {t('console.counter', { count: count.toLocaleString(), max: max.toLocaleString() })}
    </span>
  )
}

/** Space-separated ids for aria-describedby, without the missing ones. */
export const describedBy = (...ids: Array<string | false | null | undefined>) => ids.filter(Boolean).join(' ') || undefined

export interface TextFieldProps {
  label: string
  value: string
  onChange(value: string): void
  /** The limit in code points, shown as a counter; none for inputs the server checks otherwise. */
  max?: number
  messages?: readonly string[] | undefined
  hint?: string
  multiline?: boolean
  rows?: number
  required?: boolean
  className?: string
  type?: 'text' | 'url' | 'tel'
  /** Shown before the input, e.g. `@` for a handle. */
  prefix?: string
  placeholder?: string
  autoComplete?: string
}

/**
 * A labelled text input with its counter and messages. It has no maxLength: one may type past
 * the limit and see the counter turn red, rather than have text cut off silently.
 */
export function TextField({ label, value, onChange, max, messages, hint, multiline, rows = 3, required, className, type = 'text', prefix, placeholder, autoComplete }: TextFieldProps) {
  const id = useId()
  const hasMessages = (messages?.length ?? 0) > 0
  const invalid = hasMessages || (max !== undefined && codePoints(value) > max)
  const describe = describedBy(hint && `${id}-hint`, max !== undefined && `${id}-count`, hasMessages && `${id}-error`)
  const common = {
    id, value, required, placeholder, autoComplete, 'aria-invalid': invalid || undefined, 'aria-describedby': describe,
  }
  const input = multiline
    ? <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
    : <input {...common} type={type} onChange={(e) => onChange(e.target.value)}
      {...(type !== 'text' || prefix ? { autoCapitalize: 'none', spellCheck: false } : {})} />
  return (
    <div className={`field console-field${className ? ` ${className}` : ''}`}>
      <div className="console-field-top">
        <label htmlFor={id}>{label}</label>
        {max !== undefined && <Counter id={`${id}-count`} value={value} max={max} />}
      </div>
      {prefix ? <div className="console-at-input"><span aria-hidden="true">{prefix}</span>{input}</div> : input}
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      <FieldMessages id={`${id}-error`} messages={messages} />
    </div>
  )
}

/** An on/off switch with its label (and hint), as settings draws them. */
export function Switch({ label, hint, checked, onChange, disabled }: { label: string; hint?: string; checked: boolean; onChange(value: boolean): void; disabled?: boolean }) {
  const id = useId()
  return (
    <div className="console-switch-row">
      <div className="console-switch-text">
        <label htmlFor={id}>{label}</label>
        {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      </div>
      <input id={id} type="checkbox" role="switch" className="settings-switch" checked={checked} disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.checked)} />
    </div>
  )
}

/**
 * Quick-reply options: up to 20, each a label (36), an optional description (72) and metadata
 * (1,000) that comes back with the choice; added, removed and moved up or down.
 */
export function QuickRepliesEditor({ options, onChange, problems, base = '/quickReply/options' }: {
  options: OptionDraft[]
  onChange(options: OptionDraft[]): void
  problems: ReadonlyMap<string, string[]>
  base?: string
}) {
  const { t } = useI18n()
  const id = useId()
  const full = options.length >= L.quickReplyOptions
  const set = (index: number, patch: Partial<OptionDraft>) => onChange(options.map((o, i) => (i === index ? { ...o, ...patch } : o)))
  const listProblems = problems.get(base)
  return (
    <fieldset className="console-fieldset" aria-describedby={describedBy(`${id}-hint`, listProblems && `${id}-error`)}>
      <legend>{t('console.quick.title')}</legend>
      <p id={`${id}-hint`} className="hint console-fieldset-hint">{t('console.quick.hint', { max: L.quickReplyOptions })}</p>
      <FieldMessages id={`${id}-error`} messages={listProblems} />
      {options.length > 0 && (
        <ol className="console-options">
          {options.map((option, index) => {
            const number = index + 1
            const path = `${base}/${index}`
            return (
              <li key={option.key} className="console-option">
                <div className="console-option-head">
                  <span className="console-option-title">{t('console.quick.option', { number })}</span>
                  <div className="console-row-tools">
                    <button type="button" className="button-quiet button-small" disabled={index === 0} onClick={() => onChange(move(options, index, -1))}
                      aria-label={t('console.quick.up', { number })}>↑</button>
                    <button type="button" className="button-quiet button-small" disabled={index === options.length - 1} onClick={() => onChange(move(options, index, 1))}
                      aria-label={t('console.quick.down', { number })}>↓</button>
                    <button type="button" className="button-quiet button-small" onClick={() => onChange(options.filter((_, i) => i !== index))}
                      aria-label={t('console.quick.remove', { number })}>{t('console.remove')}</button>
                  </div>
                </div>
                <FieldMessages id={`${id}-${index}-error`} messages={problems.get(path)} />
                <div className="console-option-fields console-option-stack">
                  <TextField label={t('console.quick.label')} value={option.label} onChange={(label) => set(index, { label })}
                    max={L.quickReplyLabelChars} required messages={problems.get(`${path}/label`)} />
                  <TextField label={t('console.quick.description')} value={option.description} onChange={(description) => set(index, { description })}
                    max={L.quickReplyDescriptionChars} messages={problems.get(`${path}/description`)} />
                  <TextField className="console-option-metadata" label={t('console.quick.metadata')} hint={t('console.quick.metadata.hint')} value={option.metadata}
                    onChange={(metadata) => set(index, { metadata })} max={L.quickReplyMetadataChars} messages={problems.get(`${path}/metadata`)} />
                </div>
              </li>
            )
          })}
        </ol>
      )}
      <div className="console-add-row">
        <button type="button" className="button-quiet" disabled={full} onClick={() => onChange([...options, emptyOption()])}>{t('console.quick.add')}</button>
        <span className="hint" role="status">{full ? t('console.quick.full', { max: L.quickReplyOptions }) : ''}</span>
      </div>
    </fieldset>
  )
}

interface Upload { name: string; progress: number; error: string | null }

/**
 * One image, uploaded as soon as it is chosen (acting as the brand, as the messenger's composer
 * uploads), shown, and removable. `media` is what is kept; the upload only reports progress.
 */
export function ImagePicker({ client, media, onChange, label, hint, messages, round }: {
  client: ParloirClient
  media: Pick<Media, 'url' | 'thumbnailUrl' | 'fileName'> | null
  onChange(media: Media | null): void
  label: string
  hint: string
  messages?: readonly string[] | undefined
  round?: boolean
}) {
  const i18n = useI18n()
  const { t } = i18n
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const [upload, setUpload] = useState<Upload | null>(null)
  const abort = useRef<AbortController | null>(null)

  function choose(file: File) {
    abort.current?.abort()
    const controller = new AbortController()
    abort.current = controller
    setUpload({ name: file.name, progress: 0, error: null })
    client.uploadMedia(file, file.name, { signal: controller.signal, onProgress: (sent, total) => setUpload((u) => (u && { ...u, progress: total > 0 ? sent / total : 0 })) })
      .then((uploaded) => {
        if (uploaded.kind !== 'image') {
          setUpload({ name: file.name, progress: 1, error: t('console.image.notImage') })
          return
        }
        setUpload(null)
        onChange(uploaded)
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setUpload({ name: file.name, progress: 0, error: errorMessage(error, i18n) })
      })
  }

  const uploading = upload !== null && upload.error === null
  const problems = [...(messages ?? []), ...(upload?.error ? [upload.error] : [])]
  return (
    <div className="console-image" role="group" aria-labelledby={`${id}-label`} aria-describedby={describedBy(`${id}-hint`, problems.length > 0 && `${id}-error`)}>
      <span id={`${id}-label`} className="console-image-label">{label}</span>
      <div className="console-image-body">
        {media
          ? <img className={`console-image-preview${round ? ' console-image-round' : ''}`} src={media.thumbnailUrl ?? media.url} alt={t('console.image.alt', { name: media.fileName })} />
          : <span className={`console-image-empty${round ? ' console-image-round' : ''}`} aria-hidden="true" />}
        <div className="console-image-actions">
          <div className="console-row-tools">
            <button type="button" className="button-quiet" disabled={uploading} onClick={() => input.current?.click()}>
              {t(media ? 'console.image.replace' : 'console.image.choose')}
            </button>
            {media && (
              <button type="button" className="button-quiet" disabled={uploading} onClick={() => { abort.current?.abort(); setUpload(null); onChange(null) }}>
                {t('console.image.remove')}
              </button>
            )}
          </div>
          <p id={`${id}-hint`} className="hint">{hint}</p>
          {uploading && (
            <p className="hint" role="status">
              <progress className="msg-upload__progress" max={100} value={Math.round(upload.progress * 100)} aria-label={t('console.image.uploading', { name: upload.name })} />
              {t('console.image.uploading', { name: upload.name })}
            </p>
          )}
          <FieldMessages id={`${id}-error`} messages={problems} />
        </div>
      </div>
      {/* Opened by the button above, which keyboards and screen readers reach. */}
      <input ref={input} type="file" accept="image/jpeg,image/png,image/webp" hidden tabIndex={-1}
        onChange={(e) => { const file = e.target.files?.[0]; e.target.value = ''; if (file) choose(file) }} />
    </div>
  )
}

/** An inline "Delete …?" with the choice focused, as the team list asks before removing someone. */
export function ConfirmButton({ label, question, confirm, onConfirm, className }: {
  label: string; question: string; confirm: string; onConfirm(): Promise<boolean>; className?: string
}) {
  const { t } = useI18n()
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  if (!asking) return <button type="button" className={className ?? 'button-quiet'} onClick={() => setAsking(true)} aria-label={label}>{confirm}</button>
  return (
    <div className="console-confirm" role="group" aria-label={question}>
      <span className="console-confirm-text">{question}</span>
      <button type="button" className="button-danger" disabled={busy} autoFocus onClick={() => {
        setBusy(true)
        const finish = (done: boolean) => { setBusy(false); if (!done) setAsking(false) }
        onConfirm().then(finish, () => finish(false))
      }}>{confirm}</button>
      <button type="button" className="button-quiet" disabled={busy} onClick={() => setAsking(false)}>{t('common.cancel')}</button>
    </div>
  )
}

/** A section's load that failed: the reason, and a button to try again. */
export function LoadProblem({ problem, onRetry }: { problem: string; onRetry(): void }) {
  const { t } = useI18n()
  return (
    <div className="console-problem">
      <p className="form-error" role="alert">{problem}</p>
      <button type="button" className="button-quiet" onClick={onRetry}>{t('common.retry')}</button>
    </div>
  )
}

/** The foot of an editor opened in place: the form's problem, save and cancel. */
export function EditorFooter({ problem, busy, saveLabel, onCancel }: { problem: string | null; busy: boolean; saveLabel: string; onCancel(): void }) {
  const { t } = useI18n()
  return (
    <>
      {problem && <p className="form-error console-form-problem" role="alert">{problem}</p>}
      <div className="console-actions">
        <button type="submit" className="button-primary" disabled={busy}>{busy ? t('auth.working') : saveLabel}</button>
        <button type="button" className="button-quiet" onClick={onCancel} disabled={busy}>{t('common.cancel')}</button>
      </div>
    </>
  )
}

/** A section's card with a heading. */
export function Panel({ title, hint, children, id, actions }: { title: string; hint?: ReactNode; children: ReactNode; id?: string; actions?: ReactNode }) {
  const generated = useId()
  const headingId = id ?? `${generated}-title`
  return (
    <section className="console-panel" aria-labelledby={headingId}>
      <div className="console-panel-head">
        <h2 id={headingId}>{title}</h2>
        {actions}
      </div>
      {hint && <div className="hint console-panel-hint">{hint}</div>}
      {children}
    </section>
  )
}
