import type { ToneLexicon } from './rules.ts'

const nt = "(?:n't| not)"

/** English: what reads as curt, blaming, sarcastic or hostile from a brand to an upset customer. */
export const englishTone: ToneLexicon = {
  rules: [
    // Curt: dismissing the person, repeating oneself at them, closing the door.
    { kind: 'curt', pattern: /\bnot (?:a|the) (?:place|forum|platform|space|page) (?:to|for) (?:vent|rant|complain|whine|moan)/, calmer: 'We hear you, and we want to put this right.' },
    { kind: 'curt', pattern: /^(?:as|like) (?:i|we)(?:'ve| have)? (?:already |just )?(?:said|told you|explained|mentioned|stated)(?: (?:before|earlier|already|above|twice))?\s*[,:]?\s*/, calmer: 'cut' },
    { kind: 'curt', pattern: /^(?:per|as per) my (?:last|previous) (?:message|email|reply)\s*,?\s*/, calmer: 'cut' },
    { kind: 'curt', pattern: /^(?:again|once again|i repeat)\s*[:,]\s*/, calmer: 'cut' },
    { kind: 'curt', pattern: /(?<!\b(?:as|like) )\b(?:we|i)(?:'ve| have)? (?:already )?(?:told|explained|answered|said)(?: (?:you|this|it|that))*(?: (?:already|twice|before|(?:three|several|many|\d+) times))+/, calmer: 'drop' },
    { kind: 'curt', pattern: /^read (?:the|our|your) /, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:read|check) (?:the|our) \w+ (?:before|first)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\blearn (?:how )?to read\b/, calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\b(?:not|is${nt}) (?:our|my) (?:problem|concern|responsibility|fault)\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: /\bcalm down\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bstop (?:complaining|whining|moaning|posting|spamming|asking|wasting|writing|messaging)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(arrive|ship|come|happen)s? when (?:it|they) \1s?\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:deal with it|take it or leave it|end of (?:story|discussion))\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /^(?:there's |there is )?nothing (?:we|i) can do(?: about it)?\W*$/, calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\b(?:we|i) (?:do${nt}|could${nt}) care\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:we're|we are|i'm|i am) (?:done|finished) here\b|\bthis conversation is (?:over|closed|finished)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bcomplaint (?:has been|is|was) noted\b/, calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\b(?:posting|complaining|writing|shouting)\\b.{0,80}\\b(?:wo${nt}|will${nt}|does${nt}|do${nt})\\b.{0,80}\\b(?:faster|quicker|refund|help|change)\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: /\bdid you (?:even|at least) (?:try|read|check|look)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bfigure it out\b|\b(?:wasting|waste) (?:our|my) time\b/, calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\b(?:i do${nt} know|not sure) what you (?:expect|want)\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\bif you can${nt} be (?:polite|civil|respectful|nice)\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\b(?:do${nt}|never) (?:contact|write to|message|bother) us\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:like|as) (?:the|our|my|it|we) [\w ]{0,20}(?:said|says|stated|explained|mentioned)\W*$/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bwhy would (?:we|i)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:we|i) have (?:better|other) things to do\b/, calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\bwhat part of\\b.{0,80}\\b(?:do${nt}) you understand\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: /^(?:seriously|enough|it happens)\b/, calmer: 'drop' },
    // Blaming: the customer's doing, said to their face.
    { kind: 'blaming', pattern: /\byou should have (?:read|checked|looked|known|ordered|asked|contacted|paid|followed|entered|chosen|measured|thought|been more)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bif you had (?:read|checked|looked|followed|paid attention|bothered)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /(?<!\bnot |n't )\byour (?:own )?(?:fault|mistake|error)\b/, calmer: 'drop', unless: /\bnot (?:at all )?your (?:own )?(?:fault|mistake|error)/ },
    { kind: 'blaming', pattern: new RegExp(`\\byou (?:clearly |obviously |evidently |apparently )?(?:did${nt}|do${nt}|never|failed to) (?:read|follow|check|look|understand|pay attention|bother)\\b`), calmer: 'drop' },
    { kind: 'blaming', pattern: /\byou must have (?:entered|typed|made|ordered|chosen|forgotten|misread|clicked|missed|ignored)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\b(?:obviously|clearly) you\b|\byou (?:obviously|clearly) \w+ed\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bnext time,? (?:read|check|look|think|try)\b/, calmer: 'drop' },
    // Sarcastic: praise or agreement that means the opposite.
    { kind: 'sarcastic', pattern: /^(?:wow|oh|well|gee|great)\s*,?\s*(?:thanks|thank you|great|nice|lovely|wonderful|brilliant|really)\b/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /\bsure,? because\b|\bas if\b|\bgood luck with that\b|\bnice try\b|\bwhat a surprise\b/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /\bcongratulations,? you(?:'ve| have)? (?:managed|found|broken|succeeded)\b/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /^(?:thanks|thank you)\b.*,\s*really\W*$/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /^(?:fine|ok|okay)\W+have your\b|^have your (?:refund|money)\b/, calmer: 'drop' },
    // Hostile: insults, threats, contempt.
    { kind: 'hostile', pattern: /\b(?:stupid|idiot\w*|dumb|moron\w*|ridiculous\w*|nonsense|pathetic|absurd|ignorant|clueless|liars?|lying|laughable)\b/, calmer: 'drop', unless: /\bridiculously (?:good|cheap|fast|quick|tasty|delicious|kind|generous)\b/ },
    { kind: 'hostile', pattern: /\b(?:shut up|get lost|go away|grow up)\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\b(?:you will|you'll|you'd) (?:be|get) (?:banned|blocked|removed|reported)\b|\b(?:we will|we'll|i will|i'll) (?:ban|block|report|remove) you\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\b(?:rants?|ranting|whining|tantrums?)\b|\bnot here to (?:listen|babysit|deal)\b/, calmer: 'drop' },
  ],
  curtAlone: ['no', 'nope', 'nah', 'whatever', 'fine', 'k', 'so what', 'so', 'noted', 'goodbye', 'bye', 'move on'],
  warm: /\b(?:thanks?|thank you|great|welcome|congrat\w*|happy|glad|love|lovely|awesome|amazing|wonderful|enjoy|yay|hooray|good news|delighted|excited|fantastic)\b/,
  caring: /\b(?:sorry|apolog\w*|thank\w*|understand)\b/,
  emphatic: ['NO', 'NOT', 'NEVER', 'STOP', 'NOW', 'READ', 'ALWAYS', 'ALREADY', 'AGAIN', 'ANY', 'ONLY', 'DO', "DON'T", 'DONT', 'WILL', "WON'T", 'CANNOT', "CAN'T", 'MUST', 'YOUR', 'YOU', 'ALL'],
  opening: "We're sorry for the trouble.",
  fallback: 'Let us look into this and come back to you shortly.',
}
