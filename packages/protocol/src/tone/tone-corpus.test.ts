import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkTone } from './check-tone.ts'
import { toneCorpus, toneHeldOut, type ToneSample } from './tone-corpus.ts'
import { toneSecondTuningSet } from './tone-blind-set.ts'

/** Precision and recall of `warn` over a set: the figures docs/tone-check.md reports. */
function measure(samples: readonly ToneSample[]) {
  let [tp, fp, fn, tn] = [0, 0, 0, 0]
  const misses: string[] = []
  for (const sample of samples) {
    const warned = checkTone(sample.text).verdict === 'warn'
    if (warned && sample.label === 'warn') tp++
    else if (warned) { fp++; misses.push(`flagged but fine: ${sample.text}`) }
    else if (sample.label === 'warn') { fn++; misses.push(`missed: ${sample.text}`) }
    else tn++
  }
  return { tp, fp, fn, tn, precision: tp / (tp + fp), recall: tp / (tp + fn), misses }
}

const sets = { corpus: toneCorpus, 'held-out': toneHeldOut, all: [...toneCorpus, ...toneHeldOut] }
/**
 * The second author's set, written blind and then used to tune the rules (tone-blind-set.ts): in
 * sample now, so it is held to the same bar as the authors' sets, not quoted as a measure.
 */
const secondTuningSet: readonly ToneSample[] = toneSecondTuningSet

test('the corpus has at least 200 sentences, half French and half English, curt and fine', () => {
  const all = sets.all
  assert.ok(all.length >= 200)
  const count = (language: string, label?: string) => all.filter((s) => s.language === language && (!label || s.label === label)).length
  assert.equal(count('en'), count('fr'))
  for (const language of ['en', 'fr']) for (const label of ['warn', 'fine']) assert.ok(count(language, label) >= 50, `${language} ${label}`)
})

for (const language of ['en', 'fr', 'both'] as const) {
  test(`the tone check reaches precision 0.9 and recall 0.8 on the whole corpus (${language})`, (t) => {
    for (const [name, samples] of Object.entries(sets)) {
      const m = measure(samples.filter((s) => language === 'both' || s.language === language))
      t.diagnostic(`${language} ${name}: precision ${m.precision.toFixed(3)}, recall ${m.recall.toFixed(3)} (tp ${m.tp}, fp ${m.fp}, fn ${m.fn}, tn ${m.tn})`)
      for (const miss of m.misses) t.diagnostic(`  ${miss}`)
    }
    const m = measure(sets.all.filter((s) => language === 'both' || s.language === language))
    assert.ok(m.precision >= 0.9, `precision ${m.precision}`)
    assert.ok(m.recall >= 0.8, `recall ${m.recall}`)
  })

  test(`the tone check reaches precision 0.9 and recall 0.8 on the second tuning set (${language})`, (t) => {
    const m = measure(secondTuningSet.filter((s) => language === 'both' || s.language === language))
    t.diagnostic(`${language} second tuning set: precision ${m.precision.toFixed(3)}, recall ${m.recall.toFixed(3)} (tp ${m.tp}, fp ${m.fp}, fn ${m.fn}, tn ${m.tn})`)
    for (const miss of m.misses) t.diagnostic(`  ${miss}`)
    assert.ok(m.precision >= 0.9, `precision ${m.precision}`)
    assert.ok(m.recall >= 0.8, `recall ${m.recall}`)
  })
}

test('every calmer version the corpus gets is itself fine, and guesses the sample\'s language', () => {
  for (const sample of [...sets.all, ...secondTuningSet]) {
    const verdict = checkTone(sample.text)
    assert.equal(verdict.language, sample.language, sample.text)
    if (verdict.verdict === 'warn') {
      assert.ok(verdict.suggestion, sample.text)
      assert.equal(checkTone(verdict.suggestion).verdict, 'fine', `${sample.text} → ${verdict.suggestion}`)
    }
  }
})
