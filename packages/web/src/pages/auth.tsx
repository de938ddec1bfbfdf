import { useId, useState, type FormEvent } from 'react'
import { useI18n } from '../i18n/i18n.tsx'
import { useSession } from '../session.tsx'
import { Link, navigate, usePath } from '../router.tsx'
import { errorMessage, fieldErrors } from './error-message.ts'

/** A field with its label and hint tied to the input for screen readers. */
function Field({ label, hint, error, ...input }: { label: string; hint?: string; error?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = useId()
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={described} aria-invalid={error ? true : undefined} {...input} />
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error">{error}</p>}
    </div>
  )
}

/** Turns an API error into a sentence and one human sentence per field, all at once. */
function describe(error: unknown, i18n: ReturnType<typeof useI18n>): { message: string; fields: Record<string, string> } {
  const fields = fieldErrors(error, i18n.t)
  const count = Object.keys(fields).length
  if (count > 0) return { message: i18n.t(count === 1 ? 'auth.fixField' : 'auth.fixFields', { count }), fields }
  return { message: errorMessage(error, i18n), fields }
}

function AuthForm({ mode }: { mode: 'login' | 'signup' }) {
  const i18n = useI18n()
  const { t } = i18n
  const { logIn, signUp } = useSession()
  const { search } = usePath()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const handle = String(form.get('handle') ?? '').trim()
    const password = String(form.get('password') ?? '')
    setBusy(true)
    setProblem(null)
    try {
      if (mode === 'login') await logIn(handle, password)
      else await signUp(handle, String(form.get('displayName') ?? '').trim() || handle, password)
      const next = search.get('next')
      const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/'
      // The deep-link pages are served by the server, not by this app: load them for real.
      if (target.startsWith('/messages/')) location.assign(target)
      else navigate(target, { replace: true })
    } catch (error) {
      setProblem(describe(error, i18n))
    } finally {
      setBusy(false)
    }
  }

  const title = t(mode === 'login' ? 'auth.login.title' : 'auth.signup.title')
  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <p className="brand-mark"><img src="/favicon.svg" alt="" width={32} height={32} /> <span>{t('app.name')}</span></p>
        <h1>{title}</h1>
        <p className="muted">{t('app.tagline')}</p>
        <form onSubmit={(e) => void submit(e)} noValidate aria-describedby={problem ? 'auth-problem' : undefined}>
          <Field label={t('auth.handle')} hint={mode === 'signup' ? t('auth.handle.hint') : undefined} name="handle" autoComplete="username"
            required maxLength={15} autoCapitalize="none" spellCheck={false} error={problem?.fields.handle} />
          {mode === 'signup' && <Field label={t('auth.displayName')} name="displayName" autoComplete="name" maxLength={100} error={problem?.fields.displayName} />}
          <Field label={t('auth.password')} hint={mode === 'signup' ? t('auth.password.hint') : undefined} name="password" type="password"
            autoComplete={mode === 'login' ? 'current-password' : 'new-password'} required minLength={mode === 'signup' ? 8 : 1} error={problem?.fields.password} />
          {problem && <p id="auth-problem" className="form-error" role="alert">{problem.message}</p>}
          <button type="submit" className="button-primary" disabled={busy}>{busy ? t('auth.working') : t(mode === 'login' ? 'auth.login.submit' : 'auth.signup.submit')}</button>
        </form>
        <p>{mode === 'login' ? <Link to="/signup">{t('auth.toSignup')}</Link> : <Link to="/login">{t('auth.toLogin')}</Link>}</p>
      </div>
    </main>
  )
}

export const LoginPage = () => <AuthForm mode="login" />
export const SignupPage = () => <AuthForm mode="signup" />
