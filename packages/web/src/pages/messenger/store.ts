import { newClientMessageId, Outbox, ParloirApiError, type OutboxEntry, type ParloirClient, type ParloirStream } from '@parloir/client'
import type { Account, BrandCard, Conversation, ConversationCore, Media, Message, QuickReplyResponse, MessageModeration, ReadMark, SendMessageBody } from '@parloir/protocol'
import { answeredMeanwhile, type Collision } from './team-model.ts'
import { eraseMessage, mergeMessages, removeMessage, unsendInList, upsertMessage, type Messages } from './thread.ts'
import { deviceStorage } from '../../offline/saved-locally.ts'
import { savedOutbox, type SavedOutbox } from '../../offline/saved-outbox.ts'

export type Box = 'inbox' | 'requests'

export interface BoxState {
  loaded: boolean
  loading: boolean
  /** Where the next page starts; null at the end. */
  nextCursor: string | null
  /** Why the last load failed (shown with errorMessage), or null. */
  error: unknown
}

export interface Thread {
  messages: Messages
  /** The newest page has answered. */
  loaded: boolean
  hasOlder: boolean
  loadingOlder: boolean
  error: unknown
}

/** A message on its way: shown at once, replaced by the real one when the server has it. */
export type Outgoing = OutboxEntry<{
  clientMessageId: string
  conversationId: string
  body: SendMessageBody & { clientMessageId: string }
  attachment: Media | null
  createdAt: string
}>

/** What the outbox holds (and the device keeps) of a message on its way. */
export type OutgoingItem = Omit<Outgoing, 'status' | 'error'>

/** A message kept on the device by an earlier run, checked before it is trusted. */
export function isOutgoingItem(value: unknown): value is OutgoingItem {
  if (typeof value !== 'object' || value === null) return false
  const item = value as Partial<OutgoingItem>
  return typeof item.clientMessageId === 'string' && typeof item.conversationId === 'string' && typeof item.createdAt === 'string'
    && typeof item.body === 'object' && item.body !== null && item.body.clientMessageId === item.clientMessageId
    && (item.attachment === null || (typeof item.attachment === 'object' && typeof item.attachment.id === 'string'))
}

export interface MessengerState {
  conversations: ReadonlyMap<string, Conversation>
  boxes: Readonly<Record<Box, BoxState>>
  threads: ReadonlyMap<string, Thread>
  outgoing: ReadonlyMap<string, readonly Outgoing[]>
  /** Conversation id → account id → when its "typing" expires (ms since epoch). */
  typing: ReadonlyMap<string, ReadonlyMap<string, number>>
  /** Conversations that are gone for me (never mine, deleted, left). */
  gone: ReadonlySet<string>
  /** Brands' public cards (support status, default welcome message), by brand id, once fetched. */
  brandCards: ReadonlyMap<string, BrandCard>
  /** Brand sends held back because a teammate answered meanwhile, by conversation: the writer decides. */
  collisions: ReadonlyMap<string, Collision>
}

const emptyBox: BoxState = { loaded: false, loading: false, nextCursor: null, error: null }
const emptyThread: Thread = { messages: [], loaded: false, hasOlder: false, loadingOlder: false, error: null }

export const FIRST_PAGE = 50
export const OLDER_PAGE = 100
const CATCH_UP_PAGE = 200
/** A brand card fetched this recently is not fetched again. */
const BRAND_CARD_FRESH_MS = 60_000
/** The server takes one typing notice per 3 s per conversation. */
const TYPING_EVERY_MS = 3_000

/** Sort key of the conversation list: last activity first. */
export const activityOf = (c: Conversation) => c.lastMessage?.createdAt ?? c.createdAt

function mergeReadMarks(a: readonly ReadMark[], b: readonly ReadMark[]): ReadMark[] {
  const byAccount = new Map(a.map((m) => [m.accountId, m.seq]))
  for (const mark of b) byAccount.set(mark.accountId, Math.max(mark.seq, byAccount.get(mark.accountId) ?? 0))
  return [...byAccount].map(([accountId, seq]) => ({ accountId, seq }))
}

/** A fetched conversation over what events already told: the newer of each part wins. */
function mergeConversations(had: Conversation, incoming: Conversation): Conversation {
  const newer = had.lastSeq > incoming.lastSeq
  const lastReadSeq = Math.max(had.viewer.lastReadSeq, incoming.viewer.lastReadSeq)
  return {
    ...incoming,
    lastSeq: Math.max(had.lastSeq, incoming.lastSeq),
    lastMessage: newer ? had.lastMessage : incoming.lastMessage,
    viewer: {
      ...incoming.viewer,
      lastReadSeq,
      unreadCount: newer || had.viewer.lastReadSeq > incoming.viewer.lastReadSeq ? had.viewer.unreadCount : incoming.viewer.unreadCount,
    },
    readMarks: mergeReadMarks(incoming.readMarks, had.readMarks.filter((m) => incoming.readMarks.some((n) => n.accountId === m.accountId))),
  }
}

/** A conversation after messages newer than its `lastSeq`, in seq order: the newest is its last one, those from others unread. */
function withNewerMessages(conversation: Conversation, messages: readonly Message[], meId: string): Conversation {
  const last = messages.at(-1)
  if (!last) return conversation
  const unread = messages.filter((m) => m.senderId !== meId && m.kind === 'text' && m.seq > conversation.viewer.lastReadSeq).length
  return { ...conversation, lastSeq: last.seq, lastMessage: last, viewer: { ...conversation.viewer, unreadCount: conversation.viewer.unreadCount + unread } }
}

/**
 * The messenger's state for one signed-in account, fed by REST and the realtime stream: the
 * conversation lists, each opened conversation's messages, messages being sent, who is typing.
 * Every event may come twice (a replay overlapping a fetch); applying it twice changes nothing.
 * After every reconnect it catches up over REST, so nothing is lost.
 */
export class MessengerStore {
  readonly meId: string
  readonly #client: ParloirClient
  #state: MessengerState = {
    conversations: new Map(), boxes: { inbox: emptyBox, requests: emptyBox }, threads: new Map(), outgoing: new Map(), typing: new Map(), gone: new Set(), brandCards: new Map(), collisions: new Map(),
  }
  readonly #listeners = new Set<() => void>()
  #stream: ParloirStream | null = null
  readonly #fetching = new Map<string, Promise<void>>()
  /** First pages on their way, by conversation: each answers the newest seq its page held (0 for none), or null when it failed. */
  readonly #opening = new Map<string, Promise<number | null>>()
  readonly #catchingUp = new Map<string, Promise<void>>()
  readonly #hidden = new Set<string>()
  /** Every account seen in a conversation, so people who left keep their names on old messages. */
  readonly #accounts = new Map<string, Account>()
  readonly #typingSentAt = new Map<string, number>()
  readonly #readSent = new Map<string, number>()
  /**
   * Sent at once, in parallel; a rate limit is waited out, a network failure resent on reconnect.
   * Kept on the device until the server has them (`saved`), so a reload loses none.
   */
  readonly #outbox = new Outbox<OutgoingItem>({
    deliver: async (o) => this.#onMessage(await this.#client.sendMessage(o.conversationId, o.body)),
    changed: (o) => { this.#save(o); this.#showOutgoing(o.conversationId) },
    failed: (o, error) => this.#onRefused(o, error),
    waitWhenRateLimited: true,
  })
  readonly #saved: SavedOutbox<OutgoingItem> | null
  /** When each brand card was last asked for, so opening conversations does not ask again and again. */
  readonly #cardAskedAt = new Map<string, number>()
  #typingTimer: ReturnType<typeof setTimeout> | undefined
  #resync = false

  /** `saved`: where messages not sent yet are kept; those an earlier run kept come back, waiting. */
  constructor(client: ParloirClient, meId: string, saved: SavedOutbox<OutgoingItem> | null = null) {
    this.#client = client
    this.meId = meId
    this.#saved = saved
    if (saved) this.#outbox.restore(saved.load())
  }

  get client(): ParloirClient { return this.#client }

  // Subscription (useSyncExternalStore).

  getState = (): MessengerState => this.#state
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #set(patch: Partial<MessengerState>): void {
    this.#state = { ...this.#state, ...patch }
    for (const listener of [...this.#listeners]) listener()
  }

  /** An account seen in any conversation (also one that has left it since). */
  accountOf(id: string): Account | undefined {
    return this.#accounts.get(id)
  }

  #setConversation(conversation: Conversation): void {
    for (const p of conversation.participants) this.#accounts.set(p.account.id, p.account)
    const conversations = new Map(this.#state.conversations)
    conversations.set(conversation.id, conversation)
    this.#set({ conversations })
  }

  #setThread(id: string, update: (thread: Thread) => Thread): void {
    const had = this.#state.threads.get(id) ?? emptyThread
    const next = update(had)
    if (next === had) return
    const threads = new Map(this.#state.threads)
    threads.set(id, next)
    this.#set({ threads })
  }

  #save(item: OutgoingItem): void {
    if (!this.#saved) return
    const entry = this.#outbox.entries.find((e) => e.clientMessageId === item.clientMessageId)
    if (!entry) { this.#saved.remove(item.clientMessageId); return }
    const { status: _status, error: _error, ...kept } = entry
    this.#saved.put(kept)
  }

  #showOutgoing(conversationId: string): void {
    const next = this.#outbox.entries.filter((o) => o.conversationId === conversationId)
    const outgoing = new Map(this.#state.outgoing)
    if (next.length) outgoing.set(conversationId, next)
    else outgoing.delete(conversationId)
    this.#set({ outgoing })
  }

  /**
   * A teammate answered after what I saw: the message is not sent but held as a collision (the
   * composer warns and offers to send anyway or edit), and their answer is fetched into view.
   */
  #onRefused(o: Outgoing, error: unknown): void {
    const answer = answeredMeanwhile(error)
    if (!answer) return
    this.#outbox.discard(o.clientMessageId)
    const collision: Collision = { answer, text: o.body.text ?? '', attachment: o.attachment, customProfileId: o.body.customProfileId ?? null }
    this.#set({ collisions: new Map(this.#state.collisions).set(o.conversationId, collision) })
    void this.catchUp(o.conversationId, o.body.seenSeq)
  }

  /** The writer has read the warning (sent anyway, or went back to edit). */
  dismissCollision(conversationId: string): void {
    if (!this.#state.collisions.has(conversationId)) return
    const collisions = new Map(this.#state.collisions)
    collisions.delete(conversationId)
    this.#set({ collisions })
  }

  #forget(conversationId: string): void {
    const conversations = new Map(this.#state.conversations)
    const threads = new Map(this.#state.threads)
    conversations.delete(conversationId)
    threads.delete(conversationId)
    this.#set({ conversations, threads, gone: new Set([...this.#state.gone, conversationId]) })
  }

  // The stream.

  /** Listens to a stream (the session's one); answers a function that stops listening. */
  attach(stream: ParloirStream | null): () => void {
    this.#stream = stream
    if (!stream) return () => {}
    const offs = [
      stream.on('message.created', ({ message }) => { this.#onMessage(message); this.#askAuthor(message) }),
      stream.on('message.unsent', (data) => this.#onUnsent(data.conversationId, data.messageId, data.seq, data.unsentAt)),
      stream.on('message.hidden', (data) => this.#onHidden(data.conversationId, data.messageId)),
      stream.on('message.moderated', (data) => this.#onModerated(data.conversationId, data.messageId, data.moderation)),
      stream.on('conversation.updated', ({ conversation }) => this.#onConversationUpdated(conversation)),
      stream.on('conversation.removed', ({ conversationId }) => this.#forget(conversationId)),
      stream.on('conversation.read', (data) => this.#onRead(data.conversationId, data.accountId, data.seq)),
      stream.on('typing.started', (data) => this.#onTyping(data.conversationId, data.accountId, data.expiresInMs)),
      stream.on('resync', () => { this.#resync = true }),
      // Live again (first time or after a drop): fetch what a replay cannot carry, resend what failed.
      stream.on('ready', () => void this.refresh()),
    ]
    // Listening starts now: whatever happened before is fetched.
    if (stream.state === 'live') void this.refresh() // refresh settles every job: it never rejects
    return () => {
      for (const off of offs) off()
      if (this.#stream === stream) this.#stream = null
    }
  }

  #onMessage(message: Message): void {
    if (this.#hidden.has(message.id) || this.#state.gone.has(message.conversationId)) return
    const conversation = this.#state.conversations.get(message.conversationId)
    const fromOther = message.senderId !== this.meId
    // Not known yet (a deep link whose conversation is still on its way): the message still goes
    // into the open thread, and the conversation takes it from there once fetched.
    if (!conversation) void this.ensureConversation(message.conversationId)
    else if (message.seq > conversation.lastSeq) this.#setConversation(withNewerMessages(conversation, [message], this.meId))
    else if (conversation.lastMessage?.id === message.id) this.#setConversation({ ...conversation, lastMessage: message })
    const gap = conversation !== undefined && message.seq > conversation.lastSeq + 1
    const thread = this.#state.threads.get(message.conversationId)
    if (thread) this.#setThread(message.conversationId, (t) => ({ ...t, messages: upsertMessage(t.messages, message) }))
    if (message.clientMessageId && !fromOther) this.#outbox.settle(message.clientMessageId)
    const typing = this.#state.typing.get(message.conversationId)
    if (typing?.has(message.senderId)) this.#clearTyping(message.conversationId, message.senderId)
    if (gap && thread?.loaded) void this.catchUp(message.conversationId) // never rejects: the next reconnect tries again
  }

  /**
   * The stream does not say who of a brand's team wrote a brand message (its copy goes to the
   * customer too): acting as the brand, the team asks for it once, so "Sent by" shows live.
   */
  #askAuthor(message: Message): void {
    if (message.senderId !== this.meId || message.author !== undefined || message.automation !== null || message.kind !== 'text') return
    if (this.#accounts.get(this.meId)?.kind !== 'brand' || !this.#state.threads.get(message.conversationId)?.loaded) return
    this.#client.listMessages(message.conversationId, { afterSeq: message.seq - 1, limit: 1 })
      .then((page) => { for (const m of page.messages) this.#onMessage(m) }, () => {})
  }

  #onUnsent(conversationId: string, messageId: string, seq: number, unsentAt: string): void {
    const conversation = this.#state.conversations.get(conversationId)
    if (conversation?.lastMessage?.id === messageId && conversation.lastMessage.unsentAt === null) {
      this.#setConversation({ ...conversation, lastMessage: eraseMessage(conversation.lastMessage, unsentAt) })
    }
    this.#setThread(conversationId, (t) => {
      const messages = unsendInList(t.messages, messageId, seq, unsentAt)
      return messages === t.messages ? t : { ...t, messages }
    })
  }

  #onHidden(conversationId: string, messageId: string): void {
    this.#hidden.add(messageId)
    this.#setThread(conversationId, (t) => {
      const messages = removeMessage(t.messages, messageId)
      return messages === t.messages ? t : { ...t, messages }
    })
    const conversation = this.#state.conversations.get(conversationId)
    if (conversation?.lastMessage?.id === messageId) {
      const thread = this.#state.threads.get(conversationId)
      this.#setConversation({ ...conversation, lastMessage: thread?.messages.at(-1) ?? null })
    }
  }

  /**
   * The brand's team hid a message (or showed it again, or its author asked for a review). Its
   * author and the brand keep the text; anyone else sees it emptied, as the server lists it.
   */
  #onModerated(conversationId: string, messageId: string, moderation: MessageModeration | null): void {
    this.#setThread(conversationId, (t) => {
      const index = t.messages.findIndex((m) => m.id === messageId)
      const message = t.messages[index]
      if (!message) return t
      const { moderation: _was, ...shown } = message
      const readsIt = message.senderId === this.meId || moderation?.hiddenBy === this.meId
      const next: Message = moderation ? { ...shown, moderation, ...(readsIt ? {} : { text: '', entities: { urls: [], mentions: [], hashtags: [] }, attachment: null }) } : shown
      const messages = [...t.messages]
      messages[index] = next
      return { ...t, messages }
    })
    // Shown again to someone who only had the emptied copy: fetch its words.
    if (moderation === null) {
      const copy = this.#state.threads.get(conversationId)?.messages.find((m) => m.id === messageId)
      if (copy && copy.text === '' && copy.senderId !== this.meId) {
        this.#client.listMessages(conversationId, { afterSeq: copy.seq - 1, limit: 1 }).then(({ messages }) => {
          const fresh = messages.find((m) => m.id === messageId)
          if (fresh) this.#setThread(conversationId, (t) => ({ ...t, messages: t.messages.map((m) => (m.id === messageId ? fresh : m)) }))
        }, () => undefined)
      }
    }
  }

  /** As the brand: hides a customer's message with a reason, or shows it again. */
  async moderate(conversationId: string, messageId: string, hide: boolean, reason: string): Promise<void> {
    const route = hide ? 'hideCustomerMessage' : 'unhideCustomerMessage'
    const message = await this.#client.call(route, { params: { conversationId, messageId }, body: { reason } })
    this.#onModerated(conversationId, messageId, message.moderation ?? null)
  }

  /** The author of a hidden message asks the team to look again. */
  async requestReview(conversationId: string, messageId: string): Promise<void> {
    await this.#client.call('requestMessageReview', { params: { conversationId, messageId }, body: {} })
    const message = this.#state.threads.get(conversationId)?.messages.find((m) => m.id === messageId)
    if (message?.moderation) this.#onModerated(conversationId, messageId, { ...message.moderation, reviewRequestedAt: new Date().toISOString() })
  }

  #onConversationUpdated(core: ConversationCore): void {
    const mine = core.participants.find((p) => p.account.id === this.meId)
    const had = this.#state.conversations.get(core.id)
    if (!mine) {
      if (had) this.#forget(core.id)
      return
    }
    if (!had) {
      this.ensureConversation(core.id, { force: true }).catch(() => undefined) // the next box load brings it
      return
    }
    this.#setConversation({ ...had, ...core, viewer: { ...had.viewer, status: mine.status } })
  }

  #onRead(conversationId: string, accountId: string, seq: number): void {
    const conversation = this.#state.conversations.get(conversationId)
    if (!conversation) return
    if (accountId === this.meId) {
      if (seq <= conversation.viewer.lastReadSeq) return
      this.#setConversation({ ...conversation, viewer: { ...conversation.viewer, lastReadSeq: seq, unreadCount: this.#unreadAfter(conversation, seq) } })
      return
    }
    const had = conversation.readMarks.find((m) => m.accountId === accountId)
    if (had && had.seq >= seq) return
    this.#setConversation({ ...conversation, readMarks: mergeReadMarks(conversation.readMarks, [{ accountId, seq }]) })
  }

  /** Unread messages past `seq`, counted in what is loaded (exact when the newest page is). */
  #unreadAfter(conversation: Conversation, seq: number): number {
    if (seq >= conversation.lastSeq) return 0
    const thread = this.#state.threads.get(conversation.id)
    if (!thread?.loaded) return conversation.viewer.unreadCount
    return thread.messages.filter((m) => m.seq > seq && m.senderId !== this.meId && m.kind === 'text').length
  }

  #onTyping(conversationId: string, accountId: string, expiresInMs: number): void {
    if (accountId === this.meId) return
    const typing = new Map(this.#state.typing)
    const inConversation = new Map(typing.get(conversationId) ?? [])
    inConversation.set(accountId, Date.now() + expiresInMs)
    typing.set(conversationId, inConversation)
    this.#set({ typing })
    this.#scheduleTypingSweep()
  }

  #clearTyping(conversationId: string, accountId: string): void {
    const typing = new Map(this.#state.typing)
    const inConversation = new Map(typing.get(conversationId) ?? [])
    inConversation.delete(accountId)
    if (inConversation.size) typing.set(conversationId, inConversation)
    else typing.delete(conversationId)
    this.#set({ typing })
  }

  #scheduleTypingSweep(): void {
    clearTimeout(this.#typingTimer)
    let next = Infinity
    for (const accounts of this.#state.typing.values()) for (const until of accounts.values()) next = Math.min(next, until)
    if (next === Infinity) return
    this.#typingTimer = setTimeout(() => {
      const now = Date.now()
      const typing = new Map<string, ReadonlyMap<string, number>>()
      for (const [conversationId, accounts] of this.#state.typing) {
        const live = new Map([...accounts].filter(([, until]) => until > now))
        if (live.size) typing.set(conversationId, live)
      }
      this.#set({ typing })
      this.#scheduleTypingSweep()
    }, Math.max(0, next - Date.now()) + 20)
  }

  // Loading.

  /** After (re)connecting: lists and open conversations brought up to date; failed sends retried. */
  async refresh(): Promise<void> {
    const resync = this.#resync
    this.#resync = false
    const boxes = (['inbox', 'requests'] as const).filter((box) => this.#state.boxes[box].loaded || this.#state.boxes[box].loading)
    const threads = [...this.#state.threads].filter(([, t]) => t.loaded).map(([id]) => id)
    const jobs: Array<Promise<unknown>> = boxes.map((box) => this.loadBox(box))
    // A first page on its way may have been read before the stream listened: what came between
    // arrives by neither, so fetch after that page once it lands (not after a newer live message).
    for (const [id, opening] of this.#opening) {
      jobs.push(opening.then((newestSeq) => (newestSeq === null ? undefined : this.catchUp(id, newestSeq))))
    }
    for (const id of threads) {
      if (resync) {
        // Events were lost (unsends, hides too): start the conversation over from its newest page.
        this.#setThread(id, () => emptyThread)
        jobs.push(this.openThread(id), this.ensureConversation(id, { force: true }))
      } else {
        jobs.push(this.catchUp(id))
      }
    }
    jobs.push(this.#outbox.resendFailed())
    await Promise.allSettled(jobs)
  }

  /** Loads a box's first page, or its next one with `more`. */
  async loadBox(box: Box, options: { more?: boolean } = {}): Promise<void> {
    const state = this.#state.boxes[box]
    if (options.more && (!state.nextCursor || state.loading)) return
    this.#set({ boxes: { ...this.#state.boxes, [box]: { ...state, loading: true, error: null } } })
    try {
      const page = await this.#client.listConversations({ box, limit: FIRST_PAGE, ...(options.more && state.nextCursor ? { before: state.nextCursor } : {}) })
      const conversations = new Map(this.#state.conversations)
      for (const incoming of page.conversations) {
        if (this.#state.gone.has(incoming.id)) continue
        for (const p of incoming.participants) this.#accounts.set(p.account.id, p.account)
        conversations.set(incoming.id, this.#mergeConversation(conversations.get(incoming.id), incoming))
      }
      const current = this.#state.boxes[box]
      this.#set({
        conversations,
        boxes: { ...this.#state.boxes, [box]: { loaded: true, loading: false, error: null, nextCursor: options.more || !current.loaded ? page.nextCursor : current.nextCursor ?? page.nextCursor } },
      })
    } catch (error) {
      this.#set({ boxes: { ...this.#state.boxes, [box]: { ...this.#state.boxes[box], loading: false, error } } })
    }
  }

  /**
   * A fetched conversation over what events already told: the newer of each part wins, and the
   * messages its open thread holds past the fetched copy count as if they had just come live.
   */
  #mergeConversation(had: Conversation | undefined, incoming: Conversation): Conversation {
    const merged = had ? mergeConversations(had, incoming) : incoming
    const newer = this.#state.threads.get(incoming.id)?.messages.filter((m) => m.seq > merged.lastSeq) ?? []
    return withNewerMessages(merged, newer, this.meId)
  }

  /** Fetches a conversation unless known (or `force`); a 404 marks it gone. */
  ensureConversation(id: string, options: { force?: boolean } = {}): Promise<void> {
    if (!options.force && (this.#state.conversations.has(id) || this.#state.gone.has(id))) return Promise.resolve()
    const running = this.#fetching.get(id)
    if (running) return running
    const job = (async () => {
      try {
        const conversation = await this.#client.getConversation(id)
        if (this.#state.gone.has(id) && !options.force) return
        if (this.#state.gone.has(id)) this.#set({ gone: new Set([...this.#state.gone].filter((g) => g !== id)) })
        this.#setConversation(this.#mergeConversation(this.#state.conversations.get(id), conversation))
      } catch (error) {
        if (error instanceof ParloirApiError && error.status === 404) this.#forget(id)
        else throw error
      } finally {
        this.#fetching.delete(id)
      }
    })()
    this.#fetching.set(id, job)
    return job
  }

  /** Loads the newest page of a conversation's messages, once. */
  async openThread(id: string): Promise<void> {
    const had = this.#state.threads.get(id)
    if (had && (had.loaded || had.loadingOlder)) return
    // Events that arrive while the page loads land in the thread too; the page merges in.
    this.#setThread(id, () => ({ ...emptyThread, loadingOlder: true }))
    const opening = this.#loadFirstPage(id)
    this.#opening.set(id, opening)
    try {
      await opening
    } finally {
      this.#opening.delete(id)
    }
  }

  async #loadFirstPage(id: string): Promise<number | null> {
    try {
      const page = await this.#client.listMessages(id, { limit: FIRST_PAGE })
      this.#setThread(id, (t) => ({ ...t, messages: mergeMessages(t.messages, page.messages.filter((m) => !this.#hidden.has(m.id))), loaded: true, hasOlder: page.hasMore, loadingOlder: false, error: null }))
      return page.messages.at(-1)?.seq ?? 0
    } catch (error) {
      if (error instanceof ParloirApiError && error.status === 404) this.#forget(id)
      else this.#setThread(id, (t) => ({ ...t, loadingOlder: false, error }))
      return null
    }
  }

  /** Loads the page before the oldest loaded message. */
  async loadOlder(id: string): Promise<void> {
    const thread = this.#state.threads.get(id)
    if (!thread?.loaded || !thread.hasOlder || thread.loadingOlder) return
    const oldest = thread.messages[0]
    this.#setThread(id, (t) => ({ ...t, loadingOlder: true, error: null }))
    try {
      const page = await this.#client.listMessages(id, { limit: OLDER_PAGE, ...(oldest ? { beforeSeq: oldest.seq } : {}) })
      this.#setThread(id, (t) => ({ ...t, messages: mergeMessages(t.messages, page.messages.filter((m) => !this.#hidden.has(m.id))), hasOlder: page.hasMore, loadingOlder: false }))
    } catch (error) {
      this.#setThread(id, (t) => ({ ...t, loadingOlder: false, error }))
    }
  }

  /**
   * Fetches every message after `afterSeq` (by default the newest loaded one): what a dropped
   * connection may have missed. Merged like events: a message already shown stays once.
   */
  catchUp(id: string, afterSeq?: number): Promise<void> {
    const running = this.#catchingUp.get(id)
    // One at a time; one that starts earlier than the running one waits for it, then goes.
    if (running) return afterSeq === undefined ? running : running.then(() => this.catchUp(id, afterSeq))
    const job = (async () => {
      try {
        let from = afterSeq
        for (let pages = 0; pages < 50; pages++) {
          const thread = this.#state.threads.get(id)
          if (!thread?.loaded) return
          const page = await this.#client.listMessages(id, { afterSeq: from ?? thread.messages.at(-1)?.seq ?? 0, limit: CATCH_UP_PAGE })
          for (const message of page.messages) this.#onMessage(message)
          if (!page.hasMore || page.messages.length === 0) return
          from = page.messages.at(-1)?.seq
        }
      } catch {
        // The next reconnect tries again.
      } finally {
        this.#catchingUp.delete(id)
      }
    })()
    this.#catchingUp.set(id, job)
    return job
  }

  /**
   * Fetches a brand's public card (its default welcome message, its support status), at most
   * once a minute per brand: a welcome message changed in the console shows on the next opening.
   */
  async loadBrandCard(brandId: string): Promise<void> {
    const asked = this.#cardAskedAt.get(brandId)
    if (asked !== undefined && Date.now() - asked < BRAND_CARD_FRESH_MS) return
    this.#cardAskedAt.set(brandId, Date.now())
    try {
      const card = await this.#client.call('getBrandCard', { params: { brandId } })
      const brandCards = new Map(this.#state.brandCards)
      brandCards.set(brandId, card)
      this.#set({ brandCards })
    } catch {
      // No card, no welcome message shown; the next opening asks again.
      this.#cardAskedAt.delete(brandId)
    }
  }

  // Sending.

  /**
   * Sends a message; it shows at once and is retried (same client id: never twice) until it lands.
   * `welcomeMessageId` names the welcome message the person saw (the server writes it first if the
   * brand has not written yet); `customProfileId` is the profile a brand answers under. `seenSeq`
   * (a brand's team only) is the newest seq the writer saw: a teammate's answer after it holds
   * the message back as a collision.
   */
  send(conversationId: string, input: {
    text?: string; attachment?: Media | null; quickReplyResponse?: QuickReplyResponse; welcomeMessageId?: string | null; customProfileId?: string | null; seenSeq?: number
  }): void {
    const clientMessageId = newClientMessageId('web')
    const body: Outgoing['body'] = {
      clientMessageId,
      ...(input.text ? { text: input.text } : {}),
      ...(input.attachment ? { attachmentMediaId: input.attachment.id } : {}),
      ...(input.quickReplyResponse ? { quickReplyResponse: input.quickReplyResponse } : {}),
      ...(input.welcomeMessageId ? { welcomeMessageId: input.welcomeMessageId } : {}),
      ...(input.customProfileId ? { customProfileId: input.customProfileId } : {}),
      ...(input.seenSeq !== undefined ? { seenSeq: input.seenSeq } : {}),
    }
    this.#outbox.add({ clientMessageId, conversationId, body, attachment: input.attachment ?? null, createdAt: new Date().toISOString() })
  }

  /** Tries a failed message again. */
  retry(clientMessageId: string): void {
    this.#outbox.retry(clientMessageId)
  }

  /** Gives up on a failed message. */
  discard(clientMessageId: string): void {
    this.#outbox.discard(clientMessageId)
  }

  /** Says I am typing, at most once per server window. */
  typing(conversationId: string): void {
    const now = Date.now()
    if (now - (this.#typingSentAt.get(conversationId) ?? 0) < TYPING_EVERY_MS + 100) return
    this.#typingSentAt.set(conversationId, now)
    const stream = this.#stream
    const sent = stream?.state === 'live' ? stream.typing(conversationId) : this.#client.typing(conversationId)
    sent.catch(() => {})
  }

  /**
   * Marks a conversation read up to `seq` (through the stream when it is live). A viewer of a
   * brand's team (`ownFor`: the brand) moves their own read position only: they may not say
   * "Seen" in the brand's name.
   */
  markRead(conversationId: string, seq: number, ownFor?: string): void {
    const conversation = this.#state.conversations.get(conversationId)
    if (!conversation || seq <= conversation.viewer.lastReadSeq || (this.#readSent.get(conversationId) ?? 0) >= seq) return
    this.#readSent.set(conversationId, seq)
    this.#setConversation({ ...conversation, viewer: { ...conversation.viewer, lastReadSeq: seq, unreadCount: this.#unreadAfter(conversation, seq) } })
    const stream = this.#stream
    const sent = ownFor !== undefined ? markOwnRead(this.#client, ownFor, conversationId, seq)
      : stream?.state === 'live' ? stream.read(conversationId, seq) : this.#client.markRead(conversationId, seq)
    sent.catch(() => this.#readSent.delete(conversationId))
  }

  // Actions.

  async unsend(conversationId: string, messageId: string): Promise<void> {
    const message = await this.#client.unsend(conversationId, messageId)
    this.#onUnsent(conversationId, messageId, message.seq, message.unsentAt ?? new Date().toISOString())
  }

  async hide(conversationId: string, messageId: string): Promise<void> {
    await this.#client.hide(conversationId, messageId)
    this.#onHidden(conversationId, messageId)
  }

  async accept(conversationId: string): Promise<void> {
    this.#setConversation(this.#mergeConversation(this.#state.conversations.get(conversationId), await this.#client.acceptRequest(conversationId)))
  }

  async decline(conversationId: string): Promise<void> {
    await this.#client.deleteRequest(conversationId)
    this.#forget(conversationId)
  }

  async leave(conversationId: string): Promise<void> {
    await this.#client.leave(conversationId)
    this.#forget(conversationId)
  }

  async rename(conversationId: string, name: string | null): Promise<void> {
    const conversation = await this.#client.call('updateGroup', { params: { conversationId }, body: { name } })
    this.#setConversation(this.#mergeConversation(this.#state.conversations.get(conversationId), conversation))
  }

  async addPeople(conversationId: string, accountIds: string[]): Promise<void> {
    const conversation = await this.#client.addParticipants(conversationId, accountIds)
    this.#setConversation(this.#mergeConversation(this.#state.conversations.get(conversationId), conversation))
  }

  /** Opens (or finds) the 1:1 with an account; answers its id. */
  async openDirect(accountId: string): Promise<string> {
    const conversation = await this.#client.openDirect(accountId)
    this.#reviveAndSet(conversation)
    return conversation.id
  }

  async createGroup(name: string | undefined, accountIds: string[]): Promise<string> {
    const conversation = await this.#client.createGroup({ accountIds, ...(name ? { name } : {}) })
    this.#reviveAndSet(conversation)
    return conversation.id
  }

  #reviveAndSet(conversation: Conversation): void {
    if (this.#state.gone.has(conversation.id)) this.#set({ gone: new Set([...this.#state.gone].filter((g) => g !== conversation.id)) })
    this.#setConversation(this.#mergeConversation(this.#state.conversations.get(conversation.id), conversation))
  }

  dispose(): void {
    clearTimeout(this.#typingTimer)
    this.#outbox.dispose()
  }
}

/**
 * One store per signed-in account (`accountId`) and whom it writes as (`meId`: itself or a
 * brand), kept while the app runs so coming back to Messages is instant.
 */
let current: { client: ParloirClient; meId: string; accountId: string; store: MessengerStore } | null = null
export function storeFor(client: ParloirClient, meId: string, accountId: string): MessengerStore {
  if (current?.client !== client || current.meId !== meId || current.accountId !== accountId) {
    current?.store.dispose()
    current = { client, meId, accountId, store: new MessengerStore(client, meId, savedOutbox(deviceStorage(), accountId, meId, isOutgoingItem)) }
  }
  return current.store
}

// Named, as the typed client's call nests too deep for the checker inside a class method's closure.
async function markOwnRead(client: ParloirClient, brandId: string, conversationId: string, seq: number) {
  return client.call('markInboxRead', { params: { brandId, conversationId }, body: { seq } })
}
