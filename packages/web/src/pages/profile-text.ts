/** A brand's support on its public profile (profile.tsx). Keys start with `profile.support.`. */
const en = {
  'profile.support.reply.minutes': 'Usually answers within a few minutes',
  'profile.support.reply.hour': 'Usually answers within an hour',
  'profile.support.reply.hours': 'Usually answers within a few hours',
  'profile.support.reply.day': 'Usually answers within a day',
  'profile.support.closed': 'Closed',
  'profile.support.midnight': 'midnight',
  'profile.support.nextDay': '(next day)',
  'profile.support.holidays': 'Closed on',
} as const

export const profileText: { en: typeof en; fr: Record<keyof typeof en, string> } = {
  en,
  fr: {
    'profile.support.reply.minutes': 'Répond généralement en quelques minutes',
    'profile.support.reply.hour': 'Répond généralement en une heure',
    'profile.support.reply.hours': 'Répond généralement en quelques heures',
    'profile.support.reply.day': 'Répond généralement en un jour',
    'profile.support.closed': 'Fermé',
    'profile.support.midnight': 'minuit',
    'profile.support.nextDay': '(le lendemain)',
    'profile.support.holidays': 'Fermé le',
  },
}
