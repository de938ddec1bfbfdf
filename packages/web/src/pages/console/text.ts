/** The brand console's text. Keys start with `console.`. */
const en = {
  'console.title': 'Brand console',
} as const

export const consoleText: { en: typeof en; fr: Record<keyof typeof en, string> } = {
  en,
  fr: {
    'console.title': 'Console de la marque',
  },
}
