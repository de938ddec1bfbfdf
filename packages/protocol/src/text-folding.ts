/**
 * Lower case without accents, so "Livraison", "livraison" and "LIVRAISÓN" are one word: how
 * keyword rules match messages and how saved replies are found by what an agent types.
 */
export function foldForMatching(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}
