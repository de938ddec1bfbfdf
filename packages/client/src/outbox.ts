import { ParloirApiError } from './errors.ts'

/** What an outbox holds: the app's own record of a message, named by the `clientMessageId` it is sent with. */
export interface OutboxItem { readonly clientMessageId: string }

/** Where a message's delivery stands. */
export interface OutboxStatus {
  readonly status: 'sending' | 'failed'
  /**
   * Why the server refused it; null while sending, and when the network failed (the server may
   * not have seen it: `resendFailed()` tries again, with the same client id, so never twice).
   */
  readonly error: unknown
}

/** A message on its way: shown at once, gone when the server has it. */
export type OutboxEntry<T extends OutboxItem> = T & OutboxStatus

export interface OutboxOptions<T extends OutboxItem> {
  /** Sends an item (with its `clientMessageId`); resolves once the server has it. */
  deliver(item: T): Promise<void>
  /** After every change to an item's entry: added, sending again, failed, or gone. */
  changed(item: T): void
  /** After a failed delivery, with what it failed with. */
  failed?(entry: OutboxEntry<T>, error: unknown): void
  /** Deliver one at a time, in order, each after the one before settles (default: all at once). */
  oneAtATime?: boolean
  /** RATE_LIMITED: send again after the server's `retryAfterMs` (at least 500 ms) instead of failing. */
  waitWhenRateLimited?: boolean
}

/** A client message id: random, within `[A-Za-z0-9._:-]{1,64}`; needs no secure context (crypto.randomUUID does). */
export function newClientMessageId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return `${prefix}-${Date.now().toString(36)}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

const isNetworkError = (error: unknown) => !(error instanceof ParloirApiError)

/**
 * An optimistic outbox: messages show at once, are sent with their `clientMessageId`, may be
 * sent again with it (the server keeps one message per id), and leave once the server has them:
 * by the send's own reply or, earlier, by the stream (`settle`). No I/O of its own: the app
 * says how to deliver, and renders `entries`.
 */
export class Outbox<T extends OutboxItem> {
  #entries: ReadonlyArray<OutboxEntry<T>> = []
  readonly #options: OutboxOptions<T>
  readonly #timers = new Set<ReturnType<typeof setTimeout>>()
  #queue: Promise<void> = Promise.resolve()

  constructor(options: OutboxOptions<T>) {
    this.#options = options
  }

  /** In the order they were added; a new array after every change. */
  get entries(): ReadonlyArray<OutboxEntry<T>> { return this.#entries }

  /** Adds a message and sends it. */
  add(item: T): void {
    this.#entries = [...this.#entries, { ...item, status: 'sending', error: null }]
    this.#options.changed(item)
    // #send never rejects: a failure marks the message failed (#attempt).
    void this.#send(item.clientMessageId)
  }

  /**
   * Puts back messages kept from an earlier run of the app (a reload, say) that the server may
   * not have: each shows as failed on the network, and goes with the same client id at the next
   * `resendFailed()` (so once, even if the earlier run had sent it). Ones already here are skipped.
   */
  restore(items: readonly T[]): void {
    const fresh = items.filter((item, i) => !this.#find(item.clientMessageId) && items.findIndex((o) => o.clientMessageId === item.clientMessageId) === i)
    if (fresh.length === 0) return
    this.#entries = [...this.#entries, ...fresh.map((item): OutboxEntry<T> => ({ ...item, status: 'failed', error: null }))]
    for (const item of fresh) this.#options.changed(item)
  }

  /** Sends a failed message again. */
  retry(clientMessageId: string): void {
    // #send never rejects: a failure marks the message failed (#attempt).
    if (this.#find(clientMessageId)) void this.#send(clientMessageId)
  }

  /** Sends again every message that failed on the network (say, once the connection is back). */
  resendFailed(): Promise<void> {
    const jobs = this.#entries.filter((e) => e.status === 'failed' && e.error === null).map((e) => this.#send(e.clientMessageId))
    return Promise.allSettled(jobs).then(() => undefined)
  }

  /** Gives up on a message. */
  discard(clientMessageId: string): void {
    this.#remove(clientMessageId)
  }

  /** The server's copy is known (the send's reply, the stream, a catch-up): the entry goes. */
  settle(clientMessageId: string): void {
    this.#remove(clientMessageId)
  }

  /** Stops the waits for rate limits. */
  dispose(): void {
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
  }

  #find(clientMessageId: string): OutboxEntry<T> | undefined {
    return this.#entries.find((e) => e.clientMessageId === clientMessageId)
  }

  #update(clientMessageId: string, patch: OutboxStatus): OutboxEntry<T> | undefined {
    const had = this.#find(clientMessageId)
    if (!had || (had.status === patch.status && had.error === patch.error)) return had
    const next = { ...had, ...patch }
    this.#entries = this.#entries.map((e) => (e === had ? next : e))
    this.#options.changed(next)
    return next
  }

  #remove(clientMessageId: string): void {
    const had = this.#find(clientMessageId)
    if (!had) return
    this.#entries = this.#entries.filter((e) => e !== had)
    this.#options.changed(had)
  }

  #send(clientMessageId: string): Promise<void> {
    this.#update(clientMessageId, { status: 'sending', error: null })
    if (!this.#options.oneAtATime) return this.#attempt(clientMessageId)
    this.#queue = this.#queue.then(() => this.#attempt(clientMessageId))
    return this.#queue
  }

  /** One delivery; never rejects. */
  async #attempt(clientMessageId: string): Promise<void> {
    const entry = this.#find(clientMessageId)
    if (!entry) return
    try {
      await this.#options.deliver(entry)
      this.#remove(clientMessageId)
    } catch (error) {
      if (this.#options.waitWhenRateLimited && error instanceof ParloirApiError && error.code === 'RATE_LIMITED') {
        const timer = setTimeout(() => { this.#timers.delete(timer); void this.#send(clientMessageId) }, Math.max(500, error.retryAfterMs ?? 1_000))
        this.#timers.add(timer)
        return
      }
      const failed = this.#update(clientMessageId, { status: 'failed', error: isNetworkError(error) ? null : error })
      if (failed) this.#options.failed?.(failed, error)
    }
  }
}
