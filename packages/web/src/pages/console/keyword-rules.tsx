import { useCallback, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { ParloirClient } from '@parloir/client'
import { defaultLimits as L, type Account, type KeywordRule } from '@parloir/protocol'
import { useI18n } from '../../i18n/i18n.tsx'
import { Icon } from '../messenger/icons.tsx'
import {
  ConfirmButton, EditorFooter, FieldMessages, QuickRepliesEditor, Switch, TextField, describedBy, localMessage, refusalMessage, useFormProblems,
} from './editor-parts.tsx'
import { codePoints, placeProblems, problemsOf, sentenceAbove } from '../field-problems.ts'
import {
  addKeywords, keywordInput, keywordProblems, optionsFromQuickReply, previewLine, type KeywordDraft,
} from './welcome-model.ts'

/**
 * Automatic replies to keywords: a list, each rule switched on or off in place, and an editor
 * (keywords as chips, the reply, optional quick replies) for a new rule or a chosen one.
 */
export function KeywordRules({ brand, client, rules, canEdit, onChange }: {
  brand: Account; client: ParloirClient; rules: KeywordRule[]; canEdit: boolean; onChange(rules: KeywordRule[], status: string): void
}) {
  const i18n = useI18n()
  const { t } = i18n
  const [editing, setEditing] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const full = rules.length >= L.keywordRulesPerBrand

  /** The switch moves at once; it moves back if the server refuses. */
  async function toggle(rule: KeywordRule, enabled: boolean) {
    setProblem(null)
    const before = rules
    onChange(rules.map((r) => (r.id === rule.id ? { ...r, enabled } : r)), '')
    try {
      const saved = await client.call('updateKeywordRule', { params: { brandId: brand.id, ruleId: rule.id }, body: { enabled } })
      onChange(before.map((r) => (r.id === saved.id ? saved : r)), t(enabled ? 'console.rules.on' : 'console.rules.off', { keywords: rule.keywords.join(', ') }))
    } catch (error) {
      onChange(before, '')
      setProblem(refusalMessage(error, i18n, 'console.rules.full'))
    }
  }

  async function remove(rule: KeywordRule): Promise<boolean> {
    setProblem(null)
    try {
      await client.call('deleteKeywordRule', { params: { brandId: brand.id, ruleId: rule.id } })
      onChange(rules.filter((r) => r.id !== rule.id), t('console.rules.deleted', { keywords: rule.keywords.join(', ') }))
      return true
    } catch (error) {
      setProblem(refusalMessage(error, i18n, 'console.rules.full'))
      return false
    }
  }

  return (
    <div className="console-rules">
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {rules.length === 0 && editing !== 'new' && <p className="console-empty console-empty-small">{t('console.rules.empty')}</p>}
      {rules.length > 0 && (
        <ul className="console-cards" aria-label={t('console.rules.title')}>
          {rules.map((rule) => editing === rule.id
            ? <li key={rule.id} className="console-card"><RuleEditor brand={brand} client={client} rule={rule} onCancel={() => setEditing(null)}
              onSaved={(saved) => { setEditing(null); onChange(rules.map((r) => (r.id === saved.id ? saved : r)), t('console.rules.saved')) }} /></li>
            : <RuleCard key={rule.id} rule={rule} canEdit={canEdit} onEdit={() => setEditing(rule.id)} onToggle={(on) => void toggle(rule, on)} onDelete={() => remove(rule)} />)}
        </ul>
      )}
      {editing === 'new' && (
        <div className="console-card console-card-new">
          <RuleEditor brand={brand} client={client} rule={null} onCancel={() => setEditing(null)}
            onSaved={(saved) => { setEditing(null); onChange([...rules, saved], t('console.rules.created')) }} />
        </div>
      )}
      {canEdit && editing !== 'new' && (
        <div className="console-add-row">
          <button type="button" className="button-quiet" disabled={full} onClick={() => setEditing('new')}>{t('console.rules.add')}</button>
          {full && <span className="hint">{t('console.rules.full')}</span>}
        </div>
      )}
    </div>
  )
}

function RuleCard({ rule, canEdit, onEdit, onToggle, onDelete }: {
  rule: KeywordRule; canEdit: boolean; onEdit(): void; onToggle(enabled: boolean): void; onDelete(): Promise<boolean>
}) {
  const { t } = useI18n()
  const id = useId()
  const keywords = rule.keywords.join(', ')
  return (
    <li className={`console-card console-rule${rule.enabled ? '' : ' console-rule-off'}`} aria-labelledby={`${id}-keywords`}>
      <div className="console-card-head">
        <h3 id={`${id}-keywords`} className="visually-hidden">{t('console.rules.ruleFor', { keywords })}</h3>
        <ul className="msg-chips console-rule-chips" aria-label={t('console.rules.keywords')}>
          {rule.keywords.map((k) => <li key={k} className="msg-chip console-chip">{k}</li>)}
        </ul>
        {!rule.enabled && <span className="console-badge console-badge-quiet">{t('console.rules.offBadge')}</span>}
      </div>
      <p className="console-card-preview"><span className="console-rule-arrow" aria-hidden="true">↳ </span>{previewLine(rule.replyText, 140)}</p>
      {rule.quickReply && <p className="hint">{t('console.welcome.count.quick', { count: rule.quickReply.options.length })}</p>}
      <div className="console-card-actions">
        <label className="console-check">
          <input type="checkbox" role="switch" className="settings-switch" checked={rule.enabled} disabled={!canEdit} onChange={(e) => onToggle(e.target.checked)} />
          <span>{t('console.rules.enabled')}<span className="visually-hidden"> ({keywords})</span></span>
        </label>
        {canEdit && (
          <>
            <button type="button" className="button-quiet" onClick={onEdit} aria-label={t('console.rules.editWho', { keywords })}>{t('console.edit')}</button>
            <ConfirmButton label={t('console.rules.deleteWho', { keywords })} question={t('console.rules.confirmDelete', { keywords })} confirm={t('console.delete')} onConfirm={onDelete} />
          </>
        )}
      </div>
    </li>
  )
}

function RuleEditor({ brand, client, rule, onSaved, onCancel }: {
  brand: Account; client: ParloirClient; rule: KeywordRule | null; onSaved(rule: KeywordRule): void; onCancel(): void
}) {
  const i18n = useI18n()
  const { t } = i18n
  const id = useId()
  const form = useRef<HTMLFormElement>(null)
  const [draft, setDraft] = useState<KeywordDraft>(() => ({
    keywords: rule?.keywords ?? [], replyText: rule?.replyText ?? '', options: optionsFromQuickReply(rule?.quickReply ?? null), enabled: rule?.enabled ?? true,
  }))
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const change = (patch: Partial<KeywordDraft>) => setDraft((d) => ({ ...d, ...patch }))
  // A keyword's own problem shows at the keyword box, naming the keyword.
  const check = useCallback((d: KeywordDraft) => keywordProblems(d).map((p) => {
    const keyword = /^\/keywords\/([0-9]+)$/.exec(p.path)
    return keyword ? { path: '/keywords', message: `${d.keywords[Number(keyword[1])] ?? ''}: ${localMessage(t, p)}` } : { path: p.path, message: localMessage(t, p) }
  }), [t])
  const { problems, general: problem, begin, fail } = useFormProblems(draft, check, form)

  function addTyped(): string[] {
    const next = addKeywords(draft.keywords, typed)
    if (next.length !== draft.keywords.length || typed.trim() === '') {
      change({ keywords: next })
      setTyped('')
    }
    return next
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if ((event.key === 'Enter' || event.key === ',') && !event.nativeEvent.isComposing) {
      event.preventDefault()
      addTyped()
    } else if (event.key === 'Backspace' && typed === '' && draft.keywords.length > 0) {
      change({ keywords: draft.keywords.slice(0, -1) })
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    // What is still in the box counts as typed keywords.
    const keywords = typed.trim() !== '' ? addTyped() : draft.keywords
    const next = { ...draft, keywords }
    if (!begin(next)) return
    setBusy(true)
    try {
      const body = keywordInput(next)
      const saved = rule
        ? await client.call('updateKeywordRule', { params: { brandId: brand.id, ruleId: rule.id }, body })
        : await client.call('createKeywordRule', { params: { brandId: brand.id }, body })
      onSaved(saved)
    } catch (error) {
      const targets = ['/keywords', '/replyText', '/quickReply/options', ...next.options.flatMap((_, i) => [
        `/quickReply/options/${i}`, `/quickReply/options/${i}/label`, `/quickReply/options/${i}/description`, `/quickReply/options/${i}/metadata`,
      ])]
      const placed = placeProblems(problemsOf(error, t), targets)
      fail(placed.byTarget, sentenceAbove(placed, t, refusalMessage(error, i18n, 'console.rules.full')))
    } finally {
      setBusy(false)
    }
  }

  const keywordErrors = problems.get('/keywords')
  const tooLong = codePoints(typed.trim()) > L.keywordChars
  const full = draft.keywords.length >= L.keywordsPerRule
  return (
    <form ref={form} className="console-rule-editor" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="console-card-title">{rule ? t('console.rules.editTitle') : t('console.rules.newTitle')}</h3>
      <div className="field console-field">
        <div className="console-field-top">
          <label htmlFor={`${id}-keyword`}>{t('console.rules.keywords')}</label>
          <span className={`console-counter${draft.keywords.length > L.keywordsPerRule ? ' console-counter-over' : ''}`}>
            {t('console.counter', { count: draft.keywords.length, max: L.keywordsPerRule })}
          </span>
        </div>
        {draft.keywords.length > 0 && (
          <ul className="msg-chips console-rule-chips" aria-label={t('console.rules.chosen')}>
            {draft.keywords.map((keyword) => (
              <li key={keyword} className={`msg-chip console-chip${codePoints(keyword) > L.keywordChars ? ' console-chip-invalid' : ''}`}>
                <span>{keyword}</span>
                <button type="button" className="msg-chip__remove" aria-label={t('console.rules.removeKeyword', { keyword })}
                  onClick={() => change({ keywords: draft.keywords.filter((k) => k !== keyword) })}><Icon name="close" size={14} /></button>
              </li>
            ))}
          </ul>
        )}
        <div className="console-keyword-input">
          <input id={`${id}-keyword`} value={typed} onChange={(e) => setTyped(e.target.value)} onKeyDown={onKeyDown} disabled={full && typed === ''}
            aria-invalid={keywordErrors || tooLong ? true : undefined} aria-describedby={describedBy(`${id}-keyword-hint`, keywordErrors && `${id}-keyword-error`)}
            autoComplete="off" />
          <button type="button" className="button-quiet" onClick={() => addTyped()} disabled={typed.trim() === ''}>{t('console.rules.addKeyword')}</button>
        </div>
        <p id={`${id}-keyword-hint`} className="hint">{t('console.rules.keywords.hint', { max: L.keywordsPerRule, chars: L.keywordChars })}</p>
        <FieldMessages id={`${id}-keyword-error`} messages={keywordErrors} />
      </div>
      <TextField label={t('console.rules.reply')} value={draft.replyText} onChange={(replyText) => change({ replyText })} max={L.messageTextChars}
        multiline rows={3} required messages={problems.get('/replyText')} />
      <QuickRepliesEditor options={draft.options} onChange={(options) => change({ options })} problems={problems} />
      <Switch label={t('console.rules.enabled')} hint={t('console.rules.enabled.hint')} checked={draft.enabled} onChange={(enabled) => change({ enabled })} />
      <EditorFooter problem={problem} busy={busy} saveLabel={t(rule ? 'console.save' : 'console.rules.create')} onCancel={onCancel} />
    </form>
  )
}
