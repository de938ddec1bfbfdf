/**
 * Training the tone check's model (model.ts): logistic regression with L2, full-batch Adam from
 * zero weights, so the same sets give the same weights on any machine (no random start, no
 * shuffling). Used by scripts/train-tone.ts (`npm run tone:train`) and by the test that the
 * committed weights are what training gives; never imported by the check itself.
 */
import { createHash } from 'node:crypto'
import { analyseTone, checkRules, modelUnits } from './check-tone.ts'
import { toneCorpus, toneHeldOut } from './tone-corpus.ts'
import { toneSecondTuningSet } from './tone-blind-set.ts'
import { toneThirdBlindSet } from './tone-third-blind-set.ts'
import { featureIndices, probability, wordCount, type ToneModel, type ToneModelFeatures } from './model.ts'

export interface TrainingSample { text: string; language: 'en' | 'fr'; label: 'warn' | 'fine' }

/**
 * What the model is trained on, by author: the sets the rules were written with. Cross-validation
 * holds out one author at a time. The fourth blind set (tone-fourth-blind-set.ts) is the measure:
 * never here.
 */
export const trainingGroups: ReadonlyArray<{ name: string; file: string; samples: readonly TrainingSample[] }> = [
  { name: 'authors', file: 'tone-corpus.ts (corpus and held-out)', samples: [...toneCorpus, ...toneHeldOut] },
  { name: 'second', file: 'tone-blind-set.ts (second tuning set)', samples: toneSecondTuningSet },
  { name: 'third', file: 'tone-third-blind-set.ts (third set)', samples: toneThirdBlindSet },
]

/** Every training sample, in order, as text, language and label only. */
export const trainingSamples: TrainingSample[] = trainingGroups.flatMap((g) => g.samples.map(({ text, language, label }) => ({ text, language, label })))

export interface TrainingConfig {
  features: ToneModelFeatures
  /** L2 weight on the mean log loss. */
  lambda: number
  iterations: number
  learningRate: number
  /**
   * `message`: one vector per message, scored as one. `sentences`: trained on messages, each
   * sentence scored on its own and the message takes the highest. `multi`: as `sentences`, then
   * trained again with each 'warn' message represented by its worst sentence and each 'fine'
   * message by all of its sentences.
   */
  unit: 'message' | 'sentences' | 'multi'
  /** The model judges messages of more than this many words only (ToneModel.words). */
  minWords: number
}

/**
 * The samples, and as 'fine' the rules' calmer version of each 'warn' one (once each, and not one
 * that is a sample already). Without them the model learned that a short text without the
 * courtesy words of the long fine replies reads badly ("The store is closed on Mondays."): the
 * calmer versions are short, plain and fine, and they come from the training sets alone.
 */
export function withCalmerVersions(samples: readonly TrainingSample[]): TrainingSample[] {
  const seen = new Set(samples.map((s) => s.text))
  const out = [...samples]
  for (const sample of samples) {
    if (sample.label !== 'warn') continue
    const calmer = checkRules(sample.text).suggestion
    if (calmer === undefined || seen.has(calmer)) continue
    seen.add(calmer)
    out.push({ text: calmer, language: sample.language, label: 'fine' })
  }
  return out
}

/** A sample made ready: its features once for the whole message and once per sentence, and the rules' verdict. */
export interface Prepared {
  sample: TrainingSample
  label: 0 | 1
  message: number[]
  sentences: number[][]
  rulesWarn: boolean
  words: number
}

export function prepare(samples: readonly TrainingSample[], features: ToneModelFeatures): Prepared[] {
  return samples.map((sample) => {
    const units = modelUnits(analyseTone(sample.text))
    return {
      sample,
      label: sample.label === 'warn' ? 1 : 0,
      message: featureIndices(units, features),
      sentences: units.length > 0 ? units.map((u) => featureIndices([u], features)) : [featureIndices([], features)],
      rulesWarn: checkRules(sample.text).verdict === 'warn',
      words: units.reduce((n, u) => n + wordCount(u), 0),
    }
  })
}

interface Fitted { bias: number; weights: Float64Array }

/** Logistic regression by full-batch Adam: deterministic (fixed order, zero start). */
function fit(xs: readonly (readonly number[])[], ys: readonly number[], config: TrainingConfig): Fitted {
  const dim = 1 << config.features.bits
  const weights = new Float64Array(dim)
  let bias = 0
  const m = new Float64Array(dim + 1)
  const v = new Float64Array(dim + 1)
  const grad = new Float64Array(dim + 1)
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8]
  const n = xs.length
  for (let step = 1; step <= config.iterations; step++) {
    grad.fill(0)
    for (let i = 0; i < n; i++) {
      const x = xs[i] ?? []
      const p = probability(x, { bias, weights, features: config.features })
      const error = (p - (ys[i] ?? 0)) / n
      const scale = config.features.normalise && x.length > 0 ? 1 / Math.sqrt(x.length) : 1
      for (const j of x) grad[j] = (grad[j] ?? 0) + error * scale
      grad[dim] = (grad[dim] ?? 0) + error
    }
    for (let j = 0; j < dim; j++) grad[j] = (grad[j] ?? 0) + config.lambda * (weights[j] ?? 0)
    for (let j = 0; j <= dim; j++) {
      const g = grad[j] ?? 0
      const mj = (m[j] = beta1 * (m[j] ?? 0) + (1 - beta1) * g)
      const vj = (v[j] = beta2 * (v[j] ?? 0) + (1 - beta2) * g * g)
      const delta = (config.learningRate * (mj / (1 - beta1 ** step))) / (Math.sqrt(vj / (1 - beta2 ** step)) + epsilon)
      if (j === dim) bias -= delta
      else weights[j] = (weights[j] ?? 0) - delta
    }
  }
  return { bias, weights }
}

/** The weights as int8 with one scale: what model-weights.ts stores. */
export function quantise(fitted: Fitted): { bias: number; scale: number; bytes: Int8Array } {
  let max = 0
  for (const w of fitted.weights) max = Math.max(max, Math.abs(w))
  const scale = max > 0 ? max / 127 : 1
  const bytes = new Int8Array(fitted.weights.length)
  fitted.weights.forEach((w, i) => { bytes[i] = Math.round(w / scale) })
  return { bias: Number(fitted.bias.toFixed(6)), scale: Number(scale.toPrecision(8)), bytes }
}

export function dequantise(q: { bias: number; scale: number; bytes: Int8Array }): Fitted {
  return { bias: q.bias, weights: Float64Array.from(q.bytes, (b) => b * q.scale) }
}

/** Trains on prepared samples and answers the quantised weights. */
export function train(prepared: readonly Prepared[], config: TrainingConfig): { bias: number; scale: number; bytes: Int8Array } {
  const first = fit(prepared.map((p) => p.message), prepared.map((p) => p.label), config)
  if (config.unit !== 'multi') return quantise(first)
  const xs: number[][] = []
  const ys: number[] = []
  for (const p of prepared) {
    if (p.label === 1) {
      const scored = p.sentences.map((s) => probability(s, { ...first, features: config.features }))
      const worst = scored.indexOf(Math.max(...scored))
      xs.push(p.sentences[worst] ?? p.message)
      ys.push(1)
    } else {
      for (const s of p.sentences) { xs.push(s); ys.push(0) }
    }
  }
  return quantise(fit(xs, ys, config))
}

/** The longest message trained on, twice: past that the model abstains (ToneModel.words). */
export function maxWords(prepared: readonly Prepared[]): number {
  return 2 * Math.max(...prepared.map((p) => p.words))
}

/** The model's probability for a prepared sample, as the check would score it (0 for a length it does not judge). */
export function score(p: Prepared, model: Pick<ToneModel, 'bias' | 'weights' | 'features' | 'words'>, unit: TrainingConfig['unit']): number {
  if (p.words <= model.words.min || p.words > model.words.max) return 0
  if (unit === 'message') return probability(p.message, model)
  return Math.max(...p.sentences.map((s) => probability(s, model)))
}

/** A digest of the training sets (text, language, label, in order): the weights module states it. */
export function trainingSetDigest(samples: readonly TrainingSample[]): string {
  return createHash('sha256').update(JSON.stringify(samples.map((s) => [s.text, s.language, s.label]))).digest('hex').slice(0, 16)
}

/** Base64 of the int8 weights (no Buffer: the same encoding model.ts decodes). */
export function toBase64(bytes: Int8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/** The generated weights module's source. */
export function weightsModule(q: { bias: number; scale: number; bytes: Int8Array }, config: TrainingConfig, threshold: number, words: ToneModel['words'], digest: string, sets: readonly string[]): string {
  const f = config.features
  return `// Generated by scripts/train-tone.ts (\`npm run tone:train\`): do not edit. The tone check's model
// (model.ts), trained on ${sets.join(', ')}; docs/tone-check.md says how it was chosen.
import { decodeWeights, type ToneModel } from './model.ts'

/** What it was trained on (trainingSetDigest in train-model.ts) and how: the test retrains and compares. */
export const toneModelTraining = {
  digest: '${digest}',
  lambda: ${config.lambda},
  iterations: ${config.iterations},
  learningRate: ${config.learningRate},
  unit: '${config.unit}',
  minWords: ${config.minWords},
} as const

export const toneModel: ToneModel = {
  features: { bits: ${f.bits}, bigrams: ${f.bigrams}, charGrams: [${f.charGrams.join(', ')}], shape: ${f.shape}, rules: ${f.rules}, normalise: ${f.normalise} },
  bias: ${q.bias},
  threshold: ${threshold},
  words: { min: ${words.min}, max: ${words.max} },
  weights: decodeWeights(
    '${toBase64(q.bytes)}',
    ${q.scale},
  ),
}
`
}
