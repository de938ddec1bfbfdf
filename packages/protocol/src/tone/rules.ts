/**
 * What a rule of the tone check is. Patterns are written against folded text: lower case,
 * accents off, typographic apostrophes straightened (’ → '), the customer's quoted words blanked
 * out; and each runs on one sentence at a time, so `^` and `$` are the sentence's ends.
 */
export type ToneKind = 'curt' | 'blaming' | 'sarcastic' | 'hostile' | 'shouting' | 'exclamations'

export interface ToneRule {
  kind: Exclude<ToneKind, 'shouting' | 'exclamations'>
  pattern: RegExp
  /**
   * How the calmer version treats it: `drop` leaves the sentence out; `cut` removes just the
   * matched words ("As I already said, "), keeping the rest; a string replaces the sentence.
   */
  calmer: 'drop' | 'cut' | string
  /** Matches that are not the rule after all ("a ridiculously good review"). */
  unless?: RegExp
}

/** One language's rules and the words the calmer version is built from. */
export interface ToneLexicon {
  rules: readonly ToneRule[]
  /** Whole sentences that say only this are curt ("No.", "Whatever."). */
  curtAlone: readonly string[]
  /** A sentence with one of these is warm: its "!!" is enthusiasm, not anger. */
  warm: RegExp
  /** Words of apology or thanks: a text that has them needs no opening apology in the calmer version. */
  caring: RegExp
  /** Capitals that are emphasis on their own ("NOT", "JAMAIS"), whatever their length. */
  emphatic: readonly string[]
  /** The calmer version's opening, and what it says when nothing of the draft could be kept. */
  opening: string
  fallback: string
}
