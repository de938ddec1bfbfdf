import type { ToneLexicon } from './rules.ts'

/**
 * French: what reads as curt, blaming, sarcastic or hostile from a brand to an upset customer.
 * Written without accents (the text is folded before matching: "déjà" is matched as "deja").
 */
export const frenchTone: ToneLexicon = {
  rules: [
    // Sec : renvoyer la personne, se répéter, fermer la porte.
    { kind: 'curt', pattern: /\bpas (?:un|une|le|la|l') ?(?:endroit|lieu|espace|page|forum) (?:pour|ou) (?:(?:se|vous|venir) )*(?:defouler|plaindre|raler|vider)/, calmer: 'Nous vous entendons et nous voulons arranger cela.' },
    { kind: 'curt', pattern: /\bdefouloir\b/, calmer: 'Nous vous entendons et nous voulons arranger cela.' },
    { kind: 'curt', pattern: /^comme (?:je|nous|on) (?:vous )?(?:l')?(?:ai|avons|a) deja (?:dit|ecrit|explique|precise|indique|repondu)\s*[,:]?\s*/, calmer: 'cut' },
    { kind: 'curt', pattern: /^(?:je (?:vous )?le repete|encore une fois|je repete)\s*[:,]\s*/, calmer: 'cut' },
    { kind: 'curt', pattern: /(?<!\bcomme )\b(?:je|nous|on) (?:vous )?(?:l')?(?:ai|avons|a) deja (?:dit|explique|repondu|ecrit)(?: (?:trois|deux|plusieurs|\d+) fois)?/, calmer: 'drop' },
    { kind: 'curt', pattern: /^lisez (?:la|le|les|notre|nos|votre|vos) /, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:lisez|consultez|regardez) .{0,30}\bavant de\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bapprenez a lire\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bpas (?:notre|mon) (?:probleme|souci|affaire|faute)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bcalmez[- ]vous\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\barretez (?:de|d')\s?(?:vous plaindre|poster|nous (?:ecrire|faire perdre)|raler|spammer|insister|ecrire)/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(arrivera|partira|sera livree?) quand (?:il|elle) \1\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:c'est comme ca|a prendre ou a laisser|point final|point barre)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:on|nous) ne (?:peut|pouvons) rien (?:y )?faire\b|\bil n'y a rien a faire\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bpeu nous importe\b|\b(?:on|nous) s'en (?:fiche|moque)\b|\bnous nous en moquons\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bcette conversation est (?:terminee|close|finie)\b|^ca suffit\b|\bnous en avons fini\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:on|nous) a(?:vons)? (?:mieux|autre chose) a faire\b|\bcomme si (?:nous|on) n'avions? que ca a faire\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bvotre (?:reclamation|plainte) (?:est|a ete) (?:notee|enregistree)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:poster|ecrire|vous plaindre|se plaindre|raler|crier)\b.{0,80}\b(?:n'accelerera|n'y changera|ne (?:vous )?(?:fera|changera|servira|sert))\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:avez-vous|vous avez) (?:au moins|seulement|meme) (?:essaye|lu|verifie|regarde)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bdebrouillez[- ]vous\b|\bperdre (?:notre|mon) temps\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bje ne (?:vois|sais) pas ce que vous (?:attendez|voulez)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bsi vous ne savez pas (?:rester|etre) (?:poli|courtois|correct|respectueux)/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bne nous (?:re)?contactez plus\b|\bne nous ecrivez (?:pas|plus)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /,\s*comme (?:indique|dit|precise|ecrit|explique)\b.{0,40}$/, calmer: 'drop' },
    { kind: 'curt', pattern: /^pourquoi (?:vous )?\w+(?:ions|ons)-nous\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /qu'est-ce que vous ne comprenez pas\b/, calmer: 'drop' },
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
    { kind: 'sarcastic', pattern: /^oh,? (?:super|genial|parfait|formidable|bravo)\b/, calmer: 'drop' },
    // Reproche : la faute du client, dite en face.
    { kind: 'blaming', pattern: /\bvous auriez du (?:lire|verifier|regarder|savoir|commander|demander|nous contacter|payer|suivre|choisir|mesurer|reflechir|faire attention)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bsi vous aviez (?:lu|verifie|regarde|suivi|fait attention|pris la peine)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\b(?:c'est|c'etait) (?:de )?votre (?:faute|erreur)\b|\bvotre propre (?:erreur|faute)\b|\ba cause de vous\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bvous n'avez (?:\w+ment )?pas (?:lu|suivi|verifie|regarde|compris|fait attention)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bvous avez (?:evidemment|manifestement|visiblement|clairement|mal) (?:commande|choisi|saisi|tape|entre|lu|compris|rempli)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bvous avez du vous tromper\b|\bvous vous etes trompee?s?\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bla prochaine fois,? (?:lisez|verifiez|regardez|reflechissez)\b/, calmer: 'drop' },
    // Ironie : un compliment ou un accord qui veut dire le contraire.
    { kind: 'sarcastic', pattern: /\bcomme si (?:nous|on|vous)\b|\bbonne chance (?:avec|pour) ca\b|\bbien essaye\b|\bquelle surprise\b|\bsans blague\b/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /\bfelicitations,? vous avez (?:trouve|reussi|casse)\b/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /^merci\b.*,\s*vraiment\W*$/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /\bvous l'aurez,? votre\b/, calmer: 'drop' },
    // Hostile : insultes, menaces, mépris.
    { kind: 'hostile', pattern: /\b(?:ridicule|stupide|idiot|idiote|debile|absurde|pathetique|minable|grotesque|imbecile|abruti|cretin|menteur|menteuse|menteurs)s?\b|\bn'importe quoi\b/, calmer: 'drop', unless: /\bridiculement (?:bas|peu cher|bon)\b/ },
    { kind: 'hostile', pattern: /\btaisez[- ]vous\b|\b(?:fichez|foutez)[- ]nous la paix\b|\bdegagez\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\bvous serez (?:banni|bloque|exclu|signale)e?s?\b|\b(?:nous allons|on va) vous (?:bannir|bloquer|exclure|signaler)\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\b(?:jeremiades|caprices|pleurnicheries|gemissements)\b|\bpas la pour (?:ecouter|lire|supporter|subir)\b/, calmer: 'drop' },
  ],
  curtAlone: ['non', 'bon', 'bof', 'bref', 'soit', 'et alors', 'peu importe', 'tant pis', 'au revoir', 'note', 'passons'],
  warm: /\b(?:merci|bravo|bienvenue|bon retour|genial|super|ravie?s?|contente?s?|heureu(?:x|se|ses)|joyeux|felicitations|bonne nouvelle|excellent|formidable|avec plaisir)\b/,
  caring: /\b(?:desolee?s?|excuses?|merci|comprends|comprenons|pardon)\b/,
  emphatic: ['NON', 'PAS', 'JAMAIS', 'RIEN', 'DÉJÀ', 'DEJA', 'TOUJOURS', 'ENCORE', 'AUCUN', 'AUCUNE', 'STOP', 'MAINTENANT', 'TOUT', 'PLUS', 'LISEZ', 'ARRÊTEZ', 'ARRETEZ', 'VOUS', 'VOTRE'],
  opening: 'Nous sommes désolés pour ce désagrément.',
  fallback: 'Nous regardons cela et revenons vers vous rapidement.',
}
