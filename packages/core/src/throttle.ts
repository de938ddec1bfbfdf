import type { Clock } from './ports/clock.ts'

/**
 * At most one action per key per interval, in this process. Used for typing indicators,
 * where a lost or extra indicator harms nobody; counted limits live in the server.
 */
export class Throttle {
  readonly #last = new Map<string, number>()

  constructor(private readonly clock: Clock, private readonly intervalMs: number) {}

  /** 0 when the action may go now (and records it), else the ms left to wait. */
  take(key: string): number {
    const now = this.clock.now()
    const last = this.#last.get(key)
    if (last !== undefined && now - last < this.intervalMs) return this.intervalMs - (now - last)
    if (this.#last.size > 100_000) this.#prune(now)
    this.#last.set(key, now)
    return 0
  }

  #prune(now: number): void {
    for (const [key, at] of this.#last) if (now - at >= this.intervalMs) this.#last.delete(key)
  }
}
