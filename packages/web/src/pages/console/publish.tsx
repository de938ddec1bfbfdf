import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { brandMay, defaultLimits, type BrandMembership, type WelcomeMessage } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { Link } from '../../router.tsx'
import { errorMessage } from '../error-message.ts'
import { noRefusal, placeRefusal } from '../field-problems.ts'
import { FieldMessages, usePlacedRefusal } from './editor-parts.tsx'
import { IdentityPanel } from './identity-panel.tsx'
import {
  buildSnippet, composeLink, downloadName, hostPolicy, parseOrigin, publishKinds, refProblem, siteTargets, suggestedButtonCss, type PublishKind,
} from './publish-snippet.ts'

/** The QR drawing code (the `qrcode` package) loads only when this page draws a code. */
const loadQr = () => import('./publish-qr.ts')

const TEXT_MAX = 100

/**
 * `/console/<brand>/publish`: builds a link, a "Message us" button or an in-page chat for a
 * brand's site, with a live preview, the snippet to copy, its QR code, and the sites allowed to
 * embed the chat. Every team member may build and copy; owners and admins change the sites.
 */
export function PublishSection({ membership }: { membership: BrandMembership }) {
  const i18n = useI18n()
  const { t } = i18n
  const brand = membership.brand
  const id = useId()
  const [kind, setKind] = useState<PublishKind>('button')
  const [text, setText] = useState(() => t('publish.text.default'))
  const [welcomeId, setWelcomeId] = useState('')
  const [ref, setRef] = useState('')
  const welcome = useWelcomeMessages(brand.id)

  const problem = refProblem(ref)
  const origin = location.origin
  const choice = { origin, brandId: brand.id, text: text.trim() || t('publish.text.default'), welcomeMessageId: welcomeId || null, ref: problem ? '' : ref }
  const link = composeLink(choice)
  const snippet = buildSnippet(kind, choice)
  const chosenWelcome = welcome.list?.find((w) => (welcomeId ? w.id === welcomeId : w.isDefault)) ?? null
  const canEdit = membership.role === 'owner' || membership.role === 'admin'

  return (
    <section className="console-section publish" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('console.nav.publish')}</h1>
      <p className="muted">{t('publish.intro', { brand: brand.displayName })}</p>

      <div className="publish-layout">
        <form className="publish-form" onSubmit={(event) => event.preventDefault()} aria-labelledby={`${id}-choose`} noValidate>
          <h2 id={`${id}-choose`} className="console-subtitle">{t('publish.choose')}</h2>
          <fieldset className="publish-kinds">
            <legend>{t('publish.kind')}</legend>
            {publishKinds.map((name) => (
              <label key={name} className="publish-kind">
                <input type="radio" name={`${id}-kind`} value={name} checked={kind === name} onChange={() => setKind(name)}
                  aria-labelledby={`${id}-kind-${name}`} aria-describedby={`${id}-kind-${name}-about`} />
                <span className="publish-kind-text">
                  <span id={`${id}-kind-${name}`} className="publish-kind-name">{t(`publish.kind.${name}`)}</span>
                  <span id={`${id}-kind-${name}-about`} className="hint">{t(`publish.kind.${name}.about`)}</span>
                </span>
              </label>
            ))}
          </fieldset>

          {kind !== 'link' && (
            <div className="field">
              <label htmlFor={`${id}-text`}>{t('publish.text')}</label>
              <input id={`${id}-text`} value={text} maxLength={TEXT_MAX} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-text-hint`} />
              <p id={`${id}-text-hint`} className="hint">{t('publish.text.hint')}</p>
            </div>
          )}

          <div className="field">
            <label htmlFor={`${id}-welcome`}>{t('publish.welcome')}</label>
            <select id={`${id}-welcome`} value={welcomeId} onChange={(e) => setWelcomeId(e.target.value)} aria-describedby={`${id}-welcome-hint`}>
              <option value="">{defaultLabel(welcome.list, t)}</option>
              {welcome.list?.map((w) => <option key={w.id} value={w.id}>{w.name}</option>)}
            </select>
            <p id={`${id}-welcome-hint`} className="hint">
              {t('publish.welcome.hint')}
              {welcome.list?.length === 0 && <> {t('publish.welcome.none')} <Link to={`/console/${brand.handle}/welcome`}>{t('publish.welcome.create')}</Link></>}
            </p>
            {welcome.error != null && <p className="form-error" role="alert">{t('publish.welcome.failed', { message: errorMessage(welcome.error, i18n) })}</p>}
          </div>

          <div className="field">
            <label htmlFor={`${id}-ref`}>{t('publish.ref')}</label>
            <input id={`${id}-ref`} value={ref} onChange={(e) => setRef(e.target.value)} autoCapitalize="none" autoComplete="off" spellCheck={false}
              aria-invalid={problem ? true : undefined} aria-describedby={`${id}-ref-hint${problem ? ` ${id}-ref-problem` : ''}`} />
            <p id={`${id}-ref-hint`} className="hint">{t('publish.ref.hint', { max: defaultLimits.refChars })}</p>
            {problem && <p id={`${id}-ref-problem`} className="field-error" role="alert">{t(`publish.ref.${problem}`, { max: defaultLimits.refChars })}</p>}
          </div>
        </form>

        <Preview kind={kind} link={link} text={choice.text} brandId={brand.id} welcomeMessageId={choice.welcomeMessageId} refValue={choice.ref} welcome={chosenWelcome} />
      </div>

      <section className="publish-block" aria-labelledby={`${id}-snippet`}>
        <h2 id={`${id}-snippet`} className="console-subtitle">{t('publish.snippet')}</h2>
        {problem ? (
          <p className="console-notice">{t('publish.snippet.fixRef')}</p>
        ) : (
          <>
            <CodeBox label={t(`publish.snippet.${kind}`)} hint={t(`publish.snippet.hint.${kind}`)} code={snippet} name="snippet" />
            {kind === 'button' && (
              <details className="publish-details">
                <summary>{t('publish.css')}</summary>
                <CodeBox label={t('publish.css')} hint={t('publish.css.hint')} code={suggestedButtonCss()} name="css" />
              </details>
            )}
            {kind === 'chat' && (
              <div className="publish-policy">
                <CodeBox label={t('publish.policy')} hint={t('publish.policy.hint')} code={hostPolicy(origin)} name="policy" />
                <p className="hint">{t('publish.policy.sites')}</p>
              </div>
            )}
          </>
        )}
      </section>

      {!problem && <QrPanel link={link} brandHandle={brand.handle} brandName={brand.displayName} refValue={choice.ref} />}

      <SitesPanel brandId={brand.id} canEdit={canEdit} />
      <IdentityPanel brandId={brand.id} canManage={brandMay(membership.role, 'identity.manage')} />
    </section>
  )
}

type T = ReturnType<typeof useI18n>['t']

function defaultLabel(list: WelcomeMessage[] | null, t: T): string {
  if (!list) return t('publish.welcome.default')
  const current = list.find((w) => w.isDefault)
  return current ? t('publish.welcome.defaultNamed', { name: current.name }) : t('publish.welcome.noDefault')
}

function useWelcomeMessages(brandId: string): { list: WelcomeMessage[] | null; error: unknown } {
  const { client } = useSession()
  const [state, setState] = useState<{ list: WelcomeMessage[] | null; error: unknown }>({ list: null, error: null })
  useEffect(() => {
    let stale = false
    client.call('listWelcomeMessages', { params: { brandId } }).then(
      (reply) => { if (!stale) setState({ list: reply.welcomeMessages, error: null }) },
      (error: unknown) => { if (!stale) setState({ list: null, error }) },
    )
    return () => { stale = true }
  }, [client, brandId])
  return state
}

/** How it will look: the link, the button on a stand-in page, or that button with the chat window. */
function Preview({ kind, link, text, brandId, welcomeMessageId, refValue, welcome }: {
  kind: PublishKind; link: string; text: string; brandId: string; welcomeMessageId: string | null; refValue: string; welcome: WelcomeMessage | null
}) {
  const { t } = useI18n()
  const id = useId()
  const frame = new URLSearchParams({ brand: brandId })
  if (welcomeMessageId) frame.set('welcome', welcomeMessageId)
  if (refValue) frame.set('ref', refValue)
  return (
    <section className="publish-preview" aria-labelledby={id}>
      <h2 id={id} className="console-subtitle">{t('publish.preview')}</h2>
      {kind === 'link' ? (
        <p className="publish-preview-link"><a href={link} target="_blank" rel="noopener">{link}</a><span className="visually-hidden"> {t('messenger.link.newTab')}</span></p>
      ) : (
        <>
          <figure className="publish-host">
            <figcaption className="publish-host-bar"><span aria-hidden="true" className="publish-host-dots"><span /><span /><span /></span>{t('publish.preview.page')}</figcaption>
            <div className="publish-host-page">
              <p>{t('publish.preview.pageText')}</p>
              <a className="publish-host-button" href={link} target="_blank" rel="noopener" data-parloir-chat="">{text}</a>
            </div>
          </figure>
          <p className="hint">{kind === 'chat' ? t('publish.preview.chatHint') : t('publish.preview.buttonHint')}</p>
          {kind === 'chat' && (
            <iframe className="publish-frame" title={t('publish.preview.chatTitle')} src={`/widget/frame?${frame.toString()}`} loading="lazy"
              sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox" referrerPolicy="origin" />
          )}
        </>
      )}
      {welcome && kind !== 'chat' && <WelcomePreview welcome={welcome} />}
    </section>
  )
}

/** The welcome message the person will see first, as a bubble. */
function WelcomePreview({ welcome }: { welcome: WelcomeMessage }) {
  const { t } = useI18n()
  return (
    <div className="publish-welcome">
      <p className="hint">{t('publish.welcome')} · {welcome.name}</p>
      {welcome.text && <p className="publish-welcome-bubble">{welcome.text}</p>}
      {welcome.quickReply && (
        <ul className="publish-welcome-options">
          {welcome.quickReply.options.map((option, i) => <li key={i}>{option.label}</li>)}
        </ul>
      )}
      {welcome.buttons.length > 0 && (
        <ul className="publish-welcome-options publish-welcome-buttons">
          {welcome.buttons.map((button, i) => <li key={i}>{button.label}</li>)}
        </ul>
      )}
    </div>
  )
}

/** Read-only code with a Copy button; copying says so (or says to copy by hand). */
function CodeBox({ label, hint, code, name }: { label: string; hint: string; code: string; name: string }) {
  const { t } = useI18n()
  const id = useId()
  const box = useRef<HTMLTextAreaElement>(null)
  const [status, setStatus] = useState('')
  useEffect(() => setStatus(''), [code])

  async function copy() {
    try {
      await navigator.clipboard.writeText(code)
      setStatus(t('publish.copied'))
    } catch {
      box.current?.select()
      setStatus(t('publish.copyFailed'))
    }
  }

  const rows = Math.min(8, Math.max(2, code.split('\n').length + Math.floor(code.length / 70)))
  return (
    <div className="publish-code" data-code={name}>
      <label htmlFor={id} className="publish-code-label">{label}</label>
      <p id={`${id}-hint`} className="hint">{hint}</p>
      <div className="publish-code-row">
        <textarea ref={box} id={id} className="publish-code-box" readOnly value={code} rows={rows} spellCheck={false} aria-describedby={`${id}-hint`}
          onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button-primary publish-copy" onClick={() => void copy()} aria-label={t('publish.copyWhat', { what: label })}>{t('publish.copy')}</button>
      </div>
      <p className="console-status" role="status">{status}</p>
    </div>
  )
}

/** Saves bytes as a file, through a short-lived blob: URL. */
function saveFile(bytes: BlobPart, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

function QrPanel({ link, brandHandle, brandName, refValue }: { link: string; brandHandle: string; brandName: string; refValue: string }) {
  const i18n = useI18n()
  const { t } = i18n
  const id = useId()
  const [drawn, setDrawn] = useState<{ link: string; svg: string } | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  // Typing in the form redraws once it pauses.
  useEffect(() => {
    let stale = false
    const timer = setTimeout(() => {
      loadQr().then((qr) => qr.qrSvg(link)).then(
        (svg) => { if (!stale) { setDrawn({ link, svg }); setError(null) } },
        (failure: unknown) => { if (!stale) setError(failure) },
      )
    }, 150)
    return () => { stale = true; clearTimeout(timer) }
  }, [link])

  async function png() {
    setBusy(true)
    try {
      const qr = await loadQr()
      saveFile(qr.dataUrlBytes(await qr.qrPngDataUrl(link, 1024)), 'image/png', downloadName(brandHandle, refValue, 'png'))
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }

  const current = drawn?.link === link ? drawn : null
  return (
    <section className="publish-block" aria-labelledby={id}>
      <h2 id={id} className="console-subtitle">{t('publish.qr')}</h2>
      <p className="hint">{t('publish.qr.hint')}</p>
      <div className="publish-qr">
        <div className="publish-qr-image">
          {drawn ? (
            <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(drawn.svg)}`} alt={t('publish.qr.alt', { brand: brandName })} width={184} height={184}
              className={current ? undefined : 'publish-qr-stale'} />
          ) : (
            <p className="hint" role="status">{t('publish.qr.working')}</p>
          )}
        </div>
        <div className="publish-qr-actions">
          <button type="button" className="button-quiet" onClick={() => void png()} disabled={busy}>{t('publish.qr.png')}</button>
          <button type="button" className="button-quiet" disabled={!current}
            onClick={() => { if (current) saveFile(current.svg, 'image/svg+xml', downloadName(brandHandle, refValue, 'svg')) }}>{t('publish.qr.svg')}</button>
        </div>
      </div>
      {error != null && <p className="form-error" role="alert">{t('publish.qr.failed', { message: errorMessage(error, i18n) })}</p>}
    </section>
  )
}

/** The sites the in-page chat may open on (`embedOrigins`). */
function SitesPanel({ brandId, canEdit }: { brandId: string; canEdit: boolean }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client } = useSession()
  const id = useId()
  const [sites, setSites] = useState<string[] | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [input, setInput] = useState('')
  const form = useRef<HTMLFormElement>(null)
  const [refusal, setRefusal] = usePlacedRefusal(form)
  const onInput = (message: string) => setRefusal({ byTarget: new Map([['/embedOrigins', [message]]]), general: null })
  const [status, setStatus] = useState('')
  const [busy, setBusy] = useState(false)
  const max = defaultLimits.embedOrigins

  const load = useCallback(async () => {
    try {
      const messaging = await client.call('getBrandMessaging', { params: { brandId } })
      setSites(messaging.embedOrigins)
      setLoadError(null)
    } catch (error) {
      setLoadError(error)
    }
  }, [client, brandId])
  useEffect(() => { void load() }, [load])

  async function save(next: string[], done: string): Promise<boolean> {
    setBusy(true)
    setRefusal(noRefusal)
    setStatus('')
    try {
      const messaging = await client.call('updateBrandMessaging', { params: { brandId }, body: { embedOrigins: next } })
      setSites(messaging.embedOrigins)
      setStatus(done)
      return true
    } catch (error) {
      setRefusal(placeRefusal(error, t, siteTargets, errorMessage(error, i18n)))
      return false
    } finally {
      setBusy(false)
    }
  }

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!sites) return
    const parsed = parseOrigin(input)
    if ('problem' in parsed) return onInput(t(`publish.origin.${parsed.problem}`))
    if (sites.includes(parsed.origin)) return onInput(t('publish.sites.already', { origin: parsed.origin }))
    if (sites.length >= max) return onInput(t('publish.sites.full', { max }))
    if (await save([...sites, parsed.origin], t('publish.sites.added', { origin: parsed.origin }))) setInput('')
  }

  const inputProblems = refusal.byTarget.get('/embedOrigins')
  return (
    <section className="publish-block" aria-labelledby={id}>
      <h2 id={id} className="console-subtitle">{t('publish.sites')}</h2>
      <p className="hint">{t('publish.sites.hint')}</p>
      {loadError != null && (
        <div className="console-problem">
          <p className="form-error" role="alert">{t('publish.sites.failed', { message: errorMessage(loadError, i18n) })}</p>
          <button type="button" className="button-quiet" onClick={() => void load()}>{t('common.retry')}</button>
        </div>
      )}
      {sites === null && loadError == null && <p className="muted" role="status">{t('common.loading')}</p>}
      {sites && (
        <>
          {sites.length === 0 ? <p className="publish-sites-empty">{t('publish.sites.empty')}</p> : (
            <ul className="publish-sites" aria-labelledby={id}>
              {sites.map((site) => (
                <li key={site} className="publish-site">
                  <span className="publish-site-origin">{site}</span>
                  {canEdit && (
                    <button type="button" className="button-quiet" disabled={busy} aria-label={t('publish.sites.removeWho', { origin: site })}
                      onClick={() => void save(sites.filter((s) => s !== site), t('publish.sites.removed', { origin: site }))}>{t('publish.sites.remove')}</button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <p className="hint">{t('publish.sites.count', { count: sites.length, max })}</p>
          {canEdit ? (
            <form ref={form} className="publish-site-add" onSubmit={(e) => void add(e)} noValidate>
              <div className="field">
                <label htmlFor={`${id}-origin`}>{t('publish.sites.address')}</label>
                <div className="publish-site-add-row">
                  <input id={`${id}-origin`} type="url" inputMode="url" value={input} placeholder="https://shop.example.com" autoCapitalize="none" autoComplete="off" spellCheck={false}
                    onChange={(e) => { setInput(e.target.value); setRefusal(noRefusal) }} aria-invalid={inputProblems ? true : undefined}
                    aria-describedby={inputProblems ? `${id}-origin-error` : undefined} />
                  <button type="submit" className="button-primary" disabled={busy}>{t('publish.sites.submit')}</button>
                </div>
                <FieldMessages id={`${id}-origin-error`} messages={inputProblems} />
              </div>
              {refusal.general && <p className="form-error" role="alert">{refusal.general}</p>}
            </form>
          ) : <p className="console-notice">{t('publish.sites.readOnly')}</p>}
          <p className="console-status" role="status">{status}</p>
        </>
      )}
    </section>
  )
}
