import { memo, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { Conversation } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { Link } from '../../router.tsx'
import { Avatar, GroupAvatar } from './avatar.tsx'
import { groupFaces, othersOf, previewOf, shortWhen, titleOf } from './format.ts'
import { Icon } from './icons.tsx'
import { NewDirectDialog, NewGroupDialog } from './new-conversation.tsx'
import { activityOf, type Box } from './store.ts'
import { fold } from './thread.ts'
import { useErrorText, useSelect, useStore } from './use-store.ts'
import { href } from './acting.ts'

/**
 * The conversation list: Inbox and Requests, a search, new 1:1 and new group. Arrow keys move
 * between conversations; each is a real link.
 */
export function ConversationList({ box, activeId }: { box: Box; activeId: string | null }) {
  const describe = useErrorText()
  const { t } = useI18n()
  const store = useStore()
  const conversations = useSelect((s) => s.conversations)
  const boxState = useSelect((s) => s.boxes[box])
  const [query, setQuery] = useState('')
  const [dialog, setDialog] = useState<'direct' | 'group' | null>(null)
  const listRef = useRef<HTMLUListElement>(null)
  const searchId = useId()

  useEffect(() => {
    if (!store.getState().boxes[box].loaded) void store.loadBox(box)
    // The other box too, for its count.
    const other = box === 'inbox' ? 'requests' : 'inbox'
    if (!store.getState().boxes[other].loaded) void store.loadBox(other)
  }, [store, box])

  const { shown, requestCount, inboxUnread } = useMemo(() => {
    const all = [...conversations.values()]
    const status = box === 'requests' ? 'request' : 'accepted'
    const q = fold(query.trim().replace(/^@/, ''))
    const inBox = all.filter((c) => c.viewer.status === status).sort((a, b) => activityOf(b).localeCompare(activityOf(a)))
    const matches = (c: Conversation) => {
      if (!q) return true
      const haystack = [c.name ?? '', ...othersOf(c, store.meId).flatMap((a) => [a.displayName, a.handle]), c.lastMessage?.text ?? ''].join(' ')
      return fold(haystack).includes(q)
    }
    return {
      shown: inBox.filter(matches),
      requestCount: all.filter((c) => c.viewer.status === 'request').length,
      inboxUnread: all.filter((c) => c.viewer.status === 'accepted' && c.viewer.unreadCount > 0).length,
    }
  }, [conversations, box, query, store.meId])

  function onListKey(event: KeyboardEvent<HTMLUListElement>) {
    const links = [...(listRef.current?.querySelectorAll<HTMLAnchorElement>('a.msg-item') ?? [])]
    const index = links.indexOf(document.activeElement as HTMLAnchorElement)
    const go = (i: number) => { event.preventDefault(); links[Math.max(0, Math.min(links.length - 1, i))]?.focus() }
    if (event.key === 'ArrowDown') go(index + 1)
    else if (event.key === 'ArrowUp') go(index - 1)
    else if (event.key === 'Home') go(0)
    else if (event.key === 'End') go(links.length - 1)
  }

  const heading = t(box === 'requests' ? 'nav.requests' : 'nav.messages')
  return (
    <section className="msg-pane msg-pane--list" aria-labelledby={`${searchId}-heading`}>
      <div className="msg-pane__header">
        <h1 id={`${searchId}-heading`}>{heading}</h1>
        <div className="msg-pane__actions">
          <button type="button" className="msg-icon-button" onClick={() => setDialog('direct')} aria-label={t('messenger.new.direct')} title={t('messenger.new.direct')}>
            <Icon name="compose" />
          </button>
          <button type="button" className="msg-icon-button" onClick={() => setDialog('group')} aria-label={t('messenger.new.group')} title={t('messenger.new.group')}>
            <Icon name="group" />
          </button>
        </div>
      </div>
      <nav className="msg-tabs" aria-label={t('messenger.boxes')}>
        <Link to={href('/')} className="msg-tab" aria-current={box === 'inbox' ? 'page' : undefined}>
          {t('messenger.box.inbox')}
          {inboxUnread > 0 && <span className="msg-badge"><span aria-hidden="true">{inboxUnread}</span><span className="visually-hidden">{t('messenger.box.unreadConversations', { count: inboxUnread })}</span></span>}
        </Link>
        <Link to="/requests" className="msg-tab" aria-current={box === 'requests' ? 'page' : undefined}>
          {t('messenger.box.requests')}
          {requestCount > 0 && <span className="msg-badge msg-badge--quiet"><span aria-hidden="true">{requestCount}</span><span className="visually-hidden">{t('messenger.box.requestCount', { count: requestCount })}</span></span>}
        </Link>
      </nav>
      <div className="msg-search">
        <Icon name="search" size={18} />
        <label htmlFor={searchId} className="visually-hidden">{t('messenger.search.label')}</label>
        <input id={searchId} type="search" className="msg-search__input" value={query} onChange={(event) => setQuery(event.target.value)} placeholder={t('messenger.search.placeholder')} />
      </div>
      {box === 'requests' && <p className="msg-pane__hint">{t('messenger.requests.hint')}</p>}
      <div className="msg-pane__scroll">
        {boxState.error != null && (
          <p className="form-error msg-pane__message" role="alert">
            {t('common.error', { message: describe(boxState.error) })}{' '}
            <button type="button" className="msg-link-button" onClick={() => void store.loadBox(box)}>{t('common.retry')}</button>
          </p>
        )}
        {!boxState.loaded && boxState.error == null && <p className="msg-pane__message" role="status">{t('common.loading')}</p>}
        {boxState.loaded && shown.length === 0 && (
          <p className="msg-pane__message">{query ? t('messenger.search.none', { query }) : t(box === 'requests' ? 'messenger.requests.empty' : 'messenger.empty')}</p>
        )}
        {shown.length > 0 && (
          <ul ref={listRef} className="msg-items" onKeyDown={onListKey} aria-label={heading}>
            {shown.map((conversation) => <ConversationItem key={conversation.id} conversation={conversation} active={conversation.id === activeId} />)}
          </ul>
        )}
        {boxState.nextCursor && !query && (
          <button type="button" className="button-quiet msg-more" disabled={boxState.loading} onClick={() => void store.loadBox(box, { more: true })}>
            {boxState.loading ? t('common.loading') : t('messenger.list.more')}
          </button>
        )}
      </div>
      {dialog === 'direct' && <NewDirectDialog onClose={() => setDialog(null)} />}
      {dialog === 'group' && <NewGroupDialog onClose={() => setDialog(null)} />}
    </section>
  )
}

const ConversationItem = memo(function ConversationItem({ conversation, active }: { conversation: Conversation; active: boolean }) {
  const { t, locale } = useI18n()
  const store = useStore()
  const others = othersOf(conversation, store.meId)
  const title = titleOf(conversation, store.meId, t)
  const last = conversation.lastMessage
  const unread = conversation.viewer.unreadCount
  const typing = useSelect((s) => (s.typing.get(conversation.id)?.size ?? 0) > 0)
  const preview = typing ? t('messenger.typing.short') : last ? `${last.senderId === store.meId && last.kind === 'text' ? `${t('messenger.you')}: ` : ''}${previewOf(last, t)}` : t('messenger.list.noMessages')
  return (
    <li>
      <Link to={href(`/c/${conversation.id}`)} className={`msg-item ${active ? 'msg-item--active' : ''} ${unread > 0 ? 'msg-item--unread' : ''}`} aria-current={active ? 'page' : undefined}>
        {conversation.kind === 'group' ? <GroupAvatar avatarUrl={conversation.avatarUrl} members={groupFaces(conversation, store.meId)} size={44} /> : others[0] ? <Avatar account={others[0]} size={44} /> : <span className="msg-avatar" />}
        <span className="msg-item__main">
          <span className="msg-item__top">
            <span className="msg-item__title">{title}</span>
            <time className="msg-item__time" dateTime={activityOf(conversation)}>{shortWhen(activityOf(conversation), locale)}</time>
          </span>
          <span className="msg-item__bottom">
            <span className={`msg-item__preview ${typing ? 'msg-item__preview--typing' : ''}`}>{preview}</span>
            {unread > 0 && <span className="msg-badge"><span aria-hidden="true">{unread > 99 ? '99+' : unread}</span><span className="visually-hidden">{t('messenger.list.unread', { count: unread })}</span></span>}
          </span>
        </span>
      </Link>
    </li>
  )
})
