// Trains the tone check's model (packages/protocol/src/tone/model.ts) with `npm run tone:train`
// and writes packages/protocol/src/tone/model-weights.ts. With `--cv` it writes nothing and prints
// the grouped cross-validation that chose the design below (docs/tone-check.md reports it).
//
// It trains on the sets the rules were written with and nothing else: the authors' corpus and
// held-out set, the second tuning set and the third blind set (no longer blind once trained on).
// The fourth blind set (tone-fourth-blind-set.ts) is the measure and is never read here.
//
// Cross-validation is grouped by author: three folds (the authors' corpus + held-out, the second
// set, the third set), each scored by a model trained on the other two, so a fold's wording and
// its author's habits are never in its own training data. The rules, though, were written with the
// first two folds in view and pass all of them; only on the third fold are they out of sample, so
// only there does "rules OR model" show what the model adds on text the rules miss.
import { writeFileSync } from 'node:fs'
import type { ToneModelFeatures } from '../packages/protocol/src/tone/model.ts'
import {
  dequantise, maxWords, prepare, score, train, trainingGroups as groups, trainingSamples, trainingSetDigest, weightsModule, withCalmerVersions,
  type Prepared, type TrainingConfig,
} from '../packages/protocol/src/tone/train-model.ts'

const setNames = groups.map((g) => g.file)

/**
 * The design chosen by `--cv` (see docs/tone-check.md), frozen before the fourth set was measured:
 * the highest average precision, on the third fold, of the model's scores over the texts the rules
 * pass (what "rules OR model" can add), among the variants below that keep the existing tests
 * passing (judging messages of any length scored higher but reads "Pas encore." as curt), with 2^13
 * weights where 2^14 was within noise at twice the size. The threshold then follows from
 * chooseThreshold on this design's cross-validation, and `npm run tone:train` recomputes it.
 */
const chosen: TrainingConfig = {
  features: { bits: 13, bigrams: true, charGrams: [3, 4], shape: true, rules: false, normalise: false },
  lambda: 0.01,
  iterations: 300,
  learningRate: 0.05,
  unit: 'message',
  minWords: 3,
}

/** Calmer versions of the training fold's 'warn' samples are added to it as 'fine' (withCalmerVersions). */
const augment = !process.argv.includes('--no-calmer')

const outFile = new URL('../packages/protocol/src/tone/model-weights.ts', import.meta.url)

function crossValidate(config: TrainingConfig): { oof: number[]; prepared: Prepared[]; groupOf: number[] } {
  const prepared = prepare(trainingSamples, config.features)
  const groupOf = groups.flatMap((g, i) => g.samples.map(() => i))
  const oof = new Array<number>(prepared.length).fill(0)
  groups.forEach((_, held) => {
    const kept = trainingSamples.filter((_, i) => groupOf[i] !== held)
    const q = train(augment ? prepare(withCalmerVersions(kept), config.features) : prepared.filter((_, i) => groupOf[i] !== held), config)
    const model = { ...dequantise(q), features: config.features, words: { min: config.minWords, max: maxWords(prepared) } }
    prepared.forEach((p, i) => { if (groupOf[i] === held) oof[i] = score(p, model, config.unit) })
  })
  return { oof, prepared, groupOf }
}

/** Average precision of a ranking: threshold-free, how well the scores put 'warn' above 'fine'. */
function averagePrecision(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((s, i) => [s, labels[i] ?? 0] as const).sort((a, b) => b[0] - a[0])
  const positives = labels.filter((l) => l === 1).length
  let hits = 0
  let sum = 0
  order.forEach(([, l], rank) => { if (l === 1) { hits++; sum += hits / (rank + 1) } })
  return positives ? sum / positives : 0
}

const counts = (rows: Array<{ warn: boolean; label: number }>) => {
  const tp = rows.filter((r) => r.warn && r.label === 1).length
  const fp = rows.filter((r) => r.warn && r.label === 0).length
  const fn = rows.filter((r) => !r.warn && r.label === 1).length
  const tn = rows.length - tp - fp - fn
  return { tp, fp, fn, tn, precision: tp / (tp + fp), recall: tp / (tp + fn) }
}
const f3 = (x: number) => (Number.isNaN(x) ? '  n/a' : x.toFixed(3))

/** Figures at one threshold: model alone and rules OR model, per fold and pooled; and the model's additions. */
function report(cv: ReturnType<typeof crossValidate>, t: number): string[] {
  const lines: string[] = []
  const rows = cv.prepared.map((p, i) => ({ p, s: cv.oof[i] ?? 0, g: cv.groupOf[i] ?? 0 }))
  for (const [name, pick] of [...groups.map((g, i) => [g.name, (r: { g: number }) => r.g === i] as const), ['pooled', () => true] as const]) {
    const sel = rows.filter(pick)
    const model = counts(sel.map((r) => ({ warn: r.s > t, label: r.p.label })))
    const rules = counts(sel.map((r) => ({ warn: r.p.rulesWarn, label: r.p.label })))
    const both = counts(sel.map((r) => ({ warn: r.p.rulesWarn || r.s > t, label: r.p.label })))
    const added = counts(sel.filter((r) => !r.p.rulesWarn).map((r) => ({ warn: r.s > t, label: r.p.label })))
    lines.push(`  ${name.padEnd(8)} model ${f3(model.precision)}/${f3(model.recall)}  rules ${f3(rules.precision)}/${f3(rules.recall)}  rules|model ${f3(both.precision)}/${f3(both.recall)} (tp ${both.tp} fp ${both.fp} fn ${both.fn} tn ${both.tn})  added: ${added.tp} right, ${added.fp} wrong of ${added.tp + added.fn} missed warns, ${added.fp + added.tn} passed fines`)
  }
  return lines
}

/**
 * The threshold, one for all folds: going down the third fold's out-of-fold scores of the texts the
 * rules pass (the only fold where the rules are out of sample), the lowest one at which, for it and
 * every threshold above it, the model's additions there are right at least 9 times in 10, and in
 * every fold it flags at most 2% of the fine texts the rules pass. Halfway to the next score, so
 * `p > threshold` flags it.
 */
function chooseThreshold(cv: ReturnType<typeof crossValidate>): number {
  const rows = cv.prepared.map((p, i) => ({ p, s: cv.oof[i] ?? 0, g: cv.groupOf[i] ?? 0 })).filter((r) => !r.p.rulesWarn)
  const third = rows.filter((r) => r.g === 2).sort((x, y) => y.s - x.s)
  const ok = (t: number) => groups.every((_, g) => {
    const fines = rows.filter((r) => r.g === g && r.p.label === 0)
    return fines.filter((r) => r.s > t).length <= 0.02 * fines.length
  })
  let [tp, fp] = [0, 0]
  let chosen = 1
  for (let i = 0; i < third.length; i++) {
    const r = third[i]
    if (!r) break
    if (r.p.label === 1) tp++
    else fp++
    const next = third[i + 1]
    if (next && next.s === r.s) continue
    const t = Number(((r.s + (next?.s ?? 0)) / 2).toPrecision(6))
    if (tp / (tp + fp) < 0.9 || !ok(t)) break
    chosen = t
  }
  return chosen
}

if (process.argv.includes('--cv')) {
  const base = chosen.features
  const variants: Array<[string, TrainingConfig]> = []
  const featureSets: Array<[string, ToneModelFeatures]> = [
    ['words', { ...base, charGrams: [], bigrams: false, shape: false }],
    ['words+pairs', { ...base, charGrams: [], shape: false }],
    ['words+pairs+shape', { ...base, charGrams: [] }],
    ['+chars 3-4', { ...base }],
    ['+chars 2-5', { ...base, charGrams: [2, 3, 4, 5] }],
    ['+chars +rules', { ...base, rules: true }],
    ['+chars, 12 bits', { ...base, bits: 12 }],
    ['+chars, 14 bits', { ...base, bits: 14 }],
    ['+chars, normalised', { ...base, normalise: true }],
    ['+chars, no shape', { ...base, shape: false }],
  ]
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length)
  // First pass: every feature set, three strengths of L2, three ways to score.
  for (const [name, features] of process.argv.includes('--second') ? [] : featureSets) {
    if (only && !name.includes(only)) continue
    for (const lambda of [1e-4, 1e-3, 1e-2]) {
      for (const unit of ['message', 'sentences', 'multi'] as const) variants.push([`${name}, λ ${lambda}, ${unit}`, { ...chosen, features, lambda, unit }])
    }
  }
  // Second pass, after the first showed `multi` with the strongest L2 best on the rules' misses: stronger still.
  for (const [name, features] of featureSets.filter(([n]) => ['words+pairs', '+chars 3-4', '+chars, normalised', '+chars, 14 bits', '+chars, no shape'].includes(n))) {
    if (only && !name.includes(only)) continue
    for (const lambda of [3e-3, 3e-2, 1e-1, 3e-1, 1]) variants.push([`${name}, λ ${lambda}, multi`, { ...chosen, features, lambda, unit: 'multi' }])
  }
  // Third pass: the model judging messages of any length, not only of more than three words.
  for (const [name, features] of featureSets.filter(([n]) => ['+chars 3-4', '+chars, normalised'].includes(n))) {
    if (only && !name.includes(only)) continue
    for (const lambda of [1e-3, 1e-2]) variants.push([`${name}, λ ${lambda}, message, any length`, { ...chosen, features, lambda, unit: 'message', minWords: 0 }])
  }
  // Fourth pass: message scoring was best at the strongest L2 of the first pass: stronger still.
  for (const [name, features] of featureSets.filter(([n]) => ['+chars 3-4', '+chars 2-5', '+chars, 14 bits', '+chars, no shape', '+chars, normalised'].includes(n))) {
    if (only && !name.includes(only)) continue
    for (const lambda of [3e-2, 1e-1]) variants.push([`${name}, λ ${lambda}, message`, { ...chosen, features, lambda, unit: 'message' }])
  }
  // Scores are compared within a fold only: each fold has its own model, and with strong L2 their
  // scales differ, so pooling scores across folds would rank one fold's texts above another's.
  console.log('config                                          AP(model, mean of folds)  AP(third fold, rules missed vs passed)')
  for (const [name, config] of variants) {
    const cv = crossValidate(config)
    const rows = cv.prepared.map((p, i) => ({ p, s: cv.oof[i] ?? 0, g: cv.groupOf[i] ?? 0 }))
    const perFold = groups.map((_, g) => { const sel = rows.filter((r) => r.g === g); return averagePrecision(sel.map((r) => r.s), sel.map((r) => r.p.label)) })
    const residual = rows.filter((r) => r.g === 2 && !r.p.rulesWarn)
    console.log(`${name.padEnd(48)} ${f3(perFold.reduce((a, b) => a + b, 0) / perFold.length)}                     ${f3(averagePrecision(residual.map((r) => r.s), residual.map((r) => r.p.label)))}`)
  }
  const cv = crossValidate(chosen)
  const t = chooseThreshold(cv)
  console.log(`\nchosen design, threshold by the rule in chooseThreshold: ${t}`)
  const passed = cv.oof.filter((_, i) => !cv.prepared[i]?.rulesWarn && cv.groupOf[i] === 2).sort((x, y) => y - x)
  const ranks = [5, 10, 20, 30, 40].map((k) => passed[k] ?? 0)
  for (const th of [...new Set([...ranks, t])].sort((x, y) => y - x)) console.log(`t ${th.toPrecision(6)}\n${report(cv, th).join('\n')}`)
  if (process.argv.includes('--list')) {
    console.log('\nout-of-fold scores above 0.7 of the texts the rules pass:')
    cv.prepared.map((p, i) => ({ p, s: cv.oof[i] ?? 0, g: groups[cv.groupOf[i] ?? 0]?.name })).filter((r) => !r.p.rulesWarn && r.s > 0.7).sort((a, b) => b.s - a.s)
      .forEach((r) => console.log(`  ${r.s.toFixed(3)} ${r.g} ${r.p.sample.label} ${r.p.sample.text}`))
  }
} else {
  const threshold = chooseThreshold(crossValidate(chosen))
  const prepared = prepare(withCalmerVersions(trainingSamples), chosen.features)
  const q = train(prepared, chosen)
  writeFileSync(outFile, weightsModule(q, chosen, threshold, { min: chosen.minWords, max: maxWords(prepared) }, trainingSetDigest(trainingSamples), setNames))
  console.log(`wrote ${outFile.pathname}: ${1 << chosen.features.bits} weights, threshold ${threshold} (by cross-validation), trained on ${trainingSamples.length} samples`)
}
