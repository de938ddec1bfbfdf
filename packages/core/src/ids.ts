import { randomInt } from 'node:crypto'

/** Twitter's epoch, so ids have the 19 digits Twitter clients are used to. */
const EPOCH_MS = 1288834974657n
const RANDOM_BITS = 22n
const RANDOM_SPAN = 1 << 22

/**
 * Makes 64-bit ids: 41 bits of milliseconds, then 22 bits that start at a random value each
 * millisecond and grow by a random step, so ids are unique and ordered within a process and
 * never a guessable counter. Rendered as decimal strings of fixed width (19 digits until
 * 2080), so string order is time order.
 */
export class IdGenerator {
  #lastMs = -1
  #suffix = 0

  constructor(private readonly now: () => number = Date.now) {}

  next(): string {
    let ms = this.now()
    if (ms < this.#lastMs) ms = this.#lastMs // the clock stepped back: stay ordered
    if (ms === this.#lastMs) {
      this.#suffix += 1 + randomInt(1024)
      if (this.#suffix >= RANDOM_SPAN) {
        ms = this.#lastMs + 1 // this millisecond is spent: borrow the next one
        this.#suffix = randomInt(RANDOM_SPAN / 2)
      }
    } else {
      this.#suffix = randomInt(RANDOM_SPAN / 2)
    }
    this.#lastMs = ms
    return ((BigInt(ms) - EPOCH_MS) << RANDOM_BITS | BigInt(this.#suffix)).toString()
  }
}

/** The time an id was made, in ms since the Unix epoch. */
export function idTimeMs(id: string): number {
  return Number((BigInt(id) >> RANDOM_BITS) + EPOCH_MS)
}
