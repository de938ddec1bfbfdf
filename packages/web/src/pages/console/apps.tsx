import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { appLimits, RedirectUri, type App, type AppToken, type BrandMembership, type CreatedAppToken } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import type { MessageKey } from '../../i18n/text.ts'
import { useSession } from '../../session.tsx'
import { errorMessage } from '../error-message.ts'
import { noRefusal, placeRefusal } from '../field-problems.ts'
import { describedBy, FieldMessages, usePlacedRefusal } from './editor-parts.tsx'
import { AppWebhooks } from './app-webhooks.tsx'
import { SecretField, ShownOnce } from './secrets.tsx'

const redirectPattern = new RegExp(RedirectUri.pattern ?? '^[A-Za-z][A-Za-z0-9+.-]*://[^\\s#]+$')

/** The lines of the redirect URI box, or the first problem with them. */
export function parseRedirectUris(text: string): { uris: string[] } | { problem: 'tooMany' } | { problem: 'bad'; line: number; uri: string } {
  const lines = text.split('\n').map((line) => line.trim())
  const uris: string[] = []
  for (const [i, uri] of lines.entries()) {
    if (uri === '') continue
    if (uri.length > appLimits.redirectUriChars || !redirectPattern.test(uri)) return { problem: 'bad', line: i + 1, uri }
    if (!uris.includes(uri)) uris.push(uri)
  }
  if (uris.length > appLimits.redirectUris) return { problem: 'tooMany' }
  return { uris }
}

/**
 * The brand's developer apps: create one (its secret shown once), its tokens, its redirect URIs
 * for OAuth 2, its webhooks and their delivery log, and revocation. The server lets only owners
 * and admins see a brand's apps at all, so the others get a sentence saying so.
 */
export function AppsSection({ membership }: { membership: BrandMembership }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client } = useSession()
  const brand = membership.brand
  const canManage = membership.role === 'owner' || membership.role === 'admin'
  const [apps, setApps] = useState<App[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const [secrets, setSecrets] = useState<{ appId: string; consumerSecret: string } | null>(null)

  const load = useCallback(async () => {
    try {
      const reply = await client.call('listApps')
      setApps(reply.apps.filter((app) => app.ownerAccountId === brand.id && app.revokedAt === null))
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }, [client, brand.id, i18n])
  useEffect(() => { if (canManage) void load() }, [load, canManage])

  return (
    <section className="console-section apps-section" aria-labelledby="console-apps-title">
      <h1 id="console-apps-title">{t('console.nav.apps')}</h1>
      <p className="muted">{t('apps.intro', { brand: brand.displayName })}</p>
      {!canManage ? <p className="console-problem apps-read-only">{t('apps.readOnly', { brand: brand.displayName })}</p> : (
        <>
          <CreateApp brandId={brand.id} onCreated={(app, consumerSecret) => {
            setApps((list) => [app, ...(list ?? [])])
            setSecrets({ appId: app.id, consumerSecret })
            setStatus(t('apps.created', { name: app.name }))
          }} />
          <h2 className="console-subtitle">{t('apps.list', { brand: brand.displayName })}</h2>
          <p className="console-status" role="status">{status}</p>
          {problem && <p className="form-error" role="alert">{problem}</p>}
          {apps === null && !problem && <p className="muted">{t('common.loading')}</p>}
          {apps?.length === 0 && <p className="muted">{t('apps.none')}</p>}
          {apps && apps.length > 0 && (
            <ul className="apps-list">
              {apps.map((app) => (
                <AppCard key={app.id} app={app} brandName={brand.displayName}
                  consumerSecret={secrets?.appId === app.id ? secrets.consumerSecret : null}
                  onSecretsSeen={() => setSecrets(null)}
                  onChanged={(changed) => setApps((list) => list?.map((a) => (a.id === changed.id ? changed : a)) ?? null)}
                  onRevoked={() => {
                    setApps((list) => list?.filter((a) => a.id !== app.id) ?? null)
                    setStatus(t('apps.revokedStatus', { name: app.name }))
                  }} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  )
}

function CreateApp({ brandId, onCreated }: { brandId: string; onCreated(app: App, consumerSecret: string): void }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client } = useSession()
  const id = useId()
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const form = useRef<HTMLFormElement>(null)
  const [refusal, setRefusal] = usePlacedRefusal(form)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setRefusal(noRefusal)
    if (name.trim() === '') return setRefusal({ byTarget: new Map([['/name', [t('field.name.empty')]]]), general: null })
    setBusy(true)
    try {
      const created = await client.call('createApp', { body: { name: name.trim(), ownerAccountId: brandId } })
      onCreated(created.app, created.consumerSecret)
      setName('')
    } catch (error) {
      setRefusal(placeRefusal(error, t, ['/name'], errorMessage(error, i18n)))
    } finally {
      setBusy(false)
    }
  }

  const nameProblems = refusal.byTarget.get('/name')
  return (
    <form ref={form} className="console-add" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="console-subtitle">{t('apps.create')}</h2>
      <div className="console-add-fields">
        <div className="field console-add-handle">
          <label htmlFor={`${id}-name`}>{t('apps.name')}</label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={appLimits.nameChars} required autoComplete="off"
            aria-describedby={describedBy(`${id}-hint`, nameProblems && `${id}-name-error`)} aria-invalid={nameProblems ? true : undefined} />
          <p id={`${id}-hint`} className="hint">{t('apps.name.hint', { max: appLimits.nameChars })}</p>
          <FieldMessages id={`${id}-name-error`} messages={nameProblems} />
        </div>
        <button type="submit" className="button-primary console-add-submit" disabled={busy}>{busy ? t('auth.working') : t('apps.create.submit')}</button>
      </div>
      {refusal.general && <p className="form-error" role="alert">{refusal.general}</p>}
    </form>
  )
}

function AppCard({ app, brandName, consumerSecret, onSecretsSeen, onChanged, onRevoked }: {
  app: App; brandName: string; consumerSecret: string | null
  onSecretsSeen(): void; onChanged(app: App): void; onRevoked(): void
}) {
  const i18n = useI18n()
  const { t, formatTime } = i18n
  const { client } = useSession()
  const id = useId()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  async function revoke() {
    setBusy(true)
    setProblem(null)
    try {
      await client.call('revokeApp', { params: { appId: app.id } })
      onRevoked()
    } catch (error) {
      setProblem(errorMessage(error, i18n))
      setBusy(false)
      setConfirming(false)
    }
  }

  return (
    <li className="apps-card" data-app={app.name}>
      <article aria-labelledby={`${id}-name`}>
        <div className="apps-card-head">
          <div>
            <h3 id={`${id}-name`} className="apps-card-name">{app.name}</h3>
            <p className="hint">{t('apps.createdAt', { when: formatTime(app.createdAt, 'full') })}</p>
          </div>
          <div className="apps-card-actions">
            {confirming ? (
              <div className="console-confirm" role="group" aria-label={t('apps.confirmRevoke', { name: app.name })}>
                <span className="console-confirm-text">{t('apps.confirmRevoke', { name: app.name })}</span>
                <button type="button" className="button-danger" onClick={() => void revoke()} disabled={busy} autoFocus>{t('apps.revoke')}</button>
                <button type="button" className="button-quiet" onClick={() => setConfirming(false)} disabled={busy}>{t('common.cancel')}</button>
              </div>
            ) : (
              <button type="button" className="button-danger" onClick={() => setConfirming(true)} aria-label={t('apps.revokeWho', { name: app.name })}>{t('apps.revoke')}</button>
            )}
          </div>
        </div>
        {problem && <p className="form-error" role="alert">{problem}</p>}
        {consumerSecret !== null ? (
          <ShownOnce onDone={onSecretsSeen} fields={[
            { label: t('apps.consumerKey'), value: app.consumerKey, name: 'consumer-key' },
            { label: t('apps.consumerSecret'), value: consumerSecret, name: 'consumer-secret' },
          ]} />
        ) : (
          <SecretField label={t('apps.consumerKey')} value={app.consumerKey} name="consumer-key" />
        )}
        <RedirectUris app={app} onSaved={onChanged} />
        <Tokens app={app} brandName={brandName} />
        <AppWebhooks app={app} brandName={brandName} />
      </article>
    </li>
  )
}

function RedirectUris({ app, onSaved }: { app: App; onSaved(app: App): void }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client } = useSession()
  const id = useId()
  const [text, setText] = useState(app.redirectUris.join('\n'))
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const form = useRef<HTMLFormElement>(null)
  const [refusal, setRefusal] = usePlacedRefusal(form)

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setStatus('')
    setRefusal(noRefusal)
    const parsed = parseRedirectUris(text)
    if ('problem' in parsed) {
      const message = parsed.problem === 'tooMany' ? t('apps.redirects.tooMany', { max: appLimits.redirectUris }) : t('apps.redirects.bad', { line: parsed.line, uri: parsed.uri })
      return setRefusal({ byTarget: new Map([['/redirectUris', [message]]]), general: null })
    }
    setBusy(true)
    try {
      const saved = await client.call('updateApp', { params: { appId: app.id }, body: { redirectUris: parsed.uris } })
      setText(saved.redirectUris.join('\n'))
      onSaved(saved)
      setStatus(t('apps.redirects.saved'))
    } catch (error) {
      setRefusal(placeRefusal(error, t, ['/redirectUris'], errorMessage(error, i18n)))
    } finally {
      setBusy(false)
    }
  }

  const uriProblems = refusal.byTarget.get('/redirectUris')
  return (
    <form ref={form} className="apps-block" onSubmit={(e) => void save(e)} noValidate>
      <div className="field">
        <label htmlFor={`${id}-uris`}>{t('apps.redirects')}</label>
        <p id={`${id}-hint`} className="hint">{t('apps.redirects.hint', { max: appLimits.redirectUris })}</p>
        {app.redirectUris.length === 0 && <p className="hint">{t('apps.redirects.none')}</p>}
        <textarea id={`${id}-uris`} className="apps-uris" rows={Math.min(appLimits.redirectUris, Math.max(2, text.split('\n').length + 1))} value={text}
          onChange={(e) => setText(e.target.value)} spellCheck={false} autoCapitalize="none" placeholder="https://example.com/callback"
          aria-describedby={describedBy(`${id}-hint`, uriProblems && `${id}-uris-error`)} aria-invalid={uriProblems ? true : undefined} />
        <FieldMessages id={`${id}-uris-error`} messages={uriProblems} />
      </div>
      {refusal.general && <p className="form-error" role="alert">{refusal.general}</p>}
      <div className="apps-row">
        <button type="submit" className="button-quiet" disabled={busy}>{t('apps.redirects.save')}</button>
        <p className="console-status" role="status">{status}</p>
      </div>
    </form>
  )
}

function Tokens({ app, brandName }: { app: App; brandName: string }) {
  const i18n = useI18n()
  const { t, formatTime } = i18n
  const { client } = useSession()
  const [tokens, setTokens] = useState<AppToken[] | null>(null)
  const [created, setCreated] = useState<CreatedAppToken | null>(null)
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      const reply = await client.call('getApp', { params: { appId: app.id } })
      setTokens(reply.tokens.filter((token) => token.revokedAt === null))
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }, [client, app.id, i18n])
  useEffect(() => { void load() }, [load])

  async function create(kind: 'oauth1' | 'app-only') {
    setBusy(true)
    setProblem(null)
    setStatus('')
    try {
      const reply = await client.call('createAppToken', { params: { appId: app.id }, body: { kind } })
      setCreated(reply)
      setTokens((list) => [reply.token, ...(list ?? [])])
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    } finally {
      setBusy(false)
    }
  }

  async function revoke(token: AppToken) {
    setBusy(true)
    setProblem(null)
    try {
      await client.call('revokeAppToken', { params: { appId: app.id, tokenId: token.id } })
      setTokens((list) => list?.filter((x) => x.id !== token.id) ?? null)
      if (created?.token.id === token.id) setCreated(null)
      setStatus(t('apps.tokens.revokedStatus'))
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    } finally {
      setBusy(false)
      setConfirming(null)
    }
  }

  return (
    <div className="apps-block">
      <h4 className="apps-block-title">{t('apps.tokens')}</h4>
      <p className="hint">{t('apps.tokens.hint', { brand: brandName })}</p>
      <div className="apps-row">
        <button type="button" className="button-quiet" onClick={() => void create('oauth1')} disabled={busy}>{t('apps.tokens.newUser')}</button>
        <button type="button" className="button-quiet" onClick={() => void create('app-only')} disabled={busy}>{t('apps.tokens.newAppOnly')}</button>
      </div>
      {created && (
        <ShownOnce onDone={() => setCreated(null)} fields={created.accessTokenSecret !== undefined ? [
          { label: t('apps.tokens.accessToken'), value: created.accessToken, name: 'access-token' },
          { label: t('apps.tokens.accessTokenSecret'), value: created.accessTokenSecret, name: 'access-token-secret' },
        ] : [{ label: t('apps.tokens.bearer'), value: created.accessToken, name: 'bearer-token' }]} />
      )}
      <p className="console-status" role="status">{status}</p>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {tokens?.length === 0 && <p className="hint">{t('apps.tokens.none')}</p>}
      {tokens && tokens.length > 0 && (
        <ul className="apps-tokens">
          {tokens.map((token) => {
            const when = formatTime(token.createdAt, 'full')
            return (
              <li key={token.id} className="apps-token" data-token-kind={token.kind}>
                <div>
                  <p className="apps-token-kind">{t(`apps.tokens.kind.${token.kind}` as MessageKey)}</p>
                  <p className="hint">
                    {[
                      t('apps.createdAt', { when }),
                      token.accountId ? t('apps.tokens.actsAs', { who: token.accountId === app.ownerAccountId ? brandName : token.accountId }) : '',
                      token.scopes.length > 0 ? t('apps.tokens.scopes', { scopes: token.scopes.join(' ') }) : '',
                      token.expiresAt ? t('apps.tokens.expires', { when: formatTime(token.expiresAt, 'full') }) : '',
                    ].filter(Boolean).join(' · ')}
                  </p>
                </div>
                {confirming === token.id ? (
                  <div className="console-confirm" role="group" aria-label={t('apps.tokens.confirmRevoke')}>
                    <span className="console-confirm-text">{t('apps.tokens.confirmRevoke')}</span>
                    <button type="button" className="button-danger" onClick={() => void revoke(token)} disabled={busy} autoFocus>{t('apps.tokens.revoke')}</button>
                    <button type="button" className="button-quiet" onClick={() => setConfirming(null)} disabled={busy}>{t('common.cancel')}</button>
                  </div>
                ) : (
                  <button type="button" className="button-quiet" onClick={() => setConfirming(token.id)} aria-label={t('apps.tokens.revokeWho', { when })}>{t('apps.tokens.revoke')}</button>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
