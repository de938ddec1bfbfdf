/**
 * Lower case without accents, so "Livraison", "livraison" and "LIVRAISÓN" are one word: how
 * keyword rules match messages and how saved replies are found by what an agent types.
 */
export function foldForMatching(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/**
 * The words people search matches: folded as above, split at anything but a letter, a digit or
 * an underscore (so "Jean-Pierre Dupré" is `jean`, `pierre`, `dupre` and `@ada_l` is `ada_l`).
 * The words of a name and the query's words are cut the same way, here.
 */
export function searchWords(text: string): string[] {
  // Lower-casing can add a mark (İ → i̇), so marks go once more before the split.
  return foldForMatching(text).replace(/\p{M}/gu, '').split(/[^\p{L}\p{N}_]+/u).filter((word) => word !== '')
}
