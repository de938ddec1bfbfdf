import { useId } from 'react'
import { defaultLimits as L, type ContributionMode } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'

/** A collections path for the account acting (`?as=` a brand), or the person's own. */
export const withAs = (path: string, as: string | undefined) => (as ? `${path}?as=${encodeURIComponent(as)}` : path)

/** Who may add to a collection: anyone at once, or after the curator's approval. */
export function ModeChoice({ mode, onChange }: { mode: ContributionMode; onChange(mode: ContributionMode): void }) {
  const { t } = useI18n()
  const name = useId()
  return (
    <fieldset className="collections-modes">
      <legend>{t('collections.field.mode')}</legend>
      {(['approval', 'open'] as const).map((value) => (
        <label key={value} className="collections-radio">
          <input type="radio" name={name} value={value} checked={mode === value} onChange={() => onChange(value)} />
          {t(`collections.mode.${value}`)}
        </label>
      ))}
    </fieldset>
  )
}

/** What the curator sets on a collection, when creating it and in its settings. */
export interface CollectionSettings { title: string; description: string; mode: ContributionMode; indexable: boolean }

/** The title, description, contribution mode and indexing fields, shared by the new-collection form and the settings. */
export function CollectionFields({ value, onChange }: { value: CollectionSettings; onChange(value: CollectionSettings): void }) {
  const { t } = useI18n()
  const ids = { title: useId(), description: useId(), indexable: useId(), hint: useId() }
  return (
    <>
      <div className="field">
        <label htmlFor={ids.title}>{t('collections.field.title')}</label>
        <input id={ids.title} value={value.title} maxLength={L.collectionTitleChars} required onChange={(event) => onChange({ ...value, title: event.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={ids.description}>{t('collections.field.description')}</label>
        <textarea id={ids.description} value={value.description} maxLength={L.collectionDescriptionChars} rows={3} onChange={(event) => onChange({ ...value, description: event.target.value })} />
      </div>
      <ModeChoice mode={value.mode} onChange={(mode) => onChange({ ...value, mode })} />
      <div className="collections-check">
        <input type="checkbox" id={ids.indexable} checked={value.indexable} aria-describedby={ids.hint} onChange={(event) => onChange({ ...value, indexable: event.target.checked })} />
        <label htmlFor={ids.indexable}>{t('collections.field.indexable')}</label>
      </div>
      <p className="hint" id={ids.hint}>{t('collections.field.indexable.hint')}</p>
    </>
  )
}
