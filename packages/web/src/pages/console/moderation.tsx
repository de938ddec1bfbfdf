import { useCallback, useEffect, useId, useState } from 'react'
import { brandMay, type Account, type Approval, type AuditEntry, type BrandMembership, type ModerationSettings } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import type { MessageKey } from '../../i18n/text.ts'
import { useSession } from '../../session.tsx'
import { errorMessage } from '../error-message.ts'
import { LoadProblem, Panel, Switch, useBrandClient } from './editor-parts.tsx'
import { auditActions, accountLabel, accountsById, type AccountsById } from './moderation-model.ts'
import { ReasonAction } from '../messenger/reason-action.tsx'

/**
 * `/console/<brand>/moderation`: what waits for a second member (approve, or decline with a
 * reason; one's own request can only be withdrawn), the customers the brand blocks (unblock with a
 * reason), the audit log (by action, by person, a page at a time), and the second-approval setting
 * (owners and admins). The server judges every action; this page hides what the role may not do.
 */
export function ModerationSection({ membership }: { membership: BrandMembership }) {
  const i18n = useI18n()
  const { t } = i18n
  const { client, me } = useSession()
  const brand = membership.brand
  const brandClient = useBrandClient(brand)
  const role = membership.role
  const [pending, setPending] = useState<{ approvals: Approval[]; accounts: AccountsById } | null>(null)
  const [blocked, setBlocked] = useState<Account[] | null>(null)
  const [settings, setSettings] = useState<ModerationSettings | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const [logVersion, setLogVersion] = useState(0)

  const load = useCallback(async () => {
    setProblem(null)
    try {
      const [approvals, blocks, current] = await Promise.all([
        client.call('listApprovals', { params: { brandId: brand.id }, query: { status: 'pending' } }),
        brandClient.call('listBlocks'),
        client.call('getModerationSettings', { params: { brandId: brand.id } }),
      ])
      setPending({ approvals: approvals.approvals, accounts: accountsById(approvals.accounts) })
      setBlocked(blocks.accounts)
      setSettings(current)
      setLogVersion((v) => v + 1)
    } catch {
      setProblem(t('console.moderation.pending.loadFailed'))
    }
  }, [client, brandClient, brand.id, t])
  useEffect(() => { void load() }, [load])

  const done = async (message: string) => { setStatus(message); await load() }
  const name = (id: string | null) => accountLabel(pending?.accounts, id, t('console.moderation.audit.parloir'))

  return (
    <section className="console-section console-wide moderation" aria-labelledby="console-moderation-title">
      <h1 id="console-moderation-title">{t('console.nav.moderation')}</h1>
      <p className="muted">{t('console.moderation.hint')}</p>
      <p className="console-status console-status-sticky" role="status">{status}</p>
      {problem && <LoadProblem problem={problem} onRetry={() => void load()} />}
      {!pending && !problem && <p className="muted">{t('common.loading')}</p>}
      {pending && (
        <Panel title={t('console.moderation.pending')}>
          {pending.approvals.length === 0
            ? <p className="console-empty console-empty-small">{t('console.moderation.pending.empty')}</p>
            : (
              <ul className="moderation-requests">
                {pending.approvals.map((approval) => (
                  <ApprovalCard key={approval.id} approval={approval} mine={approval.requestedBy === me?.account.id}
                    mayDecide={brandMay(role, 'moderation.approve')} mayWithdrawAny={brandMay(role, 'moderation.manage')}
                    requester={name(approval.requestedBy)} person={name(approval.personId)}
                    onApprove={async () => {
                      await client.call('approveRequest', { params: { brandId: brand.id, approvalId: approval.id } })
                      await done(t(approval.kind === 'discussion.participant.remove' ? 'console.moderation.approvedRemove' : 'console.moderation.approved', { person: name(approval.personId) }))
                    }}
                    onDecline={async (reason) => {
                      await client.call('declineRequest', { params: { brandId: brand.id, approvalId: approval.id }, body: { reason } })
                      await done(t('console.moderation.declined'))
                    }}
                    onWithdraw={async () => {
                      await client.call('cancelRequest', { params: { brandId: brand.id, approvalId: approval.id } })
                      await done(t('console.moderation.cancelled'))
                    }} />
                ))}
              </ul>
            )}
        </Panel>
      )}
      {blocked && (
        <Panel title={t('console.moderation.blocked')}>
          {blocked.length === 0
            ? <p className="console-empty console-empty-small">{t('console.moderation.blocked.empty')}</p>
            : (
              <ul className="moderation-blocked">
                {blocked.map((account) => (
                  <li key={account.id} className="moderation-blocked__row">
                    <span className="moderation-blocked__name">{account.displayName}{account.handle && <span className="hint"> @{account.handle}</span>}</span>
                    {brandMay(role, 'safety.block') && (
                      <ReasonAction label={t('console.moderation.unblock')} submit={t('console.moderation.unblock.submit')}
                        prompt={t('console.moderation.unblock.reason', { name: account.displayName })}
                        onSubmit={async (reason) => {
                          await client.call('unblockCustomer', { params: { brandId: brand.id }, body: { accountId: account.id, reason } })
                          await done(t('console.moderation.unblocked', { name: account.displayName }))
                        }} />
                    )}
                  </li>
                ))}
              </ul>
            )}
        </Panel>
      )}
      <AuditLog brandId={brand.id} version={logVersion} />
      {settings && (
        <Panel title={t('console.moderation.settings')}>
          <Switch label={t('console.moderation.settings.secondApproval')} hint={t('console.moderation.settings.secondApproval.hint')}
            checked={settings.secondApproval} disabled={!brandMay(role, 'moderation.manage')}
            onChange={(on) => {
              client.call('updateModerationSettings', { params: { brandId: brand.id }, body: { secondApproval: on } })
                .then((saved) => { setSettings(saved); setStatus(t('console.moderation.settings.saved')); setLogVersion((v) => v + 1) },
                  (error: unknown) => setStatus(errorMessage(error, i18n)))
            }} />
          {!brandMay(role, 'moderation.manage') && <p className="hint">{t('console.moderation.settings.readOnly')}</p>}
        </Panel>
      )}
    </section>
  )
}

function ApprovalCard({ approval, mine, mayDecide, mayWithdrawAny, requester, person, onApprove, onDecline, onWithdraw }: {
  approval: Approval; mine: boolean; mayDecide: boolean; mayWithdrawAny: boolean; requester: string; person: string
  onApprove(): Promise<void>; onDecline(reason: string): Promise<void>; onWithdraw(): Promise<void>
}) {
  const i18n = useI18n()
  const { t, formatTime } = i18n
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const act = (fn: () => Promise<void>) => {
    setBusy(true)
    setProblem(null)
    fn().catch((error: unknown) => { setProblem(errorMessage(error, i18n)); setBusy(false) })
  }
  return (
    <li className="moderation-request" data-approval-id={approval.id}>
      <p className="moderation-request__what">{t(approval.kind === 'discussion.participant.remove' ? 'console.moderation.request.discussion.participant.remove' : 'console.moderation.request.block', { requester, person })}</p>
      <p className="moderation-request__reason">{t('console.moderation.request.reason', { reason: approval.reason })}</p>
      <p className="hint">
        <time dateTime={approval.requestedAt}>{formatTime(approval.requestedAt, 'full')}</time>
        {' · '}{t('console.moderation.request.expires', { time: formatTime(approval.expiresAt, 'full') })}
      </p>
      {mine && <p className="hint">{t('console.moderation.request.yours')}</p>}
      <div className="moderation-request__actions">
        {!mine && mayDecide && (
          <>
            <button type="button" className="button-danger" disabled={busy} onClick={() => act(onApprove)}>{t(approval.kind === 'discussion.participant.remove' ? 'console.moderation.approveRemove' : 'console.moderation.approve')}</button>
            <ReasonAction label={t('console.moderation.decline')} submit={t('console.moderation.decline.submit')} prompt={t('console.moderation.decline.reason')} onSubmit={onDecline} />
          </>
        )}
        {(mine || mayWithdrawAny) && <button type="button" className="button-quiet" disabled={busy} onClick={() => act(onWithdraw)}>{t('console.moderation.cancel')}</button>}
      </div>
      {problem && <p className="form-error" role="alert">{problem}</p>}
    </li>
  )
}

/** The audit log, newest first: filtered by action or person, a page at a time. */
function AuditLog({ brandId, version }: { brandId: string; version: number }) {
  const i18n = useI18n()
  const { t, formatTime } = i18n
  const { client } = useSession()
  const [action, setAction] = useState('')
  const [personId, setPersonId] = useState('')
  const [entries, setEntries] = useState<AuditEntry[] | null>(null)
  const [accounts, setAccounts] = useState<AccountsById>(new Map())
  const [people, setPeople] = useState<AccountsById>(new Map())
  const [next, setNext] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const actionId = useId()
  const personFieldId = useId()

  const page = useCallback(async (before: string | null) => {
    setProblem(null)
    try {
      const answer = await client.call('listAuditLog', {
        params: { brandId }, query: { ...(action ? { action } : {}), ...(personId ? { personId } : {}), ...(before ? { before } : {}), limit: 50 },
      })
      setEntries((shown) => (before ? [...(shown ?? []), ...answer.entries] : answer.entries))
      setAccounts((known) => new Map([...(before ? known : []), ...accountsById(answer.accounts)]))
      // The people the log names so far, to filter by: kept across filters.
      setPeople((known) => new Map([...known, ...[...accountsById(answer.accounts)].filter(([id]) => answer.entries.some((e) => e.personId === id))]))
      setNext(answer.nextCursor)
    } catch {
      setProblem(t('console.moderation.audit.loadFailed'))
    }
  }, [client, brandId, action, personId, t])
  useEffect(() => { void page(null) }, [page, version])

  const what = (entry: AuditEntry) => {
    const key = `console.moderation.action.${entry.action}`
    return (auditActions as readonly string[]).includes(entry.action) ? t(key as MessageKey) : entry.action
  }
  const who = (id: string | null) => accountLabel(accounts, id, t('console.moderation.audit.parloir'))
  return (
    <Panel title={t('console.moderation.audit')}>
      <div className="moderation-filters">
        <div className="field">
          <label htmlFor={actionId}>{t('console.moderation.audit.filter.action')}</label>
          <select id={actionId} value={action} onChange={(event) => setAction(event.target.value)}>
            <option value="">{t('console.moderation.audit.filter.any')}</option>
            {auditActions.map((a) => <option key={a} value={a}>{t(`console.moderation.action.${a}` as MessageKey)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={personFieldId}>{t('console.moderation.audit.filter.person')}</label>
          <select id={personFieldId} value={personId} onChange={(event) => setPersonId(event.target.value)}>
            <option value="">{t('console.moderation.audit.filter.anyone')}</option>
            {[...people.values()].map((p) => <option key={p.id} value={p.id}>{accountLabel(people, p.id, '')}</option>)}
          </select>
        </div>
      </div>
      {problem && <LoadProblem problem={problem} onRetry={() => void page(null)} />}
      {entries && entries.length === 0 && <p className="console-empty console-empty-small">{t('console.moderation.audit.empty')}</p>}
      {entries && entries.length > 0 && (
        <ol className="moderation-log" aria-label={t('console.moderation.audit')}>
          {entries.map((entry) => (
            <li key={entry.id} className="moderation-log__entry" data-action={entry.action}>
              <p className="moderation-log__head">
                <span className="moderation-log__what">{what(entry)}</span>
                {entry.personId && <span className="moderation-log__whom">{who(entry.personId)}</span>}
                {entry.reversedBy && <span className="moderation-log__tag">{t('console.moderation.audit.undone')}</span>}
              </p>
              {entry.reason && <p className="moderation-log__reason">{t('console.moderation.request.reason', { reason: entry.reason })}</p>}
              <p className="hint">
                {who(entry.actorId)}{' · '}<time dateTime={entry.at}>{formatTime(entry.at, 'full')}</time>
                {entry.reverses && <>{' · '}{t('console.moderation.audit.undoes')}</>}
              </p>
            </li>
          ))}
        </ol>
      )}
      {next && <button type="button" className="button-quiet" onClick={() => void page(next)}>{t('console.moderation.audit.more')}</button>}
    </Panel>
  )
}
