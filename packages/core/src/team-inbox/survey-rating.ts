/** The quick reply of a satisfaction survey: five ratings, each answering with `survey:<n>`. */
export const surveyRatings = {
  type: 'options' as const,
  options: [1, 2, 3, 4, 5].map((n) => ({ label: `${'★'.repeat(n)}${'☆'.repeat(5 - n)}`, metadata: `survey:${n}` })),
}

/** The rating a quick-reply answer gives, or null when it is not one of a survey's. */
export function surveyRating(metadata: string): number | null {
  const match = /^survey:([1-5])$/.exec(metadata)
  return match ? Number(match[1]) : null
}
