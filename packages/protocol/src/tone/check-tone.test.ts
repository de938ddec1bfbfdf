import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { checkTone, detectLanguage } from './check-tone.ts'

const kinds = (text: string) => checkTone(text).findings.map((f) => f.kind)

describe('checkTone', () => {
  test('flags the community manager’s answer, in English and in French, with a calmer version', () => {
    const en = checkTone('This page is not a place to vent.')
    assert.equal(en.verdict, 'warn')
    assert.deepEqual(en.findings, [{ kind: 'curt', start: 13, end: 32, excerpt: 'not a place to vent' }])
    assert.equal(en.suggestion, 'We hear you, and we want to put this right.')
    const fr = checkTone("Ce n'est pas un endroit pour se défouler.")
    assert.equal(fr.verdict, 'warn')
    assert.equal(fr.language, 'fr')
    assert.equal(fr.suggestion, 'Nous vous entendons et nous voulons arranger cela.')
  })

  test('offsets point at the draft’s own characters, accents and curly apostrophes included', () => {
    const text = 'Bonjour Chloé. Comme je vous l’ai déjà dit, nous ne livrons pas le dimanche.'
    const [finding] = checkTone(text).findings
    assert.ok(finding)
    assert.equal(text.slice(finding.start, finding.end), 'Comme je vous l’ai déjà dit')
    assert.equal(finding.excerpt, 'Comme je vous l’ai déjà dit')
    assert.equal(checkTone(text).suggestion, 'Bonjour Chloé. Nous ne livrons pas le dimanche.')
  })

  test('names each kind', () => {
    assert.deepEqual(kinds('You should have read the terms.'), ['blaming'])
    assert.deepEqual(kinds('Good luck with that.'), ['sarcastic'])
    assert.deepEqual(kinds('That is a stupid question.'), ['hostile'])
    assert.deepEqual(kinds('WE DO NOT ISSUE REFUNDS.'), ['shouting'])
    assert.deepEqual(kinds('Your parcel left this morning!!!'), ['exclamations'])
    assert.deepEqual(kinds('Whatever.'), ['curt'])
    assert.deepEqual(kinds('Vous serez banni.'), ['hostile'])
  })

  test('calms capitals and exclamation runs in place, keeping the rest', () => {
    assert.equal(checkTone('NO REFUNDS AFTER 30 DAYS.').suggestion, 'No refunds after 30 days.')
    assert.equal(checkTone('Your parcel left this morning!!!').suggestion, 'Your parcel left this morning.')
    assert.equal(checkTone('Votre colis est parti ce matin !!!').suggestion, 'Votre colis est parti ce matin.')
  })

  test('opens with an apology when it had to leave a sentence out, unless the draft apologises already', () => {
    assert.equal(checkTone('Your parcel is late. Deal with it.').suggestion, "We're sorry for the trouble. Your parcel is late.")
    assert.equal(checkTone("Sorry, your parcel is late. Deal with it.").suggestion, 'Sorry, your parcel is late.')
    assert.equal(checkTone('Deal with it.').suggestion, "We're sorry for the trouble. Let us look into this and come back to you shortly.")
  })

  describe('does not flag', () => {
    const fine = [
      // Polite refusals and firm but kind answers.
      'Nous ne pouvons malheureusement pas rembourser ce produit, mais voici ce que nous pouvons faire.',
      "Unfortunately we can't refund this product, but here is what we can do.",
      "No, that isn't possible, I'm sorry.",
      // The customer's angry words, quoted.
      'You wrote "THIS IS RIDICULOUS!!!" and you are right to be upset.',
      'Vous avez écrit « C’EST NUL, VOUS ÊTES DES MENTEURS » ; je comprends.',
      '> STOP IGNORING ME!!!\nI am sorry, I am on it now.',
      "You wrote 'WORST SERVICE EVER' and I don't blame you.",
      'Vous avez écrit ‘C’EST NUL’ et je le comprends.',
      // Enthusiasm.
      'Thanks so much!!',
      'Merci beaucoup !!',
      // Acronyms, order numbers, one capital word that is a name.
      'Your order NW-1042 ships with DHL; see the FAQ or the PDF invoice.',
      'Le SAV vous rappelle ; la TVA est incluse.',
      // Apology, not blame.
      'You should have received it by Monday; I am sorry it has not arrived.',
      "It's not your fault at all.",
      "Ce n'est pas du tout votre faute.",
      'Stop by the shop any time!',
      "That's a ridiculously good review, thank you!",
      // Starting with what a sarcastic reply would start with, and meaning it.
      "Congratulations, you've won our spring draw!",
      'Félicitations, vous avez gagné !',
    ]
    for (const text of fine) test(text, () => assert.deepEqual(checkTone(text), { verdict: 'fine', language: detectLanguage(text), findings: [] }))
  })

  test('"!!" of anger is flagged even in a sentence with a warm word; "?!" and "???" outside warmth', () => {
    assert.deepEqual(kinds('Thanks for nothing!!!!'), ['exclamations'])
    assert.deepEqual(kinds('Really?!'), ['exclamations'])
    assert.deepEqual(kinds('Why would you need that???'), ['exclamations'])
    assert.equal(checkTone('Why would you need that???').suggestion, 'Why would you need that?')
    // Warmth next door makes "?!" enthusiasm, as long as nothing else is flagged.
    assert.equal(checkTone('500 orders already?! Thank you all!!').verdict, 'fine')
    assert.equal(checkTone('Déjà 500 commandes ?! Merci à vous !!').verdict, 'fine')
  })

  test('one word in capitals is shouting outside a warm or apologetic sentence, acronyms and codes aside', () => {
    assert.deepEqual(kinds('This is the FINAL answer.'), ['shouting'])
    assert.deepEqual(kinds("C'est votre banque. Appelez-LA."), ['shouting'])
    assert.equal(checkTone("I'm REALLY sorry about this.").verdict, 'fine')
    assert.equal(checkTone('Je suis VRAIMENT désolé.').verdict, 'fine')
    assert.equal(checkTone('Your RMA-2210 label and the USPS receipt are attached.').verdict, 'fine')
  })

  test('weak cues warn together, not alone, and courtesy outweighs one', () => {
    // "Strange," alone is puzzlement; with "everyone else" it is sarcasm.
    assert.equal(checkTone('Strange, the tracking says delivered.').verdict, 'fine')
    assert.deepEqual(kinds('Strange, everyone else got theirs.'), ['sarcastic', 'blaming'])
    assert.equal(checkTone('Bizarre, tous les autres ont reçu le leur.').verdict, 'warn')
    // "not our department" and "ask them" together are a brush-off; with an apology they are a handoff.
    assert.equal(checkTone('Not our department, ask the courier.').verdict, 'warn')
    assert.equal(checkTone("Sorry, that's not our department, so please ask the courier.").verdict, 'fine')
    assert.equal(checkTone('Pas notre service, voyez avec le transporteur.').verdict, 'warn')
  })

  test('a message of a few words that says no, with nothing kind in it, is a brush-off', () => {
    assert.deepEqual(kinds('lol no'), ['curt'])
    assert.deepEqual(kinds('mdr non'), ['curt'])
    for (const text of ['No problem!', 'Not yet, sorry!', 'Pas de souci !', 'Pas encore.']) assert.equal(checkTone(text).verdict, 'fine', text)
  })

  test('takes the language it is given over the one it would guess', () => {
    assert.equal(checkTone('Non.', { language: 'en' }).verdict, 'fine')
    assert.equal(checkTone('Non.', { language: 'fr' }).verdict, 'warn')
    assert.equal(checkTone('Non.').language, 'fr')
  })

  test('an empty or blank text is fine', () => {
    assert.deepEqual(checkTone(''), { verdict: 'fine', language: 'en', findings: [] })
    assert.equal(checkTone(' \n ').verdict, 'fine')
  })

  test('a 10,000-character draft of one endless sentence is checked in one pass', () => {
    const text = 'posting complaining writing '.repeat(400).slice(0, 10_000)
    assert.equal(text.length, 10_000)
    assert.equal(checkTone(text).verdict, 'fine')
    const shouted = 'NO '.repeat(3_333)
    assert.deepEqual(kinds(shouted), ['shouting'])
  })
})

describe('detectLanguage', () => {
  test('reads French and English from their common words and accents', () => {
    assert.equal(detectLanguage('Votre colis est en route.'), 'fr')
    assert.equal(detectLanguage('Your parcel is on its way.'), 'en')
    assert.equal(detectLanguage('Déjà expédié.'), 'fr')
    assert.equal(detectLanguage('42'), 'en')
  })
})
