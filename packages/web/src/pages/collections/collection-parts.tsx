import { useId } from 'react'
import type { ContributionMode } from '@parloir/protocol'
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
