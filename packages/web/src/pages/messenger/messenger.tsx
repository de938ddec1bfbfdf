import { useI18n } from '../../i18n/i18n.tsx'

/** Placeholder until the messenger lands: the conversation list and the conversation view. */
export function MessengerPage() {
  const { t } = useI18n()
  return <section className="page"><h1>{t('nav.messages')}</h1></section>
}
