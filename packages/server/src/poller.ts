/**
 * A background round that runs every `everyMs`, one at a time: the push worker and the mailers
 * drain their queues with it. A failed round (the database away) is logged and the next one
 * tries again; `stop` waits for the round in flight. Timers are unref'd: a poller never keeps
 * the process alive on its own.
 */
export class Poller<T> {
  #timer: NodeJS.Timeout | undefined
  #running: Promise<T> | undefined

  constructor(
    private readonly round: () => Promise<T>,
    private readonly everyMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Starts the rounds; with `everyMs` 0 it never runs on its own (tests call `tick`). */
  start(): void {
    if (this.everyMs === 0) return
    this.#timer = setInterval(() => { this.tick().catch(this.onError) }, this.everyMs)
    this.#timer.unref()
  }

  /** Runs a round now, or joins the one in flight. */
  tick(): Promise<T> {
    this.#running ??= this.round().finally(() => { this.#running = undefined })
    return this.#running
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer)
    await this.#running?.catch(() => undefined)
  }
}
