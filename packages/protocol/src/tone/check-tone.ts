import type { ToneKind, ToneLexicon, ToneRule } from './rules.ts'
import { englishTone } from './rules-en.ts'
import { frenchTone } from './rules-fr.ts'
import { fold, isName, maskQuotes } from './tone-text.ts'
import { featureIndices, MessageScore, probability, wordCount, type ToneModel, type ToneUnit } from './model.ts'
import { toneModel } from './model-weights.ts'

export type { ToneKind } from './rules.ts'
export type ToneLanguage = 'en' | 'fr'

/** One thing the check flagged: its kind, where it is in the text (UTF-16 offsets, end excluded) and its words. */
export interface ToneFinding {
  kind: ToneKind
  start: number
  end: number
  excerpt: string
}

/** What the check says of a draft: `warn` when anything was flagged, with a calmer version of it. */
export interface ToneVerdict {
  verdict: 'fine' | 'warn'
  language: ToneLanguage
  findings: ToneFinding[]
  /** The draft rewritten without what was flagged (only with `warn`). */
  suggestion?: string
}

const lexicons: Record<ToneLanguage, ToneLexicon> = { en: englishTone, fr: frenchTone }

/** Codes that hold capitals and digits (NW-1042, RMA-2210, 6A12345678901): never shouting. */
const codes = /[\p{L}\p{N}]+(?:[-_/.][\p{L}\p{N}]+)+/gu

/** Sentences: up to their closing marks (French puts a space before "!" and "?"), or a line's end. */
const sentencePattern = /[^.!?…\n]+(?:\s?[.!?…]+)*/g

/**
 * Checks the tone of what a team member is about to post or send as the brand: curt, blaming,
 * sarcastic or hostile wording, words in capitals, and runs of exclamation marks, in English or
 * French (guessed from the text unless given). Hand-written rules (rules-en.ts, rules-fr.ts) name
 * what they find; a small model (model.ts) flags as 'tone' what reads harshly where no rule fired.
 * It only warns: nothing here stops a send. Pure and local (no network, no dependency), so the
 * composer runs it as one types and the API's dry run (`POST /api/v1/brands/:brandId/tone-check`)
 * answers the very same verdict. How well it does is measured on labelled sets: docs/tone-check.md.
 */
export function checkTone(text: string, options: { language?: ToneLanguage } = {}): ToneVerdict {
  const analysis = analyseTone(text, options)
  flagWithModel(analysis, toneModel)
  return verdictOf(analysis)
}

/** The rules alone, without the model: for measuring each half and for training the model. */
export function checkRules(text: string, options: { language?: ToneLanguage } = {}): ToneVerdict {
  return verdictOf(analyseTone(text, options))
}

/** A draft cut into sentences, each with what the rules found in it. */
export interface ToneAnalysis {
  text: string
  language: ToneLanguage
  lexicon: ToneLexicon
  sentences: Sentence[]
}

/** Runs the rules over each sentence of the draft (internal: checkTone and the model's training use it). */
export function analyseTone(text: string, options: { language?: ToneLanguage } = {}): ToneAnalysis {
  const language = options.language ?? detectLanguage(text)
  const lexicon = lexicons[language]
  const masked = maskQuotes(text)
  const folded = fold(masked)
  const short = (folded.match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu)?.length ?? 0) <= 3
  const sentences: Sentence[] = []
  for (const match of masked.matchAll(sentencePattern)) {
    const raw = match[0]
    const start = match.index + (raw.length - raw.trimStart().length)
    const end = match.index + raw.trimEnd().length
    if (end > start) sentences.push(examine(text, masked.slice(start, end), folded.slice(start, end), start, lexicon, short))
  }
  judgeRuns(text, sentences)
  return { text, language, lexicon, sentences }
}

/** The sentences as the model reads them: quotes blanked, folded, with the kinds the rules found. */
export function modelUnits(analysis: ToneAnalysis): ToneUnit[] {
  return analysis.sentences.map((s) => ({ masked: s.masked, folded: s.folded, kinds: s.findings.map((f) => f.finding.kind) }))
}

/**
 * The model's part. For a message of a length it judges (ToneModel.words), it reads the
 * sentences the rules left alone as one message; when its probability that the message reads
 * badly is above the model's threshold, it flags those sentences as 'tone', the one it scores
 * worst on its own first, until what is left is below the threshold. The calmer version leaves
 * them out, as it does a sentence the rules flag, so what it keeps of the draft is below it too.
 */
export function flagWithModel(analysis: ToneAnalysis, model: ToneModel): void {
  const units = modelUnits(analysis)
  const words = units.reduce((n, u) => n + wordCount(u), 0)
  if (words <= model.words.min || words > model.words.max) return
  const message = new MessageScore(units, model)
  analysis.sentences.forEach((sentence, i) => { if (sentence.findings.length > 0) message.remove(i) })
  if (message.probability() <= model.threshold) return
  const left = analysis.sentences.flatMap((sentence, i) => {
    const unit = units[i]
    return sentence.findings.length === 0 && unit ? [{ sentence, i, p: probability(featureIndices([unit], model.features), model) }] : []
  })
  left.sort((a, b) => b.p - a.p || a.i - b.i)
  for (const { sentence, i } of left) {
    sentence.findings.push({ finding: finding(analysis.text, 'tone', sentence.start, sentence.end), calmer: 'drop' })
    message.remove(i)
    if (message.probability() <= model.threshold) break
  }
}

function verdictOf({ text, language, lexicon, sentences }: ToneAnalysis): ToneVerdict {
  const findings = sentences.flatMap((s) => s.findings.map((f) => f.finding))
  if (findings.length === 0) return { verdict: 'fine', language, findings: [] }
  return { verdict: 'warn', language, findings, suggestion: calmerVersion(text, fold(text), sentences, lexicon) }
}

/** French or English, from the commoner words of each (and French accents); English when unsure. */
export function detectLanguage(text: string): ToneLanguage {
  let fr = 0
  let en = 0
  for (const word of fold(text).match(/[a-z]+(?:'[a-z]+)?/g) ?? []) {
    if (frenchWords.has(word)) fr++
    if (englishWords.has(word)) en++
  }
  fr += (text.match(/[àâçéèêëîïôûùœÀÂÇÉÈÊÎÔÛ]/g)?.length ?? 0) / 2
  return fr > en ? 'fr' : 'en'
}

const frenchWords = new Set((
  "le la les des du un une est et pas nous vous je ce ne que qui pour avec sur dans au aux votre vos notre nos merci bonjour oui non " +
  "tres mais ou il elle on c'est n'est j'ai ca deja encore comme si bon bien plus rien ici cette cela moi toi se sont etes avez avons " +
  "tout quand chez desole desolee peu lisez arretez"
).split(' '))
const englishWords = new Set((
  "the a an is are and not we you i it this that to for with on in your our thanks thank hello please be have do don't can't " +
  "won't it's that's we're i'm you're of was were will would no yes what why again already just here there my me so but or if"
).split(' '))

export interface Found { finding: ToneFinding; calmer: ToneRule['calmer'] | 'soften' }
export interface Run { start: number; end: number; marks: string }
export interface Sentence { start: number; end: number; masked: string; folded: string; warm: boolean; findings: Found[]; runs: Run[] }

/** The weak cues' score at which a sentence warns: two cues, or one strong cue, net of courtesy. */
const cueThreshold = 2

function finding(text: string, kind: ToneKind, start: number, end: number): ToneFinding {
  return { kind, start, end, excerpt: text.slice(start, end) }
}

function examine(text: string, masked: string, folded: string, offset: number, lexicon: ToneLexicon, shortMessage: boolean): Sentence {
  const findings: Found[] = []
  const add = (kind: ToneKind, from: number, to: number, calmer: Found['calmer']) => {
    const start = from
    let end = to
    while (end > start && /[\s,:;]/.test(masked[end - 1] ?? '')) end--
    // Two rules on the same words say one thing.
    const same = findings.some((f) => f.finding.kind === kind && f.finding.start < offset + end && offset + start < f.finding.end)
    if (end > start && !same) findings.push({ finding: finding(text, kind, offset + start, offset + end), calmer })
  }
  for (const rule of lexicon.rules) {
    const match = rule.pattern.exec(folded)
    if (match && !rule.unless?.test(folded)) add(rule.kind, match.index, match.index + match[0].length, rule.calmer)
  }
  // Weak cues: hostile only in company, and outweighed by courtesy.
  const cues = lexicon.cues.flatMap((cue) => {
    const match = cue.pattern.exec(folded)
    return match ? [{ cue, from: match.index, to: match.index + match[0].length }] : []
  })
  const score = cues.reduce((sum, { cue }) => sum + cue.weight, 0) - lexicon.courtesy.filter((c) => c.test(folded)).length
  if (score >= cueThreshold) for (const { cue, from, to } of cues) add(cue.kind, from, to, 'drop')
  const bare = folded.replace(/[^\p{L}' ]+/gu, ' ').replace(/\s+/g, ' ').trim()
  if (lexicon.curtAlone.includes(bare)) add('curt', 0, masked.length, 'drop')
  const warm = lexicon.warm.test(folded)
  // A whole message of a few words that says no, with nothing kind in it, is a brush-off.
  if (shortMessage && lexicon.negation.test(folded) && !lexicon.shortFine.test(folded) && !warm && !lexicon.caring.test(folded)) add('curt', 0, masked.length, 'drop')
  for (const run of shoutingRuns(masked, lexicon, warm || lexicon.caring.test(folded))) add('shouting', run.start, run.end, 'soften')
  const runs: Run[] = []
  for (const run of masked.matchAll(/[!?]{2,}/g)) runs.push({ start: offset + run.index, end: offset + run.index + run[0].length, marks: run[0] })
  findings.sort((a, b) => a.finding.start - b.finding.start)
  return { start: offset, end: offset + masked.length, masked, folded, warm, findings, runs }
}

/**
 * Runs of marks. Enthusiasm is not anger: "!!", "!!!", "?!" in a warm sentence, or next to one,
 * in a message with nothing else flagged, are fine ("1,000 orders?! Thank you!!"). Four or more,
 * "??" of three or more ("???"), and any run in a message that is not warm are flagged.
 */
function judgeRuns(text: string, sentences: Sentence[]): void {
  const calm = sentences.every((s) => s.findings.length === 0)
  sentences.forEach((sentence, i) => {
    const warmth = sentence.warm || sentences[i - 1]?.warm === true || sentences[i + 1]?.warm === true
    for (const run of sentence.runs) {
      const angry = run.marks.includes('!') || run.marks.length >= 3
      if (!angry) continue
      const enthusiasm = warmth && calm && run.marks.length <= 3
      if (!enthusiasm) sentence.findings.push({ finding: finding(text, 'exclamations', run.start, run.end), calmer: 'soften' })
    }
    sentence.findings.sort((a, b) => a.finding.start - b.finding.start)
  })
}

function shoutingRuns(masked: string, lexicon: ToneLexicon, kind: boolean): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number; words: string[]; joined: boolean }> = []
  let current: (typeof runs)[number] | null = null
  const plain = masked.replace(codes, (code) => (/\p{N}/u.test(code) ? ' '.repeat(code.length) : code))
  for (const token of plain.matchAll(/[\p{L}\p{N}'’]+/gu)) {
    const word = token[0].replace(/^['’]+|['’]+$/g, '')
    const letters = word.replace(/[^\p{L}]/gu, '')
    // A number ("30 DAYS") neither makes nor breaks a run of capitals.
    if (letters === '' && current) continue
    const capitals = letters.length >= 2 && !/\p{N}/u.test(word) && letters === letters.toUpperCase() && letters !== letters.toLowerCase()
    if (!capitals) { current = null; continue }
    // A pronoun in capitals joined to a verb in lower case is an order shouted: "Appelez-LA".
    const joined = plain[token.index - 1] === '-' && /\p{Ll}/u.test(plain[token.index - 2] ?? '')
    if (!current) { current = { start: token.index, end: token.index + token[0].length, words: [], joined }; runs.push(current) }
    current.end = token.index + token[0].length
    current.words.push(word)
  }
  return runs.filter(({ words, joined }) => {
    const [only] = words
    if (words.length === 1 && only !== undefined) {
      if (isName(only)) return false
      if (lexicon.emphatic.includes(only) || joined) return true
      // One word of capitals in a warm or apologetic sentence is emphasis ("I'm REALLY sorry").
      return !kind && only.replace(/[^\p{L}]/gu, '').length >= 3
    }
    return words.some((w) => !isName(w))
  })
}

/** The draft without what was flagged: flagged sentences left out (or replaced), capitals and runs of "!" calmed. */
function calmerVersion(text: string, foldedText: string, sentences: Sentence[], lexicon: ToneLexicon): string {
  let out = ''
  let at = 0
  let dropped = false
  let blamed = false
  for (const sentence of sentences) {
    out += text.slice(at, sentence.start)
    at = sentence.end
    if (sentence.findings.length === 0) { out += text.slice(sentence.start, sentence.end); continue }
    if (sentence.findings.some((f) => f.finding.kind === 'blaming' || f.finding.kind === 'hostile')) blamed = true
    const replacement = sentence.findings.find((f) => f.calmer !== 'drop' && f.calmer !== 'cut' && f.calmer !== 'soften')
    if (replacement) { out += replacement.calmer; continue }
    if (sentence.findings.some((f) => f.calmer === 'drop')) { dropped = true; continue }
    let rewritten = ''
    let from = sentence.start
    for (const { finding, calmer } of sentence.findings) {
      if (finding.start < from) continue
      rewritten += text.slice(from, finding.start)
      const end = calmer === 'cut' ? skipSeparators(text, finding.end) : finding.end
      if (finding.kind === 'shouting') rewritten += finding.excerpt.replace(/[\p{L}'’]+/gu, (w) => (isName(w) ? w : w.toLowerCase()))
      else if (finding.kind === 'exclamations') {
        const mark = finding.excerpt.startsWith('?') || !finding.excerpt.includes('!') ? '?' : sentence.warm ? '!' : '.'
        rewritten = rewritten.replace(/\s+$/, mark === '.' ? '' : rewritten.match(/\s+$/)?.[0] ?? '') + mark
      }
      from = end
    }
    rewritten += text.slice(from, sentence.end)
    out += rewritten.replace(/^(\P{L}*)(\p{L})/u, (_, lead: string, first: string) => lead + first.toUpperCase())
  }
  out += text.slice(at)
  const kept = out.replace(/[ \t]{2,}/g, ' ').replace(/\n{3,}/g, '\n\n').trim()
  const needsOpening = (dropped || blamed) && !lexicon.caring.test(foldedText)
  if (kept === '' || !/\p{L}/u.test(kept)) return `${lexicon.opening} ${lexicon.fallback}`
  return needsOpening ? `${lexicon.opening} ${kept}` : kept
}

function skipSeparators(text: string, from: number): number {
  let at = from
  while (at < text.length && /[\s,:;]/.test(text[at] ?? '')) at++
  return at
}
