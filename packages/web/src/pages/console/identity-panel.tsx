import { useCallback, useEffect, useId, useState } from 'react'
import type { IdentityVerification } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { errorMessage } from '../error-message.ts'
import { ShownOnce } from './secrets.tsx'

/**
 * Identity verification for the in-page chat (docs/api.md): whether the brand has a secret, and
 * making one (or a new one), shown once. Owners and admins only (`identity.manage`); others
 * are told who can.
 */
export function IdentityPanel({ brandId, canManage }: { brandId: string; canManage: boolean }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client } = useSession()
  const id = useId()
  const [state, setState] = useState<IdentityVerification | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [secret, setSecret] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    try {
      // Awaited into a local first, untyped: annotated, TypeScript infers the reply too deep (TS2589).
      const found = await client.call('getIdentityVerification', { params: { brandId } })
      setState(found)
      setLoadError(null)
    } catch (error) {
      setLoadError(error)
    }
  }, [client, brandId])
  useEffect(() => { if (canManage) void load() }, [load, canManage])

  async function make() {
    if (state?.enabled && !window.confirm(t('identity.confirm'))) return
    setBusy(true)
    setProblem(null)
    try {
      const made = await client.call('regenerateIdentitySecret', { params: { brandId } })
      setState(made.verification)
      setSecret(made.secret)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    } finally {
      setBusy(false)
    }
  }

  const since = state?.createdAt ? i18n.formatTime(state.createdAt, 'day') : ''
  return (
    <section className="publish-block" aria-labelledby={id}>
      <h2 id={id} className="console-subtitle">{t('identity.title')}</h2>
      <p className="hint">{t('identity.hint')}</p>
      {!canManage ? <p className="console-notice">{t('identity.readOnly')}</p> : (
        <>
          <p className="hint">{t('identity.how')}</p>
          {loadError != null && <p className="form-error" role="alert">{t('identity.failed', { message: errorMessage(loadError, i18n) })}</p>}
          {state && <p className="publish-identity-state">{state.enabled ? t('identity.on', { date: since }) : t('identity.off')}</p>}
          {secret !== null && (
            <>
              <p className="console-status" role="status">{t('identity.made')}</p>
              <ShownOnce fields={[{ label: t('identity.secret'), value: secret, name: 'identity' }]} onDone={() => setSecret(null)} body={t('identity.once')} />
            </>
          )}
          {state && secret === null && (
            <button type="button" className={state.enabled ? 'button-quiet' : 'button-primary'} disabled={busy} onClick={() => void make()}>
              {state.enabled ? t('identity.regenerate') : t('identity.create')}
            </button>
          )}
          {problem && <p className="form-error" role="alert">{problem}</p>}
        </>
      )}
    </section>
  )
}
