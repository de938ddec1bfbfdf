import type { CoreDeps } from '../context.ts'
import type { EventEnvelope } from '../ports/fanout.ts'
import { isDeliverable, type StreamViewer } from './delivery.ts'

export type ResumeResult =
  | { kind: 'events'; events: EventEnvelope[]; cursor: number }
  | { kind: 'resync'; reason: 'cursor_too_old' | 'gap_too_large'; cursor: number }

const PAGE = 1_000

/**
 * What a stream missed since `cursor`, from the event log: the gap, or "resync" when the log
 * no longer reaches back that far or the gap is larger than `maxEvents`.
 */
export async function eventsSince(deps: CoreDeps, viewer: StreamViewer, cursor: number, maxEvents: number): Promise<ResumeResult> {
  const reads = deps.storage.reads
  const latest = await reads.events.latestCursor()
  if (cursor > latest) return { kind: 'resync', reason: 'cursor_too_old', cursor: latest }
  const oldest = await reads.events.oldestCursor()
  if (oldest !== null && cursor < oldest - 1) return { kind: 'resync', reason: 'cursor_too_old', cursor: latest }
  const accountIds = [...viewer.accounts.keys()]
  const events: EventEnvelope[] = []
  let from = cursor
  for (;;) {
    const page = await reads.events.after(from, accountIds, PAGE)
    for (const row of page) {
      // The log holds what `emit` wrote, whose payload the catalogue typed by its name.
      const envelope = { name: row.name, data: row.data, cursor: row.cursor, accountIds: row.audience } as EventEnvelope
      if (row.receipt) envelope.receipt = row.receipt
      if (isDeliverable(envelope, viewer)) events.push(envelope)
    }
    const last = page.at(-1)
    if (last) from = last.cursor
    if (events.length > maxEvents) return { kind: 'resync', reason: 'gap_too_large', cursor: latest }
    // A page may be short and not the last: storage holds back an event a full page may have cut.
    if (page.length === 0) break
  }
  return { kind: 'events', events, cursor: Math.max(from, cursor) }
}
