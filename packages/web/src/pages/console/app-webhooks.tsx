import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { App, Webhook, WebhookDelivery } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import type { MessageKey } from '../../i18n/text.ts'
import { useSession } from '../../session.tsx'
import { errorMessage } from '../error-message.ts'
import { noRefusal, placeRefusal } from '../field-problems.ts'
import { describedBy, FieldMessages, usePlacedRefusal } from './editor-parts.tsx'
import { ShownOnce } from './secrets.tsx'

const eventNames = ['message.created', 'conversation.read', 'typing.started'] as const

/** The add-webhook form's inputs, as a refusal names them (`/eventTypes/1` lands on the list). */
const webhookTargets = ['/url', '/eventTypes']

export function AppWebhooks({ app, brandName }: { app: App; brandName: string }) {
  const i18n = useI18n()
  const { t, formatTime } = i18n
  const { client } = useSession()
  const id = useId()
  const [webhooks, setWebhooks] = useState<Webhook[] | null>(null)
  const [url, setUrl] = useState('')
  const [events, setEvents] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const form = useRef<HTMLFormElement>(null)
  const [refusal, setRefusal] = usePlacedRefusal(form)
  const [secret, setSecret] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [logOf, setLogOf] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      const reply = await client.call('listWebhooks', { params: { appId: app.id } })
      setWebhooks(reply.webhooks)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }, [client, app.id, i18n])
  useEffect(() => { void load() }, [load])

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setRefusal(noRefusal)
    setStatus('')
    if (url.trim() === '') return setRefusal({ byTarget: new Map([['/url', [t('apps.webhooks.url.empty')]]]), general: null })
    setBusy(true)
    try {
      const reply = await client.call('createWebhook', { params: { appId: app.id }, body: { url: url.trim(), ...(events.length > 0 ? { eventTypes: events } : {}) } })
      setWebhooks((list) => [...(list ?? []), reply.webhook])
      setSecret(reply.secret)
      setUrl('')
      setEvents([])
      setStatus(t('apps.webhooks.added'))
    } catch (error) {
      setRefusal(placeRefusal(error, t, webhookTargets, errorMessage(error, i18n)))
    } finally {
      setBusy(false)
    }
  }

  async function remove(webhook: Webhook) {
    setBusy(true)
    setProblem(null)
    try {
      await client.call('deleteWebhook', { params: { appId: app.id, webhookId: webhook.id } })
      setWebhooks((list) => list?.filter((w) => w.id !== webhook.id) ?? null)
      if (logOf === webhook.id) setLogOf(null)
      setStatus(t('apps.webhooks.deleted'))
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    } finally {
      setBusy(false)
      setConfirming(null)
    }
  }

  const state = (w: Webhook) => (w.disabledAt ? t('apps.webhooks.disabled', { when: formatTime(w.disabledAt, 'full') }) : w.valid ? t('apps.webhooks.valid') : t('apps.webhooks.invalid'))
  const logged = webhooks?.find((w) => w.id === logOf)
  const urlProblems = refusal.byTarget.get('/url')
  const eventProblems = refusal.byTarget.get('/eventTypes')

  return (
    <div className="apps-block apps-webhooks">
      <h4 className="apps-block-title">{t('apps.webhooks')}</h4>
      <p className="hint">{t('apps.webhooks.hint', { brand: brandName })}</p>
      <p className="console-status" role="status">{status}</p>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {webhooks?.length === 0 && <p className="hint">{t('apps.webhooks.none')}</p>}
      {webhooks && webhooks.length > 0 && (
        <ul className="apps-webhook-list">
          {webhooks.map((w) => (
            <li key={w.id} className="apps-webhook" data-webhook={w.url}>
              <div className="apps-webhook-what">
                <p className="apps-webhook-url">{w.url}</p>
                <p className="hint">
                  {t(`apps.webhooks.kind.${w.kind}` as MessageKey)}
                  {' · '}<span className={`apps-state apps-state-${w.disabledAt ? 'disabled' : w.valid ? 'valid' : 'invalid'}`}>{state(w)}</span>
                  {' · '}{w.eventTypes.length > 0 ? w.eventTypes.join(', ') : t('apps.webhooks.allEvents')}
                </p>
              </div>
              <div className="apps-row">
                <button type="button" className="button-quiet" aria-expanded={logOf === w.id} onClick={() => setLogOf(logOf === w.id ? null : w.id)}
                  aria-label={logOf === w.id ? undefined : t('apps.webhooks.logWho', { url: w.url })}>
                  {logOf === w.id ? t('apps.webhooks.hideLog') : t('apps.webhooks.log')}
                </button>
                {confirming === w.id ? (
                  <div className="console-confirm" role="group" aria-label={t('apps.webhooks.confirmDelete')}>
                    <span className="console-confirm-text">{t('apps.webhooks.confirmDelete')}</span>
                    <button type="button" className="button-danger" onClick={() => void remove(w)} disabled={busy} autoFocus>{t('apps.webhooks.delete')}</button>
                    <button type="button" className="button-quiet" onClick={() => setConfirming(null)} disabled={busy}>{t('common.cancel')}</button>
                  </div>
                ) : (
                  <button type="button" className="button-quiet" onClick={() => setConfirming(w.id)} aria-label={t('apps.webhooks.deleteWho', { url: w.url })}>{t('apps.webhooks.delete')}</button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {logged && <DeliveryLog key={logged.id} appId={app.id} webhook={logged} />}
      {secret && <ShownOnce onDone={() => setSecret(null)} fields={[{ label: t('apps.webhooks.secret'), value: secret, name: 'webhook-secret' }]} />}
      <form ref={form} className="apps-webhook-add" onSubmit={(e) => void add(e)} noValidate aria-label={t('apps.webhooks.add')}>
        <div className="field">
          <label htmlFor={`${id}-url`}>{t('apps.webhooks.url')}</label>
          <input id={`${id}-url`} type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/parloir-events"
            spellCheck={false} autoCapitalize="none" aria-describedby={describedBy(`${id}-url-hint`, urlProblems && `${id}-url-error`)} aria-invalid={urlProblems ? true : undefined} />
          <p id={`${id}-url-hint`} className="hint">{t('apps.webhooks.url.hint')}</p>
          <FieldMessages id={`${id}-url-error`} messages={urlProblems} />
        </div>
        <fieldset className="apps-events" aria-describedby={describedBy(`${id}-events-hint`, eventProblems && `${id}-events-error`)} aria-invalid={eventProblems ? true : undefined}>
          <legend>{t('apps.webhooks.events')}</legend>
          {eventNames.map((name) => (
            <label key={name} className="apps-event">
              <input type="checkbox" checked={events.includes(name)} onChange={(e) => setEvents((list) => (e.target.checked ? [...list, name] : list.filter((x) => x !== name)))} />
              <span>{t(`apps.webhooks.event.${name}` as MessageKey)}</span>
            </label>
          ))}
          <p id={`${id}-events-hint`} className="hint">{t('apps.webhooks.events.hint')}</p>
          <FieldMessages id={`${id}-events-error`} messages={eventProblems} />
        </fieldset>
        {refusal.general && <p className="form-error" role="alert">{refusal.general}</p>}
        <button type="submit" className="button-primary" disabled={busy}>{t('apps.webhooks.add')}</button>
      </form>
    </div>
  )
}

function DeliveryLog({ appId, webhook }: { appId: string; webhook: Webhook }) {
  const i18n = useI18n()
  const { t, formatTime } = i18n
  const { client } = useSession()
  const id = useId()
  const [deliveries, setDeliveries] = useState<WebhookDelivery[] | null>(null)
  const [next, setNext] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const load = useCallback(async (before?: string) => {
    setProblem(null)
    try {
      const reply = await client.call('listWebhookDeliveries', { params: { appId, webhookId: webhook.id }, ...(before ? { query: { before } } : {}) })
      setDeliveries((list) => (before ? [...(list ?? []), ...reply.deliveries] : reply.deliveries))
      setNext(reply.next)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }, [client, appId, webhook.id, i18n])
  useEffect(() => { void load() }, [load])

  const when = (iso: string | null) => (iso ? formatTime(iso, 'full') : t('apps.never'))
  return (
    <div className="apps-log" role="region" aria-labelledby={`${id}-title`}>
      <div className="apps-row">
        <h5 id={`${id}-title`} className="apps-log-title">{t('apps.webhooks.logOf', { url: webhook.url })}</h5>
        <button type="button" className="button-quiet" onClick={() => void load()}>{t('apps.webhooks.refresh')}</button>
      </div>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {deliveries === null && !problem && <p className="muted">{t('common.loading')}</p>}
      {deliveries?.length === 0 && <p className="hint">{t('apps.webhooks.log.none')}</p>}
      {deliveries && deliveries.length > 0 && (
        <div className="apps-log-scroll" tabIndex={0} role="group" aria-labelledby={`${id}-title`}>
          <table className="apps-log-table">
            <thead>
              <tr>
                <th scope="col">{t('apps.webhooks.log.event')}</th>
                <th scope="col">{t('apps.webhooks.log.status')}</th>
                <th scope="col">{t('apps.webhooks.log.attempts')}</th>
                <th scope="col">{t('apps.webhooks.log.code')}</th>
                <th scope="col">{t('apps.webhooks.log.created')}</th>
                <th scope="col">{t('apps.webhooks.log.last')}</th>
                <th scope="col">{t('apps.webhooks.log.next')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} data-delivery-status={d.status}>
                  <td>{d.eventName}</td>
                  <td><span className={`apps-state apps-state-${d.status}`}>{t(`apps.webhooks.log.status.${d.status}` as MessageKey)}</span></td>
                  <td>{d.attempts}</td>
                  <td>{d.lastStatusCode ?? (d.lastError ? `${t('apps.webhooks.log.noAnswer')} (${d.lastError})` : t('apps.never'))}</td>
                  <td>{when(d.createdAt)}</td>
                  <td>{when(d.lastAttemptAt)}</td>
                  <td>{when(d.nextAttemptAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && <button type="button" className="button-quiet" onClick={() => void load(next)}>{t('apps.webhooks.more')}</button>}
    </div>
  )
}
