import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Account, Conversation } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { useSession } from '../../session.tsx'
import { Link, usePath } from '../../router.tsx'
import { Avatar } from '../avatar.tsx'
import { errorMessage } from '../error-message.ts'
import { HandleOrTag } from '../messenger/handle.tsx'

type Box = 'inbox' | 'requests'
interface Page { box: Box; conversations: Conversation[]; nextCursor: string | null }

/** Events that change what the list shows; a burst of them reloads it once. */
const listEvents = new Set(['message.created', 'message.unsent', 'conversation.updated', 'conversation.removed', 'conversation.read'])

/**
 * The brand's conversations, asked for as the brand (`parloir-act-as`). Each opens in the
 * messenger at `/c/<id>?as=<brandId>`, where a team member answers as the brand.
 */
export function ConversationsSection({ brand }: { brand: Account }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client, stream } = useSession()
  const { pathname, search } = usePath()
  const box: Box = search.get('box') === 'requests' ? 'requests' : 'inbox'
  const asBrand = useMemo(() => client.withActAs(brand.id), [client, brand.id])
  const [page, setPage] = useState<Page | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)

  const load = useCallback(async () => {
    try {
      const reply = await asBrand.listConversations({ box })
      setPage({ box, ...reply })
      setProblem(null)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }, [asBrand, box, i18n])

  useEffect(() => {
    setPage(null)
    void load()
  }, [load])

  useEffect(() => {
    if (!stream) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const off = stream.on('event', (event) => {
      if (!listEvents.has(event.name)) return
      clearTimeout(timer)
      timer = setTimeout(() => void load(), 300)
    })
    return () => { off(); clearTimeout(timer) }
  }, [stream, load])

  async function more() {
    if (!page?.nextCursor) return
    setLoadingMore(true)
    try {
      const reply = await asBrand.listConversations({ box, before: page.nextCursor })
      setPage({ box, conversations: [...page.conversations, ...reply.conversations], nextCursor: reply.nextCursor })
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    } finally {
      setLoadingMore(false)
    }
  }

  const shown = page?.box === box ? page : null
  return (
    <section className="console-section" aria-labelledby="console-conversations-title">
      <h1 id="console-conversations-title">{t('console.nav.conversations')}</h1>
      <p className="muted">{t('console.conversations.hint', { brand: brand.displayName })}</p>
      <nav aria-label={t('console.boxes')} className="console-tabs">
        <Link to={pathname} aria-current={box === 'inbox' ? 'page' : undefined}>{t('console.box.inbox')}</Link>
        <Link to={`${pathname}?box=requests`} aria-current={box === 'requests' ? 'page' : undefined}>{t('console.box.requests')}</Link>
      </nav>
      {problem && (
        <div className="console-problem">
          <p className="form-error" role="alert">{t('common.error', { message: problem })}</p>
          <button type="button" className="button-quiet" onClick={() => void load()}>{t('common.retry')}</button>
        </div>
      )}
      {!shown && !problem && <p className="muted" role="status">{t('common.loading')}</p>}
      {shown && shown.conversations.length === 0 && (
        <p className="console-empty">{box === 'inbox' ? t('console.conversations.empty.inbox', { brand: brand.displayName }) : t('console.conversations.empty.requests')}</p>
      )}
      {shown && shown.conversations.length > 0 && (
        <ul className="console-conversations">
          {shown.conversations.map((conversation) => <ConversationItem key={conversation.id} conversation={conversation} brand={brand} />)}
        </ul>
      )}
      {shown?.nextCursor && (
        <button type="button" className="button-quiet console-more" onClick={() => void more()} disabled={loadingMore}>
          {loadingMore ? t('common.loading') : t('console.conversations.more')}
        </button>
      )}
    </section>
  )
}

function ConversationItem({ conversation, brand }: { conversation: Conversation; brand: Account }) {
  const { t, locale, formatTime } = useI18n()
  const others = conversation.participants.map((p) => p.account).filter((a) => a.id !== brand.id)
  const first = others[0]
  const isGroup = conversation.kind === 'group'
  const name = isGroup ? conversation.name ?? others.map((a) => a.displayName).join(', ') : first?.displayName ?? brand.displayName
  const when = conversation.lastMessage?.createdAt ?? conversation.updatedAt
  const today = new Date(when).toDateString() === new Date().toDateString()
  const shortDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' })
  const unread = conversation.viewer.unreadCount
  return (
    <li>
      <Link to={`/c/${conversation.id}?as=${encodeURIComponent(brand.id)}`} className={`console-conversation${unread > 0 ? ' console-conversation-unread' : ''}`}>
        {isGroup || !first
          ? <Avatar account={{ id: conversation.id, handle: conversation.id, displayName: name, avatarUrl: conversation.avatarUrl, kind: 'person' }} size={44} />
          : <Avatar account={first} size={44} />}
        <span className="console-conversation-main">
          <span className="console-conversation-top">
            <span className="console-conversation-name">{name}</span>
            {isGroup ? <span className="hint">{t('console.conversations.group')}</span> : first && <span className="hint console-conversation-handle"><HandleOrTag account={first} /></span>}
            <time className="hint console-conversation-time" dateTime={when} title={formatTime(when, 'full')}>
              {today ? formatTime(when) : shortDate.format(new Date(when))}
            </time>
          </span>
          <span className="console-conversation-preview">{preview(conversation, brand, t)}</span>
        </span>
        {unread > 0 && (
          <span className="console-unread">
            <span aria-hidden="true">{unread}</span>
            <span className="visually-hidden">{t('console.conversations.unread', { count: unread })}</span>
          </span>
        )}
      </Link>
    </li>
  )
}

function preview(conversation: Conversation, brand: Account, t: ReturnType<typeof useI18n>['t']): string {
  const message = conversation.lastMessage
  if (!message) return t('console.conversations.noMessage')
  if (message.unsentAt) return t('console.conversations.unsent')
  if (message.kind === 'system') return t('console.conversations.system')
  const text = message.text.trim() || (message.attachment ? t('console.conversations.attachment') : '')
  return message.senderId === brand.id ? t('console.conversations.you', { text }) : text
}
