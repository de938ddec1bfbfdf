/** Small helpers both benchmarks use to report figures. */

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits

/** The q-quantile of sorted samples (nearest rank); NaN when there are none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN
}
