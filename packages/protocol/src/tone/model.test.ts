import { test } from 'node:test'
import assert from 'node:assert/strict'
import { analyseTone, checkRules, checkTone, modelUnits } from './check-tone.ts'
import { decodeWeights, featureIndices, MessageScore, probability } from './model.ts'
import { toneModel, toneModelTraining } from './model-weights.ts'
import { prepare, toBase64, train, trainingSamples, trainingSetDigest, withCalmerVersions } from './train-model.ts'

test('the weights module was trained on the training sets as they are now', () => {
  assert.equal(toneModelTraining.digest, trainingSetDigest(trainingSamples), 'a training set changed: run `npm run tone:train` and commit model-weights.ts')
})

test('the committed weights are what `npm run tone:train` gives (deterministic training)', () => {
  const { lambda, iterations, learningRate, unit, minWords } = toneModelTraining
  const config = { features: toneModel.features, lambda, iterations, learningRate, unit, minWords }
  const q = train(prepare(withCalmerVersions(trainingSamples), config.features), config)
  assert.equal(q.bias, toneModel.bias)
  assert.deepEqual(decodeWeights(toBase64(q.bytes), q.scale), toneModel.weights, 'run `npm run tone:train` and commit model-weights.ts')
})

test('int8 weights survive base64 both ways', () => {
  const bytes = Int8Array.from([0, 1, -1, 127, -127, 64, -64, 5, 9, -3])
  assert.deepEqual([...decodeWeights(toBase64(bytes), 1)], [...bytes])
  assert.deepEqual([...decodeWeights(toBase64(bytes.subarray(0, 8)), 0.5)], [...bytes.subarray(0, 8)].map((b) => b / 2))
})

test('a message scored as sentences are taken out agrees with scoring what is left afresh', () => {
  const units = modelUnits(analyseTone('Thanks for writing. Your parcel left today! Are you seriously asking for a refund? See you soon 🙂'))
  const score = new MessageScore(units, toneModel)
  const afresh = (left: typeof units) => probability(featureIndices(left, toneModel.features), toneModel)
  assert.ok(Math.abs(score.probability() - afresh(units)) < 1e-6)
  score.remove(2)
  assert.ok(Math.abs(score.probability() - afresh([units[0], units[1], units[3]].filter((u) => u !== undefined))) < 1e-6)
  score.remove(0)
  assert.ok(Math.abs(score.probability() - afresh([units[1], units[3]].filter((u) => u !== undefined))) < 1e-6)
})

test('what the rules miss the model can flag, as "tone", and its calmer version is fine', () => {
  // From the third set (a training set): no rule fires on it.
  const text = 'Are you seriously asking for a refund on a meal you finished?'
  assert.equal(checkRules(text).verdict, 'fine')
  const verdict = checkTone(text)
  assert.equal(verdict.verdict, 'warn')
  assert.deepEqual(verdict.findings, [{ kind: 'tone', start: 0, end: text.length, excerpt: text }])
  assert.ok(verdict.suggestion)
  assert.equal(checkTone(verdict.suggestion).verdict, 'fine')
})

test('the model leaves messages of three words or fewer, and very long ones, to the rules', () => {
  assert.equal(toneModel.words.min, 3)
  for (const text of ['Pas encore.', 'Oui, bien sûr.', 'Got it!']) assert.deepEqual(checkTone(text), checkRules(text), text)
  const long = 'Are you seriously asking for a refund on a meal you finished? '.repeat(20)
  assert.deepEqual(checkTone(long), checkRules(long))
})
