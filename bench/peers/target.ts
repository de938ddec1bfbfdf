/**
 * One messaging server under test, driven the same way whatever protocol it speaks, so that
 * `bench/compare.ts` runs the very same workload against Parloir, Prosody and ejabberd.
 *
 * Every message the bench sends carries a unique `tag` (ASCII, at most 24 characters) at the
 * start of its body; the body is padded to the workload's size. A target reports a delivery
 * with that tag the moment the recipient's connection has the message, and reports which
 * tags its archive holds, so the bench can check that every delivered message was archived.
 */

/** An account on the target; `name` is the local part the bench chose (`u17`). */
export interface Account {
  readonly name: string
}

/** A 1:1 conversation or a group the bench created on the target, with its members. */
export interface Conversation {
  readonly id: string
  readonly members: readonly Account[]
  readonly kind: 'direct' | 'group'
}

/** What a live connection reports: the tag of a message delivered to `recipient`. */
export type OnDelivery = (recipient: Account, tag: string) => void

/** An authenticated, live connection of one account, ready to send and to receive. */
export interface Session {
  /**
   * Sends `body` (which starts with the tag) from this session's account into `conversation`.
   * Resolves when the server has accepted it: Parloir after its durable commit; XMPP, which has
   * no per-message acknowledgement, once the stanza is written to the socket.
   */
  send(conversation: Conversation, body: string): Promise<void>
  close(): Promise<void>
}

/** A connection that only holds its place (authenticated, online), to measure memory per connection. */
export interface IdleConnection {
  close(): void
}

export interface Target {
  /** Shown in the table: product and version, e.g. `Prosody 0.12.3`. */
  readonly name: string
  /** One line: archive engine and durability settings, e.g. `mod_mam on SQLite (journal_mode=WAL, synchronous=FULL)`. */
  readonly archive: string
  /**
   * Installs what is missing (apt), writes its configuration under `dataDir`, starts it on loopback,
   * waits until it serves. Called again on the same `dataDir` after `stop()`, it restarts on the
   * data already there (accounts, conversations and archive kept): that is the cold start.
   */
  start(dataDir: string): Promise<void>
  /** Stops the server (SIGTERM, then SIGKILL after 10 s); idempotent. */
  stop(): Promise<void>
  /** Process ids of the server (all its OS processes), for CPU time (/proc/PID/stat) and memory (VmRSS, VmHWM). */
  pids(): number[]
  createAccounts(names: readonly string[]): Promise<Account[]>
  direct(a: Account, b: Account): Promise<Conversation>
  /** A group (XMPP: a members-only MUC room with archiving on) that every member has joined. */
  group(members: readonly Account[]): Promise<Conversation>
  /** Opens a live session; `onDelivery` is called for every message this account receives from others (never its own echo). */
  connect(account: Account, onDelivery: OnDelivery): Promise<Session>
  /** Opens an idle connection (the same transport as `connect`: WebSocket). */
  connectIdle(account: Account): Promise<IdleConnection>
  /**
   * Every tag the server's archive holds for `conversation`, read from its own storage (SQL or
   * its archive query), for the check that every delivered message was archived.
   */
  archivedTags(conversation: Conversation): Promise<Set<string>>
  /** Fetches the newest page of 50 messages of `conversation` as `account` would (Parloir: REST; XMPP: a MAM query with RSM max=50 and before=''). Resolves with the number of messages returned. */
  historyPage(session: Session, account: Account, conversation: Conversation): Promise<number>
  /**
   * Writes `count` old messages of `bodyBytes` bytes into `conversation`'s archive directly in
   * the server's storage, while the server is stopped (bulk, minutes for a million rows), so
   * history and cold start can be measured on a large archive.
   */
  seedArchive(conversation: Conversation, count: number, bodyBytes: number): Promise<void>
  /** Bytes the server's storage takes on disk now (database and archive files). */
  storageBytes(): number
}
