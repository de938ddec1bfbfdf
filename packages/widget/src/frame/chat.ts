import { newClientMessageId, Outbox, ParloirApiError, ParloirClient, type ParloirStream, type WebSocketLikeConstructor } from '@parloir/client'
import { avatarColour, avatarInitials, defaultLimits, safeWebHref, supportStatusLine, telHref, webLinkRel, type BrandCard, type Button, type Media, type Message, type QuickReply, type QuickReplyResponse, type Entities } from '@parloir/protocol'
import { h, fill, type Child } from './dom.ts'
import { segments } from './links.ts'
import { forgetSession, loadMoved, loadSession, saveMoved, saveSession, type VisitorSession } from './visitor-session.ts'
import { daySeparators, timeOfDay } from './log-time.ts'
import type { Language, Translate } from './text.ts'

export interface ChatOptions {
  root: HTMLElement
  brandId: string
  welcomeMessageId: string | undefined
  ref: string | undefined
  prefill: string | undefined
  /** The embedding page's origin, sent as the conversation's `site`. */
  site: string | undefined
  /** Whether the visitor sees the chat from the start (false when the loader loads it unseen for the launcher's badge). */
  shown: boolean
  /** Tells the page whether there is a conversation and how many messages wait (the launcher). */
  onUnread: (conversation: boolean, count: number) => void
  language: Language
  t: Translate
}

/** What a message in the log needs: a sent one, one on its way, or the welcome message not yet written. */
interface Row {
  key: string
  seq: number
  mine: boolean
  text: string
  entities: Entities | null
  quickReply: QuickReply | null
  /** The id a quick-reply answer names. */
  answerTo: string
  buttons: Button[]
  attachment: Media | null
  unsent: boolean
  automatic: boolean
  senderName: string | null
  state: 'sent' | 'sending' | 'failed'
  /** For a failed one: send again. */
  retry?: () => void
  /** When it was sent; null while on its way. */
  at: Date | null
}

const MESSAGE_PAGE = 100
const STREAM_PROTOCOL = 'parloir.v1'

/** A message the visitor sent, on its way; with a file, that file is uploaded first and attached. */
interface Sending { clientMessageId: string; text: string; quickReplyResponse: QuickReplyResponse | undefined; file?: File }

/** The brand's signature of its logged-in customer, from the page (identity verification). */
export interface Identity { userId: string; timestamp: number; signature: string }

/**
 * The browser WebSocket with the token in `Sec-WebSocket-Protocol`: a browser cannot set an
 * Authorization header on a socket, and a token in the URL would end up in logs. The server
 * answers with `parloir.v1` only, never echoing the token.
 */
function socketWithToken(token: () => string | undefined): WebSocketLikeConstructor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, [STREAM_PROTOCOL, `parloir.token.${token() ?? ''}`])
    }
  } as unknown as WebSocketLikeConstructor
}

/** The same-origin URL of an image, or null: the frame's CSP loads images from Parloir only. */
function ownImage(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const resolved = new URL(url, location.href)
    return resolved.origin === location.origin ? resolved.href : null
  } catch {
    return null
  }
}

/** The chat: brand header, welcome message, conversation, composer, email field; live over the stream. */
export class Chat {
  readonly #o: ChatOptions
  readonly #t: Translate
  readonly #client: ParloirClient
  #card: BrandCard | undefined
  #session: VisitorSession | undefined
  #email: string | null = null
  #stream: ParloirStream | undefined
  readonly #messages = new Map<string, Message>()
  /** Sends go one after another, so the first (which creates the visitor) finishes before the next. */
  readonly #outbox = new Outbox<Sending>({
    deliver: (m) => this.#deliver(m),
    changed: () => this.#renderLog(),
    failed: (_entry, error) => this.#showError(error),
    oneAtATime: true,
  })
  #typingTimer: ReturnType<typeof setTimeout> | undefined
  #lastTypingSentMs = 0
  #editingEmail = false
  /** Whether the log follows the newest message: true while the visitor is at its bottom. */
  #pinned = true
  /** Whether the visitor sees the chat (messages that arrive meanwhile are read). */
  #shown: boolean
  /** The newest of the brand's messages the visitor has read. */
  #lastReadSeq = 0
  /** Object URLs of attachments fetched with the visitor's token (no cookie reaches this frame). */
  readonly #blobs = new Map<string, Promise<string>>()
  #identity: Identity | undefined
  /** The conversation this browser's visitor kept in a person account, said until a new chat starts. */
  #moved: string | undefined

  // Parts of the page that change.
  readonly #header = h('header', { class: 'brand' })
  readonly #banner = h('p', { class: 'banner', role: 'status' })
  readonly #movedBox = h('section', { class: 'moved', 'aria-labelledby': 'moved-title' })
  readonly #log = h('div', { class: 'log', role: 'log', tabIndex: 0 })
  readonly #typing = h('p', { class: 'typing', 'aria-live': 'polite' })
  readonly #emailBox = h('div', { class: 'email' })
  readonly #error = h('p', { class: 'error', role: 'alert' })
  readonly #input = h('textarea', { id: 'composer', class: 'composer__input', rows: 1, maxLength: defaultLimits.messageTextChars, 'aria-describedby': 'composer-hint' })
  readonly #send = h('button', { type: 'submit', class: 'composer__send' })
  /** Opened by the attach button (which is what assistive technology sees). */
  readonly #file = h('input', { type: 'file', id: 'attach', class: 'visually-hidden', tabIndex: -1, 'aria-hidden': 'true' })
  readonly #attach = h('button', { type: 'button', class: 'composer__attach' })

  constructor(options: ChatOptions) {
    this.#o = options
    this.#t = options.t
    this.#shown = options.shown
    this.#client = new ParloirClient({ baseUrl: location.origin })
  }

  /** Loads the brand and, when this browser has one with the brand, the conversation. */
  async start(): Promise<'ready' | 'unavailable'> {
    const { root, brandId, welcomeMessageId } = this.#o
    fill(root, h('p', { class: 'loading', role: 'status' }, this.#t('frame.loading')))
    this.#moved = loadMoved(brandId)
    const stored = loadSession(brandId)
    const [card, resumed] = await Promise.all([this.#loadCard(brandId, welcomeMessageId), stored ? this.#resume(stored) : Promise.resolve(false)])
    if (!card) return 'unavailable'
    this.#card = card
    document.title = this.#t('frame.title', { name: card.brand.displayName })
    this.#render()
    if (resumed) this.#openStream()
    return 'ready'
  }

  /**
   * Moves the focus into the chat: the composer, except on a touch screen, where that would
   * open the keyboard over the welcome message; there the brand's name takes it (and is read out).
   */
  focus(): void {
    const heading = this.#header.querySelector('h1')
    if (heading && matchMedia('(pointer: coarse)').matches) heading.focus()
    else this.#input.focus()
  }

  async #loadCard(brandId: string, welcomeMessageId: string | undefined): Promise<BrandCard | undefined> {
    try {
      const card = await this.#client.call('getBrandCard', { params: { brandId }, query: welcomeMessageId ? { welcomeMessageId } : {} })
      return card as BrandCard
    } catch (error) {
      // A deep link to a welcome message that is gone still opens the chat, with the default one.
      if (welcomeMessageId && error instanceof ParloirApiError && error.status === 404 && error.code !== 'ACCOUNT_NOT_FOUND') {
        return this.#loadCard(brandId, undefined)
      }
      if (error instanceof ParloirApiError && (error.status === 404 || error.status === 400)) return undefined
      throw error
    }
  }

  /** A session kept from an earlier visit: its conversation, or nothing when it ended. */
  async #resume(stored: VisitorSession): Promise<boolean> {
    this.#client.token = stored.token
    try {
      const [me, page, conversation] = await Promise.all([
        this.#client.me(),
        this.#client.listMessages(stored.conversationId, { limit: MESSAGE_PAGE }),
        this.#client.call('getConversation', { params: { conversationId: stored.conversationId } }),
      ])
      this.#session = { ...stored, accountId: me.account.id }
      this.#email = me.email
      this.#lastReadSeq = conversation.viewer.lastReadSeq
      for (const message of page.messages) this.#messages.set(message.id, message)
      return true
    } catch (error) {
      if (error instanceof ParloirApiError && (error.status === 401 || error.status === 403 || error.status === 404)) {
        this.#keptInAccount(error, stored.conversationId)
        forgetSession(this.#o.brandId)
        this.#client.token = undefined
        this.#session = undefined
        this.#messages.clear()
        return false
      }
      throw error
    }
  }

  #render(): void {
    const card = this.#card
    if (!card) return
    const t = this.#t
    const name = card.brand.displayName
    this.#renderHeader(card)
    this.#log.setAttribute('aria-label', t('log.label', { name }))
    this.#banner.hidden = true
    this.#banner.textContent = t('stream.reconnecting')
    this.#send.textContent = t('composer.send')
    this.#input.placeholder = t('composer.placeholder')
    if (this.#o.prefill && this.#input.value === '') this.#input.value = this.#o.prefill
    this.#input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault()
        this.#submit()
      }
    })
    this.#input.addEventListener('input', () => { this.#resize(); this.#sayTyping() })
    this.#attach.textContent = '+'
    this.#attach.setAttribute('aria-label', t('composer.attach'))
    this.#attach.title = t('composer.attach')
    this.#attach.addEventListener('click', () => this.#file.click())
    this.#file.addEventListener('change', () => this.#attachFiles())
    const composer = h('form', { class: 'composer', onsubmit: (event) => { event.preventDefault(); this.#submit() } },
      h('label', { for: 'composer', class: 'visually-hidden' }, t('composer.label')),
      this.#file,
      this.#attach,
      this.#input,
      this.#send,
      h('p', { id: 'composer-hint', class: 'visually-hidden' }, t('composer.hint')),
    )
    this.#error.hidden = true
    fill(this.#o.root, h('div', { class: 'chat' }, this.#header, this.#banner, this.#movedBox, this.#log, this.#emailBox, this.#error, composer))
    this.#followNewest([this.#banner, this.#movedBox, this.#emailBox, this.#error, composer, this.#typing])
    this.#renderMoved()
    this.#renderLog()
    this.#renderEmail()
    this.#resize()
  }

  /**
   * Keeps the newest message in view while the visitor is at the bottom of the log: the log
   * shrinks when a bar appears under it (the email bar after the first send, an error, the
   * "Reconnecting…" banner), grows with a phone's keyboard or rotation, and messages arrive.
   * Scrolling up lets go; scrolling back to the bottom holds on again.
   */
  #followNewest(bars: HTMLElement[]): void {
    this.#log.addEventListener('scroll', () => {
      this.#pinned = this.#log.scrollHeight - this.#log.scrollTop - this.#log.clientHeight < 24
    }, { passive: true })
    const observer = new ResizeObserver(() => this.#keepPinned())
    observer.observe(this.#log)
    for (const bar of bars) observer.observe(bar)
  }

  #keepPinned(): void {
    if (this.#pinned) this.#log.scrollTop = this.#log.scrollHeight
  }

  /** The panel was opened or closed on the page: what arrives while it is open is read. */
  setShown(shown: boolean): void {
    this.#shown = shown
    if (shown) {
      this.#keepPinned()
      this.#markRead()
    }
  }

  #renderHeader(card: BrandCard): void {
    const t = this.#t
    const { brand, support } = card
    const avatarUrl = ownImage(brand.avatarUrl)
    const avatar = avatarUrl
      ? h('img', { class: 'brand__avatar', src: avatarUrl, alt: t('brand.avatar', { name: brand.displayName }), width: 44, height: 44 })
      : h('span', { class: 'brand__avatar brand__avatar--initials', 'aria-hidden': 'true' }, avatarInitials(brand.displayName))
    // The brand's one colour, as on every other surface (set through the CSSOM, which the frame's policy allows).
    if (!avatarUrl) avatar.style.background = avatarColour(brand.id)
    // Open or away, the brand's time with its zone and the visitor's own beside it: the same line as every surface.
    const status = support.providesSupport
      ? supportStatusLine(support, { nowMs: Date.now(), language: this.#o.language, readerZone: Intl.DateTimeFormat().resolvedOptions().timeZone || null }).text
      : null
    const usual = support.usualReplyTime ?? support.replyTime
    const replyTime = usual ? t(`brand.reply.${usual}`) : null
    fill(this.#header, avatar, h('div', { class: 'brand__text' },
      h('h1', { class: 'brand__name', tabIndex: -1 }, brand.displayName),
      support.providesSupport ? h('p', { class: 'brand__badge' }, t('brand.badge')) : null,
      status ? h('p', { class: `brand__status brand__status--${support.openNow ? 'open' : 'away'}` }, status) : null,
      replyTime ? h('p', { class: 'brand__reply' }, replyTime) : null,
    ))
  }

  /** The rows in order: the welcome message while the brand has not written, then messages by seq, then those on their way. */
  #rows(): Row[] {
    const card = this.#card
    const meId = this.#session?.accountId
    const brandName = card?.brand.displayName ?? ''
    // Messages, and the brand's notices that it blocked or unblocked the visitor (the reason it gave is their text).
    const notice = (m: Message) => (m.system?.action === 'account.blocked' ? 'notice.blocked' : m.system?.action === 'account.unblocked' ? 'notice.unblocked' : null)
    const sent = [...this.#messages.values()].filter((m) => m.kind === 'text' || notice(m) !== null).sort((a, b) => a.seq - b.seq)
    const rows: Row[] = sent.map((m) => ({
      key: m.id, seq: m.seq, mine: m.senderId === meId, answerTo: m.id, quickReply: m.quickReply,
      ...(notice(m) === null ? { text: m.text, entities: m.entities } : { text: this.#t(notice(m) ?? 'notice.blocked', { name: brandName, reason: m.text }), entities: null }),
      buttons: m.buttons, attachment: m.attachment, unsent: m.unsentAt !== null, automatic: m.automation !== null,
      senderName: m.senderId === meId ? null : m.customProfile?.name ?? brandName, state: 'sent', at: new Date(m.createdAt),
    }))
    const welcome = card?.welcomeMessage
    const brandWrote = sent.some((m) => m.senderId !== meId)
    if (welcome && !brandWrote) {
      rows.unshift({
        key: `welcome-${welcome.id}`, seq: 0, mine: false, text: welcome.text, entities: welcome.entities, quickReply: welcome.quickReply,
        answerTo: welcome.id, buttons: welcome.buttons, attachment: welcome.attachment, unsent: false, automatic: true, senderName: brandName, state: 'sent', at: null,
      })
    }
    const sending = this.#outbox.entries.map((m): Row => ({
      key: m.clientMessageId, seq: Number.MAX_SAFE_INTEGER, mine: true, text: m.file ? m.file.name : m.text, entities: null, quickReply: null, answerTo: '', buttons: [],
      attachment: null, unsent: false, automatic: false, senderName: null, state: m.status, at: null,
      retry: () => { this.#error.hidden = true; this.#outbox.retry(m.clientMessageId) },
    }))
    return [...rows, ...sending]
  }

  #renderLog(): void {
    const t = this.#t
    const rows = this.#rows()
    const answered = new Map<string, string>()
    for (const m of this.#messages.values()) {
      if (m.senderId === this.#session?.accountId && m.quickReplyResponse) answered.set(m.quickReplyResponse.messageId, m.quickReplyResponse.metadata)
    }
    const { language } = this.#o
    const separators = daySeparators(rows.map((row) => row.at), new Date(), language, { today: t('log.today'), yesterday: t('log.yesterday') })
    const children: Child[] = rows.length === 0
      ? [h('p', { class: 'log__empty' }, t('log.empty', { name: this.#card?.brand.displayName ?? '' }))]
      : rows.flatMap((row, i) => {
        const day = separators[i]
        return [day ? h('p', { class: 'log__day', role: 'separator', 'aria-label': day }, day) : null, this.#renderRow(row, answered)]
      })
    fill(this.#log, ...children, this.#typing)
    // What the visitor sends is always shown; what arrives is shown while the visitor is at the bottom.
    if (rows.at(-1)?.mine && rows.at(-1)?.state === 'sending') this.#pinned = true
    this.#keepPinned()
    this.#reportUnread()
  }

  /** The brand's messages the visitor has not read (the launcher's badge on the page); the launcher stays while the kept conversation is to be said. */
  #reportUnread(): void {
    const session = this.#session
    const count = session
      ? [...this.#messages.values()].filter((m) => m.senderId !== session.accountId && m.kind === 'text' && m.seq > this.#lastReadSeq && m.unsentAt === null).length
      : 0
    this.#o.onUnread(session !== undefined || this.#moved !== undefined, count)
  }

  /**
   * The token was refused because its visitor became a person (the server says so to the token's
   * holder only, docs/api.md): the conversation lives in that account now. Remembered here so the
   * chat says it, with a way to it, however the session ended (a reload, the stream closing).
   */
  #keptInAccount(error: unknown, conversationId: string | undefined): void {
    if (!conversationId || !(error instanceof ParloirApiError) || error.code !== 'UNAUTHENTICATED' || error.details?.accountKind !== 'person') return
    this.#moved = conversationId
    saveMoved(this.#o.brandId, conversationId)
  }

  /** Where the kept conversation is, in a new tab, and a way to start a new chat here instead. */
  #renderMoved(): void {
    const t = this.#t
    const id = this.#moved
    this.#movedBox.hidden = id === undefined
    if (id === undefined) { fill(this.#movedBox); return }
    fill(this.#movedBox,
      h('h2', { id: 'moved-title', class: 'moved__title' }, t('moved.title')),
      h('p', { class: 'moved__body' }, t('moved.body')),
      h('p', { class: 'moved__actions' },
        h('a', { class: 'moved__open', href: `${location.origin}/c/${encodeURIComponent(id)}`, target: '_blank', rel: 'noopener' },
          t('moved.open'), h('span', { class: 'visually-hidden' }, ` ${t('moved.newTab')}`)),
        h('button', { type: 'button', class: 'link-button', onclick: () => { this.#forgetMoved(); this.#input.focus() } }, t('moved.new'))),
    )
  }

  #forgetMoved(): void {
    if (this.#moved === undefined) return
    this.#moved = undefined
    saveMoved(this.#o.brandId, undefined)
    this.#renderMoved()
    this.#reportUnread()
  }

  #renderRow(row: Row, answered: Map<string, string>): HTMLElement {
    const t = this.#t
    const body: Child[] = []
    if (row.unsent) {
      body.push(h('p', { class: 'msg__text msg__text--unsent' }, t('message.unsent')))
    } else {
      if (row.attachment) body.push(this.#renderAttachment(row.attachment))
      if (row.text !== '') {
        body.push(h('p', { class: 'msg__text' }, ...segments(row.text, row.entities).map((s) =>
          s.href ? h('a', { href: s.href, target: '_blank', rel: webLinkRel }, s.text) : s.text)))
      }
    }
    const bubble = h('div', { class: 'msg__bubble' }, ...body)
    const meta: Child[] = []
    if (row.at) meta.push(h('time', { dateTime: row.at.toISOString(), title: row.at.toLocaleString(this.#o.language) }, timeOfDay(row.at, this.#o.language)))
    if (row.state === 'sending') meta.push(t('message.sending'))
    if (row.state === 'failed') {
      meta.push(t('message.failed'), ' ', h('button', { type: 'button', class: 'link-button', onclick: () => row.retry?.() }, t('message.retry')))
    }
    const options = !row.mine && !row.unsent && row.quickReply ? this.#renderQuickReply(row, answered.get(row.answerTo)) : null
    const buttons = !row.mine && !row.unsent && row.buttons.length > 0 ? this.#renderButtons(row.buttons) : null
    return h('div', { class: `msg ${row.mine ? 'msg--mine' : 'msg--theirs'}`, 'data-state': row.state, 'data-key': row.key },
      h('p', { class: row.mine ? 'visually-hidden' : 'msg__sender' }, row.mine ? t('message.you') : row.senderName ?? '',
        row.automatic && !row.mine ? h('span', { class: 'visually-hidden' }, ` (${t('message.automatic')})`) : null),
      bubble,
      options, buttons,
      meta.length > 0 ? h('p', { class: 'msg__meta' }, ...meta) : null,
    )
  }

  /**
   * An image as a thumbnail that opens the full picture, anything else as a link that downloads
   * it. Both are fetched with the visitor's token (this frame has no cookie) into object URLs.
   */
  #renderAttachment(media: Media): HTMLElement {
    const url = ownImage(media.url)
    const label = this.#t('message.attachment', { name: media.fileName })
    if (!url) return h('p', { class: 'msg__file' }, label)
    const link = h('a', { class: 'msg__file', href: url, target: '_blank', rel: 'noopener', download: media.fileName, title: label })
    // Until the bytes are here the link fetches them on a click; then it is a plain object URL.
    link.addEventListener('click', (event) => {
      if (link.href.startsWith('blob:')) return
      event.preventDefault()
      this.#blob(url).then((blob) => { link.href = blob; link.click() }, (error: unknown) => this.#showError(error))
    })
    if (media.kind === 'image' || media.kind === 'gif') {
      const width = media.width ?? undefined
      const height = media.height ?? undefined
      const image = h('img', { class: 'msg__image', alt: media.fileName, ...(width && height ? { width: Math.min(width, 240), height: Math.round(Math.min(width, 240) * height / width) } : {}) })
      this.#blob(ownImage(media.thumbnailUrl) ?? url).then((blob) => { image.src = blob; image.addEventListener('load', () => this.#keepPinned(), { once: true }) }, () => undefined)
      link.className = 'msg__image-link'
      link.append(image)
      return link
    }
    link.textContent = label
    return h('p', { class: 'msg__file' }, link)
  }

  #blob(url: string): Promise<string> {
    let found = this.#blobs.get(url)
    if (!found) {
      found = fetch(url, { headers: this.#client.token ? { authorization: `Bearer ${this.#client.token}` } : {} }).then(async (response) => {
        if (!response.ok) throw new Error(`media ${response.status}`)
        return URL.createObjectURL(await response.blob())
      })
      found.catch(() => this.#blobs.delete(url))
      this.#blobs.set(url, found)
    }
    return found
  }

  /** The options of a quick reply; choosing one sends its label with its metadata. Answered ones stay, disabled, the choice marked. */
  #renderQuickReply(row: Row, answer: string | undefined): HTMLElement {
    const options = row.quickReply?.options ?? []
    return h('div', { class: 'quick', role: 'group', 'aria-label': this.#t('quick.label') }, ...options.map((option) => {
      const metadata = option.metadata ?? option.label
      const picked = answer === metadata
      return h('button', {
        type: 'button', class: `quick__option${picked ? ' quick__option--picked' : ''}`, disabled: answer !== undefined || row.state !== 'sent',
        'aria-pressed': picked ? 'true' : 'false',
        onclick: () => this.#enqueue(option.label, { type: 'options', messageId: row.answerTo, metadata }),
      }, h('span', { class: 'quick__label' }, option.label), option.description ? h('span', { class: 'quick__description' }, option.description) : null)
    }))
  }

  /** Call-to-action buttons: a web page in a new tab, a phone call, or a conversation with another account on Parloir. */
  #renderButtons(buttons: Button[]): HTMLElement {
    return h('div', { class: 'buttons', role: 'group', 'aria-label': this.#t('buttons.label') }, ...buttons.map((button) => {
      let href: string | null = null
      if (button.type === 'web_url') href = safeWebHref(button.url)
      else if (button.type === 'phone_number') href = telHref(button.phoneNumber)
      else href = `${location.origin}/messages/compose?recipient_id=${encodeURIComponent(button.accountId)}`
      if (!href) return null
      const newTab = button.type !== 'phone_number'
      return h('a', { class: 'buttons__link', href, ...(newTab ? { target: '_blank', rel: button.type === 'web_url' ? webLinkRel : 'noopener' } : {}) }, button.label)
    }))
  }

  #renderEmail(): void {
    const t = this.#t
    // Files go into a conversation that exists: the visitor writes first.
    this.#attach.hidden = !this.#session
    if (!this.#session) { fill(this.#emailBox); this.#emailBox.hidden = true; return }
    this.#emailBox.hidden = false
    if (this.#email && !this.#editingEmail) {
      fill(this.#emailBox, h('p', { class: 'email__saved' }, t('email.saved', { email: this.#email }), ' ',
        h('button', { type: 'button', class: 'link-button', onclick: () => { this.#editingEmail = true; this.#renderEmail(); document.getElementById('email')?.focus() } }, t('email.change'))))
      return
    }
    const input = h('input', { id: 'email', type: 'email', autocomplete: 'email', maxLength: 254, value: this.#email ?? '', 'aria-describedby': 'email-error' })
    const problem = h('p', { id: 'email-error', class: 'email__error', 'aria-live': 'polite' })
    const form = h('form', {
      class: 'email__form', 'aria-label': t('email.legend'),
      onsubmit: (event) => {
        event.preventDefault()
        const email = input.value.trim()
        if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) { problem.textContent = t('email.invalid'); input.setAttribute('aria-invalid', 'true'); return }
        this.#client.call('updateVisitor', { body: { email: email === '' ? null : email } }).then((me) => {
          this.#email = me.email
          this.#editingEmail = false
          this.#renderEmail()
        }, (error: unknown) => { problem.textContent = this.#describe(error) })
      },
    },
    h('label', { for: 'email', class: 'email__label' }, t('email.label')),
    h('div', { class: 'email__row' }, input, h('button', { type: 'submit', class: 'email__save' }, t('email.save'))),
    problem)
    fill(this.#emailBox, form)
  }

  #resize(): void {
    this.#input.style.height = 'auto'
    this.#input.style.height = `${Math.min(this.#input.scrollHeight, 140)}px`
  }

  #sayTyping(): void {
    const conversationId = this.#session?.conversationId
    const now = Date.now()
    if (!conversationId || this.#stream?.state !== 'live' || now - this.#lastTypingSentMs < 3_500) return
    this.#lastTypingSentMs = now
    this.#stream.typing(conversationId).catch(() => undefined)
  }

  #submit(): void {
    const text = this.#input.value.trim()
    if (text === '') return
    this.#input.value = ''
    this.#resize()
    this.#enqueue(text, undefined)
  }

  #enqueue(text: string, quickReplyResponse: QuickReplyResponse | undefined): void {
    this.#error.hidden = true
    this.#outbox.add({ clientMessageId: newClientMessageId('w'), text, quickReplyResponse })
  }

  /** Each chosen file goes as a message of its own, with what is written in the composer on the first. */
  #attachFiles(): void {
    const files = [...(this.#file.files ?? [])]
    this.#file.value = ''
    this.#error.hidden = true
    for (const file of files) {
      if (file.size > defaultLimits.fileBytes) { this.#showError(new ParloirApiError({ status: 413, code: 'MEDIA_TOO_LARGE', message: file.name })); continue }
      this.#outbox.add({ clientMessageId: newClientMessageId('w'), text: '', quickReplyResponse: undefined, file })
    }
  }

  /** The first message creates the visitor (and its token) and the conversation; later ones are plain sends. */
  async #deliver({ text, clientMessageId, quickReplyResponse, file }: Sending): Promise<void> {
    const session = this.#session
    if (session) {
      // An upload that fails for good (too large, wrong type, over the visitor's limits) is not retried as is.
      const media = file ? await this.#client.uploadMedia(file, file.name) : undefined
      const message = await this.#client.sendMessage(session.conversationId, {
        ...(text ? { text } : {}), clientMessageId, ...(quickReplyResponse ? { quickReplyResponse } : {}), ...(media ? { attachmentMediaId: media.id } : {}),
      })
      this.#messages.set(message.id, message)
      return
    }
    const { brandId, ref, site } = this.#o
    const welcomeMessageId = this.#card?.welcomeMessage?.id
    const reply = await this.#client.call('startVisitorConversation', {
      body: {
        brandId, text, clientMessageId,
        ...(welcomeMessageId ? { welcomeMessageId } : {}),
        ...(quickReplyResponse ? { quickReplyResponse } : {}),
        ...(ref ? { ref } : {}),
        ...(site ? { site } : {}),
      },
    })
    this.#client.token = reply.session.token
    this.#session = { token: reply.session.token, accountId: reply.me.account.id, conversationId: reply.conversation.id }
    this.#email = reply.me.email
    saveSession(brandId, this.#session)
    this.#forgetMoved()
    this.#messages.set(reply.message.id, reply.message)
    // The welcome message (written just before) and any automatic answer come with the page.
    await this.#catchUp(0)
    this.#renderEmail()
    this.#openStream()
    // A logged-in customer of the brand: this visitor becomes theirs, found again from any device.
    if (this.#identity) await this.identify(this.#identity).catch(() => undefined)
  }

  /** Messages after `afterSeq` (after the newest held when not given), page by page. */
  async #catchUp(afterSeq?: number): Promise<void> {
    const session = this.#session
    if (!session) return
    let from = afterSeq ?? Math.max(0, ...[...this.#messages.values()].map((m) => m.seq))
    for (;;) {
      const page = await this.#client.listMessages(session.conversationId, { afterSeq: from, limit: MESSAGE_PAGE })
      for (const message of page.messages) this.#messages.set(message.id, message)
      const last = page.messages.at(-1)
      if (!page.hasMore || !last) break
      from = last.seq
    }
    this.#markRead()
  }

  #openStream(): void {
    if (this.#stream || !this.#session) return
    const stream = this.#client.stream({ WebSocket: socketWithToken(() => this.#client.token) })
    this.#stream = stream
    stream.on('state', (change) => {
      this.#banner.hidden = change.state !== 'reconnecting'
      // Revoked: asked over REST why (the visitor may have kept the conversation in an account).
      if (change.state === 'closed' && (change.reason === 'revoked' || change.reason === 'unauthenticated')) this.#checkSession()
    })
    // A browser does not say why an upgrade failed: ask over REST whether the token still works.
    stream.on('disconnect', () => this.#checkSession())
    // The browser knows when the network goes and comes back: reconnect at once rather than after the backoff.
    const onNetworkChange = () => stream.reconnect()
    window.addEventListener('online', onNetworkChange)
    window.addEventListener('offline', onNetworkChange)
    stream.on('state', (change) => {
      if (change.state !== 'closed') return
      window.removeEventListener('online', onNetworkChange)
      window.removeEventListener('offline', onNetworkChange)
    })
    // Live again (first time or after a drop): whatever came meanwhile, by REST.
    stream.on('ready', () => { this.#catchUp().then(() => this.#renderLog(), () => undefined) })
    stream.on('resync', () => { this.#catchUp(0).then(() => this.#renderLog(), () => undefined) })
    stream.on('message.created', ({ message }) => {
      if (message.conversationId !== this.#session?.conversationId) return
      this.#messages.set(message.id, message)
      if (message.senderId !== this.#session.accountId) {
        this.#showTyping(null)
        this.#markRead()
      }
      this.#renderLog()
    })
    stream.on('message.unsent', (data) => {
      const message = this.#messages.get(data.messageId)
      if (!message) return
      this.#messages.set(message.id, { ...message, unsentAt: data.unsentAt })
      this.#renderLog()
    })
    stream.on('message.hidden', (data) => {
      if (this.#messages.delete(data.messageId)) this.#renderLog()
    })
    stream.on('typing.started', (data) => {
      if (data.conversationId !== this.#session?.conversationId || data.accountId === this.#session.accountId) return
      this.#showTyping(this.#card?.brand.displayName ?? '', data.expiresInMs)
    })
  }

  #showTyping(name: string | null, forMs = 0): void {
    clearTimeout(this.#typingTimer)
    this.#typing.textContent = name === null ? '' : this.#t('typing', { name })
    if (name !== null) this.#typingTimer = setTimeout(() => this.#showTyping(null), forMs)
  }

  #markRead(): void {
    const session = this.#session
    if (!session || !this.#shown || document.visibilityState !== 'visible') return
    const newest = [...this.#messages.values()].filter((m) => m.senderId !== session.accountId).reduce((max, m) => Math.max(max, m.seq), 0)
    if (newest > this.#lastReadSeq) {
      this.#lastReadSeq = newest
      this.#client.markRead(session.conversationId, newest).catch(() => undefined)
    }
    this.#reportUnread()
  }

  /**
   * The brand's signature of its logged-in customer. The server answers with that customer's
   * visitor session (their conversation, from any device), links this browser's visitor to them
   * when they had none, or says the signature is refused (expired, forged: the chat goes on
   * anonymously). A session of another customer is forgotten here.
   */
  async identify(identity: Identity): Promise<void> {
    this.#identity = identity
    const reply = await this.#client.call('identifyVisitor', { body: { brandId: this.#o.brandId, ...identity } }).catch((error: unknown) => {
      if (error instanceof ParloirApiError && error.status < 500) return undefined
      throw error
    })
    if (!reply || !('session' in reply)) {
      if (reply?.status === 'unknown' && this.#session) this.#endSession()
      return
    }
    // Signed in as the customer: their own visitor and conversation replace this one.
    void this.#stream?.close()
    this.#stream = undefined
    this.#messages.clear()
    const session: VisitorSession = { token: reply.session.token, accountId: reply.me.account.id, conversationId: reply.conversationId }
    saveSession(this.#o.brandId, session)
    if (await this.#resume(session)) this.#openStream()
    this.#renderLog()
    this.#renderEmail()
  }

  /** Whether the token still works; when it does not, the session ends (and says why when it can). */
  #checkSession(): void {
    this.#client.me().catch((error: unknown) => { if (error instanceof ParloirApiError && error.status === 401) this.#endSession(error) })
  }

  /** The token no longer works (revoked, expired): forget it; the next message starts over. */
  #endSession(error?: unknown): void {
    if (error !== undefined && this.#session) this.#keptInAccount(error, this.#session.conversationId)
    void this.#stream?.close() // close() only resolves, once the socket is shut
    this.#stream = undefined
    forgetSession(this.#o.brandId)
    this.#session = undefined
    this.#client.token = undefined
    this.#messages.clear()
    this.#renderMoved()
    this.#renderLog()
    this.#renderEmail()
  }

  #showError(error: unknown): void {
    this.#error.textContent = this.#describe(error)
    this.#error.hidden = false
  }

  #describe(error: unknown): string {
    const t = this.#t
    if (error instanceof ParloirApiError) {
      if (error.code === 'VISITOR_UPLOADS_PER_HOUR' || error.code === 'VISITOR_UPLOAD_BYTES_PER_DAY') return t('error.uploadLimit')
      if (error.code === 'MEDIA_TOO_LARGE') return t('error.mediaTooLarge')
      if (error.code === 'MEDIA_TYPE_NOT_ALLOWED' || error.code === 'MEDIA_UNREADABLE') return t('error.mediaType')
      if (error.status === 429) return t('error.rateLimited')
      if (error.code === 'EMBED_NOT_ALLOWED') return t('error.embed')
      if (error.code === 'UNAUTHENTICATED') { this.#endSession(error); return this.#moved ? t('moved.title') : t('error.generic') }
      if (error.status === 409 || error.status === 403) return t('error.closed')
      return t('error.generic')
    }
    if (error instanceof TypeError) return t('error.network')
    return t('error.generic')
  }
}
