import type { Label } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { chipsFor } from './labels-model.ts'

/** One label as a chip in its palette colour (styles.css `.label-chip--<colour>`). */
export function LabelChip({ label }: { label: Pick<Label, 'name' | 'colour'> }) {
  return <span className={`label-chip label-chip--${label.colour}`} data-label={label.name}>{label.name}</span>
}

/**
 * The labels a conversation carries, as chips; with `room`, that many at most, the last place
 * saying how many more (an inbox row has a fixed height). Read as "Labels: Refund, VIP".
 */
export function LabelChips({ labels, room }: { labels: readonly Label[]; room?: number }) {
  const { t } = useI18n()
  if (labels.length === 0) return null
  const { shown, more } = chipsFor(labels, room ?? labels.length)
  return (
    <span className="label-chips" role="list" aria-label={t('console.inbox.labels', { names: labels.map((l) => l.name).join(', ') })}>
      {shown.map((label) => <span key={label.id} role="listitem"><LabelChip label={label} /></span>)}
      {more > 0 && <span role="listitem" className="label-chip label-chip--more" title={labels.slice(shown.length).map((l) => l.name).join(', ')}>{t('console.inbox.moreLabels', { count: more })}</span>}
    </span>
  )
}
