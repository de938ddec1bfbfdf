import { useI18n } from '../../i18n/i18n.tsx'

export default function ConsolePage() {
  const { t } = useI18n()
  return <section className="page"><h1>{t('nav.console')}</h1></section>
}
