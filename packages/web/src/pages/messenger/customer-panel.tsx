import { useEffect, useRef, useState } from 'react'
import { brandMay, type InboxCustomer } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { Link } from '../../router.tsx'
import { Avatar } from './avatar.tsx'
import { CustomerFields } from './customer-fields.tsx'
import { Icon } from './icons.tsx'
import { useTeam, useTeamLabels } from './team-bar.tsx'
import { LabelChips } from './label-chips.tsx'
import { labelsOn } from './labels-model.ts'
import { useTeamSelect } from './team-store.ts'
import { useErrorText } from './use-store.ts'

/** The panel is beside the conversation from this width; below, it is a drawer over it. */
export const CUSTOMER_PANEL_BESIDE = '(min-width: 1100px)'

/**
 * Who the customer is, beside a conversation answered as a brand (for its team only): their
 * account, email if a visitor left one, where they came from, when they first wrote, the brand's
 * groups they are in, the team's notes, whether the brand blocks them, and the brand's custom
 * fields of them. Asked each time it opens, and again when a note is written.
 */
export function CustomerPanel({ conversationId, drawer, onClose }: { conversationId: string; drawer: boolean; onClose(): void }) {
  const { t, formatTime } = useI18n()
  const describe = useErrorText()
  const team = useTeam()
  const noteCount = useTeamSelect(team?.team ?? null, (s) => s.notes.get(conversationId)?.notes.filter((n) => n.kind === 'note').length ?? 0, 0)
  const [customer, setCustomer] = useState<{ conversationId: string; value: InboxCustomer } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const closeRef = useRef<HTMLButtonElement>(null)
  const store = team?.team ?? null
  const labels = useTeamLabels(store)
  // The conversation's labels as the team bar shows them (live from inbox.updated), else as the panel was told.
  const labelIds = useTeamSelect(store, (s) => s.items.get(conversationId)?.state.labelIds, undefined)

  useEffect(() => {
    if (!store) return
    let stale = false
    store.customer(conversationId).then(
      (value) => { if (!stale) { setCustomer({ conversationId, value }); setProblem(null) } },
      (error: unknown) => { if (!stale) setProblem(describe(error)) },
    )
    return () => { stale = true }
  }, [store, conversationId, noteCount, describe])

  // A drawer takes the focus, and Escape closes it.
  useEffect(() => {
    if (!drawer) return
    closeRef.current?.focus()
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') onClose() }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [drawer, onClose])

  if (!team) return null
  const c = customer?.conversationId === conversationId ? customer.value : null
  const brand = team.membership.brand
  return (
    <>
      {drawer && <div className="customer-panel__backdrop" aria-hidden="true" onClick={onClose} />}
      <aside id="customer-panel" className={`customer-panel${drawer ? ' customer-panel--drawer' : ''}`} aria-label={t('messenger.team.customer')}
        role={drawer ? 'dialog' : undefined} aria-modal={drawer ? true : undefined}>
        <header className="customer-panel__head">
          <h2 className="customer-panel__title">{t('messenger.team.customer')}</h2>
          <button ref={closeRef} type="button" className="msg-icon-button" aria-label={t('messenger.team.customer.close')} onClick={onClose}><Icon name="close" size={18} /></button>
        </header>
        {problem && <p className="form-error" role="alert">{t('common.error', { message: problem })}</p>}
        {!c && !problem && <p className="muted" role="status">{t('common.loading')}</p>}
        {c && (
          <>
            {c.account ? (
              <div className="customer-panel__who">
                <Avatar account={c.account} size={48} />
                <div>
                  <p className="customer-panel__name">{c.account.displayName}</p>
                  <p className="hint customer-panel__handle">
                    {c.account.kind === 'visitor' ? t('messenger.team.customer.kind.visitor') : `@${c.account.handle} · ${t(`messenger.team.customer.kind.${c.customerKind}`)}`}
                  </p>
                </div>
              </div>
            ) : <p className="hint">{t('messenger.team.customer.group')}</p>}
            <dl className="customer-panel__facts">
              {c.account?.kind === 'visitor' && (
                <><dt>{t('messenger.team.customer.email')}</dt><dd>{c.email ?? <span className="hint">{t('messenger.team.customer.noEmail')}</span>}</dd></>
              )}
              <dt>{t('messenger.team.customer.source')}</dt>
              <dd data-field="source">{c.source ? <code>{c.source}</code> : <span className="hint">{t('messenger.team.customer.noSource')}</span>}</dd>
              <dt>{t('messenger.team.customer.firstWrote')}</dt>
              <dd>{c.firstWroteAt ? <time dateTime={c.firstWroteAt}>{formatTime(c.firstWroteAt, 'full')}</time> : <span className="hint">{t('messenger.team.customer.notYet')}</span>}</dd>
              {c.account && (
                <>
                  <dt>{t('messenger.team.customer.groups')}</dt>
                  <dd>
                    {c.groups.length === 0 ? <span className="hint">{t('messenger.team.customer.noGroups')}</span> : (
                      <ul className="customer-panel__groups">
                        {c.groups.map((g) => (
                          <li key={g.conversationId}>
                            <Link to={`/c/${g.conversationId}?as=${encodeURIComponent(brand.id)}`}>{g.name ?? t('messenger.team.customer.kind.group')}</Link>
                            {' '}<span className={`team-status team-status--${g.status}`}>{t(`messenger.team.status.${g.status}`)}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </dd>
                </>
              )}
              <dt>{t('messenger.team.customer.labels')}</dt>
              <dd data-field="labels">
                {labelsOn(labelIds ?? c.labelIds, labels).length === 0
                  ? <span className="hint">{t('messenger.team.customer.noLabels')}</span>
                  : <LabelChips labels={labelsOn(labelIds ?? c.labelIds, labels)} />}
              </dd>
              <dt>{t('messenger.team.customer.notes')}</dt>
              <dd>{t('messenger.team.customer.noteCount', { count: c.noteCount })}</dd>
              {c.account && (
                <><dt>{t('messenger.team.customer.blocked')}</dt><dd>{t(c.blocked ? 'messenger.team.customer.isBlocked' : 'messenger.team.customer.notBlocked')}</dd></>
              )}
            </dl>
            {c.account && store && (
              <CustomerFields team={store} conversationId={conversationId} customerId={c.account.id} canWrite={brandMay(team.membership.role, 'customFields.write')} />
            )}
          </>
        )}
      </aside>
    </>
  )
}
