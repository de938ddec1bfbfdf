import { inboxLimits } from '@parloir/protocol'
import { keepPresent, sweepPresence, type CoreDeps, type Logger } from '@parloir/core'

/**
 * The presence of the people of brands' teams, as this process sees it (core's keepPresent and
 * sweepPresence hold the rules). Each account that makes a request or opens a stream renews its
 * lease, at most once a third of a lease per process; the streams open here renew theirs on the
 * same beat, so an agent with the app open stays there without doing anything. The sweep ends
 * the leases nobody renewed, on whatever process renewed them last.
 */
export class PresenceKeeper {
  readonly #renewedAt = new Map<string, number>()
  readonly #everyMs = Math.floor(inboxLimits.presenceLeaseMs / 3)
  readonly #timer: NodeJS.Timeout

  constructor(private readonly deps: CoreDeps, private readonly log: Logger, streamUsers: () => Iterable<string>, beatMs: number) {
    this.#timer = setInterval(() => {
      const now = this.deps.clock.now()
      for (const [accountId, at] of this.#renewedAt) if (now - at >= inboxLimits.presenceLeaseMs) this.#renewedAt.delete(accountId)
      for (const userId of streamUsers()) void this.touch(userId)
    }, beatMs)
    this.#timer.unref()
  }

  /** Renews an account's lease unless this process did within a third of one. Never throws: presence must not fail a request. */
  async touch(accountId: string): Promise<void> {
    const now = this.deps.clock.now()
    const at = this.#renewedAt.get(accountId)
    if (at !== undefined && now - at < this.#everyMs) return
    this.#renewedAt.set(accountId, now)
    try {
      await keepPresent(this.deps, accountId)
    } catch (error) {
      this.#renewedAt.delete(accountId)
      this.log.warn({ err: error, accountId }, 'could not renew presence; the next request retries')
    }
  }

  /** Ends the leases nobody renewed (and what the teams' settings say follows). */
  async sweep(): Promise<void> {
    await sweepPresence(this.deps)
  }

  stop(): void {
    clearInterval(this.#timer)
  }
}
