/** The tone check's text. Keys start with `tone.`. */
const en = {
  'tone.title': 'This may read as harsher than you mean',
  'tone.hint': 'A customer who is already upset reads every word. You can still send it as it is.',
  'tone.found': 'Flagged',
  'tone.kind.curt': 'curt',
  'tone.kind.blaming': 'blaming',
  'tone.kind.sarcastic': 'sarcastic',
  'tone.kind.hostile': 'hostile',
  'tone.kind.shouting': 'capitals',
  'tone.kind.exclamations': 'exclamation marks',
  'tone.kind.tone': 'may read as harsh',
  'tone.calmer': 'A calmer version',
  'tone.useCalmer': 'Use the calmer version',
  'tone.sendAnyway': 'Send anyway',
}

const fr: Record<keyof typeof en, string> = {
  'tone.title': 'Ce message pourrait paraître plus dur que vous ne le voulez',
  'tone.hint': 'Un client déjà mécontent pèse chaque mot. Vous pouvez tout de même l’envoyer tel quel.',
  'tone.found': 'Relevé',
  'tone.kind.curt': 'sec',
  'tone.kind.blaming': 'reproche',
  'tone.kind.sarcastic': 'ironique',
  'tone.kind.hostile': 'hostile',
  'tone.kind.shouting': 'majuscules',
  'tone.kind.exclamations': 'points d’exclamation',
  'tone.kind.tone': 'peut paraître dur',
  'tone.calmer': 'Une version plus calme',
  'tone.useCalmer': 'Utiliser la version plus calme',
  'tone.sendAnyway': 'Envoyer quand même',
}

export const toneText = { en, fr }
