/**
 * What a rule of the tone check is. Patterns are written against folded text: lower case,
 * accents off, typographic apostrophes straightened (’ → '), the customer's quoted words blanked
 * out; and each runs on one sentence at a time, so `^` and `$` are the sentence's ends.
 *
 * A finding's kind: the rules name the first six; 'tone' is the model's (model.ts), a sentence no
 * rule flagged but that the model reads as harsh.
 */
export type ToneKind = 'curt' | 'blaming' | 'sarcastic' | 'hostile' | 'shouting' | 'exclamations' | 'tone'

export interface ToneRule {
  kind: Exclude<ToneKind, 'shouting' | 'exclamations' | 'tone'>
  pattern: RegExp
  /**
   * How the calmer version treats it: `drop` leaves the sentence out; `cut` removes just the
   * matched words ("As I already said, "), keeping the rest; a string replaces the sentence.
   */
  calmer: 'drop' | 'cut' | string
  /** Matches that are not the rule after all ("a ridiculously good review"). */
  unless?: RegExp
}

/**
 * A weak cue: a word or turn that is hostile only in company ("Funny how…", "…, really helpful",
 * "not us", "🙃"). Each sentence adds up the weights of its cues and takes off one for each
 * courtesy it shows (an apology, understanding, an offer); it warns at 2 or more. So two cues
 * together warn, one alone does not, and a courteous sentence can carry one more.
 */
export interface ToneCue {
  kind: Exclude<ToneKind, 'shouting' | 'exclamations' | 'tone'>
  pattern: RegExp
  weight: 1 | 2
}

/** One language's rules and the words the calmer version is built from. */
export interface ToneLexicon {
  /** Strong rules: each warns on its own. */
  rules: readonly ToneRule[]
  /** Weak cues, weighed against courtesy (see ToneCue). */
  cues: readonly ToneCue[]
  /** Courtesy that outweighs a weak cue: each pattern that matches takes one off the sentence's score. */
  courtesy: readonly RegExp[]
  /**
   * A negation: a message of three words or fewer with one and no courtesy, thanks or warmth is a
   * brush-off ("Not my department.", "lol no", "Pas mon service.", "mdr non").
   */
  negation: RegExp
  /** What keeps a short negative message fine ("No problem!", "Not yet.", "Pas de souci", "Pas encore"). */
  shortFine: RegExp
  /** Whole sentences that say only this are curt ("No.", "Whatever."). */
  curtAlone: readonly string[]
  /** A sentence with one of these is warm: its "!!" and "?!" are enthusiasm, its one word in capitals emphasis. */
  warm: RegExp
  /**
   * Words of apology or thanks: a text that has them needs no opening apology in the calmer
   * version, and one word in capitals in such a sentence is emphasis ("VRAIMENT désolée").
   */
  caring: RegExp
  /** Capitals that are shouting on their own ("NO", "NOT", "JAMAIS"), whatever their length and wherever they are. */
  emphatic: readonly string[]
  /** The calmer version's opening, and what it says when nothing of the draft could be kept. */
  opening: string
  fallback: string
}
