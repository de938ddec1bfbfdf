import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { Account, Button, Message, QuickReply, WelcomeMessage } from '@parloir/protocol'
import { brandMay, defaultLimits, safeWebHref, telHref, webLinkRel } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { navigate } from '../../router.tsx'
import { Avatar } from './avatar.tsx'
import { Icon } from './icons.tsx'
import { Attachment } from './media.tsx'
import { RichText } from './rich-text.tsx'
import type { Outgoing } from './store.ts'
import { useErrorText, useStore } from './use-store.ts'
import { href } from './acting.ts'
import { Dialog } from './dialog.tsx'
import { useTeam } from './team-bar.tsx'
import { ReasonAction } from './reason-action.tsx'

export interface MessageRowProps {
  message: Message
  mine: boolean
  /** The sender, for names and avatars in groups (undefined when they left). */
  sender: Account | undefined
  isGroup: boolean
  runStart: boolean
  runEnd: boolean
  /** "Seen" (1:1) or "Seen by …" (group) under this message. */
  seen: string | null
  /** For a quick-reply question: the option I chose, if I did. */
  answer: string | undefined
  /** Whether I may still answer its quick reply. */
  canAnswer: boolean
  /** For the brand's team: who of it wrote this brand message ("Sent by Ada"); never for the customer. */
  sentBy?: string | null
}

/** One message in the list: bubble, attachment, quick replies, buttons, actions, "Seen". */
export const MessageRow = memo(function MessageRow({ message, mine, sender, isGroup, runStart, runEnd, seen, answer, canAnswer, sentBy }: MessageRowProps) {
  const { t, formatTime } = useI18n()
  const profile = message.customProfile
  const accountName = sender ? sender.displayName || sender.handle : t('messenger.someone')
  // A brand answering under a custom profile shows as that person, with the brand beside: "Sam · Northwind Coffee".
  const senderName = mine ? t('messenger.you') : profile ? t('messenger.profile.name', { profile: profile.name, brand: accountName }) : accountName
  const face = profile ? { id: profile.id, displayName: profile.name, handle: '', avatarUrl: profile.avatarUrl } : sender
  const showName = !mine && runStart && (isGroup || profile !== null)
  const showAvatar = isGroup && !mine
  const time = formatTime(message.createdAt)
  return (
    <div className={`msg-row ${mine ? 'msg-row--mine' : 'msg-row--theirs'} ${runStart ? 'msg-row--start' : ''} ${runEnd ? 'msg-row--end' : ''}`}>
      {showAvatar && (
        <div className="msg-row__avatar">{runEnd && face ? <Avatar account={face} size={32} /> : null}</div>
      )}
      <div className="msg-row__body">
        {showName && (
          <span className="msg-row__sender" aria-hidden="true">
            {profile && !isGroup && <Avatar account={{ id: profile.id, displayName: profile.name, handle: '', avatarUrl: profile.avatarUrl }} size={20} className="msg-row__sender-face" />}
            {senderName}
          </span>
        )}
        {mine && runStart && profile && <span className="msg-row__sender msg-row__sender--mine">{t('messenger.profile.as', { name: profile.name })}</span>}
        <div className="msg-row__line">
          <div className={`msg-bubble ${message.unsentAt ? 'msg-bubble--unsent' : ''} ${message.moderation ? 'msg-bubble--moderated' : ''} ${message.attachment && !message.text ? 'msg-bubble--media' : ''}`}>
            <span className="visually-hidden">{t('messenger.message.said', { name: senderName, time: formatTime(message.createdAt, 'full') })}</span>
            {message.unsentAt ? (
              <span className="msg-unsent">{t(mine ? 'messenger.message.youUnsent' : 'messenger.message.unsent')}</span>
            ) : (
              <>
                {message.attachment && <Attachment media={message.attachment} senderName={senderName} />}
                {message.text && <p className="msg-text"><RichText text={message.text} entities={message.entities} /></p>}
                {message.moderation && <ModerationNote message={message} mine={mine} />}
              </>
            )}
          </div>
          {!message.unsentAt && <MessageActions message={message} mine={mine} />}
        </div>
        {message.automation && !message.unsentAt && (
          <p className="msg-row__note">{t(message.automation === 'welcome' ? 'messenger.automation.welcome' : 'messenger.automation.reply')}</p>
        )}
        {!message.unsentAt && message.quickReply && (
          <QuickReplies conversationId={message.conversationId} messageId={message.id} quickReply={message.quickReply} answer={answer} canAnswer={canAnswer} />
        )}
        {!message.unsentAt && message.buttons.length > 0 && <MessageButtons buttons={message.buttons} />}
        {runEnd && <time className="msg-row__time" dateTime={message.createdAt} aria-hidden="true">{time}</time>}
        {sentBy && <p className="msg-row__author">{t('messenger.team.sentBy', { name: sentBy })}</p>}
        {seen && <p className="msg-row__seen">{seen}</p>}
      </div>
    </div>
  )
})

/**
 * A brand's welcome message, shown but not sent: it joins the conversation, written by the
 * server, when the person first writes (their message names it). Its quick replies and buttons work.
 */
export const WelcomeRow = memo(function WelcomeRow({ conversationId, welcome, brand }: { conversationId: string; welcome: WelcomeMessage; brand: Account }) {
  const { t } = useI18n()
  return (
    <div className="msg-row msg-row--theirs msg-row--start msg-row--end msg-welcome" data-welcome-id={welcome.id}>
      <div className="msg-row__body">
        <div className="msg-row__line">
          <div className={`msg-bubble msg-bubble--welcome ${welcome.attachment && !welcome.text ? 'msg-bubble--media' : ''}`}>
            <span className="visually-hidden">{t('messenger.welcome.said', { name: brand.displayName })}</span>
            {welcome.attachment && <Attachment media={welcome.attachment} senderName={brand.displayName} />}
            {welcome.text && <p className="msg-text"><RichText text={welcome.text} entities={welcome.entities} /></p>}
          </div>
        </div>
        {welcome.quickReply && (
          <QuickReplies conversationId={conversationId} messageId={welcome.id} quickReply={welcome.quickReply} answer={undefined} canAnswer welcomeMessageId={welcome.id} />
        )}
        {welcome.buttons.length > 0 && <MessageButtons buttons={welcome.buttons} />}
        <p className="msg-row__note msg-welcome__note">{t('messenger.welcome.notSent')}</p>
      </div>
    </div>
  )
})

/** A message still on its way, waiting for the connection, or refused (with Retry). */
export const OutgoingRow = memo(function OutgoingRow({ outgoing }: { outgoing: Outgoing }) {
  const describe = useErrorText()
  const { t } = useI18n()
  const store = useStore()
  const failed = outgoing.status === 'failed'
  return (
    <div className="msg-row msg-row--mine msg-row--start msg-row--end msg-row--pending">
      <div className="msg-row__body">
        <div className="msg-row__line">
          <div className="msg-bubble">
            {outgoing.attachment && <Attachment media={outgoing.attachment} senderName={t('messenger.you')} />}
            {outgoing.body.text && <p className="msg-text">{outgoing.body.text}</p>}
          </div>
        </div>
        {failed ? (
          // No reason: the network failed, and it goes by itself when the connection is back.
          <p className={outgoing.error ? 'msg-row__failed' : 'msg-row__waiting'} role={outgoing.error ? 'alert' : 'status'}>
            {outgoing.error ? t('messenger.send.failedBecause', { reason: describe(outgoing.error) }) : t('messenger.send.waiting')}{' '}
            <button type="button" className="msg-link-button" onClick={() => store.retry(outgoing.clientMessageId)}>{t('common.retry')}</button>
            {' · '}
            <button type="button" className="msg-link-button" onClick={() => store.discard(outgoing.clientMessageId)}>{t('messenger.send.discard')}</button>
          </p>
        ) : (
          <p className="msg-row__time">{t('messenger.send.sending')}</p>
        )}
      </div>
    </div>
  )
})

/**
 * Quick-reply options as buttons; choosing one sends its label with the option's metadata. On a
 * welcome message not sent yet, the answer names it too, so the server writes it first.
 */
function QuickReplies({ conversationId, messageId, quickReply, answer, canAnswer, welcomeMessageId }: {
  conversationId: string; messageId: string; quickReply: QuickReply; answer: string | undefined; canAnswer: boolean; welcomeMessageId?: string
}) {
  const { t } = useI18n()
  const store = useStore()
  const options = quickReply.options
  const [chosen, setChosen] = useState<string | null>(null)
  const picked = answer ?? chosen
  return (
    <div className="msg-quick" role="group" aria-label={t('messenger.quick.label')}>
      {options.map((option, i) => {
        const metadata = option.metadata ?? option.label
        const isPicked = picked === metadata
        return (
          <button
            key={i}
            type="button"
            className={`msg-quick__option ${isPicked ? 'msg-quick__option--picked' : ''}`}
            disabled={!canAnswer || picked !== null}
            aria-pressed={isPicked}
            onClick={() => {
              setChosen(metadata)
              store.send(conversationId, { text: option.label, quickReplyResponse: { type: 'options', messageId, metadata }, welcomeMessageId: welcomeMessageId ?? null })
            }}
          >
            <span className="msg-quick__label">{option.label}</span>
            {option.description && <span className="msg-quick__description">{option.description}</span>}
          </button>
        )
      })}
    </div>
  )
}

/** Call-to-action buttons: a web page, a phone call, or a conversation with another account. */
function MessageButtons({ buttons }: { buttons: Button[] }) {
  const describe = useErrorText()
  const { t } = useI18n()
  const store = useStore()
  const [problem, setProblem] = useState<string | null>(null)
  return (
    <div className="msg-cta">
      {buttons.map((button, i) => {
        if (button.type === 'web_url') {
          const href = safeWebHref(button.url)
          if (!href) return null
          return (
            <a key={i} className="msg-cta__button" href={href} target="_blank" rel={webLinkRel}>
              <Icon name="link" size={18} /> {button.label}<span className="visually-hidden"> {t('messenger.link.newTab')}</span>
            </a>
          )
        }
        if (button.type === 'phone_number') {
          const href = telHref(button.phoneNumber)
          if (!href) return null
          return <a key={i} className="msg-cta__button" href={href}><Icon name="phone" size={18} /> {button.label}</a>
        }
        return (
          <button key={i} type="button" className="msg-cta__button" onClick={() => {
            setProblem(null)
            store.openDirect(button.accountId).then((id) => navigate(href(`/c/${id}`)), (error: unknown) => setProblem(describe(error)))
          }}>
            <Icon name="chat" size={18} /> {button.label}
          </button>
        )
      })}
      {problem && <p className="msg-row__failed" role="alert">{problem}</p>}
    </div>
  )
}

/** The "…" menu of a message: unsend (mine, within 30 minutes), delete for me, copy. */
function MessageActions({ message, mine }: { message: Message; mine: boolean }) {
  const describe = useErrorText()
  const { t } = useI18n()
  const store = useStore()
  const [open, setOpen] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLDivElement>(null)
  const canUnsend = mine && message.kind === 'text' && Date.now() - Date.parse(message.createdAt) < defaultLimits.unsendWindowMs
  // Acting as a brand whose role may: hide a customer's message with a reason, or show it again.
  const team = useTeam()
  const canModerate = !mine && message.kind === 'text' && team !== null && brandMay(team.membership.role, 'messages.moderate')
  const [moderating, setModerating] = useState(false)

  useEffect(() => {
    if (!open) return
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    const onPointer = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node) && event.target !== buttonRef.current) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [open])

  const close = () => { setOpen(false); buttonRef.current?.focus() }
  const run = (action: () => Promise<void>) => {
    close()
    setProblem(null)
    action().catch((error: unknown) => setProblem(describe(error)))
  }
  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const index = items.indexOf(document.activeElement as HTMLElement)
    if (event.key === 'Escape' || event.key === 'Tab') { event.preventDefault(); close() }
    else if (event.key === 'ArrowDown') { event.preventDefault(); items[(index + 1) % items.length]?.focus() }
    else if (event.key === 'ArrowUp') { event.preventDefault(); items[(index - 1 + items.length) % items.length]?.focus() }
    else if (event.key === 'Home') { event.preventDefault(); items[0]?.focus() }
    else if (event.key === 'End') { event.preventDefault(); items.at(-1)?.focus() }
  }

  return (
    <div className="msg-actions">
      <button
        ref={buttonRef}
        type="button"
        className="msg-icon-button msg-actions__toggle"
        aria-label={t('messenger.actions.label')}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((was) => !was)}
      >
        <Icon name="more" size={18} />
      </button>
      {open && (
        <div ref={menuRef} className="msg-menu" role="menu" aria-label={t('messenger.actions.label')} onKeyDown={onMenuKey}>
          {canUnsend && (
            <button type="button" role="menuitem" tabIndex={-1} className="msg-menu__item" onClick={() => run(() => store.unsend(message.conversationId, message.id))}>
              {t('messenger.actions.unsend')}
            </button>
          )}
          <button type="button" role="menuitem" tabIndex={-1} className="msg-menu__item" onClick={() => run(() => store.hide(message.conversationId, message.id))}>
            {t('messenger.actions.deleteForMe')}
          </button>
          {canModerate && (
            <button type="button" role="menuitem" tabIndex={-1} className="msg-menu__item" onClick={() => { close(); setModerating(true) }}>
              {t(message.moderation ? 'messenger.moderation.unhide' : 'messenger.moderation.hide')}
            </button>
          )}
          {message.text && typeof navigator.clipboard?.writeText === 'function' && (
            <button type="button" role="menuitem" tabIndex={-1} className="msg-menu__item" onClick={() => run(() => navigator.clipboard.writeText(message.text))}>
              {t('messenger.actions.copy')}
            </button>
          )}
        </div>
      )}
      {problem && <p className="msg-row__failed" role="alert">{problem}</p>}
      {moderating && (
        <Dialog title={t(message.moderation ? 'messenger.moderation.unhide.title' : 'messenger.moderation.hide.title')} onClose={() => setModerating(false)}>
          {!message.moderation && <p>{t('messenger.moderation.hide.hint')}</p>}
          <ReasonAction open label="" submit={t(message.moderation ? 'messenger.moderation.unhide.submit' : 'messenger.moderation.hide.submit')}
            prompt={t('messenger.moderation.block.reason')} onCancel={() => setModerating(false)}
            onSubmit={async (reason) => { await store.moderate(message.conversationId, message.id, !message.moderation, reason); setModerating(false) }} />
        </Dialog>
      )}
    </div>
  )
}

/**
 * Under a message the brand's team hid: "Hidden by the team: <reason>" for all; its author may
 * ask for a review (once); the team sees that they did.
 */
function ModerationNote({ message, mine }: { message: Message; mine: boolean }) {
  const { t } = useI18n()
  const describe = useErrorText()
  const store = useStore()
  const [problem, setProblem] = useState<string | null>(null)
  const moderation = message.moderation
  if (!moderation) return null
  return (
    <div className="msg-moderation">
      <p className="msg-moderation__reason">{t('messenger.moderation.hidden', { reason: moderation.reason })}</p>
      {mine && moderation.reviewRequestedAt === null && (
        <button type="button" className="msg-link-button" onClick={() => {
          setProblem(null)
          store.requestReview(message.conversationId, message.id).catch((error: unknown) => setProblem(describe(error)))
        }}>{t('messenger.moderation.askReview')}</button>
      )}
      {moderation.reviewRequestedAt !== null && <p className="msg-moderation__review">{t(mine ? 'messenger.moderation.reviewAsked' : 'messenger.moderation.reviewRequested')}</p>}
      {problem && <p className="msg-row__failed" role="alert">{problem}</p>}
    </div>
  )
}
