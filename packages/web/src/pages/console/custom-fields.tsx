import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { ParloirApiError, type ParloirClient } from '@parloir/client'
import {
  brandMay, compareCustomFields, customFieldTypes, defaultLimits as L, type Account, type BrandMembership, type CustomField, type CustomFieldType,
} from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { errorMessage } from '../error-message.ts'
import { ConfirmButton, EditorFooter, LoadProblem, Panel, TextField, localMessage, refusalMessage, useBrandClient, useFormProblems } from './editor-parts.tsx'
import { placeProblems, problemsOf, sentenceAbove } from '../field-problems.ts'
import { customFieldInput, customFieldProblems, emptyFieldDraft, fieldPlaceholder, withLabel, type CustomFieldDraft } from './custom-fields-model.ts'

/**
 * The brand's custom fields, in the Saved replies section (saved replies are where their values
 * go): owners and admins define, rename and delete them; everyone on the team sees them. Agents
 * fill in a customer's values in the customer panel beside a conversation.
 */
export function CustomFieldsPanel({ membership }: { membership: BrandMembership }) {
  const i18n = useI18n()
  const { t } = i18n
  const brand = membership.brand
  const client = useBrandClient(brand)
  const canEdit = brandMay(membership.role, 'customFields.manage')
  const [fields, setFields] = useState<CustomField[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const [editing, setEditing] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      setFields((await client.call('listCustomFields', { params: { brandId: brand.id } })).customFields)
      setProblem(null)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }, [client, brand.id, i18n])
  useEffect(() => { void load() }, [load])

  const saved = (field: CustomField) => {
    setEditing(null)
    setFields((list) => [...(list ?? []).filter((f) => f.id !== field.id), field].sort(compareCustomFields))
    setStatus(t('console.fields.saved', { label: field.label }))
  }

  async function remove(field: CustomField): Promise<boolean> {
    setProblem(null)
    try {
      await client.call('deleteCustomField', { params: { brandId: brand.id, fieldId: field.id } })
      setFields((list) => list?.filter((f) => f.id !== field.id) ?? null)
      setStatus(t('console.fields.deleted', { label: field.label }))
      return true
    } catch (error) {
      setProblem(refusalMessage(error, i18n, 'console.fields.full'))
      return false
    }
  }

  const full = (fields?.length ?? 0) >= L.customFieldsPerBrand
  return (
    <Panel title={t('console.fields.title')} hint={t('console.fields.hint')}>
      <div className="console-replies console-fields">
        <p className="console-status" role="status">{status}</p>
        {problem && (fields ? <p className="form-error" role="alert">{problem}</p> : <LoadProblem problem={problem} onRetry={() => void load()} />)}
        {!fields && !problem && <p className="muted">{t('common.loading')}</p>}
        {fields && fields.length === 0 && editing !== 'new' && <p className="console-empty console-empty-small">{t('console.fields.empty')}</p>}
        {fields && fields.length > 0 && (
          <ul className="console-cards" aria-label={t('console.fields.title')}>
            {fields.map((field) => editing === field.id
              ? <li key={field.id} className="console-card"><FieldEditor brand={brand} client={client} field={field} onSaved={saved} onCancel={() => setEditing(null)} /></li>
              : <FieldCard key={field.id} field={field} canEdit={canEdit} onEdit={() => setEditing(field.id)} onDelete={() => remove(field)} />)}
          </ul>
        )}
        {editing === 'new' && (
          <div className="console-card console-card-new">
            <FieldEditor brand={brand} client={client} field={null} onSaved={saved} onCancel={() => setEditing(null)} />
          </div>
        )}
        {canEdit && fields && editing !== 'new' && (
          <div className="console-add-row">
            <button type="button" className="button-quiet" disabled={full} onClick={() => setEditing('new')}>{t('console.fields.add')}</button>
            {full && <span className="hint">{t('console.fields.full')}</span>}
          </div>
        )}
      </div>
    </Panel>
  )
}

function FieldCard({ field, canEdit, onEdit, onDelete }: { field: CustomField; canEdit: boolean; onEdit(): void; onDelete(): Promise<boolean> }) {
  const { t } = useI18n()
  const id = useId()
  const label = field.label
  return (
    <li className="console-card console-field-card" aria-labelledby={`${id}-title`}>
      <div className="console-card-head">
        <h3 id={`${id}-title`} className="console-card-title">{label}</h3>
        <span className="msg-chip console-chip">{t(`console.fields.type.${field.type}`)}</span>
      </div>
      <p className="hint">{t('console.fields.variable')} <code className="console-reply-shortcut">{fieldPlaceholder(field.key)}</code></p>
      {canEdit && (
        <div className="console-card-actions">
          <button type="button" className="button-quiet" onClick={onEdit} aria-label={t('console.fields.editWho', { label })}>{t('console.edit')}</button>
          <ConfirmButton label={t('console.fields.deleteWho', { label })} question={t('console.fields.confirmDelete', { label })} confirm={t('console.delete')} onConfirm={onDelete} />
        </div>
      )}
    </li>
  )
}

/** A new field (label, key, type), or an existing one's label: its key and type are fixed. */
function FieldEditor({ brand, client, field, onSaved, onCancel }: {
  brand: Account; client: ParloirClient; field: CustomField | null; onSaved(field: CustomField): void; onCancel(): void
}) {
  const i18n = useI18n()
  const { t } = i18n
  const id = useId()
  const form = useRef<HTMLFormElement>(null)
  const [draft, setDraft] = useState<CustomFieldDraft>(() => (field ? { label: field.label, key: field.key, type: field.type, keyTyped: true } : emptyFieldDraft))
  const [busy, setBusy] = useState(false)
  const check = useCallback((d: CustomFieldDraft) => customFieldProblems(d, field === null).map((p) => ({ path: p.path, message: localMessage(t, p) })), [t, field])
  const { problems, general: problem, begin, fail } = useFormProblems(draft, check, form)

  async function save(event: FormEvent) {
    event.preventDefault()
    if (busy || !begin()) return
    setBusy(true)
    try {
      const input = customFieldInput(draft)
      if (field) {
        // Awaited into a local first: used straight away, TypeScript infers the reply too deep (TS2589).
        const renamed = await client.call('updateCustomField', { params: { brandId: brand.id, fieldId: field.id }, body: { label: input.label } })
        onSaved(renamed)
      } else {
        const created = await client.call('createCustomField', { params: { brandId: brand.id }, body: input })
        onSaved(created)
      }
    } catch (error) {
      if (error instanceof ParloirApiError && error.code === 'CUSTOM_FIELD_KEY_TAKEN') {
        fail(new Map([['/key', [t('console.fields.taken')]]]), t('console.problem.marked'))
        return
      }
      const placed = placeProblems(problemsOf(error, t), ['/label', '/key', '/type'])
      fail(placed.byTarget, sentenceAbove(placed, t, refusalMessage(error, i18n, 'console.fields.full')))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form ref={form} className="console-reply-editor" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="console-card-title">{t(field ? 'console.fields.edit' : 'console.fields.new')}</h3>
      <div className="console-reply-fields">
        <TextField label={t('console.fields.label')} hint={t('console.fields.label.hint')} value={draft.label} onChange={(label) => setDraft((d) => withLabel(d, label))}
          max={L.customFieldLabelChars} required messages={problems.get('/label')} />
        {field === null && (
          <TextField label={t('console.fields.key')} hint={t('console.fields.key.hint')} value={draft.key} prefix="custom."
            onChange={(key) => setDraft((d) => ({ ...d, key: key.trim().toLowerCase(), keyTyped: true }))}
            max={L.customFieldKeyChars} required autoComplete="off" messages={problems.get('/key')} />
        )}
      </div>
      {field === null && (
        <div className="field console-field">
          <label htmlFor={`${id}-type`}>{t('console.fields.type')}</label>
          <select id={`${id}-type`} value={draft.type} aria-describedby={`${id}-type-hint`}
            onChange={(e) => setDraft((d) => ({ ...d, type: e.target.value as CustomFieldType }))}>
            {customFieldTypes.map((type) => <option key={type} value={type}>{t(`console.fields.type.${type}`)}</option>)}
          </select>
          <p id={`${id}-type-hint`} className="hint">{t('console.fields.type.hint')}</p>
        </div>
      )}
      <EditorFooter problem={problem} busy={busy} saveLabel={t(field ? 'console.save' : 'console.fields.create')} onCancel={onCancel} />
    </form>
  )
}
