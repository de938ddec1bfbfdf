import { useEffect, useSyncExternalStore } from 'react'
import type { ParloirClient, ParloirStream } from '@parloir/client'
import {
  inboxLimits, type Account, type BrandRole, type CustomField, type CustomerFieldValues, type InboxCustomer, type InboxItem, type InboxState, type InboxStatus, type Label, type Note,
} from '@parloir/protocol'
import { mergeNotes, nextLapse, noPresence, notePresence, prunePresence, type Presence, type PresenceKind } from './team-model.ts'
import { hasUnknownLabel } from './labels-model.ts'

export interface TeamMember { account: Account; role: BrandRole }

export interface TeamNotes { notes: readonly Note[]; loaded: boolean; error: unknown }

export interface TeamState {
  /** The team's state of each opened conversation, as I see it (my own reads included). */
  items: ReadonlyMap<string, InboxItem>
  notes: ReadonlyMap<string, TeamNotes>
  /** The brand's team, once asked for. */
  members: readonly TeamMember[] | null
  /** Who of the team has which conversation open, or writes in it (me included: views leave me out). */
  presence: Presence
  /** The brand's custom fields, once asked for (asked again each time a customer panel opens). */
  customFields: readonly CustomField[] | null
  /** Customers' values of them, by the customer's account id, as last read or heard. */
  customerFields: ReadonlyMap<string, CustomerFieldValues>
  /** The brand's labels, once asked for (again when a conversation carries one not among them). */
  labels: readonly Label[] | null
}

const noNotes: TeamNotes = { notes: [], loaded: false, error: null }

/**
 * What a brand's team shares about the conversations a member opens as the brand: status,
 * assignee, their own read state, and the private timeline (notes and changes). Asked with the
 * member's own session (the routes name the brand), kept live by `inbox.updated`, `inbox.read`,
 * `note.created` and `customerFields.updated`, which only the team's streams hear. Also the
 * brand's custom fields and the values of the customers whose panel was opened.
 */
export class TeamStore {
  readonly brandId: string
  readonly #client: ParloirClient
  #state: TeamState = { items: new Map(), notes: new Map(), members: null, presence: noPresence, customFields: null, customerFields: new Map(), labels: null }
  #lapseTimer: ReturnType<typeof setTimeout> | undefined
  readonly #listeners = new Set<() => void>()
  #membersAsked = false
  #labelsAsking: Promise<boolean> | null = null

  constructor(client: ParloirClient, brandId: string) {
    this.#client = client
    this.brandId = brandId
  }

  getState = (): TeamState => this.#state
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #set(patch: Partial<TeamState>): void {
    this.#state = { ...this.#state, ...patch }
    for (const listener of [...this.#listeners]) listener()
  }

  #setItem(id: string, update: (item: InboxItem) => InboxItem): void {
    const had = this.#state.items.get(id)
    if (!had) return
    this.#set({ items: new Map(this.#state.items).set(id, update(had)) })
  }

  #setState(state: InboxState): void {
    // An older state (a late event, a reply after an event) never overwrites a newer one.
    this.#setItem(state.conversationId, (item) => (Date.parse(state.updatedAt) < Date.parse(item.state.updatedAt) ? item : { ...item, state }))
  }

  #addNotes(conversationId: string, notes: readonly Note[], loaded?: boolean): void {
    const had = this.#state.notes.get(conversationId)
    if (!had && loaded === undefined) return
    const next: TeamNotes = { notes: mergeNotes(had?.notes ?? [], notes), loaded: loaded ?? had?.loaded ?? false, error: null }
    this.#set({ notes: new Map(this.#state.notes).set(conversationId, next) })
  }

  #setCustomerFields(customerId: string, fields: CustomerFieldValues): void {
    this.#set({ customerFields: new Map(this.#state.customerFields).set(customerId, fields) })
  }

  /** A teammate is there (or typing) for `expiresInMs`; the notice is dropped when it lapses. */
  #notePresence(kind: PresenceKind, conversationId: string, memberId: string, expiresInMs: number): void {
    this.#set({ presence: notePresence(this.#state.presence, kind, conversationId, memberId, Date.now(), expiresInMs) })
    this.#scheduleLapse()
  }

  #scheduleLapse(): void {
    clearTimeout(this.#lapseTimer)
    const next = nextLapse(this.#state.presence)
    if (next === null) return
    this.#lapseTimer = setTimeout(() => {
      const presence = prunePresence(this.#state.presence, Date.now())
      if (presence !== this.#state.presence) this.#set({ presence })
      this.#scheduleLapse()
    }, Math.max(0, next - Date.now()) + 50)
  }

  attach(stream: ParloirStream | null): () => void {
    if (!stream) return () => {}
    const mine = (brandId: string) => brandId === this.brandId
    const offs = [
      stream.on('inbox.updated', ({ state }) => {
        if (!mine(state.brandId)) return
        this.#setState(state)
        this.seeLabels(state.labelIds)
      }),
      stream.on('note.created', ({ note }) => { if (mine(note.brandId)) this.#addNotes(note.conversationId, [note]) }),
      stream.on('inbox.read', (read) => {
        if (!mine(read.brandId)) return
        this.#setItem(read.conversationId, (item) => ({ ...item, you: { ...item.you, lastReadSeq: Math.max(item.you.lastReadSeq, read.lastReadSeq), markedUnread: read.markedUnread } }))
      }),
      stream.on('inbox.viewing', (v) => { if (mine(v.brandId)) this.#notePresence('viewing', v.conversationId, v.memberId, v.expiresInMs) }),
      stream.on('inbox.typing', (v) => { if (mine(v.brandId)) this.#notePresence('typing', v.conversationId, v.memberId, v.expiresInMs) }),
      stream.on('customerFields.updated', (e) => { if (mine(e.brandId)) this.#setCustomerFields(e.customerId, e.fields) }),
      // Back after a drop: what the replay could not carry is asked again.
      stream.on('ready', () => { for (const id of this.#state.items.keys()) void this.open(id) }),
    ]
    return () => { for (const off of offs) off() }
  }

  /** Loads a conversation's team state and timeline (again, when called again). */
  async open(conversationId: string): Promise<void> {
    const params = { brandId: this.brandId, conversationId }
    const [item, notes] = await Promise.allSettled([
      this.#client.call('getInboxItem', { params }),
      this.#client.call('listNotes', { params, query: { limit: 200 } }),
    ])
    if (item.status === 'fulfilled') {
      const had = this.#state.items.get(conversationId)
      if (!had || Date.parse(item.value.state.updatedAt) >= Date.parse(had.state.updatedAt)) this.#set({ items: new Map(this.#state.items).set(conversationId, item.value) })
    }
    if (notes.status === 'fulfilled') this.#addNotes(conversationId, notes.value.notes, true)
    else this.#set({ notes: new Map(this.#state.notes).set(conversationId, { ...(this.#state.notes.get(conversationId) ?? noNotes), error: notes.reason }) })
  }

  /** Tells the team I have the conversation open (renewed by `useMarkViewing`). */
  async markViewing(conversationId: string): Promise<void> {
    await this.#client.call('markViewing', { params: { brandId: this.brandId, conversationId } })
  }

  /** Who the customer of a conversation is, for the side panel (asked each time it opens). */
  async customer(conversationId: string): Promise<InboxCustomer> {
    // Awaited into a local first: returning the call straight away, TypeScript infers the reply too deep (TS2589).
    const reply = await this.#client.call('getInboxCustomer', { params: { brandId: this.brandId, conversationId } })
    if (reply.account) this.#setCustomerFields(reply.account.id, reply.fields)
    return reply
  }

  /** Asks for the brand's custom fields (again: one defined in the console meanwhile shows up). */
  async loadCustomFields(): Promise<void> {
    const reply = await this.#client.call('listCustomFields', { params: { brandId: this.brandId } })
    this.#set({ customFields: reply.customFields })
  }

  /** Sets or clears (null) the named custom fields of a conversation's customer. */
  async updateCustomerFields(conversationId: string, customerId: string, values: Record<string, string | null>): Promise<void> {
    const reply = await this.#client.call('updateCustomerFields', { params: { brandId: this.brandId, conversationId }, body: { values } })
    this.#setCustomerFields(customerId, reply.fields)
  }

  loadMembers(): void {
    if (this.#membersAsked) return
    this.#membersAsked = true
    this.#client.call('listBrandMembers', { params: { brandId: this.brandId } }).then(
      (reply) => this.#set({ members: reply.members }),
      () => { this.#membersAsked = false },
    )
  }

  /** Asks for the brand's labels: once, or again with `again` (after a change elsewhere). Answers whether the set is known. */
  loadLabels(again = false): Promise<boolean> {
    if (this.#labelsAsking) return this.#labelsAsking
    if (this.#state.labels && !again) return Promise.resolve(true)
    this.#labelsAsking = this.#client.call('listLabels', { params: { brandId: this.brandId } }).then(
      (reply) => { this.#set({ labels: reply.labels }); return true },
      () => false,
    ).finally(() => { this.#labelsAsking = null })
    return this.#labelsAsking
  }

  /** A conversation carries these labels: ask for the set again when one is new to it. */
  seeLabels(ids: readonly string[]): void {
    if (hasUnknownLabel(ids, this.#state.labels)) void this.loadLabels(true)
  }

  /** The set as the Labels section just saved it. */
  setLabels(labels: readonly Label[]): void {
    this.#set({ labels })
  }

  /** Puts a label on a conversation, or takes it off. */
  async setLabel(conversationId: string, labelId: string, on: boolean): Promise<void> {
    const params = { brandId: this.brandId, conversationId, labelId }
    const reply = on ? await this.#client.call('addInboxLabel', { params }) : await this.#client.call('removeInboxLabel', { params })
    this.#setState(reply)
  }

  async setStatus(conversationId: string, status: InboxStatus, snoozedUntil?: Date | null): Promise<void> {
    const body: { status: InboxStatus; snoozedUntil?: string } = { status }
    if (status === 'snoozed' && snoozedUntil) body.snoozedUntil = snoozedUntil.toISOString()
    const reply = await this.#client.call('setInboxStatus', { params: { brandId: this.brandId, conversationId }, body })
    this.#setState(reply)
  }

  async assign(conversationId: string, assigneeId: string | null): Promise<void> {
    const reply = await this.#client.call('assignConversation', { params: { brandId: this.brandId, conversationId }, body: { assigneeId } })
    this.#setState(reply)
  }

  async markUnread(conversationId: string): Promise<void> {
    await this.#client.call('markUnread', { params: { brandId: this.brandId, conversationId } })
    this.#setItem(conversationId, (item) => ({ ...item, you: { ...item.you, markedUnread: true } }))
  }

  async addNote(conversationId: string, text: string): Promise<void> {
    const note = await this.#client.call('addNote', { params: { brandId: this.brandId, conversationId }, body: { text } })
    this.#addNotes(conversationId, [note])
  }
}

let current: { client: ParloirClient; brandId: string; store: TeamStore } | null = null

/** The one team store of the session's client for a brand (a new brand or session starts afresh). */
export function teamFor(client: ParloirClient, brandId: string): TeamStore {
  if (current?.client !== client || current.brandId !== brandId) current = { client, brandId, store: new TeamStore(client, brandId) }
  return current.store
}

/** Selects from a team store; with no store (not acting as a brand) answers `fallback`. */
export function useTeamSelect<T>(team: TeamStore | null, select: (state: TeamState) => T, fallback: T): T {
  return useSyncExternalStore(team?.subscribe ?? noSubscribe, () => (team ? select(team.getState()) : fallback))
}
const noSubscribe = () => () => {}

/** How often "I have it open" is said again: half the time it lasts, so it never lapses while open. */
export const VIEWING_RENEW_MS = inboxLimits.viewingExpiresMs / 2

/**
 * Says "I have this conversation open" to the team while the tab is visible: at once, every
 * 15 s, and again on coming back to the tab. A hidden tab stops, and the notice lapses.
 */
export function useMarkViewing(team: TeamStore | null, conversationId: string): void {
  useEffect(() => {
    if (!team) return
    let timer: ReturnType<typeof setInterval> | undefined
    const say = () => { team.markViewing(conversationId).catch(() => {}) }
    const follow = () => {
      clearInterval(timer)
      timer = undefined
      if (document.visibilityState !== 'visible') return
      say()
      timer = setInterval(say, VIEWING_RENEW_MS)
    }
    follow()
    document.addEventListener('visibilitychange', follow)
    return () => { clearInterval(timer); document.removeEventListener('visibilitychange', follow) }
  }, [team, conversationId])
}

/** Keeps a conversation's team state loaded and live while it is open. */
export function useTeamConversation(team: TeamStore | null, stream: ParloirStream | null, conversationId: string): void {
  useEffect(() => team?.attach(stream), [team, stream])
  useEffect(() => { void team?.open(conversationId) }, [team, conversationId])
}
