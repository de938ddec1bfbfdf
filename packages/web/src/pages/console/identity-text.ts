/** The Publish page's identity-verification panel. Keys start with `identity.`. */
const en = {
  'identity.title': 'Identity verification',
  'identity.hint': 'When your customers are logged in on your site, your server can sign who they are. The chat then knows them on every device: their conversation follows them. Without a valid signature, the chat opens as for any visitor.',
  'identity.how': 'Your server signs the customer’s id and the time with this secret and adds data-user-id, data-user-ts and data-user-hash to the chat script. The exact recipe is in the API documentation.',
  'identity.off': 'Not set up: no secret yet.',
  'identity.on': 'On since {date}. The secret is not shown again; make a new one if it was lost or leaked.',
  'identity.create': 'Make a secret',
  'identity.regenerate': 'Make a new secret',
  'identity.confirm': 'Make a new secret? Signatures made with the current one stop working at once.',
  'identity.secret': 'Identity secret',
  'identity.readOnly': 'Only the brand’s owners and administrators can see and change identity verification.',
  'identity.failed': 'Identity verification could not be loaded: {message}',
  'identity.made': 'A new secret was made. Copy it to your server now.',
  'identity.once': 'You will not see it again. If you lose it, make a new secret here.',
} as const

export const identityText: { en: typeof en; fr: Record<keyof typeof en, string> } = {
  en,
  fr: {
    'identity.title': 'Vérification d’identité',
    'identity.hint': 'Quand vos clients sont connectés sur votre site, votre serveur peut signer qui ils sont. Le chat les reconnaît alors sur tous leurs appareils : leur conversation les suit. Sans signature valide, le chat s’ouvre comme pour tout visiteur.',
    'identity.how': 'Votre serveur signe l’identifiant du client et l’heure avec ce secret et ajoute data-user-id, data-user-ts et data-user-hash au script du chat. La recette exacte est dans la documentation de l’API.',
    'identity.off': 'Pas encore en place : aucun secret.',
    'identity.on': 'En place depuis le {date}. Le secret ne s’affiche plus ; créez-en un nouveau s’il a été perdu ou divulgué.',
    'identity.create': 'Créer un secret',
    'identity.regenerate': 'Créer un nouveau secret',
    'identity.confirm': 'Créer un nouveau secret ? Les signatures faites avec l’actuel cessent aussitôt de fonctionner.',
    'identity.secret': 'Secret d’identité',
    'identity.readOnly': 'Seuls les propriétaires et les administrateurs de la marque peuvent voir et modifier la vérification d’identité.',
    'identity.failed': 'La vérification d’identité n’a pas pu être chargée : {message}',
    'identity.made': 'Un nouveau secret a été créé. Copiez-le dès maintenant sur votre serveur.',
    'identity.once': 'Vous ne le reverrez plus. Si vous le perdez, créez-en un nouveau ici.',
  },
}
