import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import { en, fr, type MessageKey } from './text.ts'

export type Locale = 'en' | 'fr'
const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, fr }
const STORAGE_KEY = 'parloir.locale'

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY)
  if (saved === 'en' || saved === 'fr') return saved
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en'
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}

interface I18n {
  locale: Locale
  setLocale(locale: Locale): void
  t(key: MessageKey, values?: Record<string, string | number>): string
  /** Dates and times in the reader's language. */
  formatTime(iso: string, style?: 'time' | 'day' | 'full'): string
  /** A count in the reader's language (10,000 / 10 000), from one formatter made once. */
  formatNumber(value: number): string
}

const I18nContext = createContext<I18n | null>(null)

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale)
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next)
    document.documentElement.lang = next
    setLocaleState(next)
  }, [])
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = locale
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })
    const day = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long' })
    const full = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
    const number = new Intl.NumberFormat(locale)
    return {
      locale,
      setLocale,
      t: (key, values) => format(dictionaries[locale][key], values),
      formatTime: (iso, style = 'time') => (style === 'time' ? time : style === 'day' ? day : full).format(new Date(iso)),
      formatNumber: (value) => number.format(value),
    }
  }, [locale, setLocale])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside I18nProvider')
  return value
}
