import {
  routeTargets, type BrandRole, type Media, type RouteBody, type RouteName, type RouteParams, type RouteQuery,
  type RouteReply, type SendMessageBody, type Discussion, type DiscussionJoinRequest, type DiscussionParticipant, type DiscussionPost,
  type DiscussionPostInput, type DiscussionWithMe, type StartDiscussionBody, type CollectionItem,
} from '@parloir/protocol'
import { errorFromResponse } from './errors.ts'
import { buildUrl, type UrlValue } from './urls.ts'
import { ParloirStream, type StreamOptions } from './stream.ts'

export interface ParloirClientOptions {
  /** Where the server answers, e.g. `https://dm.example.com` (a path prefix is kept). */
  baseUrl: string
  /** A session token, sent as `Authorization: Bearer`; `login` and `signup` set it. */
  token?: string
  /** Act as this brand (its id) in requests: sent as the `parloir-act-as` header. */
  actAs?: string
  /** For cookie sessions in a browser: sent as `x-csrf-token` with changes; `login` and `signup` set it. */
  csrfToken?: string
  /** Defaults to the global fetch (Node 20 and browsers have it). */
  fetch?: typeof globalThis.fetch
  /** Browser only: `include` to send the session cookie to another origin. */
  credentials?: RequestInit['credentials']
  /**
   * For uploads that report progress (fetch cannot): defaults to the browser's XMLHttpRequest.
   * Without one (Node), `uploadMedia` uses fetch and reports progress only once, at the end.
   */
  XMLHttpRequest?: XhrLikeConstructor
}

/** The part of a browser `XMLHttpRequest` that uploads with progress use. */
export interface XhrLike {
  readonly status: number
  readonly responseText: string
  withCredentials: boolean
  readonly upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null }
  onload: (() => void) | null
  onerror: (() => void) | null
  onabort: (() => void) | null
  open(method: string, url: string): void
  setRequestHeader(name: string, value: string): void
  getResponseHeader(name: string): string | null
  send(body: unknown): void
  abort(): void
}
export type XhrLikeConstructor = new () => XhrLike

/** Options of `uploadMedia`. */
export interface UploadOptions {
  /** Called as bytes go out: how many were sent of how many. */
  onProgress?: (sentBytes: number, totalBytes: number) => void
  signal?: AbortSignal
}

/** Extra per-call settings, beside the route's own params, query and body. */
export interface RequestExtras {
  signal?: AbortSignal
  headers?: Record<string, string>
}

/** What `call(name, …)` takes: the parts a route declares, required where the route needs them. */
export type CallOptions<N extends RouteName> =
  & (RouteParams<N> extends undefined ? { params?: undefined } : { params: RouteParams<N> })
  & (RouteQuery<N> extends undefined ? { query?: undefined } : { query?: RouteQuery<N> })
  & (RouteBody<N> extends undefined ? { body?: undefined } : { body: RouteBody<N> })
  & RequestExtras

/** The options argument may be left out when the route needs neither params nor a body. */
export type CallArgs<N extends RouteName> = CallTable[N]['args']

/**
 * Each route's arguments and reply, worked out once for every route. `call` indexes this table,
 * and its reply is `NoInfer`: with some two hundred routes, a call whose reply was passed straight
 * to a typed parameter (`onCreated(await client.call(…))`) made TypeScript infer the route from
 * the reply across every route's conditional types, past its instantiation depth (TS2589). Both
 * are needed; either alone still fails there.
 */
type CallTable = {
  [N in RouteName]: {
    args: RouteParams<N> extends undefined
      ? RouteBody<N> extends undefined ? [options?: CallOptions<N>] : [options: CallOptions<N>]
      : [options: CallOptions<N>]
    reply: RouteReply<N>
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The typed Parloir API: `call(routeName, …)` for every route declared in `@parloir/protocol`,
 * a named method for the common actions, and `stream()` for realtime events.
 */
export class ParloirClient {
  readonly baseUrl: string
  token: string | undefined
  actAs: string | undefined
  csrfToken: string | undefined
  readonly #fetch: typeof globalThis.fetch
  readonly #credentials: RequestInit['credentials'] | undefined
  readonly #Xhr: XhrLikeConstructor | undefined

  constructor(options: ParloirClientOptions) {
    this.baseUrl = options.baseUrl
    this.token = options.token
    this.actAs = options.actAs
    this.csrfToken = options.csrfToken
    // Bound, so a browser's fetch is not called with this client as `this` (an "Illegal invocation").
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis)
    this.#credentials = options.credentials
    this.#Xhr = options.XMLHttpRequest ?? (globalThis as { XMLHttpRequest?: XhrLikeConstructor }).XMLHttpRequest
  }

  /** The same session acting as another account (a brand one is on the team of), or as oneself. */
  withActAs(accountId: string | undefined): ParloirClient {
    return new ParloirClient({
      baseUrl: this.baseUrl, fetch: this.#fetch,
      ...(this.token !== undefined ? { token: this.token } : {}),
      ...(accountId !== undefined ? { actAs: accountId } : {}),
      ...(this.csrfToken !== undefined ? { csrfToken: this.csrfToken } : {}),
      ...(this.#credentials !== undefined ? { credentials: this.#credentials } : {}),
      ...(this.#Xhr !== undefined ? { XMLHttpRequest: this.#Xhr } : {}),
    })
  }

  /** Calls a route by its name in protocol's `routes`; answers its typed reply, or throws ParloirApiError. */
  call<N extends RouteName>(name: N, ...args: CallTable[N]['args']): Promise<NoInfer<CallTable[N]['reply']>> {
    // `as never`: relating Promise<unknown> to the deferred RouteReply<N> recurses too deep for
    // TypeScript; callers still get the typed reply from the signature.
    return this.#call(name, (args as unknown[])[0]) as never
  }

  async #call(name: RouteName, options: unknown): Promise<unknown> {
    // Method and path only: the schemas stay on the server (a browser bundle need not carry them).
    const route = routeTargets[name]
    const parts = (options ?? {}) as {
      params?: Record<string, UrlValue>; query?: Record<string, UrlValue | undefined>; body?: unknown
    } & RequestExtras
    const url = buildUrl(this.baseUrl, route.url, parts.params, parts.query)
    const headers = this.#headers(route.method, parts.headers)
    let body: string | undefined
    if (parts.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(parts.body)
    }
    return this.#send(route.method, url, headers, body, parts.signal)
  }

  #headers(method: string, extra: Record<string, string> | undefined): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`
    if (this.actAs !== undefined) headers['parloir-act-as'] = this.actAs
    if (this.csrfToken !== undefined && !SAFE_METHODS.has(method)) headers['x-csrf-token'] = this.csrfToken
    return { ...headers, ...extra }
  }

  async #send(method: string, url: string, headers: Record<string, string>, body: string | Uint8Array | Blob | undefined, signal?: AbortSignal): Promise<unknown> {
    const response = await this.#fetch(url, {
      method, headers,
      ...(body !== undefined ? { body } : {}),
      ...(signal ? { signal } : {}),
      ...(this.#credentials !== undefined ? { credentials: this.#credentials } : {}),
    })
    const text = await response.text()
    if (!response.ok) throw errorFromResponse(response.status, text, response.headers.get('retry-after'))
    if (response.status === 204 || text === '') return undefined
    return JSON.parse(text) as unknown
  }

  #remember(session: { token: string; csrfToken: string }): void {
    this.token = session.token
    this.csrfToken = session.csrfToken
  }

  // Accounts and sessions.

  /** Creates a person account and keeps its session in this client. */
  async signup(body: RouteBody<'signup'>): Promise<RouteReply<'signup'>> {
    const reply = await this.call('signup', { body })
    this.#remember(reply.session)
    return reply
  }

  /** Logs in and keeps the session in this client. */
  async login(body: RouteBody<'login'>): Promise<RouteReply<'login'>> {
    const reply = await this.call('login', { body })
    this.#remember(reply.session)
    return reply
  }

  /** Ends this session (its open streams close with 4001) and forgets its token. */
  async logout(): Promise<void> {
    await this.call('logout')
    this.token = undefined
    this.csrfToken = undefined
  }

  me() { return this.call('getMe') }
  /** The current session (cookie or token) with its CSRF token, which this client then sends. */
  async session(): Promise<RouteReply<'getSession'>> {
    const reply = await this.call('getSession')
    this.csrfToken = reply.session.csrfToken
    return reply
  }
  updateProfile(body: RouteBody<'updateProfile'>) { return this.call('updateProfile', { body }) }
  updateSettings(body: RouteBody<'updateSettings'>) { return this.call('updateSettings', { body }) }
  updateNotificationSettings(body: RouteBody<'updateNotificationSettings'>) { return this.call('updateNotificationSettings', { body }) }
  listSessions() { return this.call('listSessions') }
  revokeSession(sessionId: string) { return this.call('revokeSession', { params: { sessionId } }) }
  getAccount(accountId: string) { return this.call('getAccount', { params: { accountId } }) }
  getAccountByHandle(handle: string) { return this.call('getAccountByHandle', { params: { handle } }) }
  /** Discoverable people and brands whose name or handle begins with the words of `q` (people search). */
  async searchPeople(q: string, limit?: number) {
    return (await this.call('searchPeople', { query: { q, ...(limit === undefined ? {} : { limit }) } })).accounts
  }

  // Safety.

  block(accountId: string) { return this.call('block', { params: { accountId } }) }
  unblock(accountId: string) { return this.call('unblock', { params: { accountId } }) }
  report(accountId: string, body: RouteBody<'report'>) { return this.call('report', { params: { accountId }, body }) }

  // Brands.

  createBrand(body: RouteBody<'createBrand'>) { return this.call('createBrand', { body }) }
  setBrandMember(brandId: string, accountId: string, role: BrandRole) {
    return this.call('setBrandMember', { params: { brandId, accountId }, body: { role } })
  }
  removeBrandMember(brandId: string, accountId: string) { return this.call('removeBrandMember', { params: { brandId, accountId } }) }

  // Conversations and requests.

  listConversations(query: RouteQuery<'listConversations'> = {}) { return this.call('listConversations', { query }) }
  openDirect(accountId: string) { return this.call('openDirect', { body: { accountId } }) }
  createGroup(body: RouteBody<'createGroup'>) { return this.call('createGroup', { body }) }
  getConversation(conversationId: string) { return this.call('getConversation', { params: { conversationId } }) }
  addParticipants(conversationId: string, accountIds: string[]) {
    return this.call('addParticipants', { params: { conversationId }, body: { accountIds } })
  }
  leave(conversationId: string) { return this.call('leave', { params: { conversationId } }) }
  acceptRequest(conversationId: string) { return this.call('acceptRequest', { params: { conversationId } }) }
  deleteRequest(conversationId: string) { return this.call('deleteRequest', { params: { conversationId } }) }

  // Messages.

  listMessages(conversationId: string, query: RouteQuery<'listMessages'> = {}) {
    return this.call('listMessages', { params: { conversationId }, query })
  }
  /** Sends text, or a whole message body (attachment, quick replies, buttons, clientMessageId). */
  sendMessage(conversationId: string, message: string | SendMessageBody) {
    const body = typeof message === 'string' ? { text: message } : message
    return this.call('sendMessage', { params: { conversationId }, body })
  }
  markRead(conversationId: string, seq: number) { return this.call('markRead', { params: { conversationId }, body: { seq } }) }
  typing(conversationId: string) { return this.call('typing', { params: { conversationId } }) }
  unsend(conversationId: string, messageId: string) { return this.call('unsendMessage', { params: { conversationId, messageId } }) }
  hide(conversationId: string, messageId: string) { return this.call('hideMessage', { params: { conversationId, messageId } }) }

  // Public discussions (their replies typed by hand: inferring them from the routes goes too deep for TypeScript).

  startDiscussion(body: StartDiscussionBody): Promise<{ discussion: Discussion; post: DiscussionPost }> { return this.#call('startDiscussion', { body }) as never }
  listDiscussions(): Promise<{ discussions: DiscussionWithMe[] }> { return this.#call('listDiscussions', {}) as never }
  getDiscussion(discussionId: string): Promise<DiscussionWithMe> { return this.#call('getDiscussion', { params: { discussionId } }) as never }
  updateDiscussion(discussionId: string, body: { indexable: boolean }): Promise<Discussion> { return this.#call('updateDiscussion', { params: { discussionId }, body }) as never }
  listDiscussionPosts(discussionId: string, query: { after?: number; limit?: number } = {}): Promise<{ posts: DiscussionPost[]; nextAfter: number | null }> {
    return this.#call('listDiscussionPosts', { params: { discussionId }, query }) as never
  }
  addDiscussionPost(discussionId: string, body: DiscussionPostInput): Promise<DiscussionPost> { return this.#call('addDiscussionPost', { params: { discussionId }, body }) as never }
  listDiscussionParticipants(discussionId: string): Promise<{ participants: DiscussionParticipant[] }> { return this.#call('listDiscussionParticipants', { params: { discussionId } }) as never }
  inviteToDiscussion(discussionId: string, accountIds: string[]): Promise<Discussion> { return this.#call('inviteToDiscussion', { params: { discussionId }, body: { accountIds } }) as never }
  requestToJoinDiscussion(discussionId: string): Promise<void> { return this.#call('requestToJoinDiscussion', { params: { discussionId } }) as never }
  listDiscussionJoinRequests(discussionId: string): Promise<{ joinRequests: DiscussionJoinRequest[] }> { return this.#call('listDiscussionJoinRequests', { params: { discussionId } }) as never }
  acceptDiscussionJoinRequest(discussionId: string, accountId: string): Promise<Discussion> { return this.#call('acceptDiscussionJoinRequest', { params: { discussionId, accountId } }) as never }
  declineDiscussionJoinRequest(discussionId: string, accountId: string): Promise<void> { return this.#call('declineDiscussionJoinRequest', { params: { discussionId, accountId } }) as never }
  closeDiscussion(discussionId: string, reason: string): Promise<Discussion> { return this.#call('closeDiscussion', { params: { discussionId }, body: { reason } }) as never }
  reopenDiscussion(discussionId: string, reason: string): Promise<Discussion> { return this.#call('reopenDiscussion', { params: { discussionId }, body: { reason } }) as never }
  // Moderation of discussions (core/src/discussions/discussion-moderation.ts).
  hideDiscussionPost(discussionId: string, postId: string, reason: string): Promise<DiscussionPost> {
    return this.#call('hideDiscussionPost', { params: { discussionId, postId }, body: { reason } }) as never
  }
  unhideDiscussionPost(discussionId: string, postId: string, reason: string): Promise<DiscussionPost> {
    return this.#call('unhideDiscussionPost', { params: { discussionId, postId }, body: { reason } }) as never
  }
  requestDiscussionPostReview(discussionId: string, postId: string, text?: string): Promise<void> {
    return this.#call('requestDiscussionPostReview', { params: { discussionId, postId }, body: text === undefined ? {} : { text } }) as never
  }
  removeDiscussionParticipant(discussionId: string, accountId: string, reason: string): Promise<RouteReply<'removeDiscussionParticipant'>> {
    return this.#call('removeDiscussionParticipant', { params: { discussionId }, body: { accountId, reason } }) as never
  }
  readdDiscussionParticipant(discussionId: string, accountId: string, reason: string): Promise<Discussion> {
    return this.#call('readdDiscussionParticipant', { params: { discussionId }, body: { accountId, reason } }) as never
  }
  continueDiscussionInPrivate(discussionId: string, postId: string): Promise<RouteReply<'continueDiscussionInPrivate'>> {
    return this.#call('continueDiscussionInPrivate', { params: { discussionId, postId } }) as never
  }
  // Moderation of collection items (core/src/collections/collections.ts); the rest of collections through `call`.
  hideCollectionItem(collectionId: string, itemId: string, reason: string): Promise<CollectionItem> {
    return this.#call('hideCollectionItem', { params: { collectionId, itemId }, body: { reason } }) as never
  }
  unhideCollectionItem(collectionId: string, itemId: string, reason: string): Promise<CollectionItem> {
    return this.#call('unhideCollectionItem', { params: { collectionId, itemId }, body: { reason } }) as never
  }
  requestCollectionItemReview(collectionId: string, itemId: string, text?: string): Promise<void> {
    return this.#call('requestCollectionItemReview', { params: { collectionId, itemId }, body: text === undefined ? {} : { text } }) as never
  }

  /**
   * Uploads one attachment as the raw body; the server judges its kind by content, not name.
   * With `onProgress` in a browser, it goes through XMLHttpRequest, which reports upload progress.
   */
  async uploadMedia(bytes: Uint8Array | Blob, name?: string, options: UploadOptions = {}): Promise<Media> {
    const route = routeTargets.uploadMedia
    const url = buildUrl(this.baseUrl, route.url, undefined, { name })
    const headers = this.#headers(route.method, { 'content-type': 'application/octet-stream' })
    const total = bytes instanceof Uint8Array ? bytes.byteLength : bytes.size
    if (options.onProgress && this.#Xhr) return (await this.#sendWithProgress(route.method, url, headers, bytes, total, options)) as Media
    const media = (await this.#send(route.method, url, headers, bytes, options.signal)) as Media
    options.onProgress?.(total, total)
    return media
  }

  #sendWithProgress(method: string, url: string, headers: Record<string, string>, body: Uint8Array | Blob, total: number, options: UploadOptions): Promise<unknown> {
    const Xhr = this.#Xhr
    if (!Xhr) return Promise.reject(new Error('no XMLHttpRequest'))
    return new Promise((resolve, reject) => {
      const xhr = new Xhr()
      const onAbort = () => xhr.abort()
      const done = () => options.signal?.removeEventListener('abort', onAbort)
      xhr.open(method, url)
      for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value)
      xhr.withCredentials = this.#credentials === 'include'
      xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : total)
      xhr.onload = () => {
        done()
        const text = xhr.responseText
        if (xhr.status < 200 || xhr.status >= 300) {
          reject(errorFromResponse(xhr.status, text, xhr.getResponseHeader('retry-after')))
          return
        }
        try {
          resolve(text === '' ? undefined : JSON.parse(text) as unknown)
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)))
        }
      }
      // The same errors fetch would give: a TypeError for the network, an AbortError for a cancel.
      xhr.onerror = () => { done(); reject(new TypeError('The upload failed: network error.')) }
      xhr.onabort = () => { done(); reject(new DOMException('The upload was cancelled.', 'AbortError')) }
      if (options.signal?.aborted) { reject(new DOMException('The upload was cancelled.', 'AbortError')); return }
      options.signal?.addEventListener('abort', onAbort)
      xhr.send(body)
    })
  }

  /** Opens the realtime stream; it reconnects and resumes by itself until `close()`. */
  stream(options: StreamOptions = {}): ParloirStream {
    return new ParloirStream(this, options)
  }
}
