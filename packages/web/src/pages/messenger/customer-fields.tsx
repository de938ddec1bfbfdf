import { useEffect, useId, useState, type FormEvent } from 'react'
import { ParloirApiError } from '@parloir/client'
import { defaultLimits as L, type CustomField, type CustomerFieldValues } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useTeamSelect, type TeamStore } from './team-store.ts'
import { useErrorText } from './use-store.ts'
import { changedValues, safeHref, valueDrafts, valueProblems, type ValueProblem } from './customer-fields-model.ts'

const noValues: CustomerFieldValues = {}
const inputType = { text: 'text', number: 'text', date: 'date', link: 'url' } as const

/**
 * The brand's custom fields of the customer, in the customer panel: read by the whole team,
 * edited (all at once, then saved) by those who may (`customFields.write`). Live: a teammate's
 * change shows at once (`customerFields.updated`). Never shown to the customer.
 */
export function CustomerFields({ team, conversationId, customerId, canWrite }: { team: TeamStore; conversationId: string; customerId: string | null; canWrite: boolean }) {
  const { t } = useI18n()
  const describe = useErrorText()
  const id = useId()
  const fields = useTeamSelect(team, (s) => s.customFields, null)
  const values = useTeamSelect(team, (s) => (customerId ? s.customerFields.get(customerId) : undefined) ?? noValues, noValues)
  const [drafts, setDrafts] = useState<Record<string, string> | null>(null)
  const [problems, setProblems] = useState<Map<string, ValueProblem>>(new Map())
  const [problem, setProblem] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const [busy, setBusy] = useState(false)

  // Asked each time the panel opens, so a field defined in the console meanwhile is there.
  useEffect(() => { team.loadCustomFields().catch((error: unknown) => setProblem(describe(error))) }, [team, describe])
  // Another customer: whatever was being edited was theirs.
  useEffect(() => { setDrafts(null); setStatus('') }, [conversationId])

  const problemText = (p: ValueProblem) => (p === 'tooLong' ? t('messenger.fields.problem.tooLong', { max: L.customFieldValueChars }) : t(`messenger.fields.problem.${p}`))

  async function save(event: FormEvent, list: readonly CustomField[]) {
    event.preventDefault()
    if (!drafts || busy || !customerId) return
    const found = valueProblems(list, drafts)
    setProblems(found)
    if (found.size > 0) { setProblem(t('messenger.fields.marked')); return }
    const changed = changedValues(list, values, drafts)
    setBusy(true)
    setProblem(null)
    try {
      if (Object.keys(changed).length > 0) await team.updateCustomerFields(conversationId, customerId, changed)
      setDrafts(null)
      setStatus(t('messenger.fields.saved'))
    } catch (error) {
      const refused = error instanceof ParloirApiError && error.code === 'CUSTOM_FIELD_VALUE_INVALID'
        ? (error.details?.fields as Array<{ key: string; type: ValueProblem }> | undefined) ?? [] : []
      setProblems(new Map(refused.map((f) => [f.key, f.type])))
      setProblem(refused.length > 0 ? t('messenger.fields.marked') : describe(error))
    } finally {
      setBusy(false)
    }
  }

  const heading = <h3 id={`${id}-title`} className="customer-panel__subtitle">{t('messenger.fields.title')}</h3>
  if (customerId === null) return null
  if (fields === null) {
    return <section className="customer-fields" aria-labelledby={`${id}-title`}>{heading}{problem ? <p className="form-error" role="alert">{problem}</p> : <p className="muted">{t('common.loading')}</p>}</section>
  }
  return (
    <section className="customer-fields" aria-labelledby={`${id}-title`}>
      <div className="customer-fields__head">
        {heading}
        {canWrite && fields.length > 0 && drafts === null && (
          <button type="button" className="team-button" aria-label={t('messenger.fields.editLabel')} onClick={() => { setDrafts(valueDrafts(fields, values)); setProblems(new Map()); setProblem(null); setStatus('') }}>
            {t('messenger.fields.edit')}
          </button>
        )}
      </div>
      <p className="visually-hidden" role="status">{status}</p>
      {fields.length === 0 && <p className="hint">{t('messenger.fields.none')}</p>}
      {drafts === null ? (
        fields.length > 0 && (
          <dl className="customer-panel__facts">
            {fields.map((field) => {
              const value = values[field.key]
              const href = value === undefined ? null : safeHref(field, value)
              return (
                <div key={field.id} className="customer-fields__row" data-field={field.key}>
                  <dt>{field.label}</dt>
                  <dd>{value === undefined ? <span className="hint">{t('messenger.fields.unset')}</span>
                    : href ? <a href={href} target="_blank" rel="noopener noreferrer">{value}</a> : value}</dd>
                </div>
              )
            })}
          </dl>
        )
      ) : (
        <form className="customer-fields__form" onSubmit={(e) => void save(e, fields)} noValidate aria-labelledby={`${id}-title`}>
          {fields.map((field) => {
            const inputId = `${id}-${field.key}`
            const fieldProblem = problems.get(field.key)
            return (
              <div key={field.id} className="field customer-fields__field">
                <label htmlFor={inputId}>{field.label}</label>
                <input id={inputId} type={inputType[field.type]} value={drafts[field.key] ?? ''} autoComplete="off"
                  {...(field.type === 'number' ? { inputMode: 'decimal' as const } : {})}
                  aria-invalid={fieldProblem ? true : undefined} aria-describedby={fieldProblem ? `${inputId}-error` : undefined}
                  onChange={(e) => setDrafts((d) => ({ ...(d ?? {}), [field.key]: e.target.value }))} />
                {fieldProblem && <p id={`${inputId}-error`} className="form-error">{problemText(fieldProblem)}</p>}
              </div>
            )
          })}
          {problem && <p className="form-error" role="alert">{problem}</p>}
          <div className="customer-fields__actions">
            <button type="submit" className="button-primary" disabled={busy}>{busy ? t('auth.working') : t('messenger.fields.save')}</button>
            <button type="button" className="button-quiet" disabled={busy} onClick={() => { setDrafts(null); setProblem(null) }}>{t('common.cancel')}</button>
          </div>
        </form>
      )}
      {drafts === null && problem && <p className="form-error" role="alert">{problem}</p>}
    </section>
  )
}
