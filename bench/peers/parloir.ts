/**
 * Parloir as a benchmark target: `parloir start` in a child process on its embedded default
 * (SQLite in WAL mode with synchronous=FULL: every message is on disk before it is
 * acknowledged), driven through its own WebSocket stream.
 */
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import WebSocket from 'ws'
import { extractEntities, IdGenerator } from '@parloir/core'
import type { Message } from '@parloir/protocol'
import { freePort, startParloir, stopParloir, type ParloirProcess } from '../../e2e/support/parloir-process.ts'
import { JsonClient } from '../../e2e/support/http-client.ts'
import { PASSWORD } from '../../e2e/support/send-load.ts'
import type { Account, Conversation, IdleConnection, OnDelivery, Session, Target } from './target.ts'

interface ParloirAccount extends Account { readonly id: string; readonly token: string }

const tagOf = (text: string) => text.slice(0, text.indexOf(' ') >>> 0)

/** Opens `/api/v1/stream` with a bearer token; resolves on `stream.ready`. */
function openStream(url: string, token: string, onFrame?: (frame: { name: string; data?: unknown }) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false })
    const timer = setTimeout(() => { socket.terminate(); reject(new Error('stream not ready in 30 s')) }, 30_000)
    const onReady = (raw: WebSocket.RawData) => {
      const frame = JSON.parse(raw.toString()) as { name: string; data?: unknown }
      if (frame.name !== 'stream.ready') return
      clearTimeout(timer)
      socket.off('message', onReady)
      if (onFrame) socket.on('message', (data) => onFrame(JSON.parse(data.toString()) as { name: string; data?: unknown }))
      resolve(socket)
    }
    socket.on('message', onReady)
    socket.once('error', (error) => { clearTimeout(timer); reject(error) })
    socket.once('close', (code) => { clearTimeout(timer); reject(new Error(`stream closed with ${code} before it was ready`)) })
  })
}

export class ParloirTarget implements Target {
  readonly name = 'Parloir'
  readonly archive = 'SQLite, WAL, synchronous=FULL (fsync before every acknowledgement, group commit)'
  #server: ParloirProcess | null = null
  #http: JsonClient | null = null
  #dataDir = ''
  #port = 0

  constructor(private readonly options: { nodeArgs?: string[]; env?: Record<string, string> } = {}) {}

  get #client(): JsonClient {
    if (!this.#http) throw new Error('Parloir is not started')
    return this.#http
  }

  get #url(): string {
    if (!this.#server) throw new Error('Parloir is not started')
    return this.#server.url
  }

  async start(dataDir: string): Promise<void> {
    this.#dataDir = dataDir
    this.#port ||= await freePort()
    this.#server = await startParloir({
      port: this.#port, dataDir, startTimeoutMs: 300_000, ...(this.options.nodeArgs ? { nodeArgs: this.options.nodeArgs } : {}),
      env: { PARLOIR_RATE_LIMITS: 'off', LOG_LEVEL: 'warn', PARLOIR_SQLITE_SYNCHRONOUS: 'full', ...this.options.env },
    })
    this.#http = new JsonClient(this.#server.url, { maxSockets: 64, timeoutMs: 60_000 })
  }

  async stop(): Promise<void> {
    this.#http?.close()
    this.#http = null
    if (this.#server) await stopParloir(this.#server, 'SIGTERM')
    this.#server = null
  }

  pids(): number[] {
    return this.#server ? [this.#server.pid] : []
  }

  async createAccounts(names: readonly string[]): Promise<Account[]> {
    const accounts: ParloirAccount[] = []
    let next = 0
    // Each sign-up hashes a password with scrypt on the server's thread pool: four at a time.
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = next++; i < names.length; i = next++) {
        const name = names[i] as string
        const body = await this.#client.expect<{ me: { account: { id: string } }; session: { token: string } }>(201, 'POST', '/api/v1/auth/signup', {
          body: { handle: name, displayName: name, password: PASSWORD },
        })
        accounts[i] = { name, id: body.me.account.id, token: body.session.token }
      }
    }))
    return accounts
  }

  async direct(a: Account, b: Account): Promise<Conversation> {
    const [first, second] = [a as ParloirAccount, b as ParloirAccount]
    // Accepting makes both sides ordinary participants, as in a conversation people already have.
    const { id } = await this.#client.expect<{ id: string }>(200, 'POST', '/api/v1/conversations/direct', { token: first.token, body: { accountId: second.id } })
    return { id, members: [a, b], kind: 'direct' }
  }

  async group(members: readonly Account[]): Promise<Conversation> {
    const [owner, ...others] = members as readonly ParloirAccount[]
    if (!owner) throw new Error('a group needs members')
    const { id } = await this.#client.expect<{ id: string }>(201, 'POST', '/api/v1/conversations/group', {
      token: owner.token, body: { name: 'bench', accountIds: others.map((m) => m.id) },
    })
    return { id, members, kind: 'group' }
  }

  async connect(account: Account, onDelivery: OnDelivery): Promise<Session> {
    const me = account as ParloirAccount
    const waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void }>()
    let frames = 0
    const socket = await openStream(this.#url, me.token, (frame) => {
      if (frame.name === 'message.created') {
        const message = (frame.data as { message: Message }).message
        if (message.senderId !== me.id) onDelivery(account, tagOf(message.text))
        return
      }
      if (frame.name === 'reply') {
        const reply = frame as unknown as { id: string; ok: boolean; error?: { code: string } }
        const entry = waiting.get(reply.id)
        waiting.delete(reply.id)
        if (reply.ok) entry?.resolve()
        else entry?.reject(new Error(`send refused: ${reply.error?.code}`))
      }
    })
    socket.on('close', (code) => {
      for (const entry of waiting.values()) entry.reject(new Error(`stream closed with ${code}`))
      waiting.clear()
    })
    return {
      send: (conversation, body) => new Promise<void>((resolve, reject) => {
        const id = String(++frames)
        waiting.set(id, { resolve, reject })
        socket.send(JSON.stringify({ op: 'send', id, conversationId: conversation.id, text: body, clientMessageId: tagOf(body) }))
      }),
      close: async () => { socket.close() },
    }
  }

  async connectIdle(account: Account): Promise<IdleConnection> {
    const socket = await openStream(this.#url, (account as ParloirAccount).token)
    return { close: () => socket.terminate() }
  }

  async archivedTags(conversation: Conversation): Promise<Set<string>> {
    const db = new SqliteDatabase(this.#databasePath, { readonly: true })
    try {
      const rows = db.prepare('select text from messages where conversation_id = ?').pluck().all(conversation.id) as string[]
      return new Set(rows.map(tagOf))
    } finally { db.close() }
  }

  async historyPage(_session: Session, account: Account, conversation: Conversation): Promise<number> {
    const page = await this.#client.expect<{ messages: unknown[] }>(200, 'GET', `/api/v1/conversations/${conversation.id}/messages?limit=50`, { token: (account as ParloirAccount).token })
    return page.messages.length
  }

  /** Inserts rows shaped as the server writes them (no event: old history is read from `messages`), seq before the live ones. */
  async seedArchive(conversation: Conversation, count: number, bodyBytes: number): Promise<void> {
    if (this.#server) throw new Error('seed the archive while Parloir is stopped')
    const db = new SqliteDatabase(this.#databasePath)
    try {
      db.pragma('journal_mode = WAL')
      const lastSeq = Number(db.prepare('select last_seq from conversations where id = ?').pluck().get(conversation.id))
      // Shift what is there up, so the seeded history comes first and seq stays gapless.
      db.prepare('update messages set seq = seq + ? where conversation_id = ?').run(count, conversation.id)
      const members = conversation.members as readonly ParloirAccount[]
      const ids = new IdGenerator(() => Date.now() - 365 * 86_400_000)
      const insert = db.prepare(`insert into messages (id, conversation_id, seq, sender_id, kind, text, entities, buttons, created_at)
        values (?, ?, ?, ?, 'text', ?, ?, '[]', ?)`)
      const noEntities = JSON.stringify(extractEntities('old'))
      const padding = 'x'.repeat(Math.max(0, bodyBytes - 12))
      const now = Date.now() - 365 * 86_400_000
      const chunk = 50_000
      for (let from = 1; from <= count; from += chunk) {
        db.transaction(() => {
          for (let seq = from; seq < Math.min(count + 1, from + chunk); seq++) {
            insert.run(ids.next(), conversation.id, seq, members[seq % members.length]?.id, `old${seq} ${padding}`.slice(0, bodyBytes), noEntities, now + seq)
          }
        })()
      }
      db.prepare('update conversations set last_seq = ? where id = ?').run(lastSeq + count, conversation.id)
      db.pragma('wal_checkpoint(TRUNCATE)')
    } finally { db.close() }
  }

  storageBytes(): number {
    return ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (existsSync(this.#databasePath + suffix) ? statSync(this.#databasePath + suffix).size : 0), 0)
  }

  get #databasePath(): string {
    return join(this.#dataDir, 'parloir.sqlite')
  }
}
