import type { ToneVerdict } from '@parloir/protocol/tone'
import { useI18n } from '../i18n/i18n.tsx'

/**
 * The tone check's calm warning under a composer: what was flagged, the calmer version, and two
 * ways on, "Use the calmer version" (which replaces the draft) and "Send anyway". It never
 * blocks: the composer's own send button works as before. See `useToneCheck` for how to wire it.
 */
export function ToneHint({ verdict, onUseCalmer, onSendAnyway }: {
  verdict: ToneVerdict | null
  onUseCalmer(text: string): void
  onSendAnyway(): void
}) {
  const { t } = useI18n()
  if (!verdict || verdict.verdict !== 'warn') return null
  return (
    <section className="tone-hint" aria-label={t('tone.title')} aria-live="polite">
      <p className="tone-hint__title">{t('tone.title')}</p>
      <p className="tone-hint__hint">{t('tone.hint')}</p>
      <ul className="tone-hint__findings" aria-label={t('tone.found')}>
        {verdict.findings.map((f) => (
          <li key={`${f.start}-${f.kind}`} className="tone-hint__finding">
            <span className="tone-hint__kind">{t(`tone.kind.${f.kind}`)}</span> <q>{f.excerpt}</q>
          </li>
        ))}
      </ul>
      {verdict.suggestion && (
        <figure className="tone-hint__calmer">
          <figcaption>{t('tone.calmer')}</figcaption>
          <blockquote lang={verdict.language}>{verdict.suggestion}</blockquote>
        </figure>
      )}
      <div className="tone-hint__actions">
        {verdict.suggestion && <button type="button" className="button-primary" onClick={() => onUseCalmer(verdict.suggestion ?? '')}>{t('tone.useCalmer')}</button>}
        <button type="button" className="button-quiet" onClick={onSendAnyway}>{t('tone.sendAnyway')}</button>
      </div>
    </section>
  )
}
