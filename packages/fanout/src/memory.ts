import type { Fanout, FanoutMessage } from '@parloir/core'

/**
 * Fan-out inside one process. Messages go through JSON like they will through Redis, so nothing
 * works here that would break there (a Date, a Map, a shared object mutated later).
 */
export class MemoryFanout implements Fanout {
  readonly #handlers = new Set<(message: FanoutMessage) => void>()

  publish(message: FanoutMessage): void {
    const wire = JSON.stringify(message)
    for (const handler of this.#handlers) handler(JSON.parse(wire) as FanoutMessage)
  }

  subscribe(handler: (message: FanoutMessage) => void): () => void {
    this.#handlers.add(handler)
    return () => this.#handlers.delete(handler)
  }

  async close(): Promise<void> {
    this.#handlers.clear()
  }
}
