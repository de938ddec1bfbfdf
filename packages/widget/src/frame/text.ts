/** The chat frame's text in English and French; `{name}` is filled in. French has every key (the type says so). */
export const en = {
  'frame.title': 'Chat with {name}',
  'frame.loading': 'Loading the chat…',
  'frame.unavailable': 'This chat is not available.',
  'frame.unavailable.hint': 'The link may be out of date. You can still write from the brand’s page on Parloir.',
  'frame.retry': 'Try again',
  'notice.blocked': '{name} has blocked you. Reason: {reason}',
  'notice.unblocked': '{name} has unblocked you. Reason: {reason}',
  'frame.close': 'Close the chat',
  'brand.badge': 'Provides support',
  'brand.avatar': 'Picture of {name}',
  'brand.reply.minutes': 'Usually answers within a few minutes',
  'brand.reply.hour': 'Usually answers within an hour',
  'brand.reply.hours': 'Usually answers within a few hours',
  'brand.reply.day': 'Usually answers within a day',
  'log.label': 'Conversation with {name}',
  'log.empty': 'Write a message: {name} will answer here.',
  'log.today': 'Today',
  'log.yesterday': 'Yesterday',
  'message.you': 'You',
  'message.unsent': 'This message was unsent.',
  'message.sending': 'Sending…',
  'message.failed': 'Not sent.',
  'message.retry': 'Send again',
  'message.attachment': 'Attachment: {name}',
  'message.automatic': 'Automatic message',
  'quick.label': 'Choose an answer',
  'buttons.label': 'Actions',
  'typing': '{name} is typing…',
  'composer.label': 'Your message',
  'composer.placeholder': 'Write a message…',
  'composer.send': 'Send',
  'composer.attach': 'Attach a picture or a file',
  'composer.hint': 'Enter sends; Shift+Enter starts a new line.',
  'email.legend': 'Leave an email address',
  'email.label': 'Email address (optional)',
  'email.save': 'Save',
  'email.saved': 'Saved: {email}.',
  'email.change': 'Change',
  'email.invalid': 'This does not look like an email address.',
  'stream.reconnecting': 'Reconnecting…',
  'error.generic': 'Something went wrong. Please try again.',
  'error.network': 'No connection to the server. Check your network and try again.',
  'error.rateLimited': 'Too many messages at once. Wait a moment and try again.',
  'error.embed': 'This site is not allowed to open this chat.',
  'error.closed': 'This conversation can no longer receive messages.',
  'moved.title': 'Your conversation is in your Parloir account now',
  'moved.body': 'You created an account to keep it, so it is no longer here. Open it in Parloir to read the answers and write on.',
  'moved.open': 'Open it in Parloir',
  'moved.newTab': '(opens in a new tab)',
  'moved.new': 'Start a new chat here',
  'error.uploadLimit': 'You have sent many files recently. Wait a while before sending more.',
  'error.mediaTooLarge': 'This file is too large to send.',
  'error.mediaType': 'This kind of file cannot be sent.',
} as const

export type TextKey = keyof typeof en

export const fr: Record<TextKey, string> = {
  'frame.title': 'Discussion avec {name}',
  'frame.loading': 'Chargement de la discussion…',
  'frame.unavailable': 'Cette discussion n’est pas disponible.',
  'frame.unavailable.hint': 'Le lien n’est peut-être plus à jour. Vous pouvez toujours écrire depuis la page de la marque sur Parloir.',
  'frame.retry': 'Réessayer',
  'notice.blocked': '{name} vous a bloqué. Raison : {reason}',
  'notice.unblocked': '{name} vous a débloqué. Raison : {reason}',
  'frame.close': 'Fermer la discussion',
  'brand.badge': 'Assure l’assistance',
  'brand.avatar': 'Photo de {name}',
  'brand.reply.minutes': 'Répond généralement en quelques minutes',
  'brand.reply.hour': 'Répond généralement en une heure',
  'brand.reply.hours': 'Répond généralement en quelques heures',
  'brand.reply.day': 'Répond généralement en un jour',
  'log.label': 'Conversation avec {name}',
  'log.empty': 'Écrivez un message : {name} vous répondra ici.',
  'log.today': 'Aujourd’hui',
  'log.yesterday': 'Hier',
  'message.you': 'Vous',
  'message.unsent': 'Ce message a été retiré.',
  'message.sending': 'Envoi…',
  'message.failed': 'Non envoyé.',
  'message.retry': 'Renvoyer',
  'message.attachment': 'Pièce jointe : {name}',
  'message.automatic': 'Message automatique',
  'quick.label': 'Choisissez une réponse',
  'buttons.label': 'Actions',
  'typing': '{name} écrit…',
  'composer.label': 'Votre message',
  'composer.placeholder': 'Écrivez un message…',
  'composer.send': 'Envoyer',
  'composer.attach': 'Joindre une image ou un fichier',
  'composer.hint': 'Entrée envoie ; Maj+Entrée passe à la ligne.',
  'email.legend': 'Laisser une adresse e-mail',
  'email.label': 'Adresse e-mail (facultatif)',
  'email.save': 'Enregistrer',
  'email.saved': 'Enregistrée : {email}.',
  'email.change': 'Modifier',
  'email.invalid': 'Cette adresse e-mail ne semble pas valide.',
  'stream.reconnecting': 'Reconnexion…',
  'error.generic': 'Une erreur est survenue. Veuillez réessayer.',
  'error.network': 'Pas de connexion au serveur. Vérifiez votre réseau et réessayez.',
  'error.rateLimited': 'Trop de messages à la fois. Patientez un instant et réessayez.',
  'error.embed': 'Ce site n’est pas autorisé à ouvrir cette discussion.',
  'error.closed': 'Cette conversation ne peut plus recevoir de messages.',
  'moved.title': 'Votre conversation est maintenant dans votre compte Parloir',
  'moved.body': 'Vous avez créé un compte pour la garder : elle n’est plus ici. Ouvrez-la dans Parloir pour lire les réponses et continuer.',
  'moved.open': 'L’ouvrir dans Parloir',
  'moved.newTab': '(s’ouvre dans un nouvel onglet)',
  'moved.new': 'Commencer une nouvelle discussion ici',
  'error.uploadLimit': 'Vous avez envoyé beaucoup de fichiers récemment. Patientez avant d’en envoyer d’autres.',
  'error.mediaTooLarge': 'Ce fichier est trop volumineux pour être envoyé.',
  'error.mediaType': 'Ce type de fichier ne peut pas être envoyé.',
}

export type Language = 'en' | 'fr'

/** French for a browser that prefers it, English otherwise. */
export function languageOf(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    if (/^fr\b/i.test(tag)) return 'fr'
    if (/^en\b/i.test(tag)) return 'en'
  }
  return 'en'
}

export type Translate = (key: TextKey, values?: Record<string, string>) => string

export function translator(language: Language): Translate {
  const table: Record<TextKey, string> = language === 'fr' ? fr : en
  return (key, values = {}) => table[key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}
