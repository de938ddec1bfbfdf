import {
  eventNames, type ClientFrame, type ClientFrameReplyData, type EventName, type EventPayload, type Message, type SendMessageBody, type ServerFrame, type StreamEvent,
} from '@parloir/protocol'
import { errorFromReply, errorFromResponse, ParloirApiError, ParloirStreamError } from './errors.ts'
import { streamUrl } from './urls.ts'

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed'

/**
 * Why a stream is closed for good: `closed` by the app, `revoked` (the session ended, close code
 * 4001), refused on upgrade as `unauthenticated` (401) or `forbidden` (403, e.g. a foreign
 * origin) or `refused` (another 4xx), or `disconnected` with reconnecting turned off.
 */
export type StreamCloseReason = 'closed' | 'revoked' | 'unauthenticated' | 'forbidden' | 'refused' | 'disconnected'

export interface ReadyInfo {
  /** The server's position: events after it come live. */
  cursor: number
  heartbeatMs: number
  /** The cursor this connection resumed from; undefined for a fresh start. */
  resumedFrom: number | undefined
}
export interface ResyncInfo { cursor: number; reason: 'cursor_too_old' | 'gap_too_large' }
export interface StateChange { state: StreamState; previous: StreamState; reason?: StreamCloseReason }
export interface DisconnectInfo {
  /** The WebSocket close code; 1006 when the connection dropped or went silent. */
  code: number
  reason: string
  willReconnect: boolean
  /** When reconnecting, after how long. */
  delayMs?: number
}
export type ReplyFrame = Extract<ServerFrame, { name: 'reply' }>
export type EventOf<N extends EventName> = Extract<StreamEvent, { name: N }>

/** Everything a stream can tell: the catalogue's events by name, then the stream's own. */
export type StreamListeners = { [N in EventName]: (data: EventPayload<N>, event: EventOf<N>) => void } & {
  /** Every catalogue event, in order, once each. */
  event: (event: StreamEvent) => void
  /** The server replayed what was missed (if resuming) and is now live. */
  ready: (info: ReadyInfo) => void
  /** The gap could not be replayed: refetch state over REST, then carry on from here. */
  resync: (info: ResyncInfo) => void
  state: (change: StateChange) => void
  heartbeat: (frame: { at: string }) => void
  /** Every reply frame, also those answering `request()` (which resolve its promise). */
  reply: (frame: ReplyFrame) => void
  /** Every frame as received, duplicates included: for diagnostics and tests. */
  frame: (frame: ServerFrame) => void
  disconnect: (info: DisconnectInfo) => void
  error: (error: Error) => void
}
export type StreamListenerName = keyof StreamListeners

/** The part of a browser `WebSocket` this client uses. */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
}
export type WebSocketLikeConstructor = new (url: string) => WebSocketLike

export interface StreamOptions {
  /** Resume after this cursor (kept from an earlier stream); without it the stream starts now. */
  cursor?: number
  /**
   * A browser-style WebSocket constructor. In a browser the global one is used, and the session
   * cookie authenticates. In Node the `ws` package is used, sending `Authorization: Bearer`.
   */
  WebSocket?: WebSocketLikeConstructor
  /** Node only: more upgrade headers, e.g. `cookie` or `origin`. */
  headers?: Record<string, string>
  /** Reconnect after a drop (default true); never after a revocation or a refused upgrade. */
  reconnect?: boolean
  /** Delay before reconnect attempt n: up to initialMs × 2^(n-1), capped at maxMs, half of it random. */
  backoff?: { initialMs?: number; maxMs?: number }
  /** A connection with no frame for this long before `stream.ready` is dropped (default 15 s). */
  connectTimeoutMs?: number
  /** How long `request()` waits for its reply (default 10 s). */
  requestTimeoutMs?: number
  /**
   * The server's frame cap (default 64 KiB, the server's default): a bigger frame would close the
   * stream (1009), so `request()` refuses it with BODY_TOO_LARGE instead, as REST refuses a big body.
   */
  maxFrameBytes?: number
}

/** What the stream needs of its client: where to connect and with which token, read at each connect. */
export interface StreamAuth {
  readonly baseUrl: string
  readonly token: string | undefined
  /** The brand `send()` acts as unless told otherwise (a client's `actAs`, sent over REST as `parloir-act-as`). */
  readonly actAs?: string | undefined
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** A client frame without its `id`, which the stream assigns. */
export type ClientRequest = DistributiveOmit<ClientFrame, 'id'>

/** The reconnect delay for attempt n (1-based): "equal jitter" exponential backoff. */
export function reconnectDelayMs(attempt: number, backoff: { initialMs: number; maxMs: number }, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

const catalogue = new Set<string>(eventNames)
const isCatalogueEvent = (name: string): name is EventName => catalogue.has(name)

interface TransportEvents {
  open(): void
  message(text: string): void
  close(code: number, reason: string): void
  error(error: Error): void
  /** The server answered the upgrade with an HTTP error (Node only: browsers do not say). */
  refused(error: ParloirApiError): void
}

interface Transport {
  readonly isOpen: boolean
  /** The underlying socket (`ws` WebSocket in Node), for diagnostics and tests. */
  readonly raw: unknown
  send(text: string): void
  /** Closes with a handshake; resolves once closed (or dropped after a short wait). */
  close(code: number, reason: string): Promise<void>
  /** Drops the connection at once, no handshake: for a server that stopped answering. */
  terminate(): void
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string'

async function nodeTransport(url: string, headers: Record<string, string>, on: TransportEvents): Promise<Transport> {
  const { WebSocket } = await import('ws')
  const ws = new WebSocket(url, { headers })
  let closed = false
  const whenClosed = new Promise<void>((resolve) => ws.once('close', () => { closed = true; resolve() }))
  ws.on('open', () => on.open())
  ws.on('message', (data, isBinary) => {
    if (isBinary) return
    on.message(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'))
  })
  ws.on('close', (code, reason) => on.close(code, reason.toString('utf8')))
  ws.on('error', (error) => on.error(error))
  ws.on('unexpected-response', (request, response) => {
    const chunks: Buffer[] = []
    response.on('data', (chunk: Buffer) => chunks.push(chunk))
    response.on('error', () => request.destroy())
    response.on('end', () => {
      const retryAfter = response.headers['retry-after']
      on.refused(errorFromResponse(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), Array.isArray(retryAfter) ? retryAfter[0] : retryAfter))
      request.destroy()
    })
  })
  return {
    get isOpen() { return ws.readyState === ws.OPEN },
    raw: ws,
    send: (text) => ws.send(text),
    close(code, reason) {
      if (!closed) {
        ws.close(code, reason)
        const timer = setTimeout(() => ws.terminate(), 1_000)
        void whenClosed.then(() => clearTimeout(timer)) // whenClosed only resolves
      }
      return whenClosed
    },
    terminate: () => ws.terminate(),
  }
}

function browserTransport(Ctor: WebSocketLikeConstructor, url: string, on: TransportEvents): Transport {
  const ws = new Ctor(url)
  let markClosed = () => {}
  const whenClosed = new Promise<void>((resolve) => { markClosed = resolve })
  ws.onopen = () => on.open()
  ws.onmessage = (event) => { if (typeof event.data === 'string') on.message(event.data) }
  ws.onclose = (event) => { markClosed(); on.close(event.code, event.reason) }
  ws.onerror = () => on.error(new Error('The WebSocket failed.'))
  const OPEN = 1
  return {
    get isOpen() { return ws.readyState === OPEN },
    raw: ws,
    send: (text) => ws.send(text),
    close(code, reason) {
      ws.close(code, reason)
      return Promise.race([whenClosed, new Promise<void>((resolve) => setTimeout(resolve, 1_000))])
    },
    // A browser cannot drop a socket without the close handshake; the stream stops listening to it.
    terminate: () => { markClosed(); ws.close() },
  }
}

interface Pending {
  resolve: (data: unknown) => void
  reject: (error: Error) => void
  timer: ReturnType<typeof setTimeout>
}

type AnyListener = (...args: never[]) => void

/**
 * The realtime stream. It keeps the cursor of the last event, and after a drop reconnects with
 * backoff and `?cursor=` so the server replays exactly what was missed (or says resync). It
 * drops a connection silent for two heartbeats. Events arrive through `on(name, handler)` or
 * `for await (const event of stream)`.
 */
export class ParloirStream {
  #state: StreamState = 'connecting'
  #closeReason: StreamCloseReason | undefined
  #cursor: number | undefined
  #heartbeatMs: number | undefined
  #attempt = 0
  #nextId = 0
  /** Discussions this stream follows (`watchDiscussion`), followed again on each new connection. */
  readonly #watched = new Set<string>()
  /** The connection in use; events of any other (an old one being dropped) are ignored. */
  #current: object | undefined
  #transport: Transport | undefined
  #connectedFrom: number | undefined
  #deadTimer: ReturnType<typeof setTimeout> | undefined
  #retryTimer: ReturnType<typeof setTimeout> | undefined
  readonly #pending = new Map<string, Pending>()
  readonly #listeners = new Map<string, Set<AnyListener>>()
  readonly #auth: StreamAuth
  readonly #options: Required<Pick<StreamOptions, 'reconnect' | 'connectTimeoutMs' | 'requestTimeoutMs' | 'maxFrameBytes'>> & { backoff: { initialMs: number; maxMs: number } }
  readonly #socketOptions: Pick<StreamOptions, 'WebSocket' | 'headers'>

  constructor(auth: StreamAuth, options: StreamOptions = {}) {
    this.#auth = auth
    this.#cursor = options.cursor
    this.#options = {
      reconnect: options.reconnect ?? true,
      connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      maxFrameBytes: options.maxFrameBytes ?? 64 * 1024,
      backoff: { initialMs: options.backoff?.initialMs ?? 250, maxMs: options.backoff?.maxMs ?? 30_000 },
    }
    this.#socketOptions = { ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}), ...(options.headers ? { headers: options.headers } : {}) }
    // #connect never rejects: a failure to connect is an 'error' event and a drop, then a retry.
    void this.#connect()
  }

  get state(): StreamState { return this.#state }
  /** Set once the state is `closed`. */
  get closeReason(): StreamCloseReason | undefined { return this.#closeReason }
  /** The last event's cursor (or the server's position from `stream.ready`); the next connection resumes after it. */
  get cursor(): number | undefined { return this.#cursor }
  get heartbeatMs(): number | undefined { return this.#heartbeatMs }
  /** The current underlying socket (the `ws` WebSocket in Node), for diagnostics and tests. */
  get socket(): unknown { return this.#transport?.raw }

  // Listening.

  /** Adds a listener; answers a function that removes it. */
  on<K extends StreamListenerName>(name: K, listener: StreamListeners[K]): () => void {
    let set = this.#listeners.get(name)
    if (!set) this.#listeners.set(name, (set = new Set()))
    set.add(listener as AnyListener)
    return () => this.off(name, listener)
  }

  off<K extends StreamListenerName>(name: K, listener: StreamListeners[K]): void {
    this.#listeners.get(name)?.delete(listener as AnyListener)
  }

  once<K extends StreamListenerName>(name: K, listener: StreamListeners[K]): () => void {
    const wrapped = ((...args: never[]) => { off(); (listener as AnyListener)(...args) }) as StreamListeners[K]
    const off = this.on(name, wrapped)
    return off
  }

  /**
   * The first argument of the next `name` (matching `filter`, if given). Rejects with
   * ParloirStreamError TIMEOUT after `timeoutMs` (default 10 s), or CLOSED if the stream closes first.
   */
  waitFor<K extends StreamListenerName>(
    name: K,
    options: { timeoutMs?: number; filter?: (...args: Parameters<StreamListeners[K]>) => boolean } = {},
  ): Promise<Parameters<StreamListeners[K]>[0]> {
    return new Promise((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? 10_000
      const done = () => { clearTimeout(timer); offEvent(); offState() }
      const timer = setTimeout(() => { done(); reject(new ParloirStreamError('TIMEOUT', `No "${name}" within ${timeoutMs} ms.`)) }, timeoutMs)
      const offEvent = this.on(name, ((...args: Parameters<StreamListeners[K]>) => {
        if (options.filter && !options.filter(...args)) return
        done()
        resolve(args[0])
      }) as StreamListeners[K])
      const offState = this.on('state', (change) => {
        if (change.state !== 'closed' || name === 'state') return
        done()
        reject(new ParloirStreamError('CLOSED', `The stream closed (${change.reason ?? 'closed'}) before "${name}".`))
      })
      if (this.#state === 'closed' && name !== 'state') { done(); reject(new ParloirStreamError('CLOSED', 'The stream is closed.')) }
    })
  }

  /** Resolves once the stream is live (at once if it is); rejects if it closes first. */
  async whenLive(timeoutMs = 10_000): Promise<void> {
    if (this.#state === 'live') return
    await this.waitFor('ready', { timeoutMs })
  }

  /** Catalogue events from now on, in order; the iteration ends when the stream closes. */
  [Symbol.asyncIterator](): AsyncIterableIterator<StreamEvent> {
    const queue: StreamEvent[] = []
    let wake: (() => void) | undefined
    let ended = this.#state === 'closed'
    const offEvent = this.on('event', (event) => { queue.push(event); wake?.() })
    const offState = this.on('state', (change) => { if (change.state === 'closed') { ended = true; wake?.() } })
    const finish = (): IteratorResult<StreamEvent> => { offEvent(); offState(); ended = true; return { done: true, value: undefined } }
    const iterator: AsyncIterableIterator<StreamEvent> = {
      next: async () => {
        while (queue.length === 0 && !ended) await new Promise<void>((resolve) => { wake = resolve })
        wake = undefined
        const event = queue.shift()
        return event ? { done: false, value: event } : finish()
      },
      return: async () => finish(),
      [Symbol.asyncIterator]: () => iterator,
    }
    return iterator
  }

  #emit<K extends StreamListenerName>(name: K, ...args: Parameters<StreamListeners[K]>): void {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) {
      try {
        (listener as unknown as (...a: Parameters<StreamListeners[K]>) => void)(...args)
      } catch (error) {
        // One app handler failing must not stop the stream or the other handlers.
        if (name !== 'error' && (this.#listeners.get('error')?.size ?? 0) > 0) this.#emit('error', error instanceof Error ? error : new Error(String(error)))
        else console.error('@parloir/client: a stream listener threw', error)
      }
    }
  }

  // Client frames.

  /** Sends a client frame and resolves with its reply's data; rejects with ParloirApiError when the server says no. */
  request(frame: ClientRequest, options: { timeoutMs?: number } = {}): Promise<unknown> {
    const transport = this.#transport
    if (!transport?.isOpen) return Promise.reject(new ParloirStreamError('NOT_CONNECTED', `The stream is ${this.#state}, not connected.`))
    const id = `c${++this.#nextId}`
    const text = JSON.stringify({ ...frame, id })
    const limitBytes = this.#options.maxFrameBytes
    if (new TextEncoder().encode(text).length > limitBytes) {
      return Promise.reject(errorFromReply({ code: 'BODY_TOO_LARGE', message: `The frame is larger than the stream takes (${limitBytes} bytes); send it over REST.`, details: { limitBytes } }))
    }
    const timeoutMs = options.timeoutMs ?? this.#options.requestTimeoutMs
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id)
        reject(new ParloirStreamError('TIMEOUT', `No reply to "${frame.op}" within ${timeoutMs} ms.`))
      }, timeoutMs)
      this.#pending.set(id, { resolve, reject, timer })
      transport.send(text)
    })
  }

  /**
   * Sends a message over the stream: the REST send's body, answered once the message is committed,
   * with the message (the original one when `clientMessageId` repeats a send). Rejects with
   * ParloirApiError and the REST codes (IDEMPOTENCY_CONFLICT, RATE_LIMITED…), or ParloirStreamError
   * when the stream drops or closes first: then whether it was sent is unknown, and a retry with the
   * same `clientMessageId` (over the stream or REST) is safe. `actAs` defaults to the client's.
   */
  async send(conversationId: string, message: string | SendMessageBody, options: { actAs?: string; timeoutMs?: number } = {}): Promise<Message> {
    const body = typeof message === 'string' ? { text: message } : message
    const actAs = options.actAs ?? this.#auth.actAs
    const frame = { op: 'send' as const, conversationId, ...(actAs !== undefined ? { actAs } : {}), ...body }
    const data = await this.request(frame, options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) as ClientFrameReplyData['send']
    return data.message
  }

  /** Says I am typing in a conversation; the server allows one per 3 s (else RATE_LIMITED). */
  async typing(conversationId: string): Promise<void> { await this.request({ op: 'typing', conversationId }) }
  /** Marks a conversation read up to `seq`. */
  async read(conversationId: string, seq: number): Promise<void> { await this.request({ op: 'read', conversationId, seq }) }
  /**
   * Follows a public discussion one does not take part in (those taking part get its events
   * anyway): `discussionPost.created` and `discussion.updated` arrive live, and again after each
   * reconnection (they are not replayed: read the discussion again on `ready`).
   */
  async watchDiscussion(discussionId: string): Promise<void> {
    this.#watched.add(discussionId)
    await this.request({ op: 'watchDiscussion', discussionId })
  }
  /** Stops following a discussion. */
  async unwatchDiscussion(discussionId: string): Promise<void> {
    this.#watched.delete(discussionId)
    await this.request({ op: 'unwatchDiscussion', discussionId })
  }
  /** Round trip to the server; answers the milliseconds it took. */
  async ping(): Promise<number> {
    const started = Date.now()
    await this.request({ op: 'ping' })
    return Date.now() - started
  }

  /** Closes the stream for good; resolves once the socket is closed. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return
    const transport = this.#transport
    this.#finish('closed')
    await transport?.close(1000, 'client closed')
  }

  /**
   * Reconnects now, resuming from the cursor: skips a pending backoff delay, or replaces a live
   * connection (say, after the device changed networks). Does nothing once closed.
   */
  reconnect(): void {
    if (this.#state === 'closed') return
    const transport = this.#transport
    this.#detach('The stream is reconnecting.')
    transport?.terminate()
    if (this.#state === 'live') this.#setState('reconnecting')
    void this.#connect() // never rejects (see the constructor)
  }

  // Connection.

  async #connect(): Promise<void> {
    this.#retryTimer = undefined
    if (this.#state === 'closed') return
    const connection = {}
    this.#current = connection
    const from = this.#cursor
    const url = streamUrl(this.#auth.baseUrl, from)
    const mine = () => this.#current === connection
    const events: TransportEvents = {
      open: () => { if (mine()) this.#armDeadTimer() },
      message: (text) => { if (mine()) this.#onMessage(text) },
      close: (code, reason) => { if (mine()) this.#onDrop(code, reason) },
      error: (error) => { if (mine()) this.#emit('error', error) },
      refused: (error) => { if (mine()) this.#onRefused(error) },
    }
    let transport: Transport
    try {
      const { WebSocket: Ctor, headers } = this.#socketOptions
      const browserCtor = Ctor ?? (isNode ? undefined : (globalThis as { WebSocket?: WebSocketLikeConstructor }).WebSocket)
      if (browserCtor) {
        transport = browserTransport(browserCtor, url, events)
      } else {
        const token = this.#auth.token
        transport = await nodeTransport(url, { ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}), ...headers }, events)
      }
    } catch (error) {
      if (!mine()) return
      this.#emit('error', error instanceof Error ? error : new Error(String(error)))
      this.#onDrop(1006, 'could not open a socket')
      return
    }
    if (!mine()) { transport.terminate(); return }
    this.#transport = transport
    this.#connectedFrom = from
    this.#armDeadTimer()
  }

  /** No frame for 2 heartbeats (or, before `stream.ready`, for connectTimeoutMs): the server or the path is gone. */
  #armDeadTimer(): void {
    clearTimeout(this.#deadTimer)
    const ms = this.#heartbeatMs !== undefined && this.#state === 'live' ? 2 * this.#heartbeatMs : this.#options.connectTimeoutMs
    this.#deadTimer = setTimeout(() => {
      const transport = this.#transport
      this.#onDrop(1006, `no frame within ${ms} ms`)
      transport?.terminate()
    }, ms)
  }

  #onMessage(text: string): void {
    this.#armDeadTimer()
    let frame: ServerFrame
    try {
      frame = JSON.parse(text) as ServerFrame
    } catch {
      this.#emit('error', new Error('The server sent a frame that is not JSON.'))
      return
    }
    this.#emit('frame', frame)
    switch (frame.name) {
      case 'stream.ready':
        this.#cursor = frame.cursor
        this.#heartbeatMs = frame.heartbeatMs
        this.#attempt = 0
        this.#setState('live')
        this.#armDeadTimer()
        this.#emit('ready', { cursor: frame.cursor, heartbeatMs: frame.heartbeatMs, resumedFrom: this.#connectedFrom })
        // A new connection follows nothing yet: follow again what this stream followed.
        for (const discussionId of this.#watched) this.request({ op: 'watchDiscussion', discussionId }).catch(() => undefined)
        return
      case 'stream.resync':
        this.#cursor = frame.cursor
        this.#emit('resync', { cursor: frame.cursor, reason: frame.reason })
        return
      case 'heartbeat':
        this.#emit('heartbeat', { at: frame.at })
        return
      case 'reply': {
        const pending = this.#pending.get(frame.id)
        if (pending) {
          this.#pending.delete(frame.id)
          clearTimeout(pending.timer)
          if (frame.ok) pending.resolve(frame.data)
          else pending.reject(errorFromReply(frame.error))
        }
        this.#emit('reply', frame)
        return
      }
      default:
        break
    }
    if (!isCatalogueEvent(frame.name)) return
    const event = frame as StreamEvent
    if (event.cursor !== undefined) {
      // Already seen (a replay overlapping what came live): each event reaches the app once.
      if (this.#cursor !== undefined && event.cursor <= this.#cursor) return
      this.#cursor = event.cursor
    }
    ;(this.#emit as (name: string, ...args: unknown[]) => void)(event.name, event.data, event)
    this.#emit('event', event)
  }

  #onRefused(error: ParloirApiError): void {
    this.#emit('error', error)
    const transport = this.#transport
    if (this.#options.reconnect && (error.status === 429 || error.status >= 500 || error.status === 408)) {
      this.#dropAndRetry(1006, error.code, error.retryAfterMs ?? 0)
    } else {
      this.#finish(error.status === 401 ? 'unauthenticated' : error.status === 403 ? 'forbidden' : 'refused', { code: 1006, reason: error.code })
    }
    transport?.terminate()
  }

  #onDrop(code: number, reason: string): void {
    if (code === 4001) {
      // The session was revoked: reconnecting could only fail, and must not be tried.
      this.#finish('revoked', { code, reason })
      return
    }
    if (!this.#options.reconnect) {
      this.#finish('disconnected', { code, reason })
      return
    }
    this.#dropAndRetry(code, reason, 0)
  }

  #dropAndRetry(code: number, reason: string, minDelayMs: number): void {
    this.#detach('The stream disconnected before the reply.')
    this.#attempt++
    const delayMs = Math.max(minDelayMs, reconnectDelayMs(this.#attempt, this.#options.backoff))
    this.#setState('reconnecting')
    this.#emit('disconnect', { code, reason, willReconnect: true, delayMs })
    this.#retryTimer = setTimeout(() => void this.#connect(), delayMs) // never rejects (see the constructor)
  }

  /** Forgets the current connection: its late events are ignored and its requests fail. */
  #detach(message: string): void {
    this.#current = undefined
    this.#transport = undefined
    clearTimeout(this.#deadTimer)
    clearTimeout(this.#retryTimer)
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer)
      pending.reject(new ParloirStreamError('DISCONNECTED', message))
      this.#pending.delete(id)
    }
  }

  #finish(reason: StreamCloseReason, drop?: { code: number; reason: string }): void {
    this.#detach(reason === 'closed' ? 'The stream was closed.' : `The stream closed: ${reason}.`)
    this.#closeReason = reason
    if (drop) this.#emit('disconnect', { code: drop.code, reason: drop.reason, willReconnect: false })
    this.#setState('closed', reason)
  }

  #setState(state: StreamState, reason?: StreamCloseReason): void {
    if (this.#state === state) return
    const previous = this.#state
    this.#state = state
    this.#emit('state', { state, previous, ...(reason ? { reason } : {}) })
  }
}
