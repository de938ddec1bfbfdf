import { useI18n } from '../i18n/i18n.tsx'

export default function SettingsPage() {
  const { t } = useI18n()
  return <section className="page"><h1>{t('settings.title')}</h1></section>
}
