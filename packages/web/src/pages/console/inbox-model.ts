import type { CustomerKind, InboxCounts, InboxItem, InboxState, InboxView, Message } from '@parloir/protocol'

/**
 * The team inbox list as the console holds it: one view's loaded rows, in the server's order,
 * kept in step with events without asking for the list again. The rules mirror the server's
 * (storage/src/team-inbox.ts `inView` and `list`), so a row an event moves lands where the next
 * page would have put it.
 */

export type InboxOrder = 'newest' | 'waiting'

export interface InboxQuery {
  view: InboxView
  order: InboxOrder
  assigneeId?: string
  source?: string
  kind?: CustomerKind
  /** A label's id. */
  label?: string
}

export interface InboxList {
  items: readonly InboxItem[]
  /** Where the next page starts; null once every row is loaded. */
  nextCursor: string | null
}

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso))

/**
 * Open as the server's views count it: by stored status. A snooze whose time has come stays
 * snoozed until the server's sweeper opens it (within seconds), and its inbox.updated moves it.
 */
export function isOpen(state: InboxState, _nowMs: number): boolean {
  return state.status === 'open'
}

/** Whether a row belongs in a view with its filters, for the member `memberId`. */
export function belongsTo(state: InboxState, query: InboxQuery, memberId: string, nowMs: number): boolean {
  // The server lists a conversation once someone wrote in it.
  if (state.lastCustomerMessageAt === null && state.lastAnsweredAt === null) return false
  if (query.assigneeId !== undefined && state.assigneeId !== query.assigneeId) return false
  if (query.source !== undefined && state.source !== query.source) return false
  if (query.kind !== undefined && state.customerKind !== query.kind) return false
  if (query.label !== undefined && !state.labelIds.includes(query.label)) return false
  const open = isOpen(state, nowMs)
  switch (query.view) {
    case 'open': return open
    case 'unassigned': return open && state.assigneeId === null
    case 'mine': return open && state.assigneeId === memberId
    case 'pending': return state.status === 'pending'
    case 'resolved': return state.status === 'resolved'
    case 'snoozed': return state.status === 'snoozed'
  }
}

const NOT_WAITING = Number.MAX_SAFE_INTEGER

/** Negative when `a` comes first in the order; ties break on the id as the server's do. */
export function compareItems(order: InboxOrder, a: InboxItem, b: InboxItem): number {
  const ida = a.state.conversationId
  const idb = b.state.conversationId
  const byId = ida < idb ? -1 : ida > idb ? 1 : 0
  if (order === 'newest') {
    const ka = activeAt(a)
    const kb = activeAt(b)
    return kb - ka || -byId
  }
  const wa = ms(a.state.waitingSince) ?? NOT_WAITING
  const wb = ms(b.state.waitingSince) ?? NOT_WAITING
  return wa - wb || byId
}

/** The "newest" key: when the customer last wrote (or the conversation started, before they did). */
function activeAt(item: InboxItem): number {
  return ms(item.state.lastCustomerMessageAt) ?? ms(item.state.lastAnsweredAt) ?? Date.parse(item.conversation.createdAt)
}

/** Where an item goes in sorted rows (after its equals). */
function insertionIndex(items: readonly InboxItem[], item: InboxItem, order: InboxOrder): number {
  let low = 0
  let high = items.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (compareItems(order, items[mid] as InboxItem, item) <= 0) low = mid + 1
    else high = mid
  }
  return low
}

/**
 * Puts an item where the order says, or leaves it out when it sorts after the last loaded row
 * while more pages remain (the next page will bring it).
 */
export function placeItem(list: InboxList, item: InboxItem, order: InboxOrder): InboxList {
  const without = list.items.filter((i) => i.state.conversationId !== item.state.conversationId)
  const at = insertionIndex(without, item, order)
  if (at === without.length && list.nextCursor !== null) return { ...list, items: without }
  return { ...list, items: [...without.slice(0, at), item, ...without.slice(at)] }
}

export type StateChange =
  /** Nothing to do for this view. */
  | { kind: 'none' }
  /** The list changed in place. */
  | { kind: 'list'; list: InboxList }
  /** The row belongs here now but is not loaded: fetch it (getInboxItem), then `placeItem`. */
  | { kind: 'fetch'; conversationId: string }

/** `inbox.updated`: the row changes in place, moves with the order, leaves the view or asks to be fetched. */
export function applyState(list: InboxList, state: InboxState, query: InboxQuery, memberId: string, nowMs: number): StateChange {
  const had = list.items.find((i) => i.state.conversationId === state.conversationId)
  const belongs = belongsTo(state, query, memberId, nowMs)
  if (!had) return belongs ? { kind: 'fetch', conversationId: state.conversationId } : { kind: 'none' }
  // Events may come twice or late: an older state never overwrites a newer one.
  if (Date.parse(state.updatedAt) < Date.parse(had.state.updatedAt)) return { kind: 'none' }
  if (!belongs) return { kind: 'list', list: { ...list, items: list.items.filter((i) => i !== had) } }
  return { kind: 'list', list: placeItem(list, { ...had, state }, query.order) }
}

/**
 * `message.created`: a customer's message becomes the row's preview and, when past what the member
 * read, one more unread. The brand's own messages change neither (the bot's never show).
 */
export function applyMessage(list: InboxList, message: Message): InboxList {
  const index = list.items.findIndex((i) => i.state.conversationId === message.conversationId)
  const had = list.items[index]
  // Already counted: the row was fetched after it, or the event came twice.
  if (!had || message.seq <= had.conversation.lastSeq) return list
  const fromCustomer = message.senderId !== had.state.brandId && message.kind === 'text'
  const item: InboxItem = {
    ...had,
    conversation: { ...had.conversation, lastSeq: Math.max(had.conversation.lastSeq, message.seq) },
    customerMessage: fromCustomer ? message : had.customerMessage,
    you: fromCustomer && message.seq > had.you.lastReadSeq ? { ...had.you, unreadCount: had.you.unreadCount + 1 } : had.you,
  }
  const items = list.items.slice()
  items[index] = item
  return { ...list, items }
}

export interface ReadChange {
  conversationId: string
  lastReadSeq: number
  markedUnread: boolean
}

/**
 * `inbox.read` (my own sessions only): what I read and whether I marked it unread. Answers the
 * list and whether the row's count is uncertain (read part-way: fetch the row for its count).
 */
export function applyRead(list: InboxList, read: ReadChange): { list: InboxList; refetch: boolean } {
  const index = list.items.findIndex((i) => i.state.conversationId === read.conversationId)
  const had = list.items[index]
  if (!had) return { list, refetch: false }
  const readAll = read.lastReadSeq >= (had.customerMessage?.seq ?? 0)
  const items = list.items.slice()
  items[index] = {
    ...had,
    you: {
      lastReadSeq: Math.max(had.you.lastReadSeq, read.lastReadSeq),
      markedUnread: read.markedUnread,
      unreadCount: readAll ? 0 : had.you.unreadCount,
    },
  }
  return { list: { ...list, items }, refetch: !readAll && read.lastReadSeq > had.you.lastReadSeq }
}

/** Appends a page, leaving out rows already there (an event may have placed them first). */
export function appendPage(list: InboxList, page: InboxList): InboxList {
  const have = new Set(list.items.map((i) => i.state.conversationId))
  return { items: [...list.items, ...page.items.filter((i) => !have.has(i.state.conversationId))], nextCursor: page.nextCursor }
}

/** Whether I have something to read in a row: unread messages, or I marked it unread. */
export const isUnread = (item: InboxItem): boolean => item.you.unreadCount > 0 || item.you.markedUnread

export type Wait = { unit: 'now' } | { unit: 'minutes' | 'hours' | 'days'; count: number }

/** How long a customer has waited, in the largest whole unit: under a minute is "now". */
export function waited(sinceIso: string, nowMs: number): Wait {
  const minutes = Math.floor(Math.max(0, nowMs - Date.parse(sinceIso)) / 60_000)
  if (minutes < 1) return { unit: 'now' }
  if (minutes < 60) return { unit: 'minutes', count: minutes }
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return { unit: 'hours', count: hours }
  return { unit: 'days', count: Math.floor(hours / 24) }
}

/** Before the first answer: every view empty. */
export const emptyCounts: InboxCounts = { unassigned: 0, mine: 0, open: 0, pending: 0, snoozed: 0, resolved: 0 }

/** The address of a view with its filters: `?view=…&order=…&assignee=…&source=…&kind=…&label=…`. */
export function queryFromSearch(search: URLSearchParams): InboxQuery {
  const views: readonly string[] = ['unassigned', 'mine', 'open', 'pending', 'snoozed', 'resolved']
  const kinds: readonly string[] = ['person', 'visitor', 'brand', 'group']
  const view = search.get('view') ?? ''
  const kind = search.get('kind') ?? ''
  const assigneeId = search.get('assignee')
  const source = search.get('source')
  const label = search.get('label')
  return {
    view: views.includes(view) ? (view as InboxView) : 'unassigned',
    order: search.get('order') === 'waiting' ? 'waiting' : 'newest',
    ...(assigneeId ? { assigneeId } : {}),
    ...(source ? { source } : {}),
    ...(kinds.includes(kind) ? { kind: kind as CustomerKind } : {}),
    ...(label && /^[0-9]{1,20}$/.test(label) ? { label } : {}),
  }
}

export function searchFromQuery(query: InboxQuery): string {
  const search = new URLSearchParams()
  if (query.view !== 'unassigned') search.set('view', query.view)
  if (query.order !== 'newest') search.set('order', query.order)
  if (query.assigneeId) search.set('assignee', query.assigneeId)
  if (query.source) search.set('source', query.source)
  if (query.kind) search.set('kind', query.kind)
  if (query.label) search.set('label', query.label)
  const text = search.toString()
  return text ? `?${text}` : ''
}

/** A piece of a search snippet: plain text, or a match to mark. */
export interface SnippetPart { text: string; mark: boolean }

/**
 * A search hit's snippet cut at its matches, as the server gives them: ranges in code points (not
 * UTF-16 units), end exclusive, in any order, clamped to the snippet. The parts are text: the
 * view renders them as text nodes (escaped), the matches in `<mark>`.
 */
export function snippetParts(snippet: string, highlights: ReadonlyArray<{ start: number; end: number }>): SnippetPart[] {
  const chars = [...snippet]
  const ranges = [...highlights].map((h) => ({ start: Math.max(0, h.start), end: Math.min(chars.length, h.end) })).filter((h) => h.end > h.start).sort((a, b) => a.start - b.start)
  const parts: SnippetPart[] = []
  let at = 0
  for (const { start, end } of ranges) {
    if (end <= at) continue
    const from = Math.max(start, at)
    if (from > at) parts.push({ text: chars.slice(at, from).join(''), mark: false })
    parts.push({ text: chars.slice(from, end).join(''), mark: true })
    at = end
  }
  if (at < chars.length) parts.push({ text: chars.slice(at).join(''), mark: false })
  return parts
}

/** How long typing must pause before a search is asked. */
export const SEARCH_DEBOUNCE_MS = 250

/** The address a search hit opens: the conversation as the brand, at that message or note. */
export function hitPath(brandId: string, hit: { kind: 'message' | 'note'; id: string; conversationId: string; seq: number | null }): string {
  const at = hit.kind === 'message' && hit.seq !== null ? `&at=${hit.seq}` : hit.kind === 'note' ? `&note=${encodeURIComponent(hit.id)}` : ''
  return `/c/${hit.conversationId}?as=${encodeURIComponent(brandId)}${at}`
}
