import { memo, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { inboxLimits, inboxViews, type Account, type BrandMembership, type InboxCounts, type InboxItem, type InboxView, type Label, type SearchHit } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { Link, navigate, usePath } from '../../router.tsx'
import { Avatar } from '../avatar.tsx'
import { errorMessage } from '../error-message.ts'
import { HandleOrTag } from '../messenger/handle.tsx'
import { teamFor, useTeamSelect, type TeamMember } from '../messenger/team-store.ts'
import { noPresence, teammatesIn, type Presence } from '../messenger/team-model.ts'
import { useTeamLabels } from '../messenger/team-bar.tsx'
import { LabelChips } from '../messenger/label-chips.tsx'
import { labelsOn } from '../messenger/labels-model.ts'
import {
  appendPage, applyMessage, applyRead, applyState, belongsTo, emptyCounts, hitPath, isUnread, placeItem, queryFromSearch, SEARCH_DEBOUNCE_MS, searchFromQuery, snippetParts, waited,
  type InboxList, type InboxQuery,
} from './inbox-model.ts'
import { consoleInboxPath } from './inbox-path.ts'
import { NotificationSettings } from './attention.tsx'
import { MyAvailability } from './availability.tsx'

/** Every row is this tall (CSS `.inbox-row` agrees), so the list knows where each row is without measuring. */
const ROW_PX = 76
/**
 * Rows asked for per page (the most the server gives), and how close to the end (in rows) the
 * next page is asked for: a page ahead (some 25 screens), so even a fling rarely meets the end.
 */
const PAGE = 200
const PREFETCH_ROWS = PAGE
/**
 * Rows kept in the page beyond the view, so a scroll step (a wheel notch, a key) shows rows
 * already there: this many ahead of a scroll, one behind it, this many on both sides at rest.
 */
const OVERSCAN_ROWS = 4
const rowSize = () => ROW_PX
/** Labels a row shows at most (its height is fixed): the last place says how many more. */
const ROW_LABELS = 3
/** A burst of events refreshes the counts once, this long after the last. */
const COUNTS_DEBOUNCE_MS = 400
/** How often the waiting times move on. */
const TICK_MS = 30_000

/**
 * The team inbox: the views with their exact counts (the server's, asked again after changes), a
 * view's conversations in a virtualised list that events update in place (it never reloads,
 * jumps to the top or loses the reader's place), and filters by agent, source, customer kind and label.
 * The view and filters are in the address, so a view can be shared and reloaded.
 */
export function InboxSection({ membership }: { membership: BrandMembership }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client, stream, me } = useSession()
  const { search } = usePath()
  const brand = membership.brand
  const memberId = me?.account.id ?? ''
  const query = useMemo(() => queryFromSearch(search), [search])
  const queryKey = searchFromQuery(query)
  const [list, setList] = useState<InboxList | null>(null)
  const [counts, setCounts] = useState<InboxCounts | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [members, setMembers] = useState<readonly TeamMember[]>([])
  const now = useNow(TICK_MS)
  // Who of the team has which conversation open, from the stream ("Ben is here" on the rows).
  const team = teamFor(client, brand.id)
  useEffect(() => team.attach(stream), [team, stream])
  const presence = useTeamSelect(team, (s) => s.presence, noPresence)
  const labels = useTeamLabels(team)
  const [searchText, setSearchText] = useState('')
  // What the stream's listeners need, without listening again on every change.
  const live = useRef({ query, generation: 0 })
  live.current.query = query
  // The rows as last set: events compute from it at once (a state updater may run later).
  const rows = useRef<InboxList | null>(null)
  const update = useCallback((next: (had: InboxList) => InboxList | null) => {
    if (!rows.current) return
    rows.current = next(rows.current)
    setList(rows.current)
  }, [])
  const reset = useCallback((next: InboxList | null) => { rows.current = next; setList(next) }, [])

  const ask = useCallback(async (q: InboxQuery, extra: { cursor?: string; limit?: number }) => {
    const reply = await client.call('listInbox', {
      params: { brandId: brand.id },
      query: {
        view: q.view, order: q.order, limit: extra.limit ?? PAGE,
        ...(q.assigneeId ? { assigneeId: q.assigneeId } : {}), ...(q.source ? { source: q.source } : {}), ...(q.kind ? { kind: q.kind } : {}),
        ...(q.label ? { label: q.label } : {}), ...(extra.cursor ? { cursor: extra.cursor } : {}),
      },
    })
    return reply
  }, [client, brand.id])

  const load = useCallback(async () => {
    const generation = ++live.current.generation
    reset(null)
    try {
      const reply = await ask(live.current.query, {})
      if (generation !== live.current.generation) return
      reset({ items: reply.items, nextCursor: reply.nextCursor })
      setCounts(reply.counts)
      setProblem(null)
    } catch (error) {
      if (generation === live.current.generation) setProblem(errorMessage(error, i18n))
    }
    // Asked again when the query's contents change (queryKey), not its identity.
  }, [ask, queryKey, i18n, reset])
  useEffect(() => { void load() }, [load])

  useEffect(() => {
    let stale = false
    client.call('listBrandMembers', { params: { brandId: brand.id } }).then((reply) => { if (!stale) setMembers(reply.members) }, () => {})
    return () => { stale = true }
  }, [client, brand.id])

  const loadMore = useCallback(async () => {
    const cursor = list?.nextCursor
    if (!cursor || loadingMore) return
    const generation = live.current.generation
    setLoadingMore(true)
    try {
      const reply = await ask(query, { cursor })
      if (generation !== live.current.generation) return
      update((had) => appendPage(had, { items: reply.items, nextCursor: reply.nextCursor }))
      setCounts(reply.counts)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    } finally {
      setLoadingMore(false)
    }
  }, [list?.nextCursor, loadingMore, ask, query, i18n, update])

  // Events merge into the loaded rows; only the counts are asked again (once per burst).
  useEffect(() => {
    if (!stream) return
    let countsTimer: ReturnType<typeof setTimeout> | undefined
    const refreshCounts = () => {
      clearTimeout(countsTimer)
      countsTimer = setTimeout(() => {
        const generation = live.current.generation
        ask(live.current.query, { limit: 1 }).then((reply) => { if (generation === live.current.generation) setCounts(reply.counts) }, () => {})
      }, COUNTS_DEBOUNCE_MS)
    }
    const fetchRow = (conversationId: string) => {
      const generation = live.current.generation
      client.call('getInboxItem', { params: { brandId: brand.id, conversationId } }).then((item) => {
        const q = live.current.query
        if (generation !== live.current.generation || !belongsTo(item.state, q, memberId, Date.now())) return
        update((had) => placeItem(had, item, q.order))
      }, () => {})
    }
    const offs = [
      stream.on('inbox.updated', ({ state }) => {
        if (state.brandId !== brand.id) return
        refreshCounts()
        if (!rows.current) return
        const change = applyState(rows.current, state, live.current.query, memberId, Date.now())
        if (change.kind === 'list') update(() => change.list)
        else if (change.kind === 'fetch') fetchRow(change.conversationId)
      }),
      stream.on('inbox.read', (read) => {
        if (read.brandId !== brand.id || read.memberId !== memberId) return
        if (!rows.current) return
        const change = applyRead(rows.current, read)
        update(() => change.list)
        if (change.refetch) fetchRow(read.conversationId)
      }),
      stream.on('message.created', ({ message }) => update((had) => applyMessage(had, message))),
      // The stream could not replay what was missed: ask for the view again.
      stream.on('resync', () => void load()),
    ]
    return () => { for (const off of offs) off(); clearTimeout(countsTimer) }
  }, [stream, client, brand.id, memberId, ask, load, update])

  const setQuery = (patch: Partial<InboxQuery>) => {
    const next: InboxQuery = { ...query, ...patch }
    for (const key of ['assigneeId', 'source', 'kind', 'label'] as const) if (!next[key]) delete next[key]
    navigate(consoleInboxPath(brand.handle, searchFromQuery(next)), { replace: true })
  }
  const viewName = (view: InboxView) => t(`console.inbox.view.${view}`)
  const shownCounts = counts ?? emptyCounts

  return (
    <section className="console-section inbox-section" aria-labelledby="console-inbox-title">
      <h1 id="console-inbox-title" className="visually-hidden">{t('console.nav.inbox')}</h1>
      <div className="inbox">
        <nav className="inbox-views" aria-label={t('console.inbox.views')}>
          <p className="inbox-views__title" aria-hidden="true">{t('console.nav.inbox')}</p>
          <ul>
            {inboxViews.map((view) => (
              <li key={view}>
                <Link to={consoleInboxPath(brand.handle, searchFromQuery({ ...query, view }))} aria-current={view === query.view ? 'page' : undefined} className="inbox-view" data-view={view}>
                  <span className="inbox-view__name">{viewName(view)}</span>
                  <span className="inbox-view__count" data-count={counts ? shownCounts[view] : undefined}>
                    {counts ? i18n.formatNumber(shownCounts[view]) : '…'}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <p className="inbox-views__all"><Link to={`/console/${brand.handle}/conversations`}>{t('console.inbox.all')}</Link></p>
          <MyAvailability brandId={brand.id} memberId={memberId} />
          <NotificationSettings />
        </nav>
        <div className="inbox-main">
          <SearchBox text={searchText} onChange={setSearchText} />
          <Filters query={query} members={members} labels={labels} sources={list?.items ?? []} onChange={setQuery} />
          {searchText.trim() !== '' ? (
            <SearchResults text={searchText.trim()} query={query} brand={brand} rows={list?.items ?? []} />
          ) : <>
          {problem && (
            <div className="console-problem">
              <p className="form-error" role="alert">{t('common.error', { message: problem })}</p>
              <button type="button" className="button-quiet" onClick={() => void load()}>{t('common.retry')}</button>
            </div>
          )}
          {!list && !problem && <p className="muted inbox-status" role="status">{t('common.loading')}</p>}
          {list && list.items.length === 0 && <p className="console-empty">{t('console.inbox.empty')}</p>}
          {list && list.items.length > 0 && (
            <InboxRows key={queryKey} list={list} brand={brand} members={members} now={now} label={t('console.inbox.list', { view: viewName(query.view) })}
              loadingMore={loadingMore} onNearEnd={() => void loadMore()} presence={presence} memberId={memberId} labels={labels} />
          )}
          </>}
        </div>
      </div>
    </section>
  )
}

function Filters({ query, members, labels, sources, onChange }: {
  query: InboxQuery; members: readonly TeamMember[]; labels: readonly Label[] | null; sources: readonly InboxItem[]; onChange(patch: Partial<InboxQuery>): void
}) {
  const { t } = useI18n()
  const id = useId()
  const known = useMemo(() => [...new Set(sources.map((i) => i.state.source).filter((s): s is string => s !== null))].sort(), [sources])
  const [source, setSource] = useState(query.source ?? '')
  useEffect(() => setSource(query.source ?? ''), [query.source])
  const commitSource = () => { if (source.trim() !== (query.source ?? '')) onChange({ source: source.trim() }) }
  return (
    <fieldset className="inbox-filters">
      <legend className="visually-hidden">{t('console.inbox.filters')}</legend>
      <label className="inbox-filter">
        <span>{t('console.inbox.filter.agent')}</span>
        <select value={query.assigneeId ?? ''} onChange={(e) => onChange({ assigneeId: e.target.value })}>
          <option value="">{t('console.inbox.filter.anyAgent')}</option>
          {members.map((m) => <option key={m.account.id} value={m.account.id}>{m.account.displayName}</option>)}
        </select>
      </label>
      <label className="inbox-filter">
        <span>{t('console.inbox.filter.source')}</span>
        <input list={`${id}-sources`} value={source} placeholder={t('console.inbox.filter.anySource')} onChange={(e) => setSource(e.target.value)}
          onBlur={commitSource} onKeyDown={(e) => { if (e.key === 'Enter') commitSource() }} />
        <datalist id={`${id}-sources`}>{known.map((s) => <option key={s} value={s} />)}</datalist>
      </label>
      <label className="inbox-filter">
        <span>{t('console.inbox.filter.kind')}</span>
        <select value={query.kind ?? ''} onChange={(e) => onChange({ kind: e.target.value === 'person' || e.target.value === 'visitor' ? e.target.value : undefined })}>
          <option value="">{t('console.inbox.filter.anyKind')}</option>
          <option value="person">{t('console.inbox.kind.person')}</option>
          <option value="visitor">{t('console.inbox.kind.visitor')}</option>
        </select>
      </label>
      <label className="inbox-filter">
        <span>{t('console.inbox.filter.label')}</span>
        <select value={query.label ?? ''} onChange={(e) => onChange({ label: e.target.value })}>
          <option value="">{t('console.inbox.filter.anyLabel')}</option>
          {/* A label from the address that is not (or no longer) in the set still shows as chosen. */}
          {query.label && labels && !labels.some((l) => l.id === query.label) && <option value={query.label}>…</option>}
          {(labels ?? []).map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </select>
      </label>
      <label className="inbox-filter">
        <span>{t('console.inbox.order')}</span>
        <select value={query.order} onChange={(e) => onChange({ order: e.target.value === 'waiting' ? 'waiting' : 'newest' })}>
          <option value="newest">{t('console.inbox.order.newest')}</option>
          <option value="waiting">{t('console.inbox.order.waiting')}</option>
        </select>
      </label>
    </fieldset>
  )
}

/**
 * The rows of a view, virtualised at a fixed height: only those in sight (and a few around) are
 * in the page. When rows above move (a customer writes, a row leaves the view), the rows the
 * reader was looking at stay where they were on screen.
 */
function InboxRows({ list, brand, members, now, label, loadingMore, onNearEnd, presence, memberId, labels }: {
  list: InboxList; brand: Account; members: readonly TeamMember[]; now: number; label: string; loadingMore: boolean; onNearEnd(): void; presence: Presence; memberId: string
  labels: readonly Label[] | null
}) {
  const { t } = useI18n()
  const scrollRef = useRef<HTMLDivElement>(null)
  const items = list.items
  // Stable while the rows are: the virtualizer walks every row (10,000) again whenever its key function changes.
  const getItemKey = useCallback((index: number) => items[index]?.state.conversationId ?? index, [items])
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: useCallback(() => scrollRef.current, []),
    estimateSize: rowSize,
    getItemKey,
    // Rows beyond the view are added below, by the direction of the scroll.
    overscan: 0,
  })

  // The rows in sight before a change, to find them again after it: the scroll position is kept
  // as the reader scrolls (a read of a clean layout, nothing written), the rows it showed are
  // worked out only when the rows change, with no layout read unless they moved.
  const seen = useRef({ items, scrollTop: 0 })
  const remember = useCallback(() => { if (scrollRef.current) seen.current.scrollTop = scrollRef.current.scrollTop }, [])
  useLayoutEffect(() => {
    const el = scrollRef.current
    const { items: before, scrollTop } = seen.current
    seen.current.items = items
    if (!el || before === items || scrollTop <= 0) return
    const top = Math.floor(scrollTop / ROW_PX)
    const inSight = before.slice(top, top + Math.ceil((virtualizer.scrollRect?.height ?? 0) / ROW_PX) + 1)
    // A page appended (the usual change) leaves them where they were.
    if (inSight.every((item, i) => items[top + i] === item)) return
    const index = new Map(items.map((item, i) => [item.state.conversationId, i]))
    // Most rows in sight moved by the same amount (those that moved themselves are few): follow them.
    const shifts = new Map<number, number>()
    inSight.forEach((item, i) => {
      const now = index.get(item.state.conversationId)
      if (now !== undefined) shifts.set(now - (top + i), (shifts.get(now - (top + i)) ?? 0) + 1)
    })
    const [shift] = [...shifts].sort((a, b) => b[1] - a[1])[0] ?? [0]
    if (shift !== 0) el.scrollTop = seen.current.scrollTop = scrollTop + shift * ROW_PX
  }, [items, virtualizer])

  // The rows in sight, and a few more where the reader is going: ahead of a scroll (behind it
  // they would only be made to be thrown away), on both sides once it stops.
  const inView = virtualizer.getVirtualItems()
  const direction = virtualizer.isScrolling ? virtualizer.scrollDirection : null
  const from = Math.max(0, (inView[0]?.index ?? 0) - (direction === 'forward' ? 1 : OVERSCAN_ROWS))
  const to = Math.min(items.length - 1, (inView.at(-1)?.index ?? -1) + (direction === 'backward' ? 1 : OVERSCAN_ROWS))
  useEffect(() => {
    if (list.nextCursor && to >= items.length - PREFETCH_ROWS) onNearEnd()
  }, [to, items.length, list.nextCursor, onNearEnd])

  const shown: ReactElement[] = []
  for (let index = from; index <= to; index++) {
    const item = items[index]
    if (!item) continue
    shown.push(
      <li key={item.state.conversationId} className="inbox-vrow" style={{ transform: `translateY(${index * ROW_PX}px)` }}
        aria-posinset={index + 1} aria-setsize={list.nextCursor ? -1 : items.length}>
        <InboxRow item={item} brand={brand} members={members} now={now} here={hereIn(presence, item.state.conversationId, memberId)} labels={labels} />
      </li>,
    )
  }
  return (
    <div ref={scrollRef} className="inbox-scroll" role="region" aria-label={label} tabIndex={0} onScroll={remember}>
      <ul className="inbox-rows" style={{ height: items.length * ROW_PX }}>{shown}</ul>
      {/* Said only once the reader meets the end: pages ahead of them load unannounced. */}
      {loadingMore && to >= items.length - 1 && <p className="inbox-more" role="status">{t('console.inbox.loadingMore')}</p>}
    </div>
  )
}

/** The teammates who have a conversation open now (typing or not), other than me. */
function hereIn(presence: Presence, conversationId: string, memberId: string): readonly string[] {
  const { typing, viewing } = teammatesIn(presence, conversationId, memberId, Date.now())
  return typing.length + viewing.length === 0 ? noOne : [...typing, ...viewing]
}
const noOne: readonly string[] = []

const InboxRow = memo(function InboxRow({ item, brand, members, now, here, labels }: {
  item: InboxItem; brand: Account; members: readonly TeamMember[]; now: number; here: readonly string[]; labels: readonly Label[] | null
}) {
  const { t, formatTime } = useI18n()
  const hereNames = here.map((id) => members.find((m) => m.account.id === id)?.account.displayName ?? t('messenger.team.someone'))
  const { state, conversation, you } = item
  const customer = conversation.participants.find((p) => p.account.id === state.customerId)?.account
  const name = customer?.displayName ?? conversation.name ?? t('console.inbox.visitor')
  const assignee = members.find((m) => m.account.id === state.assigneeId)?.account
  const unread = isUnread(item)
  const wait = state.waitingSince ? waited(state.waitingSince, now) : null
  const waitText = wait ? (wait.unit === 'now' ? t('console.inbox.wait.now') : t(`console.inbox.wait.${wait.unit}`, { count: wait.count })) : null
  const message = item.customerMessage
  const preview = !message ? t('console.inbox.noMessage')
    : message.unsentAt ? t('console.inbox.unsent')
      : message.text.trim() || (message.attachment ? t('console.inbox.attachment') : '')
  return (
    <Link to={`/c/${conversation.id}?as=${encodeURIComponent(brand.id)}`} className={`inbox-row${unread ? ' inbox-row--unread' : ''}`}
      data-conversation-id={conversation.id} data-unread={unread ? 'true' : 'false'} data-status={state.status}>
      {customer ? <Avatar account={customer} size={40} /> : <Avatar account={{ id: conversation.id, handle: conversation.id, displayName: name, avatarUrl: conversation.avatarUrl, kind: 'person' }} size={40} />}
      <span className="inbox-row__main">
        <span className="inbox-row__top">
          <span className="inbox-row__name">{name}</span>
          <span className="hint inbox-row__handle">{customer && customer.kind !== 'visitor' ? <HandleOrTag account={customer} /> : t('console.inbox.visitor')}</span>
          {waitText
            ? <span className="inbox-row__wait" title={formatTime(state.waitingSince ?? '', 'full')}>
              <span className="visually-hidden">{t('console.inbox.waiting', { wait: waitText })}</span><span aria-hidden="true">{waitText}</span>
            </span>
            : <span className="hint inbox-row__wait inbox-row__wait--answered">{t('console.inbox.answered')}</span>}
        </span>
        <span className="inbox-row__bottom">
          <span className="inbox-row__preview">{preview}</span>
          <LabelChips labels={labelsOn(state.labelIds, labels)} room={ROW_LABELS} />
          {hereNames.length > 0 && (
            <span className="inbox-row__here" data-here={here.join(' ')}>
              {hereNames.length === 1 ? t('console.inbox.here', { name: hereNames[0] ?? '' }) : t('console.inbox.hereMany', { names: hereNames.join(', ') })}
            </span>
          )}
          <span className={`team-status team-status--${state.status}`}>{t(`messenger.team.status.${state.status}`)}</span>
          {assignee
            ? <span className="inbox-row__assignee" title={assignee.displayName}><Avatar account={assignee} size={20} /><span className="inbox-row__assignee-name">{assignee.displayName}</span></span>
            : <span className="hint inbox-row__assignee">{t('messenger.team.unassigned')}</span>}
          {you.unreadCount > 0 && (
            <span className="console-unread"><span aria-hidden="true">{you.unreadCount}</span><span className="visually-hidden">{t('console.inbox.unread', { count: you.unreadCount })}</span></span>
          )}
          {you.unreadCount === 0 && you.markedUnread && <span className="inbox-row__marked" title={t('console.inbox.markedUnread')}><span className="visually-hidden">{t('console.inbox.markedUnread')}</span></span>}
        </span>
      </span>
    </Link>
  )
})

/** The time now, moving on every `everyMs`. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}

/** The search box above the list: while it holds text, the hits replace the list. */
function SearchBox({ text, onChange }: { text: string; onChange(text: string): void }) {
  const { t } = useI18n()
  return (
    <div className="inbox-search" role="search">
      <input type="search" value={text} maxLength={inboxLimits.searchChars} aria-label={t('console.inbox.search')} placeholder={t('console.inbox.search.placeholder')}
        onChange={(e) => onChange(e.target.value)} onKeyDown={(e) => { if (e.key === 'Escape') onChange('') }} />
      {text !== '' && <button type="button" className="button-quiet" onClick={() => onChange('')}>{t('console.inbox.search.clear')}</button>}
    </div>
  )
}

/**
 * The messages and notes matching a search, with the view's filters (agent, source, kind, label),
 * asked once typing pauses. Each hit names its customer (from the loaded rows, or asked once per
 * conversation), shows the snippet with its matches marked, and opens the conversation there.
 */
function SearchResults({ text, query, brand, rows }: { text: string; query: InboxQuery; brand: Account; rows: readonly InboxItem[] }) {
  const i18n = useI18n()
  const { t, formatTime } = i18n
  const { client } = useSession()
  const [hits, setHits] = useState<{ key: string; hits: SearchHit[] } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [items, setItems] = useState<ReadonlyMap<string, InboxItem>>(new Map())
  const key = JSON.stringify([text, query.assigneeId, query.source, query.kind, query.label])
  useEffect(() => {
    let stale = false
    const timer = setTimeout(() => {
      client.call('searchInbox', {
        params: { brandId: brand.id },
        query: {
          q: text, ...(query.assigneeId ? { assigneeId: query.assigneeId } : {}), ...(query.source ? { source: query.source } : {}), ...(query.kind ? { kind: query.kind } : {}),
          ...(query.label ? { label: query.label } : {}),
        },
      }).then((reply) => { if (!stale) { setHits({ key, hits: reply.hits }); setProblem(null) } }, (error: unknown) => { if (!stale) setProblem(errorMessage(error, i18n)) })
    }, SEARCH_DEBOUNCE_MS)
    return () => { stale = true; clearTimeout(timer) }
    // Asked again when the text or the filters change (key), not on every render.
  }, [client, brand.id, key, i18n])
  // The customers of hits whose conversation is not among the loaded rows, asked once each.
  const known = useMemo(() => new Map([...items, ...rows.map((r) => [r.state.conversationId, r] as const)]), [items, rows])
  useEffect(() => {
    const missing = [...new Set((hits?.hits ?? []).map((h) => h.conversationId))].filter((id) => !known.has(id))
    let stale = false
    for (const conversationId of missing) {
      client.call('getInboxItem', { params: { brandId: brand.id, conversationId } }).then(
        (item) => { if (!stale) setItems((had) => new Map(had).set(conversationId, item)) }, () => {},
      )
    }
    return () => { stale = true }
  }, [hits, known, client, brand.id])

  const shown = hits?.key === key ? hits.hits : null
  if (problem) return <p className="form-error inbox-status" role="alert">{t('common.error', { message: problem })}</p>
  if (!shown) return <p className="muted inbox-status" role="status">{t('console.inbox.search.searching')}</p>
  if (shown.length === 0) return <p className="console-empty" role="status">{t('console.inbox.search.none', { q: text })}</p>
  return (
    <ul className="inbox-hits" aria-label={t('console.inbox.search.results')}>
      {shown.map((hit) => {
        const item = known.get(hit.conversationId)
        const customer = item?.conversation.participants.find((p) => p.account.id === item.state.customerId)?.account
        const name = customer?.displayName ?? item?.conversation.name ?? (item ? t('console.inbox.visitor') : '…')
        return (
          <li key={`${hit.kind}-${hit.id}`}>
            <Link to={hitPath(brand.id, hit)} className="inbox-hit" data-hit-kind={hit.kind} data-conversation-id={hit.conversationId}>
              {customer ? <Avatar account={customer} size={36} /> : <Avatar account={{ id: hit.conversationId, handle: hit.conversationId, displayName: name, avatarUrl: null, kind: 'person' }} size={36} />}
              <span className="inbox-hit__main">
                <span className="inbox-hit__top">
                  <span className="inbox-hit__name">{name}</span>
                  {hit.kind === 'note' && <span className="inbox-hit__note">{t('console.inbox.search.note')}</span>}
                  <time className="inbox-hit__time" dateTime={hit.createdAt} title={formatTime(hit.createdAt, 'full')}>{formatTime(hit.createdAt, 'day')}</time>
                </span>
                <span className="inbox-hit__snippet">
                  {snippetParts(hit.snippet, hit.highlights).map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
                </span>
              </span>
            </Link>
          </li>
        )
      })}
    </ul>
  )
}
