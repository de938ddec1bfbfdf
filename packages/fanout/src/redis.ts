import { randomUUID } from 'node:crypto'
import { Redis, type RedisOptions } from 'ioredis'
import { silentLogger, type Fanout, type FanoutMessage, type Logger } from '@parloir/core'

export interface RedisFanoutOptions {
  /** `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. */
  url: string
  /** The pub/sub channel every process of one installation shares (channels ignore the db number). */
  channel?: string
  /**
   * Delay before reconnect attempt n: up to initialMs × 2^(n-1), capped at maxMs, half of it
   * random (defaults 100 ms and 1 s: after an outage of any length each connection tries again
   * every 0.5–1 s, so a process notices Redis is back within 1 s, and no more than two attempts a
   * second per connection reach a Redis that is starting).
   */
  reconnect?: { initialMs?: number; maxMs?: number }
  /** Longest one connection attempt waits (a Redis host that drops packets rather than refusing). */
  connectTimeoutMs?: number
  /** Longest `close()` waits for Redis to answer QUIT before dropping the sockets. */
  closeTimeoutMs?: number
  logger?: Logger
}

/**
 * How every Parloir connection to Redis behaves: reconnects with capped, jittered backoff until
 * `closed()`, and never queues a command while disconnected (it fails at once: callers drop it
 * or apply their outage policy).
 */
export function redisConnectionOptions(closed: () => boolean, options: Pick<RedisFanoutOptions, 'reconnect' | 'connectTimeoutMs'> = {}): RedisOptions {
  const initialMs = options.reconnect?.initialMs ?? 100
  const maxMs = options.reconnect?.maxMs ?? 1_000
  return {
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    retryStrategy: (attempt) => {
      if (closed()) return null
      const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1))
      return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2)
    },
    // Nothing waits for Redis: a command that cannot be written now fails now.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // How long a socket being closed may linger; QUIT has been waited for already (closeTimeoutMs).
    disconnectTimeout: 200,
  }
}

/** Counters since start; `dropped` and `gaps` are what the event log had to repair. */
export interface RedisFanoutStats {
  /** Messages Redis accepted. */
  published: number
  /** Messages not sent because Redis was unreachable (never thrown at the caller). */
  dropped: number
  /** Messages received from Redis, this process's own included. */
  received: number
  /** Frames on the channel that were not ours or not JSON: ignored. */
  malformed: number
  /** Losses seen on the wire: a publisher's sequence jumped, or it said it dropped some. */
  gaps: number
  /** `{ type: 'resync' }` signals given to subscribers. */
  resyncs: number
}

/**
 * What travels on the channel. `seq` counts every publish attempt of one process (`from`), so a
 * jump shows a loss; a frame without `message` and with `lost` is sent by a publisher whose
 * connection came back after it dropped messages, so that every process repairs them.
 */
interface Wire {
  v: 1
  from: string
  seq: number
  message?: FanoutMessage
  lost?: true
}

const isWire = (value: unknown): value is Wire => {
  if (typeof value !== 'object' || value === null) return false
  const wire = value as Partial<Wire>
  return wire.v === 1 && typeof wire.from === 'string' && typeof wire.seq === 'number' &&
    (wire.message === undefined || (typeof wire.message === 'object' && wire.message !== null && typeof wire.message.type === 'string'))
}

/**
 * Fan-out between processes over Redis pub/sub: one connection publishes, one subscribes to one
 * channel. Every process, the publishing one included, delivers to its own subscribers only what
 * it receives from Redis, so all of them see one order: Redis's.
 *
 * Pub/sub is at most once. A message published while Redis is unreachable is dropped (counted,
 * logged, never thrown at the caller), and a subscriber that was disconnected missed whatever
 * was published meanwhile. Either way subscribers get `{ type: 'resync' }` once the loss is
 * known: after the channel is subscribed again, or when a publisher's sequence shows a gap. The
 * server then makes every stream resume from its cursor, and the event log fills the gap.
 */
export class RedisFanout implements Fanout {
  readonly channel: string
  readonly stats: RedisFanoutStats = { published: 0, dropped: 0, received: 0, malformed: 0, gaps: 0, resyncs: 0 }
  readonly #id = randomUUID()
  readonly #pub: Redis
  readonly #sub: Redis
  readonly #logger: Logger
  readonly #closeTimeoutMs: number
  readonly #handlers = new Set<(message: FanoutMessage) => void>()
  /** Last `seq` seen from each publisher since the channel was last subscribed. */
  readonly #lastSeq = new Map<string, number>()
  #seq = 0
  #subscribed = false
  #everSubscribed = false
  /** A handler was listening while the channel was not subscribed: it may have missed messages. */
  #blind = false
  /** Messages were dropped since the last "lost" frame: tell every process once connected. */
  #lost = false
  #droppedThisOutage = 0
  #pubDownLogged = false
  #subDownLogged = false
  #closed = false
  #lastError: string | undefined
  readonly #onSubscribed = new Set<() => void>()

  constructor(options: RedisFanoutOptions) {
    this.channel = options.channel ?? 'parloir:events'
    this.#logger = options.logger ?? silentLogger
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 2_000
    const common = redisConnectionOptions(() => this.#closed, options)
    this.#pub = new Redis(options.url, { ...common, connectionName: 'parloir-fanout-pub' })
    // Subscribing is done by hand on every `ready`, so that a resubscription is known to be complete.
    this.#sub = new Redis(options.url, { ...common, connectionName: 'parloir-fanout-sub', autoResubscribe: false })

    this.#pub.on('ready', () => this.#onPublisherReady())
    this.#pub.on('close', () => {
      if (this.#closed || this.#pubDownLogged) return
      this.#pubDownLogged = true
      this.#logger.warn({ channel: this.channel, err: this.#lastError }, 'fan-out publisher lost Redis; messages are dropped until it returns')
    })
    this.#pub.on('error', (error: Error) => this.#onError('publisher', error))

    this.#sub.on('ready', () => void this.#subscribeChannel()) // logs its own failure and reconnects
    this.#sub.on('message', (channel: string, text: string) => { if (channel === this.channel) this.#onFrame(text) })
    this.#sub.on('close', () => {
      if (this.#subscribed && this.#handlers.size > 0) this.#blind = true
      this.#subscribed = false
      if (this.#closed || this.#subDownLogged) return
      this.#subDownLogged = true
      this.#logger.warn({ channel: this.channel, err: this.#lastError }, 'fan-out subscriber lost Redis; live events pause until it returns')
    })
    this.#sub.on('error', (error: Error) => this.#onError('subscriber', error))
  }

  /** ioredis statuses (`ready`, `reconnecting`, `end`, …) and whether the channel is subscribed. */
  get status(): { publisher: string; subscriber: string; subscribed: boolean } {
    return { publisher: this.#pub.status, subscriber: this.#sub.status, subscribed: this.#subscribed }
  }

  /**
   * Resolves once both connections are up and the channel is subscribed (at once if they are);
   * rejects after `timeoutMs`. Nothing requires it: the fan-out connects and reconnects by itself.
   */
  whenConnected(timeoutMs = 10_000): Promise<void> {
    if (this.#subscribed && this.#pub.status === 'ready') return Promise.resolve()
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!this.#subscribed || this.#pub.status !== 'ready') return
        done()
        resolve()
      }
      const done = () => { clearTimeout(timer); this.#onSubscribed.delete(check); this.#pub.off('ready', check) }
      const timer = setTimeout(() => { done(); reject(new Error(`Redis fan-out not connected within ${timeoutMs} ms`)) }, timeoutMs)
      this.#onSubscribed.add(check)
      this.#pub.on('ready', check)
    })
  }

  publish(message: FanoutMessage): void {
    if (this.#closed) return
    const seq = ++this.#seq
    const wire = JSON.stringify({ v: 1, from: this.#id, seq, message } satisfies Wire)
    if (this.#pub.status !== 'ready') { this.#drop(); return }
    this.#pub.publish(this.channel, wire).then(() => { this.stats.published++ }, () => this.#drop())
  }

  subscribe(handler: (message: FanoutMessage) => void): () => void {
    if (!this.#subscribed) this.#blind = true
    this.#handlers.add(handler)
    return () => { this.#handlers.delete(handler) }
  }

  /** Quits both connections (or drops them if Redis does not answer); later publishes do nothing. */
  async close(): Promise<void> {
    if (this.#closed) return
    if (this.#lost && this.#pub.status === 'ready') this.#sendLost()
    this.#closed = true
    this.#subscribed = false
    this.#handlers.clear()
    await Promise.all([this.#quit(this.#pub), this.#quit(this.#sub)])
  }

  async #quit(connection: Redis): Promise<void> {
    if (connection.status === 'end') return
    // Not connected: stop the reconnect attempts; there is nothing to say goodbye to.
    if (connection.status !== 'ready') { connection.disconnect(); return }
    const ended = new Promise<void>((resolve) => connection.once('end', () => resolve()))
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, this.#closeTimeoutMs) })
    connection.quit().catch(() => undefined)
    await Promise.race([ended, timeout])
    clearTimeout(timer)
    // `status` changed meanwhile (TypeScript still sees the 'ready' checked above).
    if ((connection.status as string) !== 'end') connection.disconnect()
  }

  #drop(): void {
    this.stats.dropped++
    this.#droppedThisOutage++
    this.#lost = true
    if (this.#droppedThisOutage === 1) {
      this.#logger.warn({ channel: this.channel, publisher: this.#pub.status }, 'fan-out dropped a message: Redis is unreachable; streams will resume from the event log')
    }
  }

  #onPublisherReady(): void {
    if (this.#pubDownLogged || this.#droppedThisOutage > 0) {
      this.#logger.info({ channel: this.channel, dropped: this.#droppedThisOutage }, 'fan-out publisher reconnected to Redis')
    }
    this.#pubDownLogged = false
    this.#droppedThisOutage = 0
    if (this.#lost) this.#sendLost()
    for (const check of [...this.#onSubscribed]) check()
  }

  /** Tells every process that this one dropped messages, so that each makes its streams resume. */
  #sendLost(): void {
    this.#lost = false
    const frame = JSON.stringify({ v: 1, from: this.#id, seq: this.#seq, lost: true } satisfies Wire)
    this.#pub.publish(this.channel, frame).catch(() => { this.#lost = true })
  }

  async #subscribeChannel(): Promise<void> {
    try {
      await this.#sub.subscribe(this.channel)
    } catch (error) {
      if (this.#closed) return
      this.#logger.warn({ channel: this.channel, err: error }, 'fan-out could not subscribe; reconnecting')
      this.#sub.disconnect(true)
      return
    }
    if (this.#closed) return
    const again = this.#everSubscribed
    this.#subscribed = true
    this.#everSubscribed = true
    this.#subDownLogged = false
    // Whatever a publisher lost before now is covered by the resync below (or nobody was listening).
    this.#lastSeq.clear()
    if (again) this.#logger.info({ channel: this.channel }, 'fan-out resubscribed to Redis; streams resume from the event log')
    if (this.#blind) {
      this.#blind = false
      if (this.#handlers.size > 0) this.#resync()
    }
    for (const check of [...this.#onSubscribed]) check()
  }

  #onFrame(text: string): void {
    let wire: unknown
    try { wire = JSON.parse(text) } catch { wire = undefined }
    if (!isWire(wire)) {
      this.stats.malformed++
      if (this.stats.malformed === 1) this.#logger.warn({ channel: this.channel }, 'fan-out ignored a frame that is not a Parloir message')
      return
    }
    const last = this.#lastSeq.get(wire.from)
    this.#lastSeq.set(wire.from, Math.max(last ?? 0, wire.seq))
    if (wire.lost === true || (last !== undefined && wire.seq > last + 1)) {
      this.stats.gaps++
      this.#logger.warn({ channel: this.channel, publisher: wire.from, lastSeq: last, seq: wire.seq }, 'fan-out saw lost messages; streams resume from the event log')
      this.#resync()
    }
    if (!wire.message) return
    this.stats.received++
    let first = true
    for (const handler of [...this.#handlers]) {
      // Each handler gets its own copy, as from the memory fan-out.
      const message = first ? wire.message : (JSON.parse(text) as Wire).message!
      first = false
      this.#call(handler, message)
    }
  }

  #resync(): void {
    this.stats.resyncs++
    for (const handler of [...this.#handlers]) this.#call(handler, { type: 'resync' })
  }

  /** A failing handler must not break the connection's reader nor the other handlers. */
  #call(handler: (message: FanoutMessage) => void, message: FanoutMessage): void {
    try {
      handler(message)
    } catch (error) {
      this.#logger.error({ err: error, type: message.type }, 'fan-out subscriber failed')
    }
  }

  #onError(connection: 'publisher' | 'subscriber', error: Error): void {
    this.#lastError = error.message
    // ioredis reports every failed reconnect attempt: log while connected, not once per retry.
    const status = connection === 'publisher' ? this.#pub.status : this.#sub.status
    if (this.#closed || status === 'reconnecting' || status === 'connecting') return
    this.#logger.warn({ channel: this.channel, connection, err: error.message }, 'fan-out Redis error')
  }
}
