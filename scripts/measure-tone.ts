// Measures the tone check (@parloir/protocol/tone) with `npm run tone:measure`: precision and
// recall of `warn` on the authors' corpus and held-out set (written with the rules, so in-sample)
// and on the blind set (written before reading the rules, packages/protocol/src/tone/
// tone-blind-set.ts), per language, then every miss of the blind set. docs/tone-check.md reports
// the figures. It only reads: the blind set must not be used to tune the rules.
import { checkTone } from '@parloir/protocol/tone'
import { toneCorpus, toneHeldOut } from '../packages/protocol/src/tone/tone-corpus.ts'
import { toneBlindSet } from '../packages/protocol/src/tone/tone-blind-set.ts'

interface Sample { text: string, language: 'en' | 'fr', label: 'warn' | 'fine', note?: string }
interface Miss { sample: Sample, kinds: string[] }

/** Checks every sample as the product does (language detected from the text, as tone-corpus.test.ts does too). */
function measure(samples: readonly Sample[]) {
  let [tp, fp, fn, tn] = [0, 0, 0, 0]
  const falsePositives: Miss[] = []
  const falseNegatives: Miss[] = []
  for (const sample of samples) {
    const result = checkTone(sample.text)
    const kinds = result.findings.map((f) => `${f.kind} "${f.excerpt}"`)
    const warned = result.verdict === 'warn'
    if (warned && sample.label === 'warn') tp++
    else if (warned) { fp++; falsePositives.push({ sample, kinds }) }
    else if (sample.label === 'warn') { fn++; falseNegatives.push({ sample, kinds }) }
    else tn++
  }
  return { count: samples.length, tp, fp, fn, tn, precision: tp / (tp + fp), recall: tp / (tp + fn), falsePositives, falseNegatives }
}

const figure = (x: number) => (Number.isNaN(x) ? '  n/a' : x.toFixed(3))
const sets: [string, readonly Sample[]][] = [
  ['corpus (authors)', toneCorpus],
  ['held-out (authors)', toneHeldOut],
  ['corpus + held-out', [...toneCorpus, ...toneHeldOut]],
  ['blind', toneBlindSet],
]

console.log('set                  lang  count  precision  recall   tp  fp  fn  tn')
for (const [name, samples] of sets) {
  for (const language of ['en', 'fr', 'both'] as const) {
    const m = measure(samples.filter((s) => language === 'both' || s.language === language))
    console.log(`${name.padEnd(20)} ${language.padEnd(4)} ${String(m.count).padStart(6)}  ${figure(m.precision).padStart(9)}  ${figure(m.recall).padStart(6)} ${String(m.tp).padStart(4)}${String(m.fp).padStart(4)}${String(m.fn).padStart(4)}${String(m.tn).padStart(4)}`)
  }
}

const blind = measure(toneBlindSet)
const misdetected = toneBlindSet.filter((s) => checkTone(s.text).language !== s.language)
console.log(`\nblind set: language detected wrongly for ${misdetected.length} of ${toneBlindSet.length}${misdetected.map((s) => `\n  [${s.language}] ${s.text}`).join('')}`)
const given = toneBlindSet.filter((s) => (checkTone(s.text, { language: s.language }).verdict === 'warn') !== (checkTone(s.text).verdict === 'warn'))
console.log(`blind set: verdict changes when the language is given for ${given.length}${given.map((s) => `\n  [${s.language}] ${s.text}`).join('')}`)

const line = ({ sample, kinds }: Miss) => `  [${sample.language}] ${sample.text}${sample.note ? `  (${sample.note})` : ''}${kinds.length ? `\n        found: ${kinds.join('; ')}` : ''}`
console.log(`\nblind set, flagged but labelled fine (${blind.falsePositives.length}):`)
for (const miss of blind.falsePositives) console.log(line(miss))
console.log(`\nblind set, labelled warn but not flagged (${blind.falseNegatives.length}):`)
for (const miss of blind.falseNegatives) console.log(line(miss))
