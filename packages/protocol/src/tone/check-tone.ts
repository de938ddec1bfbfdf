import type { ToneKind, ToneLexicon, ToneRule } from './rules.ts'
import { englishTone } from './rules-en.ts'
import { frenchTone } from './rules-fr.ts'

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

/**
 * Capitals that are names, not shouting. A run of capitals made only of these is left alone;
 * any other word of capitals is shouting when it is emphatic ("NOT") or long, or when it stands
 * beside another word of capitals ("NO REFUNDS").
 */
const acronyms = new Set((
  'FAQ SMS MMS PDF URL ID IDS TVA SAV UPS DHL TNT DPD GLS API CEO CTO OK TV USB RGPD GDPR SNCF RATP ASAP EU UE UK USA HTML CSS JSON ' +
  'FYI PS NB ETA CGV CGU AM PM TTC HT IBAN RIB SIRET EAN SKU QR GPS HTTP HTTPS WIFI IOS CB VIP AOC DIY EUR USD GBP PIN OTP DM MP RSVP ' +
  'XL XXL XS SAS SARL PME CNIL NW PDG RH IT BTW TBD AKA DVD CD PC MAC ISO'
).split(' '))

/** The customer's words quoted in a reply are theirs, not the brand's tone: blanked out before the check. */
const quoted = [/"[^"\n]{1,1000}"/g, /“[^”\n]{1,1000}”/g, /«[^»\n]{1,1000}»/g, /^>[^\n]*/gm]

/** Sentences: up to their closing marks (French puts a space before "!" and "?"), or a line's end. */
const sentencePattern = /[^.!?…\n]+(?:\s?[.!?…]+)*/g

/**
 * Checks the tone of what a team member is about to post or send as the brand: curt, blaming,
 * sarcastic or hostile wording, words in capitals, and runs of exclamation marks, in English or
 * French (guessed from the text unless given). It only warns: nothing here stops a send. Pure and
 * local (no network, no dependency), so the composer runs it as one types and the API's dry run
 * (`POST /api/v1/brands/:brandId/tone-check`) answers the very same verdict. How well it does is
 * measured on a labelled corpus: docs/tone-check.md.
 */
export function checkTone(text: string, options: { language?: ToneLanguage } = {}): ToneVerdict {
  const language = options.language ?? detectLanguage(text)
  const lexicon = lexicons[language]
  const masked = maskQuotes(text)
  const folded = fold(masked)
  const sentences: Sentence[] = []
  for (const match of masked.matchAll(sentencePattern)) {
    const raw = match[0]
    const start = match.index + (raw.length - raw.trimStart().length)
    const end = match.index + raw.trimEnd().length
    if (end > start) sentences.push(examine(text, masked.slice(start, end), folded.slice(start, end), start, lexicon))
  }
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

interface Found { finding: ToneFinding; calmer: ToneRule['calmer'] | 'soften' }
interface Sentence { start: number; end: number; warm: boolean; findings: Found[] }

function examine(text: string, masked: string, folded: string, offset: number, lexicon: ToneLexicon): Sentence {
  const findings: Found[] = []
  const add = (kind: ToneKind, from: number, to: number, calmer: Found['calmer']) => {
    const start = from
    let end = to
    while (end > start && /[\s,:;]/.test(masked[end - 1] ?? '')) end--
    // Two rules on the same words say one thing.
    const same = findings.some((f) => f.finding.kind === kind && f.finding.start < offset + end && offset + start < f.finding.end)
    if (end > start && !same) findings.push({ finding: { kind, start: offset + start, end: offset + end, excerpt: text.slice(offset + start, offset + end) }, calmer })
  }
  for (const rule of lexicon.rules) {
    const match = rule.pattern.exec(folded)
    if (match && !rule.unless?.test(folded)) add(rule.kind, match.index, match.index + match[0].length, rule.calmer)
  }
  const bare = folded.replace(/[^\p{L}' ]+/gu, ' ').replace(/\s+/g, ' ').trim()
  if (lexicon.curtAlone.includes(bare)) add('curt', 0, masked.length, 'drop')
  for (const run of shoutingRuns(masked, lexicon)) add('shouting', run.start, run.end, 'soften')
  const warm = lexicon.warm.test(folded)
  for (const run of masked.matchAll(/[!?]{2,}/g)) {
    if (!run[0].includes('!')) continue
    // Enthusiasm ("Thanks so much!!") is not anger: a short run of "!" in a warm sentence with nothing else flagged.
    const enthusiasm = warm && /^!{2,3}$/.test(run[0]) && findings.length === 0
    if (!enthusiasm) add('exclamations', run.index, run.index + run[0].length, 'soften')
  }
  findings.sort((a, b) => a.finding.start - b.finding.start)
  return { start: offset, end: offset + masked.length, warm, findings }
}

function shoutingRuns(masked: string, lexicon: ToneLexicon): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number; words: string[] }> = []
  let current: { start: number; end: number; words: string[] } | null = null
  for (const token of masked.matchAll(/[\p{L}\p{N}'’-]+/gu)) {
    const word = token[0].replace(/^['’-]+|['’-]+$/g, '')
    const letters = word.replace(/[^\p{L}]/gu, '')
    // A number ("30 DAYS") neither makes nor breaks a run of capitals.
    if (letters === '' && current) continue
    const capitals = letters.length >= 2 && !/\p{N}/u.test(word) && letters === letters.toUpperCase() && letters !== letters.toLowerCase()
    if (!capitals) { current = null; continue }
    if (!current) { current = { start: token.index, end: token.index + token[0].length, words: [] }; runs.push(current) }
    current.end = token.index + token[0].length
    current.words.push(word)
  }
  return runs.filter(({ words }) => {
    const [only] = words
    if (words.length === 1 && only !== undefined) {
      return !acronyms.has(only) && (lexicon.emphatic.includes(only) || only.replace(/[^\p{L}]/gu, '').length >= 6)
    }
    return words.some((w) => !acronyms.has(w))
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
      if (finding.kind === 'shouting') rewritten += finding.excerpt.replace(/[\p{L}'’-]+/gu, (w) => (acronyms.has(w) ? w : w.toLowerCase()))
      else if (finding.kind === 'exclamations') rewritten = rewritten.replace(/\s+$/, sentence.warm ? rewritten.match(/\s+$/)?.[0] ?? '' : '') + (sentence.warm ? '!' : '.')
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

function maskQuotes(text: string): string {
  let masked = text
  for (const pattern of quoted) masked = masked.replace(pattern, (q) => q.replace(/[^\n]/g, ' '))
  return masked
}

/**
 * Lower case, accents off, typographic apostrophes and spaces made plain: one character for one,
 * so an offset in the folded text is the same offset in the draft.
 */
function fold(text: string): string {
  let out = ''
  for (const c of text) {
    if (c.length > 1) { out += c; continue }
    if (c === '’' || c === 'ʼ' || c === '‘') { out += "'"; continue }
    if (/\s/.test(c)) { out += c === '\n' ? c : ' '; continue }
    const base = (c.normalize('NFD')[0] ?? c).toLowerCase()
    out += base.length === 1 ? base : c
  }
  return out
}
