/**
 * ejabberd (Debian's `ejabberd` 23.01) as a bench target: its own Erlang VM started by the bench
 * (`erl … -s ejabberd`, as `ejabberdctl foreground` does, but without distribution, so no epmd
 * and no node name or cookie to clash with anything), with its own configuration, Mnesia spool
 * and logs in the bench's data folder; on loopback, XMPP over WebSocket at `/ws`
 * (`ejabberd_http_ws`), everything stored in SQL on SQLite (`sql_type: sqlite`, Debian's
 * `erlang-p1-sqlite3`): accounts, rosters, rooms and the `mod_mam` archive of chats and rooms.
 *
 * ejabberd 23.01 does not create its SQL schema, so the bench creates it from the shipped
 * `lite.sql` (the single-host schema, `new_sql_schema: false`). ejabberd sets no PRAGMA but
 * `foreign_keys = on`, so SQLite runs on its defaults (journal_mode=DELETE, synchronous=FULL),
 * autocommitting each archived message.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { aptInstall, diskBytes, freePort, runToEnd, ServerProcess, stopSystemService, waitUntil, installedVersion } from './server-process.ts'
import type { Conversation, Target } from './target.ts'
import { bareJid, escapeXml, tagOf, unescapeXml, XmppTarget, type XmppEndpoint } from './xmpp.ts'

const DOMAIN = 'localhost'
const MUC_DOMAIN = `conference.${DOMAIN}`
const START_TIMEOUT_MS = 90_000
const SCHEMA_PATHS = ['/usr/share/ejabberd/sql/lite.sql', '/usr/lib/x86_64-linux-gnu/ejabberd-23.01-1/priv/sql/lite.sql']
/** Erlang ports (sockets and files) and processes: well above the bench's connections. */
const MAX_PORTS = 65_536
const MAX_FDS = 65_536

/**
 * `sqlite` (the default): everything in SQL on SQLite. `mnesia`: ejabberd's own default, the
 * archive in a Mnesia disc_only_copies table (DETS), for comparison with the SQL run.
 */
export type EjabberdStorage = 'sqlite' | 'mnesia'

const ARCHIVE: Record<EjabberdStorage, string> = {
  sqlite: 'mod_mam on SQLite (journal_mode=DELETE, synchronous=FULL: SQLite defaults, each archived message autocommitted)',
  mnesia: 'mod_mam on Mnesia disc_only_copies (DETS: written per message, not fsynced; flushed on close)',
}

export class EjabberdTarget extends XmppTarget<EjabberdServer> implements Target {
  name: string
  readonly archive: string
  readonly storage: EjabberdStorage

  constructor(options: { storage?: EjabberdStorage } = {}) {
    const storage = options.storage ?? 'sqlite'
    super(new EjabberdServer(storage))
    this.storage = storage
    this.name = this.#named()
    this.archive = ARCHIVE[this.storage]
  }

  async start(dataDir: string): Promise<void> {
    await this.server.start(dataDir)
    this.name = this.#named()
  }

  /** `ejabberd 23.01 (SQLite)`: two runs of ejabberd differ by their archive. */
  #named(): string {
    return `ejabberd ${installedVersion('ejabberd') ?? '(not installed yet)'} (${this.storage === 'sqlite' ? 'SQLite' : 'Mnesia'})`
  }

  /**
   * Direct: each member's archive rows of messages that came from the other member (the
   * recipient's copy; the sender's own copy does not count). Group: the room's archive.
   */
  async archivedTags(conversation: Conversation): Promise<Set<string>> {
    // Mnesia's files are the running node's alone: ask the archive itself.
    if (this.storage === 'mnesia') return this.directory.archivedTagsByMam(conversation)
    const db = this.server.openDatabase(true)
    try {
      const tags = new Set<string>()
      const add = (xml: string) => {
        const body = /<body>([^<]*)<\/body>/.exec(xml)
        if (body) tags.add(tagOf(unescapeXml(body[1]!)))
      }
      if (conversation.kind === 'group') {
        const rows = db.prepare('SELECT xml FROM archive WHERE username = ?')
        for (const row of rows.iterate(bareJid(conversation.id, MUC_DOMAIN)) as Iterable<{ xml: string }>) add(row.xml)
      } else {
        const rows = db.prepare('SELECT xml FROM archive WHERE username = ? AND bare_peer = ?')
        for (const member of conversation.members) {
          const peer = bareJid(conversation.members.find((m) => m !== member)!.name, DOMAIN)
          for (const row of rows.iterate(member.name, peer) as Iterable<{ xml: string }>) {
            if (row.xml.includes(`from='${peer}/`)) add(row.xml)
          }
        }
      }
      return tags
    } finally {
      db.close()
    }
  }

  /**
   * Inserts `count` messages as mod_mam's SQL backend stores them (rows copied from what
   * ejabberd 23.01 wrote: `timestamp` in microseconds, which is also the MAM id; `username` the
   * local part for a chat, `peer` the sender's full JID in the recipient's copy and the
   * recipient's bare JID in the sender's; in a room `username` is the room's JID and `peer` the
   * sender's real JID), in the past, senders taking turns; one transaction.
   */
  async seedArchive(conversation: Conversation, count: number, bodyBytes: number): Promise<void> {
    if (this.server.process.running) throw new Error('seedArchive needs the server stopped')
    if (this.storage === 'mnesia') return this.server.seedMnesia(conversation, count, bodyBytes)
    const db = this.server.openDatabase(false)
    try {
      const insert = db.prepare('INSERT INTO archive (username, timestamp, peer, bare_peer, xml, txt, kind, nick) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      const startUs = (Date.now() - 86_400_000) * 1000 - count * 1000
      const padding = 'x'.repeat(bodyBytes)
      const text = (i: number) => { const tag = `seed${i}`; return `${tag} ${padding}`.slice(0, Math.max(bodyBytes, tag.length)) }
      const room = bareJid(conversation.id, MUC_DOMAIN)
      db.transaction(() => {
        const members = conversation.members
        for (let i = 0; i < count; i++) {
          const us = startUs + i * 1000
          const sender = members[i % members.length]!
          const body = text(i)
          if (conversation.kind === 'group') {
            const real = `${bareJid(sender.name, DOMAIN)}/seed`
            const xml = `<message xml:lang='en' to='${room}' from='${real}' type='groupchat' xmlns='jabber:client'>` +
              `<body>${escapeXml(body)}</body></message>`
            insert.run(room, us, real, bareJid(sender.name, DOMAIN), xml, body, 'groupchat', sender.name)
          } else {
            const recipient = members.find((m) => m !== sender)!
            const from = bareJid(sender.name, DOMAIN), to = bareJid(recipient.name, DOMAIN)
            const xml = `<message xml:lang='en' to='${to}' from='${from}/seed' type='chat' xmlns='jabber:client'>` +
              `<body>${escapeXml(body)}</body></message>`
            // Both sides' archives, as mod_mam keeps the sender's copy too; MAM ids are per user.
            insert.run(sender.name, us, to, to, xml, body, 'chat', '')
            insert.run(recipient.name, us, `${from}/seed`, from, xml, body, 'chat', '')
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

class EjabberdServer {
  readonly process = new ServerProcess()
  #dataDir: string | null = null
  #httpPort = 0

  constructor(private readonly storage: EjabberdStorage) {}

  endpoint(): XmppEndpoint {
    if (!this.#httpPort) throw new Error('ejabberd is not started')
    return { url: `ws://127.0.0.1:${this.#httpPort}/ws`, domain: DOMAIN, mucDomain: MUC_DOMAIN }
  }

  get databasePath(): string {
    if (!this.#dataDir) throw new Error('ejabberd has no data folder yet')
    return join(this.#dataDir, 'ejabberd.sqlite')
  }

  openDatabase(readonly: boolean): Database.Database {
    const db = new Database(this.databasePath, { readonly, fileMustExist: true })
    db.pragma('busy_timeout = 10000')
    return db
  }

  storageBytes(): number {
    if (!this.#dataDir) return 0
    if (this.storage === 'mnesia') return diskBytes(join(this.#dataDir, 'spool'))
    return diskBytes(this.databasePath) + diskBytes(`${this.databasePath}-journal`) + diskBytes(join(this.#dataDir, 'spool'))
  }

  async start(dataDir: string): Promise<void> {
    if (this.process.running) throw new Error('ejabberd is already running')
    aptInstall(['ejabberd', 'erlang-p1-sqlite3'])
    // The package's own service, if installing started one, would compete for the cores.
    stopSystemService('ejabberd', '/run/ejabberd/ejabberd.pid')
    this.#dataDir = dataDir
    for (const dir of ['spool', 'logs']) mkdirSync(join(dataDir, dir), { recursive: true })
    if (this.storage === 'sqlite' && !existsSync(this.databasePath)) createSchema(this.databasePath)
    const httpPort = await freePort()
    const configPath = join(dataDir, 'ejabberd.yml')
    writeFileSync(configPath, ejabberdConfig(this.storage === 'sqlite' ? this.databasePath : null, httpPort))
    const logPath = join(dataDir, 'logs', 'console.log')
    const env = { ...this.#erlEnv(dataDir), EJABBERD_CONFIG_PATH: configPath }
    // What `ejabberdctl foreground` runs, minus -sname: no distribution, no epmd to leave behind.
    const erl = `ulimit -n ${MAX_FDS} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec erl -noinput +K true +P 250000 ` +
      `-mnesia dir '"'"$0"'"' -s ejabberd`
    this.process.start('sh', ['-c', erl, join(dataDir, 'spool')], { env, logPath, cwd: join(dataDir, 'spool') })
    this.#httpPort = httpPort
    await waitUntil(async () => await probeWebSocket(httpPort), this.process, START_TIMEOUT_MS, 'ejabberd')
  }

  async stop(): Promise<void> {
    await this.process.stop()
  }

  #erlEnv(dataDir: string): NodeJS.ProcessEnv {
    return {
      ...process.env,
      EJABBERD_LOG_PATH: join(dataDir, 'logs', 'ejabberd.log'),
      ERL_CRASH_DUMP: join(dataDir, 'logs', 'erl_crash.dump'),
      ERL_CRASH_DUMP_BYTES: '0',
      ERL_LIBS: '/usr/lib/x86_64-linux-gnu',
      ERL_MAX_PORTS: String(MAX_PORTS),
      ERL_MAX_ETS_TABLES: '1400',
      CONTRIB_MODULES_PATH: join(dataDir, 'contrib'),
      HOME: dataDir,
    }
  }

  /**
   * Writes archive_msg records into the stopped node's Mnesia, as mod_mam_mnesia:store/8 does
   * (record copied from ejabberd 23.01's mod_mam.hrl and from a record it wrote), with an
   * Erlang VM of the bench's own on the same spool.
   */
  async seedMnesia(conversation: Conversation, count: number, bodyBytes: number): Promise<void> {
    const dataDir = this.#dataDir
    if (!dataDir) throw new Error('ejabberd has no data folder yet')
    const room = conversation.kind === 'group' ? conversation.id : ''
    const members = conversation.members.map((m) => `<<"${m.name}">>`).join(',')
    const script = join(dataDir, 'seed.erl')
    writeFileSync(script, seedScript)
    const args = ['-noshell', '-mnesia', 'dir', JSON.stringify(join(dataDir, 'spool')), '-pa', dataDir,
      '-eval', `{ok, seed} = compile:file("${script}", [{outdir, "${dataDir}"}]), ` +
        `seed:run(${conversation.kind === 'group' ? 'group' : 'direct'}, <<"${DOMAIN}">>, <<"${MUC_DOMAIN}">>, <<"${room}">>, [${members}], ${count}, ${bodyBytes}), halt().`]
    const output = await runToEnd('erl', args, { env: this.#erlEnv(dataDir), cwd: join(dataDir, 'spool'), timeoutMs: 60 * 60_000 })
    if (!output.includes('seeded')) throw new Error(`seeding Mnesia failed: ${output.slice(-2000)}`)
  }
}

/** ejabberd answers a plain GET on its WebSocket path once its HTTP listener and the vhost are up. */
async function probeWebSocket(port: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/ws`)
  await response.arrayBuffer()
  return response.status < 500
}

function createSchema(path: string): void {
  const schema = SCHEMA_PATHS.find((p) => existsSync(p))
  if (!schema) throw new Error(`ejabberd's SQLite schema is not at ${SCHEMA_PATHS.join(' or ')}`)
  const db = new Database(path)
  try {
    db.exec(readFileSync(schema, 'utf8'))
  } finally {
    db.close()
  }
}

/** `databasePath` null: Mnesia, ejabberd's default. */
function ejabberdConfig(databasePath: string | null, httpPort: number): string {
  const storage = databasePath === null ? `default_db: mnesia
auth_method: internal` : `default_db: sql
sql_type: sqlite
sql_database: ${JSON.stringify(databasePath)}
new_sql_schema: false
auth_method: sql`
  return `# Written by bench/peers/ejabberd.ts for one bench run; rewritten at every start.
hosts:
  - ${DOMAIN}
loglevel: warning
hide_sensitive_log_data: true
acme:
  auto: false

${storage}
auth_password_format: plain

# Loopback only; no shaper, a deep queue before ejabberd drops a slow connection.
max_fsm_queue: 1000000
registration_timeout: infinity
listen:
  - port: ${httpPort}
    ip: "127.0.0.1"
    module: ejabberd_http
    tls: false
    backlog: 1024 # the default, 5, drops SYNs when the bench opens hundreds of sessions at once
    request_handlers:
      /ws: ejabberd_http_ws

acl:
  local:
    user_regexp: ""
  loopback:
    ip:
      - 127.0.0.0/8
      - ::1/128
access_rules:
  register:
    allow: all
  register_from_loopback:
    allow: loopback
  local:
    allow: local
shaper_rules: {}

modules:
  mod_disco: {}
  mod_ping: {}
  mod_roster: {}
  mod_register:
    access: register
    ip_access: register_from_loopback
    welcome_message: {}
  mod_mam:
    default: always
    assume_mam_usage: true
  mod_muc:
    host: ${MUC_DOMAIN}
    access: all
    access_create: local
    access_persistent: local
    history_size: 0
    min_message_interval: 0
    min_presence_interval: 0
    max_user_conferences: 1000
    default_room_options:
      persistent: true
      members_only: true
      public: false
      mam: true
`
}

/**
 * The seeding module, compiled and run by a bench-owned VM on the stopped node's spool:
 * archive_msg is {archive_msg, {User, Server}, Id, Timestamp, Peer, BarePeer, Packet, Nick, Type}
 * with Id the microseconds as a binary and Packet an #xmlel{} as mod_mam stores it; in a room
 * {User, Server} is the room and Peer the sender's real JID, as in the records ejabberd wrote.
 */
const seedScript = `-module(seed).
-export([run/7]).

run(Kind, Domain, MucDomain, Room, Members, Count, BodyBytes) ->
    %% archive_msg is a DETS bag keyed by user, and DETS rewrites a key's whole collection of
    %% records on each insert: write straight to the table's file, with Mnesia stopped, in
    %% chunks of 200,000 messages.
    ok = application:load(mnesia),
    {ok, Dir} = application:get_env(mnesia, dir),
    {ok, archive_msg} = dets:open_file(archive_msg, [{file, filename:join(Dir, "archive_msg.DAT")}, {type, bag}, {keypos, 2}]),
    Padding = binary:copy(<<"x">>, BodyBytes),
    Start = (erlang:system_time(microsecond) - 86400000000) - Count * 1000,
    N = length(Members),
    Chunks = [lists:seq(C, min(C + 199999, Count - 1)) || C <- lists:seq(0, Count - 1, 200000)],
    lists:foreach(fun(Chunk) -> ok = dets:insert(archive_msg, lists:flatmap(fun(I) ->
          Us = Start + I * 1000,
          Sender = lists:nth(I rem N + 1, Members),
          Tag = <<"seed", (integer_to_binary(I))/binary>>,
          Text = binary:part(<<Tag/binary, " ", Padding/binary>>, 0, max(BodyBytes, byte_size(Tag))),
          Body = {xmlel, <<"body">>, [], [{xmlcdata, Text}]},
          Ts = {Us div 1000000000000, (Us div 1000000) rem 1000000, Us rem 1000000},
          Id = integer_to_binary(Us),
          Attrs = fun(F, To, Type) -> [{<<"xml:lang">>, <<"en">>}, {<<"to">>, To}, {<<"from">>, F},
                                          {<<"type">>, Type}, {<<"xmlns">>, <<"jabber:client">>}] end,
          SenderJid = <<Sender/binary, "@", Domain/binary>>,
          case Kind of
              group ->
                  RoomJid = <<Room/binary, "@", MucDomain/binary>>,
                  Pkt = {xmlel, <<"message">>, Attrs(<<SenderJid/binary, "/seed">>, RoomJid, <<"groupchat">>), [Body]},
                  [{archive_msg, {Room, MucDomain}, Id, Ts, {Sender, Domain, <<"seed">>}, {Sender, Domain, <<>>}, Pkt, Sender, groupchat}];
              direct ->
                  [Recipient | _] = Members -- [Sender],
                  Pkt = {xmlel, <<"message">>, Attrs(<<SenderJid/binary, "/seed">>, <<Recipient/binary, "@", Domain/binary>>, <<"chat">>), [Body]},
                  [{archive_msg, {Sender, Domain}, Id, Ts, {Recipient, Domain, <<>>}, {Recipient, Domain, <<>>}, Pkt, <<>>, chat},
                   {archive_msg, {Recipient, Domain}, Id, Ts, {Sender, Domain, <<"seed">>}, {Sender, Domain, <<>>}, Pkt, <<>>, chat}]
          end
      end, Chunk)) end, Chunks),
    ok = dets:close(archive_msg),
    io:format("seeded ~p~n", [Count]).

`
