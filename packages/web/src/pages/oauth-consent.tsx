import { useEffect, useId, useMemo, useState } from 'react'
import { ParloirApiError, type ParloirClient } from '@parloir/client'
import type { RouteBody, RouteReply } from '@parloir/protocol'
import { useI18n } from '../i18n/i18n.tsx'
import type { MessageKey } from '../i18n/text.ts'
import { useSession } from '../session.tsx'
import { Link, usePath } from '../router.tsx'
import { useDocumentTitle } from './document-title.ts'
import { errorMessage } from './error-message.ts'

type Authorization = RouteReply<'describeAuthorization'>
type Query = Omit<RouteBody<'approveAuthorization'>, 'approve' | 'actAsAccountId'>

const queryNames = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'] as const
const knownScopes = new Set(['dm.read', 'dm.write', 'users.read', 'tweet.read', 'offline.access'])

/** The host a redirect URI names, to tell the person where they go next; the whole URI when it has none. */
function hostOf(uri: string): string {
  try { return new URL(uri).host || uri } catch { return uri }
}

/**
 * `/i/oauth2/authorize?…`: an app asks a signed-in person for permission (OAuth 2 with PKCE, as
 * on Twitter). The server judges the link first; a wrong client or redirect URI gets an error
 * page here and never a redirect. On Allow or Deny, the server answers where to send the browser.
 */
export default function OAuthConsentPage() {
  const i18n = useI18n()
  const { t } = i18n
  const { client, me } = useSession()
  const { search } = usePath()
  // Keyed on the text: usePath gives a new URLSearchParams at every render.
  const searchText = search.toString()
  const query = useMemo(() => {
    const params = new URLSearchParams(searchText)
    return Object.fromEntries(queryNames.map((name) => [name, params.get(name) ?? ''])) as unknown as Query
  }, [searchText])
  const [described, setDescribed] = useState<Authorization | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [actAs, setActAs] = useState<string>('')
  const [sending, setSending] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const actAsId = useId()
  useDocumentTitle(described ? t('oauth.title', { app: described.app.name }) : failure ? t('oauth.error.title') : undefined)

  useEffect(() => {
    let stop = false
    client.call('describeAuthorization', { query }).then((reply) => {
      if (stop) return
      setDescribed(reply)
      setActAs(reply.accounts[0]?.id ?? '')
    }, (error: unknown) => {
      if (stop) return
      if (error instanceof ParloirApiError && error.code === 'APP_NOT_FOUND') setFailure(t('oauth.error.noApp'))
      else if (error instanceof ParloirApiError && error.code === 'REDIRECT_URI_NOT_REGISTERED') setFailure(t('oauth.error.redirect', { uri: query.redirect_uri }))
      else if (error instanceof ParloirApiError && (error.code === 'VALIDATION_FAILED' || error.code === 'OAUTH_REQUEST_INVALID')) {
        const reason = typeof error.details?.reason === 'string' ? error.details.reason : errorMessage(error, i18n)
        setFailure(t('oauth.error.invalid', { message: reason }))
      } else setFailure(errorMessage(error, i18n))
    })
    return () => { stop = true }
  }, [client, query, i18n, t])

  async function answer(approve: boolean) {
    setBusy(true)
    setProblem(null)
    try {
      const mine = me?.account.id
      const body: RouteBody<'approveAuthorization'> = { ...query, approve, ...(approve && actAs && actAs !== mine ? { actAsAccountId: actAs } : {}) }
      // Called untyped: TypeScript gives up on this route's argument types (too deep); the body is typed above.
      const call = client.call as unknown as (this: ParloirClient, name: 'approveAuthorization', options: { body: typeof body }) => Promise<RouteReply<'approveAuthorization'>>
      const { redirectTo } = await call.call(client, 'approveAuthorization', { body })
      setSending(hostOf(redirectTo))
      location.assign(redirectTo)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
      setBusy(false)
    }
  }

  if (failure) {
    return (
      <main className="auth-page" id="main">
        <div className="auth-card oauth-card" data-oauth="error">
          <p className="brand-mark"><img src="/favicon.svg" alt="" width={32} height={32} /> <span>{t('app.name')}</span></p>
          <h1>{t('oauth.error.title')}</h1>
          <p className="form-error oauth-failure" role="alert">{failure}</p>
          <p className="muted">{t('oauth.error.advice')}</p>
          <p><Link to="/">{t('oauth.error.home')}</Link></p>
        </div>
      </main>
    )
  }
  if (!described) return <p className="page-status" role="status">{t('common.loading')}</p>

  const { app, scopes, accounts } = described
  const scopeText = (scope: string) => (knownScopes.has(scope) ? t(`oauth.scope.${scope}` as MessageKey) : t('oauth.scope.other', { scope }))
  return (
    <main className="auth-page" id="main">
      <div className="auth-card oauth-card" data-oauth="consent">
        <p className="brand-mark"><img src="/favicon.svg" alt="" width={32} height={32} /> <span>{t('app.name')}</span></p>
        <h1>{t('oauth.title', { app: app.name })}</h1>
        <p className="oauth-owner">{app.owner ? t('oauth.by', { name: app.owner.displayName, handle: app.owner.handle }) : t('oauth.byUnknown')}</p>
        <p className="hint oauth-client">{t('oauth.clientId', { id: app.clientId })}</p>
        <h2 className="oauth-asks">{t('oauth.asks', { app: app.name })}</h2>
        <ul className="oauth-scopes">
          {scopes.map((scope) => <li key={scope} data-scope={scope}>{scopeText(scope)}</li>)}
        </ul>
        {accounts.length > 1 ? (
          <fieldset className="oauth-act-as" aria-describedby={`${actAsId}-hint`}>
            <legend>{t('oauth.actAs')}</legend>
            <p id={`${actAsId}-hint`} className="hint">{t('oauth.actAs.hint')}</p>
            {accounts.map((account, i) => (
              <label key={account.id} className="oauth-account">
                <input type="radio" name="act-as" value={account.id} checked={actAs === account.id} onChange={() => setActAs(account.id)} />
                <span>{t(i === 0 && account.id === me?.account.id ? 'oauth.actAs.you' : 'oauth.actAs.brand', { name: account.displayName, handle: account.handle })}</span>
              </label>
            ))}
          </fieldset>
        ) : (
          me && <p className="muted">{t('oauth.loggedInAs', { handle: me.account.handle })}</p>
        )}
        <p className="hint">{t('oauth.returnTo', { host: hostOf(query.redirect_uri) })}</p>
        {problem && <p className="form-error" role="alert">{problem}</p>}
        <p className="console-status" role="status">{sending ? t('oauth.sending', { host: sending }) : ''}</p>
        <div className="oauth-actions">
          <button type="button" className="button-quiet" onClick={() => void answer(false)} disabled={busy}>{t('oauth.deny')}</button>
          <button type="button" className="button-primary" onClick={() => void answer(true)} disabled={busy}>{t('oauth.approve')}</button>
        </div>
      </div>
    </main>
  )
}
