import { useCallback, useEffect, useRef, useState } from 'react'
import type { Conversation, Message } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { Link, navigate } from '../../router.tsx'
import { Avatar, GroupAvatar } from './avatar.tsx'
import { Composer } from './composer.tsx'
import { accountName, groupFaces, othersOf, previewOf, titleOf } from './format.ts'
import { GroupDetails, ReportDialog } from './group-details.tsx'
import { HandleOrTag } from './handle.tsx'
import { Icon } from './icons.tsx'
import { MessageList } from './message-list.tsx'
import type { Thread } from './store.ts'
import { useErrorText, useMedia, useSelect, useStore } from './use-store.ts'
import { href } from './acting.ts'
import { TeamBar, useTeam } from './team-bar.tsx'
import { CUSTOMER_PANEL_BESIDE, CustomerPanel } from './customer-panel.tsx'
import { brandPartner } from './welcome.ts'
import { supportLine, usualReplyTime } from '../profile-support.ts'

const noOutgoing: never[] = []

/** One conversation: its header, a request banner if it is one, the messages, who types, the composer. */
export function ConversationView({ id }: { id: string }) {
  const describe = useErrorText()
  const { t } = useI18n()
  const store = useStore()
  const conversation = useSelect((s) => s.conversations.get(id))
  const thread = useSelect((s) => s.threads.get(id))
  const outgoing = useSelect((s) => s.outgoing.get(id)) ?? noOutgoing
  const gone = useSelect((s) => s.gone.has(id))
  const [problem, setProblem] = useState<string | null>(null)
  const [details, setDetails] = useState(false)
  const team = useTeam()
  const beside = useMedia(CUSTOMER_PANEL_BESIDE)
  // Beside the conversation it is open unless closed; as a drawer, closed unless opened.
  const [panelChoice, setPanelChoice] = useState<{ beside: boolean; open: boolean } | null>(null)
  const panelOpen = team !== null && (panelChoice?.beside === beside ? panelChoice.open : beside)
  const closePanel = useCallback(() => setPanelChoice({ beside, open: false }), [beside])

  useEffect(() => {
    store.ensureConversation(id).catch((error: unknown) => setProblem(describe(error)))
    void store.openThread(id)
  }, [store, id])

  if (gone) {
    return (
      <div className="msg-view msg-view--empty">
        <p>{t('messenger.conversation.gone')}</p>
        <Link to={href('/')}>{t('notFound.back')}</Link>
      </div>
    )
  }
  if (!conversation || !thread) {
    return <div className="msg-view msg-view--empty"><p role="status">{problem ? t('common.error', { message: problem }) : t('common.loading')}</p></div>
  }
  const isRequest = conversation.viewer.status === 'request'
  return (
    <div className={`msg-view${panelOpen && beside ? ' msg-view--panel' : ''}`}>
      <ConversationHeader conversation={conversation} onDetails={() => setDetails(true)} />
      <TeamBar conversationId={id} customerOpen={panelOpen} onCustomer={() => setPanelChoice({ beside, open: !panelOpen })} />
      {isRequest && <RequestBanner conversation={conversation} />}
      <MessageList conversation={conversation} thread={thread} outgoing={outgoing} meId={store.meId} />
      <Announcer conversation={conversation} thread={thread} />
      <TypingIndicator conversation={conversation} />
      {!isRequest && <Composer key={id} conversationId={id} />}
      {details && <GroupDetails conversation={conversation} onClose={() => setDetails(false)} />}
      {panelOpen && <CustomerPanel conversationId={id} drawer={!beside} onClose={closePanel} />}
    </div>
  )
}

function ConversationHeader({ conversation, onDetails }: { conversation: Conversation; onDetails(): void }) {
  const { t } = useI18n()
  const store = useStore()
  const others = othersOf(conversation, store.meId)
  const title = titleOf(conversation, store.meId, t)
  const other = conversation.kind === 'direct' ? others[0] : undefined
  const subtitle = other ? <HandleOrTag account={other} /> : t('messenger.group.members', { count: conversation.participants.length })
  const brand = brandPartner(conversation, store.meId)
  return (
    <header className="msg-view__header">
      <Link to={href(conversation.viewer.status === 'request' ? '/requests' : '/')} className="msg-icon-button msg-back" aria-label={t('messenger.back')}>
        <Icon name="back" />
      </Link>
      {conversation.kind === 'group' ? <GroupAvatar avatarUrl={conversation.avatarUrl} members={groupFaces(conversation, store.meId)} size={40} /> : other && <Avatar account={other} size={40} />}
      <div className="msg-view__titles">
        <h2 className="msg-view__title">{title}</h2>
        <p className="msg-view__subtitle">{subtitle}</p>
        {brand && <BrandAvailability brandId={brand.id} />}
      </div>
      <button type="button" className="msg-icon-button" onClick={onDetails} aria-label={t(conversation.kind === 'group' ? 'messenger.details.groupOpen' : 'messenger.details.open')}>
        <Icon name="info" />
      </button>
    </header>
  )
}

/**
 * For a customer writing to a brand: open or away (the brand's time with its zone, the reader's
 * beside it) and how fast it usually answers, from the brand's public card.
 */
function BrandAvailability({ brandId }: { brandId: string }) {
  const { t, locale } = useI18n()
  const store = useStore()
  const card = useSelect((s) => s.brandCards.get(brandId))
  useEffect(() => { void store.loadBrandCard(brandId) }, [store, brandId])
  if (!card) return null
  const { support } = card
  const usual = usualReplyTime(support)
  const parts = [support.providesSupport ? supportLine(support, Date.now(), locale) : null, usual ? t(`profile.support.reply.${usual}`) : null].filter(Boolean)
  if (parts.length === 0) return null
  return <p className="msg-view__availability" data-testid="brand-availability">{parts.join(' · ')}</p>
}

/** A stranger's conversation: nothing is sent (not even "Seen") until accepted. */
function RequestBanner({ conversation }: { conversation: Conversation }) {
  const describe = useErrorText()
  const { t } = useI18n()
  const store = useStore()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [reporting, setReporting] = useState(false)
  const other = othersOf(conversation, store.meId)[0]
  const name = titleOf(conversation, store.meId, t)
  const act = async (action: () => Promise<void>, then?: () => void) => {
    setBusy(true)
    setProblem(null)
    try {
      await action()
      then?.()
    } catch (error) {
      setProblem(describe(error))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="msg-request" aria-label={t('messenger.request.label')}>
      <p className="msg-request__text">{t(conversation.kind === 'group' ? 'messenger.request.groupText' : 'messenger.request.text', { name })}</p>
      <div className="msg-request__actions">
        <button type="button" className="button-primary" disabled={busy} onClick={() => void act(() => store.accept(conversation.id))}>{t('messenger.request.accept')}</button>
        <button type="button" className="button-quiet" disabled={busy} onClick={() => void act(() => store.decline(conversation.id), () => navigate(href('/requests')))}>{t('messenger.request.delete')}</button>
        {other && <button type="button" className="button-danger" disabled={busy} onClick={() => setReporting(true)}>{t('messenger.request.report')}</button>}
      </div>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {reporting && other && (
        <ReportDialog account={other} conversationId={conversation.id} onClose={() => setReporting(false)}
          onDone={(blocked) => { if (blocked) void act(() => store.decline(conversation.id), () => navigate(href('/requests'))) }} />
      )}
    </section>
  )
}

/** "Ada is typing…", spoken politely to screen readers. */
function TypingIndicator({ conversation }: { conversation: Conversation }) {
  const { t } = useI18n()
  const store = useStore()
  const typing = useSelect((s) => s.typing.get(conversation.id))
  const names = [...(typing?.keys() ?? [])].map((accountId) => accountName(conversation, accountId, t, store.meId, (id) => store.accountOf(id)))
  const text = names.length === 0 ? '' : names.length === 1 ? t('messenger.typing.one', { name: names[0] ?? '' }) : t('messenger.typing.many', { names: names.join(', ') })
  return (
    <div className="msg-typing" aria-live="polite">
      {text && <><span className="msg-typing__dots" aria-hidden="true"><span /><span /><span /></span> {text}</>}
    </div>
  )
}

/**
 * Tells screen readers of messages that arrive while the conversation is open. The words go
 * away after a while, and at once if the message is unsent.
 */
function Announcer({ conversation, thread }: { conversation: Conversation; thread: Thread }) {
  const { t } = useI18n()
  const store = useStore()
  const [said, setSaid] = useState<{ id: string; text: string } | null>(null)
  const newestSeen = useRef<number | null>(null)
  const newest: Message | undefined = thread.messages.at(-1)
  useEffect(() => {
    if (!thread.loaded || !newest) return
    const before = newestSeen.current
    newestSeen.current = newest.seq
    if (before === null || newest.seq <= before || newest.senderId === store.meId || newest.kind !== 'text' || newest.unsentAt) return
    setSaid({ id: newest.id, text: t('messenger.announce', { name: accountName(conversation, newest.senderId, t, store.meId, (id) => store.accountOf(id)), text: previewOf(newest, t) }) })
  }, [newest, thread.loaded, conversation, store, t])
  useEffect(() => {
    if (!said) return
    const timer = setTimeout(() => setSaid(null), 8_000)
    return () => clearTimeout(timer)
  }, [said])
  const gone = said !== null && !thread.messages.some((m) => m.id === said.id && m.unsentAt === null)
  return <div className="visually-hidden" aria-live="polite">{said && !gone ? said.text : ''}</div>
}
