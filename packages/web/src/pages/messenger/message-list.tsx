import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { Account, Conversation, WelcomeMessage } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { usePath } from '../../router.tsx'
import { useSession } from '../../session.tsx'
import { Avatar, GroupAvatar } from './avatar.tsx'
import { dayLabel, groupFaces, isVisitor, othersOf, systemText, titleOf } from './format.ts'
import { Icon } from './icons.tsx'
import { thumbSize } from './media.tsx'
import { MessageRow, OutgoingRow, WelcomeRow } from './message.tsx'
import type { Outgoing, Thread } from './store.ts'
import { answersOf, buildRows, seenBy, type Row } from './thread.ts'
import { useErrorText, useStore } from './use-store.ts'
import { usePendingWelcome } from './use-welcome.ts'
import { TeamNoteRow, useMemberName, useTeam, useTeamNotes } from './team-bar.tsx'
import { interleave, type TimelineItem } from './team-model.ts'
import { brandPartner } from './welcome.ts'

/** How close to the top (in rows) the next older page is asked for. */
const PREFETCH_ROWS = 40

type Item = TimelineItem<Row> | { type: 'outgoing'; key: string; outgoing: Outgoing } | { type: 'welcome'; key: string; welcome: WelcomeMessage; brand: Account }

/** Rough heights before measuring: close guesses keep the scrollbar steady. */
function estimate(item: Item | undefined): number {
  if (!item) return 56
  switch (item.type) {
    case 'top': return 96
    case 'day': return 44
    case 'system': return 36
    case 'outgoing': return 64
    case 'note': return item.note.kind === 'note' ? 96 : 36
    case 'welcome': {
      const w = item.welcome
      return 84 + (w.quickReply ? 44 * Math.ceil(w.quickReply.options.length / 2) : 0) + w.buttons.length * 44
    }
    case 'message': {
      const m = item.message
      let height = m.text ? 44 : 12
      if (m.attachment) height += m.attachment.kind === 'file' ? 64 : thumbSize(m.attachment).height + 8
      if (m.quickReply) height += 44 * Math.ceil(m.quickReply.options.length / 2)
      height += m.buttons.length * 44
      if (item.runStart) height += 8
      if (item.runEnd) height += 20
      return height
    }
  }
}

const rowTime = (row: Row): number | null =>
  row.type === 'message' || row.type === 'system' ? Date.parse(row.message.createdAt) : row.type === 'day' ? Date.parse(row.iso) : null

/**
 * The messages of a conversation, virtualised: only the rows in view (and a few around) are in
 * the page, so ten thousand messages scroll as smoothly as ten. It opens at the newest message,
 * follows new ones while the reader is at the end, loads older pages as they scroll up, and
 * keeps the reader's place when a page lands above.
 */
export function MessageList({ conversation, thread, outgoing, meId }: { conversation: Conversation; thread: Thread; outgoing: readonly Outgoing[]; meId: string }) {
  const describe = useErrorText()
  const { t, formatTime } = useI18n()
  const store = useStore()
  const scrollRef = useRef<HTMLDivElement>(null)
  const [atEnd, setAtEnd] = useState(true)
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible')
  // True once the first page is shown at its end: only then does nearing the top load history.
  const [settled, setSettled] = useState(false)
  const atEndRef = useRef(true)

  const notes = useTeamNotes(conversation.id)
  // The team's private notes and changes sit among the messages by time (only a brand's team has any).
  const rows = useMemo(() => interleave(buildRows(thread.messages, meId), rowTime, notes), [thread.messages, meId, notes])
  // A brand's welcome message, not sent yet, sits where the server will write it: after what is there.
  const welcome = usePendingWelcome(conversation.id)
  const brand = brandPartner(conversation, meId)
  const items = useMemo<Item[]>(() => [
    ...rows,
    ...(welcome && brand ? [{ type: 'welcome' as const, key: `welcome-${welcome.id}`, welcome, brand }] : []),
    ...outgoing.map((o) => ({ type: 'outgoing' as const, key: `out-${o.clientMessageId}`, outgoing: o })),
  ], [rows, welcome, brand, outgoing])
  const people = useMemo(() => new Map<string, Account>(conversation.participants.map((p) => [p.account.id, p.account])), [conversation.participants])
  const answers = useMemo(() => answersOf(thread.messages, meId), [thread.messages, meId])
  const seen = useMemo(() => seenBy(thread.messages, conversation, meId), [thread.messages, conversation, meId])
  const seenText = useMemo(() => {
    if (!seen) return null
    if (conversation.kind === 'direct') return t('messenger.seen')
    const names = seen.readerIds.map((id) => (people.get(id) ?? store.accountOf(id))?.displayName ?? t('messenger.someone'))
    return t('messenger.seenBy', { names: names.join(', ') })
  }, [seen, conversation.kind, people, t, store])

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => estimate(items[index]),
    getItemKey: (index) => items[index]?.key ?? index,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 80,
    overscan: 8,
  })

  // Open at the newest message, once the first page is in.
  useLayoutEffect(() => {
    if (!thread.loaded || settled) return
    virtualizer.scrollToEnd()
    const frame = requestAnimationFrame(() => {
      virtualizer.scrollToEnd()
      setSettled(true)
    })
    return () => cancelAnimationFrame(frame)
  }, [thread.loaded, settled, virtualizer])

  // When the view gets shorter (the composer grows, a keyboard opens), a reader at the end stays there.
  useEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const observer = new ResizeObserver(() => { if (atEndRef.current) virtualizer.scrollToEnd() })
    observer.observe(el)
    return () => observer.disconnect()
  }, [virtualizer])

  // What I send always comes into view, even when I was reading further up.
  const outgoingCount = outgoing.length
  const previousOutgoing = useRef(outgoingCount)
  useEffect(() => {
    if (outgoingCount > previousOutgoing.current) virtualizer.scrollToEnd()
    previousOutgoing.current = outgoingCount
  }, [outgoingCount, virtualizer])

  // Opened at a message (`?at=<seq>`) or a note (`?note=<id>`), from a search hit: older pages
  // load until it is in, then it comes into view, marked, once.
  const { search } = usePath()
  const target = search.get('at') ? `seq:${search.get('at')}` : search.get('note') ? `note:${search.get('note')}` : null
  const [found, setFound] = useState<{ target: string; key: string } | null>(null)
  useEffect(() => {
    if (!settled || !target || found?.target === target) return
    const index = items.findIndex((it) => (it.type === 'message' || it.type === 'system' ? `seq:${it.message.seq}` : it.type === 'note' ? `note:${it.note.id}` : null) === target)
    const item = items[index]
    if (item) {
      virtualizer.scrollToIndex(index, { align: 'center' })
      setFound({ target, key: item.key })
    } else if (target.startsWith('seq:') && thread.hasOlder && !thread.loadingOlder && !thread.error) {
      void store.loadOlder(conversation.id)
    }
  }, [settled, target, found, items, virtualizer, thread.hasOlder, thread.loadingOlder, thread.error, store, conversation.id])

  const virtualItems = virtualizer.getVirtualItems()
  const firstIndex = virtualItems[0]?.index ?? 0
  // Older history before the reader reaches the top (about a screen or two ahead), so scrolling
  // up never waits; and at once when the first page does not fill the view.
  useEffect(() => {
    if (!settled || !thread.loaded || !thread.hasOlder || thread.loadingOlder || thread.error) return
    if (firstIndex <= PREFETCH_ROWS) void store.loadOlder(conversation.id)
  }, [settled, firstIndex, thread.loaded, thread.hasOlder, thread.loadingOlder, thread.error, store, conversation.id])

  const onScroll = useCallback(() => {
    const el = scrollRef.current
    if (!el) return
    const end = el.scrollHeight - el.scrollTop - el.clientHeight < 120
    atEndRef.current = end
    setAtEnd(end)
  }, [])

  useEffect(() => {
    const onVisibility = () => setVisible(document.visibilityState === 'visible')
    document.addEventListener('visibilitychange', onVisibility)
    return () => document.removeEventListener('visibilitychange', onVisibility)
  }, [])

  // Read when the newest message is in view and the page is visible; a request tells its
  // sender nothing until it is accepted.
  const newest = thread.messages.at(-1)
  const accepted = conversation.viewer.status === 'accepted'
  // A viewer of the brand's team reads for themself only.
  const { me } = useSession()
  const viewerOf = me?.brands.find((b) => b.role === 'viewer' && conversation.participants.some((p) => p.account.id === b.brand.id))?.brand.id
  useEffect(() => {
    if (!atEnd || !visible || !newest || !thread.loaded || !accepted) return
    store.markRead(conversation.id, newest.seq, viewerOf)
  }, [atEnd, visible, newest, thread.loaded, accepted, store, conversation.id, viewerOf])

  const known = useCallback((accountId: string) => store.accountOf(accountId), [store])
  const isGroup = conversation.kind === 'group'
  const others = othersOf(conversation, meId)
  const canAnswer = conversation.viewer.status === 'accepted' || conversation.viewer.status === 'request'

  // The team sees who of it wrote each run of brand messages; `author` never reaches a customer.
  const team = useTeam()
  const memberName = useMemberName(team?.team ?? null)
  const sentBy = (index: number): string | null => {
    const item = items[index]
    if (!team || item?.type !== 'message' || item.message.author === undefined) return null
    const next = items[index + 1]
    const sameNext = next?.type === 'message' && next.message.senderId === item.message.senderId && next.message.author === item.message.author
    return sameNext ? null : memberName(item.message.author)
  }

  function renderItem(item: Item, index: number) {
    switch (item.type) {
      case 'top':
        return thread.hasOlder || !thread.loaded ? (
          <p className="msg-top msg-top--loading" role="status">
            {thread.error ? t('common.error', { message: describe(thread.error) }) : t('messenger.history.loading')}
            {thread.error != null && (
              <button type="button" className="msg-link-button" onClick={() => void (thread.loaded ? store.loadOlder(conversation.id) : store.openThread(conversation.id))}>
                {t('common.retry')}
              </button>
            )}
          </p>
        ) : (
          <div className="msg-top">
            {isGroup ? <GroupAvatar avatarUrl={conversation.avatarUrl} members={groupFaces(conversation, store.meId)} size={56} /> : others[0] && <Avatar account={others[0]} size={56} />}
            <p className="msg-top__title">{titleOf(conversation, meId, t)}</p>
            <p className="msg-top__hint">{isGroup ? t('messenger.history.startGroup') : isVisitor(others[0])
              ? t('messenger.history.startVisitor', { name: others[0]?.displayName ?? '' })
              : t('messenger.history.start', { handle: others[0]?.handle ?? '' })}</p>
          </div>
        )
      case 'day':
        return <h3 className="msg-day"><span>{dayLabel(item.iso, t, (iso) => formatTime(iso, 'day'))}</span></h3>
      case 'system':
        return <p className="msg-system">{systemText(item.message, conversation, meId, t, known)}</p>
      case 'note':
        return <TeamNoteRow note={item.note} />
      case 'outgoing':
        return <OutgoingRow outgoing={item.outgoing} />
      case 'welcome':
        return <WelcomeRow conversationId={conversation.id} welcome={item.welcome} brand={item.brand} />
      case 'message': {
        const m = item.message
        return (
          <MessageRow
            message={m}
            mine={item.mine}
            sender={people.get(m.senderId) ?? store.accountOf(m.senderId)}
            isGroup={isGroup}
            runStart={item.runStart}
            runEnd={item.runEnd || seen?.messageId === m.id}
            seen={seen?.messageId === m.id ? seenText : null}
            answer={m.quickReply ? answers.get(m.id) : undefined}
            canAnswer={canAnswer && !item.mine && !answers.has(m.id)}
            sentBy={sentBy(index)}
          />
        )
      }
    }
  }

  return (
    <div className="msg-list">
      <div
        ref={scrollRef}
        className="msg-scroll"
        tabIndex={0}
        role="region"
        aria-label={t('messenger.history.label')}
        onScroll={onScroll}
      >
        <div className="msg-scroll__sizer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualItems.map((virtual) => {
            const item = items[virtual.index]
            if (!item) return null
            return (
              <div
                key={virtual.key}
                data-index={virtual.index}
                ref={virtualizer.measureElement}
                className={`msg-vrow${found?.key === item.key ? ' msg-vrow--found' : ''}`}
                style={{ transform: `translateY(${virtual.start}px)` }}
              >
                {renderItem(item, virtual.index)}
              </div>
            )
          })}
        </div>
      </div>
      {!atEnd && (
        <button type="button" className="msg-jump" onClick={() => virtualizer.scrollToEnd({ behavior: 'smooth' })}>
          <Icon name="down" size={18} /> {t('messenger.history.latest')}
        </button>
      )}
    </div>
  )
}
