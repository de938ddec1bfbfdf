import type { ToneLexicon } from './rules.ts'

const nt = "(?:n't| not)"
/** "you are", and how it is texted. */
const you = "(?:you're|you are|youre|ur|u r|u are)"

/** English: what reads as curt, blaming, sarcastic or hostile from a brand to an upset customer. */
export const englishTone: ToneLexicon = {
  rules: [
    // Curt: dismissing the person, repeating oneself at them, closing the door.
    // Families below have their French counterpart in rules-fr.ts, in the same order.
    { kind: 'curt', pattern: /\bnot (?:a|the) (?:place|forum|platform|space|page) (?:to|for) (?:vent|rant|complain|whine|moan)/, calmer: 'We hear you, and we want to put this right.' },
    { kind: 'curt', pattern: /^(?:as|like) (?:i|we)(?:'ve| have)? (?:already |just )?(?:said|told you|explained|mentioned|stated)(?: (?:before|earlier|already|above|twice))?\s*[,:]?\s*/, calmer: 'cut' },
    { kind: 'curt', pattern: /^(?:per|as per) my (?:last|previous) (?:message|email|reply)\s*,?\s*/, calmer: 'cut' },
    { kind: 'curt', pattern: /^(?:again|once again|i repeat)\s*[:,]\s*/, calmer: 'cut' },
    { kind: 'curt', pattern: /(?<!\b(?:as|like) )\b(?:we|i)(?:'ve| have)? (?:already )?(?:told|explained|answered|said)(?: (?:you|this|it|that))*(?: (?:already|twice|before|(?:three|several|many|\d+) times))+/, calmer: 'drop' },
    { kind: 'curt', pattern: /^read (?:the|our|your) /, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:read|check) (?:the|our) \w+ (?:before|first)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\blearn (?:how )?to read\b/, calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\b(?:not|is${nt}|isnt|aint) (?:our|my) (?:problem|concern|responsibility|fault)\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: /\bcalm down\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bstop (?:complaining|whining|moaning|posting|spamming|asking|wasting|writing|messaging|harassing|shouting|yelling|tagging|bugging|pestering|nagging)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(arrive|ship|come|happen)s? when (?:it|they) \1s?\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:deal with it|take it or leave it|end of (?:story|discussion))\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bnothing (?:else )?(?:we|i) can do\b|\b(?:we|i) can'?t do (?:anything|nothing)\b|\bout of our hands\b/, calmer: 'drop', unless: /\b(?:but|except|however|other than|besides|apart from|sorry|afraid|unfortunately|sadly)\b/ },
    { kind: 'curt', pattern: new RegExp(`\\b(?:we|i) (?:do${nt}|could${nt}) care\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:we're|we are|i'm|i am) (?:done|finished) here\b|\b(?:conversation|discussion|thread|topic) (?:is )?(?:over|closed|finished|locked)\b/, calmer: 'drop', unless: /\bbut\b/ },
    { kind: 'curt', pattern: /\bcomplaint (?:has been|is|was) noted\b|^(?:your )?(?:complaint|remark) (?:duly )?noted\W*$/, calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\b(?:posting|complaining|writing|shouting|repeating|insisting|asking again|yelling|spamming)\\b.{0,80}\\b(?:wo${nt}|will${nt}|does${nt}|do${nt}|wont)\\b.{0,80}\\b(?:faster|quicker|refund|help|change)\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: /\bdid you (?:even|at least) (?:try|read|check|look)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bfigure it out\b|\b(?:wasting|waste) (?:our|my) time\b/, calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\b(?:(?:i|we) (?:do${nt}|dont) (?:know|see)|not sure) what (?:else |more )?(?:you )?(?:expect|want)\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\bif you can${nt} be (?:polite|civil|respectful|nice)\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\b(?:do${nt}|never) (?:contact|write to|message|bother) us\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:like|as) (?:the|our|my|it|we) [\w ]{0,20}(?:said|says|stated|explained|mentioned)\W*$/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bwhy would (?:we|i)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:we|i) have (?:better|other) things to do\b/, calmer: 'drop' },
    { kind: 'curt', pattern: new RegExp(`\\b(?:which|what) part of\\b.{0,80}\\b(?:(?:do${nt}|did${nt}|dont) you (?:get|understand)|is (?:so )?(?:unclear|confusing|hard|difficult)|(?:is|was)${nt} clear)\\b`), calmer: 'drop' },
    { kind: 'curt', pattern: /^(?:seriously|enough|it happens)\b/, calmer: 'drop' },
    // Added after the held-out set was measured (docs/tone-check.md): broader forms of the same.
    { kind: 'curt', pattern: /\b(?:we|i)(?:'ve| have)? already (?:explained|answered|told|replied|covered|said)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:the )?(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)|umpteenth|hundredth) time (?:you|we|i)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:repeat|repeating) (?:myself|ourselves)\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:waste|wasting) (?:\w+'s |\w+ )?time\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /^(?:look|search|try) harder\b|\bsorry not sorry\b|\bnot rocket science\b|\b(?:are|is) not happening\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bcomplaints? like (?:yours|this|that)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\b(?:is|are|that's) on you\b|\bmust be (?:you|your)\b|\byou (?:ignored|skipped|missed|forgot|didn't bother)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\btry (?:reading|checking|looking)\b|\bnext time\W*$/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\b(?:you are|you're|you'll be|you will be) (?:blocked|banned)\b/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /^(?:oh|wow) (?:great|super|wonderful|perfect|lovely|brilliant)\b/, calmer: 'drop' },
    // Added on 2026-12-07 from the kinds of wording the second tuning set revealed (docs/tone-check.md).
    // Each family has its French counterpart in rules-fr.ts.
    // Insults and contempt aimed at the reader.
    { kind: 'hostile', pattern: new RegExp(`\\b${you} (?:being )?(?:(?:really|so|such|just|very|quite|a bit|truly|honestly|simply|plainly|being) )*(?:an? )?(?:annoying|rude|unbearable|impossible|unreasonable|exhausting|tiresome|pain|nightmare|joke|childish|delusional|hysterical|dramatic|paranoid|clueless|useless|hopeless|lazy|insufferable|obnoxious|pathetic|ridiculous|stupid|dumb|liar|lying|wrong)\\b(?! (?:to|at|about)\\b)`), calmer: 'drop' },
    { kind: 'hostile', pattern: /\b(?:childish|delusional|hysterical|crybaby|cry ?babies|drama queen|karen|clowns?|losers?|jerks?|trolls?|idiotic|brainless|get a life)\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\byou(?:'re| are| keep| have been|'ve been) (?:harassing|spamming|pestering|bombarding|badgering) us\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\bnot (?:a charity|a bank(?! holiday)|your (?:mum|mom|mother|servants?|babysitter|personal (?:assistant|shopper)|slaves?)|made of money)\b/, calmer: 'drop', unless: /\bbut\b/ },
    // Brush-offs: go elsewhere, your problem, rules are rules, period.
    { kind: 'hostile', pattern: /(?:^(?:then |just )?(?:go|shop|buy|order|try (?:shopping|buying|ordering)|take your (?:business|money|custom))|\b(?:feel free to|you can always|you're free to|you are free to|nothing stops you from)) .{0,25}\b(?:elsewhere|somewhere else)\b|\b(?:elsewhere|somewhere else) then\b|\bfeel free to (?:leave|unfollow)\b|\b(?:nobody|no one)(?:'s| is| has)? forc(?:ing|ed) you\b/, calmer: 'drop', unless: /\b(?:sorry|afraid|unfortunately|sadly)\b/ },
    { kind: 'blaming', pattern: /\ba (?:you|u) problem\b|\byour problem,? not (?:ours|mine)\b|\b(?:that's|thats|that is|it's|its|it is|sounds like) (?:a |all )?(?:you|your|ur) problem\b|\bwhat(?:'s| is) your problem\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:policy is policy|rules are rules|a rule is a rule)\b|,\s*(?:period|full stop)\W*$/, calmer: 'drop' },
    { kind: 'curt', pattern: /\bend of (?:discussion|conversation)\b/, calmer: 'drop' },
    // Pointing back at an earlier answer, or at what is "written in black and white".
    { kind: 'curt', pattern: /^(?:re-?read(?: it)?|read (?:it )?again|scroll up|see above|already (?:answered|said|explained|covered))\W*$|\b(?:re-?read|read back|scroll up to|read) (?:my|our) (?:previous|last|earlier) (?:message|reply|answer|email|post)s?\b|\basked and answered\b|\banswered above\b|^re-?read (?:the|our|your) /, calmer: 'drop' },
    { kind: 'curt', pattern: /^as (?:already|previously) (?:stated|mentioned|said|explained|indicated|noted)\b\s*[,:]?\s*/, calmer: 'cut' },
    { kind: 'curt', pattern: /\b(?:it's|it is|its|this is|that's|that is) (?:literally|clearly|plainly|right there) (?:written|stated|spelled out|explained|listed|mentioned|marked|printed)\b|\bliterally (?:written|says|said|stated)\b|\bin black and white\b/, calmer: 'drop' },
    { kind: 'curt', pattern: /\b(?:have you|did you) (?:\w+ )?(?:tried|try|read|checked|check|looked|look)\b.{0,80}\bat least\W*$/, calmer: 'drop' },
    // Ultimatums.
    { kind: 'curt', pattern: /^yes or no\W*$|\b(?:do|did|are|will) you want (?:it|this|one|an? \w+|the \w+|your \w+) or not\b|\bmake up your mind\b/, calmer: 'drop' },
    // Blame: "you were supposed to…".
    { kind: 'blaming', pattern: /\byou (?:were supposed to|just had to|only had to|just needed to) (?:read|check|look|follow|measure|pay attention|order|think)\b|\ball you had to do was\b/, calmer: 'drop' },
    // Exasperation.
    { kind: 'curt', pattern: /^(?:ugh|sigh|\*sigh\*|pff+t?|jeez|geez|ffs|smh)\b/, calmer: 'drop', unless: /\b(?:sorry|apolog\w*)\b/ },
    // Blaming: the customer's doing, said to their face.
    { kind: 'blaming', pattern: /\byou should have (?:read|checked|looked|known|ordered|asked|contacted|paid|followed|entered|chosen|measured|thought|been more)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bif (?:you|u)(?:'d| had| would have) (?:read|checked|looked|followed|paid attention|bothered|taken the time|cared)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /(?<!\bnot |n't )\byour (?:own )?(?:fault|mistake|error)\b/, calmer: 'drop', unless: /\bnot (?:at all )?your (?:own )?(?:fault|mistake|error)/ },
    { kind: 'blaming', pattern: new RegExp(`\\byou (?:clearly |obviously |evidently |apparently )?(?:did${nt}|do${nt}|never|failed to) (?:read|follow|check|look|understand|pay attention|bother)\\b`), calmer: 'drop' },
    { kind: 'blaming', pattern: /\byou must have (?:entered|typed|made|ordered|chosen|forgotten|misread|clicked|missed|ignored)\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\b(?:obviously|clearly) you\b|\byou (?:obviously|clearly) \w+ed\b/, calmer: 'drop' },
    { kind: 'blaming', pattern: /\bnext time,? (?:read|check|look|think|try)\b/, calmer: 'drop' },
    // Sarcastic: praise or agreement that means the opposite.
    // "Wow, thank you!!" means it: thanks said with "!" are not this.
    { kind: 'sarcastic', pattern: /^(?:wow|oh|well|gee|great)\s*,?\s*(?:thanks|thank you|great|nice|lovely|wonderful|brilliant|really)\b/, calmer: 'drop', unless: /^\w+\s*,?\s*(?:thanks|thank you)\b[^.]*!/ },
    { kind: 'sarcastic', pattern: /\bsure,? because\b|\bas if\b|\bgood luck with that\b|\bnice try\b|\bwhat a surprise\b/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /\b(?:congrats|congratulations|well done|bravo|good job|great job|nice job|nice going|way to go)\b,?\s*(?:you|u)(?:'ve| have)? (?:managed|found|broke|broken|succeeded|lost|missed|ignored|figured|discovered|noticed|destroyed|ruined|worked out)\b/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /^(?:thanks|thank you)\b.*,\s*really\W*$/, calmer: 'drop' },
    { kind: 'sarcastic', pattern: /^(?:fine|ok|okay)\W+have your\b|^have your (?:refund|money)\b/, calmer: 'drop' },
    // Hostile: insults, threats, contempt.
    { kind: 'hostile', pattern: /\b(?:stupid|idiot\w*|dumb|moron\w*|ridiculous\w*|nonsense|pathetic|absurd|ignorant|clueless|liars?|lying|laughable)\b/, calmer: 'drop', unless: /\bridiculously (?:good|cheap|fast|quick|tasty|delicious|kind|generous)\b/ },
    { kind: 'hostile', pattern: /\b(?:shut up|get lost|go away|grow up)\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\b(?:you will|you'll|you'd) (?:be|get) (?:banned|blocked|removed|reported)\b|\b(?:we will|we'll|i will|i'll) (?:ban|block|report|remove) you\b/, calmer: 'drop' },
    { kind: 'hostile', pattern: /\b(?:rants?|ranting|whining|tantrums?)\b|\bnot here to (?:listen|babysit|deal)\b/, calmer: 'drop' },
  ],
  cues: [
    // Sarcasm: praise tagged on, thanks for something bad, "funny how…", "oh sure", magic, "on purpose", eye-rolling emoji.
    { kind: 'sarcastic', weight: 1, pattern: /,\s*(?:really|very|so|super|truly|how|most|extremely) (?:helpful|constructive|useful|mature|nice|kind|classy|original|clever|smart|productive|thoughtful|polite|fair)\b\W*$/ },
    { kind: 'sarcastic', weight: 1, pattern: /\b(?:thanks|thank you|cheers)\b.{0,30}\b(?:(?:1|one)[- ]star|bad review|negative review|complaint|insults?|rant|threats?|abuse|shouting)\b/ },
    { kind: 'sarcastic', weight: 2, pattern: /^(?:(?:it's|it is) )?(?:funny|amusing|interesting|fascinating) (?:how|that)\b/ },
    { kind: 'sarcastic', weight: 1, pattern: /^(?:strange|odd|weird|curious)\b\s*(?:,|how\b|that\b)/ },
    { kind: 'sarcastic', weight: 1, pattern: /^(?:oh|ah|yeah|well) (?:sure|right|yes|yeah|of course|totally|absolutely)\b|^(?:sure|of course|yeah),? (?:let me|we'll|i'll|because|we)\b|,\s*(?:of course|sure|obviously)\W*$/ },
    { kind: 'sarcastic', weight: 1, pattern: /\b(?:magic(?:ally)?|teleport\w*|wave a (?:magic )?wand|miracles?|psychic|mind[- ]readers?|read your mind|crystal ball)\b/ },
    { kind: 'sarcastic', weight: 1, pattern: /\b(?:on purpose|deliberately|intentionally|for fun|for the fun of it)\b/ },
    { kind: 'sarcastic', weight: 1, pattern: /\bwe (?:just |really |obviously |totally )?(?:love|enjoy|adore)\b/ },
    { kind: 'sarcastic', weight: 1, pattern: /\b(?:lol|lmao|lmfao|rofl|haha+|hehe)\b|[😂🤣]/u },
    { kind: 'sarcastic', weight: 2, pattern: /[🙄😒🤦]/u },
    { kind: 'sarcastic', weight: 1, pattern: /[🙃👍👌😑😤]/u },
    // Blame by comparison and condescension: "everyone else", "on your end", "obviously… if you type it wrong".
    { kind: 'blaming', weight: 1, pattern: /\b(?:everyone|everybody|nobody|no one|all (?:the )?other (?:customers|clients|people)) else\b|\b(?:the|you're the|you are the) only (?:one|customer|person|client)\b/ },
    { kind: 'blaming', weight: 1, pattern: /\b(?:on|at) your (?:end|side)\b|\b(?:the )?problem is (?:probably |likely |clearly |obviously )?(?:you|with you|yours)\b/ },
    { kind: 'blaming', weight: 1, pattern: /^(?:obviously|of course|clearly|naturally|evidently)\b(?!,? (?:we|i)\b)/ },
    { kind: 'blaming', weight: 1, pattern: /\bif (?:you|u) (?:type|typed|enter|entered|spell|spelled|write|wrote|read|put|fill|filled) (?:it|them|the \w+|your \w+)(?: in)? (?:wrong|wrongly|incorrectly|badly)\b|\byou (?:ordered|chose|picked|entered|typed|gave|used|bought|selected) the wrong\b/ },
    { kind: 'hostile', weight: 1, pattern: /\bif (?:you|u) (?:can't|cannot|cant|can not) (?:handle|wait|stand|deal with|cope with|manage)\b/ },
    { kind: 'hostile', weight: 1, pattern: /\b(?:is|are)(?:n't| not) for you\W*$|\bnot for you\W*$/ },
    // Deflection: not us, not our department, ask them.
    { kind: 'curt', weight: 1, pattern: /\bnot (?:my|our) (?:department|job|area|remit|call|business)\b|\bnothing to do with us\b/ },
    { kind: 'curt', weight: 1, pattern: /\bnot us\b(?=\s*(?:[.,;:!?]|$))/ },
    { kind: 'curt', weight: 1, pattern: /\b(?:that's |it's )?between you and (?:the|your) \w+\b/ },
    { kind: 'curt', weight: 1, pattern: /\b(?:ask|call|contact|email|ring|talk to|take it up with|complain to) (?:them|him|her|the (?:courier|carrier|bank|manufacturer|seller|post office)|your (?:bank|courier|carrier|post office))\b/ },
    // Weariness: "we get it", "I answered you yesterday", "honestly,", "with all due respect", "fine, ok".
    { kind: 'curt', weight: 1, pattern: /^(?:we|i) (?:get|got) it\b|\bwe heard you the first time\b/ },
    { kind: 'curt', weight: 1, pattern: /\b(?:i|we)(?:'ve| have)? (?:already )?(?:answered|replied to|responded to) (?:you|this|that)(?: already)? (?:yesterday|earlier|this morning|above|last week|twice|before)\b/ },
    { kind: 'curt', weight: 1, pattern: /^(?:honestly|frankly|seriously|look|listen)\s*,|\bwith (?:all )?due respect\b/ },
    { kind: 'curt', weight: 1, pattern: /^(?:fine|ok|okay|alright),? (?:fine|whatever|ok|okay)\b/ },
  ],
  courtesy: [
    /\b(?:sorry|apolog\w*|afraid)\b/,
    /\b(?:unfortunately|sadly|regret)\b/,
    /\b(?:i|we) (?:completely |totally |really |fully )?understand\b|\b(?:i|we) hear you\b/,
    /\b(?:please|could you|would you)\b/,
    /\b(?:happy|glad) to\b|\bbut (?:i|we) (?:can|could|will|'ll)\b|\bwhat (?:i|we) can do\b/,
  ],
  negation: /\b(?:no|not|nope|nah|never|nothing|nobody|dont|cant|wont|isnt)\b|n't\b/,
  shortFine: /\b(?:problems?|worries|worry|yet|doubt|rush|charge|trouble|issue|at all|wait)\b/,
  curtAlone: ['no', 'nope', 'nah', 'whatever', 'fine', 'k', 'so what', 'so', 'noted', 'goodbye', 'bye', 'move on', 'again'],
  warm: /\b(?:thanks?|thank you|great|welcome|congrat\w*|happy|glad|gladly|love|lovely|awesome|amazing|wonderful|enjoy|yay|hooray|hurray|woohoo|cheers|good news|delighted|excited|thrilled|fantastic|absolutely|with pleasure|have a (?:great|good|nice|lovely|wonderful) \w+|best wishes|can't wait)\b/,
  caring: /\b(?:sorry|apolog\w*|thank\w*|understand)\b/,
  emphatic: ['NO', 'NOT', 'NEVER', 'STOP', 'NOW', 'READ', 'ALWAYS', 'ALREADY', 'AGAIN', 'ANY', 'ONLY', 'DO', "DON'T", 'DONT', 'WILL', "WON'T", 'CANNOT', "CAN'T", 'MUST', 'YOUR', 'YOU', 'ALL'],
  opening: "We're sorry for the trouble.",
  fallback: 'Let us look into this and come back to you shortly.',
}
