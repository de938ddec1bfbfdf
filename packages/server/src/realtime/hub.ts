import type { WebSocket } from 'ws'
import type { ServerFrame } from '@parloir/protocol'
import { isDeliverable, type EventEnvelope, type Fanout, type FanoutMessage, type StreamViewer } from '@parloir/core'
import type { Metrics } from '../metrics.ts'

/** WebSocket close codes we use beyond the standard ones. */
export const CloseCode = {
  goingAway: 1001,
  policy: 1008,
  tryAgainLater: 1013,
  sessionRevoked: 4001,
  /** What the account may see changed: reconnect at once (the cursor resumes it). */
  accessChanged: 4002,
  /** The fan-out may have lost events: reconnect at once (the cursor repairs the gap). */
  missedEvents: 4002,
} as const

/** How many recent cursors a stream remembers to send late events once, and only once. */
const SENT_WINDOW = 256

/** The TCP socket under a WebSocket, which can hold writes back and send them in one go. */
export interface Corkable { cork(): void; uncork(): void }

/**
 * Holds each socket's writes until the current turn of the event loop ends, then sends them with
 * one system call: a group commit answers the sender and delivers the event to the recipient
 * and to the sender's own streams in the same turn, and one `writev` per frame was 13 % of the
 * server's time in the closed-loop bench.
 */
const corked = new Set<Corkable>()
let uncorkScheduled = false
function uncorkAll(): void {
  uncorkScheduled = false
  for (const socket of corked) socket.uncork()
  corked.clear()
}
function holdWrites(socket: Corkable): void {
  if (corked.has(socket)) return
  socket.cork()
  corked.add(socket)
  if (!uncorkScheduled) { uncorkScheduled = true; setImmediate(uncorkAll) }
}

/** An event's frame as JSON, made once however many streams it goes to. */
const serialized = new WeakMap<EventEnvelope, string>()
function frameOf(envelope: EventEnvelope): string {
  let data = serialized.get(envelope)
  if (data === undefined) {
    data = JSON.stringify({ name: envelope.name, ...(envelope.cursor !== undefined ? { cursor: envelope.cursor } : {}), data: envelope.data })
    serialized.set(envelope, data)
  }
  return data
}

/** One open stream: a socket, whose accounts it listens for, and what it has been sent. */
export class StreamConnection {
  alive = true
  /** Until the replay from the event log is sent, live events wait here. */
  #pending: EventEnvelope[] | null = []
  /** Every cursor at or below the floor counts as sent. */
  #floor = 0
  /** Cursors sent above the floor: with several processes, events may arrive out of order. */
  #sent = new Set<number>()
  #highest = 0

  constructor(
    readonly socket: WebSocket,
    readonly userId: string,
    readonly sessionId: string,
    readonly viewer: StreamViewer,
    private readonly sendBufferBytes: number,
    private readonly metrics: Metrics,
    /** The TCP socket under `socket`, to send the frames of one turn of the event loop together. */
    private readonly transport: Corkable | null = null,
  ) {}

  /** Sends a frame, or closes a stream whose unsent bytes pass the cap (a slow reader). */
  send(frame: ServerFrame): void {
    this.#sendText(JSON.stringify(frame))
  }

  #sendText(data: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return
    if (this.socket.bufferedAmount + data.length > this.sendBufferBytes) {
      this.metrics.streamsClosedSlow.inc()
      this.socket.close(CloseCode.tryAgainLater, 'send buffer full')
      return
    }
    if (this.transport) holdWrites(this.transport)
    this.socket.send(data)
  }

  deliver(envelope: EventEnvelope): void {
    if (this.#pending) { this.#pending.push(envelope); return }
    this.#write(envelope)
  }

  #write(envelope: EventEnvelope): void {
    if (envelope.cursor !== undefined && !this.#markSent(envelope.cursor)) return
    if (envelope.name === 'settings.updated') {
      const data = envelope.data
      if (this.viewer.accounts.has(data.accountId)) this.viewer.accounts.set(data.accountId, data.settings.sendReadReceipts)
    }
    this.metrics.eventsDelivered.inc()
    this.#sendText(frameOf(envelope))
  }

  /** Sends the replay, then what arrived live meanwhile, skipping what the replay covered. */
  goLive(replay: EventEnvelope[], fromCursor: number): number {
    this.#floor = fromCursor
    this.#highest = fromCursor
    for (const envelope of replay) this.#write(envelope)
    const pending = this.#pending ?? []
    this.#pending = null
    for (const envelope of pending) this.#write(envelope)
    return this.#highest
  }

  /**
   * Records a cursor as sent; false when it already was (the replay and the live events meet,
   * or the fan-out repeats). An event that arrives after a higher one, as happens when two
   * processes publish, is still sent once, unless it is more than SENT_WINDOW events late.
   */
  #markSent(cursor: number): boolean {
    if (cursor <= this.#floor || this.#sent.has(cursor)) return false
    this.#sent.add(cursor)
    if (cursor > this.#highest) this.#highest = cursor
    if (this.#sent.size > SENT_WINDOW) {
      this.#floor = Math.max(this.#floor, this.#highest - SENT_WINDOW / 2)
      for (const sent of this.#sent) if (sent <= this.#floor) this.#sent.delete(sent)
    }
    return true
  }
}

/** Routes events from the fan-out to the streams of the accounts they are for. */
export class StreamHub {
  readonly #byAccount = new Map<string, Set<StreamConnection>>()
  readonly #bySession = new Map<string, Set<StreamConnection>>()
  readonly #perUser = new Map<string, number>()
  readonly #byUser = new Map<string, Set<StreamConnection>>()
  readonly #unsubscribe: () => void
  readonly #heartbeat: NodeJS.Timeout
  readonly #userWatchers: Array<(userId: string, open: boolean) => void> = []

  constructor(fanout: Fanout, private readonly metrics: Metrics, heartbeatMs: number) {
    this.#unsubscribe = fanout.subscribe((message) => this.#onMessage(message))
    this.#heartbeat = setInterval(() => this.#beat(), heartbeatMs)
    this.#heartbeat.unref()
  }

  streamsOf(userId: string): number {
    return this.#perUser.get(userId) ?? 0
  }

  /** Who has a stream open here. */
  userIds(): IterableIterator<string> {
    return this.#byUser.keys()
  }

  get size(): number {
    let n = 0
    for (const count of this.#perUser.values()) n += count
    return n
  }

  /** Calls `watcher` when a person's first stream here opens (true) and when their last one here closes (false). */
  watchUsers(watcher: (userId: string, open: boolean) => void): void {
    this.#userWatchers.push(watcher)
  }

  add(connection: StreamConnection): void {
    for (const accountId of connection.viewer.accounts.keys()) addTo(this.#byAccount, accountId, connection)
    addTo(this.#bySession, connection.sessionId, connection)
    addTo(this.#byUser, connection.userId, connection)
    const had = this.streamsOf(connection.userId)
    this.#perUser.set(connection.userId, had + 1)
    this.metrics.streams.inc()
    if (had === 0) for (const watcher of this.#userWatchers) watcher(connection.userId, true)
  }

  remove(connection: StreamConnection): void {
    let found = false
    for (const accountId of connection.viewer.accounts.keys()) found = removeFrom(this.#byAccount, accountId, connection) || found
    removeFrom(this.#bySession, connection.sessionId, connection)
    removeFrom(this.#byUser, connection.userId, connection)
    if (!found) return
    const left = this.streamsOf(connection.userId) - 1
    if (left > 0) this.#perUser.set(connection.userId, left)
    else this.#perUser.delete(connection.userId)
    this.metrics.streams.dec()
    if (left <= 0) for (const watcher of this.#userWatchers) watcher(connection.userId, false)
  }

  /**
   * Adds a key this stream listens on besides its accounts (a public discussion it watches:
   * core's `discussionWatchKey`); `remove` forgets it with the rest.
   */
  listen(connection: StreamConnection, key: string): void {
    if (connection.viewer.accounts.has(key)) return
    connection.viewer.accounts.set(key, false)
    addTo(this.#byAccount, key, connection)
  }

  /** Stops listening on a key `listen` added. */
  unlisten(connection: StreamConnection, key: string): void {
    if (!connection.viewer.accounts.delete(key)) return
    removeFrom(this.#byAccount, key, connection)
  }

  #onMessage(message: FanoutMessage): void {
    if (message.type === 'session.revoked') {
      for (const connection of this.#bySession.get(message.sessionId) ?? []) connection.socket.close(CloseCode.sessionRevoked, 'session revoked')
      return
    }
    if (message.type === 'resync') {
      this.closeAll(CloseCode.missedEvents, 'events may have been missed')
      return
    }
    if (message.type === 'access.changed') {
      for (const connection of this.#byUser.get(message.userId) ?? []) connection.socket.close(CloseCode.accessChanged, 'access changed')
      return
    }
    const envelope = message.event
    const targets = new Set<StreamConnection>()
    for (const accountId of envelope.accountIds) {
      for (const connection of this.#byAccount.get(accountId) ?? []) targets.add(connection)
    }
    for (const connection of targets) {
      if (isDeliverable(envelope, connection.viewer)) connection.deliver(envelope)
    }
  }

  #beat(): void {
    const at = new Date().toISOString()
    for (const set of this.#bySession.values()) {
      for (const connection of set) {
        if (!connection.alive) { connection.socket.terminate(); continue }
        connection.alive = false
        connection.socket.ping()
        connection.send({ name: 'heartbeat', at })
      }
    }
  }

  /** Closes every stream, e.g. on shutdown, so clients reconnect elsewhere and resume. */
  closeAll(code: number, reason: string): void {
    for (const set of this.#bySession.values()) for (const connection of set) connection.socket.close(code, reason)
  }

  close(): void {
    clearInterval(this.#heartbeat)
    this.#unsubscribe()
  }
}

function addTo<K>(map: Map<K, Set<StreamConnection>>, key: K, connection: StreamConnection): void {
  let set = map.get(key)
  if (!set) map.set(key, (set = new Set()))
  set.add(connection)
}

function removeFrom<K>(map: Map<K, Set<StreamConnection>>, key: K, connection: StreamConnection): boolean {
  const set = map.get(key)
  if (!set?.delete(connection)) return false
  if (set.size === 0) map.delete(key)
  return true
}
