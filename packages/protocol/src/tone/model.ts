/**
 * The tone check's statistical half: a logistic regression over hashed features of a sentence,
 * trained by scripts/train-tone.ts (`npm run tone:train`) on the labelled sets that the rules were
 * written with, and written out to model-weights.ts. It complements the rules (check-tone.ts): a
 * sentence the rules let through is flagged ('tone') when the model's probability that it reads
 * badly is above the threshold chosen by cross-validation. docs/tone-check.md says how it was
 * chosen and how well it does.
 *
 * Pure TypeScript, no dependency: the weights are a few kilobytes of int8 in base64.
 */
import { isName } from './tone-text.ts'

/** What the features are made of. Training and checking must agree, so the weights module states them. */
export interface ToneModelFeatures {
  /** The weight table has 2^bits entries; features are hashed into it. */
  bits: number
  /** Folded word pairs within a sentence, with its start and end ("^ read", "this time $"). */
  bigrams: boolean
  /** Character n-grams of each folded word, with its edges ("<rea", "ead>"), of these lengths. */
  charGrams: readonly number[]
  /** Capitals, runs of marks, emoji, length. */
  shape: boolean
  /** The kinds of what the rules found in the sentence. */
  rules: boolean
  /** Each unit's vector is scaled to length 1. */
  normalise: boolean
}

/** One sentence (or a whole message) as the model reads it: quotes blanked, and its folded form. */
export interface ToneUnit {
  masked: string
  folded: string
  /** The kinds the rules found in it. */
  kinds: readonly string[]
}

export interface ToneModel {
  features: ToneModelFeatures
  bias: number
  /** One weight per hashed feature. */
  weights: ArrayLike<number>
  /** A message whose probability is above this is flagged. */
  threshold: number
  /**
   * The lengths it judges, in words: more than `min` (a message of a few words is the rules' to
   * judge: the model, which saw few short fine replies, reads nearly all of them as curt) and at
   * most `max` (twice the longest message it was trained on: past that it abstains).
   */
  words: { min: number; max: number }
}

/** FNV-1a over UTF-16 code units: stable across engines, so training and checking hash alike. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

const wordPattern = /[\p{L}\p{N}]+|\p{Extended_Pictographic}/gu
const lengthBuckets = [1, 2, 3, 5, 8, 13, 21, 34]

/** The names of one unit's own features, before hashing (all but the length, which is the message's). */
export function unitFeatureNames(unit: ToneUnit, f: ToneModelFeatures): string[] {
  const names: string[] = []
  const tokens = unit.folded.match(wordPattern) ?? []
  for (const token of tokens) {
    names.push(`w|${token}`)
    if (f.charGrams.length > 0 && /\p{L}/u.test(token)) {
      const padded = `<${token}>`
      for (const n of f.charGrams) for (let i = 0; i + n <= padded.length; i++) names.push(`c|${padded.slice(i, i + n)}`)
    }
  }
  if (f.bigrams) {
    const seq = ['^', ...tokens, '$']
    for (let i = 0; i + 1 < seq.length; i++) names.push(`b|${seq[i]} ${seq[i + 1]}`)
  }
  if (f.shape) {
    for (const word of unit.masked.match(/[\p{L}]{3,}/gu) ?? []) {
      if (word === word.toUpperCase() && word !== word.toLowerCase() && !isName(word)) names.push('s|capitals')
    }
    if (/!\s*!/.test(unit.masked)) names.push('s|!!')
    if (/\?\s*!|!\s*\?/.test(unit.masked)) names.push('s|?!')
    if (/\?\s*\?/.test(unit.masked)) names.push('s|??')
    if (/!/.test(unit.masked)) names.push('s|!')
    if (/\?/.test(unit.masked)) names.push('s|?')
    if (/\.\.\.|…/.test(unit.masked)) names.push('s|...')
    if (/\p{Extended_Pictographic}/u.test(unit.masked)) names.push('s|emoji')
    if (/^\P{Lu}*\p{Ll}/u.test(unit.masked.trimStart()) && /\p{L}/u.test(unit.masked)) names.push('s|lower-start')
  }
  if (f.rules) for (const kind of unit.kinds) names.push(`r|${kind}`)
  return names
}

/** How many words a unit has: the message's length feature adds them up. */
export function wordCount(unit: ToneUnit): number {
  return unit.folded.match(wordPattern)?.length ?? 0
}

/** The feature of a message's length in words (with `shape`), or none. */
function lengthFeature(words: number, f: ToneModelFeatures, mask: number): number | null {
  if (!f.shape) return null
  return hash(`s|len${lengthBuckets.findIndex((b) => words <= b)}`) & mask
}

/** One unit's own features as distinct indices into the weight table. */
export function unitIndices(unit: ToneUnit, f: ToneModelFeatures): number[] {
  const mask = (1 << f.bits) - 1
  return [...new Set(unitFeatureNames(unit, f).map((name) => hash(name) & mask))]
}

/** The features of units read together as one message: their own, and the message's length. */
export function featureIndices(units: readonly ToneUnit[], f: ToneModelFeatures): number[] {
  const mask = (1 << f.bits) - 1
  const all = new Set(units.flatMap((u) => unitIndices(u, f)))
  const length = lengthFeature(units.reduce((n, u) => n + wordCount(u), 0), f, mask)
  if (length !== null) all.add(length)
  return [...all].sort((a, b) => a - b)
}

/** The probability that the units read badly, from their features' weights. */
export function probability(indices: readonly number[], model: Pick<ToneModel, 'bias' | 'weights' | 'features'>): number {
  const scale = model.features.normalise && indices.length > 0 ? 1 / Math.sqrt(indices.length) : 1
  let z = 0
  for (const i of indices) z += model.weights[i] ?? 0
  return 1 / (1 + Math.exp(-(model.bias + z * scale)))
}

/**
 * A message scored as sentences are taken out of it, one at a time, without featurising it anew:
 * each sentence's features are counted in, and the score follows the distinct ones left.
 */
export class MessageScore {
  private readonly counts: Uint16Array
  private readonly perUnit: number[][]
  private readonly words: number[]
  private sum = 0
  private distinct = 0
  private wordTotal = 0
  private readonly removed: boolean[]

  constructor(units: readonly ToneUnit[], private readonly model: ToneModel) {
    this.counts = new Uint16Array(1 << model.features.bits)
    this.perUnit = units.map((u) => unitIndices(u, model.features))
    this.words = units.map(wordCount)
    this.removed = units.map(() => false)
    this.perUnit.forEach((indices, i) => { this.wordTotal += this.words[i] ?? 0; for (const j of indices) this.count(j, 1) })
  }

  private count(j: number, delta: 1 | -1): void {
    const before = this.counts[j] ?? 0
    this.counts[j] = before + delta
    if (before === 0 && delta === 1) { this.distinct++; this.sum += this.model.weights[j] ?? 0 }
    if (before === 1 && delta === -1) { this.distinct--; this.sum -= this.model.weights[j] ?? 0 }
  }

  /** Takes a unit out of the message. */
  remove(i: number): void {
    if (this.removed[i]) return
    this.removed[i] = true
    this.wordTotal -= this.words[i] ?? 0
    for (const j of this.perUnit[i] ?? []) this.count(j, -1)
  }

  /** The probability for what is left (the length feature counted if it is not among the units' own). */
  probability(): number {
    const f = this.model.features
    const length = lengthFeature(this.wordTotal, f, (1 << f.bits) - 1)
    const extra = length !== null && (this.counts[length] ?? 0) === 0
    const n = this.distinct + (extra ? 1 : 0)
    const z = this.sum + (extra && length !== null ? this.model.weights[length] ?? 0 : 0)
    const scale = f.normalise && n > 0 ? 1 / Math.sqrt(n) : 1
    return 1 / (1 + Math.exp(-(this.model.bias + z * scale)))
  }
}

/** Reads the int8 weights that model-weights.ts holds as base64 (no atob: the same in Node and browsers). */
export function decodeWeights(base64: string, scale: number): Float32Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  const clean = base64.replace(/=+$/, '')
  const bytes = new Int8Array(Math.floor((clean.length * 3) / 4))
  let buffer = 0
  let bitsHeld = 0
  let at = 0
  for (const c of clean) {
    buffer = (buffer << 6) | alphabet.indexOf(c)
    bitsHeld += 6
    if (bitsHeld >= 8) {
      bitsHeld -= 8
      bytes[at++] = (buffer >> bitsHeld) & 0xff
    }
  }
  const weights = new Float32Array(bytes.length)
  for (let i = 0; i < bytes.length; i++) weights[i] = (bytes[i] ?? 0) * scale
  return weights
}
