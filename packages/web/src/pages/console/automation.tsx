import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import type { ParloirClient } from '@parloir/client'
import { defaultLimits as L, type Account, type BrandMembership, type BrandMessaging, type KeywordRule, type SupportStatus } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { Link } from '../../router.tsx'
import { errorMessage } from '../error-message.ts'
import { LoadProblem, Panel, Switch, TextField, canChangeBrand, refusalMessage, useBrandClient, useFormProblems } from './editor-parts.tsx'
import { codePoints, placeProblems, problemsOf, sentenceAbove } from '../field-problems.ts'
import { KeywordRules } from './keyword-rules.tsx'
import { SupportHoursForm, SupportSummary } from './support-hours.tsx'

interface Loaded { messaging: BrandMessaging; rules: KeywordRule[] }

/**
 * `/console/<brand>/automation`: support hours (with the server's own reading of them: open
 * now, and when that changes), the away message, and keyword rules.
 */
export function AutomationSection({ membership }: { membership: BrandMembership }) {
  const i18n = useI18n()
  const { t } = i18n
  const brand = membership.brand
  const canEdit = canChangeBrand(membership.role)
  const client = useBrandClient(brand)
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [support, setSupport] = useState<SupportStatus | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  // Bumped when the calendar is saved, so the form starts again from what the server kept.
  const [version, setVersion] = useState(0)

  /** The card is public and computed by the server: the same reading people get. */
  const loadCard = useCallback(async () => {
    try {
      const card = await client.call('getBrandCard', { params: { brandId: brand.id } })
      setSupport(card.support)
    } catch {
      setSupport(null)
    }
  }, [client, brand.id])

  const load = useCallback(async () => {
    try {
      const [messaging, rules] = await Promise.all([
        client.call('getBrandMessaging', { params: { brandId: brand.id } }),
        client.call('listKeywordRules', { params: { brandId: brand.id } }),
      ])
      setLoaded({ messaging, rules: rules.rules })
      setProblem(null)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }, [client, brand.id, i18n])
  useEffect(() => { void load(); void loadCard() }, [load, loadCard])

  const savedMessaging = (messaging: BrandMessaging, message: string) => {
    setLoaded((l) => (l ? { ...l, messaging } : l))
    setStatus(message)
    void loadCard()
  }

  return (
    <section className="console-section console-wide" aria-labelledby="console-automation-title">
      <h1 id="console-automation-title">{t('console.nav.automation')}</h1>
      <p className="muted">{t('console.automation.hint', { brand: brand.displayName })}</p>
      {!canEdit && <p className="console-notice">{t('console.readOnly', { role: t(`console.role.${membership.role}`) })}</p>}
      <p className="console-status console-status-sticky" role="status">{status}</p>
      {problem && <LoadProblem problem={problem} onRetry={() => void load()} />}
      {!loaded && !problem && <p className="muted">{t('common.loading')}</p>}
      {loaded && (
        <>
          <Panel title={t('console.hours.title')} hint={<HoursHint brand={brand} published={loaded.messaging.supportCalendar !== null} />}>
            <SupportSummary support={support} />
            <SupportHoursForm key={version} brand={brand} client={client} messaging={loaded.messaging} canEdit={canEdit}
              onSaved={(messaging, message) => { savedMessaging(messaging, message); setVersion((v) => v + 1) }} />
          </Panel>
          <Panel title={t('console.away.title')} hint={t('console.away.hint')}>
            <AwayMessageForm brand={brand} client={client} messaging={loaded.messaging} canEdit={canEdit} onSaved={savedMessaging} />
          </Panel>
          <Panel title={t('console.rules.title')} hint={t('console.rules.hint')}>
            <KeywordRules brand={brand} client={client} rules={loaded.rules} canEdit={canEdit}
              onChange={(rules, message) => { setLoaded((l) => (l ? { ...l, rules } : l)); setStatus(message) }} />
          </Panel>
        </>
      )}
    </section>
  )
}

function HoursHint({ brand, published }: { brand: Account; published: boolean }) {
  const { t } = useI18n()
  return (
    <>
      <p>{t(published ? 'console.hours.badge.on' : 'console.hours.badge.off')}</p>
      <p><Link to={`/@${brand.handle}`}>{t('console.profile.public')}</Link></p>
    </>
  )
}

function AwayMessageForm({ brand, client, messaging, canEdit, onSaved }: {
  brand: Account; client: ParloirClient; messaging: BrandMessaging; canEdit: boolean; onSaved(messaging: BrandMessaging, status: string): void
}) {
  const i18n = useI18n()
  const { t } = i18n
  const [enabled, setEnabled] = useState(messaging.awayMessage.enabled)
  const [text, setText] = useState(messaging.awayMessage.text)
  const [busy, setBusy] = useState(false)
  const form = useRef<HTMLFormElement>(null)
  const away = useMemo(() => ({ enabled, text }), [enabled, text])
  const check = useCallback((d: { enabled: boolean; text: string }) => {
    if (d.enabled && d.text.trim() === '') return [{ path: '/awayMessage/text', message: t('console.away.needsText') }]
    if (codePoints(d.text) > L.messageTextChars) return [{ path: '/awayMessage/text', message: t('console.problem.tooLong', { max: L.messageTextChars }) }]
    return []
  }, [t])
  const { problems, general: problem, begin, fail } = useFormProblems(away, check, form)

  async function save(event: FormEvent) {
    event.preventDefault()
    if (!canEdit || busy || !begin()) return
    setBusy(true)
    try {
      const saved = await client.call('updateBrandMessaging', { params: { brandId: brand.id }, body: { awayMessage: { enabled, text } } })
      onSaved(saved, t(enabled ? 'console.away.savedOn' : 'console.away.savedOff'))
    } catch (error) {
      const placed = placeProblems(problemsOf(error, t), ['/awayMessage/text', '/awayMessage/enabled'])
      fail(placed.byTarget, sentenceAbove(placed, t, refusalMessage(error, i18n, 'console.problem.forbidden')))
    } finally {
      setBusy(false)
    }
  }

  const noHours = messaging.supportCalendar === null
  return (
    <form ref={form} className="console-away" onSubmit={(e) => void save(e)} noValidate aria-label={t('console.away.title')}>
      <fieldset className="console-plain-fieldset" disabled={!canEdit}>
        <Switch label={t('console.away.enabled')} hint={t('console.away.rule')} checked={enabled} onChange={setEnabled} disabled={!canEdit} />
        <TextField label={t('console.away.text')} value={text} onChange={setText} max={L.messageTextChars} multiline rows={3}
          messages={[...(problems.get('/awayMessage/text') ?? []), ...(problems.get('/awayMessage/enabled') ?? [])]} />
      </fieldset>
      {noHours && <p className="console-notice console-notice-small">{t('console.away.noHours')}</p>}
      {problem && <p className="form-error console-form-problem" role="alert">{problem}</p>}
      {canEdit && (
        <div className="console-actions">
          <button type="submit" className="button-primary" disabled={busy}>{busy ? t('auth.working') : t('console.away.save')}</button>
        </div>
      )}
    </form>
  )
}
