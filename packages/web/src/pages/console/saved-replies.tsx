import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { ParloirApiError, type ParloirClient } from '@parloir/client'
import {
  brandMay, compareSavedReplies, defaultLimits as L, type Account, type BrandMembership, type SavedReply, type SavedReplyScope,
} from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { errorMessage } from '../error-message.ts'
import { ConfirmButton, EditorFooter, LoadProblem, Panel, TextField, localMessage, refusalMessage, useBrandClient, useFormProblems } from './editor-parts.tsx'
import { placeProblems, problemsOf, sentenceAbove } from '../field-problems.ts'
import { draftFromReply, savedReplyInput, savedReplyProblems, shortcutFrom, type SavedReplyDraft } from './saved-replies-model.ts'
import { previewLine } from './welcome-model.ts'
import { CustomFieldsPanel } from './custom-fields.tsx'

const placeholders = '{{customer.name}}, {{agent.name}}, {{brand.name}}, {{custom.…}}'

/**
 * `/console/<brand>/replies`: the team's saved replies (owners and admins change them, everyone
 * reads them), the member's own (only they see them), and the brand's custom fields, whose values
 * the replies insert. The composer inserts them after `/`.
 */
export function SavedRepliesSection({ membership }: { membership: BrandMembership }) {
  const i18n = useI18n()
  const { t } = i18n
  const brand = membership.brand
  const client = useBrandClient(brand)
  const [replies, setReplies] = useState<SavedReply[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [status, setStatus] = useState('')

  const load = useCallback(async () => {
    try {
      setReplies((await client.call('listSavedReplies', { params: { brandId: brand.id }, query: {} })).savedReplies)
      setProblem(null)
    } catch (error) {
      setProblem(errorMessage(error, i18n))
    }
  }, [client, brand.id, i18n])
  useEffect(() => { void load() }, [load])

  const change = (next: SavedReply[], message: string) => {
    setReplies([...next].sort(compareSavedReplies))
    setStatus(message)
  }
  const listOf = (scope: SavedReplyScope) => (
    <ReplyList brand={brand} client={client} scope={scope} replies={replies ?? []} onChange={change}
      canEdit={brandMay(membership.role, scope === 'team' ? 'savedReplies.manage' : 'savedReplies.use')} />
  )

  return (
    <section className="console-section console-wide" aria-labelledby="console-replies-title">
      <h1 id="console-replies-title">{t('console.nav.replies')}</h1>
      <p className="muted">{t('console.replies.hint')}</p>
      <p className="console-status console-status-sticky" role="status">{status}</p>
      {problem && <LoadProblem problem={problem} onRetry={() => void load()} />}
      {!replies && !problem && <p className="muted">{t('common.loading')}</p>}
      {replies && (
        <>
          <Panel title={t('console.replies.team.title')} hint={t('console.replies.team.hint')}>{listOf('team')}</Panel>
          {brandMay(membership.role, 'savedReplies.use') && (
            <Panel title={t('console.replies.mine.title')} hint={t('console.replies.mine.hint', { brand: brand.displayName })}>{listOf('personal')}</Panel>
          )}
          <CustomFieldsPanel membership={membership} />
        </>
      )}
    </section>
  )
}

/** One scope's replies, each shown or edited in place, and the button that adds one. */
function ReplyList({ brand, client, scope, replies, canEdit, onChange }: {
  brand: Account; client: ParloirClient; scope: SavedReplyScope; replies: SavedReply[]; canEdit: boolean; onChange(replies: SavedReply[], status: string): void
}) {
  const i18n = useI18n()
  const { t } = i18n
  const [editing, setEditing] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const mine = replies.filter((r) => r.scope === scope)
  const fullKey = scope === 'team' ? 'console.replies.team.full' : 'console.replies.mine.full'
  const full = mine.length >= (scope === 'team' ? L.teamSavedRepliesPerBrand : L.personalSavedRepliesPerMember)
  const saved = (reply: SavedReply) => {
    setEditing(null)
    onChange([...replies.filter((r) => r.id !== reply.id), reply], t('console.replies.saved', { shortcut: reply.shortcut }))
  }

  async function remove(reply: SavedReply): Promise<boolean> {
    setProblem(null)
    try {
      await client.call('deleteSavedReply', { params: { brandId: brand.id, replyId: reply.id } })
      onChange(replies.filter((r) => r.id !== reply.id), t('console.replies.deleted', { shortcut: reply.shortcut }))
      return true
    } catch (error) {
      setProblem(refusalMessage(error, i18n, fullKey))
      return false
    }
  }

  return (
    <div className="console-replies">
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {mine.length === 0 && editing !== 'new' && (
        <p className="console-empty console-empty-small">{t(scope === 'team' ? 'console.replies.team.empty' : 'console.replies.mine.empty')}</p>
      )}
      {mine.length > 0 && (
        <ul className="console-cards" aria-label={t(scope === 'team' ? 'console.replies.team.title' : 'console.replies.mine.title')}>
          {mine.map((reply) => editing === reply.id
            ? <li key={reply.id} className="console-card"><ReplyEditor brand={brand} client={client} scope={scope} reply={reply} onSaved={saved} onCancel={() => setEditing(null)} /></li>
            : <ReplyCard key={reply.id} reply={reply} canEdit={canEdit} onEdit={() => setEditing(reply.id)} onDelete={() => remove(reply)} />)}
        </ul>
      )}
      {editing === 'new' && (
        <div className="console-card console-card-new">
          <ReplyEditor brand={brand} client={client} scope={scope} reply={null} onSaved={saved} onCancel={() => setEditing(null)} />
        </div>
      )}
      {canEdit && editing !== 'new' && (
        <div className="console-add-row">
          <button type="button" className="button-quiet" disabled={full} onClick={() => setEditing('new')}>
            {t(scope === 'team' ? 'console.replies.team.add' : 'console.replies.mine.add')}
          </button>
          {full && <span className="hint">{t(fullKey)}</span>}
        </div>
      )}
    </div>
  )
}

function ReplyCard({ reply, canEdit, onEdit, onDelete }: { reply: SavedReply; canEdit: boolean; onEdit(): void; onDelete(): Promise<boolean> }) {
  const { t } = useI18n()
  const id = useId()
  const shortcut = reply.shortcut
  return (
    <li className="console-card console-reply" aria-labelledby={`${id}-title`}>
      <div className="console-card-head">
        <span className="msg-chip console-chip console-reply-shortcut">/{shortcut}</span>
        <h3 id={`${id}-title`} className="console-card-title">{reply.title}</h3>
      </div>
      <p className="console-card-preview console-reply-text">{previewLine(reply.text, 200)}</p>
      {canEdit && (
        <div className="console-card-actions">
          <button type="button" className="button-quiet" onClick={onEdit} aria-label={t('console.replies.editWho', { shortcut })}>{t('console.edit')}</button>
          <ConfirmButton label={t('console.replies.deleteWho', { shortcut })} question={t('console.replies.confirmDelete', { shortcut })} confirm={t('console.delete')} onConfirm={onDelete} />
        </div>
      )}
    </li>
  )
}

function ReplyEditor({ brand, client, scope, reply, onSaved, onCancel }: {
  brand: Account; client: ParloirClient; scope: SavedReplyScope; reply: SavedReply | null; onSaved(reply: SavedReply): void; onCancel(): void
}) {
  const i18n = useI18n()
  const { t } = i18n
  const id = useId()
  const form = useRef<HTMLFormElement>(null)
  const [draft, setDraft] = useState<SavedReplyDraft>(() => draftFromReply(reply))
  const [busy, setBusy] = useState(false)
  const change = (patch: Partial<SavedReplyDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const check = useCallback((d: SavedReplyDraft) => savedReplyProblems(d).map((p) => ({ path: p.path, message: localMessage(t, p) })), [t])
  const { problems, general: problem, begin, fail } = useFormProblems(draft, check, form)
  const fullKey = scope === 'team' ? 'console.replies.team.full' : 'console.replies.mine.full'

  async function save(event: FormEvent) {
    event.preventDefault()
    if (busy || !begin()) return
    setBusy(true)
    try {
      const { shortcut, title, text } = savedReplyInput(draft, scope)
      const saved = reply
        ? await client.call('updateSavedReply', { params: { brandId: brand.id, replyId: reply.id }, body: { shortcut, title, text } })
        : await client.call('createSavedReply', { params: { brandId: brand.id }, body: { scope, shortcut, title, text } })
      onSaved(saved)
    } catch (error) {
      if (error instanceof ParloirApiError && error.code === 'SAVED_REPLY_SHORTCUT_TAKEN') {
        fail(new Map([['/shortcut', [t('console.replies.taken')]]]), t('console.problem.marked'))
        return
      }
      const placed = placeProblems(problemsOf(error, t), ['/shortcut', '/title', '/text'])
      fail(placed.byTarget, sentenceAbove(placed, t, refusalMessage(error, i18n, fullKey)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form ref={form} className="console-reply-editor" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="console-card-title">
        {t(reply ? 'console.replies.edit' : scope === 'team' ? 'console.replies.team.new' : 'console.replies.mine.new')}
      </h3>
      <div className="console-reply-fields">
        <TextField label={t('console.replies.shortcut')} hint={t('console.replies.shortcut.hint')} value={draft.shortcut} prefix="/"
          onChange={(shortcut) => change({ shortcut: shortcutFrom(shortcut) })} max={L.savedReplyShortcutChars} required autoComplete="off"
          messages={problems.get('/shortcut')} />
        <TextField label={t('console.replies.title')} value={draft.title} onChange={(title) => change({ title })} max={L.savedReplyTitleChars}
          required messages={problems.get('/title')} />
      </div>
      <TextField label={t('console.replies.text')} hint={t('console.replies.text.hint', { placeholders })} value={draft.text}
        onChange={(text) => change({ text })} max={L.messageTextChars} multiline rows={4} required messages={problems.get('/text')} />
      <EditorFooter problem={problem} busy={busy} saveLabel={t(reply ? 'console.save' : 'console.replies.create')} onCancel={onCancel} />
    </form>
  )
}
