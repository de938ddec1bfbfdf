// Measures the tone check (@parloir/protocol/tone) with `npm run tone:measure`: precision and
// recall of `warn` on every labelled set listed in `toneSets` below, per language, for the rules
// alone (checkRules) and for the check as shipped, rules and model (checkTone); then every miss of
// the out-of-sample set. docs/tone-check.md reports the figures. It only reads.
//
// The authors' corpus and held-out set, the second tuning set and the third set have all been used
// to write the rules or to train the model (scripts/train-tone.ts), so their figures are in-sample.
// The fourth blind set (tone-fourth-blind-set.ts) was written before its author read the rules or
// the earlier sets, and neither rules nor model were tuned with it: its figure is the one
// out-of-sample measure, for as long as nothing changes because of its misses. To measure another
// unseen set, add it to `toneSets` (one line), or name its module without editing anything:
//
//   npm run tone:measure -- packages/protocol/src/tone/tone-fifth-set.ts
//
// Every exported array of samples ({ text, language: 'en' | 'fr', label: 'warn' | 'fine' }) in a
// module so named is measured, under its export name. A set measured this way must never be used
// to tune the rules or train the model, or it is in-sample too.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { checkTone } from '@parloir/protocol/tone'
import { checkRules } from '../packages/protocol/src/tone/check-tone.ts'
import { toneCorpus, toneHeldOut } from '../packages/protocol/src/tone/tone-corpus.ts'
import { toneSecondTuningSet } from '../packages/protocol/src/tone/tone-blind-set.ts'
import { toneThirdBlindSet } from '../packages/protocol/src/tone/tone-third-blind-set.ts'
import { toneFourthBlindSet } from '../packages/protocol/src/tone/tone-fourth-blind-set.ts'

interface Sample { text: string, language: 'en' | 'fr', label: 'warn' | 'fine', note?: string }
interface Miss { sample: Sample, kinds: string[] }
interface ToneSet { name: string, samples: readonly Sample[], listMisses: boolean }

/** The sets measured, in one place. `listMisses` prints every miss (for the out-of-sample set). */
const toneSets: ToneSet[] = [
  { name: 'corpus (authors)', samples: toneCorpus, listMisses: false },
  { name: 'held-out (authors)', samples: toneHeldOut, listMisses: false },
  { name: 'corpus + held-out', samples: [...toneCorpus, ...toneHeldOut], listMisses: false },
  { name: 'second tuning set', samples: toneSecondTuningSet, listMisses: false },
  { name: 'third set (trained on)', samples: toneThirdBlindSet, listMisses: false },
  { name: 'fourth blind set (unseen)', samples: toneFourthBlindSet, listMisses: true },
]

const isSample = (x: unknown): x is Sample => {
  const s = x as Partial<Sample> | null
  return typeof s?.text === 'string' && (s.language === 'en' || s.language === 'fr') && (s.label === 'warn' || s.label === 'fine')
}
for (const file of process.argv.slice(2)) {
  const module = await import(pathToFileURL(resolve(file)).href) as Record<string, unknown>
  for (const [name, value] of Object.entries(module)) {
    if (Array.isArray(value) && value.length > 0 && value.every(isSample)) toneSets.push({ name, samples: value, listMisses: true })
  }
}

type Check = typeof checkTone

/** Checks every sample as the product does (language detected from the text, as tone-corpus.test.ts does too). */
function measure(samples: readonly Sample[], check: Check = checkTone) {
  let [tp, fp, fn, tn] = [0, 0, 0, 0]
  const falsePositives: Miss[] = []
  const falseNegatives: Miss[] = []
  for (const sample of samples) {
    const result = check(sample.text)
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
/** The 95% Wilson score interval of a proportion k / n. */
function wilson(k: number, n: number): string {
  if (n === 0) return '[n/a]'
  const z = 1.96
  const p = k / n
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n)
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n)
  return `[${(centre - half).toFixed(2)}, ${(centre + half).toFixed(2)}]`
}
const width = Math.max(20, ...toneSets.map((s) => s.name.length))
const checks: Array<[string, Check]> = [['rules', checkRules], ['rules+model', checkTone]]
console.log(`${'set'.padEnd(width)} check        lang  count  precision  recall   tp  fp  fn  tn`)
for (const { name, samples, listMisses } of toneSets) {
  for (const [checkName, check] of checks) {
    for (const language of ['en', 'fr', 'both'] as const) {
      const m = measure(samples.filter((s) => language === 'both' || s.language === language), check)
      const intervals = listMisses ? `  precision ${wilson(m.tp, m.tp + m.fp)} recall ${wilson(m.tp, m.tp + m.fn)}` : ''
      console.log(`${name.padEnd(width)} ${checkName.padEnd(12)} ${language.padEnd(4)} ${String(m.count).padStart(6)}  ${figure(m.precision).padStart(9)}  ${figure(m.recall).padStart(6)} ${String(m.tp).padStart(4)}${String(m.fp).padStart(4)}${String(m.fn).padStart(4)}${String(m.tn).padStart(4)}${intervals}`)
    }
  }
}

const line = ({ sample, kinds }: Miss) => `  [${sample.language}] ${sample.text}${sample.note ? `  (${sample.note})` : ''}${kinds.length ? `\n        found: ${kinds.join('; ')}` : ''}`
for (const { name, samples } of toneSets.filter((s) => s.listMisses)) {
  const m = measure(samples)
  const misdetected = samples.filter((s) => checkTone(s.text).language !== s.language)
  console.log(`\n${name}: language detected wrongly for ${misdetected.length} of ${samples.length}${misdetected.map((s) => `\n  [${s.language}] ${s.text}`).join('')}`)
  const given = samples.filter((s) => (checkTone(s.text, { language: s.language }).verdict === 'warn') !== (checkTone(s.text).verdict === 'warn'))
  console.log(`${name}: verdict changes when the language is given for ${given.length}${given.map((s) => `\n  [${s.language}] ${s.text}`).join('')}`)
  console.log(`\n${name}, flagged but labelled fine (${m.falsePositives.length}):`)
  for (const miss of m.falsePositives) console.log(line(miss))
  console.log(`\n${name}, labelled warn but not flagged (${m.falseNegatives.length}):`)
  for (const miss of m.falseNegatives) console.log(line(miss))
  const rulesOnly = new Set(measure(samples, checkRules).falsePositives.map((miss) => miss.sample))
  const byModel = m.falsePositives.filter((miss) => !rulesOnly.has(miss.sample))
  console.log(`\n${name}: of the flagged but fine, ${byModel.length} by the model only`)
}
