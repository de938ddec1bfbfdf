// Measures the tone check (@parloir/protocol/tone) with `npm run tone:measure`: precision and
// recall of `warn` on every labelled set listed in `toneSets` below, per language, then every miss
// of each set that is not the authors' own. docs/tone-check.md reports the figures. It only reads.
//
// The authors' corpus, held-out set and the second tuning set have all been used to write the
// rules, so their figures are in-sample. The third blind set (tone-third-blind-set.ts) was written
// before its author read the rules and has not been used to tune them: its figure is the one
// out-of-sample measure, for as long as no rule changes because of its misses. To measure another
// unseen set, add it to `toneSets` (one line), or name its module without editing anything:
//
//   npm run tone:measure -- packages/protocol/src/tone/tone-fourth-set.ts
//
// Every exported array of samples ({ text, language: 'en' | 'fr', label: 'warn' | 'fine' }) in a
// module so named is measured, under its export name. A set measured this way must never be used
// to tune the rules, or it is in-sample too.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { checkTone } from '@parloir/protocol/tone'
import { toneCorpus, toneHeldOut } from '../packages/protocol/src/tone/tone-corpus.ts'
import { toneSecondTuningSet } from '../packages/protocol/src/tone/tone-blind-set.ts'
import { toneThirdBlindSet } from '../packages/protocol/src/tone/tone-third-blind-set.ts'

interface Sample { text: string, language: 'en' | 'fr', label: 'warn' | 'fine', note?: string }
interface Miss { sample: Sample, kinds: string[] }
interface ToneSet { name: string, samples: readonly Sample[], listMisses: boolean }

/** The sets measured, in one place. `listMisses` prints every miss (not for the authors' own sets). */
const toneSets: ToneSet[] = [
  { name: 'corpus (authors)', samples: toneCorpus, listMisses: false },
  { name: 'held-out (authors)', samples: toneHeldOut, listMisses: false },
  { name: 'corpus + held-out', samples: [...toneCorpus, ...toneHeldOut], listMisses: false },
  { name: 'second tuning set', samples: toneSecondTuningSet, listMisses: true },
  { name: 'third blind set (unseen by the rules)', samples: toneThirdBlindSet, listMisses: true },
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
const width = Math.max(20, ...toneSets.map((s) => s.name.length))
console.log(`${'set'.padEnd(width)} lang  count  precision  recall   tp  fp  fn  tn`)
for (const { name, samples } of toneSets) {
  for (const language of ['en', 'fr', 'both'] as const) {
    const m = measure(samples.filter((s) => language === 'both' || s.language === language))
    console.log(`${name.padEnd(width)} ${language.padEnd(4)} ${String(m.count).padStart(6)}  ${figure(m.precision).padStart(9)}  ${figure(m.recall).padStart(6)} ${String(m.tp).padStart(4)}${String(m.fp).padStart(4)}${String(m.fn).padStart(4)}${String(m.tn).padStart(4)}`)
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
}
