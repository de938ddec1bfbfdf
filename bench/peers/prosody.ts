/**
 * Prosody (Debian's `prosody`) as a bench target: its own instance in the bench's data folder,
 * on loopback, message archive `mod_mam` (and `mod_muc_mam` for rooms) on SQLite through
 * LuaDBI (`lua-dbi-sqlite3`), XMPP over WebSocket through its HTTP server.
 *
 * Prosody sets no PRAGMA on SQLite, so the archive runs on SQLite's defaults: journal_mode=DELETE
 * and synchronous=FULL, one transaction per archived stanza (see README.md for what that costs).
 * The bench reads and seeds the `prosodyarchive` table directly, in the format Prosody writes.
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { aptInstall, diskBytes, freePort, ServerProcess, stopSystemService, waitUntil, installedVersion } from './server-process.ts'
import type { Conversation, Target } from './target.ts'
import { bareJid, escapeXml, tagOf, unescapeXml, XmppTarget, type XmppEndpoint } from './xmpp.ts'

const DOMAIN = 'localhost'
const MUC_DOMAIN = `conference.${DOMAIN}`
const START_TIMEOUT_MS = 60_000
/** Open files Prosody may hold: one per connection plus the database. */
const MAX_FDS = 65_536

export class ProsodyTarget extends XmppTarget<ProsodyServer> implements Target {
  readonly name: string
  readonly archive = 'mod_mam on SQLite via LuaDBI (journal_mode=DELETE, synchronous=FULL: SQLite defaults, a transaction per archived stanza)'

  constructor() {
    super(new ProsodyServer())
    this.name = `Prosody ${installedVersion('prosody') ?? '(not installed yet)'}`
  }

  async start(dataDir: string): Promise<void> {
    await this.server.start(dataDir)
    ;(this as { name: string }).name = `Prosody ${installedVersion('prosody') ?? ''}`.trim()
  }

  /**
   * Direct: each member's archive rows of messages that came from the other member (the
   * recipient's copy; the sender's own copy does not count). Group: the room's archive.
   */
  async archivedTags(conversation: Conversation): Promise<Set<string>> {
    const db = this.server.openDatabase(true)
    try {
      const tags = new Set<string>()
      const add = (value: string) => {
        const body = /<body>([^<]*)<\/body>/.exec(value)
        if (body) tags.add(tagOf(unescapeXml(body[1]!)))
      }
      if (conversation.kind === 'group') {
        const rows = db.prepare('SELECT "value" FROM "prosodyarchive" WHERE "host" = ? AND "user" = ? AND "store" = \'muc_log\'')
        for (const row of rows.iterate(MUC_DOMAIN, conversation.id) as Iterable<{ value: string }>) add(row.value)
      } else {
        const rows = db.prepare('SELECT "value" FROM "prosodyarchive" WHERE "host" = ? AND "user" = ? AND "store" = \'archive\' AND "with" = ?')
        for (const member of conversation.members) {
          const peer = conversation.members.find((m) => m !== member)!
          const from = `from='${bareJid(peer.name, DOMAIN)}/`
          for (const row of rows.iterate(DOMAIN, member.name, bareJid(peer.name, DOMAIN)) as Iterable<{ value: string }>) {
            if (row.value.includes(from)) add(row.value)
          }
        }
      }
      return tags
    } finally {
      db.close()
    }
  }

  /**
   * Inserts `count` messages as Prosody's mod_mam / mod_muc_mam store them (rows copied from
   * what Prosody 0.12 wrote: `with` is the peer's bare JID, or `message<groupchat` in a room;
   * `key` a UUID; `when` in seconds), in the past, senders taking turns; one transaction.
   */
  async seedArchive(conversation: Conversation, count: number, bodyBytes: number): Promise<void> {
    if (this.server.process.running) throw new Error('seedArchive needs the server stopped')
    // The table exists: Prosody created it when it first ran.
    const db = this.server.openDatabase(false)
    try {
      const insert = db.prepare('INSERT INTO "prosodyarchive" ("host", "user", "store", "key", "when", "with", "type", "value") VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      const start = Math.floor(Date.now() / 1000) - count - 86_400
      const padding = 'x'.repeat(bodyBytes)
      const body = (i: number) => { const tag = `seed${i}`; return escapeXml(`${tag} ${padding}`.slice(0, Math.max(bodyBytes, tag.length))) }
      db.transaction(() => {
        const members = conversation.members
        const room = bareJid(conversation.id, MUC_DOMAIN)
        for (let i = 0; i < count; i++) {
          const when = start + i
          const sender = members[i % members.length]!
          if (conversation.kind === 'group') {
            const value = `<message type='groupchat' to='${room}' id='seed${i}' xml:lang='en' from='${room}/${sender.name}'><body>${body(i)}</body></message>`
            insert.run(MUC_DOMAIN, conversation.id, 'muc_log', randomUUID(), when, 'message<groupchat', 'xml', value)
          } else {
            const recipient = members.find((m) => m !== sender)!
            const from = bareJid(sender.name, DOMAIN), to = bareJid(recipient.name, DOMAIN)
            const value = `<message type='chat' to='${to}' xml:lang='en' from='${from}/seed'><body>${body(i)}</body></message>`
            // Both sides' archives, as mod_mam keeps the sender's copy too.
            insert.run(DOMAIN, sender.name, 'archive', randomUUID(), when, to, 'xml', value)
            insert.run(DOMAIN, recipient.name, 'archive', randomUUID(), when, from, 'xml', value)
          }
        }
      })()
    } finally {
      db.close()
    }
  }

  storageBytes(): number {
    return this.server.storageBytes()
  }
}

class ProsodyServer {
  readonly process = new ServerProcess()
  #dataDir: string | null = null
  #httpPort = 0

  endpoint(): XmppEndpoint {
    if (!this.#httpPort) throw new Error('Prosody is not started')
    return { url: `ws://127.0.0.1:${this.#httpPort}/xmpp-websocket`, domain: DOMAIN, mucDomain: MUC_DOMAIN }
  }

  get databasePath(): string {
    if (!this.#dataDir) throw new Error('Prosody has no data folder yet')
    return join(this.#dataDir, 'prosody.sqlite')
  }

  openDatabase(readonly: boolean): Database.Database {
    const db = new Database(this.databasePath, { readonly, fileMustExist: readonly })
    db.pragma('busy_timeout = 10000')
    return db
  }

  storageBytes(): number {
    if (!this.#dataDir) return 0
    return diskBytes(this.databasePath) + diskBytes(`${this.databasePath}-journal`) + diskBytes(join(this.#dataDir, 'data'))
  }

  async start(dataDir: string): Promise<void> {
    if (this.process.running) throw new Error('Prosody is already running')
    aptInstall(['prosody', 'lua-dbi-sqlite3'])
    // The package's own service, if installing started one, would compete for the cores.
    stopSystemService('prosody', '/run/prosody/prosody.pid')
    this.#dataDir = dataDir
    mkdirSync(join(dataDir, 'data'), { recursive: true })
    mkdirSync(join(dataDir, 'certs'), { recursive: true })
    const [c2sPort, httpPort] = [await freePort(), await freePort()]
    const configPath = join(dataDir, 'prosody.cfg.lua')
    writeFileSync(configPath, prosodyConfig(dataDir, c2sPort, httpPort))
    const logPath = join(dataDir, 'prosody.console.log')
    this.process.start('sh', ['-c', `ulimit -n ${MAX_FDS} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec prosody -F --config "$0"`, configPath], { logPath, cwd: dataDir })
    this.#httpPort = httpPort
    await waitUntil(async () => (await fetch(`http://127.0.0.1:${httpPort}/xmpp-websocket`)).ok, this.process, START_TIMEOUT_MS, 'Prosody')
  }

  async stop(): Promise<void> {
    await this.process.stop()
  }
}

const lua = (text: string) => JSON.stringify(text)

function prosodyConfig(dataDir: string, c2sPort: number, httpPort: number): string {
  return `-- Written by bench/peers/prosody.ts for one bench run; rewritten at every start.
run_as_root = true -- the bench runs as root; it is a throwaway loopback instance
daemonize = false
pidfile = ${lua(join(dataDir, 'prosody.pid'))}
data_path = ${lua(join(dataDir, 'data'))}
certificates = ${lua(join(dataDir, 'certs'))} -- empty: no TLS on loopback
log = { { levels = { min = "warn" }, to = "file", filename = ${lua(join(dataDir, 'prosody.log'))} } }

interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { ${c2sPort} }
c2s_interfaces = { "127.0.0.1" }
c2s_direct_tls_ports = { }
s2s_ports = { }
http_ports = { ${httpPort} }
http_interfaces = { "127.0.0.1" }
https_ports = { }
https_interfaces = { }
network_settings = { tcp_backlog = 1024 } -- as ejabberd's listener: hundreds of sessions open at once

modules_enabled = { "roster", "saslauth", "disco", "ping", "register", "mam", "http", "websocket" }
-- No s2s, no offline storage: every bench recipient is online, and nothing leaves the machine.
modules_disabled = { "s2s", "offline" }

-- Loopback only: plain WebSocket and SASL PLAIN are fine; no TLS, no rate limits (mod_limits is not loaded).
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
consider_websocket_secure = true
cross_domain_websocket = true
allow_registration = true
registration_allowlist = { "127.0.0.1", "::1" }
allowlist_registration_only = true
authentication = "internal_hashed"

storage = "sql"
sql = { driver = "SQLite3", database = ${lua(join(dataDir, 'prosody.sqlite'))} }

-- Archive every message of everyone, forever.
default_archive_policy = true
archive_expires_after = "never"
max_archive_query_results = 50

VirtualHost "${DOMAIN}"

Component "${MUC_DOMAIN}" "muc"
  modules_enabled = { "muc_mam" }
  restrict_room_creation = false
  muc_room_locking = false
  muc_room_default_persistent = true
  muc_room_default_members_only = true
  muc_room_default_public = false
  muc_room_default_history_length = 0
  muc_log_by_default = true
  muc_log_all_rooms = true
  muc_log_expires_after = "never"
  max_archive_query_results = 50
`
}

