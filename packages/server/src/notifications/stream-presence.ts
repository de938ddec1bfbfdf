import { randomUUID } from 'node:crypto'
import type { CoreDeps, Logger } from '@parloir/core'
import type { StreamHub } from '../realtime/hub.ts'

/**
 * Whether a person is connected (has the app open: a stream), across every process. Each process
 * holds a lease per person with a stream open on it (`person_streams`, one row per person and
 * process): written when their first stream here opens, renewed on every beat, deleted when
 * their last stream here closes. A person is connected while any row of theirs runs; a process
 * that dies leaves rows that lapse after `leaseMs`. The push worker reads this when a notice is
 * due (a few seconds after the message), so a stream that opened or closed meanwhile counts.
 */
export class StreamPresence {
  readonly nodeId = randomUUID()
  readonly #timer: NodeJS.Timeout
  /** Writes in order, so a close and a quick reopen are not swapped. */
  #chain: Promise<void> = Promise.resolve()

  constructor(private readonly deps: CoreDeps, private readonly hub: StreamHub, private readonly log: Logger, beatMs: number, private readonly leaseMs = beatMs * 3) {
    hub.watchUsers((userId, open) => void this.#write(open
      ? (tx) => tx.personNotifications.holdStreams(this.nodeId, [userId], this.deps.clock.now() + this.leaseMs)
      : (tx) => tx.personNotifications.releaseStream(this.nodeId, userId)))
    this.#timer = setInterval(() => void this.renew(), beatMs)
    this.#timer.unref()
  }

  /** Renews the leases of everyone with a stream open here. */
  renew(): Promise<void> {
    const users = [...this.hub.userIds()]
    if (users.length === 0) return this.#chain
    return this.#write((tx) => tx.personNotifications.holdStreams(this.nodeId, users, this.deps.clock.now() + this.leaseMs))
  }

  /** Waits for the writes asked so far (tests). */
  settled(): Promise<void> {
    return this.#chain
  }

  stop(): void {
    clearInterval(this.#timer)
  }

  #write(change: Parameters<CoreDeps['storage']['transaction']>[0]): Promise<void> {
    // Never throws: presence must not fail a stream. A lost write is corrected by the next beat, or lapses.
    this.#chain = this.#chain.then(() => this.deps.storage.transaction(change)).then(() => undefined, (error: unknown) => {
      this.log.warn({ err: error }, 'could not record open streams; the next beat retries')
    })
    return this.#chain
  }
}
