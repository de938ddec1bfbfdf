import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { ParloirApiError } from '@parloir/client'
import { brandMay, defaultLimits as L, labelColours, type BrandMembership, type Label, type LabelColour } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { teamFor, useTeamSelect, type TeamStore } from '../messenger/team-store.ts'
import { LabelChip } from '../messenger/label-chips.tsx'
import { labelNameProblem, labelTargets, withLabel } from '../messenger/labels-model.ts'
import { noRefusal, placeRefusal } from '../field-problems.ts'
import { ConfirmButton, EditorFooter, FieldMessages, LoadProblem, Panel, TextField, refusalMessage, usePlacedRefusal } from './editor-parts.tsx'

/**
 * `/console/<brand>/labels`: the brand's labels for the team inbox. Owners and admins make,
 * rename, recolour and delete them (a deleted label comes off every conversation); everyone on
 * the team reads them. The set lives in the brand's team store, so the inbox and the team bar
 * show a change at once.
 */
export function LabelsSection({ membership }: { membership: BrandMembership }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client } = useSession()
  const brand = membership.brand
  const team = teamFor(client, brand.id)
  const labels = useTeamSelect(team, (s) => s.labels, null)
  const [problem, setProblem] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const [editing, setEditing] = useState<string | null>(null)
  const canEdit = brandMay(membership.role, 'labels.manage')

  const load = useCallback(async () => {
    setProblem(null)
    if (!(await team.loadLabels(true))) setProblem(t('console.labels.loadFailed'))
  }, [team, t])
  useEffect(() => { void load() }, [load])

  const saved = (label: Label) => {
    setEditing(null)
    team.setLabels(withLabel(team.getState().labels ?? [], label))
    setStatus(t('console.labels.saved', { name: label.name }))
  }
  async function remove(label: Label): Promise<boolean> {
    setProblem(null)
    try {
      await client.call('deleteLabel', { params: { brandId: brand.id, labelId: label.id } })
      team.setLabels((team.getState().labels ?? []).filter((l) => l.id !== label.id))
      setStatus(t('console.labels.deleted', { name: label.name }))
      return true
    } catch (error) {
      setProblem(refusalMessage(error, i18n, 'console.labels.full'))
      return false
    }
  }
  const full = (labels?.length ?? 0) >= L.labelsPerBrand

  return (
    <section className="console-section console-wide" aria-labelledby="console-labels-title">
      <h1 id="console-labels-title">{t('console.nav.labels')}</h1>
      <p className="muted">{t('console.labels.hint')}</p>
      {!canEdit && <p className="hint">{t('console.labels.readOnly')}</p>}
      <p className="console-status console-status-sticky" role="status">{status}</p>
      {problem && <LoadProblem problem={problem} onRetry={() => void load()} />}
      {!labels && !problem && <p className="muted">{t('common.loading')}</p>}
      {labels && (
        <Panel title={t('console.labels.list')}>
          {labels.length === 0 && editing !== 'new' && <p className="console-empty console-empty-small">{t('console.labels.empty')}</p>}
          {labels.length > 0 && (
            <ul className="console-labels" aria-label={t('console.labels.list')}>
              {labels.map((label) => (
                <li key={label.id} className="console-label" data-label-id={label.id}>
                  {editing === label.id
                    ? <LabelEditor team={team} brandId={brand.id} labels={labels} label={label} onSaved={saved} onCancel={() => setEditing(null)} />
                    : <>
                      <LabelChip label={label} />
                      <span className="console-label__colour">{t(`console.labels.colour.${label.colour}`)}</span>
                      {canEdit && (
                        <span className="console-label__actions">
                          <button type="button" className="button-quiet" onClick={() => setEditing(label.id)} aria-label={t('console.labels.editWho', { name: label.name })}>{t('console.edit')}</button>
                          <ConfirmButton label={t('console.labels.deleteWho', { name: label.name })} question={t('console.labels.confirmDelete', { name: label.name })}
                            confirm={t('console.delete')} onConfirm={() => remove(label)} />
                        </span>
                      )}
                    </>}
                </li>
              ))}
            </ul>
          )}
          {editing === 'new' && (
            <div className="console-label console-card-new">
              <LabelEditor team={team} brandId={brand.id} labels={labels} label={null} onSaved={saved} onCancel={() => setEditing(null)} />
            </div>
          )}
          {canEdit && editing !== 'new' && (
            <div className="console-add-row">
              <button type="button" className="button-quiet" disabled={full} onClick={() => setEditing('new')}>{t('console.labels.add')}</button>
              {full && <span className="hint">{t('console.labels.full')}</span>}
            </div>
          )}
        </Panel>
      )}
    </section>
  )
}

/** Makes a label, or renames and recolours one; the name is checked here as the server checks it. */
function LabelEditor({ team, brandId, labels, label, onSaved, onCancel }: {
  team: TeamStore; brandId: string; labels: readonly Label[]; label: Label | null; onSaved(label: Label): void; onCancel(): void
}) {
  const i18n = useI18n()
  const { t } = i18n
  const { client } = useSession()
  const id = useId()
  const [name, setName] = useState(label?.name ?? '')
  const [colour, setColour] = useState<LabelColour>(label?.colour ?? 'blue')
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const form = useRef<HTMLFormElement>(null)
  const [refusal, setRefusal] = usePlacedRefusal(form)
  const local = labelNameProblem(name, labels, label?.id ?? null)
  const [taken, setTaken] = useState(false)
  const nameProblem = taken ? 'taken' : tried ? local : local === 'long' ? 'long' : null
  const colourProblems = refusal.byTarget.get('/colour')

  async function save(event: FormEvent) {
    event.preventDefault()
    setTried(true)
    setTaken(false)
    if (busy || local !== null) return
    setBusy(true)
    setRefusal(noRefusal)
    try {
      const body = { name: name.trim(), colour }
      const saved = label
        ? await client.call('updateLabel', { params: { brandId, labelId: label.id }, body })
        : await client.call('createLabel', { params: { brandId }, body })
      onSaved(saved)
    } catch (error) {
      if (error instanceof ParloirApiError && error.code === 'LABEL_NAME_TAKEN') {
        setTaken(true)
        void team.loadLabels(true)
      } else {
        setRefusal(placeRefusal(error, t, labelTargets, refusalMessage(error, i18n, 'console.labels.full')))
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <form ref={form} className="console-label-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="visually-hidden">{t(label ? 'console.labels.edit' : 'console.labels.new')}</h3>
      <TextField label={t('console.labels.name')} value={name} onChange={(value) => { setName(value); setTaken(false) }} max={L.labelNameChars} required autoComplete="off"
        messages={nameProblem ? [t(`console.labels.problem.${nameProblem}`)] : refusal.byTarget.get('/name')} />
      <fieldset className="label-palette" aria-invalid={colourProblems ? true : undefined} aria-describedby={colourProblems ? `${id}-colour-error` : undefined}>
        <legend>{t('console.labels.colour')}</legend>
        {labelColours.map((c) => (
          <label key={c} className="label-palette__option">
            <input type="radio" name={`${id}-colour`} value={c} checked={colour === c} onChange={() => setColour(c)} aria-label={t(`console.labels.colour.${c}`)} />
            <LabelChip label={{ name: name.trim() || t(`console.labels.colour.${c}`), colour: c }} />
          </label>
        ))}
        <FieldMessages id={`${id}-colour-error`} messages={colourProblems} />
      </fieldset>
      <div style={{ flexBasis: '100%' }}>
        <EditorFooter problem={refusal.general} busy={busy} saveLabel={t(label ? 'console.save' : 'console.labels.create')} onCancel={onCancel} />
      </div>
    </form>
  )
}
