import { replyTimeBucket, type ReplyTime } from '@parloir/protocol'
import type { CoreDeps } from '../context.ts'
import type { ReplyTimeBucket, StorageTx } from '../ports/storage.ts'

/** "Usually answers within …" looks at the answers of the last 30 days … */
export const replyTimeWindowDays = 30
/** … and says nothing until the team has answered at least this many waits in them. */
export const replyTimeMinAnswers = 5

const order: readonly ReplyTimeBucket[] = ['minutes', 'hour', 'hours', 'day', 'slower']
const DAY_MS = 86_400_000

/** Days since 1970 (UTC), the key answers are counted under. */
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS)

/**
 * Counts an answer of the team that ends a customer's wait (called in the answer's transaction):
 * how long they waited, in its bucket, under today.
 */
export async function countReplyTime(tx: StorageTx, brandId: string, waitingSinceMs: number, answeredAtMs: number): Promise<void> {
  await tx.replyTimes.count(brandId, dayOf(answeredAtMs), replyTimeBucket(Math.max(0, answeredAtMs - waitingSinceMs)) ?? 'slower')
}

/**
 * The bucket of the median answer among counted ones (the lower median for an even count), or
 * null with fewer than `replyTimeMinAnswers` answers, or when the median is slower than a day.
 * The bucket of the median is the median of the buckets, as buckets are ordered.
 */
export function medianReplyTime(counts: ReadonlyArray<{ bucket: ReplyTimeBucket; answers: number }>): ReplyTime | null {
  const total = counts.reduce((sum, c) => sum + c.answers, 0)
  if (total < replyTimeMinAnswers) return null
  const middle = Math.ceil(total / 2)
  let seen = 0
  for (const bucket of order) {
    seen += counts.filter((c) => c.bucket === bucket).reduce((sum, c) => sum + c.answers, 0)
    if (seen >= middle) return bucket === 'slower' ? null : bucket
  }
  return null
}

/** How fast a brand usually answers, from the last 30 days of its team's answers; anyone may know it. */
export async function usualReplyTime(deps: CoreDeps, brandId: string): Promise<ReplyTime | null> {
  const since = dayOf(deps.clock.now()) - (replyTimeWindowDays - 1)
  return medianReplyTime(await deps.storage.reads.replyTimes.since(brandId, since))
}
