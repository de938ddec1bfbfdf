import type { ToneLexicon } from './rules.ts'

/**
 * French: what reads as curt, blaming, sarcastic or hostile from a brand to an upset customer.
 * Written without accents (the text is folded before matching: "déjà" is matched as "deja").
 */
export const frenchTone: ToneLexicon = {
  rules: [
    // Sec : renvoyer la personne, se répéter, fermer la porte.
    // Les familles suivent l'ordre de rules-en.ts, chacune avec sa contrepartie anglaise.
    { kind: 'curt', pattern: /\bpas (?:un|une|le|la|l') ?(?:endroit|lieu|espace|page|forum) (?:pour|ou) (?:(?:se|vous|venir) )*(?:defouler|plaindre|raler|vider)/, calmer: 'Nous vous entendons et nous voulons arranger cela.' },
    { kind: 'curt', pattern: /\bdefouloir\b/, calmer: 'Nous vous entendons et nous voulons arranger cela.' },
    { kind: 'curt', pattern: /^comme (?:je|nous|on) (?:vous )?(?:l')?(?:ai|avons|a) deja (?:dit|ecrit|explique|precise|indique|repondu)\s*[,:]?\s*/, calmer: 'cut' },
    { kind: 'curt', pattern: /^(?:je (?:vous )?le repete|encore une fois|je repete)\s*[:,]\s*/, calmer: 'cut' },
    { kind: 'curt', pattern: /(?<!\bcomme )\b(?:je|nous|on) (?:vous )?(?:l')?(?:ai|avons|a) deja (?:dit|explique|repondu|ecrit)(?: (?:trois|deux|plusieurs|\d+) fois)?/, calmer: 'drop' },
    { kind: 'curt', pattern: /^lisez (?:la|le|les|notre|nos|votre|vos) /, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:lisez|consultez|regardez) .{0,30}\bavant de\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bapprenez a lire\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bpas (?:de )?(?:notre|mon) (?:probleme|souci|affaire|faute|responsabilite)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bcalmez[- ]vous\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\barretez (?:de |d')\s?(?:nous |me )?(?:vous plaindre|poster|ecrire|faire perdre|raler|spammer|insister|harceler|relancer|crier|hurler|taguer|tagger|embeter|pleurnicher|gemir)/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(arrivera|partira|sera livree?) quand (?:il|elle) \1\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:c'est comme ca|a prendre ou a laisser|point final|point barre)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:on|nous) (?:n')?y (?:peut|pouvons) rien\b|\b(?:on|nous) ne (?:peut|pouvons) rien (?:y )?faire\b|\bil n'y a rien a faire\b|\bhors de notre (?:controle|portee)\b/, calmer: 'drop', unless: /\b(?:mais|sauf|en revanche|cependant|par contre|desolee?s?|malheureusement|navree?s?|je crains)\b/ },
    { kind: 'curt', pattern: /\bpeu nous importe\b|\b(?:on|nous) s'en (?:fiche|moque)\b|\bnous nous en moquons\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:conversation|discussion|sujet|fil) (?:est )?(?:terminee?|close?|finie?|cloture|verrouille)e?\b|^ca suffit\b|\bnous en avons fini\b/, calmer: 'drop', unless: /\bmais\b/ },
    { kind: 'curt', pattern: /\b(?:on|nous) a(?:vons)? (?:mieux|autre chose) a faire\b|\bcomme si (?:nous|on) n'avions? que ca a faire\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bvotre (?:reclamation|plainte) (?:est|a ete) (?:notee|enregistree)\b|^(?:votre )?(?:reclamation|plainte|remarque) (?:bien )?notee\W*$/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:poster|ecrire|vous plaindre|se plaindre|raler|crier|repeter|insister|redemander|relancer|spammer)\b.{0,80}\b(?:n'accelerera|n'y changera|ne (?:vous )?(?:fera|changera|servira|sert))\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:avez-vous|vous avez) (?:au moins|seulement|meme) (?:essaye|lu|verifie|regarde)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bdebrouillez[- ]vous\b|\bperdre (?:notre|mon) temps\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bje ne (?:vois|sais) pas ce que vous (?:attendez|voulez)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bsi vous ne savez pas (?:rester|etre) (?:poli|courtois|correct|respectueux)/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bne nous (?:re)?contactez plus\b|\bne nous ecrivez (?:pas|plus)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /,\s*comme (?:indique|dit|precise|ecrit|explique)\b.{0,40}$/, calmer: 'drop' },
    { kind: 'curt', pattern: /^pourquoi (?:vous )?\w+(?:ions|ons)-nous\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /qu'est-ce (?:que vous ne comprenez pas|qui n'est pas clair)\b|\bquelle partie de\b.{0,80}\b(?:n'est pas claire|vous echappe|vous ne comprenez pas|ne comprenez-vous pas)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /^(?:serieusement|encore vous|ca arrive)\b/, calmer: 'drop' },
    // Ajoutées après la mesure sur le jeu réservé (docs/tone-check.md) : des formes plus larges des mêmes.
    { kind: 'curt', pattern: /\b(?:deuxieme|troisieme|quatrieme|cinquieme|enieme|\d+e) fois que\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:me|nous) repeter\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bperdre (?:son|votre|leur) temps\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /^cherchez mieux\b|\bc'est tout\W*$|\bpas une fusee\b|\bce n'est pas sorcier\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bplaintes? comme (?:la votre|celle-ci|ca)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bc'est donc vous\b|\bc'est (?:pour|a) vous\W*$|\ble retour est pour vous\b|\bvous n'avez pas (?:pris la peine|daigne)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bessayez de (?:lire|regarder|verifier)\b|\bla prochaine fois\W*$/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\bvous (?:etes|serez) (?:bloquee?s?|bannie?s?)\b/, calmer: 'drop' },
    // « Oh merci !! » le pense : un merci dit avec « ! » n'en est pas.
    { kind: 'sarcastic', pattern: /^(?:oh|ah|eh bien|ben|tiens)\s*,?\s*(?:merci|super|genial|parfait|formidable|bravo|charmant|sympa)\b/, calmer: 'drop', unless: /^(?:oh|ah|eh bien|ben|tiens)\s*,?\s*merci\b[^.]*!/ },
    // Ajoutées le 2026-12-07 d'après les genres de tournures que le second jeu de réglage a révélés
    // (docs/tone-check.md). Chaque famille a sa contrepartie anglaise dans rules-en.ts.
    // Insultes et mépris adressés au lecteur.
    { kind: 'hostile', pattern: /\b(?:vous etes|t'es|tu es) (?:(?:vraiment|tellement|si|franchement|decidement|tres|bien|un peu|carrement|juste|simplement) )*(?:une? )?(?:penible|lourde?|insupportable|impossible|agacante?|exasperante?|epuisante?|fatigante?|ridicule|de mauvaise foi|casse-pieds|chiante?|relou|capricieuse?|puerile?|hysterique|paranoiaque|incapable|nulle?|bete|idiote?|stupide|menteu(?:r|se)|blague|cauchemar)s?\b(?! (?:a|de)\b)|\bvous avez (?:tout simplement |simplement |juste )?tort\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\b(?:pueril(?:e|s|es)?|hysteriques?|pleurnich\w*|chiante?s?|relou|casse-pieds|gamine?s?|boulets?|guignols?|clowns?|bouffons?|lourdingues?|trolls?)\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\bvous nous (?:harcelez|spammez|bombardez|inondez)\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\bpas (?:une (?:association caritative|oeuvre de charite|banque)|la (?:croix-rouge|banque de france)|vos (?:domestiques|esclaves|larbins|bonniches)|votre (?:mere|maman|larbin|bonne|nounou))\b/, calmer: 'drop', unless: /\bmais\b/ },
    // Renvois : allez ailleurs, votre problème, la règle c'est la règle, point.
    { kind: 'hostile', pattern: /(?:^(?:alors |allez )?(?:allez|achetez|commandez|voyez|essayez)|\b(?:libre a vous d(?:e |')|vous pouvez toujours|rien ne vous empeche d(?:e |'))) ?.{0,25}\bailleurs\b|\bailleurs alors\b|\blibre a vous de (?:partir|nous quitter|vous desabonner)\b|\b(?:personne|rien) ne vous (?:a )?(?:oblige|force)e?s?\b/, calmer: 'drop', unless: /\b(?:desolee?s?|malheureusement|navree?s?|je crains)\b/ },
    { kind: 'blaming', pattern: /\bc'est (?:votre|ton) probleme\b|\bvotre probleme,? pas le (?:notre|mien)\b|\bc'est quoi (?:votre|ton) probleme\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:la regle,? c'est la regle|le reglement,? c'est le reglement|la politique,? c'est la politique)\b|,\s*point\W*$/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bfin de (?:la discussion|la conversation|l'echange)\b/, calmer: 'drop' },
    // Renvoyer à une réponse déjà donnée, à ce qui est « écrit noir sur blanc ».
    { kind: 'curt', pattern: /^(?:relisez|remontez(?: le fil)?|voir (?:plus haut|ci-dessus)|deja (?:repondu|dit|explique|traite))\W*$|\b(?:relisez|relire|remontez|reprenez) (?:nos|mes|notre|mon|les) (?:(?:precedents?|derniers?) )?(?:messages?|reponses?|mails?|echanges?)\b|\bquestion deja posee\b|\brepondu (?:plus haut|ci-dessus)\b|^relisez (?:la|le|les|notre|nos|votre|vos) /, calmer: 'drop' },
    { kind: 'curt', pattern: /^comme (?:deja|precedemment) (?:indique|dit|precise|mentionne|explique|ecrit|signale)\b\s*[,:]?\s*/, calmer: 'cut' },
    { kind: 'curt', pattern: /\bc'est (?:ecrit|marque|indique|precise) (?:noir sur blanc|en toutes lettres|en gros|clairement|partout)\b|\bnoir sur blanc\b|\ben toutes lettres\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:vous avez|avez-vous) (?:\w+ )?(?:essaye|lu|verifie|regarde|cherche)\b.{0,80}\bau moins\W*$/, calmer: 'drop' },
    // Ultimatums.
    { kind: 'curt', pattern: /\boui ou non\W*$|\bvous (?:le |la |les )?(?:voulez|souhaitez)\b.{0,40}\bou pas\b|\bdecidez-vous\b/, calmer: 'drop' },
    // Reproche : « il fallait… ».
    { kind: 'blaming', pattern: /\bil (?:fallait|suffisait de|aurait fallu) (?:lire|verifier|regarder|faire attention|commander|prevoir|reflechir|suivre|demander|mesurer)\b/, calmer: 'drop' },
    // Exaspération.
    { kind: 'curt', pattern: /^(?:pff+|rah+|roh+|raah+|tss+|m'enfin|mouais)\b/, calmer: 'drop', unless: /\b(?:desolee?s?|excuses?|pardon)\b/ },
    { kind: 'curt', pattern: /^pourquoi (?:on|nous) vous \w+(?:rait|rions)\b/, calmer: 'drop' },
    // Reproche : la faute du client, dite en face.
    { kind: 'blaming', pattern: /\bvous auriez du (?:lire|verifier|regarder|savoir|commander|demander|nous contacter|payer|suivre|choisir|mesurer|reflechir|faire attention)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bsi vous aviez (?:lu|verifie|regarde|suivi|fait attention|pris la peine|pris le temps|daigne)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\b(?:c'est|c'etait) (?:de )?votre (?:faute|erreur)\b|\bvotre propre (?:erreur|faute)\b|\ba cause de vous\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bvous n'avez (?:\w+ment )?pas (?:lu|suivi|verifie|regarde|compris|fait attention)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bvous avez (?:evidemment|manifestement|visiblement|clairement|mal) (?:commande|choisi|saisi|tape|entre|lu|compris|rempli)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bvous avez du vous tromper\b|\bvous vous etes trompee?s?\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bla prochaine fois,? (?:lisez|verifiez|regardez|reflechissez)\b/, calmer: 'drop' },
    // Ironie : un compliment ou un accord qui veut dire le contraire.
    { kind: 'sarcastic', pattern: /\bcomme si (?:nous|on|vous)\b|\bbonne chance (?:avec|pour) ca\b|\bbien essaye\b|\bquelle surprise\b|\bsans blague\b/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /\b(?:bravo|felicitations|chapeau|bien joue|beau travail|joli travail)\b,?\s*vous (?:l'|les |le |la )?(?:avez|etes) (?:reussi|trouve|casse|perdu|rate|ignore|decouvert|remarque|abime|detruit|bousille)e?s?\b/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /^merci\b.*,\s*vraiment\W*$/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /\bvous l'aurez,? votre\b/, calmer: 'drop' },
    // Hostile : insultes, menaces, mépris.
    { kind: 'hostile', pattern: /\b(?:ridicule|stupide|idiot|idiote|debile|absurde|pathetique|minable|grotesque|imbecile|abruti|cretin|menteur|menteuse|menteurs)s?\b|\bn'importe quoi\b/, calmer: 'drop', unless: /\bridiculement (?:bas|peu cher|bon)\b/ },
    { kind: 'hostile', pattern: /\btaisez[- ]vous\b|\b(?:fichez|foutez)[- ]nous la paix\b|\bdegagez\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\bvous serez (?:banni|bloque|exclu|signale)e?s?\b|\b(?:nous allons|on va) vous (?:bannir|bloquer|exclure|signaler)\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\b(?:jeremiades|caprices|pleurnicheries|gemissements)\b|\bpas la pour (?:ecouter|lire|supporter|subir)\b/, calmer: 'drop' },
  ],
  cues: [
    // Ironie : un compliment accolé, un merci pour du négatif, « drôle comme… », « ah oui », la magie, « exprès », les émojis qui lèvent les yeux au ciel.
    { kind: 'sarcastic', weight: 1, pattern: /,\s*(?:tres|vraiment|super|trop|fort|tellement|hyper) (?:constructi(?:f|ve)|utile|sympa|aimable|mature|malin|maligne|intelligent|original|agreable|productif|poli|correct|elegant|classe)\w*\W*$/ },
    { kind: 'sarcastic', weight: 1, pattern: /\bmerci\b.{0,30}\b(?:(?:1|une?) etoile|mauvais avis|avis negatif|plainte|insultes?|menaces?|cris|critiques?)\b/ },
    { kind: 'sarcastic', weight: 2, pattern: /^(?:c'est )?(?:drole|marrant|amusant|interessant) (?:comme|que|de voir)\b/ },
    { kind: 'sarcastic', weight: 1, pattern: /^(?:c'est )?(?:bizarre|etrange|curieux)\b\s*(?:,|comme\b|que\b)/ },
    { kind: 'sarcastic', weight: 1, pattern: /^(?:oh|ah|eh) (?:oui|bien sur|evidemment|mais oui|ouais|c'est ca)\b|^(?:bien sur|evidemment|mais oui),? (?:on|nous|je)\b|,\s*(?:bien sur|evidemment|voyons)\W*$/ },
    { kind: 'sarcastic', weight: 1, pattern: /\b(?:par magie|magiquement|teleport\w*|baguette magique|miracles?|voyante?s?|lire dans (?:vos|les) pensees|boule de cristal)\b/ },
    { kind: 'sarcastic', weight: 1, pattern: /\b(?:expres|volontairement|deliberement|pour le plaisir|par plaisir)\b/ },
    { kind: 'sarcastic', weight: 1, pattern: /\b(?:on|nous) (?:adore|adorons|aime|aimons|kiffe)\b/ },
    { kind: 'sarcastic', weight: 1, pattern: /\b(?:mdr+|ptdr+|lol|hihi|haha+)\b|[😂🤣]/u },
    { kind: 'sarcastic', weight: 2, pattern: /[🙄😒🤦]/u },
    { kind: 'sarcastic', weight: 1, pattern: /[🙃👍👌😑😤]/u },
    // Reproche par comparaison, condescendance : « tous les autres », « chez vous », « évidemment… si vous tapez mal ».
    { kind: 'blaming', weight: 1, pattern: /\btous les autres(?: clients)?\b|\bpersonne d'autre\b|\b(?:le seul|la seule) (?:client|cliente|personne|a)\b|\btout le monde (?:sauf vous|a part vous)\b/ },
    { kind: 'blaming', weight: 1, pattern: /\bvien(?:t|nent) (?:surement |sans doute |probablement |certainement |forcement |clairement )?de (?:chez vous|votre cote|vous)\b|\ble probleme,? c'est vous\b/ },
    { kind: 'blaming', weight: 1, pattern: /^(?:evidemment|bien evidemment|forcement|naturellement|manifestement)(?: que)?\b(?!,? (?:nous|je|on)\b)/ },
    { kind: 'blaming', weight: 1, pattern: /\bsi vous (?:tapez|saisissez|ecrivez|entrez|lisez|remplissez) mal\b|\bvous avez (?:commande|choisi|saisi|tape|donne|pris|achete|selectionne) (?:la|le|les|une?) mauvaise?s?\b|\bmal (?:tape|saisi|ecrit|rempli|lu)\b/ },
    { kind: 'hostile', weight: 1, pattern: /\bsi vous ne (?:supportez|pouvez|savez) (?:pas|meme pas) (?:attendre|supporter|gerer|patienter)\b/ },
    { kind: 'hostile', weight: 1, pattern: /\bn'est (?:peut-etre )?pas (?:fait )?pour vous\W*$|\bpas (?:fait )?pour vous\W*$/ },
    // Renvoi : pas nous, pas notre service, voyez avec eux.
    { kind: 'curt', weight: 1, pattern: /\bpas (?:de )?(?:mon|notre) (?:service|ressort|rayon|boulot|travail|role|domaine)\b|\bca ne (?:nous|me) regarde pas\b|\brien a voir avec nous\b/ },
    { kind: 'curt', weight: 1, pattern: /\bpas nous\b(?=\s*(?:[.,;:!?]|$))/ },
    { kind: 'curt', weight: 1, pattern: /\b(?:c'est |ca se passe )?entre vous et (?:le|la|les|votre|vos) \w+\b/ },
    { kind: 'curt', weight: 1, pattern: /\b(?:(?:il )?faut |allez )?voir avec\b|\bvoyez (?:ca )?avec\b|\b(?:adressez|plaignez)-vous (?:a|au|aupres)\b|\b(?:appelez|contactez|demandez)(?:-(?:la|le|les|leur|lui)\b| (?:votre banque|le transporteur|la poste|le fabricant|le vendeur|eux)\b)/ },
    // Lassitude : « on a compris », « je vous ai répondu hier », « franchement, », « sauf votre respect », « bon, ok ».
    { kind: 'curt', weight: 1, pattern: /^(?:on a|nous avons|j'ai) (?:bien )?compris\b(?! votre)/ },
    { kind: 'curt', weight: 1, pattern: /\b(?:je|nous|on) vous (?:ai|avons|a) (?:deja )?repondu (?:hier|plus haut|ce matin|tout a l'heure|la semaine derniere|deux fois|avant)\b/ },
    { kind: 'curt', weight: 1, pattern: /^(?:franchement|honnetement|serieusement|ecoutez|bon ecoutez)\s*,|\bsauf votre respect\b|\bavec tout le respect que je vous dois\b/ },
    { kind: 'curt', weight: 1, pattern: /^bon,? (?:ok|d'accord|bref|ben|soit)\b/ },
  ],
  courtesy: [
    /\b(?:desolee?s?|excuses?|navree?s?|pardon)\b/,
    /\b(?:malheureusement|je crains|regrette)\b/,
    /\b(?:je|nous) (?:vous )?comprend(?:s|ons)\b|\b(?:je vous entends|nous vous entendons|on vous entend)\b/,
    /\b(?:s'il vous plait|merci de|pourriez-vous|pouvez-vous)\b/,
    /\bavec plaisir\b|\bravie?s? de\b|\bmais (?:je|nous) (?:peux|pouvons|vais|allons)\b|\bce que (?:je|nous) (?:pouvons|peux) faire\b/,
  ],
  negation: /\b(?:non|nan|pas|jamais|rien|aucune?|personne|ne)\b|\bn'/,
  shortFine: /\b(?:soucis?|problemes?|encore|inquietez|grave|de rien|quoi|presse|frais|du tout)\b/,
  curtAlone: ['non', 'bon', 'bof', 'bref', 'soit', 'et alors', 'peu importe', 'tant pis', 'au revoir', 'note', 'passons', 'encore'],
  warm: /\b(?:merci|bravo|bienvenue|bon retour|genial|super|ravie?s?|contente?s?|heureu(?:x|se|ses)|joyeux|felicitations|bonne nouvelle|excellent|formidable|avec plaisir|volontiers|absolument|youpi|chouette|trop bien|hate|bon (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|week-end|weekend|appetit|anniversaire)|bonne (?:journee|soiree|semaine|fin de semaine|annee|fete|fetes|continuation|degustation)|belle journee)\b/,
  caring: /\b(?:desolee?s?|excuses?|merci|comprends|comprenons|pardon)\b/,
  emphatic: ['NON', 'PAS', 'JAMAIS', 'RIEN', 'DÉJÀ', 'DEJA', 'TOUJOURS', 'ENCORE', 'AUCUN', 'AUCUNE', 'STOP', 'MAINTENANT', 'TOUT', 'PLUS', 'LISEZ', 'ARRÊTEZ', 'ARRETEZ', 'VOUS', 'VOTRE'],
  opening: 'Nous sommes désolés pour ce désagrément.',
  fallback: 'Nous regardons cela et revenons vers vous rapidement.',
}
