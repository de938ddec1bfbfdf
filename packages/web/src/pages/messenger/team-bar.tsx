import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { brandMay, defaultLimits as L, collectionPagePath, discussionPath, discussionPostPath, type BrandMembership, type InboxStatus, type Note } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { consoleInboxPath } from '../console/inbox-path.ts'
import { Link, navigate } from '../../router.tsx'
import { useSession } from '../../session.tsx'
import { Avatar } from './avatar.tsx'
import { activityLine, collisionWarning, snoozePresets, snoozeUntil, teammatesIn, type Collision, type SnoozePreset } from './team-model.ts'
import { teamFor, useMarkViewing, useTeamConversation, useTeamSelect, type TeamMember, type TeamStore } from './team-store.ts'
import { useErrorText, useSelect, useStore } from './use-store.ts'
import { LabelChip, LabelChips } from './label-chips.tsx'
import { labelsOn } from './labels-model.ts'

export interface Team { team: TeamStore; membership: BrandMembership }

/** The brand's team store when the messenger acts as a brand I am on the team of; null otherwise. */
export function useTeam(): Team | null {
  const { client, me } = useSession()
  const store = useStore()
  const membership = me?.brands.find((b) => b.brand.id === store.meId)
  return useMemo(() => (membership && brandMay(membership.role, 'inbox.read') ? { team: teamFor(client, membership.brand.id), membership } : null), [client, membership])
}

const noNotes: readonly Note[] = []

/** The team's private timeline of a conversation (empty when not acting as a brand). */
export function useTeamNotes(conversationId: string): readonly Note[] {
  const team = useTeam()
  return useTeamSelect(team?.team ?? null, (s) => s.notes.get(conversationId)?.notes ?? noNotes, noNotes)
}

/** A member's name, "Parloir" for what it did itself, "Someone" for one who left the team. */
export function useMemberName(team: TeamStore | null): (id: string | null) => string {
  const { t } = useI18n()
  const members = useTeamSelect(team, (s) => s.members, null)
  useEffect(() => team?.loadMembers(), [team])
  return (id) => (id === null ? t('messenger.team.parloir') : members?.find((m) => m.account.id === id)?.account.displayName ?? t('messenger.team.someone'))
}

/** The brand's labels, asked for once per team store (and again when a conversation carries a new one). */
export function useTeamLabels(team: TeamStore | null) {
  const labels = useTeamSelect(team, (s) => s.labels, null)
  useEffect(() => { void team?.loadLabels() }, [team])
  return labels
}

/**
 * The team bar under a conversation's header, when answering as a brand: status and its actions
 * (reopen, pending, snooze, resolve), the assignee and its picker, and "Mark as unread". What my
 * role may not do is not shown; viewers see the state only.
 */
export function TeamBar({ conversationId, customerOpen, onCustomer }: { conversationId: string; customerOpen: boolean; onCustomer(): void }) {
  const team = useTeam()
  const { stream } = useSession()
  useTeamConversation(team?.team ?? null, stream, conversationId)
  useMarkViewing(team?.team ?? null, conversationId)
  if (!team) return null
  return <TeamBarFor team={team} conversationId={conversationId} customerOpen={customerOpen} onCustomer={onCustomer} />
}

/** "Ben is here", "Ben is typing…": the teammates in this conversation now, from the stream. */
function TeamPresence({ team, conversationId }: { team: TeamStore; conversationId: string }) {
  const { t } = useI18n()
  const { me } = useSession()
  const presence = useTeamSelect(team, (s) => s.presence, null)
  const nameOf = useMemberName(team)
  if (!presence) return null
  const { typing, viewing } = teammatesIn(presence, conversationId, me?.account.id ?? '', Date.now())
  const say = (ids: string[], one: 'messenger.team.typing' | 'messenger.team.here', many: 'messenger.team.typingMany' | 'messenger.team.hereMany') =>
    ids.length === 0 ? null : ids.length === 1 ? t(one, { name: nameOf(ids[0] ?? null) }) : t(many, { names: ids.map(nameOf).join(', ') })
  const lines = [say(typing, 'messenger.team.typing', 'messenger.team.typingMany'), say(viewing, 'messenger.team.here', 'messenger.team.hereMany')].filter((l) => l !== null)
  return (
    <span className="team-presence" aria-live="polite">
      {lines.map((line, i) => <span key={i} className={`team-presence__line${i === 0 && typing.length > 0 ? ' team-presence__line--typing' : ''}`}><span className="team-presence__dot" aria-hidden="true" />{line}</span>)}
    </span>
  )
}

/**
 * Over the composer when a teammate answered while I wrote: who, that their answer is now in
 * view, and the choice: send mine anyway, or edit it first. The draft stays in the box meanwhile.
 */
export function CollisionWarning({ conversationId, collision, onSendAnyway, onEdit }: { conversationId: string; collision: Collision; onSendAnyway(): void; onEdit(): void }) {
  const { t } = useI18n()
  const team = useTeam()
  const nameOf = useMemberName(team?.team ?? null)
  const messages = useSelect((s) => s.threads.get(conversationId)?.messages)
  const warning = collisionWarning(collision, messages ?? [])
  if (!warning) return null
  const name = warning.authorId === null ? t('messenger.team.someone') : nameOf(warning.authorId)
  return (
    <div className="team-collision" role="alert">
      <p className="team-collision__title">{t('messenger.team.answered', { name })}</p>
      <p className="team-collision__hint">{t(warning.answerShown ? 'messenger.team.answeredShown' : 'messenger.team.answeredLoading')}</p>
      <div className="team-collision__actions">
        <button type="button" className="button-primary" onClick={onSendAnyway}>{t('messenger.team.sendAnyway')}</button>
        <button type="button" className="button-quiet" onClick={onEdit}>{t('messenger.team.edit')}</button>
      </div>
    </div>
  )
}

function TeamBarFor({ team: { team, membership }, conversationId, customerOpen, onCustomer }: { team: Team; conversationId: string; customerOpen: boolean; onCustomer(): void }) {
  const describe = useErrorText()
  const { t, formatTime } = useI18n()
  const { me } = useSession()
  const item = useTeamSelect(team, (s) => s.items.get(conversationId), undefined)
  const members = useTeamSelect(team, (s) => s.members, null)
  const labels = useTeamLabels(team)
  const nameOf = useMemberName(team)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const triage = brandMay(membership.role, 'inbox.triage')
  const meId = me?.account.id ?? ''
  if (!item) return <div className="team-bar" aria-label={t('messenger.team.label')} role="region" />
  const state = item.state
  const act = async (action: () => Promise<void>) => {
    setBusy(true)
    setProblem(null)
    try {
      await action()
    } catch (error) {
      setProblem(describe(error))
    } finally {
      setBusy(false)
    }
  }
  const setStatus = (status: InboxStatus, until?: Date | null) => act(() => team.setStatus(conversationId, status, until))
  const statusText = state.status === 'snoozed'
    ? state.snoozedUntil ? t('messenger.team.snoozedUntil', { time: formatTime(state.snoozedUntil, 'full') }) : t('messenger.team.snoozedCustomer')
    : t(`messenger.team.status.${state.status}`)
  const assignee = members?.find((m) => m.account.id === state.assigneeId)
  const answerers = (members ?? []).filter((m) => brandMay(m.role, 'messages.send'))
  const assigneeName = state.assigneeId === null ? t('messenger.team.unassigned') : nameOf(state.assigneeId)

  return (
    <section className="team-bar" aria-label={t('messenger.team.label')}>
      <span className={`team-status team-status--${state.status}`} role="status">{statusText}</span>
      <LabelChips labels={labelsOn(state.labelIds, labels)} />
      <TeamPresence team={team} conversationId={conversationId} />
      {triage && (
        <div className="team-bar__actions">
          {state.status !== 'open' && <button type="button" className="team-button" disabled={busy} onClick={() => void setStatus('open')}>{t('messenger.team.reopen')}</button>}
          {state.status !== 'pending' && <button type="button" className="team-button" disabled={busy} onClick={() => void setStatus('pending')}>{t('messenger.team.pending')}</button>}
          <Menu label={t('messenger.team.snooze')} disabled={busy}>
            {(close) => snoozePresets.map((preset: SnoozePreset) => (
              <button key={preset} type="button" className="team-menu__item" onClick={() => { close(); void setStatus('snoozed', snoozeUntil(preset, new Date())) }}>
                {t(`messenger.team.snooze.${preset}`)}
              </button>
            ))}
          </Menu>
          {state.status !== 'resolved' && <button type="button" className="team-button team-button--primary" disabled={busy} onClick={() => void setStatus('resolved')}>{t('messenger.team.resolve')}</button>}
          <Menu label={t('messenger.team.labels')} disabled={busy}>
            {() => (
              <div className="team-labels" role="group" aria-label={t('messenger.team.labels')}>
                {labels?.length === 0 && <p className="hint team-labels__none">{t('messenger.team.labels.none')}</p>}
                {labels?.map((label) => {
                  const on = state.labelIds.includes(label.id)
                  const full = !on && state.labelIds.length >= L.labelsPerConversation
                  return (
                    <button key={label.id} type="button" className="team-menu__item team-labels__item" aria-pressed={on} disabled={full}
                      title={full ? t('messenger.team.labels.full') : undefined} onClick={() => void act(() => team.setLabel(conversationId, label.id, !on))}>
                      <span className="team-labels__check" aria-hidden="true">{on ? '✓' : ''}</span>
                      <LabelChip label={label} />
                    </button>
                  )
                })}
                {brandMay(membership.role, 'labels.manage') && (
                  <Link className="team-labels__manage" to={`/console/${membership.brand.handle}/labels`}>{t('messenger.team.labels.manage')}</Link>
                )}
              </div>
            )}
          </Menu>
        </div>
      )}
      <div className="team-bar__right">
        {triage ? (
          <Menu label={t('messenger.team.assignee', { name: assigneeName })} disabled={busy}
            face={assignee ? <Avatar account={assignee.account} size={22} /> : null} text={assigneeName}>
            {(close) => (
              <>
                {state.assigneeId !== meId && answerers.some((m) => m.account.id === meId) && (
                  <button type="button" className="team-menu__item" onClick={() => { close(); void act(() => team.assign(conversationId, meId)) }}>{t('messenger.team.take')}</button>
                )}
                {answerers.filter((m) => m.account.id !== state.assigneeId).map((m: TeamMember) => (
                  <button key={m.account.id} type="button" className="team-menu__item" onClick={() => { close(); void act(() => team.assign(conversationId, m.account.id)) }}>
                    <Avatar account={m.account} size={22} />
                    {m.account.id === meId ? t('messenger.team.you', { name: m.account.displayName }) : m.account.displayName}
                  </button>
                ))}
                {state.assigneeId !== null && (
                  <button type="button" className="team-menu__item" onClick={() => { close(); void act(() => team.assign(conversationId, null)) }}>{t('messenger.team.unassign')}</button>
                )}
              </>
            )}
          </Menu>
        ) : (
          <span className="team-assignee">{assignee && <Avatar account={assignee.account} size={22} />}{assigneeName}</span>
        )}
        <button type="button" className="team-button" disabled={busy}
          onClick={() => void act(async () => { await team.markUnread(conversationId); navigate(consoleInboxPath(membership.brand.handle)) })}>
          {t('messenger.team.markUnread')}
        </button>
        <button type="button" className="team-button" aria-expanded={customerOpen} aria-controls="customer-panel" onClick={onCustomer}>
          {t('messenger.team.customer')}
        </button>
      </div>
      {problem && <p className="form-error team-bar__problem" role="alert">{problem}</p>}
    </section>
  )
}

/** A button that opens a small list of choices; Escape or a click elsewhere closes it. */
function Menu({ label, text, face, disabled, children }: { label: string; text?: string; face?: ReactNode; disabled: boolean; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (!open) return
    const onDown = (event: PointerEvent) => { if (!root.current?.contains(event.target as Node)) setOpen(false) }
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') { setOpen(false); button.current?.focus() } }
    document.addEventListener('pointerdown', onDown)
    document.addEventListener('keydown', onKey)
    root.current?.querySelector<HTMLButtonElement>('.team-menu__item')?.focus()
    return () => { document.removeEventListener('pointerdown', onDown); document.removeEventListener('keydown', onKey) }
  }, [open])
  return (
    <div className="team-menu" ref={root}>
      <button ref={button} type="button" className="team-button" aria-expanded={open} disabled={disabled} onClick={() => setOpen((was) => !was)}>
        {text === undefined ? label : <><span className="visually-hidden">{label}</span><span className="team-button__face" aria-hidden="true">{face}{text}</span></>}
        <span aria-hidden="true" className="team-menu__caret">▾</span>
      </button>
      {open && <div className="team-menu__list">{children(() => setOpen(false))}</div>}
    </div>
  )
}

/** A line of the team's timeline among the messages: a private note, unmistakably so, or a change. */
export function TeamNoteRow({ note }: { note: Note }) {
  const { t, formatTime } = useI18n()
  const team = useTeam()
  const nameOf = useMemberName(team?.team ?? null)
  const line = activityLine(note)
  // A customer blocked or unblocked, removed from a public discussion, asking for a review, or a public post continued
  // here: the case handed to customer service, as a private note (with a link back to the public post).
  if (line && (line.key === 'blocked' || line.key === 'unblocked' || line.key === 'reviewRequested' || line.key === 'postReviewRequested'
    || line.key === 'discussionContinued' || line.key === 'participantRemoved' || line.key === 'participantReadded' || line.key === 'itemReviewRequested')) {
    let text = ''
    let link: string | null = null
    let linkText = t('messenger.team.activity.openPost')
    switch (line.key) {
      case 'blocked': text = line.approvedBy === null
        ? t('messenger.team.activity.blockedAlone', { requester: nameOf(line.requestedBy), reason: line.reason })
        : t('messenger.team.activity.blocked', { requester: nameOf(line.requestedBy), approver: nameOf(line.approvedBy), reason: line.reason }); break
      case 'unblocked': text = t('messenger.team.activity.unblocked', { who: nameOf(line.who), reason: line.reason }); break
      case 'reviewRequested': text = t('messenger.team.activity.reviewRequested', { text: line.text }); break
      case 'postReviewRequested':
        text = t('messenger.team.activity.postReviewRequested', { seq: String(line.seq), text: line.text })
        link = discussionPostPath(line.discussionId, line.seq, L.discussionPageSize); break
      case 'discussionContinued':
        text = t('messenger.team.activity.discussionContinued', { who: nameOf(line.who), seq: String(line.seq) })
        link = discussionPostPath(line.discussionId, line.seq, L.discussionPageSize); break
      case 'participantRemoved': text = line.approvedBy === null
        ? t('messenger.team.activity.participantRemovedAlone', { requester: nameOf(line.requestedBy), reason: line.reason })
        : t('messenger.team.activity.participantRemoved', { requester: nameOf(line.requestedBy), approver: nameOf(line.approvedBy), reason: line.reason })
        link = discussionPath(line.discussionId); linkText = t('messenger.team.activity.openDiscussion'); break
      case 'participantReadded':
        text = t('messenger.team.activity.participantReadded', { who: nameOf(line.who), reason: line.reason })
        link = discussionPath(line.discussionId); linkText = t('messenger.team.activity.openDiscussion'); break
      case 'itemReviewRequested':
        text = t('messenger.team.activity.itemReviewRequested', { text: line.text })
        link = `${collectionPagePath(line.collectionId)}#item-${line.itemId}`; linkText = t('messenger.team.activity.openCollection'); break
    }
    return (
      <article className="team-note team-note--moderation" aria-label={t('messenger.team.note.private')}>
        <p className="team-note__head">
          <span className="team-note__lock" aria-hidden="true">🔒</span>
          <span className="team-note__private">{t('messenger.team.note.private')}</span>
          <time dateTime={note.createdAt} title={formatTime(note.createdAt, 'full')}>{formatTime(note.createdAt)}</time>
        </p>
        <p className="team-note__text">{text}</p>
        {link && <p className="team-note__link"><a href={link} target="_blank" rel="noopener">{linkText}</a></p>}
      </article>
    )
  }
  if (line) {
    let text: string
    switch (line.key) {
      case 'assigned': text = t('messenger.team.activity.assigned', { who: nameOf(line.who), whom: nameOf(line.whom) }); break
      case 'took': text = t('messenger.team.activity.took', { who: nameOf(line.who) }); break
      case 'unassigned': text = t('messenger.team.activity.unassigned', { who: nameOf(line.who) }); break
      case 'answered': text = t('messenger.team.activity.answered', { whom: nameOf(line.whom) }); break
      case 'roundRobin': text = t('messenger.team.activity.roundRobin', { whom: nameOf(line.whom) }); break
      case 'status': text = t(`messenger.team.activity.${line.status}`, { who: nameOf(line.who) }); break
      case 'snoozed': text = line.until
        ? t('messenger.team.activity.snoozed', { who: nameOf(line.who), time: formatTime(line.until, 'full') })
        : t('messenger.team.activity.snoozedCustomer', { who: nameOf(line.who) }); break
      case 'reopenedCustomer': text = t('messenger.team.activity.reopenedCustomer'); break
      case 'reopenedSnooze': text = t('messenger.team.activity.reopenedSnooze'); break
      case 'rated': text = line.comment === null
        ? t('messenger.team.activity.rated', { rating: String(line.rating) })
        : t('messenger.team.activity.ratedComment', { rating: String(line.rating), comment: line.comment }); break
      case 'labelAdded': text = t('messenger.team.activity.labelAdded', { who: nameOf(line.who), label: line.label }); break
      case 'labelRemoved': text = t('messenger.team.activity.labelRemoved', { who: nameOf(line.who), label: line.label }); break
      default: text = ''
    }
    return (
      <p className="team-activity">
        <span className="team-activity__text">{text}</span>
        <time dateTime={note.createdAt} title={formatTime(note.createdAt, 'full')}>{formatTime(note.createdAt)}</time>
      </p>
    )
  }
  return (
    <article className="team-note" aria-label={t('messenger.team.note.by', { name: nameOf(note.authorId) })}>
      <p className="team-note__head">
        <span className="team-note__lock" aria-hidden="true">🔒</span>
        <span className="team-note__private">{t('messenger.team.note.private')}</span>
        <span className="team-note__who">{nameOf(note.authorId)}</span>
        <time dateTime={note.createdAt} title={formatTime(note.createdAt, 'full')}>{formatTime(note.createdAt)}</time>
      </p>
      <p className="team-note__text">{note.text}</p>
    </article>
  )
}

export interface NoteMode {
  /** Writing a private note rather than a reply. */
  on: boolean
  /** The Reply / Private note switch, or null when I may not write notes here. */
  element: ReactNode
  /** Saves the note; rejects with what to tell the agent. */
  send(text: string): Promise<void>
}

/** The composer's Reply / Private note switch, for members who may write notes as the brand. */
export function useNoteMode(conversationId: string): NoteMode {
  const { t } = useI18n()
  const team = useTeam()
  const [on, setOn] = useState(false)
  const may = team !== null && brandMay(team.membership.role, 'notes.write')
  const element = may ? (
    <div className="team-mode" role="group" aria-label={t('messenger.team.mode')}>
      <button type="button" className="team-mode__option" aria-pressed={!on} onClick={() => setOn(false)}>{t('messenger.team.mode.reply')}</button>
      <button type="button" className="team-mode__option team-mode__option--note" aria-pressed={on} onClick={() => setOn(true)}>
        <span aria-hidden="true">🔒 </span>{t('messenger.team.mode.note')}
      </button>
    </div>
  ) : null
  return {
    on: may && on,
    element,
    send: async (text) => { if (team) await team.team.addNote(conversationId, text) },
  }
}
