/**
 * The words of the pages that work without JavaScript, in English and French like the web app.
 * `{name}` placeholders are filled by `say`; values are escaped later, by the templates.
 */
const en = {
  'page.suffix': 'Parloir',
  'page.home': 'Parloir home',
  'page.privacy': 'Nothing is sent and nothing is stored in your browser until you press Send.',
  'page.privacy.visitor': 'Your browser keeps a cookie so that this conversation stays yours. No tracking.',

  'recipient.brand': 'Brand',
  'recipient.supportBadge': 'Provides support',
  'recipient.replyTime.minutes': 'Usually answers within a few minutes',
  'recipient.replyTime.hour': 'Usually answers within an hour',
  'recipient.replyTime.hours': 'Usually answers within a few hours',
  'recipient.replyTime.day': 'Usually answers within a day',

  'compose.title': 'Message {name}',
  'compose.heading': 'Write to {name}',
  'compose.welcomeLabel': 'Message from {name}',
  'compose.quickRepliesLabel': 'Answer with one of these choices, or write below',
  'compose.text': 'Your message',
  'compose.displayName': 'Your name (optional)',
  'compose.displayName.hint': '{name} sees this name; without one you appear as “Visitor” and a number.',
  'compose.email': 'Your email (optional)',
  'compose.email.hint': 'Kept with your conversation, used for nothing else.',
  'compose.send': 'Send',
  'compose.sendingAs': 'You write as {name} (@{handle}).',
  'compose.continuingAs': 'You continue as the visitor you were before in this browser.',
  'compose.needsAccount': '{name} takes messages from people with an account.',
  'compose.logIn': 'Log in to write',
  'compose.signUp': 'Create an account',
  'compose.chose': 'Chose: {label}',

  'error.title': 'This link does not work',
  'error.notFound.title': 'No such account',
  'error.notFound.body': 'There is no account “{value}” on this Parloir. The link may be mistyped, or the account was closed.',
  'error.missingRecipient': 'The link does not say whom to write to (recipient_id is missing).',
  'error.badRecipient': '“{value}” is neither an account id nor a handle.',
  'error.badWelcomeMessage': 'The welcome message in the link (“{value}”) is not an id.',
  'error.textTooLong': 'The text in the link is {count} characters long; a message holds at most {limit}.',
  'error.badRef': 'The source in the link (ref “{value}”) must be 1 to {limit} letters, digits or . _ : ~ - characters.',
  'error.repeated': 'The link gives “{field}” more than once.',
  'error.writeAnyway': 'Write to {name} anyway',
  'error.publisherHint': 'If you published this link, correct it so that conversations are attributed to it.',

  'send.MESSAGE_EMPTY': 'Write a message, or choose one of the answers.',
  'send.textTooLong': 'Your message is {count} characters long; it can hold at most {limit}.',
  'send.nameTooLong': 'Your name can be at most {limit} characters long.',
  'send.emailInvalid': 'This email address does not look right.',
  'send.RATE_LIMITED': 'Too many messages in a short time. Wait {seconds} seconds and press Send again.',
  'send.VISITOR_NOT_ALLOWED': '{name} only takes messages from people with an account. Log in to write.',
  'send.CSRF_TOKEN_INVALID': 'This form has expired. Check your message and press Send again.',
  'send.RECIPIENT_UNAVAILABLE': 'You cannot write to this account.',
  'send.CANNOT_MESSAGE_SELF': 'This is your own account.',
  'send.QUICK_REPLY_INVALID': 'That choice is no longer offered. Write your answer instead.',
  'send.other': 'Your message was not sent: {message}',

  'visitor.title': 'Your conversation with {name}',
  'visitor.you': 'You',
  'visitor.automatic': 'Automatic reply',
  'visitor.unsent': 'Message unsent',
  'visitor.earlier': 'Show earlier messages',
  'visitor.noMessages': 'No messages yet.',
  'visitor.reply': 'Reply',
  'visitor.send': 'Send',
  'visitor.check': 'Check for answers',
  'visitor.emailHeading': 'Leave an email address',
  'visitor.emailLabel': 'Email',
  'visitor.emailSave': 'Save',
  'visitor.emailSaved': 'Saved: {email}.',
  'visitor.emailStop': 'Remove it',
  'visitor.emailHint': 'Keep this page’s address to come back to the conversation.',
  'visitor.notFound.title': 'No conversation here',
  'visitor.notFound.body': 'This conversation does not exist, or it was started in another browser.',
  'visitor.ended.title': 'Your visit has ended',
  'visitor.ended.body': 'This browser’s visitor session is no longer valid. Start again from the brand’s link or button.',
  'visitor.choseLabel': 'Chose “{label}”',

  'visitor.keepHeading': 'Keep this conversation',
  'visitor.keepBody': 'With an account you find it in the Parloir app, from any device, and this browser no longer needs its cookie.',
  'visitor.keepLink': 'Create an account to keep this conversation',

  'continue.title': 'Continue your conversation with {name}',
  'continue.heading': 'Continue your conversation with {name}',
  'continue.body': 'This link opens your conversation in this browser. It works once: after this, this browser remembers you.',
  'continue.button': 'Continue the conversation',
  'continue.privacy': 'Pressing the button keeps a cookie in this browser so that the conversation stays yours. No tracking.',
  'continue.invalid.title': 'This link does not work',
  'continue.invalid.body': 'This link is not complete, or it was not sent by this server. Copy the whole link from your email, or write again.',
  'continue.expired.title': 'This link has expired',
  'continue.expired.body': 'A link in an email works for 7 days. Your conversation is kept: the next answer brings a new link, or write again now.',
  'continue.used.title': 'This link was already used',
  'continue.used.body': 'A link in an email works once, in the browser where it was opened first. Open the conversation there, or write again from here.',
  'continue.hasAccount.title': 'This conversation is in an account now',
  'continue.hasAccount.body': 'You created an account to keep this conversation. Log in to continue it.',
  'continue.logIn': 'Log in',
  'continue.writeAgain': 'Write to {name} again',
  'continue.writeAgainNoName': 'Back to Parloir',

  'account.heading': 'Create an account to keep this conversation',
  'account.body': 'Your conversation with {name} moves into your account, as it is: {name} keeps it too. This browser then stops being a visitor and opens the Parloir app.',
  'account.fix': 'Check the fields below ({count}).',
  'account.handle': 'Handle',
  'account.handle.hint': 'Up to 15 letters, digits or underscores, without spaces: people find you as @handle.',
  'account.displayName': 'Your name',
  'account.displayName.hint': 'Shown to {name} and to the people you write to.',
  'account.password': 'Password',
  'account.password.hint': 'At least 8 characters.',
  'account.submit': 'Create the account',
  'account.back': 'Back to the conversation',
  'account.privacy': 'The account is yours: nothing is shared beyond the conversations you have.',
  'account.error.handle': 'A handle is 1 to 15 letters, digits or underscores, without spaces or other signs.',
  'account.error.handleTaken': 'The handle @{handle} is taken. Choose another one.',
  'account.error.displayName': 'Write a name of 1 to 100 characters.',
  'account.error.password': 'A password has at least 8 characters (and at most 1,024 bytes).',
} as const

export type TextKey = keyof typeof en

const fr: Record<TextKey, string> = {
  'page.suffix': 'Parloir',
  'page.home': 'Accueil de Parloir',
  'page.privacy': 'Rien n’est envoyé ni enregistré dans votre navigateur avant que vous appuyiez sur Envoyer.',
  'page.privacy.visitor': 'Votre navigateur garde un cookie pour que cette conversation reste la vôtre. Aucun pistage.',

  'recipient.brand': 'Marque',
  'recipient.supportBadge': 'Assure un service client',
  'recipient.replyTime.minutes': 'Répond en général en quelques minutes',
  'recipient.replyTime.hour': 'Répond en général en moins d’une heure',
  'recipient.replyTime.hours': 'Répond en général en quelques heures',
  'recipient.replyTime.day': 'Répond en général en moins d’un jour',

  'compose.title': 'Écrire à {name}',
  'compose.heading': 'Écrire à {name}',
  'compose.welcomeLabel': 'Message de {name}',
  'compose.quickRepliesLabel': 'Répondez par un de ces choix, ou écrivez ci-dessous',
  'compose.text': 'Votre message',
  'compose.displayName': 'Votre nom (facultatif)',
  'compose.displayName.hint': '{name} voit ce nom ; sans nom, vous apparaissez comme « Visiteur » suivi d’un numéro.',
  'compose.email': 'Votre e-mail (facultatif)',
  'compose.email.hint': 'Gardé avec votre conversation, et pour rien d’autre.',
  'compose.send': 'Envoyer',
  'compose.sendingAs': 'Vous écrivez en tant que {name} (@{handle}).',
  'compose.continuingAs': 'Vous continuez en tant que le visiteur que vous étiez déjà dans ce navigateur.',
  'compose.needsAccount': '{name} reçoit les messages des personnes ayant un compte.',
  'compose.logIn': 'Se connecter pour écrire',
  'compose.signUp': 'Créer un compte',
  'compose.chose': 'Choix : {label}',

  'error.title': 'Ce lien ne fonctionne pas',
  'error.notFound.title': 'Compte introuvable',
  'error.notFound.body': 'Il n’y a pas de compte « {value} » sur ce Parloir. Le lien est peut-être mal écrit, ou le compte a été fermé.',
  'error.missingRecipient': 'Le lien ne dit pas à qui écrire (recipient_id manque).',
  'error.badRecipient': '« {value} » n’est ni un identifiant de compte ni un nom d’utilisateur.',
  'error.badWelcomeMessage': 'Le message d’accueil du lien (« {value} ») n’est pas un identifiant.',
  'error.textTooLong': 'Le texte du lien fait {count} caractères ; un message en contient au plus {limit}.',
  'error.badRef': 'La source du lien (ref « {value} ») doit faire de 1 à {limit} lettres, chiffres ou caractères . _ : ~ -.',
  'error.repeated': 'Le lien donne « {field} » plusieurs fois.',
  'error.writeAnyway': 'Écrire quand même à {name}',
  'error.publisherHint': 'Si vous avez publié ce lien, corrigez-le pour que les conversations lui soient attribuées.',

  'send.MESSAGE_EMPTY': 'Écrivez un message, ou choisissez une des réponses.',
  'send.textTooLong': 'Votre message fait {count} caractères ; il en contient au plus {limit}.',
  'send.nameTooLong': 'Votre nom fait au plus {limit} caractères.',
  'send.emailInvalid': 'Cette adresse e-mail ne semble pas correcte.',
  'send.RATE_LIMITED': 'Trop de messages en peu de temps. Attendez {seconds} secondes puis appuyez de nouveau sur Envoyer.',
  'send.VISITOR_NOT_ALLOWED': '{name} ne reçoit que les messages des personnes ayant un compte. Connectez-vous pour écrire.',
  'send.CSRF_TOKEN_INVALID': 'Ce formulaire a expiré. Vérifiez votre message et appuyez de nouveau sur Envoyer.',
  'send.RECIPIENT_UNAVAILABLE': 'Vous ne pouvez pas écrire à ce compte.',
  'send.CANNOT_MESSAGE_SELF': 'C’est votre propre compte.',
  'send.QUICK_REPLY_INVALID': 'Ce choix n’est plus proposé. Écrivez plutôt votre réponse.',
  'send.other': 'Votre message n’a pas été envoyé : {message}',

  'visitor.title': 'Votre conversation avec {name}',
  'visitor.you': 'Vous',
  'visitor.automatic': 'Réponse automatique',
  'visitor.unsent': 'Message retiré',
  'visitor.earlier': 'Voir les messages précédents',
  'visitor.noMessages': 'Pas encore de message.',
  'visitor.reply': 'Répondre',
  'visitor.send': 'Envoyer',
  'visitor.check': 'Voir les réponses',
  'visitor.emailHeading': 'Laisser une adresse e-mail',
  'visitor.emailLabel': 'E-mail',
  'visitor.emailSave': 'Enregistrer',
  'visitor.emailSaved': 'Enregistrée : {email}.',
  'visitor.emailStop': 'La retirer',
  'visitor.emailHint': 'Gardez l’adresse de cette page pour revenir à la conversation.',
  'visitor.notFound.title': 'Aucune conversation ici',
  'visitor.notFound.body': 'Cette conversation n’existe pas, ou elle a été commencée dans un autre navigateur.',
  'visitor.ended.title': 'Votre visite est terminée',
  'visitor.ended.body': 'La session de visiteur de ce navigateur n’est plus valable. Recommencez depuis le lien ou le bouton de la marque.',
  'visitor.choseLabel': 'A choisi « {label} »',

  'visitor.keepHeading': 'Garder cette conversation',
  'visitor.keepBody': 'Avec un compte, vous la retrouvez dans l’application Parloir, depuis n’importe quel appareil, et ce navigateur n’a plus besoin de son cookie.',
  'visitor.keepLink': 'Créer un compte pour garder cette conversation',

  'continue.title': 'Reprendre votre conversation avec {name}',
  'continue.heading': 'Reprendre votre conversation avec {name}',
  'continue.body': 'Ce lien ouvre votre conversation dans ce navigateur. Il ne sert qu’une fois : ensuite, ce navigateur se souvient de vous.',
  'continue.button': 'Reprendre la conversation',
  'continue.privacy': 'Le bouton enregistre un cookie dans ce navigateur pour que la conversation reste la vôtre. Aucun pistage.',
  'continue.invalid.title': 'Ce lien ne fonctionne pas',
  'continue.invalid.body': 'Ce lien est incomplet, ou il n’a pas été envoyé par ce serveur. Copiez le lien entier depuis votre e-mail, ou écrivez à nouveau.',
  'continue.expired.title': 'Ce lien a expiré',
  'continue.expired.body': 'Un lien reçu par e-mail fonctionne 7 jours. Votre conversation est gardée : la prochaine réponse apportera un nouveau lien, ou écrivez dès maintenant.',
  'continue.used.title': 'Ce lien a déjà servi',
  'continue.used.body': 'Un lien reçu par e-mail ne sert qu’une fois, dans le navigateur où il a été ouvert en premier. Ouvrez la conversation là-bas, ou écrivez à nouveau d’ici.',
  'continue.hasAccount.title': 'Cette conversation est maintenant dans un compte',
  'continue.hasAccount.body': 'Vous avez créé un compte pour garder cette conversation. Connectez-vous pour la reprendre.',
  'continue.logIn': 'Se connecter',
  'continue.writeAgain': 'Écrire à nouveau à {name}',
  'continue.writeAgainNoName': 'Retour à Parloir',

  'account.heading': 'Créer un compte pour garder cette conversation',
  'account.body': 'Votre conversation avec {name} passe dans votre compte, telle quelle : {name} la garde aussi. Ce navigateur cesse alors d’être un visiteur et ouvre l’application Parloir.',
  'account.fix': 'Vérifiez les champs ci-dessous ({count}).',
  'account.handle': 'Nom d’utilisateur',
  'account.handle.hint': 'Jusqu’à 15 lettres, chiffres ou tirets bas, sans espace : on vous trouve sous @nom.',
  'account.displayName': 'Votre nom',
  'account.displayName.hint': 'Montré à {name} et aux personnes à qui vous écrivez.',
  'account.password': 'Mot de passe',
  'account.password.hint': 'Au moins 8 caractères.',
  'account.submit': 'Créer le compte',
  'account.back': 'Revenir à la conversation',
  'account.privacy': 'Le compte est à vous : rien n’est partagé au-delà de vos conversations.',
  'account.error.handle': 'Un nom d’utilisateur fait de 1 à 15 lettres, chiffres ou tirets bas, sans espace ni autre signe.',
  'account.error.handleTaken': 'Le nom @{handle} est déjà pris. Choisissez-en un autre.',
  'account.error.displayName': 'Écrivez un nom de 1 à 100 caractères.',
  'account.error.password': 'Un mot de passe a au moins 8 caractères (et au plus 1 024 octets).',
}

export const texts = { en, fr } as const
export type Lang = keyof typeof texts

/** The first of the reader's languages we have, from `Accept-Language`; English otherwise. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1')
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, index }
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const w of wanted) if (w.lang === 'en' || w.lang === 'fr') return w.lang
  return 'en'
}

/** A sentence in the reader's language with its `{placeholders}` filled. */
export function say(lang: Lang, key: TextKey, vars: Record<string, string | number> = {}): string {
  const template: string = texts[lang][key]
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))
}
