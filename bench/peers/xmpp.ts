/**
 * The XMPP side shared by the Prosody and ejabberd targets: accounts by in-band registration
 * (XEP-0077), sessions over XMPP-over-WebSocket (RFC 7395) logged in with `@xmpp/client`
 * (SASL PLAIN, no reconnect, no stream management), direct messages as `type="chat"`, groups
 * as members-only MUC rooms (`type="groupchat"`), history as a MAM query (XEP-0313) with RSM
 * `<max>50</max><before/>`.
 *
 * Sending writes a prebuilt string straight to the connection (`client.write`), skipping
 * @xmpp/client's element building and outgoing middleware; a delivered message is read from its
 * WebSocket frame before @xmpp/client would parse it; everything else takes the library's path.
 * A body is `tag + ' ' + padding`: the tag is what precedes the first space (24 characters at most).
 * The bench opens hundreds of these sessions; @xmpp/client costs about 0.1 ms of a core per
 * delivered message (see README.md), so it is not what limits the peers.
 */
import { randomBytes } from 'node:crypto'
import { client, xml, type Client, type Element } from '@xmpp/client'
import WebSocket from 'ws'
import type { Account, Conversation, IdleConnection, OnDelivery, Session } from './target.ts'

// @xmpp/websocket opens `new WebSocket(url, ['xmpp'])` on the global, which Node 20 lacks
// without --experimental-websocket; ws has the same EventTarget interface.
;(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket

/** Every bench account's password. */
export const PASSWORD = 'bench-password'
const MAX_TAG = 24
const SETUP_TIMEOUT_MS = 15_000
/** A MAM page can take long on a big archive (ejabberd on Mnesia reads a user's whole archive). */
const HISTORY_TIMEOUT_MS = 180_000
const NS_MUC = 'http://jabber.org/protocol/muc'
const NS_MAM = 'urn:xmpp:mam:2'
const CLOSE_FRAME = '<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>'

/** Where an XMPP server listens, as the bench reaches it. */
export interface XmppEndpoint {
  /** `ws://127.0.0.1:PORT/...` */
  readonly url: string
  readonly domain: string
  readonly mucDomain: string
}

/** The tag at the start of a body: up to the first space, 24 characters at most. */
export function tagOf(body: string): string {
  const space = body.indexOf(' ')
  return body.slice(0, space >= 0 && space < MAX_TAG ? space : MAX_TAG)
}

export function escapeXml(text: string): string {
  return /[<>&]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text
}

export function unescapeXml(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) => {
    switch (e) {
      case 'lt': return '<'
      case 'gt': return '>'
      case 'amp': return '&'
      case 'quot': return '"'
      case 'apos': return "'"
      default: return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
    }
  })
}

export const bareJid = (name: string, domain: string) => `${name}@${domain}`

/** The value of `name` in an XML start tag, quoted either way (no entities expected). */
function attribute(head: string, name: string): string | undefined {
  let at = head.indexOf(` ${name}='`)
  const quote = at < 0 ? '"' : "'"
  if (at < 0) at = head.indexOf(` ${name}="`)
  if (at < 0) return undefined
  const start = at + name.length + 3
  const end = head.indexOf(quote, start)
  return end < 0 ? undefined : head.slice(start, end)
}

// ---------------------------------------------------------------------------------------------
// Accounts: in-band registration over one raw WebSocket stream per account

/** Registers each name with PASSWORD (an existing account counts as registered), a few streams at a time. */
export async function registerAccounts(endpoint: XmppEndpoint, names: readonly string[], concurrency = 8): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!
      await registerOne(endpoint, name)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker))
}

function registerOne(endpoint: XmppEndpoint, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(endpoint.url, ['xmpp'])
    const timer = setTimeout(() => finish(new Error(`registering ${name}: no answer in ${SETUP_TIMEOUT_MS} ms`)), SETUP_TIMEOUT_MS)
    let done = false
    const finish = (error?: Error) => {
      if (done) return
      done = true
      clearTimeout(timer)
      try { ws.send(CLOSE_FRAME) } catch { /* already closed */ }
      ws.close()
      if (error) reject(error)
      else resolve()
    }
    ws.on('open', () => ws.send(`<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="${endpoint.domain}" version="1.0"/>`))
    ws.on('message', (data) => {
      const frame = String(data)
      if (frame.includes('features')) {
        ws.send(`<iq xmlns="jabber:client" type="set" id="reg1" to="${endpoint.domain}"><query xmlns="jabber:iq:register">` +
          `<username>${name}</username><password>${PASSWORD}</password></query></iq>`)
      } else if (frame.startsWith('<iq') && frame.includes('reg1')) {
        if (frame.includes('type="result"') || frame.includes("type='result'") || frame.includes('conflict')) finish()
        else finish(new Error(`registering ${name}: ${frame}`))
      }
    })
    ws.on('error', (error) => finish(error))
    ws.on('close', () => finish(new Error(`registering ${name}: connection closed`)))
  })
}

// ---------------------------------------------------------------------------------------------
// Connections

/** Takes a whole WebSocket frame (one stanza, RFC 7395) before @xmpp/client parses it; true when it consumed the frame. */
type FrameFilter = (frame: string) => boolean

/** Logs in over WebSocket with SASL PLAIN and sends initial presence. */
async function login(endpoint: XmppEndpoint, name: string, priority = 0, filter?: FrameFilter): Promise<Client> {
  const xmpp = client({
    service: endpoint.url,
    domain: endpoint.domain,
    resource: `b${randomBytes(4).toString('hex')}`,
    timeout: SETUP_TIMEOUT_MS,
    // PLAIN: the bench is on loopback, and SCRAM would cost the load generator a PBKDF2 per login.
    credentials: (authenticate, mechanisms) => {
      if (!mechanisms.includes('PLAIN')) throw new Error(`${name}: the server offers no SASL PLAIN (${mechanisms.join(', ')})`)
      return authenticate({ username: name, password: PASSWORD }, 'PLAIN')
    },
  })
  xmpp.reconnect.stop()
  if (filter) {
    // Bound when the socket attaches, during start(): an own property set now takes its place.
    const parse = xmpp._onData.bind(xmpp)
    xmpp._onData = (data) => {
      if (!filter(typeof data === 'string' ? data : data.toString())) parse(data)
    }
  }
  // Errors after login surface as a closed connection; without a listener an 'error' event would throw.
  xmpp.on('error', () => {})
  try {
    await xmpp.start()
  } catch (error) {
    await stopQuietly(xmpp)
    throw error
  }
  await xmpp.write(priority === 0 ? '<presence xmlns="jabber:client"/>' : `<presence xmlns="jabber:client"><priority>${priority}</priority></presence>`)
  return xmpp
}

/** One message of a MAM result: its archive id, who sent it (full JID, or room/nick), its body. */
export interface ArchivedMessage {
  readonly id: string
  readonly from: string
  readonly body: string
}

interface ArchivePage {
  readonly messages: ArchivedMessage[]
  readonly complete: boolean
  readonly last: string | null
}

interface Waiter {
  match(stanza: Element): boolean
  resolve(stanza: Element): void
}

/** A live session of one account: sends, reports deliveries, joins rooms, queries MAM. */
export class XmppSession implements Session {
  /** Per conversation id, the stanza up to the body's text, built once. */
  readonly #prefix = new Map<string, string>()
  readonly #waiters = new Set<Waiter>()
  /** MAM queries in flight: queryid → the results so far. */
  readonly #queries = new Map<string, ArchivedMessage[]>()
  readonly #joined = new Set<string>()
  /** `/name`: how the account's own room messages end their `from`. */
  readonly #ownNick: string
  #closed = false

  private constructor(
    readonly account: Account,
    private readonly endpoint: XmppEndpoint,
    private readonly xmpp: Client,
    private readonly onDelivery: OnDelivery,
    private readonly onClose: () => void,
  ) {
    this.#ownNick = `/${account.name}`
    xmpp.on('stanza', (stanza: Element) => this.#onStanza(stanza))
  }

  static async open(endpoint: XmppEndpoint, account: Account, onDelivery: OnDelivery, onClose: () => void): Promise<XmppSession> {
    const opened: { session?: XmppSession } = {}
    const xmpp = await login(endpoint, account.name, 0, (frame) => opened.session !== undefined && opened.session.#onFrame(frame))
    opened.session = new XmppSession(account, endpoint, xmpp, onDelivery, onClose)
    return opened.session
  }

  /**
   * The hot path: a chat or room message with a body is reported from the raw frame, without
   * building its element or running @xmpp/client's middleware (a third of the driver's CPU on
   * a group fan-out). Anything else, and any message this does not recognise, is left to #onStanza.
   */
  #onFrame(frame: string): boolean {
    if (!frame.startsWith('<message')) return false
    const headEnd = frame.indexOf('>')
    const bodyStart = frame.indexOf('<body>', headEnd)
    if (bodyStart < 0 || frame.includes('<delay') || frame.includes(NS_MAM)) return false
    const head = frame.slice(0, headEnd)
    const type = attribute(head, 'type')
    if (type === 'groupchat') {
      if ((attribute(head, 'from') ?? '').endsWith(this.#ownNick)) return true // the sender's own echo
    } else if (type !== 'chat') {
      return false
    }
    const bodyEnd = frame.indexOf('</body>', bodyStart)
    if (bodyEnd < 0) return false
    this.onDelivery(this.account, tagOf(unescapeXml(frame.slice(bodyStart + 6, bodyEnd))))
    return true
  }

  #onStanza(stanza: Element): void {
    if (this.#waiters.size > 0) {
      for (const waiter of this.#waiters) {
        if (waiter.match(stanza)) { this.#waiters.delete(waiter); waiter.resolve(stanza) }
      }
    }
    if (stanza.name !== 'message') return
    const type = stanza.attrs.type
    if (type === 'chat') {
      const body = stanza.getChildText('body')
      if (body !== null) this.onDelivery(this.account, tagOf(body))
    } else if (type === 'groupchat') {
      const from = stanza.attrs.from ?? ''
      // The sender's own echo comes from its own nick; history replayed on join carries <delay/>.
      if (from.endsWith(`/${this.account.name}`) || stanza.getChild('delay') !== undefined) return
      const body = stanza.getChildText('body')
      if (body !== null) this.onDelivery(this.account, tagOf(body))
    } else if (this.#queries.size > 0) {
      const result = stanza.getChild('result', NS_MAM)
      const queryId = result?.attrs.queryid
      if (queryId !== undefined) {
        const message = result?.getChild('forwarded', 'urn:xmpp:forward:0')?.getChild('message')
        this.#queries.get(queryId)?.push({ id: result?.attrs.id ?? '', from: message?.attrs.from ?? '', body: message?.getChildText('body') ?? '' })
      }
    }
  }

  #waitFor(match: (stanza: Element) => boolean, what: string): Promise<Element> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.#waiters.delete(waiter); reject(new Error(`${this.account.name}: no ${what} in ${SETUP_TIMEOUT_MS} ms`)) }, SETUP_TIMEOUT_MS)
      const waiter: Waiter = { match, resolve: (stanza) => { clearTimeout(timer); resolve(stanza) } }
      this.#waiters.add(waiter)
    })
  }

  /** Enters `room` (a bare room JID) under this account's name as nick, without history; resolves on the self-presence. */
  async join(room: string): Promise<void> {
    if (this.#joined.has(room)) return
    const full = `${room}/${this.account.name}`
    const self = this.#waitFor((s) => s.name === 'presence' && s.attrs.from === full, `self-presence from ${room}`)
    await this.xmpp.write(`<presence xmlns="jabber:client" to="${full}"><x xmlns="${NS_MUC}"><history maxstanzas="0"/></x></presence>`)
    const presence = await self
    if (presence.attrs.type === 'error') throw new Error(`${this.account.name} could not join ${room}: ${presence.toString()}`)
    this.#joined.add(room)
  }

  /** Creates `room` as an instant room (the server's defaults: persistent, members-only, archived) and makes `members` its members. */
  async createRoom(room: string, members: readonly string[]): Promise<void> {
    const full = `${room}/${this.account.name}`
    const self = this.#waitFor((s) => s.name === 'presence' && s.attrs.from === full, `self-presence from ${room}`)
    await this.xmpp.write(`<presence xmlns="jabber:client" to="${full}"><x xmlns="${NS_MUC}"><history maxstanzas="0"/></x></presence>`)
    const presence = await self
    if (presence.attrs.type === 'error') throw new Error(`${this.account.name} could not create ${room}: ${presence.toString()}`)
    await this.xmpp.iqCaller.request(xml('iq', { type: 'set', to: room },
      xml('query', { xmlns: `${NS_MUC}#owner` }, xml('x', { xmlns: 'jabber:x:data', type: 'submit' }))), SETUP_TIMEOUT_MS)
    // One item per request: Prosody reads only the first item of a muc#admin set.
    await Promise.all(members.map((jid) => this.xmpp.iqCaller.request(xml('iq', { type: 'set', to: room },
      xml('query', { xmlns: `${NS_MUC}#admin` }, xml('item', { affiliation: 'member', jid }))), SETUP_TIMEOUT_MS)))
    this.#joined.add(room)
  }

  async request(stanza: Element): Promise<Element> {
    return this.xmpp.iqCaller.request(stanza, SETUP_TIMEOUT_MS)
  }

  send(conversation: Conversation, body: string): Promise<void> {
    let prefix = this.#prefix.get(conversation.id)
    if (prefix === undefined) {
      prefix = conversation.kind === 'group'
        ? `<message xmlns="jabber:client" type="groupchat" to="${roomJid(conversation, this.endpoint)}"><body>`
        : `<message xmlns="jabber:client" type="chat" to="${bareJid(peerOf(conversation, this.account).name, this.endpoint.domain)}"><body>`
      this.#prefix.set(conversation.id, prefix)
    }
    return this.xmpp.write(prefix + escapeXml(body) + '</body></message>')
  }

  /** The newest page of 50 archived messages (MAM + RSM before=''); resolves with how many came. */
  async historyPage(conversation: Conversation): Promise<number> {
    return (await this.#queryArchive(conversation, xml('max', null, '50'), xml('before'))).messages.length
  }

  /** Every message of the conversation's archive as this account sees it, oldest first, in pages of `pageSize`. */
  async wholeArchive(conversation: Conversation, pageSize = 250): Promise<ArchivedMessage[]> {
    const all: ArchivedMessage[] = []
    let after: string | null = null
    for (;;) {
      const page: ArchivePage = await this.#queryArchive(conversation, xml('max', null, String(pageSize)), ...(after === null ? [] : [xml('after', null, after)]))
      all.push(...page.messages)
      if (page.complete || page.messages.length === 0 || page.last === null) return all
      after = page.last
    }
  }

  async #queryArchive(conversation: Conversation, ...rsm: Element[]): Promise<ArchivePage> {
    const queryId = `q${randomBytes(6).toString('hex')}`
    const fields = [xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', null, NS_MAM))]
    if (conversation.kind === 'direct') {
      fields.push(xml('field', { var: 'with' }, xml('value', null, bareJid(peerOf(conversation, this.account).name, this.endpoint.domain))))
    }
    const query = xml('query', { xmlns: NS_MAM, queryid: queryId }, xml('x', { xmlns: 'jabber:x:data', type: 'submit' }, ...fields),
      xml('set', { xmlns: 'http://jabber.org/protocol/rsm' }, ...rsm))
    const attrs: Record<string, string> = { type: 'set' }
    if (conversation.kind === 'group') attrs.to = roomJid(conversation, this.endpoint)
    const messages: ArchivedMessage[] = []
    this.#queries.set(queryId, messages)
    try {
      const reply = await this.xmpp.iqCaller.request(xml('iq', attrs, query), HISTORY_TIMEOUT_MS)
      const fin = reply.getChild('fin', NS_MAM)
      return { messages, complete: fin?.attrs.complete === 'true', last: fin?.getChild('set', 'http://jabber.org/protocol/rsm')?.getChildText('last') ?? null }
    } finally {
      this.#queries.delete(queryId)
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.onClose()
    await stopQuietly(this.xmpp)
  }
}

/** An authenticated connection with presence (priority -1: it is sent no bare-JID chat) that does nothing. */
export async function openIdle(endpoint: XmppEndpoint, account: Account): Promise<IdleConnection> {
  const xmpp = await login(endpoint, account.name, -1)
  return { close: () => { void stopQuietly(xmpp) } } // stopQuietly never rejects
}

/**
 * Ends the stream and closes the WebSocket without waiting for the server's answer (a clean
 * `stop()` waits on it, ~100 ms on ejabberd, which adds up over hundreds of sessions).
 */
async function stopQuietly(xmpp: Client): Promise<void> {
  try { await xmpp.write(CLOSE_FRAME) } catch { /* the server may have gone first */ }
  try { xmpp.socket?.socket?.close() } catch { /* already closed */ }
}

export function roomJid(conversation: Conversation, endpoint: XmppEndpoint): string {
  return bareJid(conversation.id, endpoint.mucDomain)
}

export function peerOf(conversation: Conversation, account: Account): Account {
  const peer = conversation.members.find((m) => m.name !== account.name)
  if (!peer) throw new Error(`${account.name} is not in ${conversation.id}`)
  return peer
}

// ---------------------------------------------------------------------------------------------
// What both XMPP targets do the same way on top of their server

/** Accounts, conversations and sessions, kept across restarts of the same server. */
export class XmppDirectory {
  readonly #sessions = new Map<string, Set<XmppSession>>()
  readonly #groupsOf = new Map<string, Conversation[]>()
  #groupCount = 0

  constructor(private readonly endpoint: () => XmppEndpoint) {}

  async createAccounts(names: readonly string[]): Promise<Account[]> {
    await registerAccounts(this.endpoint(), names)
    return names.map((name) => ({ name }))
  }

  direct(a: Account, b: Account): Conversation {
    return { id: `d-${a.name}-${b.name}`, members: [a, b], kind: 'direct' }
  }

  /** Creates the room as its first member, then has every live session of a member join it. */
  async group(members: readonly Account[]): Promise<Conversation> {
    const owner = members[0]
    if (!owner) throw new Error('a group needs members')
    const endpoint = this.endpoint()
    const conversation: Conversation = { id: `g${++this.#groupCount}-${randomBytes(3).toString('hex')}`, members, kind: 'group' }
    const room = roomJid(conversation, endpoint)
    const creator = await XmppSession.open(endpoint, owner, () => {}, () => {})
    try {
      await creator.createRoom(room, members.slice(1).map((m) => bareJid(m.name, endpoint.domain)))
    } finally {
      await creator.close()
    }
    for (const member of members) {
      let list = this.#groupsOf.get(member.name)
      if (!list) this.#groupsOf.set(member.name, (list = []))
      list.push(conversation)
      for (const session of this.#sessions.get(member.name) ?? []) await session.join(room)
    }
    return conversation
  }

  async connect(account: Account, onDelivery: OnDelivery): Promise<XmppSession> {
    const endpoint = this.endpoint()
    let set = this.#sessions.get(account.name)
    if (!set) this.#sessions.set(account.name, (set = new Set()))
    const live = set
    const session = await XmppSession.open(endpoint, account, onDelivery, () => live.delete(session))
    for (const group of this.#groupsOf.get(account.name) ?? []) await session.join(roomJid(group, endpoint))
    live.add(session)
    return session
  }

  connectIdle(account: Account): Promise<IdleConnection> {
    return openIdle(this.endpoint(), account)
  }

  historyPage(session: Session, account: Account, conversation: Conversation): Promise<number> {
    if (!(session instanceof XmppSession) || session.account.name !== account.name) {
      throw new Error(`historyPage needs a live XMPP session of ${account.name}`)
    }
    return session.historyPage(conversation)
  }

  /**
   * The tags of a conversation's archive read through MAM, for a server whose storage the bench
   * cannot read itself: direct, each member's messages from the other; group, the room's archive.
   */
  async archivedTagsByMam(conversation: Conversation): Promise<Set<string>> {
    const endpoint = this.endpoint()
    const tags = new Set<string>()
    const readers = conversation.kind === 'group' ? conversation.members.slice(0, 1) : conversation.members
    for (const reader of readers) {
      const session = await XmppSession.open(endpoint, reader, () => {}, () => {})
      try {
        const peer = conversation.kind === 'direct' ? `${bareJid(peerOf(conversation, reader).name, endpoint.domain)}/` : ''
        for (const message of await session.wholeArchive(conversation)) {
          if (message.from.startsWith(peer)) tags.add(tagOf(message.body))
        }
      } finally {
        await session.close()
      }
    }
    return tags
  }

  /** Closes what is still open (sessions die with the server anyway). */
  forgetSessions(): void {
    this.#sessions.clear()
  }
}

/** An XMPP server the bench runs: its processes and where its WebSocket listens. */
export interface XmppServer {
  readonly process: { pids(): number[] }
  endpoint(): XmppEndpoint
  stop(): Promise<void>
}

/**
 * What the Prosody and ejabberd targets do alike: accounts, conversations, sessions and history
 * go through the XMPP directory over WebSocket; starting, the archive and storage differ.
 */
export abstract class XmppTarget<S extends XmppServer> {
  protected readonly directory: XmppDirectory

  constructor(protected readonly server: S) {
    this.directory = new XmppDirectory(() => server.endpoint())
  }

  async stop(): Promise<void> {
    this.directory.forgetSessions()
    await this.server.stop()
  }

  pids(): number[] { return this.server.process.pids() }
  createAccounts(names: readonly string[]): Promise<Account[]> { return this.directory.createAccounts(names) }
  async direct(a: Account, b: Account): Promise<Conversation> { return this.directory.direct(a, b) }
  group(members: readonly Account[]): Promise<Conversation> { return this.directory.group(members) }
  connect(account: Account, onDelivery: OnDelivery): Promise<Session> { return this.directory.connect(account, onDelivery) }
  connectIdle(account: Account): Promise<IdleConnection> { return this.directory.connectIdle(account) }
  historyPage(session: Session, account: Account, conversation: Conversation): Promise<number> {
    return this.directory.historyPage(session, account, conversation)
  }
}
