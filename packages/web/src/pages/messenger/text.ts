/** The messenger's text. Keys start with `messenger.`. */
const en = {
  'messenger.empty': 'No conversations yet.',
} as const

export const messengerText: { en: typeof en; fr: Record<keyof typeof en, string> } = {
  en,
  fr: {
    'messenger.empty': 'Aucune conversation pour l’instant.',
  },
}
